/**
 * Drawing for the F(u) widget: F(u), the input line −R I, the fixed points where they cross (filled =
 * stable, open = unstable, half-filled = the two merged at rheobase), the flow on the u-axis as arrows
 * between them, and the cut-off and reset as vertical markers. Takes an analysis, draws; computes nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel, formatNumber } from '../lib/format.ts';
import { drawAxes, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { FixedPoint, FlowSegment, FuAnalysis } from './analysis.ts';

export const FU_HEIGHT = 330;

export interface FuView {
  readonly analysis: FuAnalysis;
  readonly uMin: number;
  readonly uMax: number;
  readonly labels: { readonly cutoff: string; readonly reset: string };
  /** Unique per widget instance: the id of the clip path that keeps F's upswing inside the plot. */
  readonly clipId: string;
}

/** Where the flow arrows run: just above the u-axis. */
const FLOW_OFFSET = 12;
const POINT_RADIUS = 5.5;

/** An arrow from x0 to x1 at height y, its head at x1. */
function arrowPath(x0: number, x1: number, y: number): string {
  const head = Math.sign(x1 - x0) * 7;
  return `M${x0},${y}H${x1}M${x1 - head},${y - 4.5}L${x1},${y}L${x1 - head},${y + 4.5}`;
}

/** The left half of a circle, filled: the half-stable point's marker. */
function halfDisc(cx: number, cy: number, r: number): string {
  return `M${cx},${cy - r}A${r},${r} 0 0 0 ${cx},${cy + r}Z`;
}

export function renderFu(svg: Svg, width: number, view: FuView): void {
  const { analysis: a } = view;
  sizeSvg(svg, width, FU_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = FU_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear().domain([view.uMin, view.uMax]).range([0, inner]);
  const y = scaleLinear().domain(a.domain).range([height, 0]).nice();
  const panel = layer(svg, 'panel-fu');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Membrane potential u', 'mV'),
    yLabel: axisLabel('F(u) and −R I', 'mV'),
    // At least three labelled voltages, even on a phone.
    xTicks: Math.max(3, Math.floor(inner / 80)),
  });

  const clip = layer(svg, 'clip-defs');
  clip
    .selectAll('clipPath')
    .data([view.clipId])
    .join('clipPath')
    .attr('id', (d) => d)
    .selectAll('rect')
    .data([0])
    .join('rect')
    .attr('width', inner)
    .attr('height', height);

  drawVerticalLevel(panel, 'reset', a.system.reset, view.labels.reset, x, y, 1);
  drawVerticalLevel(panel, 'cutoff', a.system.cutoff, view.labels.cutoff, x, y);

  const line = -a.system.R * a.current;
  drawLine(panel, 'input', [view.uMin, view.uMax], [line, line], x, y, 2);
  drawLine(panel, 'F', a.curve.u, a.curve.F, x, y, 1);
  for (const name of ['series-input', 'series-F']) layer(panel, name).attr('clip-path', `url(#${view.clipId})`);
  const lineLabel = layer(panel, 'input-label');
  // Below the line at the left edge, where F lies above it whenever the flow there runs rightwards.
  const labelY = y(line) + 16 < height - FLOW_OFFSET - 8 ? y(line) + 16 : y(line) - 6;
  lineLabel
    .selectAll('text')
    .data([`−R I = ${formatNumber(line, 1)} mV`])
    .join('text')
    .attr('class', 'level-label input-label')
    .attr('x', 6)
    .attr('y', labelY)
    .text((d) => d);

  // The phase line: arrows between the fixed points, right where du/dt > 0.
  const flowY = height - FLOW_OFFSET;
  const arrows = a.flow
    .filter((s: FlowSegment) => s.direction !== 0)
    .map((s) => {
      const left = x(s.from);
      const right = x(s.to);
      const span = right - left;
      return { ...s, left, right, span };
    })
    .filter((s) => s.span >= 22);
  layer(panel, 'flow')
    .selectAll('path')
    .data(arrows)
    .join('path')
    .attr('class', 'flow-arrow')
    .attr('d', (s) => {
      const mid = (s.left + s.right) / 2;
      const half = Math.min(24, s.span * 0.3);
      return s.direction > 0 ? arrowPath(mid - half, mid + half, flowY) : arrowPath(mid + half, mid - half, flowY);
    });

  const visible = a.fixed.filter((f) => f.u >= view.uMin && f.u <= view.uMax);
  layer(panel, 'fixed-drops')
    .selectAll('line')
    .data(visible)
    .join('line')
    .attr('class', 'fixed-drop')
    .attr('x1', (f) => x(f.u))
    .attr('x2', (f) => x(f.u))
    .attr('y1', y(line))
    .attr('y2', flowY);
  const points = layer(panel, 'fixed-points')
    .selectAll<SVGGElement, FixedPoint>('g')
    .data(visible)
    .join('g')
    .attr('class', (f) => `fixed-point fixed-${f.stability}`)
    .attr('transform', (f) => `translate(${x(f.u)},0)`);
  for (const [cy, r] of [
    [y(line), POINT_RADIUS],
    [flowY, POINT_RADIUS - 1.5],
  ] as const) {
    const key = cy === flowY ? 'on-axis' : 'on-line';
    points
      .selectAll<SVGCircleElement, FixedPoint>(`circle.${key}`)
      .data((f) => [f])
      .join('circle')
      .attr('class', key)
      .attr('cy', cy)
      .attr('r', r);
    points
      .selectAll<SVGPathElement, FixedPoint>(`path.${key}`)
      .data((f) => (f.stability === 'half-stable' ? [f] : []))
      .join('path')
      .attr('class', `half ${key}`)
      .attr('d', halfDisc(0, cy, r));
  }
}
