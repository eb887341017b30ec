/**
 * The F(u) widget in real Chromium, on every built page that has one: it draws, shows no error, and prints
 * the numbers the analysis gives in Node for the state it exports; the current slider works by keyboard,
 * and above the rheobase the fixed points vanish.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { getModel, validateSpec } from '../../engine/index.ts';
import { analyseFu, isFuModel } from '../../widgets/f-u/analysis.ts';
import { currentOf, markerLabels, type FuConfig } from '../../widgets/f-u/config.ts';
import { computeFuReadouts, fuSummary } from '../../widgets/f-u/summary.ts';
import type { WidgetState } from '../../widgets/lib/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances, type WidgetInstance } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['f-u-plot'];

const all = widgetInstances<FuConfig>('f-u-plot');
const pages = [...new Set(all.map((w) => w.path))];

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

async function stateOf(page: Page, id: string): Promise<WidgetState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): WidgetState }).getState());
}

/** What Node computes for the widget's current state. */
function expected(w: WidgetInstance<FuConfig>, state: WidgetState) {
  const model = getModel(state.model)!;
  if (!isFuModel(model.id)) throw new Error(`unexpected model ${model.id}`);
  const params = validateSpec({ model, params: state.params, duration: state.duration }).params;
  const current = currentOf(state);
  if (typeof current === 'string') throw new Error(current);
  const analysis = analyseFu(model, params, current, [state.view!['uMin']!, state.view!['uMax']!], w.config.currentRange);
  const { cutoffName } = markerLabels(model.id);
  return { analysis, readouts: computeFuReadouts(w.config.readouts, analysis, cutoffName), summary: fuSummary(analysis, model.input.unit, cutoffName) };
}

/** Resolves after the frame the widget redraws in: a state change schedules its redraw for the next frame. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Every readout's text and exact value, and the summary, equal Node's. */
async function expectNumbersEqualNode(page: Page, w: WidgetInstance<FuConfig>): Promise<WidgetState> {
  await settle(page);
  const state = await stateOf(page, w.id);
  const node = expected(w, state);
  for (const [id, shown] of node.readouts) {
    const output = page.locator(`#${w.id} output[data-readout="${id}"]`);
    expect(await output.textContent(), id).toBe(shown.text);
    expect(Number(await output.getAttribute('data-value')), id).toBe(shown.value);
  }
  expect(await page.locator(`#${w.id} [data-role="summary"]`).textContent()).toBe(node.summary);
  expect(await page.locator(`#${w.id} .fixed-points g`).count()).toBe(node.analysis.fixed.filter((f) => f.u >= state.view!['uMin']! && f.u <= state.view!['uMax']!).length);
  return state;
}

test('the site has F(u) plots to test', () => {
  expect(all.length).toBeGreaterThan(0);
});

describe.each(pages)('F(u) plots on %s', (path) => {
  test('each draws F and the input line, shows no error, and prints the numbers Node computes', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of all.filter((x) => x.path === path)) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
      const widget = page.locator(`#${w.id}`);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      expect((await widget.locator('.series-F path').getAttribute('d'))?.length).toBeGreaterThan(20);
      expect((await widget.locator('.series-input path').getAttribute('d'))?.length).toBeGreaterThan(5);
      expect(await widget.locator('.flow-arrow').count()).toBeGreaterThan(0);
      await expectNumbersEqualNode(page, w);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

const aboveReachable = all.filter((w) => {
  const model = getModel(w.config.state.model)!;
  const params = validateSpec({ model, params: w.config.state.params, duration: 100 }).params;
  return expected(w, { ...w.config.state, params }).analysis.rheobase < w.config.currentRange[1];
});

describe('the current slider', () => {
  test('some F(u) plot lets the current pass the rheobase', () => expect(aboveReachable.length).toBeGreaterThan(0));

  test.each(aboveReachable.map((w) => [w.path, w.id, w] as const))('%s #%s: arrow keys move the line; above rheobase the fixed points vanish', async (_path, id, w) => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const slider = page.locator(`#${id} .control[data-key="stimulus.amplitude"] input[type=range]`);
    const before = await page.locator(`#${id} .series-input path`).getAttribute('d');
    const initial = await stateOf(page, id);

    // Home: the smallest current; then two steps up by keyboard.
    await slider.focus();
    let count = await renders(page, id);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    await expect.poll(async () => currentOf(await stateOf(page, id))).toBeCloseTo(w.config.currentRange[0] + 0.02, 10);
    await expectNumbersEqualNode(page, w);

    // End: the largest current, above the rheobase: no fixed point left.
    count = await renders(page, id);
    await page.keyboard.press('End');
    await waitForRender(page, id, count);
    await expect.poll(async () => currentOf(await stateOf(page, id))).toBe(w.config.currentRange[1]);
    expect(await page.locator(`#${id}`).getAttribute('data-fixed-points')).toBe('0');
    expect(await page.locator(`#${id} output[data-readout="count"]`).textContent()).toBe('none');
    expect(await page.locator(`#${id} output[data-readout="stable"]`).textContent()).toBe('—');
    expect(await page.locator(`#${id} [data-note-for="stable"]`).textContent()).toMatch(/fires repetitively/);
    expect(await page.locator(`#${id} .fixed-points g`).count()).toBe(0);
    expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toMatch(/^F\(u\).*No fixed point/);
    expect(await page.locator(`#${id} .series-input path`).getAttribute('d')).not.toBe(before);
    await expectNumbersEqualNode(page, w);
    expect(await slider.getAttribute('aria-valuetext')).toBe(`${w.config.currentRange[1].toFixed(2)} nA`);

    // Reset returns to the lesson's setup.
    await page.locator(`#${id} [data-action="reset"]`).click();
    await expect.poll(() => stateOf(page, id)).toEqual(initial);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('state', () => {
  test('setState refuses a stimulus that is not one constant current, and invalid parameters, and keeps the plot', async () => {
    const w = all[0]!;
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
    const initial = await stateOf(page, w.id);
    const refuse = (input: unknown) =>
      page.$eval(`#${w.id}`, (el, s) => (el as unknown as { setState(s: unknown): { message: string }[] }).setState(s).map((p) => p.message).join(' '), input);
    expect(await refuse({ ...initial, stimulus: [{ kind: 'step', amplitude: 1, start: 0, end: 10 }] })).toMatch(/single constant/);
    expect(await refuse({ ...initial, params: { tauM: -1 } })).toMatch(/tauM/);
    expect(await refuse({ ...initial, view: { uMin: 0, uMax: -10 } })).toMatch(/uMin < uMax/);
    expect(await stateOf(page, w.id)).toEqual(initial);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a slider value that breaks a model constraint shows a message; reset clears it', async () => {
    // ϑrh pushed to its top (-20 mV) passes the cut-off; uC pushed to its bottom (-80 mV) falls below rest.
    const w = all.find((x) => x.config.controls.some((c) => c.key === 'thetaRh' || c.key === 'uC'));
    expect(w, 'a page has an F(u) plot with a ϑrh or uC slider').toBeDefined();
    const key = w!.config.controls.some((c) => c.key === 'thetaRh') ? 'thetaRh' : 'uC';
    const { page, problems } = await browser.openPage(w!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w!.id}`);
    const alert = page.locator(`#${w!.id} [data-role="widget-error"]`);
    await page.locator(`#${w!.id} .control[data-key="${key}"] input[type=range]`).focus();
    await page.keyboard.press(key === 'thetaRh' ? 'End' : 'Home');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(key === 'thetaRh' ? /cut-off/ : /resting potential/);
    expect(await alert.getAttribute('role')).toBe('alert');
    await page.locator(`#${w!.id} [data-action="reset"]`).click();
    await expect.poll(() => alert.isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('layout', () => {
  test.each(['light', 'dark'] as const)('at 360 px (%s) the plot fits and the page does not scroll sideways', async (colorScheme) => {
    const w = all[0]!;
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS, viewport: { width: 360, height: 800 }, colorScheme });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const box = await page.locator(`#${w.id} svg`).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
