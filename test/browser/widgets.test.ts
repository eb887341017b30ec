/**
 * Widgets in real Chromium: every instance on every page draws without an error, sliders work by
 * keyboard and redraw, and the numbers a widget prints equal the engine's own result computed here in
 * Node from the widget's exported state (the same engine, so the same floating-point result).
 */
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { getModel, lifRate, lifRheobase, parseScenario, runScenario, steadyRate, validateSpec, type LifParams } from '../../engine/index.ts';
import { currentRange, simulatedCurrents, simulatedPoint } from '../../widgets/fi-curve/compute.ts';
import { formatNumber } from '../../widgets/lib/format.ts';
import { simulateState, type WidgetState } from '../../widgets/lib/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();

// Every membrane trace and f–I curve on the built pages, with the keys of its sliders.
const all = widgetInstances<{ controls: { key: string }[] }>('membrane-trace', 'fi-curve').map((w) => ({ ...w, keys: w.config.controls.map((c) => c.key) }));
const widgets = new Map<string, typeof all>();
for (const w of all) widgets.set(w.path, [...(widgets.get(w.path) ?? []), w]);

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

async function readout(page: Page, widget: string, id: string): Promise<string> {
  return (await page.locator(`#${widget} output[data-readout="${id}"]`).textContent()) ?? '';
}

async function stateOf(page: Page, id: string): Promise<WidgetState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): WidgetState }).getState());
}

test('the site has widgets to test', () => {
  expect(all.map((w) => w.tag)).toContain('membrane-trace');
  expect(all.map((w) => w.tag)).toContain('fi-curve');
});

describe.each([...widgets.keys()])('widgets on %s', (path) => {
  // One page load for both checks: each lesson page is loaded by many files, and CI's 20 minutes are CPU-bound.
  test('every widget draws its plot, readouts and summary, with no error shown; every membrane trace exports a scenario whose spikes in Node equal the page\'s', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: ['membrane-trace', 'fi-curve'] });
    for (const { id, tag } of widgets.get(path)!) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
      if (tag === 'fi-curve') await page.waitForSelector(`#${id}[data-complete="true"]`);
      const widget = page.locator(`#${id}`);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const paths = await widget.locator('svg path.series-line').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
      for (const d of paths) expect(d.length).toBeGreaterThan(20);
      // A trace draws lines; an f–I curve of a model without a formula draws only simulated dots.
      const marks = paths.length + (await widget.locator('svg circle.dot').count());
      expect(marks).toBeGreaterThan(0);
      const outputs = await widget.locator('output[data-readout]').allTextContents();
      for (const text of outputs) expect(text).not.toBe('…');
      expect((await widget.locator('[data-role="summary"]').textContent())?.length).toBeGreaterThan(20);
      if (tag !== 'membrane-trace') continue;
      const json = (await page.locator(`#${id} [data-role="scenario"]`).textContent()) ?? '';
      const spikes = await page.$eval(`#${id}`, (el) => (el as unknown as { lastSpikes(): number[] }).lastSpikes());
      const parsed = parseScenario(JSON.parse(json));
      expect(parsed.ok, json).toBe(true);
      if (parsed.ok) expect(Array.from(runScenario(parsed.scenario).spikes), `${id}: spikes in Node`).toEqual(spikes);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

test('the pages have membrane traces, whose exported scenarios are checked above', () => {
  expect(all.filter((w) => w.tag === 'membrane-trace').length).toBeGreaterThan(0);
});

const trace = all.find((w) => w.tag === 'membrane-trace' && w.keys.includes('stimulus.amplitude'));
const fi = all.find((w) => w.tag === 'fi-curve' && w.keys.includes('tRef'));

describe('membrane trace', () => {
  test('a page has a trace with a current slider', () => expect(trace).toBeDefined());

  test('the arrow keys move the current slider, the trace redraws, and the printed rate equals the engine in Node', async () => {
    const { page, problems } = await browser.openPage(trace!.path, { waitUntil: 'networkidle', widgets: ['membrane-trace'] });
    const id = trace!.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const before = await page.locator(`#${id} .series-voltage path`).getAttribute('d');
    const slider = page.locator(`#${id} .control[data-key="stimulus.amplitude"] input[type=range]`);
    // Set a current well above rheobase first (typed, as a reader would), then step it with the keyboard.
    const field = page.locator(`#${id} .control[data-key="stimulus.amplitude"] input[type=number]`);
    let count = await renders(page, id);
    await field.fill('3');
    await field.press('Enter');
    await waitForRender(page, id, count);
    count = await renders(page, id);
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    // The render seen may be an earlier key's (CI once read the rate of 3.04 nA): the last key's render is
    // scheduled for the next animation frame, so it has run two frames on.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), `#${id} .control[data-key="stimulus.amplitude"] input[type=range]`);

    const after = await page.locator(`#${id} .series-voltage path`).getAttribute('d');
    expect(after).not.toBe(before);
    const state = await stateOf(page, id);
    expect(state.stimulus[0]!['amplitude']).toBeCloseTo(3.05, 10);
    expect(await slider.getAttribute('aria-valuetext')).toBe('3.05 nA');

    const model = getModel(state.model)!;
    const result = simulateState(state);
    expect(result.spikes.length).toBeGreaterThan(1);
    expect(await readout(page, id, 'spikes')).toBe(String(result.spikes.length));
    expect(await readout(page, id, 'rate')).toBe(formatNumber(steadyRate(result.spikes), 2));
    const shownValue = Number(await page.locator(`#${id} output[data-readout="rate"]`).getAttribute('data-value'));
    expect(Math.abs(shownValue - steadyRate(result.spikes))).toBeLessThanOrEqual(1e-9 * shownValue);
    if (state.model === 'lif' && state.stimulus.length === 1) {
      const p = validateSpec({ model, params: state.params, dt: state.dt, duration: state.duration }).params as LifParams;
      expect(await readout(page, id, 'predictedRate')).toBe(formatNumber(lifRate(p, 3.05), 2));
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a typed value out of range is refused with a message; reset restores the lesson values', async () => {
    const { page, problems } = await browser.openPage(trace!.path, { waitUntil: 'networkidle', widgets: ['membrane-trace'] });
    const id = trace!.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const initial = await stateOf(page, id);
    const control = page.locator(`#${id} .control[data-key="stimulus.amplitude"]`);
    const field = control.locator('input[type=number]');
    await field.fill('1e9');
    await field.press('Enter');
    await expect.poll(() => control.locator('.control-error').textContent()).toMatch(/outside the range/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await stateOf(page, id)).toEqual(initial);

    const count = await renders(page, id);
    await field.fill('0.5');
    await field.press('Enter');
    await waitForRender(page, id, count);
    expect((await stateOf(page, id)).stimulus[0]!['amplitude']).toBe(0.5);
    await page.locator(`#${id} [data-action="reset"]`).click();
    await expect.poll(() => stateOf(page, id)).toEqual(initial);
    expect(Number(await field.inputValue())).toBe(initial.stimulus[0]!['amplitude']);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test("the reading cursor works by keyboard and reads the engine's values", async () => {
    const { page, problems } = await browser.openPage(trace!.path, { waitUntil: 'networkidle', widgets: ['membrane-trace'] });
    const id = trace!.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const cursor = page.locator(`#${id} [data-role="cursor"]`);
    await cursor.focus();
    await page.keyboard.press('End');
    const state = await stateOf(page, id);
    const result = simulateState(state);
    const last = result.t.length - 1;
    const expected = `t = ${formatNumber(state.duration, 2)} ms · u = ${formatNumber(result.traces['u']![last]!, 2)} mV · I = ${formatNumber(result.input[last]!, 2)} nA`;
    expect(await cursor.textContent()).toBe(expected);
    expect(await cursor.getAttribute('aria-valuetext')).toBe(expected);
    await page.keyboard.press('Home');
    expect(await cursor.textContent()).toMatch(/^t = 0\.00 ms · u = /);
    expect(await page.locator(`#${id} .cursor-line`).count()).toBe(2);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('setState refuses a corrupted state and keeps the plot', async () => {
    const { page } = await browser.openPage(trace!.path, { waitUntil: 'networkidle', widgets: ['membrane-trace'] });
    const id = trace!.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const problems = await page.$eval(`#${id}`, (el) =>
      (el as unknown as { setState(s: unknown): { message: string }[] }).setState({ version: 1, model: 'lif', params: { tauM: Number.NaN }, stimulus: [], method: 'exact', dt: 0.1, duration: 100 }),
    );
    expect(problems.map((p) => p.message).join(' ')).toMatch(/tauM \(ms\) must be a finite number/);
  });
});

describe('scenario export', () => {
  test('the command-line runner gives the same spikes as the page for an exported scenario', async () => {
    const trace = all.find((w) => w.tag === 'membrane-trace')!;
    const { page } = await browser.openPage(trace.path, { waitUntil: 'networkidle', widgets: ['membrane-trace'] });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${trace.id}`);
    const json = (await page.locator(`#${trace.id} [data-role="scenario"]`).textContent()) ?? '';
    const spikes = await page.$eval(`#${trace.id}`, (el) => (el as unknown as { lastSpikes(): number[] }).lastSpikes());
    const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
    const cli = spawnSync(tsx, ['engine/cli/run.ts', '-'], { cwd: new URL('../../', import.meta.url).pathname, input: json, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    // JSON round-trips doubles exactly, so the runner's numbers are the page's numbers.
    expect((JSON.parse(cli.stdout) as { spikes: number[] }).spikes).toEqual(spikes);
  });
});

describe('f–I curve', () => {
  test('a page has an f–I curve with a refractory-period slider', () => expect(fi).toBeDefined());

  test('moving the refractory period redraws, and the simulated points equal the engine in Node', async () => {
    const { page, problems } = await browser.openPage(fi!.path, { waitUntil: 'networkidle', widgets: ['fi-curve'] });
    const id = fi!.id;
    await page.waitForSelector(`#${id}[data-complete="true"]`);
    const before = await page.locator(`#${id} .series-analytic path`).getAttribute('d');
    const field = page.locator(`#${id} .control[data-key="tRef"] input[type=number]`);
    const count = await renders(page, id);
    await field.fill('4');
    await field.press('Enter');
    // A redraw sets data-complete to "false" until the worker's points are in, so wait for the redraw first.
    await waitForRender(page, id, count);
    await page.waitForFunction(
      ([sel]) => (document.querySelector(sel as string) as unknown as { getState(): WidgetState }).getState().params['tRef'] === 4,
      [`#${id}`],
    );
    await page.waitForSelector(`#${id}[data-complete="true"]`);
    expect(await page.locator(`#${id} .series-analytic path`).getAttribute('d')).not.toBe(before);

    const state = await stateOf(page, id);
    const model = getModel(state.model)!;
    const currents = simulatedCurrents(state);
    const dots = await page.locator(`#${id} .dots-simulated circle`).count();
    expect(dots).toBe(currents.length);
    const top = simulatedPoint(model, state, currents[currents.length - 1]!);
    expect(await readout(page, id, 'simulatedTop')).toBe(formatNumber(top.y, 2));
    const p = validateSpec({ model, params: state.params, dt: state.dt, duration: state.duration }).params as LifParams;
    expect(await readout(page, id, 'rheobase')).toBe(formatNumber(lifRheobase(p), 3));
    expect(await readout(page, id, 'analyticTop')).toBe(formatNumber(lifRate(p, currentRange(state).max), 2));
    expect(await readout(page, id, 'ceiling')).toBe('250.0');
    expect(await page.locator(`#${id} [data-role="progress"]`).isHidden()).toBe(true);
    // The simulated points came from the engine worker: a same-origin module script of its own.
    const workers = page.workers().map((w) => new URL(w.url()));
    expect(workers.some((url) => url.origin === new URL(page.url()).origin && /\/_astro\/engine\.worker[.-][\w-]+\.js$/.test(url.pathname))).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('quick slider moves abort the running computation; the points shown are those of the last value', async () => {
    const { page, problems } = await browser.openPage(fi!.path, { waitUntil: 'networkidle', widgets: ['fi-curve'] });
    const id = fi!.id;
    await page.waitForSelector(`#${id}[data-complete="true"]`);
    const count = await renders(page, id);
    const slider = page.locator(`#${id} .control[data-key="tRef"] input[type=range]`);
    await slider.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    await page.waitForSelector(`#${id}[data-complete="true"]`);
    const state = await stateOf(page, id);
    const model = getModel(state.model)!;
    const currents = simulatedCurrents(state);
    expect(await page.locator(`#${id} .dots-simulated circle`).count()).toBe(currents.length);
    const top = simulatedPoint(model, state, currents[currents.length - 1]!);
    expect(await readout(page, id, 'simulatedTop')).toBe(formatNumber(top.y, 2));
    expect(Number(await page.locator(`#${id} output[data-readout="simulatedTop"]`).getAttribute('data-value'))).toBe(top.y);
    expect(await page.locator(`#${id} [data-role="widget-error"]`).isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
