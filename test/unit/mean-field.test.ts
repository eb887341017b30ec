/**
 * The Izhikevich mean field and its Lorentzian spiking network (engine/mean-field/) against the reference
 * test/reference/ik_meanfield.json (REFERENCE-README section 7): the PyRates `ik_nodim` mean field solved with
 * SciPy DOP853 at rtol 1e-10 (converged to 1e-10 for g = 0.5, 6.4e-10 for g = 1.5), and a deterministic
 * N = 10000 network (forward Euler, dt 1e-3, v_p = 100).
 *
 * The whole N = 10000 run (10¹⁰ neuron-steps, 20–28 s in Node) is too slow for this suite; it was run once by hand
 * and matched the reference's time-averaged rate to 4 spikes in 378554 (0.037855 against 0.0378554) and every
 * 0.1-bin up to t = 182.5. Here the first 15 time units check the same mechanism step for step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../validation/comparisons.ts';
import { defaultValues } from '../../engine/params/registry.ts';
import { ikMeanFieldParams, ikProtocol, simulateIkMeanField } from '../../engine/mean-field/izhikevich-mean-field.ts';
import { createLorentzianNetwork, lorentzianQuantiles, simulateLorentzianNetwork, smoothRate } from '../../engine/mean-field/lorentzian-network.ts';

interface Trace {
  t: number[];
  r: number[];
  v: number[];
  u: number[];
  s: number[];
}
interface Scenario {
  id: string;
  parameters: Record<string, { value: number }>;
  results: {
    mean_field: Trace;
    network_N10000?: {
      rate: number[];
      t_samples: number[];
      mean_v_nonrefractory: number[];
      mean_w: number[];
      s: number[];
      rate_mean_network_over_run: number;
      rate_mean_meanfield_over_run: number;
    };
  };
}
const reference = JSON.parse(readFileSync(new URL('../reference/ik_meanfield.json', import.meta.url), 'utf8')) as { scenarios: Scenario[] };
const [g05, g15] = reference.scenarios as [Scenario, Scenario];

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>, count = b.length): number => {
  let worst = 0;
  for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

const protocolRun = (g: number, method: 'rk4' | 'euler', dt: number) =>
  simulateIkMeanField({ params: { g }, input: ikProtocol.segments, duration: ikProtocol.duration, dt, method, sampleEvery: 0.1 });

describe('registry and protocol', () => {
  it('defaults are the reference parameters (PyRates ik_nodim)', () => {
    const p = g05.parameters;
    expect(defaultValues(ikMeanFieldParams)).toEqual({
      Delta: p.Delta!.value, tau: p.tau!.value, eta: p.eta!.value, alpha: p.alpha!.value, g: p.g!.value,
      Er: p.E_r!.value, a: p.a!.value, b: p.b!.value, d: p.d!.value, tauS: p.tau_s!.value,
    });
  });
});

describe.each([
  // RK4 with the stimulus held over each step meets the converged reference to its own accuracy. The README's
  // 4e-5 / 1.3e-4 came from a probe that sampled the next segment at the last stage (an O(dt) error at the
  // switches); without that error RK4's global error at dt 0.01 is C dt⁴ ≈ 1e-11 (1.65e-7 at dt 0.1 measured).
  // Measured worst r, v: 5.3e-11, 1.1e-10 (g 0.5) and 2.1e-10, 7.4e-10 (g 1.5, at the reference's own 6.4e-10).
  // Tolerance 1e-8: ten times the reference's own error, and still 4000 times inside the README's figure.
  { scenario: g05, rk4: tolerance('mean-field-g0.5-rk4'), euler: tolerance('mean-field-g0.5-euler') },
  // Euler at 0.01 is first order: the README gives 2e-3 (g 0.5) and 5.8e-3 (g 1.5); measured 2.10e-3 and 5.76e-3.
  // The tolerance is the README's figure plus 10 % for what a rounding of its two digits hides.
  { scenario: g15, rk4: tolerance('mean-field-g1.5-rk4'), euler: tolerance('mean-field-g1.5-euler') },
])('mean field against the reference $scenario.id', ({ scenario, rk4, euler }) => {
  const ref = scenario.results.mean_field;
  const g = scenario.parameters.g!.value;

  it(`RK4 at dt 0.01: r, v, u, s within ${rk4} of the reference at every sample (0.1 apart)`, () => {
    const run = protocolRun(g, 'rk4', 0.01);
    expect(run.divergence).toBeUndefined();
    expect(run.t.length).toBe(ref.t.length);
    expect(maxAbsDiff(run.t, ref.t)).toBeLessThan(1e-9);
    expect(maxAbsDiff(run.r, ref.r)).toBeLessThan(rk4);
    expect(maxAbsDiff(run.v, ref.v)).toBeLessThan(rk4);
    expect(maxAbsDiff(run.u, ref.u)).toBeLessThan(rk4);
    expect(maxAbsDiff(run.s, ref.s)).toBeLessThan(rk4);
  });

  it(`Euler at dt 0.01: r within ${euler}`, () => {
    expect(maxAbsDiff(protocolRun(g, 'euler', 0.01).r, ref.r)).toBeLessThan(euler);
  });

  it('convergence: Euler error halves with dt (ratio 2), RK4 error falls 16-fold (order 4)', () => {
    // A window without a switch, I = 0.15 on [0, 100]. Measured ratios: Euler 2.015 (g 0.5) and 2.046
    // (g 1.5) for dt 0.01 → 0.005; RK4 16.34 and 15.90 for dt 0.2 → 0.1, where its error (2.5e-6, 1.6e-6)
    // is far above the reference's 1e-10. ±10 % (Euler) and ±15 % (RK4) leave room for the next-order terms.
    const err = (method: 'rk4' | 'euler', dt: number) => {
      const run = simulateIkMeanField({ params: { g }, input: 0.15, duration: 100, dt, method, sampleEvery: 0.4 });
      let worst = 0;
      for (let i = 0; i < run.t.length; i++) worst = Math.max(worst, Math.abs(run.r[i]! - ref.r[4 * i]!));
      return worst;
    };
    const euler = err('euler', 0.01) / err('euler', 0.005);
    expect(euler).toBeGreaterThan(1.8);
    expect(euler).toBeLessThan(2.2);
    const rk = err('rk4', 0.2) / err('rk4', 0.1);
    expect(rk).toBeGreaterThan(13.6);
    expect(rk).toBeLessThan(18.4);
  });
});

describe('what the mean field does (REFERENCE-README section 7)', () => {
  const at = (run: { t: Float64Array }, time: number) => Math.round(time / (run.t[1]! - run.t[0]!));

  it('g 0.5: quasi-steady state at t = 399.9 (r 0.03585, v 0.2345, u 0.08727, s 0.0932); I = 0 lowers r to about 0.009', () => {
    const run = protocolRun(0.5, 'rk4', 0.01);
    const i = at(run, 399.9);
    // The README rounds to 4 significant digits; the reference's own values are r 0.0358389, v 0.234489,
    // u 0.0872753, s 0.0931749, so the margins are half a unit in the README's last digit plus its rounding.
    expect(Math.abs(run.r[i]! - 0.03585)).toBeLessThan(2e-5);
    expect(Math.abs(run.v[i]! - 0.2345)).toBeLessThan(1e-4);
    expect(Math.abs(run.u[i]! - 0.08727)).toBeLessThan(1e-5);
    expect(Math.abs(run.s[i]! - 0.0932)).toBeLessThan(1e-4);
    // Without input the rate settles near 0.009 (reference: 0.0082 to 0.0092 on [450, 600)).
    const off = run.r.subarray(at(run, 450), at(run, 600));
    expect(Math.min(...off)).toBeGreaterThan(0.008);
    expect(Math.max(...off)).toBeLessThan(0.0093);
  });

  it('g 1.5: oscillates while I = 0.15, the oscillation is suppressed while I = 0', () => {
    const run = protocolRun(1.5, 'rk4', 0.01);
    // The reference's r on [100, 400) runs from 0.01055 to 0.1603 (the README's 0.110 is the peak of some
    // cycles only: the peaks alternate, 0.110 and 0.160). 5 % margins on both ends.
    const on = run.r.subarray(at(run, 100), at(run, 400));
    expect(Math.min(...on)).toBeGreaterThan(0.01);
    expect(Math.min(...on)).toBeLessThan(0.0111);
    expect(Math.max(...on)).toBeGreaterThan(0.152);
    expect(Math.max(...on)).toBeLessThan(0.168);
    // On [500, 600) the reference's r stays between 0.0085 and 0.0096: no oscillation left.
    const off = run.r.subarray(at(run, 500), at(run, 600));
    expect(Math.max(...off) - Math.min(...off)).toBeLessThan(0.0015);
  });
});

describe('mean-field input and errors', () => {
  it('a function input equal to the segments gives the same trajectory away from the switches; a smooth one keeps RK4 fourth order', () => {
    const segments = simulateIkMeanField({ input: [{ tStart: 0, tEnd: 50, value: 0.15 }], duration: 50 });
    const fn = simulateIkMeanField({ input: () => 0.15, duration: 50 });
    expect(maxAbsDiff(fn.r, segments.r)).toBe(0);
    // Self-convergence with I(t) = 0.15 + 0.1 sin(t/3), against dt 0.005: the error falls 17.1-fold from dt 0.1
    // to 0.05 (measured; 19.5 from 0.2 to 0.1, where the fast transient near t = 10 is not yet asymptotic).
    // ±15 % around 16 leaves room for the next-order term.
    const drive = (t: number) => 0.15 + 0.1 * Math.sin(t / 3);
    const fine = simulateIkMeanField({ input: drive, duration: 60, dt: 0.005, sampleEvery: 0.4 });
    const err = (dt: number) => maxAbsDiff(simulateIkMeanField({ input: drive, duration: 60, dt, sampleEvery: 0.4 }).r, fine.r);
    const ratio = err(0.1) / err(0.05);
    expect(ratio).toBeGreaterThan(13.6);
    expect(ratio).toBeLessThan(18.4);
  });

  it('rejects what cannot run, with a sentence per problem', () => {
    expect(() => simulateIkMeanField({ input: 0.1, duration: 10, params: { gee: 1 } })).toThrow(/Unknown parameter "gee"/);
    expect(() => simulateIkMeanField({ input: 0.1, duration: 10, params: { g: 9 } })).toThrow(/outside the allowed range 0 to 3/);
    expect(() => simulateIkMeanField({ input: ikProtocol.segments, duration: 1000, dt: 0.03 })).toThrow(/switches at t = 400/);
    expect(() => simulateIkMeanField({ input: 0.1, duration: 10, dt: 0.01, sampleEvery: 0.015 })).toThrow(/sampleEvery/);
    expect(() => simulateIkMeanField({ input: 0.1, duration: 10, method: 'heun' as 'rk4' })).toThrow(/'rk4' or 'euler'/);
    expect(() => simulateIkMeanField({ input: [{ tStart: 5, tEnd: 1, value: 0 }], duration: 10 })).toThrow(/tStart < tEnd/);
  });

  it('stops and reports when the rate blows up (a step far too large for strong coupling)', () => {
    const run = simulateIkMeanField({ input: ikProtocol.segments, duration: 1000, dt: 0.5, params: { g: 3, eta: 0.5 } });
    expect(run.divergence).toMatchObject({ variable: 'r', reason: 'overflow' });
    expect(run.divergence!.t).toBeLessThan(10);
    expect(run.t.length).toBeLessThan(20);
    expect(run.divergence!.message).toMatch(/blew up at t = /);
  });
});

describe('Lorentzian network', () => {
  it('excitabilities are the Lorentzian quantiles: symmetric about eta, half of them within Delta of it', () => {
    const eta = lorentzianQuantiles(1000, 0.1, 0.02);
    for (let j = 0; j < 500; j++) expect(eta[j]! + eta[999 - j]!).toBeCloseTo(0.2, 12);
    let inside = 0;
    for (const x of eta) if (Math.abs(x - 0.1) < 0.02) inside += 1;
    // Exactly the quantiles in (1/4, 3/4): j with |2j - N - 1| < (N + 1)/2, i.e. 500 of 1000.
    expect(inside).toBe(500);
  });

  it('reproduces the reference network (N 10000, dt 1e-3, v_p 100) step for step over the first 15 time units', () => {
    const net = g05.results.network_N10000!;
    const run = createLorentzianNetwork({ input: ikProtocol.segments, duration: 1000, network: { n: 10000, dt: 0.001, vPeak: 100 } });
    expect([run.refractorySteps, run.emitDelaySteps]).toEqual([20, 10]);
    run.advance(15_000);
    const res = run.result();
    expect(res.rate.length).toBe(150);
    expect(res.t.length).toBe(151);
    // Spike counts per bin are integers: they agree exactly. The sampled s, mean v and mean u agree to
    // 5.5e-12 (measured); 1e-9 allows for numpy's and V8's different rounding of the same sums, which the
    // network's instability amplifies only slowly over 15 time units.
    expect(Array.from(res.rate, (x) => Math.round(x * 1000))).toEqual(net.rate.slice(0, 150).map((x) => Math.round(x * 1000)));
    expect(maxAbsDiff(res.s, net.s, 151)).toBeLessThan(1e-9);
    expect(maxAbsDiff(res.meanV, net.mean_v_nonrefractory, 151)).toBeLessThan(1e-9);
    expect(maxAbsDiff(res.meanU, net.mean_w, 151)).toBeLessThan(1e-9);
  });

  it('at a page-sized setting (N 2000, dt 0.01, v_p 10) it follows the mean field: rate within 6 %, smoothed RMS about 0.012', () => {
    // dt·v_p = 0.1, as in the reference; 2τ/v_p = 20 steps. About 0.5 s in Node.
    const net = simulateLorentzianNetwork({ input: ikProtocol.segments, duration: 1000, network: { n: 2000, dt: 0.01, vPeak: 10 } });
    const mf = protocolRun(0.5, 'rk4', 0.01);
    const bins = net.rate.length;
    expect(bins).toBe(10_000);
    // Mean-field r averaged over each 0.1-bin (trapezoid of the two samples around it).
    const mfBins = Float64Array.from({ length: bins }, (_, i) => 0.5 * (mf.r[i]! + mf.r[i + 1]!));
    let mfMean = 0;
    for (const x of mfBins) mfMean += x;
    mfMean /= bins;
    expect(Math.abs(mfMean - g05.results.network_N10000!.rate_mean_meanfield_over_run)).toBeLessThan(1e-8);
    // Measured +3.6 % (N 1000: +2.6 %, N 5000: +4.5 %, N 10000: +5.1 %, the reference's). The network lies
    // above the mean field at every N tried; the README accepts 10 %, and 6 % keeps the measured trend in sight.
    const relative = net.meanRate / mfMean - 1;
    expect(relative).toBeGreaterThan(0);
    expect(relative).toBeLessThan(0.06);
    // Both rates smoothed over 1 time unit (10 bins). Measured RMS 0.0121 (the reference's N 10000: 0.012). It
    // comes from collective oscillations of the network (smoothed rate 0.018 to 0.066 on [200, 400)) that the
    // mean field damps, not from noise, so it barely shrinks with N; 0.0135 is the measured value plus 10 %.
    const a = smoothRate(net.rate, 10);
    const b = smoothRate(mfBins, 10);
    let sum = 0;
    for (let i = 0; i < bins; i++) sum += (a[i]! - b[i]!) ** 2;
    const rms = Math.sqrt(sum / bins);
    expect(rms).toBeGreaterThan(0.01);
    expect(rms).toBeLessThan(0.0135);
  });

  it('advancing in chunks gives the same run as one call, and results are views of what is done', () => {
    const spec = { input: ikProtocol.segments, duration: 20, network: { n: 300, dt: 0.01, vPeak: 10 } };
    const whole = simulateLorentzianNetwork(spec);
    const chunked = createLorentzianNetwork(spec);
    expect(chunked.steps).toBe(2000);
    let calls = 0;
    while (chunked.advance(333)) {
      calls += 1;
      const partial = chunked.result();
      expect(partial.rate.length).toBe(Math.floor(chunked.done / 10));
      expect(chunked.t).toBeCloseTo(chunked.done * 0.01, 12);
    }
    expect(calls).toBe(6);
    expect(chunked.advance(10)).toBe(false);
    const res = chunked.result();
    expect(Array.from(res.rate)).toEqual(Array.from(whole.rate));
    expect(Array.from(res.meanU)).toEqual(Array.from(whole.meanU));
    expect(chunked.spikeCount).toBe(Math.round(whole.meanRate * 300 * 20));
  });

  it('rejects what cannot run', () => {
    const base = { input: ikProtocol.segments, duration: 1000 };
    expect(() => createLorentzianNetwork({ ...base, network: { n: 10.5 } })).toThrow(/whole number/);
    expect(() => createLorentzianNetwork({ ...base, network: { dt: 0.03 } })).toThrow(/switches at t = 400/);
    expect(() => createLorentzianNetwork({ ...base, binWidth: 0.015, network: { dt: 0.01 } })).toThrow(/binWidth/);
    expect(() => createLorentzianNetwork({ ...base, network: { n: 100000, dt: 0.001 } })).toThrow(/neuron-steps/);
    expect(() => createLorentzianNetwork({ ...base, network: { dt: 0.05, vPeak: 1000 } })).toThrow(/spike delay/);
    expect(() => createLorentzianNetwork({ ...base, params: { Delta: 0 } })).toThrow(/Delta/);
  });
});

describe('engine/mean-field uses no platform-dependent arithmetic', () => {
  // The rule of test/unit/deterministic-math.test.ts, applied here until that test lists engine/mean-field.
  const forbidden = /Math\.(exp|log|log1p|log2|expm1|pow|sin|cos|tan|sinh|cosh|tanh|asin|acos|atan|atan2|cbrt|hypot)\(|[\w)\]]\s*\*\*\s*[\w(-]/;
  it.each(['izhikevich-mean-field.ts', 'lorentzian-network.ts'])('%s', (name) => {
    const code = readFileSync(new URL(`../../engine/mean-field/${name}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join('\n');
    expect(code).not.toMatch(forbidden);
  });
});
