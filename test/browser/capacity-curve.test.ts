/**
 * The capacity widget in real Chromium, on every built page that has one (and the site must have one):
 * it runs in the engine worker when scrolled into view, draws the points, the AGS curve and the α_c line,
 * and every point equals the engine's experiment computed in Node for the same seeds; the progress bar
 * advances, Cancel stops a long run and says so; the controls work by keyboard; bad state is refused.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { runCapacity, type CapacityPoint } from '../../engine/attractors/capacity.ts';
import { capacitySummary, jobFor, type CapacityState } from '../../widgets/capacity-curve/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['capacity-curve'];

const all = widgetInstances<{ state: CapacityState }>('capacity-curve');
const pages = [...new Set(all.map((w) => w.path))];

interface CapacityElement extends HTMLElement {
  getState(): CapacityState;
  setState(input: unknown): string[];
  getPoints(): CapacityPoint[];
}

const stateOf = (page: Page, id: string): Promise<CapacityState> => page.$eval(`#${id}`, (el) => (el as CapacityElement).getState());
const pointsOf = (page: Page, id: string): Promise<CapacityPoint[]> => page.$eval(`#${id}`, (el) => (el as CapacityElement).getPoints());
const statusOf = async (page: Page, id: string): Promise<string | null> => page.locator(`#${id}`).getAttribute('data-status');

async function waitForStatus(page: Page, id: string, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(([sel, s]) => document.querySelector(sel!)?.getAttribute('data-status') === s, [`#${id}`, status] as const, { timeout });
}

/** Node's points for the state: the engine experiment, one load at a time as the widget asks for it. */
const nodePoints = (state: CapacityState): CapacityPoint[] => state.loads.map((load) => runCapacity(jobFor(state, load)).points[0]!);

/** Waits until the widget shows exactly `expected` (the engine's points computed in Node). */
async function waitForPoints(page: Page, id: string, expected: CapacityPoint[]): Promise<void> {
  await page.waitForFunction(
    ([sel, json]) => JSON.stringify((document.querySelector(sel!) as unknown as { getPoints(): unknown }).getPoints()) === json,
    [`#${id}`, JSON.stringify(expected)] as const,
    { timeout: 60_000 },
  );
}

/** Resolves after the frame the widget redraws in. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

test('the site has capacity curves to test', () => {
  expect(all.length).toBeGreaterThan(0);
});

describe.each(pages)('capacity curves on %s', (path) => {
  test('each runs when scrolled into view, draws, and every point equals the engine in Node', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of all.filter((x) => x.path === path)) {
      const widget = page.locator(`#${w.id}`);
      await widget.scrollIntoViewIfNeeded();
      await waitForStatus(page, w.id, 'done');
      await settle(page);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const state = await stateOf(page, w.id);
      expect(state).toEqual(w.config.state);
      const points = await pointsOf(page, w.id);
      expect(points).toEqual(nodePoints(state));
      expect(await widget.locator('circle.capacity-point').count()).toBe(state.loads.length);
      expect(await widget.locator('path.error-bar').count()).toBe(state.loads.length);
      expect(Number(await widget.locator(`circle.capacity-point[data-load="${state.loads[0]}"]`).getAttribute('data-mean'))).toBe(points[0]!.mean);
      expect((await widget.locator('.series-theory path').getAttribute('d'))?.length).toBeGreaterThan(50);
      expect(await widget.locator('.vlevel-alpha-c line').count()).toBe(1);
      expect(Number(await widget.getAttribute('data-progress'))).toBe(1);
      expect(await widget.locator('[data-role="summary"]').textContent()).toBe(capacitySummary(state, points, 'done'));
      expect(await widget.locator('output[data-readout="alpha-c"]').textContent()).toBe('0.1379');
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('one capacity curve in detail', () => {
  const first = all[0];
  test.skipIf(!first)('the progress bar advances, and Cancel stops a long run and says so', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    const widget = page.locator(`#${id}`);
    await widget.scrollIntoViewIfNeeded();
    await waitForStatus(page, id, 'done');
    // A long run: N = 2000, 10 synchronous networks per load near capacity (several seconds in all).
    const long = { n: 2000, seeds: 10, mode: 'sync', cueFlip: 0.1, loads: [0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.2], seed: 1 };
    expect(await page.$eval(`#${id}`, (el, s) => (el as CapacityElement).setState(s), long)).toEqual([]);
    expect(await statusOf(page, id)).toBe('running');
    expect(await widget.locator('[data-action="cancel"]').isEnabled()).toBe(true);
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-progress')) > 0, `#${id}`);
    const early = Number(await widget.getAttribute('data-progress'));
    await page.waitForFunction(([sel, p]) => Number(document.querySelector(sel!)?.getAttribute('data-progress')) > Number(p), [`#${id}`, String(early)] as const);
    const later = Number(await widget.getAttribute('data-progress'));
    expect(later).toBeGreaterThan(early);
    expect(later).toBeLessThan(1);
    expect(Number(await widget.locator('progress').evaluate((el) => (el as HTMLProgressElement).value))).toBeGreaterThan(0);
    await widget.locator('[data-action="cancel"]').click();
    expect(await statusOf(page, id)).toBe('cancelled');
    const message = widget.locator('[data-role="message"]');
    expect(await message.isVisible()).toBe(true);
    expect(await message.textContent()).toMatch(/^Cancelled after \d of 7 loads\./);
    expect(await widget.locator('[data-action="cancel"]').isDisabled()).toBe(true);
    const kept = (await pointsOf(page, id)).length;
    expect(kept).toBeLessThan(7);
    // Nothing more arrives after a cancel.
    await page.waitForTimeout(1500);
    expect(await statusOf(page, id)).toBe('cancelled');
    expect((await pointsOf(page, id)).length).toBe(kept);
    await settle(page);
    expect(await widget.locator('[data-role="summary"]').textContent()).toContain('before the run was cancelled');
    // The points that did arrive are the engine's.
    const state = await stateOf(page, id);
    const points = await pointsOf(page, id);
    points.forEach((p, k) => expect(p).toEqual(runCapacity(jobFor(state, state.loads[k]!)).points[0]));
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test.skipIf(!first)('the controls work by keyboard, and the new run equals the engine', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    const widget = page.locator(`#${id}`);
    await widget.scrollIntoViewIfNeeded();
    await waitForStatus(page, id, 'done');
    const small = { n: 200, seeds: 3, mode: 'async', cueFlip: 0.1, loads: [0.05, 0.14, 0.25], seed: 1 };
    expect(await page.$eval(`#${id}`, (el, s) => (el as CapacityElement).setState(s), small)).toEqual([]);
    await waitForStatus(page, id, 'done');

    // N slider: Tab-reachable range input, ArrowRight adds one step (10 neurons).
    await widget.locator('.control[data-key="n"] input[type="range"]').focus();
    await page.keyboard.press('ArrowRight');
    expect((await stateOf(page, id)).n).toBe(210);
    expect(await widget.locator('.control[data-key="n"] input[type="number"]').inputValue()).toBe('210');
    // The cue slider in percent.
    await widget.locator('.control[data-key="cueFlip"] input[type="range"]').focus();
    await page.keyboard.press('ArrowRight');
    expect((await stateOf(page, id)).cueFlip).toBe(0.11);
    // The update rule by arrow keys in the radio group.
    await widget.locator('input[data-role="mode"][value="async"]').focus();
    await page.keyboard.press('ArrowDown');
    expect((await stateOf(page, id)).mode).toBe('sync');
    // A new run starts after a short pause and gives the engine's points for the new setting. The run is
    // short enough to pass from 'running' to 'done' within one frame, so wait for its points, not its status.
    const state = await stateOf(page, id);
    expect(state).toMatchObject({ n: 210, cueFlip: 0.11, mode: 'sync' });
    const expected = nodePoints(state);
    await waitForPoints(page, id, expected);
    expect(await statusOf(page, id)).toBe('done');

    // Run and Cancel are buttons reachable by keyboard: Enter on Run starts again (the run counter moves).
    const before = Number(await widget.getAttribute('data-runs'));
    await widget.locator('[data-action="run"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel!)?.getAttribute('data-runs')) > Number(n), [`#${id}`, String(before)] as const);
    await waitForStatus(page, id, 'done');
    expect(await pointsOf(page, id)).toEqual(expected);

    // Reset returns to the lesson's setup.
    await widget.locator('[data-action="reset"]').focus();
    await page.keyboard.press('Enter');
    await waitForStatus(page, id, 'done');
    expect(await stateOf(page, id)).toEqual(first!.config.state);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test.skipIf(!first)('bad state is refused in words and changes nothing', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await waitForStatus(page, id, 'done');
    const before = await stateOf(page, id);
    const refused = await page.$eval(`#${id}`, (el) => (el as CapacityElement).setState({ n: 1e7, seeds: 0, mode: 'x', cueFlip: 0.1, loads: [0.1], seed: 1 }));
    expect(refused.join(' ')).toMatch(/n = 10000000 is outside the allowed range/);
    expect(refused.join(' ')).toMatch(/mode must be "sync" or "async"/);
    expect(await stateOf(page, id)).toEqual(before);
    expect(await statusOf(page, id)).toBe('done');
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
