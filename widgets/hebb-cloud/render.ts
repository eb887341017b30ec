/**
 * Drawing for <hebb-cloud>: the input plane (the cloud's 2-sigma ellipse, the recent samples, the last one
 * ringed, the principal axes dashed, the weight vector as an arrow from the origin) and two time plots,
 * |w| and the angle to the principal axis against samples presented. Wide: plane left, time plots right;
 * narrow: stacked. Takes a session, draws; computes nothing but coordinates.
 */
import { scaleLinear, scaleLog, type ScaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, layer, sizeSvg, type Group, type Svg } from '../lib/plot.ts';
import type { Session } from './session.ts';
import { RECENT_SAMPLES } from './session.ts';

const WIDE = 620;
const PLANE_MARGIN = { left: 56, right: 10, top: 10, bottom: 40 };
const TIME_MARGIN = { left: 56, right: 12, top: 10, bottom: 40 };
const TIME_HEIGHT = 170;

export interface Layout {
  readonly height: number;
  readonly plane: { left: number; top: number; size: number };
  readonly norm: { left: number; top: number; width: number; height: number };
  readonly angle: { left: number; top: number; width: number; height: number };
}

/** Where the three panels go for a plot `width` pixels wide. hebb-cloud.css reserves the same height before the first drawing. */
export function layoutFor(width: number): Layout {
  if (width >= WIDE) {
    const size = Math.min(Math.floor(width * 0.5), 400);
    const side = size - PLANE_MARGIN.left - PLANE_MARGIN.right;
    const timeLeft = size + 8 + TIME_MARGIN.left;
    const timeWidth = width - timeLeft - TIME_MARGIN.right;
    const h = Math.floor((side + PLANE_MARGIN.top + PLANE_MARGIN.bottom) / 2) - TIME_MARGIN.top - TIME_MARGIN.bottom;
    return {
      height: side + PLANE_MARGIN.top + PLANE_MARGIN.bottom,
      plane: { left: PLANE_MARGIN.left, top: PLANE_MARGIN.top, size: side },
      norm: { left: timeLeft, top: TIME_MARGIN.top, width: timeWidth, height: h },
      angle: { left: timeLeft, top: TIME_MARGIN.top * 2 + TIME_MARGIN.bottom + h, width: timeWidth, height: h },
    };
  }
  const side = Math.min(width, 420) - PLANE_MARGIN.left - PLANE_MARGIN.right;
  const planeHeight = side + PLANE_MARGIN.top + PLANE_MARGIN.bottom;
  const h = TIME_HEIGHT - TIME_MARGIN.top - TIME_MARGIN.bottom;
  const timeWidth = width - TIME_MARGIN.left - TIME_MARGIN.right;
  return {
    height: planeHeight + 2 * TIME_HEIGHT,
    plane: { left: PLANE_MARGIN.left, top: PLANE_MARGIN.top, size: side },
    norm: { left: TIME_MARGIN.left, top: planeHeight + TIME_MARGIN.top, width: timeWidth, height: h },
    angle: { left: TIME_MARGIN.left, top: planeHeight + TIME_HEIGHT + TIME_MARGIN.top, width: timeWidth, height: h },
  };
}

/** Half-width of the square data window: the cloud to 2.5 sigma, the initial weight, and at least 1.5. */
export function planeRadius(session: Session): number {
  const { cloud, state } = session;
  const centre = Math.sqrt(cloud.centreX * cloud.centreX + cloud.centreY * cloud.centreY);
  return Math.max(1.5, centre + 2.5 * cloud.sd1, 1.2 * state.w0Norm);
}

function arrowPath(x0: number, y0: number, x1: number, y1: number): string {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length = Math.sqrt(dx * dx + dy * dy);
  if (length < 1) return '';
  const ux = dx / length;
  const uy = dy / length;
  const head = Math.min(11, length * 0.6);
  const bx = x1 - ux * head;
  const by = y1 - uy * head;
  return `M${x0},${y0}L${bx},${by}M${x1},${y1}L${bx - uy * head * 0.45},${by + ux * head * 0.45}L${bx + uy * head * 0.45},${by - ux * head * 0.45}Z`;
}

function drawPlane(svg: Svg, session: Session, box: Layout['plane']): void {
  const radius = planeRadius(session);
  const x = scaleLinear().domain([-radius, radius]).range([0, box.size]);
  const y = scaleLinear().domain([-radius, radius]).range([box.size, 0]);
  const panel = layer(svg, 'panel-plane');
  drawAxes(panel, { left: box.left, top: box.top, width: box.size, height: box.size }, x, y, {
    xLabel: axisLabel('Input x₁', ''),
    yLabel: axisLabel('Input x₂', ''),
    xTicks: 5,
    yTicks: 5,
  });
  const { cloud } = session;
  const k = box.size / (2 * radius);
  layer(panel, 'cloud-shape')
    .selectAll('ellipse')
    .data([cloud])
    .join('ellipse')
    .attr('class', 'cloud-ellipse')
    .attr('cx', (c) => x(c.centreX))
    .attr('cy', (c) => y(c.centreY))
    .attr('rx', (c) => Math.max(0.5, 2 * c.sd1 * k))
    .attr('ry', (c) => Math.max(0.5, 2 * c.sd2 * k))
    .attr('transform', (c) => `rotate(${-c.angle} ${x(c.centreX)} ${y(c.centreY)})`);

  const points: [number, number][] = [];
  const count = session.recentCount;
  const start = count < RECENT_SAMPLES ? 0 : session.recentHead;
  for (let i = 0; i < count; i++) {
    const j = (start + i) % RECENT_SAMPLES;
    points.push([session.recent[2 * j]!, session.recent[2 * j + 1]!]);
  }
  const inside = (p: [number, number]) => Math.abs(p[0]) <= radius && Math.abs(p[1]) <= radius;
  layer(panel, 'samples')
    .selectAll('circle')
    .data(points.filter(inside))
    .join('circle')
    .attr('class', 'sample-dot')
    .attr('r', 2.2)
    .attr('cx', (p) => x(p[0]))
    .attr('cy', (p) => y(p[1]));
  const last = count > 0 ? points[points.length - 1]! : undefined;
  layer(panel, 'latest')
    .selectAll('circle')
    .data(last && inside(last) ? [last] : [])
    .join('circle')
    .attr('class', 'last-sample')
    .attr('r', 5)
    .attr('cx', (p) => x(p[0]))
    .attr('cy', (p) => y(p[1]));

  // Principal axes through the origin; the covariance axis only where it differs visibly.
  const axes = [{ name: 'correlation', vector: session.correlationAxis.vector, label: 'PC of ⟨x xᵀ⟩' }];
  const c = session.correlationAxis.vector;
  const v = session.covarianceAxis.vector;
  const cosAngle = Math.abs(c[0]! * v[0]! + c[1]! * v[1]!);
  if (cosAngle < Math.cos(Math.PI / 90)) axes.push({ name: 'covariance', vector: v, label: 'PC of covariance' });
  // Each axis spans the square window: it leaves through the edge its larger component points at.
  const reachOf = (vec: Float64Array) => radius / Math.max(Math.abs(vec[0]!), Math.abs(vec[1]!));
  const axisLines = layer(panel, 'principal-axes');
  axisLines
    .selectAll('line')
    .data(axes)
    .join('line')
    .attr('class', (a) => `principal-axis axis-${a.name}`)
    .attr('x1', (a) => x(-reachOf(a.vector) * a.vector[0]!))
    .attr('y1', (a) => y(-reachOf(a.vector) * a.vector[1]!))
    .attr('x2', (a) => x(reachOf(a.vector) * a.vector[0]!))
    .attr('y2', (a) => y(reachOf(a.vector) * a.vector[1]!));
  // Labels near where each axis leaves the window, at the end away from the weight vector, so they do not collide.
  const w = session.learner.w;
  const tagPoint = (vec: Float64Array): [number, number] => {
    const towardsW = vec[0]! * w[0]! + vec[1]! * w[1]! > 0;
    const flip = towardsW ? -1 : 1;
    const edge = (0.8 * radius) / Math.max(Math.abs(vec[0]!), Math.abs(vec[1]!));
    return [flip * vec[0]! * edge, flip * vec[1]! * edge];
  };
  axisLines
    .selectAll('text')
    .data(axes)
    .join('text')
    .attr('class', (a) => `axis-tag axis-tag-${a.name}`)
    .attr('x', (a) => Math.min(box.size - 2, Math.max(2, x(tagPoint(a.vector)[0]) + (tagPoint(a.vector)[0] >= 0 ? -4 : 4))))
    .attr('y', (a) => Math.min(box.size - 4, Math.max(12, y(tagPoint(a.vector)[1]) + (tagPoint(a.vector)[1] >= 0 ? 14 : -6))))
    .attr('text-anchor', (a) => (tagPoint(a.vector)[0] >= 0 ? 'end' : 'start'))
    .text((a) => a.label);

  // The weight vector: drawn to scale, or to the window's edge (dashed) when it has grown beyond it.
  const length = Math.sqrt(w[0]! * w[0]! + w[1]! * w[1]!);
  const limit = radius * 0.95;
  const scale = length > limit ? limit / length : 1;
  const tip: [number, number] = [w[0]! * scale, w[1]! * scale];
  layer(panel, 'weight')
    .selectAll('path')
    .data(Number.isFinite(length) ? [tip] : [])
    .join('path')
    .attr('class', scale < 1 ? 'weight-arrow off-scale' : 'weight-arrow')
    .attr('d', (p) => arrowPath(x(0), y(0), x(p[0]), y(p[1])));
  layer(panel, 'weight-label')
    .selectAll('text')
    .data(Number.isFinite(length) ? [tip] : [])
    .join('text')
    .attr('class', 'weight-tag')
    .attr('x', (p) => Math.min(box.size - 20, Math.max(20, x(p[0]) + (p[0] >= 0 ? 6 : -6))))
    .attr('y', (p) => Math.min(box.size - 8, Math.max(14, y(p[1]) + (p[1] >= 0 ? -6 : 14))))
    .attr('text-anchor', (p) => (p[0] >= 0 ? 'start' : 'end'))
    .text(scale < 1 ? 'w (off scale)' : 'w');
}

function drawTime(svg: Svg, name: string, box: Layout['norm'], t: Float64Array, ys: Float64Array, y: ScaleLinear, yLabel: string, series: number, xMax: number): Group {
  const x = scaleLinear().domain([0, xMax]).range([0, box.width]);
  const panel = layer(svg, `panel-${name}`);
  drawAxes(panel, box, x, y, { xLabel: axisLabel('Samples presented', ''), yLabel, xTicks: Math.max(2, Math.floor(box.width / 90)), yTicks: 4 });
  drawLine(panel, name, t, ys, x, y, series);
  return panel;
}

export function renderHebbCloud(svg: Svg, width: number, session: Session): void {
  const layout = layoutFor(width);
  sizeSvg(svg, width, layout.height);
  drawPlane(svg, session, layout.plane);

  const h = session.history;
  const t = h.t.subarray(0, h.length);
  const norms = h.norm.subarray(0, h.length);
  const angles = h.angle.subarray(0, h.length);
  const xMax = Math.max(100, session.learner.samples);
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of norms) {
    if (v > 0 && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const logScale = hi / lo > 100;
  const yNorm = (logScale ? scaleLog().domain([Math.min(lo, 0.1), hi * 2]).nice() : scaleLinear().domain([0, Math.max(1.2, hi * 1.1)]).nice());
  yNorm.range([layout.norm.height, 0]);
  const normPanel = drawTime(svg, 'norm', layout.norm, t, norms, yNorm, logScale ? 'Length |w| (log)' : 'Length |w|', 2, xMax);
  if (logScale) normPanel.select('.y-axis').selectAll<SVGTextElement, number>('.tick text').text((d) => (Number.isInteger(Math.round(Math.log10(d) * 1e6) / 1e6) ? `1e${Math.round(Math.log10(d))}` : ''));
  const yAngle = scaleLinear().domain([0, 90]).range([layout.angle.height, 0]);
  drawTime(svg, 'angle', layout.angle, t, angles, yAngle, axisLabel('Angle to PC', 'deg'), 3, xMax);
}
