/**
 * The capacity widget's pure parts (widgets/capacity-curve/state.ts, render.ts's domains): props and
 * untrusted state are checked against the engine's registry, the job for a load is the engine's own
 * experiment for that load, the controls carry units and the registry's ranges, and the readouts and the
 * text summary say what the points say.
 */
import { describe, expect, it } from 'vitest';
import { agsCritical } from '../../engine/attractors/ags.ts';
import { capacityParams, runCapacity, type CapacityPoint } from '../../engine/attractors/capacity.ts';
import { capacityDomains } from '../../widgets/capacity-curve/render.ts';
import {
  capacityControls,
  capacityReadouts,
  capacitySummary,
  controlValues,
  DEFAULT_LOADS,
  initialCapacityState,
  jobFor,
  parseCapacityState,
  withControl,
} from '../../widgets/capacity-curve/state.ts';

const point = (load: number, mean: number, sd = 0): CapacityPoint => ({ load, patterns: Math.round(load * 400), mean, sd, runs: [] });

describe('props and state', () => {
  it('defaults: N = 400, 5 seeds, async, 10 % flipped, loads around α_c', () => {
    const state = initialCapacityState({}, 'test');
    expect(state).toEqual({ n: 400, seeds: 5, mode: 'async', cueFlip: 0.1, loads: [...DEFAULT_LOADS], seed: 1 });
    expect(Math.min(...state.loads)).toBeLessThan(agsCritical().alpha);
    expect(Math.max(...state.loads)).toBeGreaterThan(agsCritical().alpha);
  });
  it('a bad prop fails the build with the lesson named', () => {
    expect(() => initialCapacityState({ n: 5 }, 'CapacityCurve "x" in /lessons/y/')).toThrow(/CapacityCurve "x" in \/lessons\/y\/: n = 5 is outside the allowed range 20 to 3000/);
    expect(() => initialCapacityState({ loads: [0.1, 2] }, 'w')).toThrow(/loads\[1\] = 2/);
    expect(() => initialCapacityState({ cueFlip: 0.6 }, 'w')).toThrow(/cueFlip/);
    expect(() => initialCapacityState({ mode: 'fast' as never }, 'w')).toThrow(/mode must be "sync" or "async"/);
  });
  it('loads are sorted, and a repeated load is refused', () => {
    const parsed = parseCapacityState({ n: 100, seeds: 2, mode: 'sync', cueFlip: 0.2, loads: [0.2, 0.05, 0.1], seed: 3 });
    expect(parsed).toEqual({ ok: true, state: { n: 100, seeds: 2, mode: 'sync', cueFlip: 0.2, loads: [0.05, 0.1, 0.2], seed: 3 } });
    expect(parseCapacityState({ ...initialCapacityState({}, 't'), loads: [0.1, 0.1] })).toMatchObject({ ok: false, problems: [expect.stringMatching(/only once/)] });
  });
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'big', /must be an object/],
    ['an unknown field', { ...initialCapacityState({}, 't'), beta: 1 }, /Unknown state field "beta"/],
    ['N not a number', { ...initialCapacityState({}, 't'), n: '400' }, /n must be a finite number/],
    ['no loads', { ...initialCapacityState({}, 't'), loads: [] }, /loads must be a list/],
    ['seeds not whole', { ...initialCapacityState({}, 't'), seeds: 2.5 }, /seeds must be a whole number/],
  ])('untrusted state: %s is refused in words', (_what, input, message) => {
    const parsed = parseCapacityState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toMatch(message);
  });
  it('getState-style JSON round-trips', () => {
    const state = initialCapacityState({ n: 300, mode: 'sync', loads: [0.3, 0.1] }, 't');
    expect(parseCapacityState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });
});

describe('the job for one load is the engine experiment for that load', () => {
  it('same point as the whole experiment', () => {
    const state = initialCapacityState({ n: 200, seeds: 3, loads: [0.05, 0.14, 0.2] }, 't');
    const whole = runCapacity({ loads: state.loads, mode: state.mode, params: { n: 200, seeds: 3, cueFlip: 0.1, seed: 1 } });
    state.loads.forEach((load, k) => expect(runCapacity(jobFor(state, load)).points[0]).toEqual(whole.points[k]));
  });
});

describe('controls', () => {
  const state = initialCapacityState({ n: 500, seeds: 8, cueFlip: 0.15 }, 't');
  const controls = capacityControls(state);
  it('every control has a unit and a range inside the registry’s', () => {
    expect(controls.map((c) => c.key)).toEqual(['n', 'seeds', 'cueFlip']);
    for (const control of controls) {
      expect(control.spec.unit).not.toBe('');
      expect(control.spec.default).toBeGreaterThanOrEqual(control.spec.min);
      expect(control.spec.default).toBeLessThanOrEqual(control.spec.max);
    }
    const n = capacityParams.find((p) => p.name === 'n')!;
    expect(controls[0]!.spec.min).toBe(n.min);
    expect(controls[0]!.spec.max).toBeLessThanOrEqual(n.max);
    expect(controls[2]!.spec).toMatchObject({ unit: '%', min: 0, max: 50, default: 15 });
  });
  it('the cue slider is in percent; the state keeps a fraction', () => {
    expect(withControl(state, 'cueFlip', 23).cueFlip).toBe(0.23);
    expect(withControl(state, 'n', 640).n).toBe(640);
    expect(controlValues(withControl(state, 'cueFlip', 23)).get('cueFlip')).toBe(23);
    expect(parseCapacityState(withControl(state, 'cueFlip', 50)).ok).toBe(true);
  });
});

describe('readouts and summary', () => {
  it('the measured capacity is the first load whose mean falls below 0.9', () => {
    expect(capacityReadouts([], false)).toMatchObject({ measured: undefined, measuredText: '…' });
    expect(capacityReadouts([point(0.05, 1)], false).measuredText).toBe('… (not yet)');
    expect(capacityReadouts([point(0.05, 1)], true).measuredText).toMatch(/^none/);
    const r = capacityReadouts([point(0.05, 1), point(0.12, 0.95), point(0.14, 0.89), point(0.2, 0.4)], true);
    expect(r).toMatchObject({ measured: 0.14, measuredText: '0.140', alphaCText: '0.1379' });
    expect(r.alphaC).toBe(agsCritical().alpha);
  });
  it('the summary names the setup, the points and both capacities', () => {
    const state = initialCapacityState({ loads: [0.05, 0.14, 0.2] }, 't');
    const text = capacitySummary(state, [point(0.05, 1), point(0.14, 0.85, 0.2)], 'cancelled');
    expect(text).toContain('N = 400, 5 networks per load, asynchronous updates, cue with 10 % of units flipped.');
    expect(text).toContain('2 of 3 loads computed before the run was cancelled.');
    expect(text).toContain('P/N 0.140: m 0.850 ± 0.200');
    expect(text).toContain('first falls below 0.9 at P/N = 0.140; theory (AGS) puts the capacity at 0.1379.');
  });
  it('the plot’s axes hold every bar and α_c', () => {
    const d = capacityDomains({ loads: [0.05, 0.1], points: [point(0.05, 0.95, 0.1), point(0.1, -0.2, 0.3)], alphaC: agsCritical().alpha });
    expect(d.x[1]).toBeGreaterThan(agsCritical().alpha);
    expect(d.y[0]).toBeLessThanOrEqual(-0.5);
    expect(d.y[1]).toBeGreaterThanOrEqual(1.05);
  });
});
