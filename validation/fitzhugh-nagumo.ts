/**
 * FitzHugh–Nagumo against test/reference/fhn.json: limit-cycle periods (SciPy DOP853 at rtol 1e-12) and the
 * analytic Hopf points. Tolerances as in test/unit/fitzhugh-nagumo.test.ts and phase-plane.test.ts.
 */
import { findBifurcations } from '../engine/analysis/bifurcation.ts';
import { fitzhughNagumo, type FitzhughNagumoParams } from '../engine/models/fitzhugh-nagumo.ts';
import { defaultValues } from '../engine/params/registry.ts';
import { simulate, type SimulationSpec } from '../engine/simulate.ts';
import { fhnReference } from './reference.ts';
import type { Comparison } from './types.ts';

const model = 'FitzHugh–Nagumo';
const lesson = '06-two-dimensional-reductions';
const p: FitzhughNagumoParams = defaultValues(fitzhughNagumo.params);
/** The currents whose periods the reference README quotes; its fair tolerances were derived at these. */
const README_CURRENTS = [0.35, 0.5, 1.0];

/** Mean spacing of the upward v = 0 crossings after 1000 time units of transient, as the reference measures it. */
function period(current: number, spec: Partial<SimulationSpec>): number {
  const { v, w } = fhnReference().initial_state;
  const run = simulate({ model: fitzhughNagumo, stimulus: current, duration: 1800, initial: [v, w], record: ['v'], ...spec });
  const spikes = Array.from(run.spikes).filter((t) => t > 1000);
  return spikes.length < 15 ? Number.NaN : (spikes.at(-1)! - spikes[0]!) / (spikes.length - 1);
}

function periodError(spec: Partial<SimulationSpec>, currents?: readonly number[]): number {
  let worst = 0;
  for (const point of fhnReference().periods.points) {
    if (currents && !currents.includes(point.I)) continue;
    const measured = period(point.I, spec);
    if (Number.isNaN(measured)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(measured / point.period - 1));
  }
  return worst;
}

const periods = { file: 'fhn.json', what: 'limit-cycle periods at 8 currents (0.34–1.4)' };

export const fitzhughNagumoComparisons: Comparison[] = [
  {
    id: 'fhn-default-period',
    model,
    lesson,
    reference: periods,
    quantity: `period, the default (${fitzhughNagumo.defaultMethod} at ${fitzhughNagumo.defaultDt})`,
    metric: 'max relative error of period',
    unit: '1',
    tolerance: 1e-6,
    why: 'The README’s fair tolerance for RK4 at 0.1; locating crossings on the method’s own solution does better (1e-7).',
    measure: () => periodError({}),
  },
  {
    id: 'fhn-rk4-fine-period',
    model,
    lesson,
    reference: { file: 'fhn.json', what: 'limit-cycle periods at I = 0.35, 0.5 and 1.0' },
    quantity: 'period, RK4 at 0.01',
    metric: 'max relative error of period',
    unit: '1',
    tolerance: 1e-8,
    why: 'Fourth order: a tenth of the step leaves 1e-4 of the error at 0.1, the README’s 1e-8.',
    measure: () => periodError({ method: 'rk4', dt: 0.01 }, README_CURRENTS),
  },
  {
    id: 'fhn-euler-period',
    model,
    lesson,
    reference: { file: 'fhn.json', what: 'limit-cycle periods at I = 0.35, 0.5 and 1.0' },
    quantity: 'period, Euler at 0.01',
    metric: 'max relative error of period',
    unit: '1',
    tolerance: 3e-4,
    why: 'Euler’s own first-order error is about 2e-4 at this step; 3e-4 is the README’s figure for these currents.',
    measure: () => periodError({ method: 'euler', dt: 0.01 }, README_CURRENTS),
  },
  {
    id: 'fhn-hopf-points',
    model,
    lesson,
    reference: { file: 'fhn.json', what: 'analytic Hopf currents (lower and upper)' },
    quantity: 'Hopf currents found by the bifurcation sweep',
    metric: 'max |ΔI|',
    unit: '1',
    tolerance: 1e-7,
    why: 'The sweep refines where the Jacobian’s trace changes sign to about 1e-11; 1e-7 is the README’s precision for onset values.',
    measure: () => {
      const found = findBifurcations(fitzhughNagumo, p, { x: { min: -3, max: 3 }, y: { min: -2, max: 4 } }, { from: 0, to: 2, steps: 100 });
      const { lower, upper } = fhnReference().hopf_points;
      if (found.length !== 2 || found.some((b) => b.type !== 'hopf')) return Number.POSITIVE_INFINITY;
      return Math.max(Math.abs(found[0]!.current - lower.I_hopf), Math.abs(found[1]!.current - upper.I_hopf));
    },
  },
];
