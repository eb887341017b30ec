/**
 * Hopfield networks against test/reference/hopfield.json: the final overlap against load (N = 1000, 10 seeds
 * of NumPy's generator, compared as statistics), the AGS T = 0 theory and the mean-field m = tanh(βm).
 * Tolerances as in test/unit/hopfield.test.ts, capacity.test.ts and attractor-dynamics.test.ts.
 */
import { agsOverlap } from '../engine/attractors/ags.ts';
import { runCapacity } from '../engine/attractors/capacity.ts';
import { meanFieldOverlap } from '../engine/attractors/mean-field.ts';
import { hopfieldReference } from './reference.ts';
import type { Comparison } from './types.ts';

const model = 'Hopfield network';
/** Loads well below capacity, where the seed spread is tiny and the README's max(0.01, 3·SD/√10) is 0.01. */
const LOADS = [0.05, 0.1];

function overlapError(mode: 'sync' | 'async'): number {
  const { N, cue_flip_fraction: cueFlip } = hopfieldReference().parameters;
  const rows = hopfieldReference().results.overlap_vs_load;
  const result = runCapacity({ loads: LOADS, mode, params: { n: N, seeds: 10, cueFlip, seed: 500 } });
  let worst = 0;
  result.points.forEach((point) => {
    const row = rows.find((r) => r.alpha === point.load)!;
    worst = Math.max(worst, Math.abs(point.mean - (mode === 'sync' ? row.sync_mean_m : row.async_mean_m)));
  });
  return worst;
}

export const hopfieldComparisons: Comparison[] = (['sync', 'async'] as const).map(
  (mode): Comparison => ({
    id: `hopfield-${mode}-overlap`,
    model,
    lesson: '10-hopfield-networks',
    reference: { file: 'hopfield.json', what: `mean final overlap at loads P/N = ${LOADS.join(' and ')}, N = 1000, 10 % of the cue flipped` },
    quantity: `mean final overlap over 10 seeds of our own generator, ${mode === 'sync' ? 'synchronous' : 'asynchronous'} updates`,
    metric: 'max |Δm| of the seed means',
    unit: '1',
    tolerance: 0.01,
    why: 'Our random stream cannot be NumPy’s, so the means are compared; the README’s max(0.01, 3·SD/√10) is 0.01 at these loads, where retrieval almost never fails.',
    measure: () => overlapError(mode),
  }),
);

hopfieldComparisons.push(
  {
    id: 'hopfield-ags-overlap',
    model,
    lesson: '10-hopfield-networks',
    reference: { file: 'hopfield.json', what: 'AGS replica-symmetric T = 0 overlap at loads 0.05, 0.1 and 0.12' },
    quantity: 'the AGS overlap, solved by the engine',
    metric: 'max |Δm|',
    unit: '1',
    tolerance: 1e-9,
    why: 'The reference solved the same equations to double precision; 1e-9 allows another root finder.',
    measure: () => {
      let worst = 0;
      for (const row of hopfieldReference().results.overlap_vs_load) {
        if (typeof row.ags_replica_symmetric_T0_m !== 'number') continue;
        const m = agsOverlap(row.alpha);
        worst = Math.max(worst, m === undefined ? Number.POSITIVE_INFINITY : Math.abs(m - row.ags_replica_symmetric_T0_m));
      }
      return worst;
    },
  },
  {
    id: 'hopfield-mean-field-overlap',
    model: 'Stochastic Hopfield network (mean field)',
    lesson: '11-attractor-dynamics',
    reference: { file: 'hopfield.json', what: 'm = tanh(βm) at 6 inverse temperatures β (SciPy brentq)' },
    quantity: 'the mean-field overlap, solved by the engine',
    metric: 'max |Δm|',
    unit: '1',
    tolerance: 1e-9,
    why: 'The README’s fair tolerance for a root of a smooth scalar equation; both sides are exact to about 1e-15.',
    measure: () => Math.max(...hopfieldReference().mean_field_stochastic.points.map((point) => Math.abs(meanFieldOverlap(point.beta) - point.m))),
  },
);
