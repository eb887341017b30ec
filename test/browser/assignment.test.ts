/**
 * Assignments end to end in Chromium: on /instructors/ pick a numeric exercise of lesson 01 and a choice of
 * lesson 02, order them and make the link; open it as a student, enter a student code, answer one right (the
 * value computed here from the exercise's own data-answer) and one wrong; export the hand-in file (captured
 * from the download); load it on /instructors/grade/ and see two rows, one correct and one wrong, and the same
 * rows in the CSV download. Broken links and an edited hand-in file give their messages and load nothing
 * wrong. The filled-in pages pass axe in light and dark (the site-wide tests only see them empty).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { encodeLink } from '../../widgets/lib/link-codec.ts';
import { formatProblems, useBrowser } from './support/browser.ts';
import { axeOf } from './support/axe.ts';

const browser = useBrowser();

const NUMERIC = { page: '/lessons/01-integrate-and-fire/', id: 'rheobase' };
const CHOICE = { page: '/lessons/02-nonlinear-integrate-and-fire/', id: 'delta-t-limit' };
const CODE = 'TEST-042';

interface Spec {
  kind: string;
  value?: number;
  unit?: string;
  options?: string[];
  correct?: number;
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await axeOf(page).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}: ${v.help}`));
}

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Shared across the steps of the full path, which run in order. */
const run: { link?: string; handIn?: { name: string; text: string } } = {};

describe('the full path: build, answer, export, grade', () => {
  test('the builder makes a link of two exercises in the chosen order, with an answer key', async () => {
    const { page, problems } = await browser.openPage('/instructors/');
    await page.getByText(/exercises from \d+ lessons/).waitFor();
    // Chosen in the reverse order, then reordered with the keyboard-operable buttons.
    for (const { page: lesson, id } of [CHOICE, NUMERIC]) {
      const box = page.locator(`input[type="checkbox"][value="${lesson}#${id}"]`);
      await box.locator('xpath=ancestor::details').locator('summary').click();
      await box.check();
    }
    await expect.poll(() => page.locator('.chosen-item').count()).toBe(2);
    await page.locator('.chosen-item').nth(1).getByRole('button', { name: /^Move up/ }).click();
    expect(await page.locator('.chosen-title strong').allTextContents()).toEqual(['The minimal current', 'The sharp limit']);
    // A pasted link that is not a widget setup is refused next to its field.
    const preset = page.locator('#preset-0');
    await preset.fill('not a link');
    await preset.press('Tab');
    await expect.poll(() => page.locator('.chosen-item').first().locator('.field-problem').textContent()).toMatch(/not a widget/);
    // A real "link to this setup" of a lesson-01 figure is accepted; one naming a figure not on that lesson is not.
    const lesson = await browser.openPage(NUMERIC.page, { widgets: ['membrane-trace'] });
    const state = await lesson.page.evaluate(() => (document.getElementById('rheobase-probe') as HTMLElement & { getState(): unknown }).getState());
    await lesson.page.close();
    const setup = `${NUMERIC.page}#setup=rheobase-probe.${encodeLink('widget', 1, { state })}`;
    await page.locator('#preset-0').fill(setup.replace('rheobase-probe', 'no-such-figure'));
    await page.locator('#preset-0').press('Tab');
    await expect.poll(() => page.locator('.chosen-item').first().locator('.field-problem').textContent()).toMatch(/no figure “no-such-figure”/);
    await page.locator('#preset-0').fill(setup);
    await page.locator('#preset-0').press('Tab');
    await expect.poll(() => page.locator('.chosen-item').first().locator('.field-note').textContent()).toMatch(/Opens widget “rheobase-probe”/);

    // Without a title the link is refused, in words.
    await page.getByRole('button', { name: 'Make the student link' }).click();
    expect(await page.locator('[data-part="problems"]').textContent()).toMatch(/title is empty/i);

    await page.getByLabel('Title').fill('Week 1: thresholds');
    await page.getByLabel(/Instructions/).fill('Answer both exercises.');
    await page.getByLabel(/^Due/).fill('Friday, 17:00');
    await page.getByRole('button', { name: 'Make the student link' }).click();
    const link = await page.locator('#assignment-link').inputValue();
    expect(link).toMatch(/\/assignment\/#a=assignment1\.[A-Za-z0-9_-]+\.[0-9a-z]+$/);
    run.link = link;

    const key = page.locator('.answer-key-item');
    expect(await key.count()).toBe(2);
    expect(await key.first().textContent()).toMatch(/Answer: \d/);
    expect(await key.nth(1).locator('.katex, .exercise-solution').count(), 'the key shows the worked solution').toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the student answers one right and one wrong, and exports the hand-in', async () => {
    expect(run.link, 'the builder step made a link').toBeDefined();
    const { page, problems } = await browser.openPage(run.link!);
    const exercises = page.locator('membrane-exercise');
    await expect.poll(() => exercises.count()).toBe(2);
    expect(await page.locator('h1').textContent()).toBe('Week 1: thresholds');
    expect(await page.getByText('Due: Friday, 17:00').count()).toBe(1);
    // Links back to each exercise in its lesson.
    expect(await page.locator('.assignment-origin a').first().getAttribute('href')).toBe(`${NUMERIC.page}#exercise-${NUMERIC.id}`);
    // The preset opens the lesson's figure in the instructor's setup.
    expect(await page.locator('.assignment-origin a').nth(1).getAttribute('href')).toMatch(new RegExp(`^${NUMERIC.page}#setup=rheobase-probe\\.widget1\\.`));

    await page.locator('#student-code-input').fill(CODE);
    await page.getByRole('button', { name: 'Use this code' }).first().click();
    await page.getByText(`Your student code: ${CODE}`).first().waitFor();

    const numeric = exercises.nth(0);
    const numericSpec = JSON.parse((await numeric.getAttribute('data-answer'))!) as Spec;
    expect(numericSpec.kind).toBe('numeric');
    await numeric.locator('input[data-part="input"]').fill(`${numericSpec.value} ${numericSpec.unit}`);
    await numeric.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => numeric.getAttribute('data-state')).toBe('correct');

    const choice = exercises.nth(1);
    const choiceSpec = JSON.parse((await choice.getAttribute('data-answer'))!) as Spec;
    const wrong = choiceSpec.correct === 0 ? 1 : 0;
    await choice.locator(`input[type="radio"][value="${wrong}"]`).check();
    await choice.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => choice.getAttribute('data-state')).toBe('wrong');

    // Solutions were allowed: the toggle exists and unlocks after the attempt.
    expect(await choice.locator('[data-part="solution-toggle"]').isEnabled()).toBe(true);

    const handIn = await downloadText(page, () => page.getByRole('button', { name: 'Export my answers' }).click());
    expect(handIn.name).toBe('membrane-test-042-week-1-thresholds.json');
    const parsed = JSON.parse(handIn.text) as { studentCode: string; answers: { exercise: string; outcome: string }[]; assignment: { title: string } };
    expect(parsed.studentCode).toBe(CODE);
    expect(parsed.assignment.title).toBe('Week 1: thresholds');
    expect(parsed.answers.map((a) => [a.exercise, a.outcome])).toEqual([
      [NUMERIC.id, 'correct'],
      [CHOICE.id, 'wrong'],
    ]);
    run.handIn = handIn;

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'fits 360 px with the exercises in').toBeLessThanOrEqual(361);
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('the grading page re-checks the file: two rows, one correct, one wrong, and the same rows in the CSV', async () => {
    expect(run.handIn, 'the student step exported a file').toBeDefined();
    const { page, problems } = await browser.openPage('/instructors/grade/');
    await page.getByLabel('Student link of the assignment').fill(run.link!);
    await page.getByRole('button', { name: 'Use this assignment' }).click();
    expect(await page.locator('[data-part="link-status"]').textContent()).toMatch(/Grading “Week 1: thresholds”: 2 exercises/);

    await page.locator('#grade-files').setInputFiles({ name: run.handIn!.name, mimeType: 'application/json', buffer: Buffer.from(run.handIn!.text) });
    const rows = page.locator('[data-part="rows"] tr');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(cells.map((c) => [c[0], c[4]])).toEqual([
      [CODE, 'correct'],
      [CODE, 'wrong'],
    ]);
    expect(cells[0]?.[1]).toMatch(/The minimal current/);

    const csv = await downloadText(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    const lines = csv.text.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,${CODE},`);
    expect(lines[1]).toMatch(/,rheobase,The minimal current,.*,correct,correct,/);
    expect(lines[2]).toMatch(/,delta-t-limit,The sharp limit,.*,wrong,wrong,/);

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page), colorScheme).toEqual([]);
    }
    expect(problems, formatProblems(problems)).toEqual([]);
  });

  test('an edited hand-in file shows its own error and loads nothing; a good file beside it still loads', async () => {
    expect(run.handIn).toBeDefined();
    const { page, problems } = await browser.openPage('/instructors/grade/');
    const edited = JSON.parse(run.handIn!.text) as { answers: { attempts: unknown }[] };
    edited.answers[0]!.attempts = 'many';
    await page.locator('#grade-files').setInputFiles([{ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) }]);
    const bad = page.locator('[data-part="file-messages"] li[data-ok="false"]');
    await bad.waitFor();
    expect(await bad.textContent()).toMatch(/edited\.json.*changed or damaged.*attempts/);
    expect(await page.locator('[data-part="results"]').isHidden()).toBe(true);

    await page.locator('#grade-files').setInputFiles([
      { name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from(run.handIn!.text.slice(0, 100)) },
      { name: run.handIn!.name, mimeType: 'application/json', buffer: Buffer.from(run.handIn!.text) },
    ]);
    await expect.poll(() => page.locator('[data-part="rows"] tr').count()).toBe(2);
    expect(await page.locator('[data-part="file-messages"] li[data-ok="false"]').count()).toBe(2);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('links that cannot be opened', () => {
  const cases: [string, () => string][] = [
    ['garbage', () => '/assignment/#a=garbage'],
    ['a truncated real link', () => run.link!.slice(0, -12)],
    ['a future version', () => '/assignment/#a=assignment9.e30.0'],
  ];
  test.each(cases)('%s shows a clear message and no exercises', async (_, make) => {
    if (run.link === undefined) throw new Error('the builder step made no link');
    const { page, problems } = await browser.openPage(make());
    const message = page.locator('[data-part="message"]');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/damaged|incomplete|newer version|not .* link/);
    expect(await page.locator('h1').textContent()).toMatch(/cannot be opened/);
    expect(await page.locator('membrane-exercise').count()).toBe(0);
    expect(await page.locator('[data-part="body"]').isHidden()).toBe(true);
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

test('with solutions not allowed, the student page has no worked solutions', async () => {
  const { page } = await browser.openPage('/instructors/');
  await page.getByText(/exercises from \d+ lessons/).waitFor();
  const box = page.locator(`input[type="checkbox"][value="${CHOICE.page}#${CHOICE.id}"]`);
  await box.locator('xpath=ancestor::details').locator('summary').click();
  await box.check();
  await page.getByLabel('Title').fill('No solutions');
  await page.getByLabel(/may reveal the worked solutions/).uncheck();
  await page.getByRole('button', { name: 'Make the student link' }).click();
  const link = await page.locator('#assignment-link').inputValue();
  const student = await browser.openPage(link);
  await expect.poll(() => student.page.locator('membrane-exercise').count()).toBe(1);
  expect(await student.page.locator('[data-part="solution"], [data-part="solution-toggle"]').count()).toBe(0);
  expect(student.problems, formatProblems(student.problems)).toEqual([]);
});
