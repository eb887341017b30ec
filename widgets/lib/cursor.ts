/**
 * A reading cursor for time-series plots: hover, touch or drag over the plot, or focus the cursor
 * control and use the arrow keys, to read every series at one time point. The control is an ARIA
 * slider over time whose value text carries the readings, so a screen reader hears the numbers too.
 */
import type { ScaleLinear } from './scale.ts';
import { formatNumber } from './format.ts';
import { layer, type Group, type Svg } from './plot.ts';

export interface CursorSeries {
  readonly name: string;
  readonly unit: string;
  readonly decimals: number;
  readonly values: ArrayLike<number>;
}

export interface CursorData {
  readonly t: ArrayLike<number>;
  readonly series: readonly CursorSeries[];
  readonly x: ScaleLinear;
  /** The panel group the cursor line is drawn in, its height and the plot's left offset in pixels. */
  readonly panels: readonly { readonly group: Group; readonly height: number }[];
  readonly left: number;
}

/** Index of the sample nearest to time `time` in the sorted array `t`. */
export function nearestIndex(t: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= time) lo = mid;
    else hi = mid;
  }
  return Math.abs(t[hi]! - time) < Math.abs(t[lo]! - time) ? hi : lo;
}

export function cursorText(data: Pick<CursorData, 't' | 'series'>, index: number): string {
  const readings = data.series.map((s) => `${s.name} = ${formatNumber(s.values[index]!, s.decimals)} ${s.unit}`);
  return [`t = ${formatNumber(data.t[index]!, 2)} ms`, ...readings].join(' · ');
}

export function attachCursor(svg: Svg, control: HTMLElement): (data: CursorData) => void {
  let data: CursorData | undefined;
  let index: number | undefined;

  const show = () => {
    if (!data || index === undefined) return;
    const text = cursorText(data, index);
    control.textContent = text;
    control.setAttribute('aria-valuenow', String(data.t[index]));
    control.setAttribute('aria-valuetext', text);
    const px = data.x(data.t[index]!);
    for (const { group, height } of data.panels) {
      layer(group, 'cursor')
        .selectAll('line')
        .data([px])
        .join('line')
        .attr('class', 'cursor-line')
        .attr('x1', (d) => d)
        .attr('x2', (d) => d)
        .attr('y1', 0)
        .attr('y2', height);
    }
  };

  const fromPointer = (event: PointerEvent) => {
    if (!data) return;
    const box = svg.node()!.getBoundingClientRect();
    const viewWidth = svg.node()!.viewBox.baseVal.width || box.width;
    const px = ((event.clientX - box.left) * viewWidth) / box.width - data.left;
    index = nearestIndex(data.t, data.x.invert(px));
    show();
  };
  svg.on('pointermove', fromPointer).on('pointerdown', fromPointer);

  control.addEventListener('keydown', (event) => {
    if (!data) return;
    const n = data.t.length;
    const stride = Math.max(1, Math.round(n / 200));
    const current = index ?? 0;
    const moves: Record<string, number> = {
      ArrowRight: current + stride,
      ArrowUp: current + stride,
      ArrowLeft: current - stride,
      ArrowDown: current - stride,
      PageUp: current + 10 * stride,
      PageDown: current - 10 * stride,
      Home: 0,
      End: n - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    index = Math.min(n - 1, Math.max(0, next));
    show();
  });

  return (next) => {
    const time = data && index !== undefined ? data.t[index]! : undefined;
    data = next;
    control.setAttribute('aria-valuemin', String(next.t[0] ?? 0));
    control.setAttribute('aria-valuemax', String(next.t[next.t.length - 1] ?? 0));
    if (time === undefined) {
      control.textContent = 'Point at the plot, or focus here and use the arrow keys, to read values.';
      return;
    }
    // Keep the cursor at the same time while sliders change the run.
    index = nearestIndex(next.t, time);
    show();
  };
}
