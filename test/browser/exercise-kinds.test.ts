/**
 * The new exercise kinds on the real lesson pages, in Chromium: a variant stays locked until a student code
 * is entered, then shows the numbers the generator gives in Node for that code; the right answer (computed
 * here by importing the generator) is marked correct and a wrong one wrong; another code gives other
 * numbers. The widget check judges the rheobase probe as set; the Morris–Lecar variant loads its neurons
 * into the f–I widget; a reflection and a numeric answer survive a reload; a corrupted store says so once.
 * The tests run in order and share one browser profile (its localStorage), as one student would.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { VariantAnswer } from '../../widgets/exercise/check';
import { STORAGE_KEY } from '../../widgets/exercise/progress';
import { studentVariant } from '../../widgets/exercise/variants';
import { formatProblems, loadAllWidgets, useBrowser } from './support/browser.ts';

const browser = useBrowser();

const LIF_PAGE = '/lessons/01-integrate-and-fire/';
const ML_PAGE = '/lessons/06-two-dimensional-reductions/';
const MEAN_FIELD_PAGE = '/lessons/13-mean-field/';
const EXERCISES = ['membrane-exercise', 'membrane-student-code'];
const unknown: VariantAnswer = { kind: 'variant', generator: 'lif-unknown-rheobase' };
const whichTypeI: VariantAnswer = { kind: 'variant', generator: 'ml-which-type-i', widget: 'ml-fi-unknown' };

async function enterCode(page: Page, exercise: string, code: string): Promise<void> {
  const box = page.locator(`#exercise-${exercise} membrane-student-code`);
  await box.locator('input').fill(code);
  await box.locator('button[type="submit"]').click();
  await page.waitForFunction(
    ([sel, c]) => {
      const el = document.querySelector(sel!);
      return el?.getAttribute('data-variant-state') === 'ready' && el.getAttribute('data-variant-code') === c;
    },
    // The box stores the code normalised (trimmed, upper case).
    [`#exercise-${exercise}`, code.trim().toUpperCase()] as const,
  );
}

/** Types (or picks) an answer, or none for a widget check, checks it and waits for the outcome. */
async function answer(page: Page, exercise: string, value: string | number | null): Promise<string> {
  const root = page.locator(`#exercise-${exercise}`);
  const before = await root.locator('[data-part="attempts"]').textContent();
  if (typeof value === 'number') await root.locator(`input[type="radio"][value="${value}"]`).check();
  else if (value !== null) await root.locator('[data-part="input"]').fill(value);
  await root.locator('[data-part="submit"]').click();
  await page.waitForFunction(
    ([sel, text]) => document.querySelector(`${sel} [data-part="attempts"]`)?.textContent !== text,
    [`#exercise-${exercise}`, before] as const,
    { timeout: 30_000 },
  );
  return (await root.getAttribute('data-state')) ?? '';
}

const slotText = (page: Page, exercise: string, name: string) => page.locator(`#exercise-${exercise} .exercise-question [data-variant="${name}"]`).textContent();

describe('exercise kinds on the lesson pages', () => {
  test('a variant is locked without a code, shows the code’s numbers, and judges with the engine', async () => {
    const { page, problems } = await browser.openPage(LIF_PAGE, { waitUntil: 'networkidle', widgets: EXERCISES });
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: 'networkidle' });
    await loadAllWidgets(page, { tags: EXERCISES });
    const root = page.locator('#exercise-unknown-neuron');
    await expect.poll(() => root.getAttribute('data-variant-state')).toBe('locked');
    expect(await slotText(page, 'unknown-neuron', 'plateau')).toBe('…');
    expect(await root.locator('[data-part="input"]').isDisabled()).toBe(true);
    expect(await root.locator('[data-part="variant-lock"]').isVisible()).toBe(true);

    await enterCode(page, 'unknown-neuron', 'test01');
    const key = `${LIF_PAGE}#unknown-neuron`;
    const mine = studentVariant(unknown, 'TEST01', key);
    for (const name of ['uRest', 'I1', 'plateau', 'tau63', 'theta']) expect(await slotText(page, 'unknown-neuron', name)).toBe(mine.values[name]);
    expect(mine.answer.kind).toBe('numeric');
    const right = mine.answer.kind === 'numeric' ? mine.answer.value : Number.NaN;
    expect(await answer(page, 'unknown-neuron', String(right * 10))).toBe('wrong');
    expect(await answer(page, 'unknown-neuron', `${(right * 1000).toFixed(2)} pA`)).toBe('correct');

    await enterCode(page, 'unknown-neuron', 'TEST02');
    const theirs = studentVariant(unknown, 'TEST02', key);
    expect(theirs.values['plateau'] !== mine.values['plateau'] || theirs.values['theta'] !== mine.values['theta']).toBe(true);
    expect(await slotText(page, 'unknown-neuron', 'plateau')).toBe(theirs.values['plateau']);
    expect(await slotText(page, 'unknown-neuron', 'theta')).toBe(theirs.values['theta']);
    // The verdict on the old numbers is gone; the saved line still tells what was answered.
    expect(await root.locator('[data-part="feedback"]').textContent()).toBe('');
    expect(await root.locator('[data-part="saved"]').textContent()).toContain('(correct, 2 attempts)');
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the widget check judges the rheobase probe as it is set', async () => {
    const { page, problems } = await browser.openPage(LIF_PAGE, { waitUntil: 'networkidle', widgets: [...EXERCISES, 'membrane-trace'] });
    const setAmplitude = (amplitude: number) =>
      page.$eval(
        '#rheobase-probe',
        (el, a) => {
          const widget = el as unknown as { getState(): { stimulus: Record<string, unknown>[] }; setState(s: unknown): unknown[] };
          const state = widget.getState();
          return widget.setState({ ...state, stimulus: [{ ...state.stimulus[0], amplitude: a }] });
        },
        amplitude,
      );
    expect(await setAmplitude(1.51)).toEqual([]);
    expect(await answer(page, 'rheobase-widget', null)).toBe('correct');
    expect(await page.locator('#exercise-rheobase-widget [data-part="feedback"]').textContent()).toContain('fires repetitively');
    expect(await setAmplitude(1.45)).toEqual([]);
    expect(await answer(page, 'rheobase-widget', null)).toBe('wrong');
    expect(await page.locator('#exercise-rheobase-widget [data-part="feedback"]').textContent()).toContain('does not fire repetitively');
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a numeric answer is restored after a reload, with its attempts and unlocked solution', async () => {
    const { page, problems } = await browser.openPage(LIF_PAGE, { waitUntil: 'networkidle', widgets: EXERCISES });
    expect(await answer(page, 'rheobase', '1.7')).toBe('wrong');
    expect(await answer(page, 'rheobase', '1500 pA')).toBe('correct');
    await page.reload({ waitUntil: 'networkidle' });
    await loadAllWidgets(page, { tags: EXERCISES });
    const root = page.locator('#exercise-rheobase');
    await expect.poll(() => root.getAttribute('data-state')).toBe('correct');
    expect(await root.locator('[data-part="input"]').inputValue()).toBe('1500 pA');
    expect(await root.locator('[data-part="attempts"]').textContent()).toBe('2 attempts');
    expect(await root.locator('[data-part="saved"]').textContent()).toBe('Your last answer: “1500 pA” (correct, 2 attempts).');
    expect(await root.locator('[data-part="solution-toggle"]').isEnabled()).toBe(true);
    // The variant answered in the first test is still there, for the code it was given under.
    expect(await page.locator('#exercise-unknown-neuron').getAttribute('data-variant-code')).toBe('TEST02');
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the type I variant: the saved code carries over, presets load into the f–I widget, the engine judges', async () => {
    const { page, problems } = await browser.openPage(ML_PAGE, { widgets: [...EXERCISES, 'fi-curve'] });
    const root = page.locator('#exercise-which-type-i');
    await expect.poll(() => root.getAttribute('data-variant-state'), { timeout: 20_000 }).toBe('ready');
    expect(await root.getAttribute('data-variant-code')).toBe('TEST02');
    const mine = studentVariant(whichTypeI, 'TEST02', `${ML_PAGE}#which-type-i`);
    expect(await slotText(page, 'which-type-i', 'CA')).toBe(mine.values['CA']);
    expect(await slotText(page, 'which-type-i', 'CB')).toBe(mine.values['CB']);

    await root.getByRole('button', { name: 'Load neuron B into the widget' }).click();
    const params = await page.$eval('#ml-fi-unknown', (el) => (el as unknown as { getState(): { params: Record<string, number> } }).getState().params);
    expect(params).toEqual(mine.widgetPreset![1]!.params);

    const correct = mine.answer.kind === 'choice' ? mine.answer.correct : -1;
    expect(await answer(page, 'which-type-i', 1 - correct)).toBe('wrong');
    expect(await answer(page, 'which-type-i', correct)).toBe('correct');
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a reflection is saved, not graded, and survives a reload', async () => {
    const { page, problems } = await browser.openPage(MEAN_FIELD_PAGE, { waitUntil: 'networkidle', widgets: EXERCISES });
    const root = page.locator('#exercise-pop-reflection');
    const text = 'No single neuron oscillates at gamma; the loop of excitation and inhibition does.';
    expect(await answer(page, 'pop-reflection', text)).toBe('saved');
    expect(await root.locator('[data-part="solution-toggle"]').isEnabled()).toBe(true);
    await page.reload({ waitUntil: 'networkidle' });
    await loadAllWidgets(page, { tags: EXERCISES });
    await expect.poll(() => root.getAttribute('data-state')).toBe('saved');
    expect(await root.locator('[data-part="input"]').inputValue()).toBe(text);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('a corrupted store gives one polite message on the page, and answers are saved afresh', async () => {
    const { page, problems } = await browser.openPage(LIF_PAGE, { waitUntil: 'networkidle', widgets: EXERCISES });
    await page.evaluate((key) => localStorage.setItem(key, '{"format":"membrane-progress","version":1,"entries":{"x":'), STORAGE_KEY);
    await page.reload({ waitUntil: 'networkidle' });
    await loadAllWidgets(page, { tags: EXERCISES });
    const shown = page.locator('[data-part="store-problem"]:not([hidden])');
    await expect.poll(() => shown.count()).toBe(1);
    expect(await shown.textContent()).toContain('could not be read');
    expect(await page.locator('#exercise-unknown-neuron').getAttribute('data-variant-state')).toBe('locked');
    expect(await answer(page, 'rheobase', '1.5')).toBe('correct');
    const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as { entries: Record<string, unknown> }, STORAGE_KEY);
    expect(Object.keys(stored.entries)).toEqual([`${LIF_PAGE}#rheobase`]);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});
