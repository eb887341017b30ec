/**
 * Presynaptic spike trains against their definitions: regular trains spike exactly on their grid;
 * Poisson trains are reproducible from the seed and have the statistics of a Poisson process (count
 * λT, exponential ISIs with CV 1, independent trains). Statistical checks allow 5 standard errors,
 * computed from the Poisson process itself; with fixed seeds they are deterministic, and a correct
 * generator would fail one of them with probability below 1e-6 for any other seed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../../engine/random/rng.ts';
import {
  deriveSeed,
  mergeTrains,
  poissonTrain,
  poissonTrains,
  populationTrain,
  regularTrain,
  regularTrains,
} from '../../engine/stimuli/spike-trains.ts';

const isSortedWithin = (train: Float64Array, start: number, end: number): boolean =>
  train.every((t, i) => t >= start && t < end && (i === 0 || t >= train[i - 1]!));

describe('regular trains', () => {
  it.each([
    // 50 Hz is a 20 ms period; a quarter-period phase puts the first spike 5 ms after the start.
    ['phase ¼ of a 20 ms period', { rate: 50, start: 10, end: 100, phase: 0.25 }, [15, 35, 55, 75, 95]],
    // The end is exclusive: a spike due exactly at 100 ms is not in [0, 100).
    ['end excluded', { rate: 50, start: 0, end: 100 }, [0, 20, 40, 60, 80]],
    // 3 Hz does not divide 1000 ms: times are k·333.33… ms, computed by multiplication, not summation.
    ['non-integer period', { rate: 3, start: 0, end: 1000 }, [0, 1000 / 3, 2000 / 3]],
    ['rate 0 is silent', { rate: 0, start: 0, end: 1000 }, []],
    ['empty window', { rate: 100, start: 5, end: 5 }, []],
  ])('%s', (_name, window, expected) => {
    expect(Array.from(regularTrain(window))).toEqual(expected);
  });

  it('rejects a phase outside [0, 1) and a negative rate', () => {
    expect(() => regularTrain({ rate: 10, start: 0, end: 100, phase: 1 })).toThrow(RangeError);
    expect(() => regularTrain({ rate: -1, start: 0, end: 100 })).toThrow(RangeError);
  });

  it('staggered trains of n neurons at ν merge into one regular train at n·ν', () => {
    const merged = mergeTrains(regularTrains(4, { rate: 10, start: 0, end: 1000 }));
    const single = regularTrain({ rate: 40, start: 0, end: 1000 });
    expect(merged.length).toBe(single.length);
    // Both are k·25 ms, reached by different products of rounded numbers: equal to 1e-12 ms.
    merged.forEach((t, k) => expect(Math.abs(t - single[k]!)).toBeLessThan(1e-12));
  });
});

describe('Poisson trains', () => {
  const window = { rate: 20, start: 0, end: 1_000_000 };
  const train = poissonTrain(window, createRandom(7));
  const expectedCount = (window.rate / 1000) * (window.end - window.start);
  const isi = Array.from(train, (t, i) => t - (i === 0 ? window.start : train[i - 1]!));
  const n = isi.length;
  const meanIsi = isi.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(isi.reduce((a, b) => a + (b - meanIsi) ** 2, 0) / (n - 1));

  it('are sorted and inside their window', () => {
    expect(isSortedWithin(train, window.start, window.end)).toBe(true);
  });

  it('are reproducible from the seed, and different seeds differ', () => {
    const again = poissonTrain({ rate: 20, start: 0, end: 10_000 }, createRandom(3));
    expect(again).toEqual(poissonTrain({ rate: 20, start: 0, end: 10_000 }, createRandom(3)));
    const other = poissonTrain({ rate: 20, start: 0, end: 10_000 }, createRandom(4));
    expect(other).not.toEqual(again);
  });

  it('count λT spikes: within 5 standard errors √(λT)', () => {
    // λT = 20 000 spikes; the count is Poisson, SD √20000 ≈ 141, so 5 SE ≈ 0.35 % of the count.
    expect(Math.abs(train.length - expectedCount)).toBeLessThan(5 * Math.sqrt(expectedCount));
  });

  it('have mean ISI 1000/ν ms within 5 standard errors (1000/ν)/√n', () => {
    expect(Math.abs(meanIsi - 1000 / window.rate)).toBeLessThan((5 * (1000 / window.rate)) / Math.sqrt(n));
  });

  it('have ISI CV 1 within 5 standard errors 1/√n', () => {
    // For exponential intervals the delta method gives Var(CV̂) ≈ (μ4/μ² − 1)/4n + 1/n − μ3/(μ·σ²·n)
    // = (8/4 + 1 − 2)/n = 1/n, so SE = 1/√n ≈ 0.007 for n ≈ 20 000.
    expect(Math.abs(sd / meanIsi - 1)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('have exponential ISIs: a fraction e^−1 exceeds the mean, within 5 binomial standard errors', () => {
    const p = Math.exp(-1);
    const above = isi.filter((x) => x > 1000 / window.rate).length / n;
    expect(Math.abs(above - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('stay inside a window that starts later than 0', () => {
    const late = poissonTrain({ rate: 50, start: 250, end: 750 }, createRandom(11));
    expect(isSortedWithin(late, 250, 750)).toBe(true);
    expect(late.length).toBeGreaterThan(0);
  });
});

describe('several independent trains from one seed', () => {
  const window = { rate: 10, start: 0, end: 200_000 };
  const trains = poissonTrains(5, window, 42);

  it('give train i from deriveSeed(seed, i), independent of how many trains are drawn', () => {
    expect(poissonTrains(2, window, 42)[1]).toEqual(trains[1]);
    expect(trains[3]).toEqual(poissonTrain(window, createRandom(deriveSeed(42, 3))));
  });

  it('are different from each other and from a neighbouring seed’s trains', () => {
    for (let i = 0; i < trains.length; i++) for (let j = 0; j < i; j++) expect(trains[i]).not.toEqual(trains[j]);
    // With seed + index, train 1 of seed 42 would be train 0 of seed 43; the hash avoids that.
    expect(poissonTrains(1, window, 43)[0]).not.toEqual(trains[1]);
  });

  it('have uncorrelated counts in 100 ms bins: |r| below 5/√bins', () => {
    const bins = 2000;
    const counts = (train: Float64Array): Float64Array => {
      const c = new Float64Array(bins);
      for (const t of train) c[Math.floor(t / 100)]! += 1;
      return c;
    };
    const a = counts(trains[0]!);
    const b = counts(trains[1]!);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    a.forEach((_, k) => {
      sab += (a[k]! - ma) * (b[k]! - mb);
      saa += (a[k]! - ma) ** 2;
      sbb += (b[k]! - mb) ** 2;
    });
    // Under independence the sample correlation has standard error 1/√bins.
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThan(5 / Math.sqrt(bins));
  });

  it('merge into one sorted train at n·ν (a Poisson process of the summed rate)', () => {
    const merged = mergeTrains(trains);
    expect(merged.length).toBe(trains.reduce((s, t) => s + t.length, 0));
    expect(isSortedWithin(merged, window.start, window.end)).toBe(true);
    const expected = ((5 * window.rate) / 1000) * window.end;
    expect(Math.abs(merged.length - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it('derive seeds deterministically, inside [0, 2^31), distinct for neighbouring (seed, index) pairs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 10_000 }), (seed, index) => {
        const derived = deriveSeed(seed, index);
        expect(derived).toBe(deriveSeed(seed, index));
        expect(Number.isInteger(derived) && derived >= 0 && derived < 2 ** 31).toBe(true);
        expect(derived).not.toBe(deriveSeed(seed + 1, index));
        expect(derived).not.toBe(deriveSeed(seed, index + 1));
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});

describe('population trains', () => {
  it('are the merged Poisson trains of the population, or its staggered regular trains', () => {
    const window = { rate: 5, start: 0, end: 10_000 };
    expect(populationTrain(3, window, true, 9)).toEqual(mergeTrains(poissonTrains(3, window, 9)));
    expect(populationTrain(3, window, false, 9)).toEqual(mergeTrains(regularTrains(3, window)));
    expect(populationTrain(0, window, true, 9).length).toBe(0);
  });

  it('need a whole number of neurons', () => {
    expect(() => populationTrain(2.5, { rate: 5, start: 0, end: 100 }, true, 1)).toThrow(RangeError);
  });
});
