/**
 * Slider-to-redraw time in real Chromium: `npm run build && npm run --silent bench:redraw`.
 * For each membrane-trace widget of the first lesson, moves its first slider 40 times and reports
 *  - render: the widget's own time to simulate and redraw (its `data-render-ms`),
 *  - input → frame: from the input event to the end of the animation frame that carries the new plot
 *    (measured by a rAF callback queued after the widget's), i.e. what a reader waits for before paint.
 * Medians and maxima over the moves; compare runs on the same machine only.
 */
import { resolve } from 'node:path';
import { launchChromium, loadAllWidgets } from '../test/browser/support/browser.ts';
import { startStaticServer } from '../test/browser/support/static-server.ts';

const dist = resolve(process.argv[2] ?? 'dist');
const path = process.argv[3] ?? '/lessons/01-integrate-and-fire/';

const server = await startStaticServer(dist);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' });
  // Widgets load as the reader nears them; load them all so every trace can be timed.
  await loadAllWidgets(page);
  const ids = await page.$$eval('membrane-trace', (els) => els.map((e) => e.id));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`${'widget'.padEnd(18)} ${'render median / max'.padEnd(22)} input → frame median / max`);
  for (const id of ids) {
    const samples = await page.evaluate(async (widgetId) => {
      const widget = document.getElementById(widgetId)!;
      const slider = widget.querySelector<HTMLInputElement>('input[type=range]')!;
      // No named inner functions: tsx would wrap them in a helper that does not exist in the page.
      const render: number[] = [];
      const total: number[] = [];
      const min = Number(slider.min);
      const max = Number(slider.max);
      for (let i = 0; i < 40; i++) {
        await new Promise((done) => requestAnimationFrame(done));
        slider.value = String(min + ((max - min) * ((i * 7) % 40)) / 40);
        const started = performance.now();
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        const ended = await new Promise<number>((done) => requestAnimationFrame(() => done(performance.now())));
        total.push(ended - started);
        render.push(Number(widget.dataset['renderMs']));
      }
      return { render, total };
    }, id);
    console.log(
      `${id.padEnd(18)} ${`${median(samples.render).toFixed(2)} / ${Math.max(...samples.render).toFixed(2)} ms`.padEnd(22)} ${median(samples.total).toFixed(2)} / ${Math.max(...samples.total).toFixed(2)} ms`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
