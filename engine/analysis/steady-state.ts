/**
 * Fixed points of a model's equations (dy/dt = 0 at constant input) by Newton's method with a
 * finite-difference Jacobian. Models use it for their resting state (Hodgkin–Huxley's Table 2.1 set rests
 * at -63.054 mV, not at E_L), and the phase-plane analysis for fixed points and their stability.
 */
import type { NeuronModel } from '../models/model.ts';
import type { ParamValues } from '../params/registry.ts';

type Rhs = (y: Float64Array, dydt: Float64Array) => void;

function rhsAt(model: NeuronModel, params: ParamValues, input: number): Rhs {
  return (y, dydt) => model.rhs(0, y, dydt, params, input);
}

/** The Jacobian ∂f_i/∂y_j at y by central differences, row-major (n × n). */
export function jacobian(model: NeuronModel, params: ParamValues, y: ArrayLike<number>, input = 0): Float64Array {
  return numericJacobian(rhsAt(model, params, input), Float64Array.from(y));
}

function numericJacobian(f: Rhs, y: Float64Array): Float64Array {
  const n = y.length;
  const J = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const probe = Float64Array.from(y);
  for (let j = 0; j < n; j++) {
    // Step scaled to the variable: gates live in [0, 1], voltages in tens of mV.
    const h = 1e-6 * Math.max(1, Math.abs(y[j]!));
    probe[j] = y[j]! + h;
    f(probe, plus);
    probe[j] = y[j]! - h;
    f(probe, minus);
    probe[j] = y[j]!;
    for (let i = 0; i < n; i++) J[i * n + j] = (plus[i]! - minus[i]!) / (2 * h);
  }
  return J;
}

/**
 * Solves A x = b in place (A row-major n × n; Gaussian elimination with partial pivoting); returns false if A
 * is singular, i.e. a pivot is smaller than `tiny` (pass a scale-relative value to refuse nearly dependent rows).
 */
export function solveLinear(A: Float64Array, b: Float64Array, tiny = 1e-300): boolean {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(A[row * n + col]!) > Math.abs(A[pivot * n + col]!)) pivot = row;
    if (!(Math.abs(A[pivot * n + col]!) >= tiny)) return false;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [A[col * n + k], A[pivot * n + k]] = [A[pivot * n + k]!, A[col * n + k]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    for (let row = col + 1; row < n; row++) {
      const factor = A[row * n + col]! / A[col * n + col]!;
      for (let k = col; k < n; k++) A[row * n + k]! -= factor * A[col * n + k]!;
      b[row]! -= factor * b[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < n; k++) sum -= A[row * n + k]! * b[k]!;
    b[row] = sum / A[row * n + row]!;
  }
  return true;
}

export interface FixedPoint {
  readonly state: Float64Array;
  readonly converged: boolean;
  /** Largest |dy/dt| left at `state`. */
  readonly residual: number;
}

export interface NewtonLimits {
  /** Most Newton steps (100 by default). */
  readonly maxIterations?: number;
  /** Gives up as soon as an iterate leaves this region (a search that only wants fixed points inside it). */
  readonly within?: (y: Float64Array) => boolean;
}

/** The largest |v_i|, NaN if any is NaN. */
function maxNorm(v: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < v.length; i++) largest = Math.max(largest, Math.abs(v[i]!));
  return largest;
}

/** Newton's method from `guess`, with step halving so a poor guess does not jump out of the basin. */
export function findFixedPoint(model: NeuronModel, params: ParamValues, guess: ArrayLike<number>, input = 0, tolerance = 1e-12, limits: NewtonLimits = {}): FixedPoint {
  const f = rhsAt(model, params, input);
  const n = guess.length;
  const y = Float64Array.from(guess);
  const value = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialValue = new Float64Array(n);
  f(y, value);
  const maxIterations = limits.maxIterations ?? 100;
  for (let iteration = 0; iteration < maxIterations && maxNorm(value) > tolerance; iteration++) {
    const J = numericJacobian(f, y);
    const delta = Float64Array.from(value, (x) => -x);
    if (!solveLinear(J, delta)) break;
    let scale = 1;
    for (; scale > 1e-6; scale /= 2) {
      for (let i = 0; i < n; i++) trial[i] = y[i]! + scale * delta[i]!;
      f(trial, trialValue);
      if (maxNorm(trialValue) < maxNorm(value) || maxNorm(trialValue) <= tolerance) break;
    }
    if (scale <= 1e-6) break;
    y.set(trial);
    value.set(trialValue);
    if (limits.within && !limits.within(y)) break;
  }
  const residual = maxNorm(value);
  return { state: y, converged: residual <= Math.max(tolerance, 1e-9), residual };
}
