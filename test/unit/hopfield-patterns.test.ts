/**
 * Letters, pattern sets and weight statistics for the Hopfield lesson (engine/attractors/letters.ts,
 * pattern-sets.ts, weight-stats.ts), checked against exact counting, exhaustive enumeration and the dynamics
 * of the Hopfield core itself (engine/attractors/hopfield.ts, tested on its own in hopfield.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHopfield, energy, hebbianWeights, overlaps, recall, step } from '../../engine/attractors/hopfield.ts';
import { analyseStability, expectedAbsOverlap, GLYPH_SIZE, GLYPHS, LETTERS, letterPattern, letterPatterns } from '../../engine/attractors/letters.ts';
import {
  appendPattern,
  checkerboard,
  checkerboardAmongRandom,
  classifyState,
  combinePatterns,
  hopfieldParams,
  mixtureState,
  mostSimilar,
  overlapMatrix,
  patternFromRows,
  patternToRows,
  stripes,
} from '../../engine/attractors/pattern-sets.ts';
import { corrupt, createPatternSet, overlapOf, patternOf, randomPatterns } from '../../engine/attractors/patterns.ts';
import { binomialHalf, histogramMoments, onePatternWeightCounts, weightHistogram, weightTheory } from '../../engine/attractors/weight-stats.ts';
import { createRandom } from '../../engine/random/rng.ts';

/** C(n, k) exactly, as an integer. */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - i + 1)) / i;
  return Math.round(c);
}

describe('the glyph table', () => {
  it('has the 26 letters A to Z, each 10 rows of 10 cells of # or .', () => {
    expect(LETTERS.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    for (const letter of LETTERS) {
      const rows = GLYPHS[letter]!;
      expect(rows, letter).toHaveLength(GLYPH_SIZE);
      for (const row of rows) expect(row, letter).toMatch(/^[#.]{10}$/);
    }
  });
  it('gives ±1 patterns of N = 100, all different, none the inverse of another', () => {
    const set = letterPatterns(LETTERS);
    expect(set.n).toBe(100);
    expect(set.count).toBe(26);
    for (const v of set.data) expect(v === 1 || v === -1).toBe(true);
    const m = overlapMatrix(set);
    for (let a = 0; a < 26; a++) for (let b = 0; b < 26; b++) if (a !== b) expect(Math.abs(m[a * 26 + b]!), `${LETTERS[a]}${LETTERS[b]}`).toBeLessThan(1);
  });
  it('samples the glyph by nearest neighbour on a larger grid: 20 × 20 is every pixel doubled', () => {
    const small = letterPattern('R');
    const big = letterPattern('R', 20);
    for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) expect(big[r * 20 + c]).toBe(small[Math.floor(r / 2) * 10 + Math.floor(c / 2)]);
    expect(letterPattern('A', 50)).toHaveLength(2500);
  });
  it('refuses unknown letters and impossible sizes with a sentence', () => {
    expect(() => letterPattern('a')).toThrow(/not a letter/);
    expect(() => letterPattern('A', 3)).toThrow(/4 to 64/);
  });
});

describe('overlaps between letters', () => {
  const set = letterPatterns('AEOX');
  const m = overlapMatrix(set);
  it('the matrix is symmetric with 1 on the diagonal and equals (1/N) Σ p_i^μ p_i^ν', () => {
    for (let a = 0; a < 4; a++) {
      expect(m[a * 4 + a]).toBe(1);
      for (let b = 0; b < 4; b++) {
        expect(m[a * 4 + b]).toBe(m[b * 4 + a]);
        expect(m[a * 4 + b]).toBe(overlapOf(patternOf(set, a), patternOf(set, b)));
      }
    }
  });
  it('the overlap is 1 − 2 d/N with the Hamming distance d, counted by hand from the rows', () => {
    let d = 0;
    for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) if (GLYPHS['O']![r]![c] !== GLYPHS['X']![r]![c]) d++;
    expect(m[2 * 4 + 3]).toBeCloseTo(1 - (2 * d) / 100, 15);
  });
  it('letters overlap far more than random patterns do (the reason few are stable)', () => {
    const all = analyseStability(letterPatterns(LETTERS));
    expect(all.meanAbsOverlap).toBeGreaterThan(3 * all.randomMeanAbsOverlap);
  });
});

describe('E|m| of two random patterns', () => {
  it('is exact for small N and approaches √(2/(πN))', () => {
    expect(expectedAbsOverlap(1)).toBe(1);
    expect(expectedAbsOverlap(2)).toBeCloseTo(0.5, 15);
    // N = 3: m ∈ {±1 (prob 1/4), ±1/3 (prob 3/4)} → E|m| = 1/4 + 1/4 = 1/2.
    expect(expectedAbsOverlap(3)).toBeCloseTo(0.5, 15);
    // The normal approximation's relative error is O(1/N); 0.5 % at N = 1000 is generous.
    expect(expectedAbsOverlap(1000) / Math.sqrt(2 / (Math.PI * 1000))).toBeCloseTo(1, 2);
  });
  it('matches a sampled mean at N = 100 (3000 pairs; the sample mean has a relative SD of about 1.4 %, we allow 6 %)', () => {
    const random = createRandom(17);
    let sum = 0;
    for (let k = 0; k < 3000; k++) {
      const pair = randomPatterns(100, 2, random);
      sum += Math.abs(overlapOf(patternOf(pair, 0), patternOf(pair, 1)));
    }
    expect(sum / 3000 / expectedAbsOverlap(100)).toBeGreaterThan(0.94);
    expect(sum / 3000 / expectedAbsOverlap(100)).toBeLessThan(1.06);
  });
});

describe('stable letters: the analysis agrees with the dynamics', () => {
  const sets = ['A', 'AB', 'ABC', 'ABCD', 'ABCDE', 'ITX', 'OTX', 'EF', 'HIL', LETTERS.join('')];
  it.each(sets)('%s: a pattern is reported fixed exactly when neither one synchronous step nor one asynchronous sweep changes it', (letters) => {
    const set = letterPatterns(letters);
    const report = analyseStability(set);
    const random = createRandom(5);
    for (const p of report.patterns) {
      const sync = createHopfield(set, patternOf(set, p.index));
      const changed = step(sync, { mode: 'sync' });
      // A synchronous step flips exactly the units whose field points against the pattern.
      expect(changed, letters[p.index]).toBe(p.unstableUnits);
      expect(p.fixedPoint).toBe(changed === 0);
      expect(p.fixedPoint).toBe(p.worstAlignedField >= 0);
      const asyncNet = createHopfield(set, patternOf(set, p.index));
      expect(step(asyncNet, { mode: 'async', random }) === 0).toBe(p.fixedPoint);
      // A fixed point ends where it started.
      if (p.fixedPoint) expect(p.endsNear).toEqual({ index: p.index, overlap: 1, inverse: false, distance: 0 });
    }
    expect(report.stable).toBe(report.patterns.filter((p) => p.fixedPoint).length);
  });
  it('with our glyphs, A, B and C are all stable; adding D leaves only A (the others merge), far below 0.138 N ≈ 14', () => {
    expect(analyseStability(letterPatterns('ABC')).stable).toBe(3);
    const abcd = analyseStability(letterPatterns('ABCD'));
    expect(abcd.patterns.map((p) => p.fixedPoint)).toEqual([true, false, false, false]);
    // B, C and D all end in the same spurious state, nearest to B.
    const ends = abcd.patterns.slice(1).map((p) => p.endsNear.index);
    expect(new Set(ends).size).toBe(1);
    expect(analyseStability(letterPatterns(LETTERS)).stable).toBe(0);
  });
});

describe('checkerboard and stripes', () => {
  it('the checkerboard alternates and is orthogonal to stripes on an even grid', () => {
    const cb = checkerboard(4);
    expect(patternToRows(cb, 4)).toEqual(['#.#.', '.#.#', '#.#.', '.#.#']);
    expect(overlapOf(checkerboard(10), stripes(10, 10, 'horizontal'))).toBe(0);
    expect(overlapOf(checkerboard(10), stripes(10, 10, 'vertical', 2))).toBe(0);
    expect(patternToRows(stripes(4, 4, 'vertical', 2), 4)).toEqual(['##..', '##..', '##..', '##..']);
  });
  it('has overlap ≈ 0 with random patterns: mean 0 and mean square 1/N (400 patterns at N = 100; 4σ bounds)', () => {
    const cb = checkerboard(10);
    const random = createRandom(21);
    const set = randomPatterns(100, 400, random);
    let sum = 0;
    let squares = 0;
    for (let mu = 0; mu < 400; mu++) {
      const m = overlapOf(cb, patternOf(set, mu));
      sum += m;
      squares += m * m;
    }
    // The mean of 400 overlaps has SD 1/√(400 · 100) = 0.005; the mean square's relative SD is √(2/400) ≈ 7 %.
    expect(Math.abs(sum / 400)).toBeLessThan(0.02);
    expect((squares / 400) * 100).toBeGreaterThan(1 - 4 * 0.071);
    expect((squares / 400) * 100).toBeLessThan(1 + 4 * 0.071);
  });
  it('stored among random patterns at low load, the checkerboard is retrieved from a cue with 20 % of its units flipped', () => {
    const random = createRandom(8);
    const set = checkerboardAmongRandom(10, 5, random);
    expect(patternOf(set, 0)).toEqual(checkerboard(10));
    const net = createHopfield(set, corrupt(checkerboard(10), 0.2, random));
    const result = recall(net, 'sync', 50);
    expect(result.end).toBe('fixed-point');
    expect(overlaps(net)[0]).toBe(1);
  });
});

describe('drawn patterns and similarity', () => {
  it('rows round-trip, and bad drawings are refused with a sentence', () => {
    const rows = ['#..#', '.##.', '.##.', '#..#'];
    expect(patternToRows(patternFromRows(rows), 4)).toEqual(rows);
    expect(() => patternFromRows(['#.', '#'])).toThrow(/Row 2 has 1 cells/);
    expect(() => patternFromRows(['#x'])).toThrow(/cell 2 is "x"/);
  });
  it('a stored drawing is appended after the others', () => {
    const set = letterPatterns('AB');
    const mine = appendPattern(set, checkerboard(10));
    expect(mine.count).toBe(3);
    expect(patternOf(mine, 2)).toEqual(checkerboard(10));
    expect(() => appendPattern(set, checkerboard(4))).toThrow(/16 units/);
    expect(combinePatterns(100, [letterPattern('A'), letterPattern('B')]).data).toEqual(set.data);
  });
  it('mostSimilar finds the nearest pattern or inverse, with the Hamming distance N(1 − |m|)/2', () => {
    const set = letterPatterns('AOX');
    const cue = corrupt(letterPattern('O'), 0.1, createRandom(2));
    expect(mostSimilar(set, cue)).toMatchObject({ index: 1, inverse: false, distance: 10 });
    const inverse = letterPattern('X').map((v) => -v);
    expect(classifyState(set, Int8Array.from(inverse))).toMatchObject({ index: 2, kind: 'inverse', overlap: -1 });
    expect(classifyState(set, cue).kind).toBe('spurious');
    expect(classifyState(set, cue, 0.25).kind).toBe('pattern');
  });
  it('the 3-mixture of random patterns overlaps each by about ½ and is a spurious attractor at low load', () => {
    const set = randomPatterns(1000, 3, createRandom(4));
    const mix = mixtureState(set, [0, 1, 2]);
    const net = createHopfield(set, mix);
    recall(net, 'async', 50, createRandom(5));
    // E m = ½ exactly (only units where the three agree or two agree count); SD about 1/√N ≈ 0.03.
    for (const m of overlaps(net)) expect(Math.abs(m - 0.5)).toBeLessThan(0.1);
    expect(classifyState(set, net.state, 0.1).kind).toBe('spurious');
    expect(() => mixtureState(set, [0, 1])).toThrow(/odd number/);
  });
});

describe('inverse patterns', () => {
  it('−p is a fixed point whenever p is, with the same energy', () => {
    const set = letterPatterns('ABC');
    for (let mu = 0; mu < 3; mu++) {
      const p = createHopfield(set, patternOf(set, mu));
      const minus = createHopfield(set, Int8Array.from(patternOf(set, mu), (v) => -v));
      expect(energy(minus)).toBe(energy(p));
      expect(step(minus, { mode: 'sync' })).toBe(0);
    }
  });
  it('with one stored pattern, flipping fewer than half the units retrieves p and more than half retrieves −p (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (side, fraction, seed) => {
        const n = side * side;
        const random = createRandom(seed);
        const set = randomPatterns(n, 1, random);
        const flips = Math.round(fraction * n);
        fc.pre(2 * flips !== n);
        const net = createHopfield(set, corrupt(patternOf(set, 0), fraction, random));
        const result = recall(net, 'sync', 5);
        expect(result.end).toBe('fixed-point');
        expect(overlaps(net)[0]).toBe(2 * flips < n ? 1 : -1);
      }),
      { seed: 10, numRuns: 200 },
    );
  });
  it('with five random patterns at N = 400, a cue with 70 % flipped falls into the inverse', () => {
    const random = createRandom(12);
    const set = randomPatterns(400, 5, random);
    const net = createHopfield(set, corrupt(patternOf(set, 2), 0.7, random));
    recall(net, 'async', 50, random);
    expect(classifyState(set, net.state)).toMatchObject({ index: 2, kind: 'inverse' });
  });
  it('the 4 × 4 network with one pattern: k flipped units (of 16) give p for k < 8, −p for k > 8, and a 2-cycle at k = 8 (sync)', () => {
    const p = patternFromRows(['##..', '##..', '..##', '..##']);
    const set = createPatternSet(16, 1, p);
    for (let k = 0; k <= 16; k++) {
      const net = createHopfield(set, corrupt(p, k / 16, createRandom(k)));
      const result = recall(net, 'sync', 10);
      if (k === 8) expect(result.end, `k = ${k}`).toBe('two-cycle');
      else {
        expect(result.end, `k = ${k}`).toBe('fixed-point');
        expect(overlaps(net)[0], `k = ${k}`).toBe(k < 8 ? 1 : -1);
        // One step suffices: every field points along ±p already.
        expect(result.steps, `k = ${k}`).toBeLessThanOrEqual(2);
      }
    }
  });
});

describe('the weight histogram', () => {
  it('one pattern: exactly two values ±1/N, with n₊(n₊ − 1) + n₋(n₋ − 1) and 2 n₊ n₋ weights', () => {
    const p = letterPattern('A');
    const h = weightHistogram(createPatternSet(100, 1, p));
    expect(Array.from(h.values)).toEqual([0.01, -0.01]);
    const { plus, minus } = onePatternWeightCounts(p);
    expect(Array.from(h.counts)).toEqual([plus, minus]);
    expect(plus + minus).toBe(100 * 99);
  });
  it('equals counting the entries of the full weight matrix (property, random sets)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (n, count, seed) => {
        const set = randomPatterns(n, count, createRandom(seed));
        const w = hebbianWeights(set);
        const h = weightHistogram(set);
        const counted = new Map<number, number>();
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) counted.set(w[i * n + j]!, (counted.get(w[i * n + j]!) ?? 0) + 1);
        for (let k = 0; k <= count; k++) expect(h.counts[k]).toBe(counted.get(h.values[k]!) ?? 0);
      }),
      { seed: 3, numRuns: 100 },
    );
  });
  it('the full matrix of an exhaustive set (N = 2^P units running through every sign vector) equals the binomial theory exactly', () => {
    for (const count of [1, 2, 3, 5, 8]) {
      const n = 1 << count;
      const data = new Int8Array(n * count);
      for (let i = 0; i < n; i++) for (let mu = 0; mu < count; mu++) data[mu * n + i] = (i >> mu) & 1 ? 1 : -1;
      const h = weightHistogram(createPatternSet(n, count, data), { diagonal: true });
      const theory = weightTheory(n, count, n * n);
      expect(h.total).toBe(n * n);
      for (let k = 0; k <= count; k++) {
        expect(h.counts[k]).toBe(n * choose(count, k));
        expect(h.counts[k]).toBe(theory.expected[k]);
      }
    }
  });
  it('averaged over every possible pattern set (N = 3, P = 3: all 2^9 sets), the off-diagonal counts equal the binomial exactly', () => {
    const n = 3;
    const count = 3;
    const sum = new Float64Array(count + 1);
    for (let bits = 0; bits < 1 << (n * count); bits++) {
      const data = Int8Array.from({ length: n * count }, (_, k) => ((bits >> k) & 1 ? 1 : -1));
      const h = weightHistogram(createPatternSet(n, count, data));
      for (let k = 0; k <= count; k++) sum[k] = sum[k]! + h.counts[k]!;
    }
    const theory = weightTheory(n, count);
    for (let k = 0; k <= count; k++) expect(sum[k]! / (1 << (n * count))).toBe(theory.expected[k]);
  });
  it('binomialHalf is C(P, k)/2^P and sums to 1, also for large P', () => {
    expect(Array.from(binomialHalf(4))).toEqual([1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16]);
    const big = binomialHalf(1000);
    expect(big.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(big[0]).toBeGreaterThan(0);
  });
  it('random patterns at N = 400, P = 10: mean ≈ 0 and variance ≈ P/N² (the pairs are weakly dependent; 5 % allowed)', () => {
    const set = randomPatterns(400, 10, createRandom(31));
    const { mean, variance } = histogramMoments(weightHistogram(set));
    const theory = weightTheory(400, 10);
    expect(Math.abs(mean)).toBeLessThan(0.05 * Math.sqrt(theory.variance));
    expect(variance / theory.variance).toBeGreaterThan(0.95);
    expect(variance / theory.variance).toBeLessThan(1.05);
  });
  it('refuses sizes it cannot count', () => {
    expect(() => weightHistogram({ n: 5000, count: 1, data: new Int8Array(5000).fill(1) })).toThrow(/4096/);
    expect(() => binomialHalf(-1)).toThrow(/whole number/);
  });
});

describe('the parameter registry', () => {
  it('every default lies in its range on its step', () => {
    for (const spec of hopfieldParams) {
      expect(spec.default).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default).toBeLessThanOrEqual(spec.max);
      expect(Number.isInteger((spec.default - spec.min) / spec.step)).toBe(true);
    }
  });
});
