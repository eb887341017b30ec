/**
 * Lighthouse 12.8.2 on every lesson, against the built site: performance at least 95 and best practices 100,
 * each the median of three runs, and a cumulative layout shift of at most 0.01 (median). The third run is made
 * only when the first two disagree: if they agree, the median is their score whatever the third gives (the timings
 * and the layout shift are then the mean of the two).
 * Accessibility must be 100; it is axe-based and the same on every run, so only the first run gathers it. Lighthouse
 * runs axe after it has stopped the trace the performance metrics come from, so it does not change them, and it
 * costs about 4 s there against about 10 s for a run of its own. This file runs in the `browser-timed` project,
 * alone on the machine, so the figures are stable on 2 cores.
 *
 * Lighthouse's desktop configuration (its own preset). Its mobile preset (a CPU four times slower, a slow 4G
 * network) is measured by `npm run bench:lighthouse -- dist --mobile`, not here: on this 2-core machine it gave the
 * lessons medians of 85 to 97 (77 to 97 before display equations and exercise questions skipped rendering out of
 * view), and the same page varied by up to 21 points from run to run, mostly in blocking time
 * (95–1006 ms). The closing note of issue 8 has the figures.
 */
import { describe, expect, test } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { baseUrl } from './support/browser.ts';
import { losses, median, useLighthouse, type Report } from './support/lighthouse.ts';
import { listPages } from './support/pages.ts';

const lighthouse = useLighthouse();
const RUNS = 3;
const PERFORMANCE_MIN = 0.95;
const CATEGORIES = ['performance', 'best-practices'];

const scoreOf = (report: Report, category: string): number => report.categories[category]?.score ?? 0;

const lessons = listPages().filter((path) => path.startsWith('/lessons/') && path !== '/lessons/');

describe('Lighthouse performance and best practices (median of three) and accessibility, desktop', () => {
  test.each(lessons)('%s', { timeout: 300_000 }, async (path) => {
    const url = new URL(path, baseUrl()).href;
    const runs: Report[] = [];
    // When the first two runs give the same scores, the median of three is those scores whatever the third
    // gives, so the third run is made only when they differ (it saves about a minute and a half of CI).
    const agree = () => CATEGORIES.every((category) => scoreOf(runs[0]!, category) === scoreOf(runs[1]!, category));
    while (runs.length < RUNS && !(runs.length === 2 && agree())) {
      runs.push(await lighthouse.audit(url, runs.length === 0 ? [...CATEGORIES, 'accessibility'] : CATEGORIES));
    }
    const score = (category: string) => median(runs.map((r) => scoreOf(r, category)));
    const metric = (id: string) => median(runs.map((r) => r.audits[id]?.numericValue ?? Number.NaN));
    const performance = score('performance');
    const bestPractices = score('best-practices');
    const accessibility = scoreOf(runs[0]!, 'accessibility');
    recordFigure('lighthouse', path, {
      performance: Math.round(performance * 100),
      bestPractices: Math.round(bestPractices * 100),
      accessibility: Math.round(accessibility * 100),
      performanceRuns: runs.map((r) => Math.round(scoreOf(r, 'performance') * 100)).join('/'),
      lcpMs: Math.round(metric('largest-contentful-paint')),
      tbtMs: Math.round(metric('total-blocking-time')),
      cls: Number(metric('cumulative-layout-shift').toFixed(3)),
    });
    const first = runs[0]!;
    expect(performance, losses(first).join('\n')).toBeGreaterThanOrEqual(PERFORMANCE_MIN);
    expect(bestPractices, losses(first).join('\n')).toBe(1);
    expect(accessibility, losses(first).join('\n')).toBe(1);
    // Nothing on the first screen moves once drawn. Lesson 11 had 0.026 (Google calls under 0.1 good) from a KaTeX face
    // that arrived after the first layout; the header's faces are now preloaded (Base.astro, extraKatexFaces).
    expect(metric('cumulative-layout-shift'), 'cumulative layout shift').toBeLessThanOrEqual(0.01);
  });
});
