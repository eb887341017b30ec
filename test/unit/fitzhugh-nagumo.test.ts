/**
 * The FitzHugh–Nagumo model against the independent reference set in test/reference/fhn.json (SciPy DOP853
 * at rtol 1e-12): limit-cycle periods for every listed current and method, the resting state, and the
 * coexistence of a stable cycle with stable rest below the subcritical Hopf point.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../validation/comparisons.ts';
import fc from 'fast-check';
import { findFixedPoint } from '../../engine/analysis/steady-state.ts';
import { fixedPoints, linearise, jacobianAt } from '../../engine/analysis/phase-plane.ts';
import type { MethodId } from '../../engine/integrators/index.ts';
import { fitzhughNagumo, type FitzhughNagumoParams } from '../../engine/models/fitzhugh-nagumo.ts';
import { defaultValues } from '../../engine/params/registry.ts';
import { simulate, type SimulationSpec } from '../../engine/simulate.ts';
import { parseScenario, runScenario } from '../../engine/scenario.ts';
import type { Stimulus } from '../../engine/stimuli/stimulus.ts';

interface FhnReference {
  parameters: Record<'a' | 'b' | 'tau', { value: number }>;
  initial_state: { v: number; w: number };
  hopf_points: Record<'lower' | 'upper', { I_hopf: number }>;
  fold_of_limit_cycles: { I_fold: number };
  periods: { points: { I: number; period: number }[] };
}
const reference = JSON.parse(readFileSync(new URL('../reference/fhn.json', import.meta.url), 'utf8')) as FhnReference;
const p: FitzhughNagumoParams = defaultValues(fitzhughNagumo.params);
const start = [reference.initial_state.v, reference.initial_state.w];

describe('FitzHugh–Nagumo parameters and resting state', () => {
  it('defaults equal the reference set, so its numbers apply unchanged', () => {
    expect(p).toEqual({ a: reference.parameters.a.value, b: reference.parameters.b.value, tau: reference.parameters.tau.value });
    expect(fitzhughNagumo.events?.reset).toBeUndefined();
  });

  it('rests at the stable fixed point of I = 0, the left crossing of the nullclines', () => {
    const rest = fitzhughNagumo.initialState(p);
    const [v, w] = [rest[0]!, rest[1]!];
    // On both nullclines to rounding.
    expect(Math.abs(w - (v - v ** 3 / 3))).toBeLessThan(1e-13);
    expect(Math.abs(w - (v + p.a) / p.b)).toBeLessThan(1e-13);
    expect(v).toBeCloseTo(-1.19940803524, 10);
    expect(linearise(jacobianAt(fitzhughNagumo, p, rest, 0)).type).toBe('stable-focus');
    const only = fixedPoints(fitzhughNagumo, p, 0, { x: { min: -3, max: 3 }, y: { min: -3, max: 3 } });
    expect(only).toHaveLength(1);
    expect(Math.abs(only[0]!.state[0]! - v)).toBeLessThan(1e-12);
    // A run at rest stays there: RK4's error on a fixed point is rounding only.
    const run = simulate({ model: fitzhughNagumo, duration: 500 });
    expect(run.spikes.length).toBe(0);
    expect(Math.abs(run.traces['v']!.at(-1)! - v)).toBeLessThan(1e-12);
  });

  it('finds a fixed point for every parameter set in the registry ranges, and a stable one whenever one exists', () => {
    const range = (name: string) => fitzhughNagumo.params.find((s) => s.name === name)!;
    const arbitrary = (name: string) => fc.double({ min: range(name).min, max: range(name).max, noNaN: true });
    fc.assert(
      fc.property(arbitrary('a'), arbitrary('b'), arbitrary('tau'), (a, b, tau) => {
        const q = { a, b, tau };
        const rest = fitzhughNagumo.initialState(q);
        const rate = new Float64Array(2);
        fitzhughNagumo.rhs(0, rest, rate, q, 0);
        expect(Math.max(Math.abs(rate[0]!), Math.abs(rate[1]!))).toBeLessThan(1e-9);
        // Newton from a few spread guesses finds any other fixed point; none may be stable if rest is not.
        if (linearise(jacobianAt(fitzhughNagumo, q, rest, 0)).trace >= 0) {
          for (const guess of [-2.5, 0, 2.5]) {
            const other = findFixedPoint(fitzhughNagumo, q, [guess, guess - guess ** 3 / 3], 0);
            if (other.converged) expect(linearise(jacobianAt(fitzhughNagumo, q, other.state, 0)).trace).toBeGreaterThanOrEqual(-1e-9);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * The period as the mean spacing of the located upward v = 0 crossings after the transient, as the reference
 * measures it. 1000 ms of transient: the reference start (−1, −0.5) lies near the weakly unstable focus for
 * I just above the Hopf point, and the spread of single intervals is below 1e-10 ms after 800 ms (measured).
 */
function period(current: number, spec: Partial<SimulationSpec>): { period: number; count: number } {
  const run = simulate({ model: fitzhughNagumo, stimulus: current, duration: 1800, initial: start, record: ['v'], ...spec });
  const spikes = Array.from(run.spikes).filter((t) => t > 1000);
  return { period: (spikes.at(-1)! - spikes[0]!) / (spikes.length - 1), count: spikes.length };
}

describe.each(reference.periods.points.map((point) => [point.I, point.period] as const))('limit cycle at I = %s (reference period %s ms)', (current, expected) => {
  const readme = [0.35, 0.5, 1.0].includes(current);
  // Tolerances (relative). The reference README's fair tolerances from its probe engine, which takes the
  // step's end as the crossing: RK4 at 0.1 → 1e-6, RK4 at 0.01 → 1e-8, Euler at 0.01 → 3e-4. This engine
  // locates crossings on the method's own solution, so RK4 does better: measured at most 1.06e-7 (dt 0.1)
  // and 1.1e-11 (dt 0.01) over all eight currents; we keep the README's numbers. Euler's error is the
  // method's own (first order, ~2e-4 at 0.01); the README's 3e-4 was derived at 0.35, 0.5 and 1.0 only,
  // and at I = 0.34, close to the Hopf point, the period is more sensitive: measured 4.06e-4, so 5e-4 there.
  // Adaptive Dormand–Prince: measured at most 1.5e-10 at rtol 1e-10 and 1.1e-13 at rtol 1e-12; allowed
  // 1e-9 and 1e-11, the latter also covering the reference's own accuracy (DOP853 at rtol 1e-12).
  it.each<[string, Partial<SimulationSpec>, number]>([
    ['the model default (RK4, 0.1 ms)', {}, tolerance('fhn-default-period')],
    ['RK4 at 0.1 ms', { method: 'rk4', dt: 0.1 }, 1e-6],
    ['RK4 at 0.01 ms', { method: 'rk4', dt: 0.01 }, tolerance('fhn-rk4-fine-period')],
    ['Euler at 0.01 ms', { method: 'euler', dt: 0.01 }, readme ? tolerance('fhn-euler-period') : 5e-4],
    ['adaptive at rtol 1e-10', { method: 'adaptive' as MethodId, rtol: 1e-10, atol: 1e-12, sampleEvery: 10 }, 1e-9],
    ['adaptive at rtol 1e-12', { method: 'adaptive' as MethodId, rtol: 1e-12, atol: 1e-13, sampleEvery: 10 }, 1e-11],
  ])('%s: relative error below %s', (_name, spec, tolerance) => {
    const measured = period(current, spec);
    expect(measured.count).toBeGreaterThanOrEqual(15);
    expect(Math.abs(measured.period / expected - 1)).toBeLessThan(tolerance);
  });
});

describe('the default method and dt meet the README tolerance', () => {
  it('uses RK4 at 0.1 ms, whose periods are within 1e-6 (checked for every current above)', () => {
    expect([fitzhughNagumo.defaultMethod, fitzhughNagumo.defaultDt]).toEqual(['rk4', 0.1]);
  });
});

/** Peak-to-peak v over the last 300 ms of a 6000 ms run: the reference's test for "oscillating" is > 1. */
function swing(current: number, initial: ArrayLike<number>): { swing: number; spikes: number } {
  const run = simulate({ model: fitzhughNagumo, stimulus: current, duration: 6000, initial, record: ['v'] });
  const v = run.traces['v']!.subarray(-3001);
  return { swing: Math.max(...v) - Math.min(...v), spikes: run.spikes.length };
}

describe('bistability below the subcritical Hopf point', () => {
  // A point of the I = 0.35 cycle far from rest: its peak, on the right branch of the cubic.
  const warm = simulate({ model: fitzhughNagumo, stimulus: 0.35, duration: 1000, initial: start, record: ['v', 'w'] });
  const v = warm.traces['v']!;
  let peak = v.length - 500;
  for (let k = v.length - 500; k < v.length; k++) if (v[k]! > v[peak]!) peak = k;
  const onCycle = [v[peak]!, warm.traces['w']![peak]!];
  // The end of the same run lies on the slow left branch, near rest.
  const leftBranch = [v.at(-1)!, warm.traces['w']!.at(-1)!];
  const rest = (current: number) => findFixedPoint(fitzhughNagumo, p, fitzhughNagumo.initialState(p), current).state;

  it.each([0.33, 0.326])('at I = %s the cycle keeps oscillating while rest stays at rest', (current) => {
    expect(current).toBeLessThan(reference.hopf_points.lower.I_hopf);
    const cycle = swing(current, onCycle);
    expect(cycle.swing).toBeGreaterThan(3);
    expect(cycle.spikes).toBeGreaterThan(100);
    const still = swing(current, rest(current));
    expect(still.swing).toBeLessThan(1e-9);
    expect(still.spikes).toBe(0);
  });

  it('the reference fold (0.3293262) is where the unstable cycle crosses a start on the left branch', () => {
    // Just below it, that start lies inside the unstable cycle and decays to rest, while the peak of the
    // cycle, outside, keeps oscillating: a stable cycle still exists there.
    const below = reference.fold_of_limit_cycles.I_fold - 3e-5;
    expect(swing(below, leftBranch).swing).toBeLessThan(1e-3);
    expect(swing(below, onCycle).swing).toBeGreaterThan(3);
    expect(swing(reference.fold_of_limit_cycles.I_fold + 1e-4, leftBranch).swing).toBeGreaterThan(3);
  });

  it('the fold of limit cycles, from starts outside the unstable cycle, lies at I = 0.32418 (± 1e-4)', () => {
    // Independent value: SciPy DOP853 (rtol 1e-10) bisection with the reference's criterion from three far
    // starts gave 0.3241785 for each, and backward integration finds the unstable cycle at 0.3242 but not at
    // 0.32415. 1e-4 is the README's tolerance for an onset current.
    for (const initial of [onCycle, [2, 0]]) {
      let [lo, hi] = [0.32, reference.hopf_points.lower.I_hopf];
      while (hi - lo > 2e-5) {
        const mid = 0.5 * (lo + hi);
        if (swing(mid, initial).swing > 1) hi = mid;
        else lo = mid;
      }
      expect(Math.abs(0.5 * (lo + hi) - 0.3241785)).toBeLessThan(1e-4);
    }
  });
});

describe('the slow ramp of lesson 06 (widget fhn-ramp, RK4 at dt = 0.25 ms)', () => {
  // The widget steps at 0.25 ms rather than the model's 0.1 so that 6 s of simulated time redraws within a frame.
  // The numbers the lesson quotes must not depend on that choice: the noise-free run at 0.05 ms is the reference.
  const ramp = (t: number) => 0.3 + 0.08 * (1 - Math.abs(t - 3000) / 3000);
  const rest = findFixedPoint(fitzhughNagumo, p, fitzhughNagumo.initialState(p), 0.3).state;
  // The widget's current: a constant and two ramps (lesson 06's rampStimulus), then the noise its slider sets.
  const widgetStimulus = (sigma: number, seed: number): Stimulus => [
    { kind: 'constant', amplitude: 0.3 },
    { kind: 'ramp', from: 0, to: 0.08, start: 0, end: 3000 },
    { kind: 'ramp', from: 0.08, to: 0, start: 3000, end: 6000 },
    { kind: 'noise', mean: 0, sigma, seed },
  ];
  const expressionStimulus = (sigma: number, seed: number): Stimulus => [
    { kind: 'expression', expression: '0.30 + 0.08 * (1 - abs(t - 3000) / 3000)' },
    { kind: 'noise', mean: 0, sigma, seed },
  ];
  const run = (dt: number, sigma: number, stimulus = widgetStimulus, seed = 1) => {
    const parsed = parseScenario({ version: 1, model: 'fitzhugh-nagumo', method: 'rk4', dt, duration: 6000, initial: { v: rest[0]!, w: rest[1]! }, stimulus: stimulus(sigma, seed) });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return runScenario(parsed.scenario).spikes;
  };

  it('the constant and two ramps are the expression 0.30 + 0.08 (1 - |t - 3000| / 3000), spike for spike', () => {
    // The two forms round differently in the last bit, and the noise-free onset after a slow passage through the
    // Hopf point is sensitive to the smallest deviation: 1e-3 ms is far below the lesson's precision (measured 2e-4).
    for (const [sigma, seed] of [[0, 1], [0.002, 1], [0.002, 7]] as const) {
      const widget = run(0.25, sigma, widgetStimulus, seed);
      const typed = run(0.25, sigma, expressionStimulus, seed);
      expect(widget.length).toBe(typed.length);
      widget.forEach((t, k) => expect(Math.abs(t - typed[k]!)).toBeLessThan(1e-3));
    }
  });

  it('without noise, firing starts at t = 2538 ms (I = 0.3677) and stops at 5089 ms (I = 0.3243), as at dt = 0.05 ms', () => {
    const widget = run(0.25, 0);
    const fine = run(0.05, 0);
    expect(widget.length).toBe(fine.length);
    // 0.5 ms: the precision of the lesson's figures; the two step sizes agreed to 0.1 ms here.
    expect(Math.abs(widget[0]! - fine[0]!)).toBeLessThan(0.5);
    expect(Math.abs(widget.at(-1)! - fine.at(-1)!)).toBeLessThan(0.5);
    expect(Math.abs(widget[0]! - 2538)).toBeLessThan(0.5);
    expect(Math.abs(widget.at(-1)! - 5089)).toBeLessThan(0.5);
    expect(ramp(widget[0]!).toFixed(4)).toBe('0.3677');
    expect(ramp(widget.at(-1)!).toFixed(4)).toBe('0.3243');
  });

  it('with noise σ = 0.002 (the widget’s seed 1), firing starts at I = 0.341, near I_H, and stops near the fold', () => {
    const noisy = run(0.25, 0.002);
    expect(ramp(noisy[0]!).toFixed(3)).toBe('0.341');
    expect(Math.abs(ramp(noisy.at(-1)!) - 0.32418)).toBeLessThan(0.003);
  });
});
