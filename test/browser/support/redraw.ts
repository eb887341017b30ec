/**
 * The slider-to-redraw measurement shared by test/browser/redraw.test.ts and `npm run bench:redraw`: moves a
 * widget's first enabled slider `moves` times over its range (the same values in the same order every time,
 * spread by a stride of 7 over `moves` steps) and returns, per move, the slider's value and two times:
 * - work: the widget's own time to re-simulate and redraw (its `data-render-ms`);
 * - to frame: from the input event to the animation frame after it (what a reader waits for before paint).
 * The slider is put back afterwards.
 */
import type { Page } from 'playwright-core';

export interface RedrawSamples {
  readonly values: string[];
  readonly work: number[];
  readonly toFrame: number[];
}

export function measureRedraw(page: Page, widgetId: string, moves: number): Promise<RedrawSamples> {
  // No named inner functions: the bench runs this through tsx, which would wrap them in a helper the page lacks.
  return page.evaluate(
    async ({ id, count }) => {
      const widget = document.getElementById(id)!;
      const slider = widget.querySelector<HTMLInputElement>('input[type=range]:not([disabled])')!;
      const min = Number(slider.min);
      const max = Number(slider.max);
      const original = slider.value;
      const values: string[] = [];
      const work: number[] = [];
      const toFrame: number[] = [];
      for (let i = 0; i < count; i++) {
        await new Promise((done) => requestAnimationFrame(done));
        slider.value = String(min + ((max - min) * ((i * 7) % count)) / count);
        const started = performance.now();
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        toFrame.push(await new Promise<number>((done) => requestAnimationFrame(() => done(performance.now() - started))));
        work.push(Number(widget.dataset['renderMs']));
        values.push(slider.value);
      }
      slider.value = original;
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      return { values, work, toFrame };
    },
    { id: widgetId, count: moves },
  );
}

/** The in-page widgets a lesson's redraw is measured on: those that report `data-render-ms` and have a slider. */
export function redrawWidgetIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-render-ms]', (elements) =>
    elements.filter((e) => e.id && e.querySelector('input[type=range]:not([disabled])')).map((e) => e.id),
  );
}

/** Median, 95th percentile and maximum, each the value at rank ceil(q·n), to 0.1 ms. */
export function percentiles(values: readonly number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(1));
  return { median: at(0.5), p95: at(0.95), max: at(1) };
}
