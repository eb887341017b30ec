/**
 * The network raster in real Chromium: the lesson's net.m runs in the network worker when scrolled into view,
 * streams its spikes onto the canvas and shows net.m's rates; a 4000 + 1000 network streams with no task over
 * 100 ms on the page's main thread (tasks over 50 ms are recorded); Pause holds the run, Resume continues it, Cancel ends it and says
 * so; a changed slider and a new run change the raster. Screenshots go to /tmp/netwidget/ for review.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { NetworkResult } from '../../engine/worker/network-jobs.ts';
import type { NetworkState } from '../../widgets/network-raster/state.ts';
import { recordFigure } from '../support/figures.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

/** The page whose first <network-raster> is tested (lesson 12 embeds it); NETWORK_RASTER_PAGE overrides it. */
const PAGE = process.env['NETWORK_RASTER_PAGE'] ?? '/lessons/12-populations/';
const SHOTS = '/tmp/netwidget';

const browser = useBrowser();
const widget = widgetInstances<{ state: NetworkState }>('network-raster').find((w) => w.path === PAGE);

interface NetworkElement extends HTMLElement {
  getState(): NetworkState;
  setState(input: unknown): string[];
  getResult(): NetworkResult | undefined;
}

async function waitForStatus(page: Page, id: string, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(([sel, s]) => document.querySelector(sel!)?.getAttribute('data-status') === s, [`#${id}`, status] as const, { timeout });
}

/** Waits until every spike received is on the canvas. */
async function waitForPainted(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el !== null && Number(el.getAttribute('data-spikes')) > 0 && el.getAttribute('data-painted') === el.getAttribute('data-spikes');
  }, `#${id}`);
}

/** Pixels of the raster canvas that are not background (transparent), and a checksum of them. */
async function canvasInk(box: Locator): Promise<{ inked: number; checksum: number }> {
  return box.locator('canvas[data-role="raster"]').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    let checksum = 0;
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3]! > 0) {
        inked++;
        checksum = (checksum * 31 + p + data[p]!) % 1_000_000_007;
      }
    }
    return { inked, checksum };
  });
}

const number = async (box: Locator, readout: string): Promise<number> => Number(await box.locator(`output[data-readout="${readout}"]`).getAttribute('data-value'));
const attribute = async (box: Locator, name: string): Promise<number> => Number(await box.getAttribute(name));

test(`${PAGE} has a network raster`, () => {
  expect(widget, `no <network-raster> on ${PAGE}`).toBeDefined();
});

test.skipIf(!widget)('the lesson’s network runs on view, draws its raster and shows net.m’s rates', async () => {
  mkdirSync(SHOTS, { recursive: true });
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle' });
  const id = widget!.id;
  const box = page.locator(`#${id}`);
  const started = Date.now();
  await box.scrollIntoViewIfNeeded();
  await waitForStatus(page, id, 'done');
  const seconds = (Date.now() - started) / 1000;
  await waitForPainted(page, id);
  expect(await box.locator('[data-role="widget-error"]').isHidden()).toBe(true);
  const { inked } = await canvasInk(box);
  const spikes = await attribute(box, 'data-spikes');
  // Each spike is a mark of at least one pixel; marks of neighbouring neurons in one millisecond overlap.
  expect(spikes).toBeGreaterThan(1000);
  expect(inked).toBeGreaterThan(spikes / 4);
  // net.m at 1 s: ≈ 7.6 Hz excitatory and 7.3 Hz inhibitory over seeds; one seed varies by about ±1 Hz.
  const state = await box.evaluate((el) => (el as NetworkElement).getState());
  if (state.Ne === 800 && state.Ni === 200 && state.method === 'published') {
    expect(await number(box, 'rate-exc')).toBeGreaterThan(6);
    expect(await number(box, 'rate-exc')).toBeLessThan(9);
    expect(await number(box, 'rate-inh')).toBeGreaterThan(6);
    expect(await number(box, 'rate-inh')).toBeLessThan(9);
  }
  const result = (await box.evaluate((el) => (el as NetworkElement).getResult()))!;
  expect(result.spikeCount).toBe(spikes);
  expect(await box.locator('output[data-readout="alpha"]').textContent()).toBe(String(result.alphaHz));
  expect((await box.locator('.series-spectrum path').getAttribute('d'))?.length).toBeGreaterThan(100);
  expect((await box.locator('.series-rate path').getAttribute('d'))?.length).toBeGreaterThan(100);
  expect((await box.locator('.series-probe path').getAttribute('d'))?.length).toBeGreaterThan(100);
  expect(await box.locator('[data-role="progress-text"]').textContent()).toMatch(/^Done: 1,000 of 1,000 ms · [\d,]+ spikes · [\d.]+× real time$/);
  expect(await box.locator('[data-role="summary"]').textContent()).toMatch(/alpha peak at \d+ Hz, gamma peak at \d+ Hz/);
  console.log(`[network-raster] default run: ${spikes} spikes, ${inked} pixels inked, compute ${result.wallMs.toFixed(0)} ms in the worker, ${seconds.toFixed(2)} s from scroll to done`);
  await box.screenshot({ path: `${SHOTS}/default-light.png` });
  expect(problems, formatProblems(problems)).toEqual([]);
});

test.skipIf(!widget)('a 4000 + 1000 network streams its raster with no main-thread task over 100 ms', async () => {
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle' });
  const id = widget!.id;
  const box = page.locator(`#${id}`);
  await box.scrollIntoViewIfNeeded();
  await waitForStatus(page, id, 'done');
  expect(await box.evaluate((el) => (el as NetworkElement).setState({ Ne: 4000, Ni: 1000, duration: 1000, method: 'published', dt: 1, seed: 2, connectivity: 'all-to-all', probe: 4500 }))).toEqual([]);
  // Registered before the run: every main-thread task over 50 ms from here on, and when each piece arrived.
  await page.evaluate((sel) => {
    const w = window as unknown as { longTasks: number[]; pieces: number[] };
    w.longTasks = [];
    w.pieces = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    const el = document.querySelector(sel)!;
    new MutationObserver(() => w.pieces.push(performance.now())).observe(el, { attributes: true, attributeFilter: ['data-ms'] });
  }, `#${id}`);
  await box.locator('[data-action="run"]').click();
  await waitForStatus(page, id, 'done');
  await waitForPainted(page, id);
  // Frames after the last paint (the spectrum has a frame of its own after the traces), so a long task in them
  // would have been observed; the observer reports a little after the task.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100))))));
  const { longTasks, pieces } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; pieces: number[] };
    return { longTasks: w.longTasks, pieces: w.pieces };
  });
  const spikes = await attribute(box, 'data-spikes');
  const gaps = pieces.slice(1).map((t, k) => t - pieces[k]!);
  console.log(
    `[network-raster] 4000 + 1000 × 1000 ms: ${spikes} spikes in ${pieces.length} updates, median gap ${gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)]?.toFixed(0)} ms, long tasks ${JSON.stringify(longTasks)}`,
  );
  expect(spikes).toBeGreaterThan(20_000);
  expect(pieces.length).toBeGreaterThan(3); // streamed, not delivered at the end
  // Recorded: every main-thread task over 50 ms (the browser's long-task threshold); none was seen on an idle
  // machine, one of 74 ms on a busy CI machine. Asserted: none over 100 ms, the budget for answering a click.
  recordFigure('long-tasks', `${PAGE}#${id}`, { neurons: 5000, updates: pieces.length, over50Ms: longTasks.length, longestMs: Math.round(Math.max(0, ...longTasks)) });
  expect(longTasks.filter((ms) => ms > 100)).toEqual([]);
  expect((await canvasInk(box)).inked).toBeGreaterThan(spikes / 10);
  await box.screenshot({ path: `${SHOTS}/5000-neurons.png` });
  expect(problems, formatProblems(problems)).toEqual([]);
});

test.skipIf(!widget)('10,000 neurons with 1000 inputs each simulate faster than real time in the browser', async () => {
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle' });
  const id = widget!.id;
  const box = page.locator(`#${id}`);
  await box.scrollIntoViewIfNeeded();
  await waitForStatus(page, id, 'done');
  expect(await box.evaluate((el) => (el as NetworkElement).setState({ Ne: 8000, Ni: 2000, duration: 1000, method: 'published', dt: 1, seed: 3, connectivity: 'fixed-indegree', probe: 0 }))).toEqual([]);
  await box.locator('[data-action="run"]').click();
  await waitForStatus(page, id, 'done', 120_000);
  const result = (await box.evaluate((el) => (el as NetworkElement).getResult()))!;
  console.log(`[network-raster] 10,000 neurons × 1000 ms, 10⁷ synapses: build ${result.buildMs.toFixed(0)} ms, simulation ${result.simMs.toFixed(0)} ms (${(result.duration / result.simMs).toFixed(2)}× real time), ${result.spikeCount} spikes`);
  // net.m's rates survive the scaling (Node: 7.5 / 7.1 Hz); a single run's tolerance, 0.7 Hz.
  expect(Math.abs(result.rates.exc - 7.58)).toBeLessThan(0.7);
  expect(result.simMs).toBeLessThan(result.duration);
  await waitForPainted(page, id);
  expect(problems, formatProblems(problems)).toEqual([]);
});

test.skipIf(!widget)('Pause holds the run, Resume continues it, Cancel ends it and says so', async () => {
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle' });
  const id = widget!.id;
  const box = page.locator(`#${id}`);
  await box.scrollIntoViewIfNeeded();
  await waitForStatus(page, id, 'done');
  // The largest all-to-all network for 5 s: many seconds of work, so there is time to pause and cancel.
  expect(await box.evaluate((el) => (el as NetworkElement).setState({ Ne: 8000, Ni: 2000, duration: 5000, method: 'published', dt: 1, seed: 1, connectivity: 'all-to-all', probe: 0 }))).toEqual([]);
  await box.locator('[data-action="run"]').click();
  await waitForStatus(page, id, 'running');
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-ms')) > 0, `#${id}`);
  const pause = box.locator('[data-action="pause"]');
  await pause.click();
  expect(await box.getAttribute('data-status')).toBe('paused');
  expect(await pause.textContent()).toBe('Resume');
  expect(await pause.getAttribute('aria-pressed')).toBe('true');
  // A piece already on its way may still arrive; after that, nothing moves.
  await page.waitForTimeout(500);
  const held = await attribute(box, 'data-ms');
  await page.waitForTimeout(1500);
  expect(await attribute(box, 'data-ms')).toBe(held);
  expect(await box.locator('[data-role="progress-text"]').textContent()).toMatch(/^Paused: /);
  await pause.click();
  expect(await box.getAttribute('data-status')).toBe('running');
  await page.waitForFunction(([sel, ms]) => Number(document.querySelector(sel!)?.getAttribute('data-ms')) > Number(ms), [`#${id}`, String(held)] as const, { timeout: 30_000 });
  await box.locator('[data-action="cancel"]').click();
  expect(await box.getAttribute('data-status')).toBe('cancelled');
  const message = box.locator('[data-role="message"]');
  expect(await message.isVisible()).toBe(true);
  expect(await message.textContent()).toMatch(/^Cancelled at [\d,]+ of 5,000 ms · [\d,]+ spikes; the plots show the network up to then\./);
  const stopped = await attribute(box, 'data-ms');
  expect(stopped).toBeLessThan(5000);
  await page.waitForTimeout(1000);
  expect(await attribute(box, 'data-ms')).toBe(stopped);
  expect(await box.getAttribute('data-status')).toBe('cancelled');
  expect(await pause.isDisabled()).toBe(true);
  expect(await box.locator('[data-action="cancel"]').isDisabled()).toBe(true);
  await box.screenshot({ path: `${SHOTS}/cancelled.png` });
  expect(problems, formatProblems(problems)).toEqual([]);
});

test.skipIf(!widget)('a changed slider does not run by itself; Run then draws a different raster', async () => {
  const { page, problems } = await browser.openPage(PAGE, { waitUntil: 'networkidle', colorScheme: 'dark' });
  const id = widget!.id;
  const box = page.locator(`#${id}`);
  await box.scrollIntoViewIfNeeded();
  await waitForStatus(page, id, 'done');
  await waitForPainted(page, id);
  const before = { spikes: await attribute(box, 'data-spikes'), ink: await canvasInk(box), runs: await attribute(box, 'data-runs') };
  await box.screenshot({ path: `${SHOTS}/default-dark.png` });
  // Ne by keyboard: one step of the registry (100 neurons).
  const ne = await box.evaluate((el) => (el as NetworkElement).getState().Ne);
  await box.locator('.control[data-key="Ne"] input[type="range"]').focus();
  await page.keyboard.press('ArrowRight');
  expect((await box.evaluate((el) => (el as NetworkElement).getState())).Ne).toBe(ne + 100);
  await page.waitForTimeout(300);
  expect(await attribute(box, 'data-runs')).toBe(before.runs);
  expect(await box.locator('[data-role="message"]').textContent()).toMatch(/Press Run/);
  await box.locator('[data-action="run"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel!)?.getAttribute('data-runs')) > Number(n), [`#${id}`, String(before.runs)] as const);
  await waitForStatus(page, id, 'done');
  await waitForPainted(page, id);
  const after = { spikes: await attribute(box, 'data-spikes'), ink: await canvasInk(box) };
  expect(after.spikes).not.toBe(before.spikes);
  expect(after.ink.checksum).not.toBe(before.ink.checksum);
  // Bad input is refused in words, and Run waits for a setup that can run.
  const probe = box.locator('[data-role="probe"]');
  await probe.fill('-5');
  await probe.dispatchEvent('change');
  expect(await box.locator('[data-role="widget-error"]').textContent()).toMatch(/probe must be a neuron index from 0 to/);
  expect(await box.locator('[data-action="run"]').isDisabled()).toBe(true);
  expect(problems, formatProblems(problems)).toEqual([]);
});
