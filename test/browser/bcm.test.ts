/**
 * The BCM selectivity and STDP window widgets in real Chromium, on every built page that has one: each draws
 * without an error, its readouts equal what Node computes for the state it exports, a slider moved by the
 * keyboard changes the plot, the mode switch works, reset restores the lesson's values, a too-long tauTheta
 * shows a visible message, and bad state handed to setState is refused.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { analyseBcm, bcmReadouts, bcmSummary, type BcmState } from '../../widgets/bcm/state.ts';
import { analyseStdp, stdpReadouts, stdpSummary, type StdpState } from '../../widgets/stdp-window/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['bcm-selectivity', 'stdp-window'];

const bcm = widgetInstances<{ state: BcmState }>('bcm-selectivity');
const stdp = widgetInstances<{ state: StdpState }>('stdp-window');
const pages = [...new Set([...bcm, ...stdp].map((w) => w.path))];

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

async function stateOf<S>(page: Page, id: string): Promise<S> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): unknown }).getState()) as Promise<S>;
}

async function expectBcmEqualsNode(page: Page, id: string): Promise<BcmState> {
  await settle(page);
  const state = await stateOf<BcmState>(page, id);
  const analysis = analyseBcm(state);
  for (const r of bcmReadouts(state, analysis)) {
    expect(await page.locator(`#${id} output[data-readout="${r.id}"]`).textContent(), r.id).toBe(r.text);
    const shown = Number(await page.locator(`#${id} output[data-readout="${r.id}"]`).getAttribute('data-value'));
    if (Number.isNaN(r.value)) expect(Number.isNaN(shown)).toBe(true);
    else expect(shown, r.id).toBe(r.value);
  }
  expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toBe(bcmSummary(state, analysis));
  return state;
}

async function expectStdpEqualsNode(page: Page, id: string): Promise<StdpState> {
  await settle(page);
  const state = await stateOf<StdpState>(page, id);
  const analysis = analyseStdp(state);
  for (const r of stdpReadouts(state, analysis)) {
    expect(await page.locator(`#${id} output[data-readout="${r.id}"]`).textContent(), r.id).toBe(r.text);
    expect(Number(await page.locator(`#${id} output[data-readout="${r.id}"]`).getAttribute('data-value')), r.id).toBe(r.value);
  }
  expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toBe(stdpSummary(state, analysis));
  return state;
}

test('the site has BCM and STDP widgets to test', () => {
  expect(bcm.length).toBeGreaterThanOrEqual(2);
  expect(stdp.length).toBeGreaterThanOrEqual(1);
});

describe.each(pages)('plasticity widgets on %s', (path) => {
  test('every instance draws its curves, shows no error, and prints the numbers Node computes', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of bcm.filter((x) => x.path === path)) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
      const el = page.locator(`#${w.id}`);
      expect((await el.locator('.series-w0 path').getAttribute('d'))?.length).toBeGreaterThan(50);
      expect((await el.locator('.series-theta path').getAttribute('d'))?.length).toBeGreaterThan(50);
      const state = await expectBcmEqualsNode(page, w.id);
      const warning = analyseBcm(state).warning;
      expect(await el.locator('[data-role="widget-error"]').isHidden()).toBe(warning === undefined);
    }
    for (const w of stdp.filter((x) => x.path === path)) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
      const el = page.locator(`#${w.id}`);
      expect((await el.locator('.series-ltp path').getAttribute('d'))?.length).toBeGreaterThan(50);
      expect((await el.locator('.series-ltd path').getAttribute('d'))?.length).toBeGreaterThan(50);
      expect(await el.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      await expectStdpEqualsNode(page, w.id);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('BCM controls', () => {
  const w = bcm[0]!;

  test(`${w.path} #${w.id}: keyboard on the w1(0) slider changes the plot and the numbers; the mode switch and reset work`, async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = w.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const before = await page.locator(`#${id} .series-w0 path`).getAttribute('d');
    const slider = page.locator(`#${id} .control[data-key="w0.0"] input[type=range]`);
    await slider.focus();
    let count = await renders(page, id);
    await page.keyboard.press('Home');
    await waitForRender(page, id, count);
    const state = await expectBcmEqualsNode(page, id);
    expect(state.w0[0]).toBe(-1);
    expect(await page.locator(`#${id} .series-w0 path`).getAttribute('d')).not.toBe(before);

    count = await renders(page, id);
    await page.locator(`#${id} input[data-role="mode"][value="online"]`).check();
    await waitForRender(page, id, count);
    expect((await expectBcmEqualsNode(page, id)).mode).toBe('online');

    count = await renders(page, id);
    await page.locator(`#${id} [data-action="reset"]`).click();
    await waitForRender(page, id, count);
    const reset = await expectBcmEqualsNode(page, id);
    expect(reset).toEqual(w.config.state);
    expect(await page.locator(`#${id} .control[data-key="w0.0"] input[type=number]`).inputValue()).toBe(String(w.config.state.w0[0]));
    expect(await page.locator(`#${id} input[data-role="mode"][value="${w.config.state.mode}"]`).isChecked()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test(`${w.path} #${w.id}: a too-long tauTheta shows a visible message; bad state is refused with reasons`, async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = w.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const field = page.locator(`#${id} .control[data-key="tauTheta"] input[type=number]`);
    const count = await renders(page, id);
    await field.fill('200');
    await field.press('Enter');
    await waitForRender(page, id, count);
    const alert = page.locator(`#${id} [data-role="widget-error"]`);
    expect(await alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(/ran away/);
    expect(await page.locator(`#${id}`).getAttribute('data-status')).toBe('diverged');
    await expectBcmEqualsNode(page, id);

    const refused = await page.$eval(`#${id}`, (el) => (el as unknown as { setState(s: unknown): { message: string }[] }).setState({ version: 1, mode: 'averaged', eta: 'fast' }));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.map((p) => p.message).join(' ')).toMatch(/eta .* must be a finite number/);
    expect((await stateOf<BcmState>(page, id)).tauTheta).toBe(200);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('STDP controls', () => {
  const w = stdp[0]!;

  test(`${w.path} #${w.id}: arrow keys on A- change the window and the drift readouts to Node's values`, async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = w.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const before = await page.locator(`#${id} .series-ltd path`).getAttribute('d');
    const slider = page.locator(`#${id} .control[data-key="aMinus"] input[type=range]`);
    await slider.focus();
    const count = await renders(page, id);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForRender(page, id, count);
    await expect.poll(async () => (await stateOf<StdpState>(page, id)).aMinus).toBeCloseTo(w.config.state.aMinus + 0.002, 12);
    await expectStdpEqualsNode(page, id);
    expect(await page.locator(`#${id} .series-ltd path`).getAttribute('d')).not.toBe(before);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
