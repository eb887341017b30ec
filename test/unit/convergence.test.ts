/**
 * Convergence of the integrators: halving dt must shrink the error by 2^order (and the adaptive method's
 * dense output, at the end, by 2^5 per step halved, its local order). Each case has a closed-form
 * solution of the passive LIF membrane (no threshold reached), so the error is measured exactly:
 *  - constant input: u(t) = u∞ + (u0 − u∞) e^(−t/τ);
 *  - sinusoidal input I1 sin(ωt): the steady-state response plus a decaying transient.
 */
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../validation/comparisons.ts';
import { defaultValues, hodgkinHuxley, lif, simulate, type LifParams, type MethodId, type Stimulus } from '../../engine/index.ts';
import { createDopri5, interpolate } from '../../engine/integrators/dopri5.ts';

const p: LifParams = defaultValues(lif.params);
const T = 20;

function sineSolution(amplitude: number, frequencyHz: number, t: number): number {
  // τ v' = −v + R I1 sin(ωt), v(0) = 0, with v = u − u_rest.
  const omega = (2 * Math.PI * frequencyHz) / 1000;
  const wt = omega * p.tauM;
  const a = (p.R * amplitude) / (1 + wt * wt);
  const particular = a * (Math.sin(omega * t) - wt * Math.cos(omega * t));
  return p.uRest + particular + a * wt * Math.exp(-t / p.tauM);
}

const constant: { stimulus: Stimulus; exact: (t: number) => number } = {
  stimulus: [{ kind: 'constant', amplitude: 1.2 }],
  exact: (t) => p.uRest + 12 + (0 - 12) * Math.exp(-t / p.tauM),
};
const sine: { stimulus: Stimulus; exact: (t: number) => number } = {
  stimulus: [{ kind: 'sine', amplitude: 1, frequency: 40 }],
  exact: (t) => sineSolution(1, 40, t),
};

function errorAtEnd(method: MethodId, dt: number, problem: typeof constant): number {
  const run = simulate({ model: lif, stimulus: problem.stimulus, method, dt, duration: T });
  const u = run.traces['u']!;
  return Math.abs(u[u.length - 1]! - problem.exact(T));
}

describe('error ratio when dt is halved', () => {
  // Expected ratios 2^order; the bands allow for the higher-order terms still present at these dt.
  it.each<[string, MethodId, typeof constant, number, number]>([
    // The bands are 2^order ± the validation list's tolerance, so the validation page shows these very bounds.
    ['Euler, constant input (order 1)', 'euler', constant, 2 - tolerance('convergence-euler-constant'), 2 + tolerance('convergence-euler-constant')],
    ['Euler, sine input (order 1)', 'euler', sine, 2 - tolerance('convergence-euler-sine'), 2 + tolerance('convergence-euler-sine')],
    ['RK4, constant input (order 4)', 'rk4', constant, 16 - tolerance('convergence-rk4-constant'), 16 + tolerance('convergence-rk4-constant')],
    ['RK4, sine input: stages sample the input in time (order 4)', 'rk4', sine, 16 - tolerance('convergence-rk4-sine'), 16 + tolerance('convergence-rk4-sine')],
    ['exact, sine input: exponential midpoint rule (order 2)', 'exact', sine, 4 - tolerance('convergence-exact-sine'), 4 + tolerance('convergence-exact-sine')],
  ])('%s', (_label, method, problem, low, high) => {
    const dts = [0.4, 0.2, 0.1, 0.05];
    const errors = dts.map((dt) => errorAtEnd(method, dt, problem));
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1]! / errors[i]!;
      expect(ratio).toBeGreaterThan(low);
      expect(ratio).toBeLessThan(high);
    }
  });

  it('exact is exact for constant input at any dt (error at rounding level)', () => {
    for (const dt of [2, 0.5, 0.1]) expect(errorAtEnd('exact', dt, constant)).toBeLessThan(1e-12);
  });
});

describe('discontinuous input does not cost RK4 its order', () => {
  // A step switching on at 5.03 ms and off at 12.71 ms, between grid points. The simulator splits the
  // step at each edge and the last RK4 stage uses the left limit, so the order survives.
  const step: typeof constant = {
    stimulus: [{ kind: 'step', amplitude: 1.2, start: 5.03, end: 12.71 }],
    exact: (t) => {
      const on = (s: number) => p.uRest + 12 * (1 - Math.exp(-s / p.tauM));
      if (t < 5.03) return p.uRest;
      if (t < 12.71) return on(t - 5.03);
      return p.uRest + (on(12.71 - 5.03) - p.uRest) * Math.exp(-(t - 12.71) / p.tauM);
    },
  };
  it('RK4 error still falls by about 16 per halving', () => {
    const errors = [0.4, 0.2, 0.1].map((dt) => errorAtEnd('rk4', dt, step));
    expect(errors[0]! / errors[1]!).toBeGreaterThan(14);
    expect(errors[1]! / errors[2]!).toBeGreaterThan(14);
  });
  it('a step edge on the grid: the last stage sees the old segment', () => {
    // Edge exactly at a grid point (10 ms at dt 0.5). Sampling the new segment at t + h would make the
    // error O(h); with the left limit RK4 stays at its usual accuracy.
    const onGrid: typeof constant = {
      stimulus: [{ kind: 'step', amplitude: 1.2, start: 10, end: 1000 }],
      exact: (t) => (t < 10 ? p.uRest : p.uRest + 12 * (1 - Math.exp(-(t - 10) / p.tauM))),
    };
    expect(errorAtEnd('rk4', 0.5, onGrid)).toBeLessThan(1e-5);
  });
});

describe('Dormand–Prince dense output (samples between the steps of the adaptive method)', () => {
  // y'' = −y from (1, 0): the exact solution is (cos t, −sin t). One step of length h from t = 0.3.
  const oscillator = { dimension: 2, rhs: (_t: number, y: Float64Array, dydt: Float64Array) => ((dydt[0] = y[1]!), (dydt[1] = -y[0]!)) };
  const noInput = { at: () => 0, after: () => 0, before: () => 0, nextBreak: () => Number.POSITIVE_INFINITY };
  const t0 = 0.3;
  const exact = (t: number) => [Math.cos(t), -Math.sin(t)];
  /** The largest error of the interpolated state at a few points inside one step of length h. */
  function interpolationError(h: number): { inside: number; ends: number } {
    const stepper = createDopri5(oscillator, {}, noInput, 1e-6, 1e-9);
    const y0 = Float64Array.from(exact(t0));
    const y1 = new Float64Array(2);
    stepper.attempt(t0, y0, h, y1);
    const dense = new Float64Array(10);
    stepper.denseOutput(y0, y1, h, dense);
    const at = new Float64Array(2);
    let inside = 0;
    for (const theta of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      interpolate(dense, theta, at);
      const want = exact(t0 + theta * h);
      inside = Math.max(inside, Math.abs(at[0]! - want[0]!), Math.abs(at[1]! - want[1]!));
    }
    interpolate(dense, 0, at);
    let ends = Math.max(Math.abs(at[0]! - y0[0]!), Math.abs(at[1]! - y0[1]!));
    interpolate(dense, 1, at);
    ends = Math.max(ends, Math.abs(at[0]! - y1[0]!), Math.abs(at[1]! - y1[1]!));
    return { inside, ends };
  }

  it('passes through both ends of the step', () => {
    expect(interpolationError(0.4).ends).toBeLessThan(1e-15);
  });

  it('is of order 4: its local error falls by about 2^5 = 32 when the step is halved', () => {
    const errors = [0.8, 0.4, 0.2].map((h) => interpolationError(h).inside);
    // Measured 35 and 34 (errors 1.1e-4, 3.2e-6, 9.4e-8); a wrong weight in the extension would leave a lower
    // order (a ratio of 16 or less).
    expect(errors[0]! / errors[1]!).toBeGreaterThan(26);
    expect(errors[1]! / errors[2]!).toBeGreaterThan(26);
    expect(errors[2]!).toBeLessThan(2e-7);
  });

  it('the sample interval does not change the run: the same spike times every 0.1 ms and every 1 ms', () => {
    const run = (sampleEvery: number) => simulate({ model: hodgkinHuxley, stimulus: [{ kind: 'step', amplitude: 0.5, start: 10, end: 1000 }], duration: 300, sampleEvery });
    const fine = run(0.1);
    const coarse = run(1);
    expect(fine.spikes.length).toBeGreaterThan(2);
    expect(Array.from(coarse.spikes)).toEqual(Array.from(fine.spikes));
    // A sample both runs take is interpolated from the same step.
    expect(coarse.traces['v']![150]).toBe(fine.traces['v']![1500]);
  });
});
