import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom, randomPermutation } from '../../engine/index.ts';

describe('seeded random source', () => {
  it('gives the same stream for the same seed (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        for (let i = 0; i < 50; i++) {
          expect(a.uniform()).toBe(b.uniform());
          expect(a.normal()).toBe(b.normal());
        }
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = createRandom(1);
    const b = createRandom(2);
    const same = Array.from({ length: 1000 }, () => a.uniform() === b.uniform()).filter(Boolean).length;
    expect(same).toBe(0);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = createRandom(42);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // Five standard errors (SD of a uniform is 0.289; of u² about 0.298).
    expect(Math.abs(mean - 0.5)).toBeLessThan((5 * 0.289) / Math.sqrt(n));
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan((5 * 0.298) / Math.sqrt(n));
  });

  it('draws normals with mean 0, variance 1 and the right tail mass', () => {
    const random = createRandom(7);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      sumSq += x * x;
      if (Math.abs(x) > 2) beyond2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan((5 * Math.SQRT2) / Math.sqrt(n));
    // P(|X| > 2) = 0.0455003; binomial standard error √(p(1−p)/n) ≈ 4.7e-4.
    expect(Math.abs(beyond2 / n - 0.0455003)).toBeLessThan(5 * 4.7e-4);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createRandom(1.5)).toThrow(/integer/);
  });
});

describe('randomPermutation', () => {
  it('is a permutation, reproducible from the seed', () => {
    const a = randomPermutation(new Int32Array(1000), createRandom(5));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(randomPermutation(new Int32Array(1000), createRandom(5))).toEqual(a);
  });
  it('puts each element in each place equally often (3 elements, 60,000 draws: each of 6 orders within 5 SD of 1/6)', () => {
    const random = createRandom(11);
    const counts = new Map<string, number>();
    const order = new Int32Array(3);
    for (let k = 0; k < 60_000; k++) {
      const key = randomPermutation(order, random).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const sd = Math.sqrt((60_000 * (1 / 6) * (5 / 6)));
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(5 * sd);
  });
});
