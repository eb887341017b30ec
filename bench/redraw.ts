/**
 * Slider-to-redraw time in real Chromium: `npm run build && npm run --silent bench:redraw -- dist <lesson> [ids] [options]`.
 * For each in-page widget of the lesson (every element that reports `data-render-ms` and has a slider, or only
 * the comma-separated `ids`), moves its first slider that redraws it 20 times, with the same values as
 * test/browser/redraw.test.ts, and reports
 *  - work: the widget's input handler and redraw (its `data-render-ms`), median and 95th percentile as the test
 *    computes them;
 *  - input → frame: from the input event to the animation frame after it (what a reader waits for before paint).
 * Options: `--rounds N` repeats the 20 moves N times per widget and reports each round (compare medians);
 * `--samples` also prints each move's slider value and work in the order made (a slow extreme or a slow start?);
 * `--profile file.cpuprofile` records a V8 CPU profile of the moves (open it in Chrome's DevTools).
 * Compare runs on the same machine only, and note how busy it was.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, loadAllWidgets } from '../test/browser/support/browser.ts';
import { measureRedraw, percentiles, redrawWidgetIds } from '../test/browser/support/redraw.ts';
import { startStaticServer } from '../test/browser/support/static-server.ts';
import { takeFlag, takeOption } from './args.ts';

const args = process.argv.slice(2);
const rounds = Number(takeOption(args, '--rounds') ?? 1);
const profile = takeOption(args, '--profile');
const showSamples = takeFlag(args, '--samples');
const dist = resolve(args[0] ?? 'dist');
const path = args[1] ?? '/lessons/01-integrate-and-fire/';
const only = args[2]?.split(',');
const MOVES = 20;

const server = await startStaticServer(dist);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' });
  // Widgets load as the reader nears them; load them all so every one can be timed.
  await loadAllWidgets(page);
  const ids = (await redrawWidgetIds(page)).filter((id) => !only || only.includes(id));
  const cdp = profile ? await browser.context.newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  console.log(`${'widget'.padEnd(18)} ${'work median / p95'.padEnd(22)} input → frame median / p95`);
  for (const id of ids) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    for (let round = 0; round < rounds; round++) {
      const samples = await measureRedraw(page, id, MOVES);
      if (samples.slider === null) {
        console.log(`${id.padEnd(18)} no slider redraws it`);
        break;
      }
      if (samples.missed > 0) console.log(`${id.padEnd(18)} ${samples.missed} moves did not redraw`);
      const line = (xs: number[]) => {
        const { median, p95 } = percentiles(xs);
        return `${median.toFixed(1)} / ${p95.toFixed(1)} ms`;
      };
      console.log(`${(rounds > 1 ? `${id} #${round + 1}` : id).padEnd(18)} ${line(samples.work).padEnd(22)} ${line(samples.toFrame)}`);
      if (showSamples) console.log(samples.values.map((value, i) => `  ${value}: ${samples.work[i]!.toFixed(1)}`).join('\n'));
    }
  }
  if (cdp && profile) {
    const { profile: recorded } = await cdp.send('Profiler.stop');
    writeFileSync(profile, JSON.stringify(recorded));
    console.log(`CPU profile written to ${profile}`);
  }
} finally {
  await browser.close();
  await server.close();
}
