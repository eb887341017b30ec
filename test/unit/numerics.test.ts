/**
 * The integration methods added for the full model set: exponential Euler, Dormand–Prince 5(4) (as fixed
 * steps and adaptive), expression stimuli with their discontinuities, and white noise. Problems with closed
 * forms only: the passive LIF membrane under constant, sinusoidal and stepped input, and the
 * Ornstein–Uhlenbeck variance of the membrane under white noise.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INPUT_SCALE,
  compileStimulus,
  createDopri5,
  defaultValues,
  lif,
  lifSubthreshold,
  lifTimeToThreshold,
  simulate,
  type LifParams,
} from '../../engine/index.ts';

const p: LifParams = defaultValues(lif.params);

function sineSolution(t: number): number {
  // τ v' = −v + R sin(ωt) (1 nA at 40 Hz), v(0) = 0, v = u − u_rest.
  const omega = (2 * Math.PI * 40) / 1000;
  const wt = omega * p.tauM;
  const a = p.R / (1 + wt * wt);
  return p.uRest + a * (Math.sin(omega * t) - wt * Math.cos(omega * t)) + a * wt * Math.exp(-t / p.tauM);
}

describe('exponential Euler', () => {
  it('is first order on a smoothly varying input (error halves with dt)', () => {
    const error = (dt: number) => {
      const run = simulate({ model: lif, stimulus: [{ kind: 'sine', amplitude: 1, frequency: 40 }], method: 'exponential-euler', dt, duration: 20 });
      return Math.abs(run.traces['u']![run.t.length - 1]! - sineSolution(20));
    };
    const errors = [0.4, 0.2, 0.1, 0.05].map(error);
    for (let i = 1; i < errors.length; i++) {
      expect(errors[i - 1]! / errors[i]!).toBeGreaterThan(1.85);
      expect(errors[i - 1]! / errors[i]!).toBeLessThan(2.15);
    }
  });

  it('is exact for constant input, like the exact method', () => {
    const run = simulate({ model: lif, stimulus: 1.2, method: 'exponential-euler', dt: 1, duration: 30 });
    run.t.forEach((t, k) => expect(Math.abs(run.traces['u']![k]! - lifSubthreshold(p, 1.2, p.uRest, t))).toBeLessThan(1e-12));
  });
});

describe('Dormand–Prince 5(4)', () => {
  it('is fifth order as a fixed-step method on a nonlinear problem', () => {
    // The Hopf normal form z' = (1 + i) z − |z|² z from |z| = 0.5 has the closed form
    // r(t) = 1/√(1 + (1/r0² − 1) e^(−2t)), θ(t) = t: nonlinear, two-dimensional, exact.
    const rhs = (_t: number, y: Float64Array, d: Float64Array) => {
      const r2 = y[0]! ** 2 + y[1]! ** 2;
      d[0] = -y[1]! + y[0]! * (1 - r2);
      d[1] = y[0]! + y[1]! * (1 - r2);
    };
    const T = 2;
    const r = 1 / Math.sqrt(1 + 3 * Math.exp(-2 * T));
    const drive = compileStimulus([], DEFAULT_INPUT_SCALE, { dt: 0.1, duration: T });
    const error = (h: number) => {
      const stepper = createDopri5({ dimension: 2, rhs }, {}, drive, 1e-6, 1e-9);
      const y = Float64Array.of(0.5, 0);
      for (let k = 0; k < Math.round(T / h); k++) stepper.step(k * h, y, h);
      return Math.hypot(y[0]! - r * Math.cos(T), y[1]! - r * Math.sin(T));
    };
    const errors = [0.2, 0.1, 0.05, 0.025].map(error);
    // At least 2^5 = 32 per halving. Dormand and Prince chose the coefficients to make the fifth-order
    // error terms small, so at these step sizes the sixth-order term still shows (measured: 61, 60, 58).
    for (let i = 1; i < errors.length; i++) {
      expect(errors[i - 1]! / errors[i]!).toBeGreaterThan(28);
      expect(errors[i - 1]! / errors[i]!).toBeLessThan(70);
    }
  });

  it('first same as last: a pure right-hand side is evaluated six times per step, with the same result', () => {
    // A nonlinear system with a jump in its input, stepped as the adaptive driver steps it: attempt after attempt
    // from where the last one ended, a rejected step retried from the same point, and a step across the jump.
    let calls = 0;
    const rhs = (_t: number, y: Float64Array, d: Float64Array, _p: unknown, input: number) => {
      calls += 1;
      d[0] = -y[1]! + y[0]! * (1 - y[0]! ** 2 - y[1]! ** 2) + input;
      d[1] = y[0]! + y[1]! * (1 - y[0]! ** 2 - y[1]! ** 2);
    };
    const drive = compileStimulus([{ kind: 'step', amplitude: 0.3, start: 0.5, end: 5 }], DEFAULT_INPUT_SCALE, { dt: 0.1, duration: 2 });
    const run = (pure: boolean) => {
      calls = 0;
      const stepper = createDopri5({ dimension: 2, rhs }, {}, drive, 1e-6, 1e-9, pure);
      const y = Float64Array.of(0.5, 0);
      const out = new Float64Array(2);
      const errors: number[] = [];
      for (const [t, h] of [[0, 0.1], [0.1, 0.3], [0.1, 0.15], [0.25, 0.25], [0.5, 0.2], [0.7, 0.2]] as const) {
        errors.push(stepper.attempt(t, y, h, out));
        // The second attempt is rejected: retried with a shorter step from the same point, the state unchanged.
        if (h !== 0.3) y.set(out);
      }
      return { y: Array.from(y), errors, calls };
    };
    const plain = run(false);
    const reused = run(true);
    expect(reused.y).toEqual(plain.y);
    expect(reused.errors).toEqual(plain.errors);
    expect(plain.calls).toBe(6 * 7);
    // Saved: the retry's first stage, and the first stage of every step that starts where the last accepted one
    // ended with the input unchanged (not at 0.5, where the step starts: before and after it differ there).
    expect(reused.calls).toBe(6 * 7 - 4);
  });

  it('adaptive: the error follows the tolerance it is given', () => {
    const error = (rtol: number) => {
      const run = simulate({ model: lif, stimulus: [{ kind: 'sine', amplitude: 1, frequency: 40 }], method: 'adaptive', dt: 0.5, sampleEvery: 20, duration: 20, rtol, atol: rtol * 1e-3 });
      return Math.abs(run.traces['u']![run.t.length - 1]! - sineSolution(20));
    };
    // A local tolerance bounds each step's error; over many steps the global error stays within a
    // modest multiple of it (here the problem is contracting, so errors do not grow).
    for (const rtol of [1e-5, 1e-7, 1e-9]) expect(error(rtol)).toBeLessThan(100 * rtol * Math.abs(p.uRest));
    expect(error(1e-9)).toBeLessThan(error(1e-5));
  });

  it('adaptive: locates the first spike at the analytic threshold-crossing time', () => {
    for (const current of [1.6, 2, 3, 5]) {
      const run = simulate({ model: lif, stimulus: current, method: 'adaptive', dt: 0.1, duration: 40, rtol: 1e-10, atol: 1e-12 });
      // The crossing is found by regula falsi on fifth-order single steps; at rtol 1e-10 the state is
      // accurate to ~1e-8 mV and the slope at threshold is ≥ 0.1 mV/ms, so the time to ~1e-7 ms.
      expect(Math.abs(run.spikes[0]! - lifTimeToThreshold(p, current, p.uRest))).toBeLessThan(1e-7);
    }
  });

  it('adaptive: steps end on stimulus edges and sample times, so a stepped input stays exact', () => {
    const run = simulate({ model: lif, stimulus: [{ kind: 'step', amplitude: 1.4, start: 10.05, end: 40.03 }], method: 'adaptive', dt: 0.1, duration: 60, rtol: 1e-10, atol: 1e-12 });
    const uOff = lifSubthreshold(p, 1.4, p.uRest, 40.03 - 10.05);
    run.t.forEach((t, k) => {
      const expected = t < 10.05 ? p.uRest : t < 40.03 ? lifSubthreshold(p, 1.4, p.uRest, t - 10.05) : lifSubthreshold(p, 0, uOff, t - 40.03);
      expect(Math.abs(run.traces['u']![k]! - expected)).toBeLessThan(1e-7);
    });
  });
});

describe('expression stimuli', () => {
  it('split steps at the edges they imply, so RK4 stays accurate across an off-grid pulse', () => {
    const run = simulate({ model: lif, stimulus: '(t > 10.05 and t < 40.03) * 1.4', method: 'rk4', dt: 0.1, duration: 60 });
    const uOff = lifSubthreshold(p, 1.4, p.uRest, 40.03 - 10.05);
    run.t.forEach((t, k) => {
      const expected = t <= 10.05 ? p.uRest : t < 40.03 ? lifSubthreshold(p, 1.4, p.uRest, t - 10.05) : lifSubthreshold(p, 0, uOff, t - 40.03);
      // RK4's own error on a 10 ms exponential at dt 0.1 is ~1e-9 mV; an edge sampled on the wrong side would cost ~1e-2 mV.
      expect(Math.abs(run.traces['u']![k]! - expected)).toBeLessThan(1e-7);
    });
  });

  it('gives a parse error with its column through the simulator', () => {
    expect(() => simulate({ model: lif, stimulus: '2 * (t > 10', duration: 10 })).toThrow(/column/);
  });
});

describe('sampling and recording', () => {
  it('samples every sampleEvery ms and keeps only the recorded variables', () => {
    const run = simulate({ model: lif, stimulus: 2, dt: 0.1, sampleEvery: 0.5, duration: 10, record: ['u'] });
    expect(run.t.length).toBe(21);
    expect(run.t[1]).toBeCloseTo(0.5, 12);
    expect(Object.keys(run.traces)).toEqual(['u']);
    const fine = simulate({ model: lif, stimulus: 2, dt: 0.1, duration: 10 });
    run.t.forEach((_, k) => expect(run.traces['u']![k]).toBe(fine.traces['u']![5 * k]));
  });

  it.each([
    [{ sampleEvery: 0.25 }, /whole multiple of dt/],
    [{ sampleEvery: 0.05 }, /at least dt/],
    [{ record: ['v'] }, /Cannot record "v"/],
    [{ initial: { v: 1 } }, /Unknown state variable "v"/],
    [{ seed: -1 }, /seed must be an integer/],
  ])('refuses %j', (change, message) => {
    expect(() => simulate({ model: lif, stimulus: 2, dt: 0.1, duration: 10, ...change })).toThrow(message);
  });

  it('takes initial values by name', () => {
    const run = simulate({ model: lif, stimulus: 0, duration: 1, initial: { u: -60 } });
    expect(run.traces['u']![0]).toBe(-60);
  });
});

describe('white noise', () => {
  // τ du/dt = −(u − u_rest) + R(μ + σ ξ(t)) is an Ornstein–Uhlenbeck process with stationary variance
  // R² σ² / (2τ). Per step the current is μ + σ ξ_k / √dt (so σ√dt ξ_k of charge per step), which makes
  // the variance independent of dt: with the exact update it is R² σ²/dt · tanh(dt / 2τ), within 0.02 %
  // of the continuous value for dt ≤ 0.5 ms.
  const sigma = 0.3;
  const expected = (p.R * p.R * sigma * sigma) / (2 * p.tauM);
  const variance = (dt: number) => {
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (let seed = 1; seed <= 8; seed++) {
      // Subthreshold (mean 0, 3.3 mV SD against 15 mV to threshold): no spikes disturb the statistics.
      const run = simulate({ model: lif, params: { theta: -20 }, stimulus: [{ kind: 'noise', mean: 0, sigma }], seed, method: 'exact', dt, duration: 100_000, sampleEvery: 1, record: ['u'] });
      const u = run.traces['u']!;
      for (let k = 100; k < u.length; k++) {
        const x = u[k]! - p.uRest;
        sum += x;
        sumSq += x * x;
        n++;
      }
    }
    return sumSq / n - (sum / n) ** 2;
  };

  // 2 × 8 × 100 s of simulated time: give it room on a loaded machine.
  it.each([0.1, 0.5])('at dt = %s ms the membrane variance is R²σ²/(2τ)', { timeout: 60_000 }, (dt) => {
    // Samples 1 ms apart of a process with correlation time τ = 10 ms: about n/(2τ) = 40 000 independent
    // values over 8 × 100 s, so the relative standard error of the variance is √(2/40 000) ≈ 0.7 %.
    // Five standard errors: 3.5 %.
    expect(Math.abs(variance(dt) / expected - 1)).toBeLessThan(0.035);
  });
});
