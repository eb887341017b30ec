/**
 * Quadratic and exponential integrate-and-fire neurons against what follows from their equations
 * (Neuronal Dynamics Sec. 5.1–5.3): the QIF's closed-form travel time (an arctan), its ideal spike at
 * infinity, and the rheobase of both models where F(u) + R I loses its fixed points.
 */
import { describe, expect, it } from 'vitest';
import type { MethodId } from '../../engine/integrators/index.ts';
import { eif, eifRestingPotential, eifRheobase, qif, qifNormalForm, qifRheobase, qifTravelTime, type EifParams, type QifParams } from '../../engine/models/nonlinear-if.ts';
import { defaultValues } from '../../engine/params/registry.ts';
import { simulate, SpecError } from '../../engine/simulate.ts';

const q: QifParams = defaultValues(qif.params);
const e: EifParams = defaultValues(eif.params);
const F = {
  qif: (u: number) => q.a0 * (u - q.uRest) * (u - q.uC),
  eif: (u: number) => -(u - e.uRest) + e.deltaT * Math.exp((u - e.thetaRh) / e.deltaT),
};

describe('QIF', () => {
  it('F(u) = a0 (u - uRest)(u - uC) is the normal form c2 (u - c1)^2 + c0 of the course', () => {
    const { c2, c1, c0 } = qifNormalForm(q);
    expect({ c2, c1, c0 }).toEqual({ c2: 0.1, c1: -60, c0: -2.5 });
    for (const u of [-90, -65, -60, -55, -20, 0]) expect(c2 * (u - c1) ** 2 + c0).toBeCloseTo(F.qif(u), 12);
    // a0 = 1/(uC - uRest) gives the LIF's leak near rest: F'(uRest) = -1.
    expect((F.qif(q.uRest + 1e-6) - F.qif(q.uRest - 1e-6)) / 2e-6).toBeCloseTo(-1, 6);
  });

  it('has its rheobase where R I cancels the minimum of F: 2.5 mV / 10 MΩ = 0.25 nA', () => {
    expect(qifRheobase(q)).toBeCloseTo(0.25, 12);
    // Below it the stable zero of F + R I is c1 - sqrt(-(c0 + R I)/c2); the neuron settles there.
    const current = 0.2;
    const { c2, c1, c0 } = qifNormalForm(q);
    const rest = c1 - Math.sqrt(-(c0 + q.R * current) / c2);
    const run = simulate({ model: qif, stimulus: current, duration: 1000 });
    expect(run.spikes.length).toBe(0);
    // The slope there, sqrt(-(c0 + R I) c2) · 2 / tauM = 0.045 /ms, leaves e^-45 of the 5 mV start after 1 s.
    expect(Math.abs(run.traces['u']!.at(-1)! - rest)).toBeLessThan(1e-9);
    expect(simulate({ model: qif, stimulus: qifRheobase(q) * 1.01, duration: 1000 }).spikes.length).toBeGreaterThan(0);
  });

  // Closed form: tauM dx/dt = c2 x^2 + beta with x = u - c1, beta = c0 + R I, gives the travel time
  // tauM / sqrt(c2 beta) [atan(x sqrt(c2/beta))] between reset (or rest) and the cut-off.
  // Tolerances: RK4 at 0.05 ms is fourth order, and the quadratic's slope at the 0 mV cut-off
  // (c2 60^2 / tauM ≈ 36 mV/ms) is gentle, so the error is ~1e-7 ms (measured 1e-7); we allow 1e-6.
  // Euler at 0.01 ms is first order: measured 0.033 ms at 0.3 nA, where u creeps past c1; we allow 0.05 ms.
  describe.each([0.3, 0.5, 1, 2])('at %f nA', (current) => {
    const first = qifTravelTime(q, current, q.uRest, q.uPeak);
    const isi = qifTravelTime(q, current, q.uReset, q.uPeak);

    it.each<[MethodId, number, number]>([
      [qif.defaultMethod as MethodId, qif.defaultDt, 1e-6],
      ['euler', 0.01, 0.05],
    ])('%s at %f ms: first spike and intervals within %f ms of the closed form', (method, dt, tolerance) => {
      const spikes = simulate({ model: qif, stimulus: current, method, dt, duration: 300 }).spikes;
      expect(spikes.length).toBe(1 + Math.floor((300 - first) / isi));
      expect(Math.abs(spikes[0]! - first)).toBeLessThan(tolerance);
      for (let k = 1; k < spikes.length; k++) expect(Math.abs(spikes[k]! - spikes[k - 1]! - isi)).toBeLessThan(tolerance);
    });

    it('approaches the ideal QIF (spike at infinity, atan → π/2) as the cut-off rises', () => {
      const uPeak = 1000;
      const ideal = qifTravelTime(q, current, q.uReset, Number.POSITIVE_INFINITY);
      const spikes = simulate({ model: qif, params: { uPeak }, stimulus: current, method: 'adaptive', rtol: 1e-10, atol: 1e-10, duration: 300 }).spikes;
      const simulated = spikes[2]! - spikes[1]!;
      // The time from the cut-off to infinity is tauM / sqrt(c2 beta) (π/2 - atan(x1 sqrt(c2/beta))), less than
      // tauM / (c2 x1) with x1 = uPeak - c1 (atan's tail): 0.094 ms here. The simulated ISI must fall short of
      // the ideal by no more than that, and match the finite-cut-off closed form to the solver's 1e-10 accuracy.
      const tail = q.tauM / (q.a0 * (uPeak - qifNormalForm(q).c1));
      expect(ideal - simulated).toBeGreaterThan(0);
      expect(ideal - simulated).toBeLessThan(tail);
      expect(Math.abs(simulated - qifTravelTime({ ...q, uPeak }, current, q.uReset, uPeak))).toBeLessThan(1e-8);
    });
  });
});

describe('EIF', () => {
  it('has its rheobase where F(u) + R I loses its fixed points: R I_rh = (thetaRh - uRest) - deltaT', () => {
    // F'(u) = -1 + exp((u - thetaRh)/deltaT) vanishes at u = thetaRh, the minimum of the convex F;
    // F(thetaRh) = -(thetaRh - uRest) + deltaT, so F + R I has zeros while R I <= (thetaRh - uRest) - deltaT.
    const slope = (F.eif(e.thetaRh + 1e-6) - F.eif(e.thetaRh - 1e-6)) / 2e-6;
    expect(Math.abs(slope)).toBeLessThan(1e-8);
    expect(F.eif(e.thetaRh) + e.R * eifRheobase(e)).toBeCloseTo(0, 12);
    // The exercise set (tau 12 ms, R 20 MΩ, rest -65, thetaRh -55, deltaT 2): (10 - 2) mV / 20 MΩ = 0.4 nA.
    expect(eifRheobase(e)).toBeCloseTo(0.4, 12);
    expect(eifRestingPotential(e, eifRheobase(e) * 1.001)).toBeNaN();
  });

  it('settles at the fixed point below rheobase', () => {
    const current = 0.3;
    const rest = eifRestingPotential(e, current);
    expect(F.eif(rest) + e.R * current).toBeCloseTo(0, 10);
    const run = simulate({ model: eif, stimulus: current, duration: 500 });
    expect(run.spikes.length).toBe(0);
    // Relaxation rate -F'(rest)/tauM = 0.072 /ms: e^-36 of the 6 mV start is left after 500 ms.
    expect(Math.abs(run.traces['u']!.at(-1)! - rest)).toBeLessThan(1e-9);
  });

  it('never fires just below rheobase and fires just above it', () => {
    const rheobase = eifRheobase(e);
    expect(simulate({ model: eif, stimulus: rheobase * 0.999, duration: 2000 }).spikes.length).toBe(0);
    // At 1 % above, the passage near u = thetaRh takes about π tauM sqrt(2 deltaT / (R ΔI)) ≈ 270 ms.
    expect(simulate({ model: eif, stimulus: rheobase * 1.01, duration: 2000 }).spikes.length).toBeGreaterThan(1);
  });

  it('starts at rest: initialState is the zero of F at no input', () => {
    const u0 = eif.initialState(e)[0]!;
    expect(Math.abs(F.eif(u0))).toBeLessThan(1e-12);
    expect(u0).toBeGreaterThan(e.uRest);
  });
});

describe('both models', () => {
  it.each([
    ['qif', qif, { uPeak: -60 }],
    ['eif', eif, { uPeak: -60 }],
    ['qif', qif, { uReset: 10 }],
    ['eif', eif, { uReset: -20 }],
  ] as const)('%s rejects a cut-off that is not above the threshold region or the reset (%o)', (_name, model, params) => {
    expect(() => simulate({ model, params, duration: 10 })).toThrow(SpecError);
  });

  it('clamp their slopes at the cut-off, so Runge–Kutta stages beyond it stay finite', () => {
    const slope = (rhs: (y: Float64Array, dydt: Float64Array) => void, u: number) => {
      const dydt = new Float64Array(1);
      rhs(Float64Array.of(u), dydt);
      return dydt[0]!;
    };
    const qifRhs = (y: Float64Array, dydt: Float64Array) => qif.rhs(0, y, dydt, q, 1);
    const eifRhs = (y: Float64Array, dydt: Float64Array) => eif.rhs(0, y, dydt, e, 1);
    expect(slope(qifRhs, 1e6)).toBe(slope(qifRhs, q.uPeak));
    expect(slope(eifRhs, 1e6)).toBe(slope(eifRhs, e.uPeak));
    expect(Number.isFinite(slope(eifRhs, 1e6))).toBe(true);
  });

  it('hold u at reset during tRef', () => {
    const run = simulate({ model: eif, params: { tRef: 3 }, stimulus: 1, duration: 100, dt: 0.01 });
    const spike = run.spikes[0]!;
    run.t.forEach((t, k) => {
      if (t > spike + 0.01 && t < spike + 3 - 0.01) expect(run.traces['u']![k]).toBe(e.uReset);
    });
  });
});
