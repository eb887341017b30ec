/**
 * The gating widget in real Chromium, on every built page that has one: six curves drawn, the rest marked,
 * and the six values at the marker equal the engine's in Node, whether the marker is moved by keyboard
 * or by a click on the plot.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hodgkinHuxley, validateSpec } from '../../engine/index.ts';
import { formatNumber } from '../../widgets/lib/format.ts';
import type { WidgetState } from '../../widgets/lib/state.ts';
import { gateReadouts, gateValuesAt, gatingSummary, restingPotential } from '../../widgets/gating/data.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['gating-plot'];

// The gating plot's setup is a widget state; tests read it as `w.state`.
const all = widgetInstances<{ state: WidgetState }>('gating-plot').map((w) => ({ ...w, state: w.config.state }));
const pages = [...new Set(all.map((w) => w.path))];

async function stateOf(page: Page, id: string): Promise<WidgetState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): WidgetState }).getState());
}

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

/** Resolves after the frame the widget redraws in: a state change schedules its redraw for the next frame. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The table and summary equal what Node computes at the state's voltage; returns that voltage. */
async function expectValuesEqualNode(page: Page, id: string): Promise<number> {
  await settle(page);
  const state = await stateOf(page, id);
  const { uMin, uMax, voltage } = state.view as { uMin: number; uMax: number; voltage: number };
  const values = gateValuesAt(voltage);
  for (const [key, shown] of gateReadouts(values)) {
    const output = page.locator(`#${id} output[data-readout="${key}"]`);
    expect(await output.textContent(), key).toBe(shown.text);
    expect(Number(await output.getAttribute('data-value')), key).toBe(shown.value);
  }
  const rest = restingPotential(validateSpec({ model: hodgkinHuxley, params: state.params, duration: 100 }).params);
  expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toBe(gatingSummary(uMin, uMax, values, rest));
  return voltage;
}

test('the site has gating plots to test', () => {
  expect(all.length).toBeGreaterThan(0);
});

describe.each(pages)('gating plots on %s', (path) => {
  test('each draws three steady states and three time constants, marks the rest, and prints the engine values', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of all.filter((x) => x.path === path)) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
      const widget = page.locator(`#${w.id}`);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const paths = await widget.locator('svg path.series-line').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
      expect(paths).toHaveLength(6);
      for (const d of paths) expect(d.length).toBeGreaterThan(100);
      // h and n are told apart by their dash pattern as well as their colour.
      const dashes = await widget.locator('.panel-inf .series-line').evaluateAll((els) => els.map((e) => getComputedStyle(e).strokeDasharray));
      expect(new Set(dashes).size).toBe(3);
      const rest = restingPotential(validateSpec({ model: hodgkinHuxley, params: w.state.params, duration: 100 }).params);
      expect(Number(await widget.getAttribute('data-rest'))).toBe(rest);
      expect(await widget.locator('.panel-tau .vlevel-rest text').textContent()).toBe(`rest ${formatNumber(rest, 2)} mV`);
      await expectValuesEqualNode(page, w.id);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe.each(all.map((w) => [w.path, w.id, w] as const))('%s #%s', (_path, id, w) => {
  test('the arrow keys move the marker by 0.1 mV and the six values follow the engine', async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const slider = page.locator(`#${id} .control[data-key="view.voltage"] input[type=range]`);
    expect(await page.locator(`#${id} .control[data-key="view.voltage"] label`).textContent()).toMatch(/Membrane potential.*\(mV\)/);
    const start = w.state.view!['voltage']!;
    const before = await page.locator(`#${id} .panel-inf .marker-line`).getAttribute('x1');
    await slider.focus();
    const count = await renders(page, id);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    await expect.poll(async () => (await stateOf(page, id)).view!['voltage']).toBeCloseTo(start + 0.5, 9);
    const voltage = await expectValuesEqualNode(page, id);
    expect(await slider.getAttribute('aria-valuetext')).toBe(`${voltage.toFixed(1)} mV`);
    expect(await page.locator(`#${id} .panel-inf .marker-line`).getAttribute('x1')).not.toBe(before);
    await page.keyboard.press('End');
    await expect.poll(async () => (await stateOf(page, id)).view!['voltage']).toBe(w.state.view!['uMax']);
    await expectValuesEqualNode(page, id);
    await page.locator(`#${id} [data-action="reset"]`).click();
    await expect.poll(async () => (await stateOf(page, id)).view!['voltage']).toBe(start);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a click on the plot moves the marker there; the slider follows', async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const svg = page.locator(`#${id} svg`);
    const box = (await svg.boundingBox())!;
    await svg.click({ position: { x: box.width * 0.75, y: box.height * 0.3 } });
    await expect.poll(async () => (await stateOf(page, id)).view!['voltage']).not.toBe(w.state.view!['voltage']);
    const voltage = await expectValuesEqualNode(page, id);
    const { uMin, uMax } = w.state.view as { uMin: number; uMax: number };
    expect(voltage).toBeGreaterThan(uMin + 0.5 * (uMax - uMin));
    expect(Number(await page.locator(`#${id} .control[data-key="view.voltage"] input[type=range]`).inputValue())).toBe(voltage);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('setState refuses a voltage outside the plot', async () => {
    const { page } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const state = await stateOf(page, id);
    const message = await page.$eval(
      `#${id}`,
      (el, s) => (el as unknown as { setState(s: unknown): { message: string }[] }).setState(s).map((p) => p.message).join(' '),
      { ...state, view: { ...state.view, voltage: 1000 } },
    );
    expect(message).toMatch(/outside the plotted range/);
    expect(await stateOf(page, id)).toEqual(state);
  });

  test('at 360 px in the dark theme the page does not scroll sideways', async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS, viewport: { width: 360, height: 800 }, colorScheme: 'dark' });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
