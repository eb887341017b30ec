/**
 * Lighthouse 12.8.2's accessibility category on every lesson: 100. It is axe-based and gives the same result on
 * every run, so one run per lesson, in the parallel browser project (the CPU does not change it). Performance
 * and best practices are lighthouse.test.ts; every axe rule on every page and both themes is a11y.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { baseUrl } from './support/browser.ts';
import { losses, useLighthouse } from './support/lighthouse.ts';
import { listPages } from './support/pages.ts';

const lighthouse = useLighthouse();

const lessons = listPages().filter((path) => path.startsWith('/lessons/') && path !== '/lessons/');

describe('Lighthouse accessibility, desktop', () => {
  test.each(lessons)('%s', { timeout: 300_000 }, async (path) => {
    const report = await lighthouse.audit(new URL(path, baseUrl()).href, ['accessibility']);
    const score = report.categories['accessibility']?.score ?? 0;
    recordFigure('lighthouse-a11y', path, { accessibility: Math.round(score * 100) });
    expect(score, losses(report).join('\n')).toBe(1);
  });
});
