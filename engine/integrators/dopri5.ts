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

export interface AdaptiveStepper extends Stepper {
  /** Writes the fifth-order solution at t + h into `out` and returns the error norm scaled by the tolerances. */
  attempt(t: number, y: Float64Array, h: number, out: Float64Array): number;
}

export function createDopri5<P>(system: OdeSystem<P>, p: P, drive: Drive, rtol: number, atol: number): AdaptiveStepper {
  const n = system.dimension;
  const k = Array.from({ length: 7 }, () => new Float64Array(n));
  const stage = new Float64Array(n);
  const fifth = new Float64Array(n);

  // Stages 1–6 and the fifth-order result; the last stage samples the input's left limit at t + h.
  const stages = (t: number, y: Float64Array, h: number, out: Float64Array) => {
    for (let s = 0; s < 6; s++) {
      for (let i = 0; i < n; i++) {
        let sum = y[i]!;
        const row = A[s]!;
        for (let j = 0; j < row.length; j++) sum += h * row[j]! * k[j]![i]!;
        stage[i] = sum;
      }
      const ts = t + C[s]! * h;
      system.rhs(ts, stage, k[s]!, p, s === 5 ? drive.before(ts) : s === 0 ? drive.after(ts) : drive.at(ts));
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
      system.rhs(t + h, out, k[6]!, p, drive.before(t + h));
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
  };
}
