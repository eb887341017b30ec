/**
 * The attractor-dynamics widgets in real Chromium, on every built page that has them (the site must have
 * both): the energy trace draws both runs and its readouts equal the engine's run in Node, its buttons and
 * sliders work by keyboard; the overlap-against-temperature scan runs in the worker and its points equal
 * the engine's scan in Node, before and after a keyboard change.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { runTemperatureScan, type TemperaturePoint } from '../../engine/attractors/stochastic.ts';
import { completeRun, energyReadouts, startRun, type EnergyState } from '../../widgets/energy-landscape/state.ts';
import { scanSpec, type TemperatureState } from '../../widgets/temperature/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['energy-trace', 'overlap-temperature'];
const traces = widgetInstances<EnergyState>('energy-trace');
const scans = widgetInstances<TemperatureState>('overlap-temperature');

interface EnergyElement extends HTMLElement {
  getState(): EnergyState;
}
interface TemperatureElement extends HTMLElement {
  getState(): TemperatureState;
  getPoints(): TemperaturePoint[];
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The readouts as the page shows them, by id, from their data-value (the unrounded number). */
async function shownReadouts(page: Page, id: string): Promise<Record<string, number>> {
  return page.$eval(`#${id}`, (el) =>
    Object.fromEntries([...el.querySelectorAll<HTMLOutputElement>('output[data-readout]')].map((o) => [o.dataset['readout']!, Number(o.dataset['value'])])),
  );
}

/** Node's readouts for the same state after `sweeps` sweeps (undefined: the whole run). */
function nodeReadouts(state: EnergyState): Record<string, number> {
  return Object.fromEntries(energyReadouts(completeRun(startRun(state))).map((r) => [r.id, r.value]));
}

test('the site has energy traces and temperature scans to test', () => {
  expect(traces.length).toBeGreaterThan(0);
  expect(scans.length).toBeGreaterThan(0);
});

describe.each([...new Set(traces.map((w) => w.path))])('energy traces on %s', (path) => {
  test('draw both runs, and every readout equals the engine in Node, before and after a keyboard change', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of traces.filter((x) => x.path === path)) {
      const widget = page.locator(`#${w.id}`);
      await widget.scrollIntoViewIfNeeded();
      await settle(page);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const paths = await widget.locator('svg path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 20).length);
      expect(paths).toBeGreaterThanOrEqual(4);
      const state = await page.$eval(`#${w.id}`, (el) => (el as EnergyElement).getState());
      expect(await shownReadouts(page, w.id)).toEqual(nodeReadouts(state));

      // The β slider by keyboard: Home takes it to its minimum and the stochastic run changes with it.
      const beta = widget.locator('input[type="range"]').first();
      await beta.focus();
      await page.keyboard.press('Home');
      await settle(page);
      const changed = await page.$eval(`#${w.id}`, (el) => (el as EnergyElement).getState());
      expect(changed.beta).not.toBe(state.beta);
      expect(await shownReadouts(page, w.id)).toEqual(nodeReadouts(changed));

      // Back to the cue, then one sweep, by keyboard.
      await widget.locator('[data-action="restart"]').focus();
      await page.keyboard.press('Enter');
      await settle(page);
      expect(await widget.getAttribute('data-sweep')).toBe('0');
      await widget.locator('[data-action="step"]').focus();
      await page.keyboard.press('Enter');
      await settle(page);
      expect(await widget.getAttribute('data-sweep')).toBe('1');
      expect(await widget.locator('[data-role="summary"]').textContent()).toMatch(/^After 1 of /);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

async function waitForScan(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-complete') === 'true', `#${id}`, { timeout: 90_000 });
  await settle(page);
}

describe.each([...new Set(scans.map((w) => w.path))])('temperature scans on %s', (path) => {
  test('run in the worker, draw the theory and the points, and equal the engine in Node, before and after a keyboard change', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of scans.filter((x) => x.path === path)) {
      const widget = page.locator(`#${w.id}`);
      await widget.scrollIntoViewIfNeeded();
      await waitForScan(page, w.id);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const state = await page.$eval(`#${w.id}`, (el) => (el as TemperatureElement).getState());
      const points = await page.$eval(`#${w.id}`, (el) => (el as TemperatureElement).getPoints());
      expect(points).toEqual(runTemperatureScan(scanSpec(state)));
      const drawn = await widget.locator('svg path').evaluateAll((ps) => ps.filter((p) => (p.getAttribute('d') ?? '').length > 50).length);
      expect(drawn).toBeGreaterThanOrEqual(1);

      // Fewer units by keyboard (the first slider is N): a new scan, again equal to Node's.
      const n = widget.locator('input[type="range"]').first();
      await n.focus();
      await page.keyboard.press('Home');
      const smaller = await page.$eval(`#${w.id}`, (el) => (el as TemperatureElement).getState());
      expect(smaller.n).not.toBe(state.n);
      // A small scan can start and finish within one frame, so wait for its points rather than a flag.
      const expected = runTemperatureScan(scanSpec(smaller));
      await page.waitForFunction(
        ([sel, json]) => JSON.stringify((document.querySelector(sel!) as unknown as { getPoints(): unknown }).getPoints()) === json,
        [`#${w.id}`, JSON.stringify(expected)] as const,
        { timeout: 90_000 },
      );
      await waitForScan(page, w.id);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
