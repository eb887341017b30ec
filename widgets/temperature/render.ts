/**
 * Draws overlap against β: the mean-field curve m = tanh(βm), a dashed line at the critical β = 1, and the
 * simulated points with error bars (± one standard deviation over runs).
 */
import { scaleLinear } from '../lib/scale.ts';
import type { TemperaturePoint } from '../../engine/attractors/stochastic.ts';
import { drawAxes, drawDots, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import { theoryCurve } from './state.ts';

const HEIGHT = 280;
export const TEMPERATURE_HEIGHT = HEIGHT + MARGIN.top + MARGIN.bottom;

export function renderTemperature(svg: Svg, width: number, betaMax: number, points: readonly TemperaturePoint[]): void {
  sizeSvg(svg, width, TEMPERATURE_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([0, betaMax]).range([0, inner]);
  const y = scaleLinear().domain([-0.1, 1.05]).range([HEIGHT, 0]);
  const panel = layer(svg, 'temperature-panel');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height: HEIGHT }, x, y, { xLabel: 'Inverse temperature β', yLabel: 'Overlap m', yTicks: 6 });
  drawVerticalLevel(panel, 'critical', 1, 'β = 1', x, y);
  const curve = theoryCurve(betaMax);
  drawLine(panel, 'theory', curve.betas, curve.m, x, y, 1);
  layer(panel, 'error-bars')
    .selectAll('line')
    .data(points)
    .join('line')
    .attr('class', 'error-bar')
    .style('stroke', 'var(--series-2)')
    .attr('x1', (p) => x(p.beta))
    .attr('x2', (p) => x(p.beta))
    .attr('y1', (p) => y(p.mean - p.sd))
    .attr('y2', (p) => y(p.mean + p.sd));
  drawDots(panel, 'sim', points.map((p) => ({ x: p.beta, y: p.mean })), x, y, 2);
}
