/**
 * Drawing for the phase plane: the flow as short arrows of equal length (direction only), the two
 * nullclines, the reset line and cut-off for a model with a reset, the fixed points (filled = stable,
 * open = unstable, labelled by type), the trajectory (cut at each reset, the jump dashed), and under the
 * plane the trajectory's time course. Takes computed data; simulates nothing. `upto` draws the run only up
 * to a sample index, which is how "Play" animates it.
 */
import { scaleLinear, type ScaleLinear } from '../lib/scale.ts';
import { select } from 'd3-selection';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, layer, linePath, MARGIN, scaledPath, sizeSvg, type Box, type Group, type Svg } from '../lib/plot.ts';
import type { PlaneData } from './compute.ts';
import type { PlaneAxis } from './config.ts';
import type { PlaneFrame } from './coords.ts';
import { isStable, TYPE_NAMES } from './readouts.ts';
import { thin, withResetEdges } from './segments.ts';

const TIME_HEIGHT = 78;
const TIME_GAP = 16;
const PLANE_GAP = 64;
/** The plane's height: 0.72 of its width, within these bounds (px). */
const PLANE_RATIO = 0.72;
const PLANE_MIN = 220;
const PLANE_MAX = 400;
/** Everything but the plane, from the top margin to the bottom one. */
const FIXED_HEIGHT = MARGIN.top + 6 + PLANE_GAP + TIME_HEIGHT + TIME_GAP + TIME_HEIGHT + MARGIN.bottom;

export interface PlaneLayout {
  readonly width: number;
  readonly height: number;
  readonly plane: Box;
  readonly first: Box;
  readonly second: Box;
}

export function planeLayout(width: number): PlaneLayout {
  const inner = width - MARGIN.left - MARGIN.right;
  const planeHeight = Math.round(Math.min(PLANE_MAX, Math.max(PLANE_MIN, inner * PLANE_RATIO)));
  const plane = { left: MARGIN.left, top: MARGIN.top + 6, width: inner, height: planeHeight };
  const first = { left: MARGIN.left, top: plane.top + planeHeight + PLANE_GAP, width: inner, height: TIME_HEIGHT };
  const second = { left: MARGIN.left, top: first.top + TIME_HEIGHT + TIME_GAP, width: inner, height: TIME_HEIGHT };
  return { width, height: second.top + TIME_HEIGHT + MARGIN.bottom, plane, first, second };
}

/** `planeLayout(width).height` as CSS, for the page to reserve before the script draws (100cqi: the plot's width). */
export const PLANE_HEIGHT_CSS = `calc(${FIXED_HEIGHT}px + clamp(${PLANE_MIN}px, (100cqi - ${MARGIN.left + MARGIN.right}px) * ${PLANE_RATIO}, ${PLANE_MAX}px))`;

/** Arrows across and up for a plot area: one about every 30 px. */
export function arrowCounts(box: Box): [number, number] {
  return [Math.max(6, Math.round(box.width / 30)), Math.max(6, Math.round(box.height / 30))];
}

export interface PlaneView {
  readonly data: PlaneData;
  /** Method and time step, shown on the plot ("RK4 · dt = 0.1 ms"). */
  readonly numerics: string;
  readonly axes: readonly [PlaneAxis, PlaneAxis];
  /** Unique per widget instance (the clip path's id). */
  readonly clipId: string;
}

export interface Drawn {
  readonly frame: PlaneFrame;
  readonly x: ScaleLinear;
  readonly y: ScaleLinear;
  readonly layout: PlaneLayout;
}

/** Draws everything but the trajectory; returns where, for pointer mapping and the trajectory. */
export function renderPlane(svg: Svg, width: number, view: PlaneView): Drawn {
  const layout = planeLayout(width);
  sizeSvg(svg, width, layout.height);
  const { data, axes } = view;
  const { plane } = layout;
  const x = scaleLinear().domain([data.box.x.min, data.box.x.max]).range([0, plane.width]);
  const y = scaleLinear().domain([data.box.y.min, data.box.y.max]).range([plane.height, 0]);
  const panel = layer(svg, 'panel-plane');
  drawAxes(panel, plane, x, y, { xLabel: axisLabel(axes[0].label, axes[0].unit), yLabel: axisLabel(axes[1].label, axes[1].unit) });

  const clip = layer(svg, 'defs-clip');
  clip
    .selectAll('clipPath')
    .data([view.clipId])
    .join((enter) => enter.append('clipPath').attr('id', (d) => d))
    .selectAll('rect')
    .data([plane])
    .join('rect')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);
  const inside = layer(panel, 'plane-inside').attr('clip-path', `url(#${view.clipId})`);
  // A transparent surface the size of the plot, so a click anywhere in it is caught.
  layer(inside, 'plane-hit-layer')
    .selectAll('rect')
    .data([plane])
    .join('rect')
    .attr('class', 'plane-hit')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height);

  drawArrows(layer(inside, 'field'), data, x, y);
  drawResetLines(layer(inside, 'reset-lines'), data, x, y, plane);
  const nullclineLayer = layer(inside, 'nullclines');
  data.nullclines.forEach((n, k) => {
    layer(nullclineLayer, `series-nullcline-${k}`)
      .selectAll('path')
      .data(n.lines.filter((l) => l.x.length > 1).map((l) => scaledPath(l.x, l.y, x, y)))
      .join('path')
      .attr('class', 'series-line nullcline')
      .attr('fill', 'none')
      .style('stroke', `var(--series-${k + 1})`)
      .attr('d', (path) => path);
  });
  layer(inside, 'trajectory');
  drawFixedPoints(layer(inside, 'fixed-points'), data, x, y, plane);
  layer(panel, 'trajectory-top');

  return {
    frame: { box: plane, viewWidth: width, viewHeight: layout.height, x: [data.box.x.min, data.box.x.max], y: [data.box.y.min, data.box.y.max] },
    x,
    y,
    layout,
  };
}

function drawArrows(group: Group, data: PlaneData, x: ScaleLinear, y: ScaleLinear): void {
  const { field } = data;
  const nx = field.x.length;
  const ny = field.y.length;
  const cellX = Math.abs(x(field.x[Math.min(1, nx - 1)]!) - x(field.x[0]!)) || 30;
  const cellY = Math.abs(y(field.y[Math.min(1, ny - 1)]!) - y(field.y[0]!)) || 30;
  const length = 0.6 * Math.min(cellX, cellY);
  const head = Math.min(5, 0.35 * length);
  // Directions in pixels: each axis has its own scale, so the derivative is scaled by px per unit first.
  const kx = (x.range()[1]! - x.range()[0]!) / (x.domain()[1]! - x.domain()[0]!);
  const ky = (y.range()[1]! - y.range()[0]!) / (y.domain()[1]! - y.domain()[0]!);
  const parts: string[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const dx = field.dx[j * nx + i]! * kx;
      const dy = field.dy[j * nx + i]! * ky;
      const norm = Math.hypot(dx, dy);
      if (!(norm > 0) || !Number.isFinite(norm)) continue;
      const ux = dx / norm;
      const uy = dy / norm;
      const cx = x(field.x[i]!);
      const cy = y(field.y[j]!);
      const x1 = cx - (ux * length) / 2;
      const y1 = cy - (uy * length) / 2;
      const x2 = cx + (ux * length) / 2;
      const y2 = cy + (uy * length) / 2;
      // Head: two strokes back from the tip at ±30°.
      const hx1 = x2 - head * (ux * 0.866 - uy * 0.5);
      const hy1 = y2 - head * (uy * 0.866 + ux * 0.5);
      const hx2 = x2 - head * (ux * 0.866 + uy * 0.5);
      const hy2 = y2 - head * (uy * 0.866 - ux * 0.5);
      parts.push(`M${f(x1)},${f(y1)}L${f(x2)},${f(y2)}M${f(hx1)},${f(hy1)}L${f(x2)},${f(y2)}L${f(hx2)},${f(hy2)}`);
    }
  }
  group
    .selectAll('path')
    .data([parts.join('')])
    .join('path')
    .attr('class', 'field-arrows')
    .attr('d', (d) => d);
}

const f = (v: number) => v.toFixed(1);

function drawResetLines(group: Group, data: PlaneData, x: ScaleLinear, _y: ScaleLinear, plane: Box): void {
  const lines = data.lines
    ? [
        { value: data.lines.reset, label: 'reset', anchor: 'start' },
        { value: data.lines.peak, label: 'cut-off', anchor: 'end' },
      ].filter((l) => l.value >= data.box.x.min && l.value <= data.box.x.max)
    : [];
  group
    .selectAll('line')
    .data(lines)
    .join('line')
    .attr('class', 'level-line')
    .attr('x1', (d) => x(d.value))
    .attr('x2', (d) => x(d.value))
    .attr('y1', 0)
    .attr('y2', plane.height);
  group
    .selectAll('text')
    .data(lines)
    .join('text')
    .attr('class', 'level-label')
    .attr('x', (d) => x(d.value) + (d.anchor === 'start' ? 4 : -4))
    .attr('y', 14)
    .attr('text-anchor', (d) => d.anchor)
    .text((d) => d.label);
}

function drawFixedPoints(group: Group, data: PlaneData, x: ScaleLinear, y: ScaleLinear, plane: Box): void {
  const points = data.points.map((p) => ({ px: x(p.state[0]!), py: y(p.state[1]!), stable: isStable(p.type), label: TYPE_NAMES[p.type].replace(/ \(.*\)$/, '') }));
  group
    .selectAll('circle')
    .data(points)
    .join('circle')
    .attr('class', (d) => `fixed-point ${d.stable ? 'fixed-point-stable' : 'fixed-point-unstable'}`)
    .attr('r', 5.5)
    .attr('cx', (d) => d.px)
    .attr('cy', (d) => d.py);
  group
    .selectAll('text')
    .data(points)
    .join('text')
    .attr('class', 'fixed-point-label')
    .attr('x', (d) => (d.px > plane.width * 0.6 ? d.px - 9 : d.px + 9))
    .attr('y', (d) => (d.py < 20 ? d.py + 16 : d.py - 9))
    .attr('text-anchor', (d) => (d.px > plane.width * 0.6 ? 'end' : 'start'))
    .text((d) => d.label);
}

/** The trajectory in the plane and its time course, up to sample `upto` (inclusive). */
export function renderTrajectory(svg: Svg, drawn: Drawn, view: PlaneView, upto: number): void {
  const { data, axes } = view;
  const { x, y, layout } = drawn;
  const last = Math.min(upto, data.run.t.length - 1);
  const panel = layer(svg, 'panel-plane');
  const inside = layer(panel, 'plane-inside');
  const trajectory = layer(inside, 'trajectory');
  const pieces = data.segments
    .filter((s) => s.start <= last)
    .map((s, k) => {
      // Every piece but the last ends with its cut-off point, appended after its samples: shown once the run got there.
      const samples = s.x.length - (data.lines && k < data.segments.length - 1 ? 1 : 0);
      const count = last >= s.start + samples - 1 ? s.x.length : last - s.start + 1;
      return linePath(thin(s.x, s.y, x, y, count));
    });
  layer(trajectory, 'series-trajectory')
    .selectAll('path')
    .data(pieces)
    .join('path')
    .attr('class', 'series-line trajectory-line')
    .attr('fill', 'none')
    .style('stroke', 'var(--series-3)')
    .attr('d', (path) => path);
  const jumps = data.jumps.filter((j) => j.index <= last);
  layer(trajectory, 'jumps')
    .selectAll('line')
    .data(jumps)
    .join('line')
    .attr('class', 'jump-line')
    .attr('x1', (d) => x(d.from[0]))
    .attr('y1', (d) => y(d.from[1]))
    .attr('x2', (d) => x(d.to[0]))
    .attr('y2', (d) => y(d.to[1]));
  layer(trajectory, 'jump-ends')
    .selectAll('circle')
    .data(jumps)
    .join('circle')
    .attr('class', 'jump-end')
    .attr('r', 2.5)
    .attr('cx', (d) => x(d.to[0]))
    .attr('cy', (d) => y(d.to[1]));
  const xs = data.run.traces[axes[0].name]!;
  const ys = data.run.traces[axes[1].name]!;
  const markers = [
    { kind: 'start', px: x(data.start[0]), py: y(data.start[1]) },
    ...(last < data.run.t.length - 1 ? [{ kind: 'now', px: x(xs[last]!), py: y(ys[last]!) }] : []),
  ];
  layer(trajectory, 'markers')
    .selectAll('circle')
    .data(markers)
    .join('circle')
    .attr('class', (d) => `trajectory-${d.kind}`)
    .attr('r', (d) => (d.kind === 'start' ? 4.5 : 4))
    .attr('cx', (d) => d.px)
    .attr('cy', (d) => d.py);

  renderTimeCourse(svg, layout, view, last);
}

/**
 * The y range of a time-course panel: the data with a margin, at least `minSpan` wide (a run that sits at
 * a fixed point would otherwise be magnified until rounding noise filled the panel).
 */
function extentOf(values: ArrayLike<number>, extra: readonly number[], minSpan: number): [number, number] {
  let lo = Math.min(...extra, Number.POSITIVE_INFINITY);
  let hi = Math.max(...extra, Number.NEGATIVE_INFINITY);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = 0.06 * (hi - lo);
  [lo, hi] = [lo - pad, hi + pad];
  if (hi - lo < minSpan) {
    const mid = 0.5 * (lo + hi);
    [lo, hi] = [mid - 0.5 * minSpan, mid + 0.5 * minSpan];
  }
  return [lo, hi];
}

function renderTimeCourse(svg: Svg, layout: PlaneLayout, view: PlaneView, last: number): void {
  const { data, axes } = view;
  const { run } = data;
  const duration = run.t[run.t.length - 1]!;
  const t = scaleLinear().domain([0, duration]).range([0, layout.first.width]);
  const firstValues = run.traces[axes[0].name]!;
  const secondValues = run.traces[axes[1].name]!;
  const shownT = run.t.subarray(0, last + 1);
  const firstLine = data.lines ? withResetEdges(shownT, firstValues.subarray(0, last + 1), run.spikes.filter((s) => s <= run.t[last]!), data.lines.peak, data.lines.reset) : { t: shownT, u: firstValues.subarray(0, last + 1) };
  const yFirst = scaleLinear().domain(extentOf(firstValues, data.lines ? [data.lines.peak, data.lines.reset] : [], 0.1 * (data.box.x.max - data.box.x.min))).range([layout.first.height, 0]).nice(4);
  const ySecond = scaleLinear().domain(extentOf(secondValues, [], 0.1 * (data.box.y.max - data.box.y.min))).range([layout.second.height, 0]).nice(4);
  const firstPanel = layer(svg, 'panel-first');
  drawAxes(firstPanel, layout.first, t, yFirst, { yLabel: axisLabel(axes[0].label, axes[0].unit), yTicks: 3 });
  drawLine(firstPanel, 'first', firstLine.t, firstLine.u, t, yFirst, 3);
  const secondPanel = layer(svg, 'panel-second');
  drawAxes(secondPanel, layout.second, t, ySecond, { xLabel: axisLabel('Time', 'ms'), yLabel: axisLabel(axes[1].label, axes[1].unit), yTicks: 3 });
  drawLine(secondPanel, 'second', shownT, secondValues.subarray(0, last + 1), t, ySecond, 3);
  // The time course's own caption, so it is not read as a second phase plane.
  select(svg.node())
    .selectAll<SVGTextElement, string>('text.time-course-title')
    .data([`Time course of the trajectory (${view.numerics})`])
    .join('text')
    .attr('class', 'time-course-title')
    .attr('x', layout.first.left)
    .attr('y', layout.first.top - 8)
    .text((d) => d);
}
