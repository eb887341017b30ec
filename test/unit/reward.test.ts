/**
 * Reward-modulated learning with an eligibility trace (engine/plasticity/reward.ts): the expected update is
 * the reward gradient (node perturbation), checked by Monte Carlo against the analytic formula; the delayed-
 * reward task is learned with a trace and not without one; the baseline lowers the spread across seeds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom } from '../../engine/random/rng.ts';
import {
  discriminationTask,
  meanDiscrimination,
  rewardExpectedUpdate,
  rewardTrialUpdate,
  simulateReward,
  traceAtReward,
} from '../../engine/plasticity/reward.ts';
import { exp } from '../../engine/math/deterministic.ts';

const task = discriminationTask;

describe('the expected update is eta g sigma^2 times the gradient of the mean reward', () => {
  it('g = (1 - exp(-T/tauE)) exp(-delay/tauE), and 0 without a trace', () => {
    expect(traceAtReward()).toBeCloseTo((1 - Math.exp(-0.2)) * Math.exp(-1), 15);
    expect(traceAtReward({ tauE: 0 })).toBe(0);
    expect(traceAtReward({ tauE: 0, delay: 0 })).toBe(1);
  });

  it('Monte Carlo over the exploration noise matches the analytic update, whatever the baseline (property)', () => {
    // 40 000 noise samples per case (antithetic pairs xi, -xi halve the variance of odd terms). Tolerance: 5
    // standard errors of the sample mean, estimated from the samples themselves.
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -1, max: 2, noNaN: true }), fc.double({ min: -1, max: 2, noNaN: true })),
        fc.integer({ min: 0, max: 1 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        ([w1, w2], k, rBar, sigma, seed) => {
          const params = { sigma, tauE: 800, delay: 500 };
          const w = [w1, w2];
          const random = createRandom(seed);
          const n = 20_000;
          const sum = [0, 0];
          const sumSq = [0, 0];
          for (let i = 0; i < n; i++) {
            const xi = random.normal();
            const a = rewardTrialUpdate(task, k, w, xi, rBar, params);
            const b = rewardTrialUpdate(task, k, w, -xi, rBar, params);
            for (let j = 0; j < 2; j++) {
              const v = (a[j]! + b[j]!) / 2;
              sum[j]! += v;
              sumSq[j]! += v * v;
            }
          }
          const expected = rewardExpectedUpdate(task, k, w, params);
          for (let j = 0; j < 2; j++) {
            const mean = sum[j]! / n;
            const se = Math.sqrt(Math.max(0, sumSq[j]! / n - mean * mean) / n);
            expect(Math.abs(mean - expected[j]!)).toBeLessThanOrEqual(5 * se + 1e-15);
          }
        },
      ),
      { seed: 21, numRuns: 20 },
    );
  });

  it('the analytic update is the gradient of the mean reward 1 - (w.x - target)^2 - sigma^2 (finite differences)', () => {
    const w = [0.3, 0.8];
    const params = { sigma: 0.3 };
    const g = traceAtReward(params);
    const meanReward = (v: number[], k: number) => {
      const y = v[0]! * task.patterns[k]![0]! + v[1]! * task.patterns[k]![1]!;
      return 1 - (y - task.targets[k]!) ** 2 - 0.09;
    };
    for (const k of [0, 1]) {
      const update = rewardExpectedUpdate(task, k, w, params);
      for (let j = 0; j < 2; j++) {
        const h = 1e-6;
        const up = [...w];
        const down = [...w];
        up[j]! += h;
        down[j]! -= h;
        const gradient = (meanReward(up, k) - meanReward(down, k)) / (2 * h);
        expect(update[j]! / (5 * g * 0.09)).toBeCloseTo(gradient, 6);
      }
    }
  });
});

describe('the delayed-reward discrimination task (A = (1, 0.4) -> 1, B = (0.4, 1) -> 0; reward 1000 ms after the stimulus)', () => {
  // "Learns" means: the mean over 20 seeds of the final discrimination y_A - y_B (target 1, start 0) is above 0.85
  // after 300 trials. Measured: 0.959.
  it('with an eligibility trace (tauE = 1000 ms) the neuron learns', () => {
    expect(meanDiscrimination({ ...task, trials: 300 }, 20)).toBeGreaterThan(0.85);
  });

  it('without a trace (tauE = 0) no weight ever changes: the reward finds nothing to credit', () => {
    for (const seed of [1, 2, 3]) {
      const run = simulateReward({ ...task, trials: 300, seed, params: { tauE: 0 } });
      expect(Array.from(run.finalW)).toEqual([0.5, 0.5]);
    }
  });

  it('a trace much shorter or much longer than the delay learns far less (measured 0.18 and 0.15 vs 0.96)', () => {
    const good = meanDiscrimination({ ...task, trials: 300 }, 20);
    expect(meanDiscrimination({ ...task, trials: 300, params: { tauE: 200 } }, 20)).toBeLessThan(good / 3);
    expect(meanDiscrimination({ ...task, trials: 300, params: { tauE: 30000 } }, 20)).toBeLessThan(good / 3);
  });

  it('without the baseline the mean still moves up the gradient, but the spread over seeds is about 3 times larger', () => {
    // The expected update does not depend on the baseline; its variance does: R - 0 is about 1, R - Rbar about 0.
    // Measured RMS distance of (y_A, y_B) from the targets over 20 seeds after 1000 trials: 0.087 vs 0.243.
    const rms = (baseline: 'running' | 'none') => {
      let sum = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const run = simulateReward({ ...task, trials: 1000, seed, baseline });
        const a = run.response[0]![999]!;
        const b = run.response[1]![999]!;
        sum += Math.sqrt(((a - 1) ** 2 + b ** 2) / 2);
      }
      return sum / 20;
    };
    expect(rms('none')).toBeGreaterThan(2 * rms('running'));
  });

  it('is reproducible from its seed, and the trace factor reported is the analytic one', () => {
    const a = simulateReward({ ...task, trials: 50, seed: 4 });
    const b = simulateReward({ ...task, trials: 50, seed: 4 });
    expect(Array.from(a.discrimination)).toEqual(Array.from(b.discrimination));
    expect(a.traceAtReward).toBe((1 - exp(-0.2)) * exp(-1));
  });

  it.each<[string, () => unknown, RegExp]>([
    ['negative tauE', () => simulateReward({ ...task, trials: 10, seed: 1, params: { tauE: -1 } }), /tauE \(ms\) = -1 is outside/],
    ['targets of the wrong length', () => simulateReward({ ...task, targets: [1], trials: 10, seed: 1 }), /2 patterns but 1 targets/],
    ['zero trials', () => simulateReward({ ...task, trials: 0, seed: 1 }), /number of trials/],
    ['runaway learning rate', () => simulateReward({ ...task, trials: 300, seed: 1, params: { eta: 50, sigma: 2 } }), /ran away/],
  ])('%s: a RangeError that says what is wrong', (_what, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });
});
