/**
 * Drawing for <receptive-field>: the weight of each input as a bar (the initial weights dashed), and under
 * it the neuron's response to a bump at every position around the ring (its tuning curve).
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLine, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import { tuningCurve, type RfSession } from './rf-state.ts';

const PANEL = 190;
export const RF_HEIGHT = 2 * PANEL;

export function renderReceptiveField(svg: Svg, width: number, session: RfSession): void {
  const inner = width - MARGIN.left - MARGIN.right;
  const height = PANEL - MARGIN.top - MARGIN.bottom;
  sizeSvg(svg, width, RF_HEIGHT);
  const n = session.state.n;
  const w = session.learner.w;

  const x = scaleLinear().domain([-0.5, n - 0.5]).range([0, inner]);
  const y = scaleLinear().domain([0, 1]).range([height, 0]);
  const weights = layer(svg, 'panel-weights');
  drawAxes(weights, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, { xLabel: axisLabel('Input j (position on the ring)', ''), yLabel: 'Weight w_j', yTicks: 3 });
  // One bar per input, centred on its tick, a fifth of the spacing left as a gap.
  const barWidth = 0.8 * (inner / n);
  layer(weights, 'bars')
    .selectAll('rect')
    .data(Array.from(w))
    .join('rect')
    .attr('class', 'rf-bar')
    .attr('x', (_, j) => x(j) - barWidth / 2)
    .attr('width', barWidth)
    .attr('y', (v) => y(Math.max(0, v)))
    .attr('height', (v) => Math.max(0, height - y(Math.max(0, v))));
  const initialPath = Array.from(session.initial, (v, j) => `${j === 0 ? 'M' : 'L'}${x(j)},${y(v)}`).join('');
  layer(weights, 'initial')
    .selectAll('path')
    .data([initialPath])
    .join('path')
    .attr('class', 'rf-initial')
    .attr('d', (d) => d);

  const tuning = tuningCurve(w, session.pattern);
  let max = 0;
  for (const v of tuning.response) max = Math.max(max, v);
  const xr = scaleLinear().domain([0, n]).range([0, inner]);
  const yr = scaleLinear().domain([0, Math.max(1, max * 1.1)]).range([height, 0]).nice();
  const response = layer(svg, 'panel-response');
  drawAxes(response, { left: MARGIN.left, top: PANEL + MARGIN.top, width: inner, height }, xr, yr, { xLabel: axisLabel('Position of the bump', 'inputs'), yLabel: 'Response v_post', yTicks: 4 });
  drawLine(response, 'response', tuning.position, tuning.response, xr, yr, 2);
}
