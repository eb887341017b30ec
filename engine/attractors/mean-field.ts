/**
 * The mean-field theory of the stochastic Hopfield network with few patterns (Gerstner et al., Neuronal
 * Dynamics, 2014, Sect. 17.2.4 and 17.3; Amit, Gutfreund & Sompolinsky 1985): with Glauber units,
 * Prob{S_i = +1} = ½[1 + tanh(β h_i)], and P/N → 0, the stationary overlap with a retrieved pattern solves
 *
 *   m = tanh(β m).
 *
 * For β ≤ 1 the only solution is m = 0 (no memory survives the noise); for β > 1 two more, ±m*, appear in a
 * pitchfork at the critical β = 1, and the positive one is the retrieval state returned here.
 *
 * The solver is Newton's method started at m = 1. On (0, 1] the function f(m) = m − tanh(β m) is convex
 * (f'' = 2β² tanh(βm) sech²(βm) > 0), f(1) = 1 − tanh β > 0 and f'(1) = 1 − β sech²β > 0 (β sech²β ≤ 0.45),
 * so the iterates fall monotonically onto the positive root and cannot jump to m = 0 or below. The loop stops
 * when an iterate no longer decreases, which happens once the root is reached to the last bits; a bracket
 * [lo, hi] with f(lo) < 0 < f(hi) is kept as a guard and bisection takes over if Newton ever left it.
 */
import { tanh } from '../math/deterministic.ts';

/** The critical inverse temperature: retrieval states exist only for β > 1. */
export const CRITICAL_BETA = 1;

/** The positive solution of m = tanh(β m) (0 for β ≤ 1; 1 for β = ∞). Double precision. */
export function meanFieldOverlap(beta: number): number {
  if (typeof beta !== 'number' || Number.isNaN(beta) || beta < 0) {
    throw new RangeError(`The inverse temperature β must be a number ≥ 0, got ${String(beta)}.`);
  }
  if (beta <= CRITICAL_BETA) return 0;
  if (beta === Infinity) return 1;
  const f = (m: number): number => m - tanh(beta * m);
  // Near β = 1 the root is m ≈ √(3(β − 1)) / β^(3/2) > 0; f < 0 just right of 0, so any tiny m bounds it.
  let lo = 0;
  let hi = 1;
  if (f(hi) <= 0) return 1; // tanh β rounds to 1 (β > 19): the root is 1 to double precision.
  let m = 1;
  for (let iteration = 0; iteration < 200; iteration++) {
    const t = tanh(beta * m);
    const value = m - t;
    if (value > 0) hi = Math.min(hi, m);
    else if (value < 0) lo = Math.max(lo, m);
    else return m;
    const slope = 1 - beta * (1 - t * t);
    let next = slope > 0 ? m - value / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next >= m && value > 0) return m; // Monotone descent has stopped: the root is reached.
    if (next === m) return m;
    m = next;
  }
  return m;
}

/** The mean-field curve at many β: m*(β) for each, as a new array. */
export function meanFieldCurve(betas: ArrayLike<number>): Float64Array {
  const out = new Float64Array(betas.length);
  for (let k = 0; k < betas.length; k++) out[k] = meanFieldOverlap(betas[k]!);
  return out;
}

/**
 * The slope of the right-hand side at the root, β (1 − m²): the fixed point is stable where it is below 1.
 * At β = 1 it equals 1 (the pitchfork), which is why relaxation slows down near the critical point.
 */
export function meanFieldGain(beta: number): number {
  const m = meanFieldOverlap(beta);
  return beta === Infinity ? 0 : beta * (1 - m * m);
}
