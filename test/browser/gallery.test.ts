/**
 * The Izhikevich gallery in real Chromium: every instance on every built page draws with no error; for
 * three presets the spike counts it prints for both numerics equal the engine's in Node (and, for one,
 * `npm run sim`'s on the exported scenario); the chooser, the numerics switch and a slider work by
 * keyboard; a stimulus that does not parse is shown inline and keeps the last plot; feature T's runaway
 * firing is explained rather than shown as an error.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { runnerOutput, runScenario, type Scenario } from '../../engine/index.ts';
import { formatNumber } from '../../widgets/lib/format.ts';
import { scenarioOf, type GalleryState, type Numerics } from '../../widgets/gallery/state.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { distDir, listPages } from './support/pages.ts';

const browser = useBrowser();
// The widgets these tests use; the page's others stay unloaded (OpenPageOptions.widgets).
const WIDGETS = ['izhikevich-gallery'];

/** Gallery ids by page, read from the built HTML. */
function galleriesByPage(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const path of listPages()) {
    const file = path === '/404.html' ? join(distDir(), '404.html') : join(distDir(), decodeURIComponent(path), 'index.html');
    const ids = [...readFileSync(file, 'utf8').matchAll(/<izhikevich-gallery id="([^"]+)"/g)].map((m) => m[1]!);
    if (ids.length > 0) found.set(path, ids);
  }
  return found;
}

const galleries = galleriesByPage();
const first = [...galleries].map(([path, ids]) => ({ path, id: ids[0]! }))[0];

async function complete(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`#${id}[data-complete="true"]`);
}

async function stateOf(page: Page, id: string): Promise<GalleryState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): GalleryState }).getState());
}

async function output(page: Page, id: string, readout: string): Promise<string> {
  return (await page.locator(`#${id} output[data-readout="${readout}"]`).textContent()) ?? '';
}

async function voltagePath(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} .series-voltage path`).getAttribute('d')) ?? '';
}

/** Waits until the widget has redrawn after `action` and both runs are in. */
async function afterRedraw(page: Page, id: string, action: () => Promise<unknown>): Promise<void> {
  const before = Number(await page.locator(`#${id}`).getAttribute('data-renders'));
  await action();
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, before] as const);
  await complete(page, id);
}

/** What the gallery should print in the spike row for a run computed here in Node. */
function expectedSpikes(scenario: Scenario): string {
  const result = runScenario(scenario);
  return result.divergence?.reason === 'runaway firing' ? 'runaway' : String(result.spikes.length);
}

test('the site has an Izhikevich gallery to test', () => {
  expect(first, 'no <izhikevich-gallery> on any built page').toBeDefined();
});

describe.each([...galleries.keys()])('galleries on %s', (path) => {
  test('every gallery draws its trace and stimulus, fills both readout columns and its summary, with no error shown', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle', widgets: WIDGETS });
    for (const id of galleries.get(path)!) {
      await complete(page, id);
      const widget = page.locator(`#${id}`);
      expect(await widget.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      const paths = await widget.locator('svg path.series-line').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
      expect(paths).toHaveLength(2);
      for (const d of paths) expect(d.length).toBeGreaterThan(20);
      for (const text of await widget.locator('output[data-readout]').allTextContents()) expect(text).not.toBe('…');
      expect((await widget.locator('[data-role="summary"]').textContent())?.length).toBeGreaterThan(30);
      // The exported scenario is the run shown, as the runner reads it.
      const state = await stateOf(page, id);
      expect(JSON.parse((await widget.locator('[data-role="scenario"]').textContent()) ?? '')).toEqual(scenarioOf(state, state.numerics));
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('Izhikevich gallery', () => {
  test.each(['C', 'N', 'T'])("preset %s, chosen in the select: both spike counts equal the engine's in Node", async (preset) => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption(preset));
    const state = await stateOf(page, id);
    expect(state.preset).toBe(preset);
    for (const which of ['published', 'accurate'] as const) {
      const scenario = scenarioOf(state, which);
      expect(await output(page, id, `${which}-spikes`)).toBe(expectedSpikes(scenario));
      const result = runScenario(scenario);
      expect(await output(page, id, `${which}-first`)).toBe(formatNumber(result.spikes[0]!, 2));
    }
    expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toMatch(new RegExp(`^Feature ${preset}, `));
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test("npm run sim on the exported scenario gives the spikes the gallery shows (feature C, both numerics)", async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption('C'));
    for (const which of ['published', 'accurate'] as const) {
      const radio = page.locator(`#${id} input[data-role="numerics"][value="${which}"]`);
      if (!(await radio.isChecked())) await afterRedraw(page, id, () => radio.check());
      const exported = (await page.locator(`#${id} [data-role="scenario"]`).textContent()) ?? '';
      const run = spawnSync(join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['engine/cli/run.ts', '-'], { input: exported, encoding: 'utf8', cwd: process.cwd() });
      expect(run.status, run.stderr).toBe(0);
      const printed = JSON.parse(run.stdout) as ReturnType<typeof runnerOutput>;
      expect(await output(page, id, `${which}-spikes`)).toBe(String(printed.spikes.length));
      expect(await output(page, id, `${which}-first`)).toBe(formatNumber(printed.spikes[0]!, 2));
      expect(await page.locator(`#${id} [data-shown-for="${which}"]`).isVisible()).toBe(true);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the chooser works by keyboard: the arrow keys step through the presets', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    const select = page.locator(`#${id} [data-role="preset"]`);
    const options = await select.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const start = (await stateOf(page, id)).preset;
    await select.focus();
    await afterRedraw(page, id, () => page.keyboard.press('ArrowDown'));
    const next = options[options.indexOf(start) + 1]!;
    expect((await stateOf(page, id)).preset).toBe(next);
    expect(await page.locator(`#${id} [data-role="status"]`).textContent()).toMatch(new RegExp(`^(Feature|Cell type) ${next}, `));
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the numerics switch works with the arrow keys and changes the trace, not the counts', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption('D'));
    const start = (await stateOf(page, id)).numerics;
    const counts = [await output(page, id, 'published-spikes'), await output(page, id, 'accurate-spikes')];
    const before = await voltagePath(page, id);
    await page.locator(`#${id} input[data-role="numerics"]:checked`).focus();
    await afterRedraw(page, id, () => page.keyboard.press(start === 'published' ? 'ArrowDown' : 'ArrowUp'));
    const now: Numerics = (await stateOf(page, id)).numerics;
    expect(now).not.toBe(start);
    expect(await voltagePath(page, id)).not.toBe(before);
    expect([await output(page, id, 'published-spikes'), await output(page, id, 'accurate-spikes')]).toEqual(counts);
    expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toContain(`(${now} numerics)`);
    // Feature D's two counts differ, and its note says why.
    expect(await page.locator(`#${id} [data-role="note"]`).isVisible()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a slider moved by keyboard redraws, marks the setup as edited, and the counts follow the engine; reset restores the protocol', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption('RS'));
    const original = await stateOf(page, id);
    const before = await voltagePath(page, id);
    const slider = page.locator(`#${id} .control[data-key="d"] input[type=range]`);
    await slider.focus();
    await afterRedraw(page, id, async () => {
      for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowLeft');
    });
    await expect.poll(async () => (await stateOf(page, id)).params['d']).toBeCloseTo(6, 9);
    await complete(page, id);
    const state = await stateOf(page, id);
    expect(await voltagePath(page, id)).not.toBe(before);
    expect(await page.locator(`#${id} [data-role="status"]`).textContent()).toMatch(/edited/);
    for (const which of ['published', 'accurate'] as const) expect(await output(page, id, `${which}-spikes`)).toBe(expectedSpikes(scenarioOf(state, which)));
    await afterRedraw(page, id, () => page.locator(`#${id} [data-action="reset"]`).click());
    expect(await stateOf(page, id)).toEqual(original);
    expect(Number(await page.locator(`#${id} .control[data-key="d"] input[type=number]`).inputValue())).toBe(original.params['d']);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test("a long free-play run is computed by the engine worker, and its counts equal the engine's in Node", async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption('RS'));
    const field = page.locator(`#${id} .control[data-key="duration"] input[type=number]`);
    await field.fill('2000');
    await field.press('Enter');
    await page.waitForFunction((sel) => (document.querySelector(sel) as unknown as { getState(): GalleryState }).getState().duration === 2000, `#${id}`);
    const state = await stateOf(page, id);
    // The worker answers some frames later, and data-complete may still describe the previous setup for a
    // moment: wait for the numbers themselves.
    for (const which of ['published', 'accurate'] as const) {
      await expect.poll(() => output(page, id, `${which}-spikes`), { timeout: 30_000 }).toBe(expectedSpikes(scenarioOf(state, which)));
    }
    await complete(page, id);
    const workers = page.workers().map((w) => new URL(w.url()));
    expect(workers.some((url) => /\/_astro\/engine\.worker[.-][\w-]+\.js$/.test(url.pathname))).toBe(true);
    expect(await page.locator(`#${id} [data-role="busy"]`).isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a stimulus that does not parse is shown under the field with its column; the last good plot stays', async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    const before = await stateOf(page, id);
    const path = await voltagePath(page, id);
    const field = page.locator(`#${id} [data-role="expression"]`);
    await field.fill('(t > 10) * ');
    await field.press('Enter');
    const error = page.locator(`#${id} [data-role="expression-error"]`);
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/column 12/);
    expect(await page.locator(`#${id} [data-role="expression-pointer"]`).textContent()).toBe('(t > 10) * \n           ^');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await stateOf(page, id)).toEqual(before);
    expect(await voltagePath(page, id)).toBe(path);

    await field.fill('(t > 10) * 20');
    await afterRedraw(page, id, () => field.press('Enter'));
    expect(await error.isHidden()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    const state = await stateOf(page, id);
    expect(state.stimulus).toBe('(t > 10) * 20');
    expect(await output(page, id, 'accurate-spikes')).toBe(expectedSpikes(scenarioOf(state, 'accurate')));
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test("feature T's accurate run is explained as runaway firing, not shown as an error", async () => {
    const { page, problems } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    await afterRedraw(page, id, () => page.locator(`#${id} [data-role="preset"]`).selectOption('T'));
    const accurate = page.locator(`#${id} input[data-role="numerics"][value="accurate"]`);
    if (!(await accurate.isChecked())) await afterRedraw(page, id, () => accurate.check());
    const explain = page.locator(`#${id} [data-role="explain"]`);
    expect(await explain.isVisible()).toBe(true);
    expect(await explain.textContent()).toMatch(/^No bounded solution in continuous time/);
    expect(await page.locator(`#${id} [data-role="widget-error"]`).isHidden()).toBe(true);
    expect(await output(page, id, 'accurate-spikes')).toBe('runaway');
    expect((await voltagePath(page, id)).length).toBeGreaterThan(20);
    expect(await page.locator(`#${id} .stop line`).count()).toBe(1);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('setState refuses a corrupted state and changes nothing', async () => {
    const { page } = await browser.openPage(first!.path, { waitUntil: 'networkidle', widgets: WIDGETS });
    const id = first!.id;
    await complete(page, id);
    const before = await stateOf(page, id);
    const problems = await page.$eval(`#${id}`, (el, state) => (el as unknown as { setState(s: unknown): { message: string }[] }).setState({ ...state, dt: 7 }), before);
    expect(problems.map((p) => p.message).join(' ')).toMatch(/dt must be a number from 0.01 to 1 ms/);
    expect(await stateOf(page, id)).toEqual(before);
  });
});
