/**
 * The Hopfield grid and weight matrix widgets in real Chromium, on every built page that has one: each draws
 * without an error; drawing with the mouse and with the keyboard changes a cell; load + corrupt + run recovers
 * the pattern, and the state and overlaps shown equal the engine's result in Node for the same seed; the
 * weight matrix's count slider works by keyboard and its readouts equal Node's counts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createHopfield, overlaps, recall } from '../../engine/attractors/hopfield.ts';
import { corrupt, patternOf } from '../../engine/attractors/patterns.ts';
import { createRandom } from '../../engine/random/rng.ts';
import type { GridConfig } from '../../widgets/hopfield-grid/config.ts';
import { createSession, ORDER_SEED_OFFSET, type GridState } from '../../widgets/hopfield-grid/session.ts';
import { weightData, type WeightConfig } from '../../widgets/weight-matrix/compute.ts';
import { formatProblems, settledBox, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['hopfield-grid', 'weight-matrix'];
const grids = widgetInstances<GridConfig>('hopfield-grid');
const matrices = widgetInstances<WeightConfig>('weight-matrix');
const pages = [...new Set([...grids, ...matrices].map((w) => w.path))];

async function ready(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
}

async function stateOf(page: Page, id: string): Promise<GridState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): GridState }).getState());
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

test('the site has Hopfield grids and weight matrices to test', () => {
  expect(grids.length).toBeGreaterThanOrEqual(2);
  expect(matrices.length).toBeGreaterThanOrEqual(1);
});

describe.each(pages)('Hopfield widgets on %s', (path) => {
  test('every instance draws its grid, plot, thumbnails and readouts with no error shown', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const w of grids.filter((x) => x.path === path)) {
      await ready(page, w.id);
      const el = page.locator(`#${w.id}`);
      expect(await el.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const canvas = await el.locator('[data-role="canvas"]').boundingBox();
      expect(canvas!.width).toBeGreaterThan(100);
      // The canvas has pixels of both colours when the state has both values.
      const inked = await el.locator('[data-role="canvas"]').evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<string>();
        for (let k = 0; k < d.length; k += 4 * 97) seen.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
        return seen.size;
      });
      expect(inked).toBeGreaterThanOrEqual(2);
      expect(await el.locator('.hg-thumb').count()).toBeGreaterThan(0);
      expect(await el.locator('.panel-overlap .y-axis .tick').count()).toBeGreaterThan(2);
      for (const text of await el.locator('output[data-readout]').allTextContents()) expect(text).not.toBe('…');
      expect((await el.locator('[data-role="summary"]').textContent())?.length).toBeGreaterThan(40);
    }
    for (const w of matrices.filter((x) => x.path === path)) {
      await ready(page, w.id);
      const el = page.locator(`#${w.id}`);
      expect(await el.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      expect(await el.locator('.weight-bar').count()).toBe(w.config.count + 1);
      expect(await el.locator('.dots-theory circle').count()).toBe(w.config.count + 1);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('drawing', () => {
  const w = grids[0]!;
  test('a mouse click toggles the cell under it; arrow keys and Space toggle another', async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await ready(page, w.id);
    const before = await stateOf(page, w.id);
    await page.locator(`#${w.id} [data-role="canvas"]`).scrollIntoViewIfNeeded();
    const box = await settledBox(page.locator(`#${w.id} [data-role="canvas"]`));
    const cell = box.width / w.config.size;
    // Row 1, column 1 (0-based), by the mouse.
    await page.mouse.click(box.x + 1.5 * cell, box.y + 1.5 * cell);
    await settle(page);
    const afterMouse = await stateOf(page, w.id);
    expect(afterMouse.grid[1]![1]).not.toBe(before.grid[1]![1]);
    expect(afterMouse.grid.join('').split('').filter((c, k) => c !== before.grid.join('')[k]).length).toBe(1);
    // By keyboard: focus is on that cell now; move right twice and down once, then Space.
    await page.locator(`#${w.id} [data-role="grid"]`).focus();
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown']) await page.keyboard.press(key);
    expect(await page.locator(`#${w.id} [data-role="cell"]`).textContent()).toMatch(/^Row 3, column 4: /);
    await page.keyboard.press('Space');
    await settle(page);
    const afterKey = await stateOf(page, w.id);
    expect(afterKey.grid[2]![3]).not.toBe(afterMouse.grid[2]![3]);
    expect(await page.locator(`#${w.id} [data-role="cell"]`).textContent()).toMatch(/^Row 3, column 4: /);
    // Reset returns to the lesson's setup.
    await page.locator(`#${w.id} [data-action="reset"]`).click();
    await expect.poll(() => stateOf(page, w.id)).toEqual(before);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('recall', () => {
  test.each(grids.map((w) => [w.path, w.id, w] as const))('%s #%s: load, corrupt and run by keyboard recover what Node computes', async (_path, id, w) => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await ready(page, id);
    const el = page.locator(`#${id}`);
    const cue = w.config.cue;
    // Keyboard only: Enter on the buttons.
    await el.locator('[data-action="load"]').focus();
    await page.keyboard.press('Enter');
    await el.locator('[data-action="corrupt"]').focus();
    await page.keyboard.press('Enter');
    await el.locator('[data-action="run"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-running') === 'false' && Number(document.querySelector(sel)?.getAttribute('data-sweeps')) > 0, `#${id}`, { timeout: 30_000 });
    await settle(page);
    // Node: the same patterns, the first corruption from createRandom(seed + 1), the same update order.
    const set = createSession(w.config).set;
    const net = createHopfield(set, corrupt(patternOf(set, cue), w.config.corruption / 100, createRandom(w.config.seed + 1)));
    const result = recall(net, w.config.mode, 400, w.config.mode === 'async' ? createRandom(w.config.seed + ORDER_SEED_OFFSET) : undefined);
    const state = await stateOf(page, id);
    const rows = Array.from({ length: w.config.size }, (_, r) => Array.from(net.state.subarray(r * w.config.size, (r + 1) * w.config.size), (v) => (v === 1 ? '#' : '.')).join(''));
    expect(state.grid).toEqual(rows);
    expect(Number(await el.getAttribute('data-sweeps'))).toBe(result.steps);
    const m = overlaps(net);
    const best = Math.max(...Array.from(m, Math.abs));
    expect(Math.abs(Number(await el.locator('output[data-readout="overlaps"]').getAttribute('data-value')))).toBe(best);
    // Every lesson setup with a corrupted cue recovers it: overlap 1 shown, and the verdict names the pattern.
    if (w.config.corruption > 0 && w.config.corruption < 50) {
      expect(m[cue]).toBe(1);
      expect(await el.locator('output[data-readout="overlaps"]').textContent()).toMatch(/: 1\.00/);
      expect(await el.getAttribute('data-verdict')).toBe('pattern');
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('weight matrix', () => {
  test.each(matrices.map((w) => [w.path, w.id, w] as const))('%s #%s: the count slider works by keyboard and the readouts equal Node', async (_path, id, w) => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    await ready(page, id);
    const slider = page.locator(`#${id} [data-role="count"]`);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const count = Math.min(w.config.count + 2, w.config.maxCount);
    await page.waitForFunction(([sel, n]) => document.querySelector(sel as string)?.getAttribute('data-count') === String(n), [`#${id}`, count] as const);
    await settle(page);
    const node = weightData(w.config, count);
    expect(Number(await page.locator(`#${id} output[data-readout="variance"]`).getAttribute('data-value'))).toBe(node.variance);
    expect(Number(await page.locator(`#${id} output[data-readout="largest"]`).getAttribute('data-value'))).toBe(node.largest);
    expect(await page.locator(`#${id} .weight-bar`).count()).toBe(count + 1);
    await page.locator(`#${id} [data-action="reset"]`).click();
    await page.waitForFunction(([sel, n]) => document.querySelector(sel as string)?.getAttribute('data-count') === String(n), [`#${id}`, w.config.count] as const);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('layout', () => {
  test.each(['light', 'dark'] as const)('at 360 px (%s) the widgets fit and the page does not scroll sideways', async (colorScheme) => {
    const { page, problems } = await browser.openPage(grids[0]!.path, { waitUntil: 'networkidle', widgets: WIDGETS, viewport: { width: 360, height: 800 }, colorScheme });
    await ready(page, grids[0]!.id);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    for (const w of [...grids, ...matrices].filter((x) => x.path === grids[0]!.path)) {
      const box = await page.locator(`#${w.id}`).boundingBox();
      expect(box!.x + box!.width, w.id).toBeLessThanOrEqual(360);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
