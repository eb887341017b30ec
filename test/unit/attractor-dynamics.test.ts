/**
 * Lesson 11's engine: the mean-field overlap m = tanh(βm) against the independent reference
 * (test/reference/hopfield.json, SciPy brentq to double precision), the stochastic network's stationary
 * overlap against that theory, energy traces, and the low-activity network against its full-matrix
 * definition, the Lyapunov theorem and retrieval where the plain rule fails.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHopfield, energy, step } from '../../engine/attractors/hopfield.ts';
import {
  corruptSparse,
  createLowActivity,
  createSparsePatterns,
  lowActivityEnergy,
  lowActivityField,
  lowActivityOverlaps,
  lowActivityRecall,
  lowActivityStep,
  lowActivityWeights,
  sparseCapacityTrend,
  sparseLoadCurve,
  sparsePatternOf,
  sparsePatterns,
  sparseRecall,
} from '../../engine/attractors/low-activity.ts';
import { CRITICAL_BETA, meanFieldCurve, meanFieldGain, meanFieldOverlap } from '../../engine/attractors/mean-field.ts';
import { corrupt, patternOf, randomPatterns } from '../../engine/attractors/patterns.ts';
import { createTemperatureScan, patternEnergy, recallSetup, runTemperatureScan, traceRecall } from '../../engine/attractors/stochastic.ts';
import { tanh } from '../../engine/math/deterministic.ts';
import { createRandom } from '../../engine/random/rng.ts';

const reference = JSON.parse(readFileSync(new URL('../reference/hopfield.json', import.meta.url), 'utf8')) as {
  mean_field_stochastic: { points: { beta: number; m: number }[] };
};

describe('mean field m = tanh(βm)', () => {
  it.each(reference.mean_field_stochastic.points.map((p) => [p.beta, p.m] as const))('β = %s → m = %s (reference, within 1e-9)', (beta, m) => {
    // The reference is brentq at xtol 1e-15; the README's fair tolerance is 1e-9. Measured worst: 2.2e-16.
    expect(Math.abs(meanFieldOverlap(beta) - m)).toBeLessThan(1e-9);
  });

  it('solves the equation to rounding for any β > 1, and m is positive and increasing in β', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.0001, max: 40, noNaN: true }), fc.double({ min: 1.0001, max: 40, noNaN: true }), (b1, b2) => {
        const m = meanFieldOverlap(b1);
        expect(m).toBeGreaterThan(0);
        expect(m).toBeLessThanOrEqual(1);
        // A residual of a few ulps of m: tanh itself is accurate to 4 ulps (deterministic-math test).
        expect(Math.abs(m - tanh(b1 * m))).toBeLessThan(4e-16);
        if (b1 < b2) expect(meanFieldOverlap(b2)).toBeGreaterThanOrEqual(m);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('near the critical point m ≈ √(3(β − 1)) (the pitchfork), and the gain β(1 − m²) is below 1 above it', () => {
    // Expanding tanh to third order: m² = 3(β − 1)/β³ + O((β − 1)²), so the relative error is O(β − 1):
    // measured 6e-5 at β − 1 = 1e-4; allowed 2e-4.
    const beta = 1 + 1e-4;
    const leading = Math.sqrt((3 * (beta - 1)) / (beta * beta * beta));
    expect(Math.abs(meanFieldOverlap(beta) / leading - 1)).toBeLessThan(2e-4);
    expect(CRITICAL_BETA).toBe(1);
    for (const b of [1.1, 1.5, 3]) expect(meanFieldGain(b)).toBeLessThan(1);
    expect(meanFieldGain(0.5)).toBe(0.5);
  });

  it('handles the limits and refuses bad β', () => {
    expect(meanFieldOverlap(0)).toBe(0);
    expect(meanFieldOverlap(1)).toBe(0);
    expect(meanFieldOverlap(Infinity)).toBe(1);
    expect(meanFieldOverlap(100)).toBe(1);
    expect(Array.from(meanFieldCurve([0.5, 2]))).toEqual([0, meanFieldOverlap(2)]);
    expect(() => meanFieldOverlap(-1)).toThrow(/β must be a number ≥ 0/);
    expect(() => meanFieldOverlap(Number.NaN)).toThrow(RangeError);
  });
});

describe('stochastic network against the mean field', () => {
  // N = 3000, P = 1, 2 runs × 300 sweeps after 100 of burn-in. Finite-N effects: the time average has a
  // statistical error of about √(var·2τ/T) with var ≈ (1 − m²)/(N(1 − β(1 − m²))), ≤ 0.002 here, and the
  // overlap is biased low by O(1/N) (fluctuations bend tanh); near β = 1 both grow (critical slowing down,
  // var ∝ 1/(1 − gain)). Measured (seed 3): |error| ≤ 1.2e-3 at every β (β = 0.5: 1.2e-3, 1.5: −1.1e-3,
  // 1.2: −2.4e-4); at N = 1000, P = 3 the bias at β = 1.2 grows to −0.017 because the
  // crosstalk of the other patterns adds field noise of variance ~P/N. Tolerances: 0.015 at β = 1.2, 0.006
  // for β ≥ 1.5, and |m| < 0.02 below the critical point, where m* = 0 and the average is of a quantity that
  // fluctuates by ~1/√N around 0.
  const points = runTemperatureScan({ params: { n: 3000, patterns: 1, sweeps: 300, burnIn: 100, runs: 2 }, betas: [0.5, 0.8, 1.2, 1.5, 2, 3], seed: 3 });
  it.each(points.map((p) => [p.beta, p] as const))('β = %s', (beta, point) => {
    const theory = meanFieldOverlap(beta);
    const tolerance = beta < 1 ? 0.02 : beta < 1.4 ? 0.015 : 0.006;
    expect(Math.abs(point.mean - theory)).toBeLessThan(tolerance);
    expect(point.runs).toHaveLength(2);
  });

  it('is reproducible from its seed, and chunked advancing gives the same numbers as one go', () => {
    const spec = { params: { n: 200, patterns: 2, sweeps: 20, burnIn: 10, runs: 2 }, betas: [0.7, 1.6], seed: 9 };
    const scan = createTemperatureScan(spec);
    expect(scan.total).toBe(2 * 2 * 30);
    let chunks = 0;
    while (scan.advance(7)) chunks++;
    expect(chunks).toBe(Math.ceil(120 / 7) - 1);
    expect(scan.done()).toBe(120);
    expect(scan.result()).toEqual(runTemperatureScan(spec));
    expect(runTemperatureScan(spec)).toEqual(runTemperatureScan(spec));
  });

  it('refuses bad parameters with sentences', () => {
    expect(() => runTemperatureScan({ params: { n: 10 }, betas: [1] })).toThrow(/n = 10 is outside the allowed range 50 to 5000/);
    expect(() => runTemperatureScan({ params: { patterns: 2.5 }, betas: [1] })).toThrow(/patterns must be a whole number/);
    expect(() => runTemperatureScan({ params: { tau: 3 }, betas: [1] })).toThrow(/Unknown parameter "tau"/);
    expect(() => runTemperatureScan({ betas: [] })).toThrow(/betas must be a list/);
    expect(() => runTemperatureScan({ betas: [1, -2] })).toThrow(/betas\[1\] must be a number from 0 to 50/);
    expect(() => runTemperatureScan({ betas: [1], mode: 'both' as 'sync' })).toThrow(/mode must be/);
    expect(() => createTemperatureScan({ betas: [1] }).result()).toThrow(/not finished/);
  });
});

describe('energy traces', () => {
  it('deterministic asynchronous recall: E never rises, ends at the pattern, whose energy is −(N − P)/2 − crosstalk', () => {
    const { patterns, cue, params } = recallSetup({ n: 400, patterns: 5, cueFlip: 0.3 }, 4);
    const net = createHopfield(patterns, cue);
    const trace = traceRecall(net, { sweeps: 10, mode: 'async', random: createRandom(1) });
    for (let t = 1; t < trace.energy.length; t++) expect(trace.energy[t]!).toBeLessThanOrEqual(trace.energy[t - 1]! + 1e-12);
    expect(trace.overlap[0]).toBeCloseTo(1 - 2 * params.cueFlip, 12);
    expect(trace.overlap[10]).toBe(1);
    expect(trace.energy[10]).toBe(patternEnergy(patterns, 0));
    // With one pattern E(pattern) = −(N − 1)/2 exactly: −½ Σ_{i≠j} (1/N) = −(N² − N)/(2N).
    expect(patternEnergy(randomPatterns(50, 1, createRandom(2)), 0)).toBe(-24.5);
  });

  it('a stochastic trace hovers above the deterministic minimum and matches the core energy', () => {
    const { patterns, cue } = recallSetup({ n: 400, patterns: 5 }, 4);
    const net = createHopfield(patterns, cue);
    const trace = traceRecall(net, { sweeps: 40, mode: 'async', beta: 2, random: createRandom(1) });
    expect(trace.energy[40]).toBe(energy(net));
    const late = trace.energy.slice(20);
    const mean = late.reduce((s, e) => s + e, 0) / late.length;
    expect(mean).toBeGreaterThan(patternEnergy(patterns, 0));
    // m* at β = 2 is 0.958; with P/N = 0.0125 and N = 400 the time average lies within ±0.05.
    const m = trace.overlap.slice(20).reduce((s, v) => s + v, 0) / 21;
    expect(Math.abs(m - meanFieldOverlap(2))).toBeLessThan(0.05);
  });

  it('refuses bad sweeps and patterns', () => {
    const net = createHopfield(randomPatterns(20, 2, createRandom(1)));
    expect(() => traceRecall(net, { sweeps: -1, mode: 'sync', random: createRandom(1) })).toThrow(/sweeps must be a whole number/);
    expect(() => traceRecall(net, { sweeps: 1, mode: 'sync', random: createRandom(1), pattern: 2 })).toThrow(/no pattern 2/);
    expect(() => recallSetup({ cueFlip: 0.9 }, 1)).toThrow(/cueFlip = 0.9 is outside/);
  });
});

describe('low-activity network: definition', () => {
  it('fields equal Σ_j w_ij S_j with the full matrix w_ij = c Σ_μ (ξ_i − b)(ξ_j − a), for b ≠ a too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, p, a, b, seed) => {
        const random = createRandom(seed);
        const patterns = sparsePatterns(n, p, a, random);
        const state = new Uint8Array(n).map(() => (random.uniform() < 0.3 ? 1 : 0));
        const net = createLowActivity(patterns, { a, b, theta: 0.2 }, state);
        const w = lowActivityWeights(net);
        let full = 0;
        for (let i = 0; i < n; i++) {
          let h = 0;
          for (let j = 0; j < n; j++) h += w[i * n + j]! * state[j]!;
          full += h * state[i]!;
          // Sums of P·N terms of size ≤ c: rounding is a few ulps of P·N·c ≈ P/a.
          expect(Math.abs(lowActivityField(net, i) - h)).toBeLessThan(1e-12 * (1 + p / a));
        }
        let active = 0;
        for (const s of state) active += s;
        expect(Math.abs(lowActivityEnergy(net) - (-0.5 * full + 0.2 * active))).toBeLessThan(1e-11 * (1 + p / a) * n);
      }),
      { seed: 21, numRuns: 150 },
    );
  });

  it('the overlap is 1 at the pattern and (K − aA)c in general; symmetric weights when b = a', () => {
    const random = createRandom(8);
    const patterns = sparsePatterns(200, 4, 0.1, random);
    const net = createLowActivity(patterns, {}, sparsePatternOf(patterns, 2));
    expect(net.a).toBe(0.1);
    expect(net.c).toBeCloseTo(1 / (0.1 * 0.9 * 200), 15);
    expect(lowActivityOverlaps(net)[2]).toBeCloseTo(1, 12);
    const w = lowActivityWeights(net);
    for (let i = 0; i < 200; i++) for (let j = 0; j < i; j++) expect(w[i * 200 + j]).toBeCloseTo(w[j * 200 + i]!, 14);
  });

  it('energy never increases under asynchronous deterministic updates when b = a (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 1, max: 15 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 1, noNaN: true }), fc.integer(), (n, p, a, theta, seed) => {
        const random = createRandom(seed);
        const patterns = sparsePatterns(n, p, a, random);
        const start = new Uint8Array(n).map(() => (random.uniform() < 0.5 ? 1 : 0));
        const net = createLowActivity(patterns, { a, theta }, start);
        let previous = lowActivityEnergy(net);
        for (let sweep = 0; sweep < 5; sweep++) {
          lowActivityStep(net, { mode: 'async', random });
          const e = lowActivityEnergy(net);
          // Each flip lowers E by |h_i − θ|; float rounding of sums of size ~P/a allows a tiny rise.
          expect(e).toBeLessThanOrEqual(previous + 1e-9 * (1 + p / a));
          previous = e;
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('refuses bad parameters', () => {
    const random = createRandom(1);
    expect(() => sparsePatterns(100, 2, 0, random)).toThrow(/activity a must be a number strictly between 0 and 1/);
    expect(() => createSparsePatterns(3, 1, Uint8Array.of(0, 2, 1))).toThrow(/unit 2 is 2; units are 0 or 1/);
    const patterns = sparsePatterns(50, 2, 0.2, random);
    expect(() => createLowActivity(patterns, { b: 1.5 })).toThrow(/offset b must be a number between 0 and 1/);
    expect(() => createLowActivity(patterns, { theta: Number.NaN })).toThrow(/threshold θ must be a finite number/);
    expect(() => createLowActivity(patterns, { c: -1 })).toThrow(/prefactor c must be a positive number/);
    expect(() => createLowActivity(patterns, {}, new Uint8Array(49))).toThrow(/has 50 units; the state has 49/);
    const net = createLowActivity(patterns);
    expect(() => lowActivityStep(net, { mode: 'async' })).toThrow(/seeded random source/);
    expect(() => lowActivityStep(net, { mode: 'sync', beta: -1 })).toThrow(/β must be ≥ 0/);
    expect(() => corruptSparse(sparsePatternOf(patterns, 0), 2, random)).toThrow(/fraction of moved units/);
    expect(() => sparseRecall({ n: 5, patterns: 1, activity: 0.1, seed: 1 })).toThrow(/N must be a whole number from 10/);
    expect(() => sparseLoadCurve({ n: 100, activity: 0.1, loads: [0.1], runs: 0, seed: 1 })).toThrow(/runs must be/);
  });
});

describe('low-activity network: retrieval', () => {
  it('a corrupted cue (20 % of active units moved) is completed at a = 0.1, P/N = 0.1, where the plain ±1 rule fails', () => {
    for (const seed of [1, 2, 3]) {
      const result = sparseRecall({ n: 1000, patterns: 100, activity: 0.1, seed });
      // The cue keeps 80 of 100 active units: m = (80 − 0.1·100)/(0.09·1000) = 0.778.
      expect(result.cueOverlap).toBeCloseTo(70 / 90, 12);
      expect(result.overlap).toBeGreaterThan(0.99);
      expect(result.active).toBeGreaterThanOrEqual(98);
      expect(result.active).toBeLessThanOrEqual(102);
      // The plain rule's shared bias (mean of p is 2a − 1 = −0.8) drives every unit silent.
      expect(result.plainOverlap).toBeLessThan(0.2);
    }
    // Even three patterns are too many for the plain rule: crosstalk 2·(0.8)²·(−0.8) ≈ −1 cancels the signal.
    expect(sparseRecall({ n: 1000, patterns: 3, activity: 0.1, seed: 2 }).plainOverlap).toBeLessThan(0.5);
  });

  it('stochastic updates at large β keep the pattern; sync deterministic recall converges too', () => {
    const random = createRandom(4);
    const patterns = sparsePatterns(500, 20, 0.1, random);
    const net = createLowActivity(patterns, {}, corruptSparse(sparsePatternOf(patterns, 0), 0.2, random));
    expect(lowActivityRecall(net, 'sync', 50).converged).toBe(true);
    expect(lowActivityOverlaps(net)[0]).toBeGreaterThan(0.99);
    for (let t = 0; t < 20; t++) lowActivityStep(net, { mode: 'async', beta: 20, random });
    expect(lowActivityOverlaps(net)[0]).toBeGreaterThan(0.9);
  });

  it('capacity grows as the activity falls, past the dense 0.138 at a = 0.1 (N = 1000, 3 runs)', () => {
    // Retrieval (mean final overlap > 0.9) at a load where dense ±1 networks have long failed (0.3 > 0.138),
    // and failure at a = 0.5 (equivalent to the dense network) at load 0.2. Theory trend (Tsodyks &
    // Feigel'man): α_c ∝ 1/(a |ln a|), increasing as a falls; its a → 0 values (2.2 at a = 0.1) overshoot at
    // finite a, so only the ordering is tested.
    const at = (activity: number, load: number) => sparseLoadCurve({ n: 1000, activity, loads: [load], runs: 3, seed: 1 })[0]!.mean;
    expect(at(0.1, 0.3)).toBeGreaterThan(0.9);
    expect(at(0.5, 0.2)).toBeLessThan(0.6);
    expect(at(0.05, 0.5)).toBeGreaterThan(0.9);
    expect(at(0.1, 0.8)).toBeLessThan(0.9);
    expect(sparseCapacityTrend(0.05)).toBeGreaterThan(sparseCapacityTrend(0.1));
    expect(sparseCapacityTrend(0.1)).toBeCloseTo(1 / (0.2 * Math.log(10)), 12);
  });
});

describe('the core step with the stochastic rule (used here) agrees with the definition g(h)', () => {
  it('at β = 0 every unit is a fair coin: the mean overlap of a long run is near 0', () => {
    const random = createRandom(3);
    const patterns = randomPatterns(500, 2, random);
    const net = createHopfield(patterns, corrupt(patternOf(patterns, 0), 0, random));
    let sum = 0;
    for (let t = 0; t < 200; t++) {
      step(net, { mode: 'async', beta: 0, random });
      sum += net.sums[0]! / net.n;
    }
    // Independent coins: each sweep's m has SD 1/√500 = 0.045; the mean of 200 has SD 0.003.
    expect(Math.abs(sum / 200)).toBeLessThan(0.015);
  });
});
