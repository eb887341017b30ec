/**
 * AdEx against the converged spike trains of test/reference/adex.json (Naud et al. 2008 patterns, SciPy
 * DOP853 at rtol 1e-9); the tolerances of test/unit/adex.test.ts, from the reference README's adex.json row.
 */
import type { MethodId } from '../engine/integrators/index.ts';
import { adex, fromBrette, type BretteParams } from '../engine/models/adex.ts';
import { simulate } from '../engine/simulate.ts';
import { adexReference, type AdexScenario } from './reference.ts';
import { maxAbsDiff, type Comparison } from './types.ts';

const model = 'Adaptive exponential integrate-and-fire (AdEx)';
const lesson = '03-adaptation';
const reference = { file: 'adex.json', what: 'converged spike trains of 8 firing patterns and the 350 pA variant, 500 ms' };

/** The reference scenario's parameters in the Brette–Gerstner form it is written in. */
export function bretteOf(s: AdexScenario): BretteParams {
  const v = (name: string) => s.parameters[name]!.value;
  return { C: v('C'), gL: v('gL'), EL: v('EL'), VT: v('VT'), DT: v('DT'), a: v('a'), tauw: v('tauw'), b: v('b'), Vr: v('Vr'), Vpeak: v('V_peak') };
}

/** The engine's spike times for a reference scenario (also used by test/unit/adex.test.ts). */
export function adexSpikes(s: AdexScenario, method: MethodId, dt: number, tolerances: { rtol?: number; atol?: number } = {}): Float64Array {
  const segment = s.stimulus.segments[0]!;
  return simulate({
    ...tolerances,
    model: adex,
    params: fromBrette(bretteOf(s)),
    stimulus: [{ kind: 'step', amplitude: segment.value!, start: segment.t_start, end: segment.t_end }],
    initial: { u: s.initial_state.V_mV, w: s.initial_state.w_pA, w2: 0 },
    method,
    dt,
    duration: s.duration.value,
    record: ['u'],
  }).spikes;
}

/**
 * Worst spike-time error over all patterns. The chaotic irregular pattern is compared on its first 5 spikes
 * with its count within ±1 (README: later spikes differ even between rtol 1e-9 and 1e-11); every other
 * pattern must have the converged count.
 */
function worst(method: MethodId, dt: number): number {
  let error = 0;
  for (const s of adexReference().scenarios) {
    const expected = s.results.converged.spike_times_ms;
    const ours = adexSpikes(s, method, dt);
    const chaotic = /firing pattern 'irregular spiking'/.test(s.model);
    if (chaotic ? Math.abs(ours.length - expected.length) > 1 : ours.length !== expected.length) return Number.POSITIVE_INFINITY;
    error = Math.max(error, maxAbsDiff(ours, expected, chaotic ? 5 : expected.length));
  }
  return error;
}

export const adexComparisons: Comparison[] = [
  {
    id: 'adex-default-spike-times',
    model,
    lesson,
    reference,
    quantity: `spike times, the default (clamped ${adex.defaultMethod} at ${adex.defaultDt} ms)`,
    metric: 'max |Δt| (irregular: first 5 spikes)',
    unit: 'ms',
    tolerance: 0.6,
    why: 'The README’s bound for clamped RK4 at 0.01 ms on the non-chaotic patterns; the default must meet it too.',
    measure: () => worst(adex.defaultMethod as MethodId, adex.defaultDt),
  },
  {
    id: 'adex-euler-spike-times',
    model,
    lesson,
    reference,
    quantity: 'spike times, Euler at 0.01 ms',
    metric: 'max |Δt| (irregular: first 5 spikes)',
    unit: 'ms',
    tolerance: 2.4,
    why: 'First-order error accumulates over up to 51 spikes; 2.4 ms is the README’s bound for Euler at this step.',
    measure: () => worst('euler', 0.01),
  },
];
