/** The gating widget's data: the engine's gate functions sampled, read at a voltage, formatted and summarised. */
import { describe, expect, test } from 'vitest';
import { defaultValues, gateSteadyState, gateTimeConstant, hodgkinHuxley } from '../../engine/index.ts';
import { buildGatingConfig, snapVoltage, viewProblem } from '../../widgets/gating/config.ts';
import { formatSignificant, gateReadouts, gateValuesAt, gatingCurves, gatingSummary, GATES, largestTau, restingPotential } from '../../widgets/gating/data.ts';

describe('gating curves', () => {
  const curves = gatingCurves(-100, 50, 301);

  test('the samples are the engine functions at evenly spaced voltages, ends included', () => {
    expect(curves.u[0]).toBe(-100);
    expect(curves.u[300]).toBe(50);
    for (const i of [0, 37, 150, 300]) {
      for (const gate of GATES) {
        expect(curves.inf[gate][i]).toBe(gateSteadyState(gate, curves.u[i]!));
        expect(curves.tau[gate][i]).toBe(gateTimeConstant(gate, curves.u[i]!));
      }
    }
  });

  test('steady states lie in [0, 1], time constants are positive; m and n open and h closes with depolarisation', () => {
    for (const gate of GATES) {
      for (const v of curves.inf[gate]) expect(v >= 0 && v <= 1).toBe(true);
      for (const v of curves.tau[gate]) expect(v).toBeGreaterThan(0);
    }
    expect(curves.inf.m[300]! - curves.inf.m[0]!).toBeGreaterThan(0.99);
    expect(curves.inf.n[300]! - curves.inf.n[0]!).toBeGreaterThan(0.98);
    expect(curves.inf.h[0]! - curves.inf.h[300]!).toBeGreaterThan(0.99);
  });

  test('the largest time constant is τh near rest, about 20.6 ms (Table 2.1 rates)', () => {
    expect(largestTau(curves)).toBeCloseTo(20.6, 1);
  });

  test('through the removable singularities of αm (-35 mV) and αn (25 mV) the curves stay smooth', () => {
    for (const [gate, u] of [['m', -35], ['n', 25]] as const) {
      const mid = gateSteadyState(gate, u);
      const side = (gateSteadyState(gate, u - 1e-7) + gateSteadyState(gate, u + 1e-7)) / 2;
      expect(mid).toBeCloseTo(side, 9);
    }
  });
});

describe('values at the marker', () => {
  test('gateValuesAt gives the six engine values; readouts show four significant digits and keep the exact value', () => {
    const values = gateValuesAt(-63.1);
    const shown = gateReadouts(values);
    for (const gate of GATES) {
      expect(shown.get(`${gate}Inf`)!.value).toBe(gateSteadyState(gate, -63.1));
      expect(shown.get(`${gate}Tau`)!.value).toBe(gateTimeConstant(gate, -63.1));
    }
    expect(shown.get('voltage')!.text).toBe('−63.1');
    expect(shown.get('hTau')!.text).toBe('20.54');
    expect(shown.get('nInf')!.text).toBe('0.0005604');
  });

  test.each([
    [0.5457, '0.5457'],
    [0.00056039, '0.0005604'],
    [20.5434, '20.54'],
    [0.25771, '0.2577'],
    [1, '1.000'],
    [1e-12, '0.00000000'],
    [0, '0'],
  ])('formatSignificant(%d) = %s', (value, text) => {
    expect(formatSignificant(value)).toBe(text);
  });

  test('the resting potential of the default parameters is -63.054 mV (hodgkin-huxley.ts header)', () => {
    expect(restingPotential(defaultValues(hodgkinHuxley.params))).toBeCloseTo(-63.054, 3);
  });

  test('the summary names the range, the six values and the rest', () => {
    const text = gatingSummary(-100, 50, gateValuesAt(0), -63.054);
    expect(text).toContain('from −100 to 50 mV');
    expect(text).toContain('At u = 0.0 mV: m∞ = ');
    expect(text).toContain(`τn = ${formatSignificant(gateTimeConstant('n', 0))} ms`);
    expect(text).toContain('The resting potential is −63.05 mV.');
  });
});

describe('config', () => {
  test('defaults: u from -100 to 50 mV, the marker at rest to 0.1 mV, its slider first', () => {
    const config = buildGatingConfig({}, 'test');
    expect(config.state.view).toEqual({ uMin: -100, uMax: 50, voltage: -63.1 });
    expect(config.controls.map((c) => c.key)).toEqual(['view.voltage']);
    expect(config.controls[0]!.spec).toMatchObject({ min: -100, max: 50, step: 0.1, unit: 'mV', default: -63.1 });
  });

  test('parameters move the rest, and extra sliders come after the marker', () => {
    const config = buildGatingConfig({ params: { gL: 1 }, controls: ['gL'], u: [-90, 40] }, 'test');
    expect(config.controls.map((c) => c.key)).toEqual(['view.voltage', 'gL']);
    expect(config.state.view!['voltage']).not.toBe(-63.1);
  });

  test.each([
    [{ u: [50, -100] as [number, number] }, /max > min/],
    [{ voltage: 80 }, /outside/],
    [{ params: { gNa: -1 } }, /gNa/],
  ])('refuses %o', (props, message) => {
    expect(() => buildGatingConfig(props, 'test')).toThrow(message);
  });

  test('snapVoltage and viewProblem', () => {
    expect(snapVoltage(-63.0541)).toBe(-63.1);
    expect(snapVoltage(0.30000000000000004)).toBe(0.3);
    const state = buildGatingConfig({}, 'test').state;
    expect(viewProblem(state)).toBeUndefined();
    expect(viewProblem({ ...state, view: { uMin: -100, uMax: 50, voltage: 60 } })).toMatch(/outside/);
    expect(viewProblem({ ...state, view: { uMin: 0, uMax: 0, voltage: 0 } })).toMatch(/uMin < uMax/);
  });
});
