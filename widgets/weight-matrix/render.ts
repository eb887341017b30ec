/**
 * Drawing for the weight matrix widget: the N × N matrix as an image (one pixel per weight, scaled up without
 * smoothing; positive weights in --series-1, negative in --series-2, strength by |w|), and the histogram of
 * the weights as bars with the binomial law of random patterns as dots.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawDots, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { WeightData } from './compute.ts';

type Rgb = readonly [number, number, number];

/** Parses #rgb / #rrggbb / rgb(r, g, b), the forms the theme and getComputedStyle use. */
export function parseColour(text: string, fallback: Rgb): Rgb {
  const t = text.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(t);
  if (hex) {
    const h = hex[1]!;
    const full = h.length === 3 ? [...h].map((d) => d + d).join('') : h;
    return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\((\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(t);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : fallback;
}

/** Paints the matrix into `canvas` (N × N device pixels); CSS scales it up to `cssSize`. */
export function drawMatrix(canvas: HTMLCanvasElement, data: WeightData, cssSize: number, element: Element): void {
  const n = data.set.n;
  if (canvas.width !== n) {
    canvas.width = n;
    canvas.height = n;
  }
  canvas.style.width = `${cssSize}px`;
  canvas.style.height = `${cssSize}px`;
  const style = getComputedStyle(element);
  const bg = parseColour(style.getPropertyValue('--bg'), [255, 255, 255]);
  const plus = parseColour(style.getPropertyValue('--series-1'), [0, 90, 140]);
  const minus = parseColour(style.getPropertyValue('--series-2'), [213, 94, 0]);
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(n, n);
  const scale = data.largest > 0 ? data.largest : 1;
  for (let k = 0; k < n * n; k++) {
    const w = data.weights[k]!;
    const a = Math.min(1, Math.abs(w) / scale);
    const c = w >= 0 ? plus : minus;
    image.data[4 * k] = Math.round(bg[0] + (c[0] - bg[0]) * a);
    image.data[4 * k + 1] = Math.round(bg[1] + (c[1] - bg[1]) * a);
    image.data[4 * k + 2] = Math.round(bg[2] + (c[2] - bg[2]) * a);
    image.data[4 * k + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

export const HISTOGRAM_HEIGHT = 260;

export function renderHistogram(svg: Svg, width: number, data: WeightData): void {
  sizeSvg(svg, width, HISTOGRAM_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = HISTOGRAM_HEIGHT - MARGIN.top - MARGIN.bottom;
  const { histogram: h, theory } = data;
  const n = h.n;
  const reach = (h.count + 1) / n;
  const x = scaleLinear().domain([-reach, reach]).range([0, inner]);
  let top = 0;
  for (let k = 0; k < h.values.length; k++) top = Math.max(top, h.counts[k]! / h.total, theory.probabilities[k]!);
  const y = scaleLinear().domain([0, top * 1.08]).range([height, 0]).nice();
  const panel = layer(svg, 'panel-hist');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Weight w_ij', 'dimensionless'),
    yLabel: 'Fraction of weights',
    xTicks: Math.max(3, Math.floor(inner / 90)),
    yTicks: 5,
  });
  // Bars one value-spacing (2/N) wide, narrowed so neighbours stay apart.
  const barWidth = Math.max(1, (x(2 / n) - x(0)) * 0.8);
  const bars = Array.from(h.values, (v, k) => ({ v, f: h.counts[k]! / h.total }));
  layer(panel, 'bars')
    .selectAll('rect')
    .data(bars)
    .join('rect')
    .attr('class', 'weight-bar')
    .attr('x', (d) => x(d.v) - barWidth / 2)
    .attr('width', barWidth)
    .attr('y', (d) => y(d.f))
    .attr('height', (d) => Math.max(0, y(0) - y(d.f)));
  drawDots(panel, 'theory', Array.from(theory.values, (v, k) => ({ x: v, y: theory.probabilities[k]! })), x, y, 2);
}
