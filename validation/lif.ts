/**
 * Leaky integrate-and-fire against its closed form and Brian2 (test/reference/lif.json); the same
 * tolerances as test/unit/lif.test.ts, which explains each one at length.
 */
import { interspikeIntervals } from '../engine/analysis/spikes.ts';
import { simulatedFiCurve } from '../engine/analysis/fi-curve.ts';
import type { MethodId } from '../engine/integrators/index.ts';
import { lifIsi, lifTimeToThreshold } from '../engine/analysis/lif-analytic.ts';
import { lif, type LifParams } from '../engine/models/lif.ts';
import { defaultValues } from '../engine/params/registry.ts';
import { simulate } from '../engine/simulate.ts';
import { lifReference } from './reference.ts';
import { memoize, spikeTrainError, type Comparison } from './types.ts';

const model = 'Leaky integrate-and-fire';
const lesson = '01-integrate-and-fire';
const p: LifParams = defaultValues(lif.params);

/** The six step currents of lif.json with their analytic results. */
const cases = () => lifReference().scenarios.map((s) => ({ current: s.stimulus.segments[0]!.value!, scenario: s }));
const spikesAt = memoize((current: number, method: MethodId) =>
  simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: current }], method, dt: 0.1, duration: 1000 }).spikes,
);

/** Worst |ISI − analytic ISI| over every interval at every current. */
function isiError(method: MethodId): number {
  let worst = 0;
  for (const { current, scenario } of cases()) {
    const isi = interspikeIntervals(spikesAt(current, method));
    if (isi.length === 0) return Number.POSITIVE_INFINITY;
    for (const interval of isi) worst = Math.max(worst, Math.abs(interval - scenario.results.analytic.isi_ms));
  }
  return worst;
}

/** Worst relative error of the simulated f–I curve where the analytic rate is positive and two spikes fit. */
function fiError(method: MethodId): number {
  const curve = lifReference().f_I_curve_analytic;
  const simulated = simulatedFiCurve(lif, curve.map((point) => point.I_nA), { dt: 0.1, duration: 1000, method });
  let worst = 0;
  simulated.forEach((point, i) => {
    const expected = curve[i]!.rate_hz;
    if (expected > 0 && lifIsi(p, point.current) + lifTimeToThreshold(p, point.current, p.uRest) < 1000) {
      worst = Math.max(worst, Math.abs(point.rate - expected) / expected);
    }
  });
  return worst;
}

export const lifComparisons: Comparison[] = [
  {
    id: 'lif-exact-spike-times',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'analytic spike times, 6 step currents (1.6–5 nA), 1 s' },
    quantity: 'spike times, exact integration at dt 0.1 ms',
    metric: 'max |Δt| over all spikes',
    unit: 'ms',
    tolerance: 1e-9,
    why: 'The exact method is the closed form itself and spikes are located inside the step, so only rounding remains.',
    measure: () => Math.max(...cases().map(({ current, scenario }) => spikeTrainError(spikesAt(current, 'exact'), scenario.results.analytic.spike_times_ms))),
  },
  {
    id: 'lif-rk4-isi',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'analytic interspike interval, 6 step currents' },
    quantity: 'interspike intervals, RK4 at dt 0.1 ms',
    metric: 'max |ΔISI|',
    unit: 'ms',
    tolerance: 1e-6,
    why: 'RK4’s error in u is about 1e-9 mV at this step, i.e. about 1e-8 ms at the slope near threshold.',
    measure: () => isiError('rk4'),
  },
  {
    id: 'lif-euler-isi',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'analytic interspike interval, 6 step currents' },
    quantity: 'interspike intervals, Euler at dt 0.1 ms',
    metric: 'max |ΔISI|',
    unit: 'ms',
    tolerance: 0.25,
    why: 'Euler is first order and worst near the rheobase (0.15 ms at 1.6 nA); Brian2’s own Euler misses that ISI by 0.245 ms.',
    measure: () => isiError('euler'),
  },
  {
    id: 'lif-brian2-exact-isi',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'Brian2 exact method at dt 0.1 and 0.01 ms, 6 currents' },
    quantity: 'our interspike interval rounded down to Brian2’s grid',
    metric: 'max |ΔISI|',
    unit: 'ms',
    tolerance: 1e-9,
    why: 'Brian2 records a spike at the start of its step and counts refractoriness from there, so its ISIs are the true ones rounded down to dt; only float noise in its times remains.',
    measure: () => {
      let worst = 0;
      for (const { current, scenario } of cases()) {
        const ours = interspikeIntervals(spikesAt(current, 'exact'))[0]!;
        for (const dt of [0.1, 0.01]) {
          const brian = interspikeIntervals(scenario.results[`brian2_exact_dt${dt}`]!.spike_times_ms);
          for (const interval of brian) worst = Math.max(worst, Math.abs(interval - dt * Math.floor(ours / dt)));
        }
      }
      return worst;
    },
  },
  {
    id: 'lif-fi-exact',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'analytic f–I curve, 0–5 nA' },
    quantity: 'firing rate over 1 s, exact integration at dt 0.1 ms',
    metric: 'max relative error of rate',
    unit: '1',
    tolerance: 1e-6,
    why: 'Spike times are exact to rounding, so the rate over 1 s is too; 1e-6 leaves room for counting at the run’s edges.',
    measure: () => fiError('exact'),
  },
  {
    id: 'lif-fi-euler',
    model,
    lesson,
    reference: { file: 'lif.json', what: 'analytic f–I curve, 0–5 nA' },
    quantity: 'firing rate over 1 s, Euler at dt 0.1 ms',
    metric: 'max relative error of rate',
    unit: '1',
    tolerance: 0.01,
    why: 'The reference README’s fair figure for a first-order method at this step: rates within 1 %.',
    measure: () => fiError('euler'),
  },
];
