/**
 * The F(u) widget's analysis against the nonlinear integrate-and-fire models' closed forms: F itself, the
 * rheobase (found here by minimising F numerically, checked against eifRheobase / qifRheobase /
 * lifRheobase), the fixed points and their stability, the flow between them, and the texts shown.
 */
import { describe, expect, test } from 'vitest';
import {
  defaultValues,
  eif,
  eifRestingPotential,
  eifRheobase,
  lif,
  lifRheobase,
  qif,
  qifNormalForm,
  qifRheobase,
  type EifParams,
  type LifParams,
  type QifParams,
} from '../../engine/index.ts';
import { analyseFu, fixedPointsOf, flowSegments, fuSystem, minimumOfF, rheobaseOf, curveOfF, fDomain } from '../../widgets/f-u/analysis.ts';
import { buildFuConfig, currentOf, defaultURange } from '../../widgets/f-u/config.ts';
import { computeFuReadouts, fuSummary } from '../../widgets/f-u/summary.ts';
import type { WidgetState } from '../../widgets/lib/state.ts';

const eifP = (o: Partial<EifParams> = {}): EifParams => ({ ...defaultValues(eif.params), ...o });
const qifP = (o: Partial<QifParams> = {}): QifParams => ({ ...defaultValues(qif.params), ...o });
const lifP = (o: Partial<LifParams> = {}): LifParams => ({ ...defaultValues(lif.params), ...o });

// Golden-section search locates the minimum to ~1e-7 mV; F is flat there, so its value (and the
// rheobase) agrees with the closed form to a few ulps. 1e-12 relative leaves room for that.
const RHEOBASE_TOL = 1e-12;

describe('F(u) read off the right-hand side', () => {
  test.each([-80, -65, -55, -40, -31])('EIF at %d mV equals -(u - uRest) + ΔT exp((u - ϑrh)/ΔT)', (u) => {
    const p = eifP();
    const expected = -(u - p.uRest) + p.deltaT * Math.exp((u - p.thetaRh) / p.deltaT);
    expect(fuSystem(eif, p).F(u)).toBeCloseTo(expected, 12);
  });

  test.each([-80, -65, -60, -55, -10])('QIF at %d mV equals a0 (u - uRest)(u - uC)', (u) => {
    const p = qifP();
    expect(fuSystem(qif, p).F(u)).toBeCloseTo(p.a0 * (u - p.uRest) * (u - p.uC), 12);
  });

  test('LIF: F is the leak, the cut-off is the threshold, the reset uReset', () => {
    const sys = fuSystem(lif, lifP());
    expect(sys.F(-70)).toBeCloseTo(5, 12);
    expect(sys.cutoff).toBe(-50);
    expect(sys.reset).toBe(-70);
  });

  test('QIF and EIF: cut-off uPeak and reset uReset from the model events', () => {
    expect(fuSystem(qif, qifP({ uPeak: 10 }))).toMatchObject({ cutoff: 10, reset: -60, R: 10, tauM: 10 });
    expect(fuSystem(eif, eifP())).toMatchObject({ cutoff: -30, reset: -60, R: 20, tauM: 12 });
    expect(Object.is(fuSystem(qif, qifP()).cutoff, -0)).toBe(false);
  });
});

describe('rheobase: minimum of F found numerically equals the closed form', () => {
  describe.each([
    // The book's exercise set: (ϑrh - uRest - ΔT) / R = 0.4 nA.
    { name: 'EIF defaults', o: {} },
    // A sharp upswing: the minimum sits 0.2 mV wide.
    { name: 'EIF ΔT 0.2', o: { deltaT: 0.2 } },
    // A soft one, with ϑrh close to the cut-off.
    { name: 'EIF ΔT 10, ϑrh -35', o: { deltaT: 10, thetaRh: -35 } },
  ])('$name', ({ o }) => {
    test('rheobase and argmin', () => {
      const p = eifP(o);
      const sys = fuSystem(eif, p);
      const min = minimumOfF(sys);
      expect(min.interior).toBe(true);
      expect(min.u).toBeCloseTo(p.thetaRh, 5);
      expect(Math.abs(rheobaseOf(sys, min) - eifRheobase(p))).toBeLessThanOrEqual(RHEOBASE_TOL * Math.max(1, Math.abs(eifRheobase(p))));
    });
  });

  test.each([
    { uRest: -65, uC: -55, a0: 0.1, R: 10 },
    { uRest: -70, uC: -40, a0: 0.02, R: 50 },
    { uRest: -60, uC: -59, a0: 1, R: 1 },
  ])('QIF %o: rheobase -c0 / R, minimum at c1', (o) => {
    const p = qifP(o);
    const sys = fuSystem(qif, p);
    const min = minimumOfF(sys);
    expect(min.u).toBeCloseTo(qifNormalForm(p).c1, 5);
    expect(Math.abs(rheobaseOf(sys, min) - qifRheobase(p))).toBeLessThanOrEqual(RHEOBASE_TOL * Math.max(1, qifRheobase(p)));
  });

  test('LIF: the minimum of the falling line below threshold is at threshold; rheobase (ϑ - uRest)/R', () => {
    const p = lifP({ R: 7 });
    const min = minimumOfF(fuSystem(lif, p));
    expect(min).toEqual({ u: p.theta, F: -(p.theta - p.uRest), interior: false });
    expect(rheobaseOf(fuSystem(lif, p))).toBeCloseTo(lifRheobase(p), 14);
  });
});

describe('fixed points', () => {
  test.each([0, 0.1, 0.26, 0.39])('EIF at %d nA: the stable point equals eifRestingPotential, the unstable one is a zero above ϑrh', (current) => {
    const p = eifP();
    const sys = fuSystem(eif, p);
    const fixed = fixedPointsOf(sys, current);
    expect(fixed.map((f) => f.stability)).toEqual(['stable', 'unstable']);
    expect(fixed[0]!.u).toBeCloseTo(eifRestingPotential(p, current), 9);
    expect(fixed[1]!.u).toBeGreaterThan(p.thetaRh);
    expect(Math.abs(sys.F(fixed[1]!.u) + p.R * current)).toBeLessThan(1e-9);
    expect(fixed[0]!.slope).toBeLessThan(0);
    expect(fixed[1]!.slope).toBeGreaterThan(0);
  });

  test('EIF at zero current: rest at -64.99 mV and the unstable point at -51.13 mV (as lesson 2 states)', () => {
    const fixed = fixedPointsOf(fuSystem(eif, eifP()), 0);
    expect(fixed[0]!.u).toBeCloseTo(-64.99, 2);
    expect(fixed[1]!.u).toBeCloseTo(-51.13, 2);
  });

  test.each([0, 0.1, 0.2, -0.5])('QIF at %d nA: c1 ∓ sqrt(-(c0 + R I)/c2)', (current) => {
    const p = qifP();
    const { c0, c1, c2 } = qifNormalForm(p);
    const half = Math.sqrt(-(c0 + p.R * current) / c2);
    const fixed = fixedPointsOf(fuSystem(qif, p), current);
    expect(fixed.map((f) => f.u)).toEqual([expect.closeTo(c1 - half, 9), expect.closeTo(c1 + half, 9)]);
  });

  test('QIF: an unstable zero above the cut-off is not a fixed point (the model spikes and resets first)', () => {
    // uPeak -40: at -5 nA the zeros are -60 ± 22.9 mV, the upper one beyond the cut-off.
    const fixed = fixedPointsOf(fuSystem(qif, qifP({ uPeak: -40 })), -5);
    expect(fixed).toHaveLength(1);
    expect(fixed[0]!.stability).toBe('stable');
  });

  test('LIF: one stable point at uRest + R I below rheobase, none above', () => {
    const p = lifP();
    expect(fixedPointsOf(fuSystem(lif, p), 1)).toEqual([{ u: expect.closeTo(-55, 9), slope: expect.closeTo(-1, 6), stability: 'stable' }]);
    expect(fixedPointsOf(fuSystem(lif, p), 1.51)).toEqual([]);
  });

  test('above rheobase there is none; exactly at it one half-stable point at the minimum of F', () => {
    const p = eifP();
    const sys = fuSystem(eif, p);
    expect(fixedPointsOf(sys, 0.41)).toEqual([]);
    const merged = fixedPointsOf(sys, eifRheobase(p));
    expect(merged).toHaveLength(1);
    expect(merged[0]!.stability).toBe('half-stable');
    expect(merged[0]!.u).toBeCloseTo(p.thetaRh, 5);
  });
});

describe('flow on the u-axis', () => {
  test('right below rest, left between the fixed points, right above the unstable one', () => {
    const sys = fuSystem(eif, eifP());
    const fixed = fixedPointsOf(sys, 0.1);
    const flow = flowSegments(sys, 0.1, fixed, -80, -20);
    expect(flow.map((s) => s.direction)).toEqual([1, -1, 1]);
    expect(flow[0]!.from).toBe(-80);
    expect(flow[2]!.to).toBe(-30); // stops at the cut-off
  });

  test('above rheobase the flow runs right everywhere', () => {
    const sys = fuSystem(qif, qifP());
    expect(flowSegments(sys, 1, [], -80, -40)).toEqual([{ from: -80, to: -40, direction: 1 }]);
  });

  test('the curve stops at the cut-off; the F axis holds the minimum and the input line at both ends of the range', () => {
    const sys = fuSystem(eif, eifP());
    const curve = curveOfF(sys, -80, 0, 101);
    expect(curve.u[curve.u.length - 1]).toBe(-30);
    const [lo, hi] = fDomain(sys, minimumOfF(sys), -80, -30, [0, 1]);
    expect(lo).toBeLessThan(-20);
    expect(hi).toBeGreaterThan(sys.F(-80));
  });
});

describe('readouts and summary', () => {
  const config = buildFuConfig({ model: 'eif', current: 0.14, currentRange: [0, 1], u: [-80, -30] }, 'test');

  test('two fixed points: values, and the input 0.26 nA below rheobase', () => {
    const a = analyseFu(eif, eifP(), 0.14, [-80, -30], [0, 1]);
    const shown = computeFuReadouts(config.readouts, a);
    expect(shown.get('count')).toEqual({ value: 2, text: '2' });
    expect(shown.get('stable')!.value).toBe(a.fixed[0]!.u);
    expect(shown.get('unstable')!.value).toBe(a.fixed[1]!.u);
    expect(shown.get('rheobase')!.text).toBe('0.400');
    expect(shown.get('margin')!.text).toBe('−0.260');
    expect(fuSummary(a, 'nA')).toMatch(/Two fixed points: stable at −62\.\d mV, unstable at −51\.\d mV; the input is 0\.26 nA below rheobase \(0\.400 nA\)\./);
  });

  test('none above rheobase: the readouts say none and the summary says the neuron fires', () => {
    const a = analyseFu(eif, eifP(), 0.5, [-80, -30], [0, 1]);
    const shown = computeFuReadouts(config.readouts, a);
    expect(shown.get('count')!.text).toBe('none');
    expect(shown.get('stable')).toMatchObject({ text: '—', note: 'none: the neuron fires repetitively' });
    expect(fuSummary(a, 'nA')).toMatch(/No fixed point below the cut-off at −30\.0 mV; the input is 0\.10 nA above rheobase .* fires repetitively\./);
  });

  test('at rheobase', () => {
    const a = analyseFu(eif, eifP(), 0.4, [-80, -30], [0, 1]);
    expect(fuSummary(a, 'nA')).toMatch(/One fixed point: half-stable at −55\.0 mV; the input is at rheobase/);
  });
});

describe('config', () => {
  test('the current slider comes first, ranged by currentRange; the state is one constant current', () => {
    const config = buildFuConfig({ model: 'qif', current: 0.1, currentRange: [-0.5, 1], controls: ['a0', 'stimulus.amplitude'] }, 'test');
    expect(config.controls.map((c) => c.key)).toEqual(['stimulus.amplitude', 'a0']);
    expect(config.controls[0]!.spec).toMatchObject({ min: -0.5, max: 1, default: 0.1, unit: 'nA' });
    expect(currentOf(config.state)).toBe(0.1);
    expect(config.state.view).toEqual({ uMin: -80, uMax: -40 });
  });

  test('defaults: current 0, range to twice the rheobase, u from below rest to above the unstable point', () => {
    const config = buildFuConfig({}, 'test');
    expect(config.state.model).toBe('eif');
    expect(config.currentRange).toEqual([0, 0.8]);
    expect(defaultURange(eif, eifP())).toEqual([-80, -35]);
    expect(defaultURange(lif, lifP())).toEqual([-85, -45]);
    expect(config.readouts.map((r) => r.id)).toEqual(['count', 'stable', 'unstable', 'rheobase', 'margin']);
    expect(buildFuConfig({ model: 'lif' }, 'test').readouts.map((r) => r.id)).not.toContain('unstable');
  });

  test.each([
    [{ model: 'hh' }, /FUPlot shows/],
    [{ model: 'eif', current: 2, currentRange: [0, 1] as [number, number] }, /outside currentRange/],
    [{ model: 'eif', u: [-30, -80] as [number, number] }, /max > min/],
    [{ model: 'qif', params: { uC: -70 } }, /critical voltage/],
    [{ model: 'eif', controls: ['nonsense'] }, /names no parameter/],
  ])('refuses %o', (props, message) => {
    expect(() => buildFuConfig(props, 'test')).toThrow(message);
  });

  test('currentOf refuses anything but one constant component', () => {
    const base = buildFuConfig({}, 'test').state;
    const steps: WidgetState = { ...base, stimulus: [{ kind: 'step', amplitude: 1, start: 0, end: 10 }] };
    expect(currentOf(steps)).toMatch(/single constant/);
    expect(currentOf({ ...base, stimulus: [] })).toMatch(/single constant/);
  });
});
