/**
 * The Dormand–Prince 5(4) pair (Dormand & Prince 1980; Hairer, Nørsett & Wanner, Solving ODEs I, II.5):
 * a fifth-order step with an embedded fourth-order one whose difference estimates the local error.
 * `attempt` takes one step and returns the scaled error norm (accept when ≤ 1); `step` is the plain
 * fifth-order step, used to re-integrate from a step's start when locating a threshold crossing.
 */
import type { OdeSystem, Stepper } from './integrator.ts';
import type { Drive } from '../stimuli/stimulus.ts';

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1] as const;
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
] as const;
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84] as const;
/** Fifth- minus fourth-order weights (the seventh stage is f at the new point). */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40] as const;

/** Weights of the continuous extension of order 4 (Hairer, Nørsett & Wanner, Solving ODEs I, II.6; their DOPRI5 code). */
const D = [-12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072, 701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423] as const;

export interface AdaptiveStepper extends Stepper {
  /** Writes the fifth-order solution at t + h into `out` and returns the error norm scaled by the tolerances. */
  attempt(t: number, y: Float64Array, h: number, out: Float64Array): number;
  /**
   * After an `attempt` from `y0` that gave `y1` over `h`, and before any other call: writes the coefficients of
   * the step's dense output (5 × dimension) into `dense`, for `interpolate`.
   */
  denseOutput(y0: Float64Array, y1: Float64Array, h: number, dense: Float64Array): void;
}

/** The state at the fraction `theta` of a step from its dense output coefficients (`denseOutput`). */
export function interpolate(dense: Float64Array, theta: number, out: Float64Array): void {
  const n = out.length;
  const rest = 1 - theta;
  for (let i = 0; i < n; i++) {
    out[i] = dense[i]! + theta * (dense[n + i]! + rest * (dense[2 * n + i]! + theta * (dense[3 * n + i]! + rest * dense[4 * n + i]!)));
  }
}

/**
 * `pure` says that `system.rhs` depends on its arguments alone. Then a slope the stepper has already evaluated
 * is reused when the same time, state and input come again: the seventh stage of an accepted step is the first
 * of the next one when it starts there (the pair is "first same as last"), and a step retried after a rejection
 * starts from the same point. Six evaluations per step instead of seven, and the same numbers. A run that holds
 * the voltage while refractory is not pure (the right-hand side reads whether it is holding).
 */
export function createDopri5<P>(system: OdeSystem<P>, p: P, drive: Drive, rtol: number, atol: number, pure = false): AdaptiveStepper {
  const n = system.dimension;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const stage = new Float64Array(n);
  const fifth = new Float64Array(n);
  // Where k[0] and k[6] were last evaluated: time, input and state (NaN: nowhere yet).
  const firstAt = new Float64Array(2 + n).fill(Number.NaN);
  const lastAt = new Float64Array(2 + n).fill(Number.NaN);

  const evaluatedAt = (at: Float64Array, t: number, input: number, y: Float64Array): boolean => {
    if (at[0] !== t || at[1] !== input) return false;
    for (let i = 0; i < n; i++) if (at[2 + i] !== y[i]) return false;
    return true;
  };
  const remember = (at: Float64Array, t: number, input: number, y: Float64Array): void => {
    at[0] = t;
    at[1] = input;
    for (let i = 0; i < n; i++) at[2 + i] = y[i]!;
  };

  // Stages 1–6 and the fifth-order result; the last stage samples the input's left limit at t + h.
  const stages = (t: number, y: Float64Array, h: number, out: Float64Array) => {
    const first = drive.after(t);
    if (!pure || !evaluatedAt(firstAt, t, first, y)) {
      if (pure && evaluatedAt(lastAt, t, first, y)) k[0]!.set(k[6]!);
      else system.rhs(t, y, k[0]!, p, first);
      if (pure) remember(firstAt, t, first, y);
    }
    for (let s = 1; s < 6; s++) {
      for (let i = 0; i < n; i++) {
        let sum = y[i]!;
        const row = A[s]!;
        for (let j = 0; j < row.length; j++) sum += h * row[j]! * k[j]![i]!;
        stage[i] = sum;
      }
      const ts = t + C[s]! * h;
      system.rhs(ts, stage, k[s]!, p, s === 5 ? drive.before(ts) : drive.at(ts));
    }
    for (let i = 0; i < n; i++) {
      let sum = y[i]!;
      for (let j = 0; j < 6; j++) sum += h * B[j]! * k[j]![i]!;
      out[i] = sum;
    }
  };

  return {
    step(t, y, h) {
      stages(t, y, h, fifth);
      y.set(fifth);
    },
    attempt(t, y, h, out) {
      stages(t, y, h, out);
      const end = t + h;
      const input = drive.before(end);
      system.rhs(end, out, k[6]!, p, input);
      if (pure) remember(lastAt, end, input, out);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let error = 0;
        for (let j = 0; j < 7; j++) error += E[j]! * k[j]![i]!;
        const scale = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(out[i]!));
        const scaled = (h * error) / scale;
        sum += scaled * scaled;
      }
      return Math.sqrt(sum / n);
    },
    denseOutput(y0, y1, h, dense) {
      for (let i = 0; i < n; i++) {
        const change = y1[i]! - y0[i]!;
        const slope = h * k[0]![i]! - change;
        let fifth = 0;
        for (let j = 0; j < 7; j++) fifth += D[j]! * k[j]![i]!;
        dense[i] = y0[i]!;
        dense[n + i] = change;
        dense[2 * n + i] = slope;
        dense[3 * n + i] = change - h * k[6]![i]! - slope;
        dense[4 * n + i] = h * fifth;
      }
    },
  };
}
