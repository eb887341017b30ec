/**
 * Pattern sets for attractor networks: P patterns of N units each, stored pattern-major in one Int8Array
 * (pattern mu occupies `data[mu * n ... mu * n + n)`), with values +1 and -1 (Gerstner et al., Neuronal
 * Dynamics, 2014, Sect. 17.2). Helpers to make random patterns and corrupted cues, all from a seeded source.
 */
import type { RandomSource } from '../random/rng.ts';

export interface PatternSet {
  /** Number of units N. */
  readonly n: number;
  /** Number of patterns P. */
  readonly count: number;
  /** P × N values ±1, pattern-major. */
  readonly data: Int8Array;
}

/** Checks sizes and values; throws a RangeError a reader understands. */
export function createPatternSet(n: number, count: number, data: Int8Array): PatternSet {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A pattern needs at least one unit, got N = ${n}.`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`The number of patterns must be a whole number ≥ 0, got ${count}.`);
  if (data.length !== n * count) throw new RangeError(`${count} patterns of ${n} units need ${n * count} values, got ${data.length}.`);
  for (let k = 0; k < data.length; k++) {
    if (data[k] !== 1 && data[k] !== -1) {
      throw new RangeError(`Pattern ${Math.floor(k / n) + 1}, unit ${(k % n) + 1} is ${data[k]}; units are +1 or -1.`);
    }
  }
  return { n, count, data };
}

/** Pattern `mu` as a view (no copy). */
export function patternOf(set: PatternSet, mu: number): Int8Array {
  if (!Number.isInteger(mu) || mu < 0 || mu >= set.count) throw new RangeError(`There is no pattern ${mu} among ${set.count}.`);
  return set.data.subarray(mu * set.n, (mu + 1) * set.n);
}

/** P independent patterns whose units are +1 with probability 1/2 (the standard Hopfield ensemble). */
export function randomPatterns(n: number, count: number, random: RandomSource): PatternSet {
  const data = new Int8Array(n * count);
  for (let k = 0; k < data.length; k++) data[k] = random.uniform() < 0.5 ? 1 : -1;
  return createPatternSet(n, count, data);
}

/**
 * A copy of `state` with exactly `round(fraction · N)` distinct units flipped, chosen uniformly (a partial
 * Fisher–Yates shuffle), so the cue's overlap with the original is exactly 1 - 2 · flipped / N.
 */
export function corrupt(state: Int8Array, fraction: number, random: RandomSource): Int8Array {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`The fraction of flipped units must lie in [0, 1], got ${fraction}.`);
  const n = state.length;
  const flips = Math.round(fraction * n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const cue = state.slice();
  for (let k = 0; k < flips; k++) {
    const j = k + Math.floor(random.uniform() * (n - k));
    const unit = order[j]!;
    order[j] = order[k]!;
    order[k] = unit;
    cue[unit] = -cue[unit]! as -1 | 1;
  }
  return cue;
}

/** The overlap m = (1/N) Σ_i a_i b_i of two ±1 states. */
export function overlapOf(a: Int8Array, b: Int8Array): number {
  if (a.length !== b.length) throw new RangeError(`States of ${a.length} and ${b.length} units cannot be compared.`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum / a.length;
}
