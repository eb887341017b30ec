/**
 * Hodgkin–Huxley (Neuronal Dynamics Table 2.1) against test/reference/hh.json: converged spike times (SciPy
 * DOP853, rtol 1e-9), Brian2's exponential Euler and the f–I points. Tolerances as in
 * test/unit/hodgkin-huxley.test.ts, from the reference README's hh.json row.
 */
import { steadyRate } from '../engine/analysis/spikes.ts';
import type { MethodId } from '../engine/integrators/index.ts';
import { hodgkinHuxley } from '../engine/models/hodgkin-huxley.ts';
import { simulate } from '../engine/simulate.ts';
import type { Stimulus } from '../engine/stimuli/stimulus.ts';
import { hhReference, type Segment } from './reference.ts';
import { memoize, spikeTrainError, type Comparison } from './types.ts';

const model = 'Hodgkin–Huxley';
const lesson = '04-hodgkin-huxley';
/** Onset, low, middle and high rates, and the first current in depolarisation block; the unit test runs all 22. */
const FI_CURRENTS = [0.38, 0.5, 1, 2, 2.2];
const steps = { file: 'hh.json', what: 'converged spike times, 6 step currents (0.24–0.87 µA/cm²), 500 ms' };

function stimulusOf(segments: readonly Segment[]): Stimulus {
  return segments.filter((s) => s.value !== 0).map((s) => ({ kind: 'step', amplitude: s.value!, start: s.t_start, end: s.t_end }));
}

/** One step-current run; the exponential-Euler runs serve two comparisons. */
const run = memoize((id: string, method: MethodId | 'default', dt: number) => {
  const scenario = hhReference().scenarios.find((s) => s.id === id)!;
  return simulate({
    model: hodgkinHuxley,
    stimulus: stimulusOf(scenario.stimulus.segments),
    ...(method === 'default' ? {} : { method }),
    dt,
    duration: scenario.duration.value,
    record: ['v'],
    sampleEvery: 1,
  }).spikes;
});

/** Worst spike-time error against the converged trains over the six steps (Infinity if a count differs). */
function stepsError(method: MethodId | 'default', dt: number): number {
  return Math.max(...hhReference().scenarios.map((s) => spikeTrainError(run(s.id, method, dt), s.results.converged.spike_times_ms)));
}

export const hodgkinHuxleyComparisons: Comparison[] = [
  {
    id: 'hh-default-spike-times',
    model,
    lesson,
    reference: steps,
    quantity: `spike times, the default (${hodgkinHuxley.defaultMethod} at ${hodgkinHuxley.defaultDt} ms)`,
    metric: 'max |Δt| over all spikes, counts equal',
    unit: 'ms',
    tolerance: 0.01,
    why: 'The README’s bound for RK4 at 0.01 ms (its plain probe engine reached 0.008 ms); the default method must meet it, with equal counts.',
    measure: () => stepsError('default', hodgkinHuxley.defaultDt),
  },
  {
    id: 'hh-exponential-euler-spike-times',
    model,
    lesson,
    reference: steps,
    quantity: 'spike times, exponential Euler at 0.01 ms (Brian2’s method)',
    metric: 'max |Δt| over all spikes, counts equal',
    unit: 'ms',
    tolerance: 1.5,
    why: 'Exponential Euler is first order and drifts about 0.2 ms per interval; Brian2 itself lags by 1.19 ms after 500 ms.',
    measure: () => stepsError('exponential-euler', 0.01),
  },
  {
    id: 'hh-brian2-steps',
    model,
    lesson,
    reference: { file: 'hh.json', what: 'Brian2 exponential_euler at dt 0.01 ms, 6 step currents' },
    quantity: 'the step each spike falls in, same scheme and dt as Brian2',
    metric: 'max |Δt| of step starts',
    unit: 'ms',
    tolerance: 1e-9,
    why: 'Brian2 records the start of the step whose update crossed 0 mV; the same scheme must cross in the same step, up to float noise in Brian2’s times.',
    measure: () => {
      let worst = 0;
      for (const s of hhReference().scenarios) {
        const brian = s.results['brian2_exponential_euler_dt0.01'].spike_times_ms;
        const ours = run(s.id, 'exponential-euler', 0.01);
        if (ours.length !== brian.length) return Number.POSITIVE_INFINITY;
        ours.forEach((t, i) => (worst = Math.max(worst, Math.abs((Math.ceil(t / 0.01 - 1e-9) - 1) * 0.01 - brian[i]!))));
      }
      return worst;
    },
  },
  {
    id: 'hh-fi-rate',
    model,
    lesson,
    reference: { file: 'hh.json', what: 'f–I points at 0.38, 0.5, 1, 2 and 2.2 µA/cm², rate over the last 500 ms of a 1 s step' },
    quantity: 'firing rate, the default numerics (5 of the 22 points, to keep the page’s build short)',
    metric: 'max relative error of rate (counts equal)',
    unit: '1',
    tolerance: 1e-4,
    why: 'With spike times within 0.01 ms, an inverse mean ISI over at least 400 ms is off by at most 0.02/400 = 5e-5.',
    measure: () => {
      let worst = 0;
      for (const point of hhReference().f_I_curve.points.filter((p) => FI_CURRENTS.includes(p.I_uA_per_cm2))) {
        const spikes = simulate({ model: hodgkinHuxley, stimulus: [{ kind: 'step', amplitude: point.I_uA_per_cm2, start: 10, end: 1010 }], duration: 1010, record: ['v'], sampleEvery: 1 }).spikes;
        if (spikes.length !== point.n_spikes_1000ms) return Number.POSITIVE_INFINITY;
        const rate = steadyRate(spikes, 510);
        worst = Math.max(worst, point.rate_hz === 0 ? rate : Math.abs(rate / point.rate_hz - 1));
      }
      return worst;
    },
  },
];
