/**
 * The comparisons the validation page shows (validation/comparisons.ts): every measured error within its
 * tolerance. The page runs the same measure() at build time, so what it prints is what this test enforces.
 */
import { describe, expect, it } from 'vitest';
import { comparisons, tolerance } from '../../validation/comparisons.ts';
import { formatNumber, groupByModel, measureAll } from '../../validation/results.ts';

describe('the list', () => {
  it('has unique ids, a positive or zero tolerance, a sentence of why, and a lesson for each entry', () => {
    expect(new Set(comparisons.map((c) => c.id)).size).toBe(comparisons.length);
    for (const c of comparisons) {
      expect(c.id).toMatch(/^[a-z0-9.-]+$/);
      expect(c.tolerance).toBeGreaterThanOrEqual(0);
      expect(c.why).toMatch(/\.$/);
      expect(c.lesson).toMatch(/^\d\d-[a-z-]+$/);
    }
  });

  it('covers every file of the reference set', () => {
    const files = new Set(comparisons.map((c) => c.reference.file));
    for (const file of ['lif.json', 'hh.json', 'adex.json', 'fhn.json', 'izh2004_features.json', 'bcm.json', 'hopfield.json', 'izh2003_network.json', 'ik_meanfield.json']) {
      expect(files).toContain(file);
    }
  });

  it('tolerance(id) finds an entry and refuses an unknown id', () => {
    expect(tolerance('lif-euler-isi')).toBe(0.25);
    expect(() => tolerance('no-such-comparison')).toThrow(/No comparison/);
  });
});

describe.each(comparisons.map((c) => [c.id, c] as const))('%s', (_id, comparison) => {
  it(`${comparison.metric} within ${comparison.tolerance} ${comparison.unit}`, () => {
    const error = comparison.measure();
    expect(error).toBeGreaterThanOrEqual(0);
    expect(error).toBeLessThanOrEqual(comparison.tolerance);
  });
});

describe('the page’s helpers', () => {
  it('report a throwing or mismatched comparison as failing, with a reason, and group by model', () => {
    const base = { model: 'M', lesson: '01-x', reference: { file: 'f', what: 'w' }, quantity: 'q', metric: 'm', unit: '1', why: 'y.' };
    const outcomes = measureAll([
      { ...base, id: 'a', tolerance: 1, measure: () => 0.5 },
      { ...base, id: 'b', tolerance: 1, measure: () => Number.POSITIVE_INFINITY },
      { ...base, id: 'c', model: 'N', tolerance: 1, measure: () => { throw new Error('boom'); } },
    ]);
    expect(outcomes.map((o) => o.passed)).toEqual([true, false, false]);
    expect(outcomes[1]!.problem).toMatch(/spike counts differ/);
    expect(outcomes[2]!.problem).toMatch(/boom/);
    expect(groupByModel(outcomes).map((g) => [g.model, g.outcomes.length])).toEqual([['M', 2], ['N', 1]]);
  });

  it.each([
    [0, '0'],
    [0.25, '0.25'],
    [1.5, '1.5'],
    [0.0123, '0.012'],
    [3.2e-6, '3.2 × 10⁻⁶'],
    [1e-9, '1 × 10⁻⁹'],
    [25000, '2.5 × 10⁴'],
    [-0.5, '−0.5'],
    [Number.POSITIVE_INFINITY, '∞'],
  ])('formats %s as %s', (x, text) => {
    expect(formatNumber(x)).toBe(text);
  });
});
