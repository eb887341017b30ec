/**
 * The LIF model against its closed-form solution (Neuronal Dynamics Sec. 1.3) and against the independent
 * reference set in test/reference/lif.json (analytic values and Brian2 2.5.1 runs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../validation/comparisons.ts';
import fc from 'fast-check';
import {
  defaultValues,
  interspikeIntervals,
  lif,
  lifIsi,
  lifRate,
  lifRheobase,
  lifSubthreshold,
  lifTimeToThreshold,
  simulate,
  simulatedFiCurve,
  type LifParams,
  type MethodId,
} from '../../engine/index.ts';

interface LifReference {
  rheobase_nA: number;
  f_I_curve_analytic: { I_nA: number; rate_hz: number }[];
  scenarios: {
    id: string;
    stimulus: { segments: { value: number }[] };
    results: {
      analytic: { first_spike_time_ms: number; isi_ms: number; rate_hz: number; spike_times_ms: number[] };
      brian2_exact_dt0_01?: never;
    } & Record<string, { spike_times_ms: number[]; dt_ms?: number }>;
  }[];
}
const reference = JSON.parse(readFileSync(new URL('../reference/lif.json', import.meta.url), 'utf8')) as LifReference;
const p: LifParams = defaultValues(lif.params);

describe('LIF parameters', () => {
  it('match the reference set, so its analytic numbers apply unchanged', () => {
    expect(p).toEqual({ tauM: 10, R: 10, uRest: -65, theta: -50, uReset: -70, tRef: 2 });
    expect(lifRheobase(p)).toBe(reference.rheobase_nA);
  });
});

describe('subthreshold response against the closed form u(t) = u∞ + (u0 − u∞) e^(−t/τ)', () => {
  // 1.2 nA is below the 1.5 nA rheobase, so the closed form holds for the whole run.
  const current = 1.2;
  // Tolerances: `exact` is the closed form itself, so only rounding remains; RK4's local error at dt 0.1
  // on a 10 ms exponential is about (dt/τ)^5/120 · 12 mV ≈ 1e-11 mV; Euler is first order: about
  // (dt/2τ) · max|u − u∞| ≈ 0.005 · 12 mV · e^-1 ≈ 0.03 mV at its worst.
  it.each<[MethodId, number]>([
    ['exact', 1e-10],
    ['rk4', 1e-8],
    ['euler', 0.03],
  ])('%s stays within %g mV of the closed form', (method, tolerance) => {
    const run = simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: current }], method, dt: 0.1, duration: 100 });
    expect(run.spikes.length).toBe(0);
    let worst = 0;
    run.t.forEach((t, k) => (worst = Math.max(worst, Math.abs(run.traces['u']![k]! - lifSubthreshold(p, current, p.uRest, t)))));
    expect(worst).toBeLessThan(tolerance);
    expect(worst).toBeGreaterThanOrEqual(0);
  });

  it('is exact across a step that switches on and off between grid points', () => {
    // Onset at 10.05 ms and offset at 40.03 ms lie inside steps; the simulator splits the step there.
    const run = simulate({ model: lif, stimulus: [{ kind: 'step', amplitude: 1.4, start: 10.05, end: 40.03 }], method: 'exact', dt: 0.1, duration: 80 });
    const uAtOff = lifSubthreshold(p, 1.4, p.uRest, 40.03 - 10.05);
    run.t.forEach((t, k) => {
      const expected = t < 10.05 ? p.uRest : t < 40.03 ? lifSubthreshold(p, 1.4, p.uRest, t - 10.05) : lifSubthreshold(p, 0, uAtOff, t - 40.03);
      expect(Math.abs(run.traces['u']![k]! - expected)).toBeLessThan(1e-10);
    });
  });
});

describe('repetitive firing against T = tRef + τ ln((RI − (u_r − u_rest)) / (RI − (θ − u_rest)))', () => {
  const cases = reference.scenarios.map((s) => [s.id, s.stimulus.segments[0]!.value, s.results.analytic] as const);

  it.each(cases)('%s: the formula reproduces the reference ISI and first spike', (_id, current, analytic) => {
    expect(lifIsi(p, current)).toBeCloseTo(analytic.isi_ms, 9);
    expect(lifTimeToThreshold(p, current, p.uRest)).toBeCloseTo(analytic.first_spike_time_ms, 9);
    expect(lifRate(p, current)).toBeCloseTo(analytic.rate_hz, 8);
  });

  // Spike times are located inside the step, so the error is the method's, not the grid's (dt = 0.1 ms):
  // `exact` to rounding; RK4's error in u is ~1e-9 mV, i.e. ~1e-8 ms at a slope of ~0.1 mV/ms near threshold;
  // Euler is first order; its error is largest near the rheobase, where u creeps up to threshold:
  // 0.15 ms at 1.6 nA. Brian2's own Euler at this dt misses that ISI by 0.245 ms, so 0.25 ms is fair.
  it.each(cases)('%s: exact-method spike times equal the analytic ones to 1e-9 ms', (_id, current, analytic) => {
    const run = simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: current }], method: 'exact', dt: 0.1, duration: 1000 });
    expect(run.spikes.length).toBe(analytic.spike_times_ms.length);
    run.spikes.forEach((t, i) => expect(Math.abs(t - analytic.spike_times_ms[i]!)).toBeLessThan(1e-9));
  });

  it.each(cases)('%s: RK4 ISIs within 1e-6 ms, Euler ISIs within 0.25 ms', (_id, current, analytic) => {
    for (const [method, bound] of [['rk4', tolerance('lif-rk4-isi')], ['euler', tolerance('lif-euler-isi')]] as const) {
      const run = simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: current }], method, dt: 0.1, duration: 1000 });
      const isi = interspikeIntervals(run.spikes);
      expect(isi.length).toBeGreaterThan(0);
      for (const interval of isi) expect(Math.abs(interval - analytic.isi_ms)).toBeLessThan(bound);
    }
  });

  it.each(cases)('%s: Brian2 (exact) ISIs are ours rounded down to its grid, at dt 0.1 and 0.01 ms', (_id, current) => {
    const scenario = reference.scenarios.find((s) => s.stimulus.segments[0]!.value === current)!;
    const ours = interspikeIntervals(simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: current }], method: 'exact', dt: 0.1, duration: 1000 }).spikes);
    // Brian2 records a spike at the start of the step whose update crossed threshold and counts the
    // refractory period from there, so each of its ISIs is the true ISI rounded down to a multiple of dt
    // (reference README, "Conventions"). Our ISIs are located inside the step, so rounding them down must
    // give Brian2's to within floating-point noise in its spike times (1e-9 ms).
    for (const dt of [0.1, 0.01]) {
      const brian = interspikeIntervals(scenario.results[`brian2_exact_dt${dt}`]!.spike_times_ms);
      expect(brian.length).toBeGreaterThan(10);
      for (const interval of brian) expect(Math.abs(interval - dt * Math.floor(ours[0]! / dt))).toBeLessThan(1e-9);
    }
  });
});

describe('threshold, rheobase and refractoriness', () => {
  it('never fires at the rheobase and fires just above it', () => {
    const rheobase = lifRheobase(p);
    const below = simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: rheobase - 1e-6 }], dt: 0.1, duration: 2000 });
    const above = simulate({ model: lif, stimulus: [{ kind: 'constant', amplitude: rheobase + 0.01 }], dt: 0.1, duration: 2000 });
    expect(below.spikes.length).toBe(0);
    expect(above.spikes.length).toBeGreaterThan(1);
  });

  it('holds u at the reset for exactly tRef after each spike, then integrates again', () => {
    const run = simulate({ model: lif, params: { tRef: 5 }, stimulus: [{ kind: 'constant', amplitude: 3 }], dt: 0.1, duration: 100 });
    const u = run.traces['u']!;
    for (const spike of run.spikes) {
      run.t.forEach((t, k) => {
        if (t > spike && t <= spike + 5 - 1e-9) expect(u[k]).toBe(p.uReset);
        if (t > spike + 5 + 0.1 && t < spike + 6) expect(u[k]).toBeGreaterThan(p.uReset);
      });
    }
    expect(Math.max(...u)).toBeLessThan(p.theta);
  });

  it('shifts every ISI by exactly the change in refractory period', () => {
    const isiWith = (tRef: number) =>
      interspikeIntervals(simulate({ model: lif, params: { tRef }, stimulus: [{ kind: 'constant', amplitude: 2.5 }], method: 'exact', dt: 0.1, duration: 300 }).spikes);
    const without = isiWith(0);
    const withRef = isiWith(3);
    expect(Math.abs(withRef[0]! - without[0]! - 3)).toBeLessThan(1e-9);
  });

  it('matches the analytic formula for any valid parameters (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          tauM: fc.double({ min: 2, max: 50, noNaN: true }),
          R: fc.double({ min: 3, max: 50, noNaN: true }),
          uRest: fc.double({ min: -68, max: -55, noNaN: true }),
          gap: fc.double({ min: 2, max: 30, noNaN: true }),
          resetBelow: fc.double({ min: 0, max: 15, noNaN: true }),
          tRef: fc.double({ min: 0, max: 5, noNaN: true }),
          excess: fc.double({ min: 1.05, max: 4, noNaN: true }),
        }),
        ({ tauM, R, uRest, gap, resetBelow, tRef, excess }) => {
          const params: LifParams = { tauM, R, uRest, theta: uRest + gap, uReset: uRest - resetBelow, tRef };
          const current = excess * lifRheobase(params);
          const expected = lifIsi(params, current);
          const run = simulate({ model: lif, params, stimulus: [{ kind: 'constant', amplitude: current }], method: 'exact', dt: 0.1, duration: 6 * expected + 1 });
          const isi = interspikeIntervals(run.spikes);
          expect(isi.length).toBeGreaterThanOrEqual(4);
          for (const interval of isi) expect(Math.abs(interval - expected)).toBeLessThan(1e-7 * expected);
        },
      ),
      { seed: 20261122, numRuns: 100 },
    );
  });
});

describe('f–I curve', () => {
  const currents = reference.f_I_curve_analytic.map((point) => point.I_nA);

  it('analytic rates equal the reference curve', () => {
    for (const point of reference.f_I_curve_analytic) expect(lifRate(p, point.I_nA)).toBeCloseTo(point.rate_hz, 8);
  });

  it('simulated with the exact method equals the analytic curve (rates within 1e-6 relative)', () => {
    const simulated = simulatedFiCurve(lif, currents, { dt: 0.1, duration: 1000 });
    simulated.forEach((point, i) => {
      const expected = reference.f_I_curve_analytic[i]!.rate_hz;
      // Near the rheobase an ISI can exceed the 1000 ms run; only compare where two spikes fit.
      if (lifIsi(p, point.current) + lifTimeToThreshold(p, point.current, p.uRest) < 1000) {
        expect(Math.abs(point.rate - expected)).toBeLessThanOrEqual(tolerance('lif-fi-exact') * expected);
      } else {
        expect(point.rate).toBe(0);
      }
    });
  });

  it('simulated with Euler at dt 0.1 ms lies within 1 % of the analytic curve (reference README)', () => {
    const simulated = simulatedFiCurve(lif, currents, { dt: 0.1, duration: 1000, method: 'euler' });
    simulated.forEach((point, i) => {
      const expected = reference.f_I_curve_analytic[i]!.rate_hz;
      if (expected > 0) expect(Math.abs(point.rate - expected)).toBeLessThanOrEqual(tolerance('lif-fi-euler') * expected);
    });
  });
});
