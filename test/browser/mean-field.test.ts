/**
 * MeanFieldLink in real Chromium, on lesson 13: it loads without console errors; when scrolled into view it
 * draws the mean field and runs the network in the engine worker, and the match it reads out is the engine's,
 * computed in Node for the same settings (same code, same operations: equal to rounding); the g buttons and
 * the keyboard move the curve, g = 1.5 reads as oscillating, the stale network overlay goes away; Run network
 * fills the overlay again, Cancel stops a run and says so; a blow-up of the mean field shows a message.
 * Screenshots go to /tmp/mfwidget/ for review (not to the repository).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { simulateIkMeanField } from '../../engine/mean-field/izhikevich-mean-field.ts';
import { simulateLorentzianNetwork, smoothRate } from '../../engine/mean-field/lorentzian-network.ts';
import { meanFieldRun, networkJob, networkMatch, type MeanFieldLinkState, type NetworkMatch } from '../../widgets/mean-field/state.ts';
import { formatProblems, useBrowser, type PageProblem } from './support/browser.ts';

/** The page that embeds <MeanFieldLink>. */
const PAGE = '/lessons/13-mean-field/';
const SHOTS = '/tmp/mfwidget';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['mean-field-link'];

interface MeanFieldElement extends HTMLElement {
  getState(): MeanFieldLinkState;
  setState(input: unknown): string[];
  getMeanField(): { steadyR: number; low: number; high: number; oscillating: boolean; diverged: string | undefined; dt: number } | undefined;
  getNetwork(): { status: string; meanRate: number; spikeCount: number; wallMs: number; bins: number; match: NetworkMatch | undefined };
  getTimings(): number[];
}

const stateOf = (page: Page, id: string): Promise<MeanFieldLinkState> => page.$eval(`#${id}`, (el) => (el as MeanFieldElement).getState());
const setState = (page: Page, id: string, input: unknown): Promise<string[]> => page.$eval(`#${id}`, (el, s) => (el as MeanFieldElement).setState(s), input);
const networkOf = (page: Page, id: string): Promise<ReturnType<MeanFieldElement['getNetwork']>> => page.$eval(`#${id}`, (el) => (el as MeanFieldElement).getNetwork());
const timingsOf = (page: Page, id: string): Promise<number[]> => page.$eval(`#${id}`, (el) => (el as MeanFieldElement).getTimings());

async function waitForNetwork(page: Page, id: string, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(([sel, s]) => document.querySelector(sel!)?.getAttribute('data-network') === s, [`#${id}`, status] as const, { timeout });
}

/** Resolves after the frames the widget draws in (the comparison curve comes one frame after the main one). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)))));
}

/** The network's match against the mean field for `state`, computed in Node as the widget computes it. */
function nodeMatch(state: MeanFieldLinkState): { match: NetworkMatch; spikeCount: number } {
  const job = networkJob(state);
  const net = simulateLorentzianNetwork(job);
  const mf = simulateIkMeanField(meanFieldRun(state));
  const match = networkMatch(mf, { rate: net.rate, smoothed: smoothRate(net.rate, 10), meanRate: net.meanRate, settings: { n: state.n, vPeak: 10, dt: 0.01, binWidth: 0.1, duration: 1000, smoothWindow: 10, params: mf.params } })!;
  return { match, spikeCount: Math.round(net.meanRate * state.n * 1000) };
}

async function open(): Promise<{ page: Page; id: string; problems: PageProblem[] }> {
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle', widgets: WIDGETS });
  const id = await page.locator('mean-field-link').first().getAttribute('id');
  expect(id, `no <mean-field-link> on ${PAGE}`).toBeTruthy();
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  return { page, id: id!, problems };
}

test('loads without errors, runs the network when seen, and reads out the engine’s match', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const { page, id, problems } = await open();
  const widget = page.locator(`#${id}`);
  await waitForNetwork(page, id, 'done');
  await settle(page);
  expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
  const state = await stateOf(page, id);
  const expected = nodeMatch(state);
  const shown = await networkOf(page, id);
  expect(shown.spikeCount).toBe(expected.spikeCount);
  // Same code and operations in V8 here and in Node; 1e-12 allows only for summation rounding.
  expect(Math.abs(shown.match!.relative - expected.match.relative)).toBeLessThan(1e-12);
  expect(Math.abs(shown.match!.rms - expected.match.rms)).toBeLessThan(1e-12);
  expect(await widget.locator('output[data-readout="relative"]').textContent()).toMatch(/^[+−]\d+\.\d %$/);
  expect(await widget.locator('[data-role="match"]').textContent()).toContain(`N = ${state.n} neurons, Euler dt = 0.01, v_p = 10: rate `);
  // The overlay is drawn in both panels, beside the mean field.
  for (const path of ['.panel-rate .series-mean-field path', '.panel-rate .series-network path', '.panel-v .series-mean-field path', '.panel-v .series-network path']) {
    expect((await widget.locator(path).getAttribute('d'))?.length, path).toBeGreaterThan(200);
  }
  expect(await widget.locator('[data-role="summary"]').textContent()).toContain('Network, N = ');
  console.log(`[mean-field] network run in Chromium: ${shown.wallMs.toFixed(0)} ms of worker time (N = ${state.n}); match ${(100 * shown.match!.relative).toFixed(2)} %, RMS ${shown.match!.rms.toFixed(4)}`);
  await widget.screenshot({ path: `${SHOTS}/default.png` });
  // The raw 0.1 bins appear on request, faint.
  expect(await widget.locator('.panel-rate .series-network-raw path').count()).toBe(0);
  await widget.locator('input[data-role="raw"]').check();
  await settle(page);
  expect((await widget.locator('.panel-rate .series-network-raw path').getAttribute('d'))?.length).toBeGreaterThan(200);
  await widget.screenshot({ path: `${SHOTS}/raw-bins.png` });
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('g = 1.5 oscillates, by button and by keyboard; the stale overlay goes; Run network fills it again', async () => {
  const { page, id, problems } = await open();
  const widget = page.locator(`#${id}`);
  await waitForNetwork(page, id, 'done');
  expect(await setState(page, id, { Delta: 0.02, g: 0.5, input: 0.15, pulse: true, n: 2000 })).toEqual([]);
  await settle(page);
  const before = await widget.locator('.panel-rate .series-mean-field path').getAttribute('d');
  expect(await widget.locator('output[data-readout="swing"]').getAttribute('data-value')).toBe('settles');

  await widget.locator('[data-action="set-g"][data-g="1.5"]').click();
  await settle(page);
  expect((await stateOf(page, id)).g).toBe(1.5);
  expect(await widget.locator('.control[data-key="g"] input[type="range"]').inputValue()).toBe('1.5');
  expect(await widget.locator('.panel-rate .series-mean-field path').getAttribute('d')).not.toBe(before);
  const swing = widget.locator('output[data-readout="swing"]');
  expect(await swing.getAttribute('data-value')).toBe('oscillates');
  expect(await swing.textContent()).toBe('oscillates: r from 0.011 to 0.160');
  // The comparison curve is now the settling g = 0.5.
  expect(await widget.locator('[data-role="ghost-label"]').textContent()).toContain('g = 0.5');
  expect((await widget.locator('.panel-rate .series-ghost path').getAttribute('d'))?.length).toBeGreaterThan(200);
  // The network ran for g = 0.5: its overlay is gone, and the widget says why.
  expect(await widget.getAttribute('data-network')).toBe('stale');
  expect(Number(await widget.getAttribute('data-progress'))).toBe(0);
  expect(await widget.locator('.panel-rate .series-network path').count()).toBe(0);
  expect(await widget.locator('[data-role="progress-text"]').textContent()).toContain('press Run network');
  await widget.screenshot({ path: `${SHOTS}/g15-meanfield.png` });

  // Keyboard: the g slider steps by 0.05.
  await widget.locator('.control[data-key="g"] input[type="range"]').focus();
  await page.keyboard.press('ArrowLeft');
  expect((await stateOf(page, id)).g).toBe(1.45);
  await page.keyboard.press('ArrowRight');
  expect((await stateOf(page, id)).g).toBe(1.5);

  await widget.locator('[data-action="run"]').click();
  await waitForNetwork(page, id, 'done');
  await settle(page);
  const shown = await networkOf(page, id);
  const expected = nodeMatch(await stateOf(page, id));
  expect(shown.spikeCount).toBe(expected.spikeCount);
  expect(Math.abs(shown.match!.relative - expected.match.relative)).toBeLessThan(1e-12);
  expect((await widget.locator('.panel-rate .series-network path').getAttribute('d'))?.length).toBeGreaterThan(200);
  expect(Number(await widget.getAttribute('data-progress'))).toBe(1);
  console.log(`[mean-field] g = 1.5: network ${shown.wallMs.toFixed(0)} ms, match ${(100 * shown.match!.relative).toFixed(2)} %, RMS ${shown.match!.rms.toFixed(4)}`);
  await widget.screenshot({ path: `${SHOTS}/g15-network.png` });
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('Cancel stops a network run and says so; nothing arrives afterwards', async () => {
  const { page, id, problems } = await open();
  const widget = page.locator(`#${id}`);
  await waitForNetwork(page, id, 'done');
  // N = 5000: a couple of seconds in the worker.
  expect(await setState(page, id, { n: 5000 })).toEqual([]);
  expect(await widget.getAttribute('data-network')).toBe('stale');
  await widget.locator('[data-action="run"]').click();
  expect(await widget.getAttribute('data-network')).toBe('running');
  expect(await widget.locator('[data-action="cancel"]').isEnabled()).toBe(true);
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-progress')) > 0.05, `#${id}`);
  expect(await widget.locator('[data-role="progress-text"]').textContent()).toMatch(/^Running: t = \d+ of 1000 · [\d,]+ spikes$/);
  await widget.locator('[data-action="cancel"]').click();
  expect(await widget.getAttribute('data-network')).toBe('cancelled');
  expect(await widget.locator('[data-role="progress-text"]').textContent()).toMatch(/^Cancelled at \d+ %/);
  expect(await widget.locator('[data-action="cancel"]').isDisabled()).toBe(true);
  await page.waitForTimeout(1500);
  expect(await widget.getAttribute('data-network')).toBe('cancelled');
  expect(await widget.locator('.panel-rate .series-network path').count()).toBe(0);
  await settle(page);
  expect(await widget.locator('[data-role="summary"]').textContent()).toContain('cancelled');
  expect(problems, formatProblems(problems)).toEqual([]);
});

test('a blow-up of the mean field shows a message, not a blank plot; bad state is refused in words', async () => {
  const { page, id, problems } = await open();
  const widget = page.locator(`#${id}`);
  expect(await setState(page, id, { g: 3, Delta: 0.001, input: 1 })).toEqual([]);
  await settle(page);
  const error = widget.locator('[data-role="widget-error"]');
  expect(await error.isVisible()).toBe(true);
  expect(await error.textContent()).toMatch(/^The mean field blew up at t = [\d.]+: \|r\| passed 1000000\..* \(This widget already retried with dt = 0.01.\) The curves end there/);
  expect((await widget.locator('.panel-rate .series-mean-field path').getAttribute('d'))?.length).toBeGreaterThan(20);
  await widget.screenshot({ path: `${SHOTS}/blow-up.png` });
  // Back to a setting that runs: the message goes.
  expect(await setState(page, id, { g: 0.5, Delta: 0.02, input: 0.15 })).toEqual([]);
  await settle(page);
  expect(await error.isHidden()).toBe(true);
  const refused = await setState(page, id, { g: 7, pulse: 'yes' });
  expect(refused.join(' ')).toMatch(/g = 7 is outside the allowed range 0 to 3/);
  expect(refused.join(' ')).toMatch(/pulse must be true or false/);
  expect((await stateOf(page, id)).g).toBe(0.5);
  const timings = await timingsOf(page, id);
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(`[mean-field] recompute times in Chromium (ms): first ${timings[0]?.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}, max ${sorted[sorted.length - 1]?.toFixed(1)} over ${timings.length}`);
  expect(problems, formatProblems(problems)).toEqual([]);
});
