/**
 * Draws the energy trace: energy against sweeps (deterministic, stochastic, and the stored pattern's energy
 * as a level) above the overlap with the cued pattern against sweeps. D3 joins that update in place.
 */
import { scaleLinear } from '../lib/scale.ts';
import { drawAxes, drawLevel, drawLine, layer, MARGIN, sizeSvg, type Svg } from '../lib/plot.ts';
import type { EnergyRun } from './state.ts';

const PANEL_HEIGHT = 170;
const GAP = 26;
export const ENERGY_HEIGHT = MARGIN.top + PANEL_HEIGHT + GAP + PANEL_HEIGHT + MARGIN.bottom;

export function renderEnergy(svg: Svg, width: number, run: EnergyRun): void {
  sizeSvg(svg, width, ENERGY_HEIGHT);
  const inner = width - MARGIN.left - MARGIN.right;
  const sweeps = run.state.sweeps;
  const shown = run.t + 1;
  const ts = Float64Array.from({ length: shown }, (_, k) => k);
  const x = scaleLinear().domain([0, Math.max(1, sweeps)]).range([0, inner]);

  const eDet = run.energyDet.subarray(0, shown);
  const eSto = run.energySto.subarray(0, shown);
  let lo = run.patternEnergy;
  let hi = run.patternEnergy;
  for (let k = 0; k < run.energyDet.length && k < shown; k++) {
    lo = Math.min(lo, eDet[k]!, eSto[k]!);
    hi = Math.max(hi, eDet[k]!, eSto[k]!);
  }
  const pad = Math.max(1, 0.06 * (hi - lo));
  const yE = scaleLinear().domain([lo - pad, hi + pad]).range([PANEL_HEIGHT, 0]).nice();
  const top = layer(svg, 'energy-panel');
  drawAxes(top, { left: MARGIN.left, top: MARGIN.top, width: inner, height: PANEL_HEIGHT }, x, yE, { yLabel: 'Energy E', yTicks: 4 });
  drawLevel(top, 'pattern', run.patternEnergy, 'stored pattern', x, yE);
  drawLine(top, 'det', ts, eDet, x, yE, 1);
  drawLine(top, 'sto', ts, eSto, x, yE, 2);

  const yM = scaleLinear().domain([-1, 1]).range([PANEL_HEIGHT, 0]);
  const bottom = layer(svg, 'overlap-panel');
  drawAxes(bottom, { left: MARGIN.left, top: MARGIN.top + PANEL_HEIGHT + GAP, width: inner, height: PANEL_HEIGHT }, x, yM, { xLabel: 'Time (sweeps)', yLabel: 'Overlap m', yTicks: 4 });
  drawLevel(bottom, 'one', 1, '', x, yM);
  drawLine(bottom, 'det', ts, run.overlapDet.subarray(0, shown), x, yM, 1);
  drawLine(bottom, 'sto', ts, run.overlapSto.subarray(0, shown), x, yM, 2);
}
