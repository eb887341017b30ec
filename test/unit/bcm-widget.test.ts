/**
 * The pure parts of the BCM selectivity and STDP window widgets (widgets/bcm/state.ts,
 * widgets/stdp-window/state.ts): state validation, controls, the analysis that feeds every readout, and the
 * warnings shown instead of a silent blank or runaway plot.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulateBcmAveraged } from '../../engine/plasticity/bcm.ts';
import { stdpPoissonDrift, stdpWindow } from '../../engine/plasticity/stdp.ts';
import {
  analyseBcm,
  bcmControls,
  bcmReadouts,
  bcmSummary,
  controlValue,
  initialBcmState,
  parseBcmState,
  patternsOf,
  withControl,
} from '../../widgets/bcm/state.ts';
import { analyseStdp, initialStdpState, measureDrift, parseStdpState, stdpControls, stdpReadouts, withStdpControl } from '../../widgets/stdp-window/state.ts';

const base = initialBcmState({}, 'test');

describe('BCM widget state', () => {
  it('defaults to the reference setup: orthogonal patterns, w0 = (0.5, 0.4), eta 0.02, tauTheta 5', () => {
    expect(base).toMatchObject({ mode: 'averaged', eta: 0.02, tauTheta: 5, y0: 1, overlap: 0, p1: 0.5, w0: [0.5, 0.4], duration: 4000 });
    expect(patternsOf(base)).toEqual([[1, 0], [0, 1]]);
  });

  it('round-trips through JSON and rejects bad input with sentences', () => {
    const json = JSON.parse(JSON.stringify(base)) as unknown;
    expect(parseBcmState(json)).toEqual({ ok: true, state: base });
    const bad = parseBcmState({ ...base, eta: 'x', mode: 'fast', w0: [1], seed: 1.5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const text = bad.problems.map((p) => p.message).join(' ');
      expect(text).toMatch(/eta .* must be a finite number/);
      expect(text).toMatch(/'averaged' or 'online'/);
      expect(text).toMatch(/one initial weight per channel/);
      expect(text).toMatch(/whole number/);
    }
    expect(parseBcmState(null).ok).toBe(false);
    expect(parseBcmState({ ...base, patterns: [[1, 2], ['a']], overlap: null }).ok).toBe(false);
  });

  it('build-time props fail with the widget named', () => {
    expect(() => initialBcmState({ w0: [1, 2, 3] }, 'BcmSelectivity "x"')).toThrow(/BcmSelectivity "x": There must be one initial weight per channel \(2\)/);
    expect(() => initialBcmState({ probabilities: [0.5, 0.6] }, 'W')).toThrow(/add up to 1/);
  });

  it('has a labelled control for eta, tauTheta, y0, overlap, p1, each w_j(0) and the seed; every control round-trips', () => {
    const controls = bcmControls(base);
    expect(controls.map((c) => c.key)).toEqual(['eta', 'tauTheta', 'y0', 'overlap', 'p1', 'w0.0', 'w0.1', 'seed']);
    for (const c of controls) {
      expect(c.spec.meaning.length).toBeGreaterThan(5);
      expect(c.spec.unit !== '' || /dimensionless/.test(c.spec.meaning)).toBe(true);
      expect(controlValue(base, c.key)).toBe(c.spec.default);
      const next = withControl(base, c.key, c.spec.max);
      expect(controlValue(next, c.key)).toBe(c.spec.max);
    }
    expect(bcmControls(initialBcmState({ patterns: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], w0: [0.5, 0.4, 0.3] }, 't')).map((c) => c.key)).toEqual(['eta', 'tauTheta', 'y0', 'w0.0', 'w0.1', 'w0.2', 'seed']);
  });
});

describe('BCM widget analysis', () => {
  it('readouts equal the engine run and the analytic fixed point', () => {
    const state = withControl(withControl(withControl(base, 'overlap', 0.3), 'w0.0', 0.6), 'w0.1', 0.5);
    const a = analyseBcm(state);
    const direct = simulateBcmAveraged({ patterns: [[1, 0.3], [0.3, 1]], w0: [0.6, 0.5], duration: 4000 });
    expect(Array.from(a.result.finalW)).toEqual(Array.from(direct.finalW));
    const readouts = bcmReadouts(state, a);
    expect(readouts.find((r) => r.id === 'w0')!.text).toBe('2.1978 (2.1978)');
    expect(readouts.find((r) => r.id === 'w1')!.text).toBe('−0.6593 (−0.6593)');
    expect(readouts.find((r) => r.id === 'theta')!.text).toBe('2.0000 (2.0000)');
    expect(readouts.find((r) => r.id === 'winner')!.text).toBe('1 / 1');
    expect(a.warning).toBeUndefined();
    expect(bcmSummary(state, a)).toMatch(/pattern 1 is selected \(larger initial response: 1\); w1 = 2\.198, w2 = −0\.659/);
  });

  it('with unequal probabilities no "larger initial response" prediction is shown; the fixed point follows the simulated winner', () => {
    // p1 = 0.3: pattern 2, shown more often, overtakes pattern 1's initial lead; theta* = y0 / 0.7.
    const state = withControl(base, 'p1', 0.3);
    const a = analyseBcm(state);
    expect(a.predictedWinner).toBeUndefined();
    expect(a.result.winner).toBe(1);
    expect(a.fixed!.theta).toBeCloseTo(1 / 0.7, 12);
    expect(bcmReadouts(state, a).find((r) => r.id === 'winner')!.text).toBe('2 / — (unequal probabilities)');
  });

  it('warns in words when tauTheta is too long: oscillation (past the Hopf point) or runaway', () => {
    const oscillating = analyseBcm(withControl(base, 'tauTheta', 60));
    expect(oscillating.warning).toMatch(/unstable: tauTheta = 60 time units is longer than the critical 50\.0/);
    const runaway = analyseBcm(withControl(base, 'tauTheta', 200));
    expect(runaway.result.status.kind).toBe('diverged');
    expect(runaway.warning).toMatch(/ran away/);
    expect(bcmSummary(base, runaway)).toMatch(/ran away/);
  });

  it('the online mode over 20 000 presentations reports late-time means near the fixed point (within 5 %)', () => {
    const state = { ...base, mode: 'online' as const, seed: 3, duration: 20000 };
    const a = analyseBcm(state);
    const w1 = bcmReadouts(state, a).find((r) => r.id === 'w0')!;
    expect(Math.abs(w1.value - 2)).toBeLessThan(0.1);
  });

  it('never throws for any state the controls can reach (property)', () => {
    const controls = bcmControls(base);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: controls.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 6 }), fc.boolean(), (moves, online) => {
        let state = { ...base, mode: online ? ('online' as const) : ('averaged' as const), duration: 1000 };
        for (const [i, f] of moves) {
          const c = controls[i]!;
          const value = c.key === 'seed' ? Math.round(c.spec.min + f * (c.spec.max - c.spec.min)) : c.spec.min + f * (c.spec.max - c.spec.min);
          state = withControl(state, c.key, value);
        }
        const a = analyseBcm(state);
        for (const r of bcmReadouts(state, a)) expect(typeof r.text).toBe('string');
        for (const series of a.result.trajectory.w) for (const v of series) expect(Number.isFinite(v)).toBe(true);
      }),
      { seed: 17, numRuns: 60 },
    );
  });
});

describe('STDP window widget', () => {
  const s = initialStdpState({}, 'test');

  it('validates its state', () => {
    expect(parseStdpState(JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, state: s });
    const bad = parseStdpState({ ...s, tauPlus: -3 });
    expect(bad.ok).toBe(false);
    expect(() => initialStdpState({ params: { aPlus: 2 } }, 'StdpWindow "w"')).toThrow(/StdpWindow "w": aPlus = 2 is outside/);
  });

  it('the plotted window and the probe readout are the engine-measured window; the drift readouts agree with the theory', () => {
    const a = analyseStdp(s);
    expect(a.probeDw).toBe(stdpWindow({}, [10])[0]);
    expect(a.dwPlus[19]).toBe(stdpWindow({}, [10])[0]); // 0.5, 1, ..., 10 ms
    expect(a.drift).toBe(stdpPoissonDrift({}, 10, 10));
    // Ten 100 s runs: the measured drift lies within 4 standard errors of the prediction.
    expect(Math.abs(a.measuredDrift - a.drift)).toBeLessThan(4 * a.measuredSe);
    const readouts = stdpReadouts(s, a);
    expect(readouts.map((r) => r.id)).toEqual(['probe', 'balance', 'drift', 'measured']);
    expect(readouts[1]!.text).toMatch(/depression wins/);
  });

  it('controls cover every state field, with units or "dimensionless"', () => {
    const controls = stdpControls(s);
    expect(controls.map((c) => c.key)).toEqual(['aPlus', 'aMinus', 'tauPlus', 'tauMinus', 'probe', 'ratePre', 'ratePost', 'seed']);
    for (const c of controls) expect(c.spec.unit !== '' || /dimensionless/.test(c.spec.meaning)).toBe(true);
    expect(withStdpControl(s, 'aMinus', 0.005).aMinus).toBe(0.005);
    expect(measureDrift({ ...s, ratePre: 0 }).mean).toBe(0);
  });

  it('re-measures the drift on the trains of the last measurement when only the window moved, with the same numbers', () => {
    const moved = withStdpControl(s, 'aPlus', 0.02);
    // After another seed, the next measurement draws its trains afresh; after s, the moved window reuses s's trains.
    measureDrift({ ...s, seed: s.seed + 1 });
    const fresh = measureDrift(moved);
    measureDrift(s);
    expect(measureDrift(moved)).toEqual(fresh);
    // A new rate or seed is a new set of trains.
    expect(measureDrift({ ...moved, ratePost: 20 })).not.toEqual(fresh);
    expect(measureDrift({ ...moved, seed: s.seed + 2 })).not.toEqual(fresh);
  });
});
