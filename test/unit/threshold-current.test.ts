/**
 * Threshold currents by bisection: the LIF's against its closed forms (Neuronal Dynamics Sec. 1.3:
 * rheobase (θ − u_rest)/R; a pulse of length d reaches θ when R I (1 − e^(−d/τm)) = θ − u_rest), and
 * Hodgkin–Huxley's against the bisections of the independent reference (test/reference/hh.json).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifRheobase } from '../../engine/analysis/lif-analytic.ts';
import { bisect, repetitiveThreshold, rheobase, strengthDuration } from '../../engine/analysis/threshold-current.ts';
import { hodgkinHuxley } from '../../engine/models/hodgkin-huxley.ts';
import { lif, type LifParams } from '../../engine/models/lif.ts';
import { defaultValues } from '../../engine/params/registry.ts';
import { simulate } from '../../engine/simulate.ts';

/** Budget for tests that run several 1 s simulations: the 5 s default is too tight on a loaded 2-core machine. */
const SLOW = 30_000;

interface HhThresholds {
  rheobase: { bracket_uA_per_cm2: [number, number]; value_uA_per_cm2: number; n_spikes_at_upper_bracket: number };
  repetitive_firing_threshold: { bracket_uA_per_cm2: [number, number] };
}
const reference = JSON.parse(readFileSync(new URL('../reference/hh.json', import.meta.url), 'utf8')) as HhThresholds;
const lifP: LifParams = defaultValues(lif.params);

describe('bisect', () => {
  it('brackets the edge of any step predicate to the requested precision (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (edge, precision) => {
        const bracket = bisect((x) => x >= edge, 0, 0.01, 5000, precision);
        expect(bracket.lower).toBeLessThan(edge);
        expect(bracket.upper).toBeGreaterThanOrEqual(edge);
        expect(bracket.upper - bracket.lower).toBeLessThanOrEqual(precision);
        expect(Math.abs(bracket.value - edge)).toBeLessThanOrEqual(precision / 2);
      }),
    );
  });

  it('reports an open bracket when nothing up to the limit elicits the response', () => {
    const bracket = bisect(() => false, 0, 1, 10, 1e-3);
    expect(bracket).toMatchObject({ lower: 10, upper: Number.POSITIVE_INFINITY, value: Number.POSITIVE_INFINITY });
    expect(() => bisect(() => true, 0, 1, 10, 0)).toThrow(RangeError);
  });
});

describe('LIF against its closed forms', () => {
  // `exact` integrates the LIF without error, so the only error left is the bisection's: the threshold
  // lies in the returned bracket (up to 1e-9 for rounding) and the midpoint within precision/2 of it.
  const precision = 1e-6;

  it('rheobase equals (θ − u_rest) / R', () => {
    const bracket = rheobase(lif, {}, { precision });
    const exact = lifRheobase(lifP);
    expect(bracket.lower).toBeLessThanOrEqual(exact + 1e-9);
    expect(bracket.upper).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(bracket.upper - bracket.lower).toBeLessThanOrEqual(precision);
    expect(Math.abs(bracket.value - exact)).toBeLessThanOrEqual(precision / 2 + 1e-9);
  });

  it('rheobase follows the parameters (θ − u_rest) / R for another set', () => {
    const params = { R: 20, theta: -55, uRest: -70 };
    const bracket = rheobase(lif, params, { precision });
    expect(Math.abs(bracket.value - 0.75)).toBeLessThanOrEqual(precision / 2 + 1e-9);
  });

  // Durations on and off the 0.1 ms grid (the simulator splits the step where the pulse ends); 0.4 ms
  // needs 38 nA, within the LIF's 50 nA input range.
  const durations = [0.4, 0.5, 1, 2, 3.3, 5, 10, 20, 50];
  const points = strengthDuration(lif, {}, durations, { precision });

  it.each(points.map((point) => [point.duration, point] as const))('a %s ms pulse needs I_rh / (1 − e^(−d/τm))', (d, point) => {
    const exact = lifRheobase(lifP) / (1 - Math.exp(-d / lifP.tauM));
    expect(point.lower).toBeLessThanOrEqual(exact + 1e-9);
    expect(point.upper).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(Math.abs(point.value - exact)).toBeLessThanOrEqual(precision / 2 + 1e-9);
  });

  it('says so when a pulse is too short for any current in the input range', () => {
    // 0.1 ms would need 150.75 nA, beyond the LIF's 50 nA range.
    const [point] = strengthDuration(lif, {}, [0.1]);
    expect(point!.upper).toBe(Number.POSITIVE_INFINITY);
    expect(point!.lower).toBe(lif.input.max);
  });
});

describe('Hodgkin–Huxley against the reference bisections', () => {
  // The README's tolerance for threshold currents is ±0.005 µA/cm². Measured with RK4 at 0.01 ms and
  // precision 1e-5: rheobase bracket [0.283374, 0.283380] (inside the reference's [0.283356, 0.283432]);
  // repetitive threshold [0.3738953, 0.3739014] against [0.3738985, 0.3739860].
  it('rheobase is 0.2834 µA/cm² (±0.005)', () => {
    const bracket = rheobase(hodgkinHuxley, {}, { precision: 1e-4 });
    expect(Math.abs(bracket.value - reference.rheobase.value_uA_per_cm2)).toBeLessThan(0.005);
    expect(bracket.upper - bracket.lower).toBeLessThanOrEqual(1e-4);
  }, SLOW);

  it("fires 0 spikes at the reference's lower bracket and 1 at its upper one", () => {
    // A sharper check than ±0.005: the reference re-checked its bracket at rtol 1e-10 (0 and 1 spikes).
    const [lo, hi] = reference.rheobase.bracket_uA_per_cm2;
    const count = (amplitude: number) => simulate({ model: hodgkinHuxley, stimulus: amplitude, duration: 1000, record: ['v'], sampleEvery: 10 }).spikes.length;
    expect(count(lo)).toBe(0);
    expect(count(hi)).toBe(reference.rheobase.n_spikes_at_upper_bracket);
  });

  it('repetitive firing starts at 0.3739 µA/cm² (±0.005)', () => {
    const [lo, hi] = reference.repetitive_firing_threshold.bracket_uA_per_cm2;
    const bracket = repetitiveThreshold(hodgkinHuxley, {}, { precision: 1e-4 });
    expect(Math.abs(bracket.value - 0.5 * (lo + hi))).toBeLessThan(0.005);
  }, SLOW);

  it('the strength–duration curve falls with duration towards the rheobase', () => {
    const curve = strengthDuration(hodgkinHuxley, {}, [0.5, 2, 10, 50], { precision: 1e-3 });
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.value).toBeLessThan(curve[i - 1]!.value);
    // A 50 ms pulse is long against every gate's time constant, so it needs little more than the rheobase.
    expect(curve.at(-1)!.value).toBeGreaterThan(reference.rheobase.value_uA_per_cm2 - 0.005);
    expect(curve.at(-1)!.value).toBeLessThan(reference.rheobase.value_uA_per_cm2 + 0.01);
  }, SLOW);
});
