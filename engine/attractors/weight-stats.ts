/**
 * The distribution of Hebbian weights w_ij = (1/N) Σ_μ p_i^μ p_j^μ (Gerstner et al., Neuronal Dynamics, 2014,
 * Sect. 17.2), counted exactly from the patterns, beside its theory.
 *
 * With ±1 patterns each term p_i^μ p_j^μ is ±1, so if the two units disagree in k of the P patterns,
 * N w_ij = P − 2k: the weights take only the P + 1 values (P − 2k)/N. For independent random patterns the
 * products are independent fair coins for every pair i ≠ j, so k ~ Binomial(P, ½) and
 * Prob{w_ij = (P − 2k)/N} = C(P, k) / 2^P, with mean 0 and variance P/N².
 */
import type { PatternSet } from './patterns.ts';

export interface WeightHistogram {
  readonly n: number;
  readonly count: number;
  /** The P + 1 possible values (P − 2k)/N, for k = 0 … P (descending: the largest weight first). */
  readonly values: Float64Array;
  /** How many weights take each value. */
  readonly counts: Float64Array;
  /** The number of weights counted: N(N − 1) off the diagonal, N² with it. */
  readonly total: number;
  readonly diagonal: boolean;
}

export interface HistogramOptions {
  /**
   * Count the diagonal too (the raw Hebbian sum, w_ii = P/N). The network sets w_ii = 0, so the default
   * leaves the diagonal out; counted in, an exhaustive pattern set matches the binomial exactly.
   */
  readonly diagonal?: boolean;
}

const MAX_N = 4096;

/** The number of set bits of a 32-bit integer (SWAR). */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
const MAX_P = 1000;

function checkSizes(n: number, count: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_N) throw new RangeError(`Weight histograms are counted for 1 to ${MAX_N} units, got N = ${n}.`);
  if (!Number.isInteger(count) || count < 0 || count > MAX_P) throw new RangeError(`Weight histograms are counted for 0 to ${MAX_P} patterns, got P = ${count}.`);
}

function valuesOf(n: number, count: number): Float64Array {
  const values = new Float64Array(count + 1);
  for (let k = 0; k <= count; k++) values[k] = (count - 2 * k) / n;
  return values;
}

/**
 * Counts every entry of the N × N weight matrix by its value, without building the matrix: for each pair
 * i < j, k = the number of patterns in which i and j disagree (each pair counts twice, w_ij = w_ji).
 */
export function weightHistogram(set: PatternSet, options: HistogramOptions = {}): WeightHistogram {
  const { n, count, data } = set;
  checkSizes(n, count);
  const diagonal = options.diagonal ?? false;
  // Each unit's P signs packed into 32-bit words (bit set = −1): k is the popcount of the XOR of two units.
  const words = Math.ceil(count / 32);
  const bits = new Uint32Array(n * words);
  for (let mu = 0; mu < count; mu++) {
    const word = mu >>> 5;
    const bit = 1 << (mu & 31);
    for (let i = 0; i < n; i++) if (data[mu * n + i] === -1) bits[i * words + word] = (bits[i * words + word]! | bit) >>> 0;
  }
  const pairCounts = new Float64Array(count + 1);
  for (let i = 0; i < n; i++) {
    const a = i * words;
    for (let j = i + 1; j < n; j++) {
      const b = j * words;
      let k = 0;
      for (let w = 0; w < words; w++) k += popcount(bits[a + w]! ^ bits[b + w]!);
      pairCounts[k] = pairCounts[k]! + 2;
    }
  }
  if (diagonal) pairCounts[0] = pairCounts[0]! + n;
  return { n, count, values: valuesOf(n, count), counts: pairCounts, total: diagonal ? n * n : n * (n - 1), diagonal };
}

/**
 * C(P, k) / 2^P for k = 0 … P, by Pascal's triangle with halving: each row is exact in binary floating point
 * as long as C(P, k) < 2^53 (P up to 56), and otherwise rounded only in the last bits; no overflow, no powers.
 */
export function binomialHalf(count: number): Float64Array {
  if (!Number.isInteger(count) || count < 0 || count > MAX_P) throw new RangeError(`P must be a whole number from 0 to ${MAX_P}, got ${count}.`);
  const probs = new Float64Array(count + 1);
  probs[0] = 1;
  for (let row = 1; row <= count; row++) {
    for (let k = row; k >= 1; k--) probs[k] = (probs[k]! + probs[k - 1]!) / 2;
    probs[0] = probs[0]! / 2;
  }
  return probs;
}

export interface WeightTheory {
  /** The values (P − 2k)/N, as in WeightHistogram. */
  readonly values: Float64Array;
  /** Prob{w_ij = value} = C(P, k)/2^P for random patterns. */
  readonly probabilities: Float64Array;
  /** Expected counts among `total` weights: total · probability. */
  readonly expected: Float64Array;
  readonly mean: number;
  /** P/N², the variance of one weight. */
  readonly variance: number;
}

/** The binomial law of the Hebbian weights for P random patterns of N units, scaled to `total` weights. */
export function weightTheory(n: number, count: number, total: number = n * (n - 1)): WeightTheory {
  checkSizes(n, count);
  const probabilities = binomialHalf(count);
  const expected = new Float64Array(count + 1);
  for (let k = 0; k <= count; k++) expected[k] = total * probabilities[k]!;
  return { values: valuesOf(n, count), probabilities, expected, mean: 0, variance: count / (n * n) };
}

/**
 * The weights of one stored pattern take only ±1/N: +1/N for a pair of equal units. With n₊ units at +1 and
 * n₋ at −1 there are n₊(n₊ − 1) + n₋(n₋ − 1) ordered pairs at +1/N and 2 n₊ n₋ at −1/N (diagonal left out).
 */
export function onePatternWeightCounts(pattern: Int8Array): { readonly plus: number; readonly minus: number } {
  let up = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === 1) up++;
  const down = pattern.length - up;
  return { plus: up * (up - 1) + down * (down - 1), minus: 2 * up * down };
}

/** Mean and variance of the counted weights, for comparison with the theory's 0 and P/N². */
export function histogramMoments(h: WeightHistogram): { readonly mean: number; readonly variance: number } {
  let mean = 0;
  for (let k = 0; k < h.values.length; k++) mean += h.values[k]! * h.counts[k]!;
  mean /= h.total;
  let variance = 0;
  for (let k = 0; k < h.values.length; k++) variance += (h.values[k]! - mean) * (h.values[k]! - mean) * h.counts[k]!;
  return { mean, variance: variance / h.total };
}
