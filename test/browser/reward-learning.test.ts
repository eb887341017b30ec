/**
 * The reward-learning widget in real Chromium, on every built page that has one: each instance draws both
 * runs without an error, its readouts equal what Node computes for the state it exports (the final
 * discrimination also against a direct `simulateReward` call), the keyboard on a slider changes the plot,
 * the comparison select and reset work, runaway weights show a visible message, bad state handed to
 * setState is refused, and the largest run (5000 trials) redraws within a frame or two.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { discriminationTask, simulateReward } from '../../engine/plasticity/reward.ts';
import { analyseReward, rewardReadouts, rewardSummary, type RewardState } from '../../widgets/reward-learning/state.ts';
import { recordFigure } from '../support/figures.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { widgetInstances } from './support/instances.ts';

const browser = useBrowser();
const instances = widgetInstances<{ state: RewardState }>('reward-learning');
const pages = [...new Set(instances.map((w) => w.path))];

async function renders(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`#${id}`).getAttribute('data-renders'));
}

async function waitForRender(page: Page, id: string, after: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-renders')) > (n as number), [`#${id}`, after] as const);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

async function stateOf(page: Page, id: string): Promise<RewardState> {
  return page.$eval(`#${id}`, (el) => (el as unknown as { getState(): unknown }).getState()) as Promise<RewardState>;
}

/** The final y_A - y_B straight from the engine, not through the widget's own analysis. */
function engineDiscrimination(state: RewardState): number {
  const { eta, sigma, tauE, delay, stimDuration, interval, tauR } = state;
  const result = simulateReward({ ...discriminationTask, params: { eta, sigma, tauE, delay, stimDuration, interval, tauR }, trials: state.trials, seed: state.seed });
  return result.discrimination[state.trials - 1]!;
}

async function expectEqualsNode(page: Page, id: string): Promise<RewardState> {
  await settle(page);
  const state = await stateOf(page, id);
  const analysis = analyseReward(state);
  for (const r of rewardReadouts(state, analysis)) {
    const output = page.locator(`#${id} output[data-readout="${r.id}"]`);
    expect(await output.textContent(), r.id).toBe(r.text);
    const shown = Number(await output.getAttribute('data-value'));
    if (Number.isNaN(r.value)) expect(Number.isNaN(shown), r.id).toBe(true);
    else expect(shown, r.id).toBe(r.value);
  }
  if (analysis.run.ok) expect(Number(await page.locator(`#${id} output[data-readout="disc"]`).getAttribute('data-value'))).toBe(engineDiscrimination(state));
  expect(await page.locator(`#${id} [data-role="summary"]`).textContent()).toBe(rewardSummary(state, analysis));
  return state;
}

test('the site has reward-learning widgets to test', () => {
  expect(instances.length).toBeGreaterThanOrEqual(1);
});

describe.each(pages)('reward-learning widgets on %s', (path) => {
  test('every instance draws both runs, shows no error, and prints the numbers Node computes', async () => {
    const { page, problems } = await browser.openPage(path, { waitUntil: 'networkidle' });
    for (const w of instances.filter((x) => x.path === path)) {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${w.id}`);
      const el = page.locator(`#${w.id}`);
      for (const series of ['disc', 'cmp-disc', 'ya', 'yb', 'cmp-ya', 'reward', 'cmp-reward']) {
        expect((await el.locator(`.series-${series} path`).getAttribute('d'))?.length, `${w.id} ${series}`).toBeGreaterThan(50);
      }
      expect(await el.locator('[data-role="widget-error"]').isHidden()).toBe(true);
      expect(await stateOf(page, w.id)).toEqual(w.config.state);
      await expectEqualsNode(page, w.id);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('reward-learning controls', () => {
  const w = instances[0]!;

  test(`${w.path} #${w.id}: keyboard on the delay slider changes the plot and the numbers; the comparison select and reset work`, async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle' });
    const id = w.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    const before = await page.locator(`#${id} .series-disc path`).getAttribute('d');
    const gBefore = await page.locator(`#${id} output[data-readout="g"]`).textContent();
    await page.locator(`#${id} .control[data-key="delay"] input[type=range]`).focus();
    let count = await renders(page, id);
    await page.keyboard.press('End');
    await waitForRender(page, id, count);
    const state = await expectEqualsNode(page, id);
    expect(state.delay).toBe(5000);
    expect(await page.locator(`#${id} .series-disc path`).getAttribute('d')).not.toBe(before);
    expect(await page.locator(`#${id} output[data-readout="g"]`).textContent()).not.toBe(gBefore);

    count = await renders(page, id);
    await page.keyboard.press('ArrowLeft');
    await waitForRender(page, id, count);
    expect((await expectEqualsNode(page, id)).delay).toBe(4990);

    const other = w.config.state.comparison === 'no-delay' ? 'no-baseline' : 'no-delay';
    count = await renders(page, id);
    await page.locator(`#${id} select[data-role="comparison"]`).selectOption(other);
    await waitForRender(page, id, count);
    expect((await expectEqualsNode(page, id)).comparison).toBe(other);
    expect(await page.locator(`#${id} [data-label-for="disc-comparison"]`).textContent()).toMatch(other === 'no-delay' ? /no delay/ : /no baseline/);

    count = await renders(page, id);
    await page.locator(`#${id} [data-action="reset"]`).click();
    await waitForRender(page, id, count);
    expect(await expectEqualsNode(page, id)).toEqual(w.config.state);
    expect(await page.locator(`#${id} .control[data-key="delay"] input[type=number]`).inputValue()).toBe(String(w.config.state.delay));
    expect(await page.locator(`#${id} select[data-role="comparison"]`).inputValue()).toBe(w.config.state.comparison);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test(`${w.path} #${w.id}: runaway weights show a visible message; bad state is refused with reasons; 5000 trials redraw fast`, async () => {
    const { page, problems } = await browser.openPage(w.path, { waitUntil: 'networkidle' });
    const id = w.id;
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-renders')) >= 1, `#${id}`);
    for (const [key, value] of [['eta', '15'], ['sigma', '0.5']] as const) {
      const field = page.locator(`#${id} .control[data-key="${key}"] input[type=number]`);
      const count = await renders(page, id);
      await field.fill(value);
      await field.press('Enter');
      await waitForRender(page, id, count);
    }
    const alert = page.locator(`#${id} [data-role="widget-error"]`);
    expect(await alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(/ran away in trial \d+/);
    expect(await page.locator(`#${id}`).getAttribute('data-status')).toBe('diverged');
    await expectEqualsNode(page, id);

    const field = page.locator(`#${id} .control[data-key="tauE"] input[type=number]`);
    await field.fill('-3');
    await field.press('Enter');
    expect(await page.locator(`#${id} .control[data-key="tauE"] [data-role="error"]`).isVisible()).toBe(true);
    expect((await stateOf(page, id)).tauE).toBe(w.config.state.tauE);

    const refused = await page.$eval(`#${id}`, (el) => (el as unknown as { setState(s: unknown): { message: string }[] }).setState({ version: 1, eta: 'fast', comparison: 'never' }));
    expect(refused.map((p) => p.message).join(' ')).toMatch(/eta must be a finite number.*'no-trace', 'no-baseline', 'no-delay'/);
    expect((await stateOf(page, id)).eta).toBe(15);

    // Recompute and redraw of the largest run: both 5000-trial simulations, three panels. Speed is a figure
    // (test-results/figures/redraw-large.jsonl), not a tight assertion: about 5 ms on an idle machine, but a CI
    // machine gave a median of 54 ms over these eight runs. The bound only catches a run that blocks the tab.
    const times = await page.$eval(`#${id}`, async (el) => {
      const host = el as unknown as HTMLElement & { getState(): Record<string, unknown>; setState(s: unknown): unknown };
      const out: number[] = [];
      for (let seed = 1; seed <= 8; seed++) {
        host.setState({ ...host.getState(), eta: 5, sigma: 0.3, trials: 5000, seed });
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        out.push(Number(host.dataset['renderMs']));
      }
      return out;
    });
    const sorted = [...times].sort((a, b) => a - b);
    const medianMs = sorted[Math.floor(sorted.length / 2)]!;
    recordFigure('redraw-large', `${w.path}#${id}`, { trials: 5000, medianMs, maxMs: sorted.at(-1)!, runs: times.length });
    expect(medianMs, times.join(' ')).toBeLessThan(250);
    await expectEqualsNode(page, id);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
