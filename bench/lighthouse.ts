/**
 * Lighthouse's performance score of built lessons, each the median of N runs:
 * `npm run build && npm run --silent bench:lighthouse -- dist [--mobile] [--runs 3] [lesson paths]`.
 * The desktop preset is the one test/browser/lighthouse.test.ts asserts in CI; `--mobile` is Lighthouse's default
 * preset (a 4× slower CPU, a slow 4G network, a phone's screen), which CI does not run (see that test's header).
 * Prints each run's score and its metrics, then the median per lesson. Without paths, every lesson of the build.
 * On 2 cores run nothing else meanwhile: under the mobile preset the same page varied by up to 21 points between
 * runs here.
 */
import { resolve } from 'node:path';
import { median, openLighthouse, type Report } from '../test/browser/support/lighthouse.ts';
import { listPages } from '../test/browser/support/pages.ts';
import { startStaticServer } from '../test/browser/support/static-server.ts';
import { takeFlag, takeOption } from './args.ts';

const args = process.argv.slice(2);
const runs = Number(takeOption(args, '--runs') ?? 3);
const preset = takeFlag(args, '--mobile') ? 'mobile' : 'desktop';
const dist = resolve(args[0] ?? 'dist');
const paths = args.length > 1 ? args.slice(1) : listPages(dist).filter((path) => path.startsWith('/lessons/') && path !== '/lessons/');

const METRICS: [id: string, label: string][] = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['speed-index', 'SI'],
];
const score = (report: Report): number => Math.round((report.categories['performance']?.score ?? 0) * 100);

const server = await startStaticServer(dist);
const lighthouse = await openLighthouse();
const summary: string[] = [];
try {
  console.log(`Lighthouse ${preset} preset, ${runs} run(s) per page`);
  for (const path of paths) {
    const scores: number[] = [];
    for (let run = 0; run < runs; run++) {
      const report = await lighthouse.audit(new URL(path, server.url).href, ['performance'], preset);
      scores.push(score(report));
      const metrics = METRICS.map(([id, label]) => `${label} ${Math.round(report.audits[id]?.numericValue ?? Number.NaN)} ms`).join(', ');
      const cls = (report.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN).toFixed(3);
      console.log(`${path} #${run + 1}: ${score(report)} (${metrics}, CLS ${cls})`);
    }
    summary.push(`${path.padEnd(44)} ${String(median(scores)).padStart(3)}  (${scores.join('/')})`);
  }
  console.log(`\nmedian performance score (runs)\n${summary.join('\n')}`);
} finally {
  await lighthouse.close();
  await server.close();
}
