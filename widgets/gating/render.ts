/**
 * Drawing for the gating widget: x∞(u) above and τx(u) below for m, h and n (colour and dash pattern
 * both tell them apart), the resting potential and the voltage marker through both panels, with a dot where
 * the marker meets each curve. Takes data, draws; computes nothing.
 */
import { scaleLinear, type ScaleLinear } from '../lib/scale.ts';
import type { Gate } from '../../engine/index.ts';
import { axisLabel, formatNumber } from '../lib/format.ts';
import { drawAxes, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Group, type Svg } from '../lib/plot.ts';
import { GATES, type GateValues, type GatingCurves } from './data.ts';

const INF_HEIGHT = 150;
const GAP = 22;
const TAU_HEIGHT = 170;
export const GATING_HEIGHT = MARGIN.top + INF_HEIGHT + GAP + TAU_HEIGHT + MARGIN.bottom;

export const GATE_SERIES: Readonly<Record<Gate, number>> = { m: 1, h: 2, n: 3 };

export interface GatingView {
  readonly curves: GatingCurves;
  readonly uMin: number;
  readonly uMax: number;
  readonly tauMax: number;
  readonly values: GateValues;
  readonly rest: number;
}

function marker(panel: Group, u: number, values: Readonly<Record<Gate, number>>, x: ScaleLinear, y: ScaleLinear): void {
  layer(panel, 'voltage-marker')
    .selectAll('line')
    .data([u])
    .join('line')
    .attr('class', 'marker-line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', y.range()[0]!)
    .attr('y2', y.range()[1]!);
  layer(panel, 'marker-dots')
    .selectAll('circle')
    .data(GATES)
    .join('circle')
    .attr('class', (g) => `dot marker-dot dot-${g}`)
    .attr('r', 4)
    .style('fill', (g) => `var(--series-${GATE_SERIES[g]})`)
    .attr('cx', x(u))
    .attr('cy', (g) => y(Math.min(y.domain()[1]!, values[g])));
}

/** Draws both panels and returns the u scale and where the plot starts, for pointer input. */
export function renderGating(svg: Svg, width: number, view: GatingView): { x: ScaleLinear; left: number } {
  sizeSvg(svg, width, GATING_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear().domain([view.uMin, view.uMax]).range([0, inner]);

  const yInf = scaleLinear().domain([0, 1]).range([INF_HEIGHT, 0]);
  const infPanel = layer(svg, 'panel-inf');
  // At least three labelled voltages, even on a phone.
  const xTicks = Math.max(3, Math.floor(inner / 80));
  drawAxes(infPanel, { left: MARGIN.left, top: MARGIN.top, width: inner, height: INF_HEIGHT }, x, yInf, { yLabel: 'x∞(u)', yTicks: 5, xTicks });
  drawVerticalLevel(infPanel, 'rest', view.rest, '', x, yInf);
  for (const gate of GATES) drawLine(infPanel, gate, view.curves.u, view.curves.inf[gate], x, yInf, GATE_SERIES[gate]);
  marker(infPanel, view.values.u, view.values.inf, x, yInf);

  const yTau = scaleLinear().domain([0, view.tauMax * 1.05]).range([TAU_HEIGHT, 0]).nice();
  const tauPanel = layer(svg, 'panel-tau');
  drawAxes(tauPanel, { left: MARGIN.left, top: MARGIN.top + INF_HEIGHT + GAP, width: inner, height: TAU_HEIGHT }, x, yTau, {
    xLabel: axisLabel('Membrane potential u', 'mV'),
    yLabel: axisLabel('τx(u)', 'ms'),
    xTicks,
  });
  drawVerticalLevel(tauPanel, 'rest', view.rest, `rest ${formatNumber(view.rest, 2)} mV`, x, yTau);
  for (const gate of GATES) drawLine(tauPanel, gate, view.curves.u, view.curves.tau[gate], x, yTau, GATE_SERIES[gate]);
  marker(tauPanel, view.values.u, view.values.tau, x, yTau);
  return { x, left: MARGIN.left };
}
