/**
 * Lighthouse 12.8.2 on every lesson, against the built site: performance at least 95, accessibility and best
 * practices 100. Lighthouse is installed outside package.json (scripts/ensure-lighthouse.mjs runs before
 * `npm test`) and drives the same Debian Chromium as the other browser tests.
 *
 * Method, so the figures are stable on a 2-core machine: Lighthouse's desktop configuration (its own preset:
 * no mobile CPU slowdown, which on this machine's slow JIT turns widget start-up into seconds of "blocking
 * time" that a reader's phone does not have — see the closing note of issue 8 for the mobile figures), one
 * Chromium for the whole file, three runs per lesson and the median of each score. Accessibility is axe-based
 * and deterministic, so it runs once per lesson (the first run); the full axe suite over every page and both
 * themes is a11y.test.ts. The full-page screenshot is off: it costs seconds and is not scored.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordFigure } from '../support/figures.ts';
import { baseUrl, CHROMIUM_ARGS, chromiumPath } from './support/browser.ts';
import { listPages } from './support/pages.ts';

const TOOLS = join(process.cwd(), '.tools', 'lighthouse', 'node_modules');
const RUNS = 3;
const PERFORMANCE_MIN = 0.95;

interface LighthouseResult {
  lhr: { categories: Record<string, { score: number | null }>; audits: Record<string, { numericValue?: number; score: number | null; title: string; scoreDisplayMode: string }> };
}
type Lighthouse = (url: string, flags: Record<string, unknown>, config: unknown) => Promise<LighthouseResult | undefined>;
interface LaunchedChrome {
  port: number;
  kill(): Promise<void> | void;
}

let lighthouse: Lighthouse;
let desktopConfig: unknown;
let chrome: LaunchedChrome | undefined;

beforeAll(async () => {
  const entry = join(TOOLS, 'lighthouse', 'core', 'index.js');
  if (!existsSync(entry)) throw new Error('Lighthouse is not installed: run `node scripts/ensure-lighthouse.mjs` (npm test does it first)');
  const module = (await import(pathToFileURL(entry).href)) as { default: Lighthouse; desktopConfig: unknown };
  lighthouse = module.default;
  desktopConfig = module.desktopConfig;
  const launcher = (await import(pathToFileURL(join(TOOLS, 'chrome-launcher', 'dist', 'index.js')).href)) as {
    launch(options: { chromePath: string; chromeFlags: string[] }): Promise<LaunchedChrome>;
  };
  chrome = await launcher.launch({ chromePath: chromiumPath(), chromeFlags: ['--headless', ...CHROMIUM_ARGS] });
});

afterAll(async () => {
  await chrome?.kill();
});

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function audit(url: string, categories: string[]): Promise<LighthouseResult['lhr']> {
  const result = await lighthouse(
    url,
    { port: chrome!.port, output: 'json', logLevel: 'error', onlyCategories: categories, disableFullPageScreenshot: true },
    desktopConfig,
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  return result.lhr;
}

/** The audits that cost points, for a failure message that says what to fix. */
function losses(lhr: LighthouseResult['lhr']): string[] {
  return Object.entries(lhr.audits)
    .filter(([, a]) => a.score !== null && a.score < 1 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric'))
    .map(([id, a]) => `${id} (${a.score}): ${a.title}`);
}

const lessons = listPages().filter((path) => path.startsWith('/lessons/') && path !== '/lessons/');

describe('Lighthouse, desktop, median of three', () => {
  test.each(lessons)('%s', { timeout: 300_000 }, async (path) => {
    const url = new URL(path, baseUrl()).href;
    const runs: LighthouseResult['lhr'][] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await audit(url, i === 0 ? ['performance', 'accessibility', 'best-practices'] : ['performance', 'best-practices']));
    const score = (category: string) => median(runs.filter((r) => r.categories[category]).map((r) => r.categories[category]!.score ?? 0));
    const metric = (id: string) => median(runs.map((r) => r.audits[id]?.numericValue ?? Number.NaN));
    const performance = score('performance');
    const accessibility = score('accessibility');
    const bestPractices = score('best-practices');
    recordFigure('lighthouse', path, {
      performance: Math.round(performance * 100),
      accessibility: Math.round(accessibility * 100),
      bestPractices: Math.round(bestPractices * 100),
      performanceRuns: runs.map((r) => Math.round((r.categories['performance']?.score ?? 0) * 100)).join('/'),
      lcpMs: Math.round(metric('largest-contentful-paint')),
      tbtMs: Math.round(metric('total-blocking-time')),
      cls: Number(metric('cumulative-layout-shift').toFixed(3)),
    });
    const worst = runs[0]!;
    expect(performance, losses(worst).join('\n')).toBeGreaterThanOrEqual(PERFORMANCE_MIN);
    expect(accessibility, losses(worst).join('\n')).toBe(1);
    expect(bestPractices, losses(worst).join('\n')).toBe(1);
  });
});
