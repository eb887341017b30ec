/**
 * The Izhikevich mean field (PyRates ik_nodim) against test/reference/ik_meanfield.json (SciPy DOP853 at
 * rtol 1e-10), for g = 0.5 (damped) and g = 1.5 (oscillating). Tolerances as in test/unit/mean-field.test.ts.
 */
import { ikProtocol, simulateIkMeanField } from '../engine/mean-field/izhikevich-mean-field.ts';
import { meanFieldReference } from './reference.ts';
import { maxAbsDiff, type Comparison } from './types.ts';

const model = 'Izhikevich mean field';
const lesson = '13-mean-field';

function error(id: 'ik_nodim_g0.5' | 'ik_nodim_g1.5', method: 'rk4' | 'euler', variables: readonly ('r' | 'v' | 'u' | 's')[]): number {
  const scenario = meanFieldReference().scenarios.find((s) => s.id === id)!;
  const ref = scenario.results.mean_field;
  const run = simulateIkMeanField({ params: { g: scenario.parameters['g']!.value }, input: ikProtocol.segments, duration: ikProtocol.duration, dt: 0.01, method, sampleEvery: 0.1 });
  if (run.divergence || run.t.length !== ref.t.length) return Number.POSITIVE_INFINITY;
  return Math.max(...variables.map((name) => maxAbsDiff(run[name], ref[name])));
}

const reference = (g: string) => ({ file: 'ik_meanfield.json', what: `r, v, u, s every 0.1 for 1000 time units, g = ${g}, input 0.15 switched off on [400, 600)` });

export const meanFieldComparisons: Comparison[] = [
  ...(['0.5', '1.5'] as const).map(
    (g): Comparison => ({
      id: `mean-field-g${g}-rk4`,
      model,
      lesson,
      reference: reference(g),
      quantity: 'r, v, u and s at every sample, RK4 at dt 0.01',
      metric: 'max |Δ| over the four variables',
      unit: '1',
      tolerance: 1e-8,
      why: 'RK4 holding the input over each step meets the converged reference to its own accuracy (measured ≤ 7.4e-10); 1e-8 is ten times the reference’s own error.',
      measure: () => error(`ik_nodim_g${g}`, 'rk4', ['r', 'v', 'u', 's']),
    }),
  ),
  ...([['0.5', 2.3e-3, 'the README gives 2e-3'], ['1.5', 6.4e-3, 'the README gives 5.8e-3 for the oscillating case']] as const).map(
    ([g, tolerance, readme]): Comparison => ({
      id: `mean-field-g${g}-euler`,
      model,
      lesson,
      reference: reference(g),
      quantity: 'rate r at every sample, Euler at dt 0.01',
      metric: 'max |Δr|',
      unit: '1',
      tolerance,
      why: `Euler is first order (about 1 % of r at this step); ${readme}, plus 10 % for what its two-digit rounding hides.`,
      measure: () => error(`ik_nodim_g${g}`, 'euler', ['r']),
    }),
  ),
];
