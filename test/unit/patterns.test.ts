/**
 * Firing-pattern analysis: the adaptation index and local variation against hand-computed values, the
 * classifier on synthetic trains built to have one property each, and on every converged spike train of
 * the reference file test/reference/adex.json (Naud et al. 2008 patterns), named as the reference names them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adaptationIndex, classifyFiring, druckmannSkip, localVariation } from '../../engine/analysis/patterns.ts';
import { createRandom } from '../../engine/random/rng.ts';

/** Spike times from a first-spike latency and a list of intervals. */
function train(latency: number, intervals: readonly number[]): number[] {
  const spikes = [latency];
  for (const isi of intervals) spikes.push(spikes.at(-1)! + isi);
  return spikes;
}
const repeat = <T,>(values: readonly T[], times: number): T[] => Array.from({ length: times }, () => values).flat();

describe('adaptation index', () => {
  it('is 0 for a clock, 1/3 when every interval doubles, -1/3 when every interval halves', () => {
    expect(adaptationIndex(train(5, repeat([10], 10)))).toBe(0);
    // (2x - x) / (2x + x) = 1/3 for every pair.
    expect(adaptationIndex(train(5, [1, 2, 4, 8, 16]))).toBeCloseTo(1 / 3, 14);
    expect(adaptationIndex(train(5, [16, 8, 4, 2, 1]))).toBeCloseTo(-1 / 3, 14);
  });

  it('skips onset intervals on request (Druckmann et al. 2007: k = min(4, ⌊n/5⌋))', () => {
    // Intervals 1, 10, 10, 10: only the first pair adapts; skipping one interval leaves a clock.
    expect(adaptationIndex(train(0, [1, 10, 10, 10]))).toBeCloseTo(9 / 11 / 3, 14);
    expect(adaptationIndex(train(0, [1, 10, 10, 10]), 1)).toBe(0);
    expect([4, 9, 10, 24, 100].map(druckmannSkip)).toEqual([0, 1, 2, 4, 4]);
  });

  it('is NaN with fewer than two intervals', () => {
    expect(adaptationIndex([1, 2])).toBeNaN();
  });
});

describe('local variation (Shinomoto et al. 2003)', () => {
  it('is 0 for a clock and 3 ((1 - 3)/(1 + 3))^2 = 0.75 for intervals alternating 1, 3', () => {
    expect(localVariation(repeat([7], 5))).toBe(0);
    expect(localVariation(repeat([1, 3], 5))).toBeCloseTo(0.75, 14);
  });

  it('is about 1 for a Poisson train (exponential intervals)', () => {
    const random = createRandom(20261122);
    const intervals = Array.from({ length: 20000 }, () => -Math.log(1 - random.uniform()));
    // Standard error of the mean of 20000 correlated terms: about 0.01; we allow 0.05.
    expect(Math.abs(localVariation(intervals) - 1)).toBeLessThan(0.05);
  });
});

describe('classifier on synthetic trains, one property each', () => {
  const window = { start: 0, end: 500 };
  const random = createRandom(7);
  const cases: [string, number[], string][] = [
    ['no spikes', [], 'silent'],
    ['a clock from 10 ms', train(10, repeat([20], 24)), 'tonic'],
    ['intervals growing 10 % each (10 → 61 ms)', train(10, Array.from({ length: 19 }, (_, k) => 10 * 1.1 ** k)), 'adapting'],
    ['intervals shrinking from 30 to 12 ms', train(20, Array.from({ length: 25 }, (_, k) => 30 - 0.75 * k)), 'accelerating'],
    ['bursts of 4 spikes (3 ms apart) every 60 ms', train(10, repeat([3, 3, 3, 51], 8)), 'bursting'],
    ['3 spikes 4 ms apart, then a clock of 40 ms', train(5, [4, 4, ...repeat([40], 11)]), 'initial burst'],
    ['two spikes at onset, then nothing', [12, 20], 'transient'],
    ['first spike at 100 ms, then a clock of 20 ms', train(100, repeat([20], 19)), 'delayed tonic'],
    ['Poisson-like intervals, mean 20 ms (seeded)', train(10, Array.from({ length: 23 }, () => 2 + 18 * -Math.log(1 - random.uniform()))), 'irregular'],
  ];
  it.each(cases)('%s → %s', (_label, spikes, name) => {
    expect(classifyFiring(spikes, window).name).toBe(name);
  });

  it('ignores spikes outside the stimulus window', () => {
    expect(classifyFiring([-5, 600, 700], window).name).toBe('silent');
  });

  it('calls an onset later than 5 membrane time constants delayed when tauM is given', () => {
    // Latency 60 ms with a 40 ms clock is prompt by the interval test (< 2 intervals) ...
    const spikes = train(60, repeat([40], 10));
    expect(classifyFiring(spikes, window).name).toBe('tonic');
    // ... but 60 ms is 6 time constants of a 10 ms membrane: passive charging is long over.
    expect(classifyFiring(spikes, { ...window, tauM: 10 }).name).toBe('delayed tonic');
    expect(classifyFiring(spikes, { ...window, tauM: 20 }).name).toBe('tonic');
  });
});

describe('classifier on the converged reference spike trains (adex.json)', () => {
  interface Scenario {
    id: string;
    model: string;
    stimulus: { segments: { t_start: number; t_end: number }[] };
    results: { converged: { spike_times_ms: number[] } };
  }
  const reference = JSON.parse(readFileSync(new URL('../reference/adex.json', import.meta.url), 'utf8')) as { scenarios: Scenario[] };
  // The reference's pattern names and ours. The 350 pA variant of 'transient spiking' fires three fast spikes
  // and then every 83 ms (reference README, disagreement 4): an initial burst, not a transient.
  const names: Record<string, string> = {
    'tonic spiking': 'tonic',
    adaptation: 'adapting',
    'initial burst': 'initial burst',
    'regular bursting': 'bursting',
    'delayed accelerating': 'delayed accelerating',
    'delayed regular bursting': 'delayed bursting',
    'transient spiking': 'transient',
    'irregular spiking': 'irregular',
    'transient spiking I350 variant': 'initial burst',
  };
  const cases = reference.scenarios.map((s) => [s.id, /firing pattern '([^']+)'/.exec(s.model)![1]!, s] as const);

  it.each(cases)('%s (%s)', (_id, pattern, s) => {
    const segment = s.stimulus.segments[0]!;
    // Without tauM: the spike times and the step alone decide every one of the nine.
    expect(classifyFiring(s.results.converged.spike_times_ms, { start: segment.t_start, end: segment.t_end }).name).toBe(names[pattern]);
  });
});
