import { describe, expect, it } from 'vitest';
import {
  countRate,
  createSimulation,
  interspikeIntervals,
  isiCv,
  lif,
  simulate,
  snapToStep,
  SpecError,
  steadyRate,
  type NeuronModel,
  type SimulationSpec,
} from '../../engine/index.ts';

describe('specifications that cannot run are refused with a message', () => {
  const base = { model: lif, dt: 0.1, duration: 100 } as const;
  it.each<[string, Partial<SimulationSpec<string>>, RegExp]>([
    ['an unknown parameter', { params: { tau: 10 } }, /Unknown parameter "tau"/],
    ['a parameter out of range', { params: { tauM: -3 } }, /tauM \(ms\) = -3 is outside/],
    ['a reset at or above threshold', { params: { uReset: -50 } }, /reset potential .* must lie below the threshold/],
    ['a zero time step', { dt: 0 }, /time step dt/],
    ['a run of too many steps', { dt: 1e-5, duration: 1000 }, /more than 5000000 steps/],
    ['an unknown method', { method: 'leapfrog' as never }, /Unknown method "leapfrog"/],
    ['an initial state of the wrong size', { initial: [1, 2] }, /initial state needs 1 value/],
  ])('%s', (_what, change, message) => {
    expect(() => simulate({ ...base, ...change } as SimulationSpec<string>)).toThrow(SpecError);
    expect(() => simulate({ ...base, ...change } as SimulationSpec<string>)).toThrow(message);
  });
});

describe('divergence', () => {
  // dv/dt = v² blows up at t = 1/v0: a model made to diverge, so the detector is tested on the engine's
  // generic path rather than on a neuron model that happens to be stable.
  const blowUp: NeuronModel<'v0'> = {
    id: 'blow-up',
    title: 'Finite-time blow-up',
    source: 'test',
    params: [{ name: 'v0', symbol: 'v_0', unit: '', default: 1, min: 0, max: 10, step: 0.1, meaning: 'initial value' }],
    state: [{ name: 'v', symbol: 'v', unit: '', meaning: 'blows up' }],
    voltage: 0,
    input: { unit: 'nA', max: 50, step: 0.01 },
    defaultDt: 0.01,
    defaultMethod: 'rk4',
    initialState: (p) => Float64Array.of(p.v0),
    rhs: (_t, y, dydt) => {
      dydt[0] = y[0]! * y[0]!;
    },
  };
  it('stops, names the variable and the time, and keeps the trace up to there', () => {
    const run = simulate({ model: blowUp, dt: 0.001, duration: 5 });
    expect(run.divergence).toBeDefined();
    expect(run.divergence!.variable).toBe('v');
    expect(run.divergence!.t).toBeGreaterThan(0.99);
    expect(run.divergence!.t).toBeLessThan(1.01);
    expect(run.divergence!.reason).toBe('overflow');
    expect(run.divergence!.message).toMatch(/diverged at t = 1\.0\d\d ms \(v: overflow\)/);
    expect(run.t.length).toBeLessThan(1100);
    expect(run.traces['v']!.every(Number.isFinite)).toBe(true);
  });
});

describe('step-wise running', () => {
  it('gives the same result in chunks as in one go', () => {
    const spec = { model: lif, stimulus: [{ kind: 'noise' as const, mean: 2, sigma: 0.5, seed: 3 }], dt: 0.1, duration: 300 };
    const whole = simulate(spec);
    const run = createSimulation(spec);
    while (run.advance(137));
    const chunked = run.result();
    expect(Array.from(chunked.traces['u']!)).toEqual(Array.from(whole.traces['u']!));
    expect(Array.from(chunked.spikes)).toEqual(Array.from(whole.spikes));
    expect(run.done).toBe(run.steps);
  });

  it('records the grid 0, dt, …, duration and the input on it', () => {
    const run = simulate({ model: lif, stimulus: [{ kind: 'step', amplitude: 1, start: 1, end: 2 }], dt: 0.25, duration: 3 });
    expect(Array.from(run.t)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3]);
    expect(Array.from(run.input)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('ends on the duration even when it is not a multiple of dt', () => {
    const run = simulate({ model: lif, dt: 0.3, duration: 1 });
    expect(run.t[run.t.length - 1]).toBe(1);
  });
});

describe('spike-train analysis', () => {
  const spikes = [10, 30, 50, 70, 110];
  it('computes intervals, count rate, steady rate and CV', () => {
    expect(Array.from(interspikeIntervals(spikes))).toEqual([20, 20, 20, 40]);
    expect(countRate(spikes, 0, 1000)).toBe(5);
    expect(steadyRate(spikes, 20)).toBeCloseTo(1000 / ((110 - 30) / 3), 12);
    expect(steadyRate([5], 0)).toBe(0);
    // Intervals 20, 20, 20, 40: mean 25, sample SD 10.
    expect(isiCv(spikes)).toBeCloseTo(0.4, 12);
  });
});

describe('registry helpers', () => {
  it('snaps slider values to the step without floating-point noise', () => {
    const spec = lif.params.find((p) => p.name === 'tRef')!;
    expect(snapToStep(spec, 0.30000000000000004)).toBe(0.3);
    expect(snapToStep(spec, 99)).toBe(spec.max);
  });
});
