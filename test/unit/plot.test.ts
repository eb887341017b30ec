/**
 * The SVG path text of a line series: printed from integers for speed (widgets/lib/plot.ts), it must be the text
 * the plain template printed, character for character, so no plot moves by a hundredth of a pixel. The min–max
 * decimation before it picks the same points as its first, plainer version (three picks sorted per bucket).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimate } from '../../widgets/lib/decimate.ts';
import { linePath, scaledPath } from '../../widgets/lib/plot.ts';

const plain = (v: number): string => String(Math.round(v * 100) / 100);

const coordinate = fc.oneof(
  fc.double({ min: -5000, max: 5000, noNaN: true }),
  fc.integer({ min: -500_000, max: 500_000 }).map((k) => k / 100),
  fc.constantFrom(0, -0, 0.005, -0.005, 0.015, -0.015, 0.1, 0.05, -0.05, 1e-9, -1e-9, 99.995, 123.455, 2 ** 31, 1e15, 4.5e13, -1e20, 1e300),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

describe("a path's numbers", () => {
  it('print as String(Math.round(v * 100) / 100) for pixels, tenths, negatives, signed zeros and the far off-scale', () => {
    fc.assert(
      fc.property(coordinate, coordinate, (u, v) => {
        expect(linePath([[u, v]])).toBe(`M${plain(u)},${plain(v)}`);
      }),
      { seed: 20261206, numRuns: 20_000 },
    );
  });
});

describe('linePath', () => {
  const reference = (points: readonly (readonly [number, number])[]): string => {
    let d = '';
    let penDown = false;
    for (const [px, py] of points) {
      if (!(Number.isFinite(px) && Number.isFinite(py))) {
        penDown = false;
        continue;
      }
      d += `${penDown ? 'L' : 'M'}${plain(px)},${plain(py)}`;
      penDown = true;
    }
    return d;
  };

  it('is the template-printed path, gaps (non-finite points) lifting the pen', () => {
    const point = fc.tuple(fc.oneof(coordinate, fc.constantFrom(Number.NaN, Infinity, -Infinity)), coordinate);
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (points) => {
        expect(linePath(points)).toBe(reference(points));
      }),
      { seed: 7, numRuns: 2000 },
    );
    expect(linePath([[0, 1], [Number.NaN, 2], [2.5, -3.456], [3, 4]])).toBe('M0,1M2.5,-3.46L3,4');
  });

  it('writes paths longer than its buffer, and a short one after them, each as the template prints it', () => {
    // The text is written into one reused byte buffer (32 kB at first, 630 vertices): a long path grows it.
    const long = Array.from({ length: 5000 }, (_, i): [number, number] => [i * 0.173 - 40, i % 97 === 0 ? Number.NaN : -1e6 + i * 123.4567]);
    expect(linePath(long)).toBe(reference(long));
    const short: [number, number][] = [[1.005, -0.004], [1e300, 2]];
    expect(linePath(short)).toBe(reference(short));
    expect(linePath([])).toBe('');
  });

  it('scaledPath is linePath of the points mapped through the scales', () => {
    const sx = (v: number) => 3 * v - 7.25;
    const sy = (v: number) => 400 - v / 1.7;
    const value = fc.oneof(coordinate, fc.constantFrom(Number.NaN, Infinity));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 40 }), (pairs) => {
        const xs = Float64Array.from(pairs, (p) => p[0]);
        const ys = pairs.map((p) => p[1]);
        expect(scaledPath(xs, ys, sx, sy)).toBe(linePath(pairs.map(([a, b]): [number, number] => [sx(a), sy(b)])));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe('decimate', () => {
  // The first version: per bucket, its first point and extremes, de-duplicated and sorted.
  const reference = (xs: number[], ys: number[], buckets: number) => {
    const n = Math.min(xs.length, ys.length);
    if (n <= buckets * 4) return { x: xs.slice(0, n), y: ys.slice(0, n) };
    const x: number[] = [];
    const y: number[] = [];
    const size = n / buckets;
    for (let b = 0; b < buckets; b++) {
      const start = Math.floor(b * size);
      const end = Math.min(n, Math.floor((b + 1) * size));
      let lo = start;
      let hi = start;
      for (let i = start; i < end; i++) {
        if (ys[i]! < ys[lo]!) lo = i;
        if (ys[i]! > ys[hi]!) hi = i;
      }
      for (const i of [start, lo, hi].filter((v, i, all) => all.indexOf(v) === i).sort((a, c) => a - c)) {
        x.push(xs[i]!);
        y.push(ys[i]!);
      }
    }
    x.push(xs[n - 1]!);
    y.push(ys[n - 1]!);
    return { x, y };
  };

  it('keeps the same points as the plain version, flat runs and ties included', () => {
    const series = fc.integer({ min: 1, max: 400 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, 1, -1)), { minLength: n, maxLength: n }), fc.integer({ min: 1, max: 60 })),
    );
    fc.assert(
      fc.property(series, ([n, ys, buckets]) => {
        const xs = Array.from({ length: n }, (_, i) => i * 0.1);
        const { x, y } = decimate(xs, ys, buckets);
        expect({ x: Array.from(x), y: Array.from(y) }).toEqual(reference(xs, ys, buckets));
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});
