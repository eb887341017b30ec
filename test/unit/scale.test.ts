/**
 * The plots' scales (widgets/lib/scale.ts) against d3-scale 4, which they replace in the browser and which
 * stays a dev dependency for this comparison. The arithmetic is d3's, step for step, so pixels, nice domains,
 * ticks and labels must agree exactly: any difference is a transcription error, not rounding.
 */
import { scaleLinear as d3Linear, scaleLog as d3Log } from 'd3-scale';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTick, scaleLinear, scaleLog } from '../../widgets/lib/scale.ts';

const SEED = 20261205;
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
// Domains as widgets make them: spans from 1e-6 to 1e6 at offsets up to ±1e5, either orientation.
const domain = fc
  .tuple(finite(-1e5, 1e5), fc.double({ min: -6, max: 6, noNaN: true }), fc.boolean())
  .map(([start, logSpan, reversed]): [number, number] => (reversed ? [start + 10 ** logSpan, start] : [start, start + 10 ** logSpan]));
const range = fc.tuple(finite(0, 2000), finite(0, 2000));
const count = fc.integer({ min: 2, max: 12 });

describe('linear scale, against d3-scale', () => {
  it('maps and inverts to the same numbers', () => {
    fc.assert(
      fc.property(domain, range, finite(-2e5, 2e5), (d, r, value) => {
        const ours = scaleLinear().domain(d).range(r);
        const theirs = d3Linear().domain(d).range(r);
        expect(ours(value)).toBe(theirs(value));
        expect(ours.invert(r[0] + 0.37 * (r[1] - r[0]))).toBe(theirs.invert(r[0] + 0.37 * (r[1] - r[0])));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('makes the same nice domain, ticks and tick labels', () => {
    fc.assert(
      fc.property(domain, count, count, (d, niceCount, tickCount) => {
        const ours = scaleLinear().domain(d).nice(niceCount);
        const theirs = d3Linear().domain(d).nice(niceCount);
        expect(ours.domain()).toEqual(theirs.domain());
        expect(ours.ticks(tickCount)).toEqual(theirs.ticks(tickCount));
        const label = ours.tickFormat(tickCount);
        const d3Label = theirs.tickFormat(tickCount);
        for (const tick of theirs.ticks(tickCount)) expect(label(tick)).toBe(d3Label(tick));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('labels with a true minus, grouped thousands, and no sign on a rounded zero', () => {
    expect(formatTick(-12345.5, 1)).toBe('\u221212,345.5');
    expect(formatTick(-0.0001, 2)).toBe('0.00');
    expect(formatTick(1000000, 0)).toBe('1,000,000');
    expect(scaleLinear().domain([-65, -40]).tickFormat(5)(-50)).toBe('\u221250');
  });

  it('copies domain and range into an independent scale', () => {
    const original = scaleLinear().domain([0, 10]).range([0, 100]);
    const copy = original.copy();
    original.domain([0, 20]);
    expect(copy(5)).toBe(50);
    expect(copy.ticks(2)).toEqual([0, 5, 10]);
    expect(original.ticks(2)).toEqual([0, 10, 20]);
  });
});

describe('log scale, against d3-scale', () => {
  const positive = fc
    .tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0.05, max: 8, noNaN: true }))
    .map(([low, decades]): [number, number] => [10 ** low, 10 ** (low + decades)]);

  it('maps, inverts, nices and ticks as d3 does, and labels the same ticks', () => {
    fc.assert(
      fc.property(positive, range, count, (d, r, tickCount) => {
        const ours = scaleLog().domain(d).range(r);
        const theirs = d3Log().domain(d).range(r);
        const inside = Math.sqrt(d[0] * d[1]);
        expect(ours(inside)).toBe(theirs(inside));
        expect(ours.invert(r[0] + 0.3 * (r[1] - r[0]))).toBe(theirs.invert(r[0] + 0.3 * (r[1] - r[0])));
        ours.nice();
        theirs.nice();
        expect(ours.domain()).toEqual(theirs.domain());
        expect(ours.ticks(tickCount)).toEqual(theirs.ticks(tickCount));
        // d3 writes SI prefixes ("100m"); ours plain decimals. Which ticks carry a label must agree.
        const label = ours.tickFormat(tickCount);
        const d3Label = theirs.tickFormat(tickCount);
        for (const tick of theirs.ticks(tickCount)) expect(label(tick) === '').toBe(d3Label(tick) === '');
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('labels in plain decimals', () => {
    const label = scaleLog().domain([0.1, 1000]).tickFormat(10);
    expect([0.1, 1, 10, 1000].map(label)).toEqual(['0.1', '1', '10', '1000']);
  });
});
