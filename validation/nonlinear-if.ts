/**
 * Quadratic and exponential integrate-and-fire against what follows from their equations (no reference file
 * exists for them): the QIF's closed-form travel time and the EIF's fixed point. Tolerances as in
 * test/unit/nonlinear-if.test.ts.
 */
import type { MethodId } from '../engine/integrators/index.ts';
import { eif, eifRestingPotential, qif, qifTravelTime, type EifParams, type QifParams } from '../engine/models/nonlinear-if.ts';
import { defaultValues } from '../engine/params/registry.ts';
import { simulate } from '../engine/simulate.ts';
import type { Comparison } from './types.ts';

const lesson = '02-nonlinear-integrate-and-fire';
const q: QifParams = defaultValues(qif.params);
const e: EifParams = defaultValues(eif.params);
const closedForm = { file: 'closed form', what: 'QIF travel time (an arctan) from rest and from reset to the cut-off, 0.3–2 nA' };

/** Worst error of the first spike and of every interval against the closed form, over four currents. */
function qifError(method: MethodId, dt: number): number {
  let worst = 0;
  for (const current of [0.3, 0.5, 1, 2]) {
    const first = qifTravelTime(q, current, q.uRest, q.uPeak);
    const isi = qifTravelTime(q, current, q.uReset, q.uPeak);
    const spikes = simulate({ model: qif, stimulus: current, method, dt, duration: 300 }).spikes;
    if (spikes.length !== 1 + Math.floor((300 - first) / isi)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(spikes[0]! - first));
    for (let k = 1; k < spikes.length; k++) worst = Math.max(worst, Math.abs(spikes[k]! - spikes[k - 1]! - isi));
  }
  return worst;
}

export const nonlinearIfComparisons: Comparison[] = [
  {
    id: 'qif-default-travel-time',
    model: 'Quadratic integrate-and-fire',
    lesson,
    reference: closedForm,
    quantity: `first spike and intervals, the default (${qif.defaultMethod} at ${qif.defaultDt} ms)`,
    metric: 'max |Δt|',
    unit: 'ms',
    tolerance: 1e-6,
    why: 'RK4 is fourth order and the quadratic’s slope at the 0 mV cut-off is gentle, so about 1e-7 ms remains.',
    measure: () => qifError(qif.defaultMethod as MethodId, qif.defaultDt),
  },
  {
    id: 'qif-euler-travel-time',
    model: 'Quadratic integrate-and-fire',
    lesson,
    reference: closedForm,
    quantity: 'first spike and intervals, Euler at 0.01 ms',
    metric: 'max |Δt|',
    unit: 'ms',
    tolerance: 0.05,
    why: 'Euler is first order; its worst case (0.033 ms) is at 0.3 nA, where u creeps slowly past the bottleneck.',
    measure: () => qifError('euler', 0.01),
  },
  {
    id: 'eif-rest',
    model: 'Exponential integrate-and-fire',
    lesson,
    reference: { file: 'closed form', what: 'the stable zero of F(u) + R I at 0.3 nA (below rheobase)' },
    quantity: 'membrane potential after 500 ms, the default numerics',
    metric: '|Δu|',
    unit: 'mV',
    tolerance: 1e-9,
    why: 'The relaxation rate there is 0.072 /ms, so e^−36 of the 6 mV start is left after 500 ms: rounding only.',
    measure: () => {
      const run = simulate({ model: eif, stimulus: 0.3, duration: 500 });
      return run.spikes.length > 0 ? Number.POSITIVE_INFINITY : Math.abs(run.traces['u']!.at(-1)! - eifRestingPotential(e, 0.3));
    },
  },
];
