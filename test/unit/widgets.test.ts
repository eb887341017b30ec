/** The pure parts of the widgets: state contract, controls, decimation, formatting, readouts, f–I data. */
import { describe, expect, it } from 'vitest';
import { defaultValues, lif, lifRate, lifRheobase, lifSineResponse, simulate, type LifParams } from '../../engine/index.ts';
import { parseTarget, readControl, resolveControls, writeControl } from '../../widgets/lib/controls.ts';
import { decimate } from '../../widgets/lib/decimate.ts';
import { axisLabel, decimalsForStep, formatNumber } from '../../widgets/lib/format.ts';
import { parseTyped, valueText } from '../../widgets/lib/param-panel.ts';
import { checkStepBudget, createStore, fromScenario, parseState, toScenario, type WidgetState } from '../../widgets/lib/state.ts';
import { analyticCurve, simulatedCurrents, simulatedPoint } from '../../widgets/fi-curve/compute.ts';
import { buildFiConfig } from '../../widgets/fi-curve/config.ts';
import { buildTraceConfig } from '../../widgets/membrane-trace/config.ts';
import { computeReadouts, readoutSlots } from '../../widgets/membrane-trace/readouts.ts';
import { withSpikeEdges } from '../../widgets/membrane-trace/trace-data.ts';

const base: WidgetState = {
  version: 1,
  model: 'lif',
  params: { tRef: 3 },
  stimulus: [{ kind: 'step', amplitude: 2, start: 10, end: 90 }],
  method: 'exact',
  dt: 0.1,
  duration: 100,
};

describe('widget state contract', () => {
  it('round-trips through a runner scenario, keeping view settings apart', () => {
    const state: WidgetState = { ...base, view: { currentMax: 4 } };
    const scenario = toScenario(state);
    expect(scenario).not.toHaveProperty('view');
    expect(fromScenario(scenario, { currentMax: 4 })).toEqual(state);
    expect(parseState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });

  // Untrusted input (a pasted link) must give a reason, never a half-applied state.
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'lif', /must be an object/],
    ['a future version', { ...base, version: 2 }, /version must be 1/],
    ['an unknown model', { ...base, model: 'hh9' }, /Unknown model/],
    ['a parameter out of range', { ...base, params: { tauM: 1e9 } }, /outside the allowed range/],
    ['a stimulus that is neither a number, an expression nor a list', { ...base, stimulus: { kind: 'step' } }, /list of components/],
    ['a malformed stimulus expression', { ...base, stimulus: '(t > 10' }, /column/],
    ['a view value that is not a number', { ...base, view: { currentMax: 'x' } }, /finite numbers/],
    ['an extra field', { ...base, script: 'alert(1)' }, /Unknown scenario field "script"/],
  ])('rejects %s', (_what, input, message) => {
    const parsed = parseState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message).join(' ')).toMatch(message);
  });

  it('store notifies subscribers with the new state', () => {
    const store = createStore(base);
    const seen: number[] = [];
    const stop = store.subscribe((s) => seen.push(s.duration));
    store.set({ ...base, duration: 200 });
    stop();
    store.set({ ...base, duration: 300 });
    expect(seen).toEqual([200]);
    expect(store.get().duration).toBe(300);
  });
});

describe('controls', () => {
  it.each([
    ['tauM', { kind: 'param', name: 'tauM' }],
    ['stimulus.amplitude', { kind: 'stimulus', index: 0, name: 'amplitude' }],
    ['stimulus.1.frequency', { kind: 'stimulus', index: 1, name: 'frequency' }],
    ['view.currentMax', { kind: 'view', name: 'currentMax' }],
    ['numerics.dt', { kind: 'numerics', name: 'dt' }],
  ])('parses %s', (key, target) => expect(parseTarget(key)).toEqual(target));

  it('resolves registry entries, defaults to the lesson setup, and writes without mutating', () => {
    const [tRef, amplitude, end] = resolveControls(['tRef', 'stimulus.amplitude', 'stimulus.end'], lif, base);
    expect(tRef!.spec.unit).toBe('ms');
    expect(tRef!.spec.default).toBe(3);
    expect(amplitude!.spec.unit).toBe('nA');
    expect(end!.spec.max).toBe(100); // a time slider stops at the end of the run
    const next = writeControl(base, amplitude!, 2.5);
    expect(readControl(next, amplitude!)).toBe(2.5);
    expect(readControl(base, amplitude!)).toBe(2);
    expect(readControl(writeControl(base, tRef!, 1), tRef!)).toBe(1);
  });

  it('lets a lesson narrow a slider', () => {
    const [frequency] = resolveControls([{ key: 'stimulus.frequency', min: 1, max: 200, step: 1 }], lif, { ...base, stimulus: [{ kind: 'sine', frequency: 20 }] });
    expect(frequency!.spec).toMatchObject({ min: 1, max: 200, step: 1, default: 20, unit: 'Hz' });
  });

  it.each([['tau'], ['stimulus.amplitud'], ['stimulus.3.amplitude'], ['view.zoom'], ['a.b.c.d']])('refuses %s at build time', (key) => {
    expect(() => resolveControls([key], lif, base)).toThrow();
  });

  it('checks typed values against the range and reads them with units', () => {
    const [tRef] = resolveControls(['tRef'], lif, base);
    expect(parseTyped(tRef!, ' 2,5 ')).toEqual({ value: 2.5 });
    expect(parseTyped(tRef!, '−1')).toEqual({ message: '-1 ms is outside the range 0 to 20 ms.' });
    expect(parseTyped(tRef!, 'abc')).toEqual({ message: 'Enter a number from 0 to 20 ms.' });
    expect(valueText(tRef!, 2.5)).toBe('2.5 ms');
  });
});

describe('decimation', () => {
  it('keeps every extreme while shrinking a long series', () => {
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + (i === 54_321 ? 10 : 0));
    const { x, y } = decimate(xs, ys, 500);
    expect(x.length).toBeLessThanOrEqual(3 * 500 + 1);
    expect(Math.max(...y)).toBe(Math.max(...ys));
    expect(Math.min(...y)).toBe(Math.min(...ys));
    expect(Array.from(x)).toEqual(Array.from(x).sort((a, b) => a - b));
  });
  it('leaves a short series alone', () => {
    const { x, y } = decimate([0, 1, 2], [5, 6, 7], 100);
    expect([Array.from(x), Array.from(y)]).toEqual([[0, 1, 2], [5, 6, 7]]);
  });
});

describe('formatting', () => {
  it.each<[number, number, string]>([
    [55.2657, 2, '55.27'],
    [-65, 1, '−65.0'],
    [-0.0001, 2, '0.00'],
    [Number.POSITIVE_INFINITY, 2, '∞'],
    [Number.NaN, 2, '—'],
  ])('formatNumber(%d, %d) = %s', (value, decimals, text) => expect(formatNumber(value, decimals)).toBe(text));
  it('derives decimals from a step and labels axes with units', () => {
    expect([decimalsForStep(1), decimalsForStep(0.5), decimalsForStep(0.05), decimalsForStep(0.001)]).toEqual([0, 1, 2, 3]);
    expect(axisLabel('u', 'mV')).toBe('u (mV)');
  });
});

describe('membrane-trace readouts and drawing data', () => {
  const p: LifParams = { ...defaultValues(lif.params), tRef: 3 };

  it('prints the measured rate and the analytic prediction, which agree for the exact method', () => {
    const state = { ...base, stimulus: [{ kind: 'constant' as const, amplitude: 2.5 }], duration: 500 };
    const result = simulate({ ...state, model: lif });
    const readouts = computeReadouts(readoutSlots(lif, state), lif, state, result);
    expect(readouts.get('predictedRate')!.value).toBeCloseTo(lifRate(p, 2.5), 12);
    expect(readouts.get('rate')!.value).toBeCloseTo(lifRate(p, 2.5), 6);
    expect(readouts.get('rheobase')!.text).toBe(formatNumber(lifRheobase(p), 3));
  });

  it('reports the low-pass amplitude for sine input, measured against predicted', () => {
    const state: WidgetState = { ...base, stimulus: [{ kind: 'sine', amplitude: 1, frequency: 20 }], duration: 500 };
    const result = simulate({ ...state, model: lif });
    const readouts = computeReadouts(readoutSlots(lif, state), lif, state, result);
    const predicted = lifSineResponse(p, 20).gain;
    expect(readouts.get('predictedAmplitude')!.value).toBeCloseTo(predicted, 12);
    // After 250 ms the transient has decayed by e^-25; the grid samples the peak to within (ω dt)²/2.
    expect(Math.abs(readouts.get('amplitude')!.value - predicted)).toBeLessThan(1e-3 * predicted);
  });

  it('says why a rate is missing rather than printing zero', () => {
    const state: WidgetState = { ...base, stimulus: [{ kind: 'step', amplitude: 1, start: 10, end: 90 }] };
    const readouts = computeReadouts(readoutSlots(lif, state), lif, state, simulate({ ...state, model: lif }));
    expect(readouts.get('rate')).toMatchObject({ text: '—', note: 'needs two spikes' });
  });

  it('inserts threshold and reset points at each spike, in time order', () => {
    const { t, u } = withSpikeEdges([0, 1, 2, 3], [-60, -52, -70, -66], [1.5], -50, -70);
    expect(Array.from(t)).toEqual([0, 1, 1.5, 1.5, 2, 3]);
    expect(Array.from(u)).toEqual([-60, -52, -50, -70, -70, -66]);
  });

  it('fails the build for a lesson typo, with the widget named', () => {
    expect(() => buildTraceConfig({ params: { tauM: 0 } }, 'MembraneTrace "x"')).toThrow(/MembraneTrace "x": tauM/);
    expect(() => buildTraceConfig({ controls: ['theta2'] }, 'x')).toThrow(/names no parameter/);
  });
});

describe('f–I widget data', () => {
  const config = buildFiConfig({ currents: [0, 5], points: 11 }, 'test');
  const p = defaultValues(lif.params);

  it('samples the analytic curve at the rheobase and densely just above it', () => {
    const curve = analyticCurve(lif, p, 0, 5);
    const rheobase = lifRheobase(p);
    expect(curve.some((point) => point.x === rheobase && point.y === 0)).toBe(true);
    expect(curve.filter((point) => point.x > rheobase && point.x < rheobase + 0.01).length).toBeGreaterThan(10);
  });

  it('simulates points that lie on the analytic curve', () => {
    const currents = simulatedCurrents(config.state);
    expect(currents.length).toBe(11);
    for (const current of currents) {
      const point = simulatedPoint(lif, config.state, current);
      // 1000 ms runs: below about 1.52 nA fewer than two spikes fit, and the rate reads 0.
      if (current > 1.6) expect(point.y).toBeCloseTo(lifRate(p, current), 6);
      else if (current <= 1.5) expect(point.y).toBe(0);
    }
  });
});

describe('step budget', () => {
  it('refuses a redraw that would stall the page, and says what to do', () => {
    expect(() => checkStepBudget({ ...base, dt: 0.001, duration: 5000 }, 300_000)).toThrow(/5,000,000 time steps per redraw; the widget allows 300,000/);
    expect(() => checkStepBudget({ ...base, dt: 0.1, duration: 1000 }, 300_000)).not.toThrow();
  });
});
