/**
 * Plot primitives shared by every widget: a responsive SVG, panels with labelled axes, line series,
 * reference lines, spike ticks, dots and a legend. Colours come from the site's CSS custom properties
 * (`--series-1` …), chosen to stay apart under colour-blindness and to pass contrast in both themes.
 * Elements are created once and updated in place, so a slider drag only changes attributes.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import type { ScaleLinear } from './scale.ts';
import { select, type Selection } from 'd3-selection';
import { decimate } from './decimate.ts';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type Group = Selection<SVGGElement, unknown, null, undefined>;

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export const MARGIN = { left: 56, right: 14, top: 10, bottom: 40 } as const;

/** Creates the SVG inside `host`; its accessible name is the plot's title, its description the live summary. */
export function createSvg(host: HTMLElement, title: string, describedBy: string): Svg {
  const svg = select(host)
    .append('svg')
    .attr('class', 'plot-svg')
    .attr('role', 'img')
    .attr('aria-label', title)
    .attr('aria-describedby', describedBy);
  return svg;
}

export function sizeSvg(svg: Svg, width: number, height: number): void {
  svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
}

/** Gets or creates the child `<g class=name>` so repeated renders reuse elements. */
export function layer(parent: Svg | Group, name: string): Group {
  const existing = (parent as Group).select<SVGGElement>(`:scope > g.${name}`);
  if (!existing.empty()) return existing as unknown as Group;
  return (parent as Group).append('g').attr('class', name) as unknown as Group;
}

export interface AxesOptions {
  readonly xLabel?: string;
  readonly yLabel: string;
  readonly xTicks?: number;
  readonly yTicks?: number;
}

/** What each axis group was last drawn for: an axis whose scale and ticks are unchanged is not redrawn. */
const drawnAxes = new WeakMap<SVGGElement, string>();

/** True if the axis in `group` must be drawn for this scale and tick count (and records that it will be). */
function axisChanged(group: Group, scale: ScaleLinear, ticks: number, labelled: boolean): boolean {
  const key = `${scale.domain().join()}|${scale.range().join()}|${ticks}|${labelled}`;
  const node = group.node()!;
  if (drawnAxes.get(node) === key) return false;
  drawnAxes.set(node, key);
  return true;
}

/** Draws left and (optionally labelled) bottom axes for a panel at `box`. */
export function drawAxes(panel: Group, box: Box, x: ScaleLinear, y: ScaleLinear, options: AxesOptions): void {
  panel.attr('transform', `translate(${box.left},${box.top})`);
  const xAxis = layer(panel, 'x-axis').attr('transform', `translate(0,${box.height})`);
  // Most slider moves leave the time axis as it was; d3-axis would rebuild every tick anyway.
  const xTicks = options.xTicks ?? Math.max(2, Math.floor(box.width / 80));
  if (axisChanged(xAxis, x, xTicks, Boolean(options.xLabel))) {
    xAxis.call(axisBottom(x).ticks(xTicks).tickSizeOuter(0));
    if (!options.xLabel) xAxis.selectAll('.tick text').remove();
  }
  const yAxis = layer(panel, 'y-axis');
  const yTicks = options.yTicks ?? Math.max(2, Math.floor(box.height / 40));
  if (axisChanged(yAxis, y, yTicks, true)) yAxis.call(axisLeft(y).ticks(yTicks).tickSizeOuter(0));
  const yLabel = layer(panel, 'y-label');
  yLabel
    .selectAll('text')
    .data([options.yLabel])
    .join('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(${-MARGIN.left + 14},${box.height / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text((d) => d);
  const xLabel = layer(panel, 'x-label');
  xLabel
    .selectAll('text')
    .data(options.xLabel ? [options.xLabel] : [])
    .join('text')
    .attr('class', 'axis-label')
    .attr('x', box.width / 2)
    .attr('y', box.height + 34)
    .attr('text-anchor', 'middle')
    .text((d) => d);
}

/**
 * The SVG path of a polyline through pixel points. A point that is not finite breaks the line there, so a
 * gap in the data shows as a gap rather than as "NaN" in the path, which would stop the browser drawing it.
 * Hundredths of a pixel are the finest a screen can show, and keep the path text short.
 */
export function linePath(points: readonly (readonly [number, number])[]): string {
  reservePath(points.length);
  let at = 0;
  let penDown = false;
  // Indexed, not `for…of` with destructuring: that walks two iterators per vertex, and where the loop is not yet
  // optimised each step allocates their results (a redraw's garbage, collected in the middle of a later one).
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const px = point[0];
    const py = point[1];
    if (!(Number.isFinite(px) && Number.isFinite(py))) {
      penDown = false;
      continue;
    }
    at = writeVertex(at, penDown, px, py);
    penDown = true;
  }
  return pathText(at);
}

/**
 * `linePath` of the data points (xs[i], ys[i]) through the scales, without building the pixel points first. Its loop
 * repeats linePath's on purpose: one loop over accessor functions would call a closure per coordinate and box its result.
 */
export function scaledPath(xs: ArrayLike<number>, ys: ArrayLike<number>, x: (v: number) => number, y: (v: number) => number): string {
  const n = Math.min(xs.length, ys.length);
  reservePath(n);
  let at = 0;
  let penDown = false;
  for (let i = 0; i < n; i++) {
    const px = x(xs[i]!);
    const py = y(ys[i]!);
    if (!(Number.isFinite(px) && Number.isFinite(py))) {
      penDown = false;
      continue;
    }
    at = writeVertex(at, penDown, px, py);
    penDown = true;
  }
  return pathText(at);
}

/*
 * Path text is written as ASCII bytes into one reused buffer and decoded once. Built by `+=`, a path made a string
 * object per number and per join: a few thousand vertices a line, several lines a redraw, and the young generation
 * filled on every slider move (1.5 MB a move for reward-baseline's eight lines, CDP heap sampling). Each number is
 * printed as `String(Math.round(v * 100) / 100)` would print it, byte for byte, from integers: printing a fraction
 * cost a path about six times more (1.0 ms against 0.17 ms, Node 20, 2800 vertices). test/unit/plot.test.ts
 * compares the paths with the template-printed ones.
 */
let pathBytes = new Uint8Array(1 << 15);
const pathDecoder = new TextDecoder();
const digitScratch = new Uint8Array(16);
/** A vertex is at most 52 bytes: its letter, a comma, and two numbers of at most 25 characters (String of a far-off one). */
const VERTEX_BYTES = 52;

/** Makes room for a path of `vertices` vertices, written from the start of the buffer. */
function reservePath(vertices: number): void {
  if (pathBytes.length < vertices * VERTEX_BYTES) pathBytes = new Uint8Array(vertices * VERTEX_BYTES);
}

function pathText(length: number): string {
  return pathDecoder.decode(pathBytes.subarray(0, length));
}

function writeVertex(at: number, penDown: boolean, px: number, py: number): number {
  pathBytes[at] = penDown ? 76 /* L */ : 77 /* M */;
  const comma = writeHundredths(at + 1, px);
  pathBytes[comma] = 44; /* , */
  return writeHundredths(comma + 1, py);
}

/** `String(Math.round(v * 100) / 100)` written at `at`; returns the index after it. */
function writeHundredths(at: number, v: number): number {
  const r = Math.round(v * 100);
  // From 2^52 hundredths (4.5e13 px) on, the integer steps below could round; no pixel is there, but stay correct.
  if (!(Math.abs(r) < 2 ** 52)) {
    const text = String(r / 100);
    for (let i = 0; i < text.length; i++) pathBytes[at++] = text.charCodeAt(i);
    return at;
  }
  const a = Math.abs(r);
  let whole = Math.trunc(a / 100);
  const cents = a - whole * 100;
  if (r < 0) pathBytes[at++] = 45; /* - */
  let count = 0;
  do {
    const rest = Math.trunc(whole / 10);
    digitScratch[count++] = 48 + (whole - rest * 10);
    whole = rest;
  } while (whole > 0);
  while (count > 0) pathBytes[at++] = digitScratch[--count]!;
  if (cents === 0) return at;
  pathBytes[at++] = 46; /* . */
  const tenths = Math.trunc(cents / 10);
  pathBytes[at++] = 48 + tenths;
  if (cents !== tenths * 10) pathBytes[at++] = 48 + (cents - tenths * 10);
  return at;
}

/** A line series; long series are decimated to the pixel width first. */
export function drawLine(
  panel: Group,
  name: string,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  x: ScaleLinear,
  y: ScaleLinear,
  series: number,
): void {
  const width = Math.abs(x.range()[1]! - x.range()[0]!);
  const { x: dx, y: dy } = decimate(xs, ys, Math.max(50, Math.ceil(width)));
  // The path's text is the element's data, not the points: data stays bound until the next redraw, and a few
  // thousand small arrays kept that long outlive the young generation and end in a full collection.
  layer(panel, `series-${name}`)
    .selectAll('path')
    // No path at all for an empty series (an f–I plot with no analytic curve), rather than an empty one.
    .data(dx.length > 1 ? [scaledPath(dx, dy, x, y)] : [])
    .join('path')
    .attr('class', 'series-line')
    .attr('fill', 'none')
    .style('stroke', `var(--series-${series})`)
    .attr('d', (path) => path);
}

/** A horizontal reference line (threshold, rest) with a short label at its right end. */
export function drawLevel(panel: Group, name: string, value: number | undefined, label: string, x: ScaleLinear, y: ScaleLinear): void {
  const data = value === undefined ? [] : [value];
  const g = layer(panel, `level-${name}`);
  g.selectAll('line')
    .data(data)
    .join('line')
    .attr('class', 'level-line')
    .attr('x1', x.range()[0]!)
    .attr('x2', x.range()[1]!)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d));
  g.selectAll('text')
    .data(data)
    .join('text')
    .attr('class', 'level-label')
    .attr('x', x.range()[1]! - 4)
    .attr('y', (d) => y(d) - 4)
    .attr('text-anchor', 'end')
    .text(label);
}

/**
 * Vertical ticks at event times, from `from` to `to` in data units of y: one path of vertical strokes, not an
 * element per spike (a fast-firing run has hundreds, each a DOM node to update on every slider move).
 */
export function drawTicks(panel: Group, name: string, times: ArrayLike<number>, from: number, to: number, x: ScaleLinear, y: ScaleLinear, series: number): void {
  const [top, bottom] = [y(from), y(to)];
  let d = '';
  for (let i = 0; i < times.length; i++) d += `M${x(times[i]!)},${top}V${bottom}`;
  layer(panel, `ticks-${name}`)
    .selectAll('path')
    .data(d === '' ? [] : [d])
    .join('path')
    .attr('class', 'tick-line')
    .attr('fill', 'none')
    .style('stroke', `var(--series-${series})`)
    .attr('d', (path) => path);
}

/** Dots (simulated points over an analytic curve). */
export function drawDots(panel: Group, name: string, points: readonly { x: number; y: number }[], x: ScaleLinear, y: ScaleLinear, series: number): void {
  layer(panel, `dots-${name}`)
    .selectAll('circle')
    .data(points)
    .join('circle')
    .attr('class', 'dot')
    .attr('r', 3.5)
    .style('fill', 'var(--bg)')
    .style('stroke', `var(--series-${series})`)
    .attr('cx', (d) => x(d.x))
    .attr('cy', (d) => y(d.y));
}

export interface LegendEntry {
  readonly label: string;
  readonly series: number;
  /** 'line', 'dashed' or 'dot' swatch. */
  readonly mark: 'line' | 'dashed' | 'dot';
}

/** A legend as HTML (not SVG) so it wraps on narrow screens and is read as text. */
export function renderLegend(host: HTMLElement, entries: readonly LegendEntry[]): void {
  select(host)
    .selectAll('li')
    .data(entries)
    .join('li')
    .each(function (entry) {
      const item = select(this);
      item.selectAll('*').remove();
      item.append('span').attr('class', `swatch swatch-${entry.mark}`).attr('aria-hidden', 'true').style('--swatch', `var(--series-${entry.series})`);
      item.append('span').text(entry.label);
    });
}

/**
 * A vertical reference line (a cut-off, a reset, the resting potential) at `value` in data units of x, with
 * a short label near its top (`row` 1, 2… moves the label down a line, so neighbouring lines' labels do not
 * collide); nothing is drawn when `value` is undefined or outside the x domain.
 */
export function drawVerticalLevel(
  panel: Group,
  name: string,
  value: number | undefined,
  label: string,
  x: ScaleLinear,
  y: ScaleLinear,
  row = 0,
): void {
  const [lo, hi] = x.domain() as [number, number];
  const data = value !== undefined && value >= Math.min(lo, hi) && value <= Math.max(lo, hi) ? [value] : [];
  const g = layer(panel, `vlevel-${name}`);
  g.selectAll('line')
    .data(data)
    .join('line')
    .attr('class', 'level-line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', y.range()[0]!)
    .attr('y2', y.range()[1]!);
  // The label sits left of the line near the right edge, so it never runs out of the plot.
  const right = (d: number) => x(d) > (x.range()[0]! + x.range()[1]!) / 2;
  g.selectAll('text')
    .data(data)
    .join('text')
    .attr('class', 'level-label')
    .attr('x', (d) => x(d) + (right(d) ? -4 : 4))
    .attr('y', y.range()[1]! + 12 + 15 * row)
    .attr('text-anchor', (d) => (right(d) ? 'end' : 'start'))
    .text(label);
}
