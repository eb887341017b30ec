/**
 * Letters of the alphabet as ±1 patterns, and the analysis of why only a few of them can be stored together.
 *
 * The glyphs are our own 10 × 10 bitmaps ('#' = +1, a black pixel; '.' = −1, white), drawn with strokes two
 * pixels wide, as in the letter exercise of the course (Gerstner et al., Neuronal Dynamics, 2014, Sect. 17.2
 * and its exercises). A grid of another size samples the glyph by nearest neighbour.
 *
 * Why letters are harder to store than random patterns: with pattern ν as the state, the field of unit i is
 * h_i = p_i^ν (N − P)/N + (1/N) Σ_{μ≠ν} p_i^μ M^μ, M^μ = Σ_j p_j^μ p_j^ν (Sect. 17.2: signal plus crosstalk, with
 * w_ii = 0 giving the −P/N). For random patterns M^μ/N is of order 1/√N; letters share most of their white
 * background, so their overlaps are 0.3 to 0.8 and the crosstalk beats the signal long before P = 0.138 N.
 */
import { createHopfield, localField, recall, type RecallEnd } from './hopfield.ts';
import { createPatternSet, type PatternSet } from './patterns.ts';
import { mostSimilar, overlapMatrix, type Similarity } from './pattern-sets.ts';

/** Side of the glyph table. */
export const GLYPH_SIZE = 10;

/** The alphabet, one row string per line; '#' is +1, '.' is −1. */
export const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['....##....', '...####...', '..##..##..', '.##....##.', '.##....##.', '.########.', '.########.', '.##....##.', '.##....##.', '.##....##.'],
  B: ['.######...', '.##...##..', '.##...##..', '.##...##..', '.######...', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.#######..'],
  C: ['...#####..', '..##...##.', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '..##...##.', '...#####..'],
  D: ['.######...', '.##...##..', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##...##..', '.######...'],
  E: ['.########.', '.########.', '.##.......', '.##.......', '.#######..', '.#######..', '.##.......', '.##.......', '.########.', '.########.'],
  F: ['.########.', '.########.', '.##.......', '.##.......', '.#######..', '.#######..', '.##.......', '.##.......', '.##.......', '.##.......'],
  G: ['...#####..', '..##...##.', '.##.......', '.##.......', '.##.......', '.##..####.', '.##....##.', '.##....##.', '..##...##.', '...#####..'],
  H: ['.##....##.', '.##....##.', '.##....##.', '.##....##.', '.########.', '.########.', '.##....##.', '.##....##.', '.##....##.', '.##....##.'],
  I: ['..######..', '..######..', '....##....', '....##....', '....##....', '....##....', '....##....', '....##....', '..######..', '..######..'],
  J: ['...######.', '...######.', '.......##.', '.......##.', '.......##.', '.......##.', '.##....##.', '.##....##.', '..##..##..', '...####...'],
  K: ['.##....##.', '.##...##..', '.##..##...', '.##.##....', '.####.....', '.####.....', '.##.##....', '.##..##...', '.##...##..', '.##....##.'],
  L: ['.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......', '.########.', '.########.'],
  M: ['.##....##.', '.###..###.', '.########.', '.##.##.##.', '.##.##.##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.'],
  N: ['.##....##.', '.###...##.', '.####..##.', '.##.#..##.', '.##.##.##.', '.##..#.##.', '.##..####.', '.##...###.', '.##....##.', '.##....##.'],
  O: ['...####...', '..##..##..', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '..##..##..', '...####...'],
  P: ['.#######..', '.##....##.', '.##....##.', '.##....##.', '.#######..', '.##.......', '.##.......', '.##.......', '.##.......', '.##.......'],
  Q: ['...####...', '..##..##..', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##.##.##.', '.##..###..', '..##..##..', '...###.##.'],
  R: ['.#######..', '.##....##.', '.##....##.', '.##....##.', '.#######..', '.####.....', '.##.##....', '.##..##...', '.##...##..', '.##....##.'],
  S: ['..######..', '.##....##.', '.##.......', '.##.......', '..######..', '.......##.', '.......##.', '.......##.', '.##....##.', '..######..'],
  T: ['.########.', '.########.', '....##....', '....##....', '....##....', '....##....', '....##....', '....##....', '....##....', '....##....'],
  U: ['.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##....##.', '..##..##..', '...####...'],
  V: ['.##....##.', '.##....##.', '.##....##.', '.##....##.', '..##..##..', '..##..##..', '..##..##..', '...####...', '...####...', '....##....'],
  W: ['.##....##.', '.##....##.', '.##....##.', '.##....##.', '.##.##.##.', '.##.##.##.', '.########.', '.###..###.', '.##....##.', '.#......#.'],
  X: ['.##....##.', '.##....##.', '..##..##..', '...####...', '....##....', '....##....', '...####...', '..##..##..', '.##....##.', '.##....##.'],
  Y: ['.##....##.', '.##....##.', '..##..##..', '...####...', '....##....', '....##....', '....##....', '....##....', '....##....', '....##....'],
  Z: ['.########.', '.########.', '......##..', '.....##...', '....##....', '...##.....', '..##......', '.##.......', '.########.', '.########.'],
};

export const LETTERS: readonly string[] = Object.keys(GLYPHS);

export function isLetter(name: string): boolean {
  return Object.hasOwn(GLYPHS, name);
}

/** The letter on a size × size grid (row-major, +1 = black), sampled from the 10 × 10 glyph by nearest neighbour. */
export function letterPattern(letter: string, size: number = GLYPH_SIZE): Int8Array {
  const glyph = GLYPHS[letter];
  if (!isLetter(letter) || glyph === undefined) throw new RangeError(`"${letter}" is not a letter of the table; use one of A to Z.`);
  if (!Number.isInteger(size) || size < 4 || size > 64) throw new RangeError(`A letter grid must be 4 to 64 cells wide, got ${size}.`);
  const out = new Int8Array(size * size);
  for (let r = 0; r < size; r++) {
    const row = glyph[Math.floor((r * GLYPH_SIZE) / size)]!;
    for (let c = 0; c < size; c++) out[r * size + c] = row[Math.floor((c * GLYPH_SIZE) / size)] === '#' ? 1 : -1;
  }
  return out;
}

/** The letters as a pattern set, in the given order ("ABC" or ['A', 'B', 'C']). */
export function letterPatterns(letters: string | readonly string[], size: number = GLYPH_SIZE): PatternSet {
  const names = typeof letters === 'string' ? [...letters] : letters;
  const n = size * size;
  const data = new Int8Array(n * names.length);
  names.forEach((letter, mu) => data.set(letterPattern(letter, size), mu * n));
  return createPatternSet(n, names.length, data);
}

export interface StoredPatternReport {
  /** Index of the pattern in the set. */
  readonly index: number;
  /** True if no unit's field points against it (p_i h_i ≥ 0 for all i; a tie keeps the state). */
  readonly fixedPoint: boolean;
  /** Units with p_i h_i < 0: those the first update flips. */
  readonly unstableUnits: number;
  /** min_i p_i h_i: the signal (N − P)/N minus the worst crosstalk. Negative means the pattern is not stored. */
  readonly worstAlignedField: number;
  /** The largest |m| with another stored pattern. */
  readonly largestOtherOverlap: number;
  /** Where synchronous recall started at the pattern itself ends. */
  readonly end: RecallEnd;
  /** The stored pattern (or inverse) most similar to that end state. */
  readonly endsNear: Similarity;
}

export interface StabilityReport {
  readonly n: number;
  readonly count: number;
  /** P × P overlaps m^{μν} = (1/N) Σ_i p_i^μ p_i^ν, row-major. */
  readonly overlaps: Float64Array;
  /** Mean |m^{μν}| over pairs μ < ν (0 for fewer than two patterns). */
  readonly meanAbsOverlap: number;
  /** The same for independent random patterns, √(2/(π N)) for large N: the crosstalk scale capacity assumes. */
  readonly randomMeanAbsOverlap: number;
  readonly patterns: readonly StoredPatternReport[];
  /** How many stored patterns are fixed points. */
  readonly stable: number;
}

/**
 * For every stored pattern: is it a fixed point of the sign dynamics, how many units would flip, and where the
 * dynamics started there ends (synchronous, at most `maxSteps` steps).
 */
export function analyseStability(set: PatternSet, maxSteps = 50): StabilityReport {
  const { n, count, data } = set;
  const m = overlapMatrix(set);
  let sumAbs = 0;
  for (let a = 0; a < count; a++) for (let b = a + 1; b < count; b++) sumAbs += Math.abs(m[a * count + b]!);
  const pairs = (count * (count - 1)) / 2;
  const reports: StoredPatternReport[] = [];
  for (let mu = 0; mu < count; mu++) {
    const pattern = data.subarray(mu * n, (mu + 1) * n);
    const probe = createHopfield(set, pattern);
    let unstable = 0;
    let worst = Infinity;
    for (let i = 0; i < n; i++) {
      const aligned = pattern[i]! * localField(probe, i);
      if (aligned < 0) unstable++;
      if (aligned < worst) worst = aligned;
    }
    let largest = 0;
    for (let nu = 0; nu < count; nu++) if (nu !== mu) largest = Math.max(largest, Math.abs(m[mu * count + nu]!));
    const end = recall(probe, 'sync', maxSteps).end;
    reports.push({
      index: mu,
      fixedPoint: unstable === 0,
      unstableUnits: unstable,
      worstAlignedField: worst,
      largestOtherOverlap: largest,
      end,
      endsNear: mostSimilar(set, probe.state),
    });
  }
  return {
    n,
    count,
    overlaps: m,
    meanAbsOverlap: pairs > 0 ? sumAbs / pairs : 0,
    randomMeanAbsOverlap: expectedAbsOverlap(n),
    patterns: reports,
    stable: reports.filter((r) => r.fixedPoint).length,
  };
}

/** E|m| for two independent random ±1 patterns of N units: E|2K − N|/N with K ~ Binomial(N, ½), exactly. */
export function expectedAbsOverlap(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new RangeError(`N must be a whole number from 1 to 100000, got ${n}.`);
  // Binomial probabilities by the ratio recurrence from the middle, normalised at the end (no underflow).
  const probs = new Float64Array(n + 1);
  const mid = Math.floor(n / 2);
  probs[mid] = 1;
  for (let k = mid + 1; k <= n; k++) probs[k] = (probs[k - 1]! * (n - k + 1)) / k;
  for (let k = mid - 1; k >= 0; k--) probs[k] = (probs[k + 1]! * (k + 1)) / (n - k);
  let total = 0;
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    total += probs[k]!;
    sum += probs[k]! * Math.abs(2 * k - n);
  }
  return sum / total / n;
}
