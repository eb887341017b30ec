/**
 * Lighthouse 12.8.2 for the browser tests, installed outside package.json by scripts/ensure-lighthouse.mjs
 * (npm test runs it first), driving the same Debian Chromium through its own launcher.
 *
 *   const lighthouse = useLighthouse(); // launches Chromium in beforeAll, kills it in afterAll
 *   const lhr = await lighthouse.audit(url, ['performance']);
 *
 * or, outside a test (bench/lighthouse.ts), `openLighthouse()` and its `close()`.
 *
 * Lighthouse's desktop configuration (its own preset; the bench can ask for the mobile one), without three
 * gatherers that no scored audit reads and that cost about two seconds of every run (36 runs in CI): the full-page
 * screenshot, the font-size scan (an SEO audit that Lighthouse 12.8 gathers even when SEO is not asked for) and the
 * back/forward-cache test, which navigates away and back (a diagnostic with no weight in the performance score).
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
type LighthouseRun = (url: string, flags: Record<string, unknown>, config: unknown) => Promise<{ lhr: Report } | undefined>;
interface LaunchedChrome {
  port: number;
  kill(): Promise<void> | void;
}

export interface LighthouseHandle {
  audit(url: string, categories: readonly string[]): Promise<Report>;
}

const QUIET_MS = 500;

/** Lighthouse's own presets: desktop (the tests'), or mobile (its default: a 4× slower CPU and a slow 4G network). */
export type Preset = 'desktop' | 'mobile';

export interface Lighthouse {
  audit(url: string, categories: readonly string[], preset?: Preset): Promise<Report>;
  close(): Promise<void>;
}

/** Loads Lighthouse and launches a Chromium for it; outside a test file (bench/lighthouse.ts) as well as inside. */
export async function openLighthouse(): Promise<Lighthouse> {
  const entry = join(TOOLS, 'lighthouse', 'core', 'index.js');
  if (!existsSync(entry)) throw new Error('Lighthouse is not installed: run `node scripts/ensure-lighthouse.mjs` (npm test does it first)');
  const module = (await import(pathToFileURL(entry).href)) as { default: LighthouseRun; desktopConfig: unknown };
  const launcher = (await import(pathToFileURL(join(TOOLS, 'chrome-launcher', 'dist', 'index.js')).href)) as {
    launch(options: { chromePath: string; chromeFlags: string[] }): Promise<LaunchedChrome>;
  };
  const chrome = await launcher.launch({ chromePath: chromiumPath(), chromeFlags: ['--headless', ...CHROMIUM_ARGS] });
  return {
    async audit(url, categories, preset = 'desktop') {
      const result = await module.default(
        url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...categories],
          disableFullPageScreenshot: true,
          skipAudits: ['font-size', 'bf-cache'],
          // Lighthouse waits for the page to be quiet before it stops the trace: by default a second with no request,
          // a second with no long task, and a second after FCP and after load. Half a second each is enough for a
          // static site served from this machine. With bench/lighthouse.ts, two runs of every lesson each way,
          // alternating: every run scored 100 with a layout shift of 0 either way, LCP and TBT within the spread of
          // the runs; the twelve lessons took 86 and 81 s against 95 and 91 s (0.8 s a run).
          pauseAfterFcpMs: QUIET_MS,
          pauseAfterLoadMs: QUIET_MS,
          networkQuietThresholdMs: QUIET_MS,
          cpuQuietThresholdMs: QUIET_MS,
        },
        // No configuration is Lighthouse's default, the mobile preset.
        preset === 'desktop' ? module.desktopConfig : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      return result.lhr;
    },
    async close() {
      await chrome.kill();
    },
  };
}

/** Registers the hooks that open Lighthouse for the calling test file (desktop preset) and close it afterwards. */
export function useLighthouse(): LighthouseHandle {
  let lighthouse: Lighthouse | undefined;
  beforeAll(async () => {
    lighthouse = await openLighthouse();
  });
  afterAll(async () => {
    await lighthouse?.close();
  });
  return {
    audit(url, categories) {
      if (!lighthouse) throw new Error('Lighthouse is used outside a test');
      return lighthouse.audit(url, categories);
    },
  };
}

/** The median; of two values, their mean (the test's timings when a third run was not needed). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The audits that cost points, for a failure message that says what to fix. */
export function losses(report: Report): string[] {
  return Object.entries(report.audits)
    .filter(([, a]) => a.score !== null && a.score < 1 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric'))
    .map(([id, a]) => `${id} (${a.score}): ${a.title}`);
}
