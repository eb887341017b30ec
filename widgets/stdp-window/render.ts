/**
 * Drawing for the STDP window widget: Δw against Δt = t_post - t_pre, the potentiation branch (Δt > 0) and the
 * depression branch (Δt < 0) drawn apart at the jump at 0, a zero line, and the probe Δt marked. Computes nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawDots, drawLevel, drawLine, drawVerticalLevel, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import { WINDOW_RANGE, type StdpAnalysis } from './state.ts';

export const STDP_HEIGHT = 300;
export const LTP_SERIES = 1;
export const LTD_SERIES = 2;

export function renderStdp(svg: Svg, width: number, a: StdpAnalysis, probe: number): void {
  sizeSvg(svg, width, STDP_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const height = STDP_HEIGHT - MARGIN.top - MARGIN.bottom;
  // Δw is drawn in thousandths: tick labels like 0.006 would otherwise run into the axis title.
  const dwMinus = Float64Array.from(a.dwMinus, (v) => v * 1000);
  const dwPlus = Float64Array.from(a.dwPlus, (v) => v * 1000);
  let lo = 0;
  let hi = 0;
  for (const v of [...dwMinus, ...dwPlus]) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 1e-9) hi = lo + 10;
  const x = scaleLinear().domain([-WINDOW_RANGE, WINDOW_RANGE]).range([0, inner]);
  const y = scaleLinear().domain([lo, hi]).range([height, 0]).nice();
  const panel = layer(svg, 'panel-window');
  drawAxes(panel, { left: MARGIN.left, top: MARGIN.top, width: inner, height }, x, y, {
    xLabel: axisLabel('Δt = t_post − t_pre', 'ms'),
    yLabel: 'Weight change Δw (×10⁻³)',
    xTicks: Math.max(4, Math.floor(inner / 70)),
  });
  drawLevel(panel, 'zero', 0, '', x, y);
  drawVerticalLevel(panel, 'probe', probe, `Δt = ${probe} ms`, x, y);
  drawLine(panel, 'ltd', a.dtsMinus, dwMinus, x, y, LTD_SERIES);
  drawLine(panel, 'ltp', a.dtsPlus, dwPlus, x, y, LTP_SERIES);
  drawDots(panel, 'probe', [{ x: probe, y: a.probeDw * 1000 }], x, y, probe >= 0 ? LTP_SERIES : LTD_SERIES);
}
