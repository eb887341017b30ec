/**
 * Pattern sets on a square grid for the Hopfield exercises (Gerstner et al., Neuronal Dynamics, 2014,
 * Sect. 17.2 and its exercises): a checkerboard and stripes, patterns drawn on a grid (rows of '#' and '.'),
 * and the helpers that say which stored pattern a state resembles ("classification by similarity": the
 * largest overlap |m^μ|, equivalently the smallest Hamming distance, since d = N(1 − m)/2).
 *
 * The parameters a reader can set for these experiments live in `hopfieldParams`.
 */
import type { Registry } from '../params/registry.ts';
import type { RandomSource } from '../random/rng.ts';
import { createPatternSet, overlapOf, randomPatterns, type PatternSet } from './patterns.ts';

export const hopfieldParams = [
  { name: 'size', symbol: '\\sqrt{N}', unit: '', default: 10, min: 4, max: 50, step: 1, meaning: 'Side of the square grid of units (dimensionless); N = size²' },
  { name: 'count', symbol: 'P', unit: '', default: 3, min: 1, max: 400, step: 1, meaning: 'Number of stored patterns (dimensionless)' },
  { name: 'corruption', symbol: 'f', unit: '%', default: 20, min: 0, max: 100, step: 1, meaning: 'Percentage of units flipped to make a cue' },
  { name: 'seed', symbol: 's', unit: '', default: 1, min: 0, max: 999999, step: 1, meaning: 'Seed of the random patterns, cues and update order (dimensionless)' },
] as const satisfies Registry;

export type HopfieldParam = (typeof hopfieldParams)[number]['name'];

function checkSide(rows: number, cols: number): void {
  for (const [what, v] of [
    ['rows', rows],
    ['columns', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 256) throw new RangeError(`A grid needs 1 to 256 ${what}, got ${v}.`);
  }
}

/** The checkerboard: +1 where row + column is even. Its overlap with a random pattern is O(1/√N). */
export function checkerboard(rows: number, cols: number = rows): Int8Array {
  checkSide(rows, cols);
  const out = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = (r + c) % 2 === 0 ? 1 : -1;
  return out;
}

/** Stripes `width` units wide, horizontal (alternating rows) or vertical (alternating columns), starting with +1. */
export function stripes(rows: number, cols: number, orientation: 'horizontal' | 'vertical', width = 1): Int8Array {
  checkSide(rows, cols);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`Stripes must be at least one unit wide, got ${width}.`);
  const out = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = Math.floor((orientation === 'horizontal' ? r : c) / width) % 2 === 0 ? 1 : -1;
  }
  return out;
}

/** A pattern drawn as rows of '#' (+1, black) and '.' (−1, white), as a reader writes one or a grid exports it. */
export function patternFromRows(rows: readonly string[]): Int8Array {
  const cols = rows[0]?.length ?? 0;
  if (rows.length === 0 || cols === 0) throw new RangeError('A drawn pattern needs at least one row of cells.');
  const out = new Int8Array(rows.length * cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) throw new RangeError(`Row ${r + 1} has ${row.length} cells; the first row has ${cols}.`);
    for (let c = 0; c < cols; c++) {
      const ch = row[c];
      if (ch !== '#' && ch !== '.') throw new RangeError(`Row ${r + 1}, cell ${c + 1} is "${ch}"; use '#' for black (+1) and '.' for white (−1).`);
      out[r * cols + c] = ch === '#' ? 1 : -1;
    }
  });
  return out;
}

/** The inverse of patternFromRows: rows of '#' and '.' for a ±1 grid with `cols` columns. */
export function patternToRows(pattern: Int8Array, cols: number): string[] {
  if (!Number.isInteger(cols) || cols < 1 || pattern.length % cols !== 0) throw new RangeError(`${pattern.length} units do not fill rows of ${cols}.`);
  const rows: string[] = [];
  for (let r = 0; r < pattern.length / cols; r++) {
    let row = '';
    for (let c = 0; c < cols; c++) row += pattern[r * cols + c] === 1 ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

/** Patterns of equal length as one set, in order. */
export function combinePatterns(n: number, patterns: readonly Int8Array[]): PatternSet {
  const data = new Int8Array(n * patterns.length);
  patterns.forEach((p, mu) => {
    if (p.length !== n) throw new RangeError(`Pattern ${mu + 1} has ${p.length} units; the set has ${n}.`);
    data.set(p, mu * n);
  });
  return createPatternSet(n, patterns.length, data);
}

/** A new set with `pattern` stored after the others (the "store the drawn pattern" button). */
export function appendPattern(set: PatternSet, pattern: Int8Array): PatternSet {
  if (pattern.length !== set.n) throw new RangeError(`The pattern has ${pattern.length} units; the network has ${set.n}.`);
  const data = new Int8Array(set.data.length + set.n);
  data.set(set.data);
  data.set(pattern, set.data.length);
  return createPatternSet(set.n, set.count + 1, data);
}

/** The checkerboard first, then `count − 1` random patterns: the classic "checkerboard among random patterns". */
export function checkerboardAmongRandom(side: number, count: number, random: RandomSource): PatternSet {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Store at least the checkerboard, got ${count} patterns.`);
  const n = side * side;
  const others = randomPatterns(n, count - 1, random);
  const data = new Int8Array(n * count);
  data.set(checkerboard(side));
  data.set(others.data, n);
  return createPatternSet(n, count, data);
}

/** P × P overlaps m^{μν} = (1/N) Σ_i p_i^μ p_i^ν (row-major; the diagonal is 1). */
export function overlapMatrix(set: PatternSet): Float64Array {
  const { n, count, data } = set;
  const out = new Float64Array(count * count);
  for (let a = 0; a < count; a++) {
    for (let b = a; b < count; b++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += data[a * n + i]! * data[b * n + i]!;
      out[a * count + b] = sum / n;
      out[b * count + a] = sum / n;
    }
  }
  return out;
}

export interface Similarity {
  /** The stored pattern with the largest |overlap| (the first of equals), −1 for an empty set. */
  readonly index: number;
  /** Its overlap m (signed). */
  readonly overlap: number;
  /** True when the state is closer to the inverse −p than to p (m < 0). */
  readonly inverse: boolean;
  /** Hamming distance to p, or to −p when `inverse`: N(1 − |m|)/2. */
  readonly distance: number;
}

/** Classification by similarity: the stored pattern (or its inverse) nearest to `state`. */
export function mostSimilar(set: PatternSet, state: Int8Array): Similarity {
  if (state.length !== set.n) throw new RangeError(`The state has ${state.length} units; the patterns have ${set.n}.`);
  let index = -1;
  let best = -1;
  let overlap = 0;
  for (let mu = 0; mu < set.count; mu++) {
    const m = overlapOf(set.data.subarray(mu * set.n, (mu + 1) * set.n), state);
    if (Math.abs(m) > best) {
      best = Math.abs(m);
      index = mu;
      overlap = m;
    }
  }
  return { index, overlap, inverse: overlap < 0, distance: index < 0 ? set.n : Math.round((set.n * (1 - Math.abs(overlap))) / 2) };
}

export type StateKind = 'pattern' | 'inverse' | 'spurious';

export interface Classified extends Similarity {
  /** 'pattern' or 'inverse' when |m| ≥ 1 − tolerance with the nearest pattern, otherwise 'spurious'. */
  readonly kind: StateKind;
}

/**
 * Names a (usually final) state: a stored pattern, the inverse of one, or a spurious state (a mixture or
 * any other attractor). `tolerance` 0 asks for exact equality; a retrieval state of a loaded network differs
 * from its pattern in a few units, so widgets pass a small tolerance and show the overlap beside the verdict.
 */
export function classifyState(set: PatternSet, state: Int8Array, tolerance = 0): Classified {
  if (!(tolerance >= 0 && tolerance < 1)) throw new RangeError(`The tolerance must lie in [0, 1), got ${tolerance}.`);
  const near = mostSimilar(set, state);
  const kind: StateKind = near.index < 0 || Math.abs(near.overlap) < 1 - tolerance ? 'spurious' : near.inverse ? 'inverse' : 'pattern';
  return { ...near, kind };
}

/** The symmetric mixture sgn(Σ_k p^{μ_k}) of an odd number of stored patterns: a classic spurious attractor. */
export function mixtureState(set: PatternSet, indices: readonly number[]): Int8Array {
  if (indices.length % 2 !== 1) throw new RangeError(`A symmetric mixture needs an odd number of patterns, got ${indices.length}.`);
  const out = new Int8Array(set.n);
  for (let i = 0; i < set.n; i++) {
    let sum = 0;
    for (const mu of indices) {
      if (!Number.isInteger(mu) || mu < 0 || mu >= set.count) throw new RangeError(`There is no pattern ${mu} among ${set.count}.`);
      sum += set.data[mu * set.n + i]!;
    }
    out[i] = sum > 0 ? 1 : -1;
  }
  return out;
}
