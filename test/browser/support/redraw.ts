/**
 * The slider-to-redraw measurement shared by test/browser/redraw.test.ts and `npm run bench:redraw`: moves one of a
 * widget's sliders `moves` times over its range (the same values in the same order every time, spread by a stride of
 * 7 over `moves` steps) and returns, per move, the slider's value and two times:
 * - work: what the widget does for the move, the input handler (a Hopfield grid rebuilds its network there) plus its
 *   redraw (its `data-render-ms`, simulate + D3 update);
 * - to frame: from the input event to the animation frame after it (what a reader waits for before paint).
 * The slider is the first enabled one whose move redraws the widget (its `data-renders` count goes up): a slider that
 * only sets up the next run (a Hopfield grid's corruption, applied when the cue is loaded) has no redraw to time, and
 * reading `data-render-ms` after it would report the previous redraw. Every measured move must redraw; a widget
 * with no such slider gives `slider: null` and no samples. The slider is put back afterwards.
 */
import type { Page } from 'playwright-core';

export interface RedrawSamples {
  /** The measured slider (its parameter's key, or its id), or null if no slider of the widget redraws it. */
  readonly slider: string | null;
  readonly values: string[];
  readonly work: number[];
  readonly toFrame: number[];
  /** Moves after which the widget had not redrawn (so their work is not known): must be 0. */
  readonly missed: number;
}

export function measureRedraw(page: Page, widgetId: string, moves: number): Promise<RedrawSamples> {
  // No named inner functions: the bench runs this through tsx, whose esbuild would wrap them in a `__name` helper the
  // page lacks. Functions taken out of an array by destructuring get no name, in JavaScript or from esbuild.
  return page.evaluate(
    async ({ id, count }) => {
      const widget = document.getElementById(id)!;
      const [frame, renders, label] = [
        () => new Promise<number>((done) => requestAnimationFrame(() => done(performance.now()))),
        () => Number(widget.dataset['renders'] ?? 0),
        // A parameter panel's key (stimulus.amplitude, gNa), or the slider's id: labels hold formulas.
        (slider: HTMLInputElement) => slider.closest<HTMLElement>('[data-key]')?.dataset['key'] ?? slider.id,
      ];
      /** Moves the slider to `value`: the time its input handlers took, to the next frame, and whether that frame redrew the widget. */
      const [move] = [
        async (slider: HTMLInputElement, value: string) => {
          await frame();
          const before = renders();
          slider.value = value;
          const started = performance.now();
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          const handler = performance.now() - started;
          const toFrame = (await frame()) - started;
          return { handler, toFrame, redrew: renders() > before };
        },
      ];
      let chosen: HTMLInputElement | undefined;
      for (const slider of widget.querySelectorAll<HTMLInputElement>('input[type=range]:not([disabled])')) {
        const original = slider.value;
        const probe = String(Number(slider.min) + (Number(slider.max) - Number(slider.min)) / 2);
        const { redrew } = await move(slider, probe === original ? slider.max : probe);
        await move(slider, original);
        if (redrew) {
          chosen = slider;
          break;
        }
      }
      if (!chosen) return { slider: null, values: [], work: [], toFrame: [], missed: 0 };
      const slider = chosen;
      const min = Number(slider.min);
      const max = Number(slider.max);
      const original = slider.value;
      const values: string[] = [];
      const work: number[] = [];
      const toFrame: number[] = [];
      let missed = 0;
      for (let i = 0; i < count; i++) {
        const value = String(min + ((max - min) * ((i * 7) % count)) / count);
        const moved = await move(slider, value);
        if (!moved.redrew) {
          missed += 1;
          continue;
        }
        values.push(slider.value);
        work.push(moved.handler + Number(widget.dataset['renderMs']));
        toFrame.push(moved.toFrame);
      }
      slider.value = original;
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      return { slider: label(slider), values, work, toFrame, missed };
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
