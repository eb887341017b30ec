/**
 * Drawing for the BCM widget: the weights over time with the analytic fixed point as dashed levels (top), and
 * the responses to each pattern with the sliding threshold theta (bottom). Takes an analysis, draws; computes nothing.
 */
import { scaleLinear } from '../lib/scale.ts';
import { axisLabel } from '../lib/format.ts';
import { drawAxes, drawLevel, drawLine, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { BcmAnalysis } from './state.ts';

const PANEL_HEIGHT = 170;
const GAP = 46;
export const BCM_HEIGHT = MARGIN.top + 2 * PANEL_HEIGHT + GAP + MARGIN.bottom;

/** Weight j uses series j + 1; response k uses series 3 + k (wrapping within the six theme colours); theta series 6. */
export const weightSeries = (j: number): number => 1 + (j % 2);
export const responseSeries = (k: number): number => 3 + (k % 3);
export const THETA_SERIES = 6;

function extent(values: readonly ArrayLike<number>[], extra: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const series of values) {
    for (let i = 0; i < series.length; i++) {
      const v = series[i]!;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  for (const v of extra) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi - lo < 1e-9) hi = lo + 1;
  // Headroom above the highest value, so a level's label drawn just above its line stays inside the plot.
  return [lo, hi + 0.08 * (hi - lo)];
}

export function renderBcm(svg: Svg, width: number, a: BcmAnalysis): void {
  sizeSvg(svg, width, BCM_HEIGHT);
  const tr = a.result.trajectory;
  // Extra room on the right: the last time tick ("4,000") is centred on the axis end.
  const inner = width - MARGIN.left - MARGIN.right - 14;
  const tEnd = tr.t[tr.t.length - 1] ?? 1;
  const x = scaleLinear().domain([0, tEnd > 0 ? tEnd : 1]).range([0, inner]);
  const xTicks = Math.max(3, Math.floor(inner / 90));

  const fixedW = a.fixed ? Array.from(a.fixed.w) : [];
  const yW = scaleLinear().domain(extent(tr.w, fixedW)).range([PANEL_HEIGHT, 0]).nice();
  const top = layer(svg, 'panel-weights');
  drawAxes(top, { left: MARGIN.left, top: MARGIN.top, width: inner, height: PANEL_HEIGHT }, x, yW, { yLabel: 'Weights w', xTicks, yTicks: 4 });
  tr.w.forEach((w, j) => drawLine(top, `w${j}`, tr.t, w, x, yW, weightSeries(j)));
  for (let j = tr.w.length; j < 4; j++) drawLine(top, `w${j}`, [], [], x, yW, 1);
  fixedW.forEach((w, j) => drawLevel(top, `fixed-w${j}`, w, `w*${j + 1}`, x, yW));
  for (let j = fixedW.length; j < 4; j++) drawLevel(top, `fixed-w${j}`, undefined, '', x, yW);

  const fixedTheta = a.fixed ? [a.fixed.theta] : [];
  const yY = scaleLinear().domain(extent([...tr.y, tr.theta], fixedTheta)).range([PANEL_HEIGHT, 0]).nice();
  const bottom = layer(svg, 'panel-responses');
  drawAxes(bottom, { left: MARGIN.left, top: MARGIN.top + PANEL_HEIGHT + GAP, width: inner, height: PANEL_HEIGHT }, x, yY, {
    xLabel: axisLabel('Time t', 'time units'),
    yLabel: 'Responses y and θ',
    xTicks,
    yTicks: 4,
  });
  tr.y.forEach((y, k) => drawLine(bottom, `y${k}`, tr.t, y, x, yY, responseSeries(k)));
  for (let k = tr.y.length; k < 4; k++) drawLine(bottom, `y${k}`, [], [], x, yY, 3);
  drawLine(bottom, 'theta', tr.t, tr.theta, x, yY, THETA_SERIES);
  drawLevel(bottom, 'fixed-theta', a.fixed?.theta, 'θ*', x, yY);
}
