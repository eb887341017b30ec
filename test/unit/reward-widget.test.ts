/**
 * The pure parts of the reward-learning widget (widgets/reward-learning/state.ts): state validation, the
 * controls, the two engine runs behind the plot (checked against direct `simulateReward` calls, bit for bit),
 * the readouts, the warning shown instead of a thrown error when the weights run away, and the numbers the
 * lesson's "Try this." paragraphs quote (lessons/09-bcm-and-reward.mdx), so prose and engine stay in step.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discriminationTask, rewardParams, simulateReward, traceAtReward } from '../../engine/plasticity/reward.ts';
import {
  analyseReward,
  finalDistance,
  initialRewardState,
  parseRewardState,
  rewardComparisons,
  rewardControls,
  rewardControlValue,
  rewardReadouts,
  rewardSummary,
  trailingMean,
  withRewardControl,
  type RewardState,
} from '../../widgets/reward-learning/state.ts';

const base = initialRewardState({}, 'test');
const last = (a: Float64Array): number => a[a.length - 1]!;
const readout = (state: RewardState, id: string) => rewardReadouts(state, analyseReward(state)).find((r) => r.id === id)!;

describe('reward widget state', () => {
  it("defaults to the engine's registry, 300 trials, seed 1 and the no-trace comparison", () => {
    for (const p of rewardParams) expect(base[p.name], p.name).toBe(p.default);
    expect(base).toMatchObject({ version: 1, trials: 300, seed: 1, comparison: 'no-trace' });
  });

  it('round-trips through JSON and rejects bad input with sentences', () => {
    expect(parseRewardState(JSON.parse(JSON.stringify(base)) as unknown)).toEqual({ ok: true, state: base });
    const bad = parseRewardState({ ...base, eta: 'x', tauE: -5, trials: 12.5, seed: 2.5, comparison: 'none', version: 2 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const text = bad.problems.map((p) => p.message).join(' ');
      expect(text).toMatch(/eta must be a finite number, got x/);
      expect(text).toMatch(/tauE \(ms\) = -5 is outside the allowed range 0 to 30000 ms/);
      expect(text).toMatch(/number of trials must be a whole number, got 12.5/);
      expect(text).toMatch(/seed must be a whole number/);
      expect(text).toMatch(/'no-trace', 'no-baseline', 'no-delay', not "none"/);
      expect(text).toMatch(/version 2/);
    }
    expect(parseRewardState(null).ok).toBe(false);
    expect(parseRewardState([]).ok).toBe(false);
    expect(parseRewardState({ ...base, trials: 1e6 }).ok).toBe(false);
  });

  it('build-time props fail with the widget named', () => {
    expect(() => initialRewardState({ params: { eta: 100 } }, 'RewardLearning "x"')).toThrow(/RewardLearning "x": eta = 100 is outside/);
    expect(() => initialRewardState({ params: { tau: 5 } as never }, 'W')).toThrow(/W: unknown parameter tau/);
    expect(() => initialRewardState({ comparison: 'nothing' as never }, 'W')).toThrow(/comparison/);
  });

  it('has a labelled control for eta, sigma, tauE, delay, trials and the seed; every control round-trips', () => {
    const controls = rewardControls(base);
    expect(controls.map((c) => c.key)).toEqual(['eta', 'sigma', 'tauE', 'delay', 'trials', 'seed']);
    for (const c of controls) {
      expect(c.spec.meaning.length).toBeGreaterThan(5);
      expect(c.spec.unit !== '' || /dimensionless/.test(c.spec.meaning), c.key).toBe(true);
      expect(rewardControlValue(base, c.key)).toBe(c.spec.default);
      const next = withRewardControl(base, c.key, c.spec.max);
      expect(rewardControlValue(next, c.key)).toBe(c.spec.max);
      expect(parseRewardState(next).ok, c.key).toBe(true);
      expect(rewardControlValue(base, c.key)).toBe(c.spec.default);
    }
    expect(controls.find((c) => c.key === 'tauE')!.spec.unit).toBe('ms');
    expect(controls.find((c) => c.key === 'delay')!.spec.unit).toBe('ms');
    expect(withRewardControl(base, 'comparison', 1)).toBe(base);
  });
});

describe('the runs behind the plot are the engine’s', () => {
  const direct = (state: RewardState, overrides: { tauE?: number; delay?: number }, baseline: 'running' | 'none') =>
    simulateReward({
      ...discriminationTask,
      params: { eta: state.eta, sigma: state.sigma, tauE: state.tauE, delay: state.delay, stimDuration: state.stimDuration, interval: state.interval, tauR: state.tauR, ...overrides },
      trials: state.trials,
      seed: state.seed,
      baseline,
    });

  it.each(rewardComparisons)('comparison %s: both runs equal direct simulateReward calls with the same seed', (comparison) => {
    const state = { ...base, comparison, seed: 4, trials: 200 };
    const a = analyseReward(state);
    if (!a.run.ok || !a.comparison.ok) throw new Error('expected both runs to succeed');
    expect(Array.from(a.run.result.discrimination)).toEqual(Array.from(direct(state, {}, 'running').discrimination));
    const expected = comparison === 'no-trace' ? direct(state, { tauE: 0 }, 'running') : comparison === 'no-delay' ? direct(state, { delay: 0 }, 'running') : direct(state, {}, 'none');
    expect(Array.from(a.comparison.result.discrimination)).toEqual(Array.from(expected.discrimination));
    expect(Array.from(a.comparison.result.response[0]!)).toEqual(Array.from(expected.response[0]!));
    const r = rewardReadouts(state, a);
    expect(r.find((x) => x.id === 'disc')!.value).toBe(last(direct(state, {}, 'running').discrimination));
    expect(r.find((x) => x.id === 'disc-comparison')!.value).toBe(last(expected.discrimination));
    expect(r.find((x) => x.id === 'g')!.value).toBe(traceAtReward({ tauE: state.tauE, delay: state.delay }));
    expect(r.find((x) => x.id === 'g-comparison')!.value).toBe(expected.traceAtReward);
  });

  it('without a trace nothing is learned: the comparison stays exactly at w0 (both responses 0.7)', () => {
    const a = analyseReward(base);
    if (!a.comparison.ok) throw new Error('expected the comparison to succeed');
    expect(a.comparison.g).toBe(0);
    expect(a.comparison.result.response[0]!.every((y) => y === 0.7)).toBe(true);
    expect(a.comparison.result.response[1]!.every((y) => y === 0.7)).toBe(true);
    expect(readout(base, 'disc-comparison').value).toBe(0);
  });

  it('the survival readout is exp(-D/tauE), and g = (1 - exp(-T/tauE)) exp(-D/tauE) (analytic, 1e-15)', () => {
    for (const [tauE, delay] of [[1000, 1000], [1000, 3000], [3000, 3000], [200, 1000], [30000, 0]] as const) {
      const state = { ...base, tauE, delay };
      expect(readout(state, 'survival').value).toBeCloseTo(Math.exp(-delay / tauE), 15);
      expect(readout(state, 'g').value).toBeCloseTo((1 - Math.exp(-200 / tauE)) * Math.exp(-delay / tauE), 15);
    }
    expect(readout({ ...base, tauE: 0 }, 'survival').value).toBe(0);
    expect(readout({ ...base, tauE: 0, delay: 0 }, 'survival').value).toBe(1);
  });

  it('the distance readout is the RMS distance of the final (yA, yB) from (1, 0)', () => {
    const a = analyseReward(base);
    if (!a.run.ok) throw new Error('expected the run to succeed');
    const yA = last(a.run.result.response[0]!);
    const yB = last(a.run.result.response[1]!);
    expect(finalDistance(a.run)).toBeCloseTo(Math.sqrt(((yA - 1) ** 2 + yB ** 2) / 2), 15);
  });

  it('trailingMean is the mean of the last `window` values (fewer at the start) (property, 1e-12)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (values, window) => {
        const got = trailingMean(Float64Array.from(values), window);
        values.forEach((_, i) => {
          const slice = values.slice(Math.max(0, i - window + 1), i + 1);
          expect(got[i]!).toBeCloseTo(slice.reduce((s, v) => s + v, 0) / slice.length, 12);
        });
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});

describe('runaway weights become a visible message, not an exception', () => {
  it('eta 15, sigma 0.5: the run stops with a warning naming the trial; readouts are NaN and say so', () => {
    const state = { ...base, eta: 15, sigma: 0.5 };
    const a = analyseReward(state);
    expect(a.run.ok).toBe(false);
    expect(a.warning).toMatch(/Your run: The weights ran away in trial 33/);
    const disc = rewardReadouts(state, a).find((r) => r.id === 'disc')!;
    expect(Number.isNaN(disc.value)).toBe(true);
    expect(disc.text).toMatch(/ran away/);
    expect(rewardSummary(state, a)).toMatch(/Your run ends with the weights ran away/);
    // The no-trace comparison never moves, so it is still drawn.
    expect(a.comparison.ok).toBe(true);
  });

  it('the default settings give no warning', () => {
    expect(analyseReward(base).warning).toBeUndefined();
  });
});

describe("the numbers in the lesson's Try this. paragraphs (rounded as printed)", () => {
  it('first widget: defaults, then D = 3000 ms, then tauE = 3000 ms, then the no-delay comparison', () => {
    expect(readout(base, 'disc').value.toFixed(2)).toBe('1.03');
    expect(readout(base, 'g').value.toFixed(4)).toBe('0.0667');
    expect(readout(base, 'survival').value.toFixed(3)).toBe('0.368');
    const late = { ...base, delay: 3000 };
    expect(readout(late, 'g').value.toFixed(4)).toBe('0.0090');
    expect(readout(late, 'survival').value.toFixed(3)).toBe('0.050');
    expect(readout(late, 'disc').value.toFixed(2)).toBe('0.37');
    const longer = { ...late, tauE: 3000 };
    expect(readout(longer, 'g').value.toFixed(4)).toBe('0.0237');
    expect(readout(longer, 'disc').value.toFixed(2)).toBe('0.70');
    const noDelay = { ...late, comparison: 'no-delay' as const };
    expect(readout(noDelay, 'g-comparison').value.toFixed(2)).toBe('0.18');
    expect(readout(noDelay, 'disc-comparison').value.toFixed(2)).toBe('1.08');
  });

  it('second widget: 1000 trials against the no-baseline comparison, seeds 1 to 8', () => {
    const state = initialRewardState({ trials: 1000, comparison: 'no-baseline' }, 'lesson');
    expect(readout(state, 'disc').value.toFixed(2)).toBe('1.06');
    expect(readout(state, 'disc-comparison').value.toFixed(2)).toBe('0.86');
    expect(readout(state, 'distance').value.toFixed(3)).toBe('0.106');
    expect(readout(state, 'distance-comparison').value.toFixed(3)).toBe('0.231');
    const withBaseline: number[] = [];
    const without: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const s = { ...state, seed };
      const d = readout(s, 'distance').value;
      const c = readout(s, 'distance-comparison').value;
      expect(c, `seed ${seed}`).toBeGreaterThan(d);
      withBaseline.push(d);
      without.push(c);
    }
    expect([Math.min(...withBaseline).toFixed(2), Math.max(...withBaseline).toFixed(2)]).toEqual(['0.06', '0.15']);
    expect([Math.min(...without).toFixed(2), Math.max(...without).toFixed(2)]).toEqual(['0.19', '0.33']);
    expect(analyseReward({ ...state, eta: 15, sigma: 0.5 }).warning).toMatch(/Your run: The weights ran away in trial 33\b/);
  });
});
