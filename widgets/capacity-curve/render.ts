/**
 * Drawing for the capacity widget: the measured mean overlap per load with ±1 SD error bars, the AGS theory
 * curve up to α_c and the α_c line, and the cue's overlap as a reference level. Takes data, draws; computes
 * nothing but scales.
 */
import { scaleLinear } from '../lib/scale.ts';
import type { CapacityPoint } from '../../engine/attractors/capacity.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLevel, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';

export const CAPACITY_HEIGHT = 320;

export interface CapacityView {
  readonly loads: readonly number[];
  readonly points: readonly CapacityPoint[];
  /** AGS retrieval overlap, [α, m] pairs up to α_c. */
  readonly theory: ReadonlyArray<readonly [number, number]>;
  readonly alphaC: number;
  /** The cue's overlap with pattern 1, 1 − 2f. */
  readonly cueOverlap: number;
}

/** x from 0 to a little past the largest load (and past α_c); y from 0 (or the lowest bar) to 1. */
export function capacityDomains(view: Pick<CapacityView, 'loads' | 'points' | 'alphaC'>): { x: [number, number]; y: [number, number] } {
  const right = Math.max(...view.loads, view.alphaC * 1.15);
  let low = 0;
  let high = 1.05;
  for (const p of view.points) {
    low = Math.min(low, p.mean - p.sd);
    high = Math.max(high, p.mean + p.sd);
  }
  // Bars are mean ± SD, which may pass m = 1 (the overlap itself never does): the axis makes room.
  return { x: [0, right * 1.04], y: [Math.max(-1.1, Math.floor(low * 10) / 10), Math.min(1.6, Math.ceil(high * 20) / 20)] };
}

export function renderCapacity(svg: Svg, width: number, view: CapacityView): void {
  sizeSvg(svg, width, CAPACITY_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = CAPACITY_HEIGHT - MARGIN.top - MARGIN.bottom;
  const domains = capacityDomains(view);
  const x = scaleLinear().domain(domains.x).range([0, inner]);
  const y = scaleLinear().domain(domains.y).range([height, 0]);
  const panel = layer(svg, 'panel-capacity');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Load P/N', 'dimensionless'),
    yLabel: axisLabel('Final overlap m', 'dimensionless'),
    xTicks: Math.max(3, Math.floor(inner / 70)),
    yTicks: 6,
  });

  drawLevel(panel, 'cue', view.cueOverlap, `cue m = ${view.cueOverlap.toFixed(2)}`, x, y);
  // The α_c label sits low in the plot, below the points (which lie near m = 1 left of α_c).
  drawVerticalLevel(panel, 'alpha-c', view.alphaC, `α_c ≈ ${view.alphaC.toFixed(3)}`, x, y, Math.max(1, Math.floor((height - 40) / 15)));
  drawLine(
    panel,
    'theory',
    view.theory.map((p) => p[0]),
    view.theory.map((p) => p[1]),
    x,
    y,
    2,
  );

  // Loads still to come: a faint tick on the x-axis, so the reader sees where points will appear.
  const measured = new Set(view.points.map((p) => p.load));
  layer(panel, 'pending')
    .selectAll('line')
    .data(view.loads.filter((load) => !measured.has(load)))
    .join('line')
    .attr('class', 'pending-load')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', height)
    .attr('y2', height - 6);

  const bars = layer(panel, 'error-bars')
    .selectAll<SVGPathElement, CapacityPoint>('path')
    .data(view.points, (p) => String(p.load))
    .join('path')
    .attr('class', 'error-bar')
    .attr('d', (p) => {
      const cx = x(p.load);
      const top = y(p.mean + p.sd);
      const bottom = y(p.mean - p.sd);
      return `M${cx},${top}V${bottom}M${cx - 4},${top}H${cx + 4}M${cx - 4},${bottom}H${cx + 4}`;
    });
  bars.attr('data-load', (p) => String(p.load));
  layer(panel, 'points')
    .selectAll<SVGCircleElement, CapacityPoint>('circle')
    .data(view.points, (p) => String(p.load))
    .join('circle')
    .attr('class', 'capacity-point')
    .attr('r', 4)
    .attr('cx', (p) => x(p.load))
    .attr('cy', (p) => y(p.mean))
    .attr('data-load', (p) => String(p.load))
    .attr('data-mean', (p) => String(p.mean))
    .attr('data-sd', (p) => String(p.sd));
}
