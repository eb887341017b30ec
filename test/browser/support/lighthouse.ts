/**
 * Lighthouse 12.8.2 for the browser tests, installed outside package.json by scripts/ensure-lighthouse.mjs
 * (npm test runs it first), driving the same Debian Chromium through its own launcher.
 *
 *   const lighthouse = useLighthouse(); // launches Chromium in beforeAll, kills it in afterAll
 *   const lhr = await lighthouse.audit(url, ['performance']);
 *
 * Lighthouse's desktop configuration (its own preset), without three gatherers that no scored audit reads and
 * that cost about two seconds of every run (36 runs in CI): the full-page screenshot, the font-size scan (an SEO
 * audit that Lighthouse 12.8 gathers even when SEO is not asked for) and the back/forward-cache test, which
 * navigates away and back (a diagnostic with no weight in the performance score).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './browser.ts';

const TOOLS = join(process.cwd(), '.tools', 'lighthouse', 'node_modules');

export interface Report {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; score: number | null; title: string; scoreDisplayMode: string }>;
}
type Lighthouse = (url: string, flags: Record<string, unknown>, config: unknown) => Promise<{ lhr: Report } | undefined>;
interface LaunchedChrome {
  port: number;
  kill(): Promise<void> | void;
}

export interface LighthouseHandle {
  audit(url: string, categories: readonly string[]): Promise<Report>;
}

export function useLighthouse(): LighthouseHandle {
  let lighthouse: Lighthouse | undefined;
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

  return {
    async audit(url, categories) {
      if (!lighthouse || !chrome) throw new Error('Lighthouse is used outside a test');
      const result = await lighthouse(
        url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...categories],
          disableFullPageScreenshot: true,
          skipAudits: ['font-size', 'bf-cache'],
        },
        desktopConfig,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      return result.lhr;
    },
  };
}

/** The audits that cost points, for a failure message that says what to fix. */
export function losses(report: Report): string[] {
  return Object.entries(report.audits)
    .filter(([, a]) => a.score !== null && a.score < 1 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric'))
    .map(([id, a]) => `${id} (${a.score}): ${a.title}`);
}
