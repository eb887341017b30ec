/**
 * MeanFieldLink's pure parts (widgets/mean-field/state.ts, render.ts's domains) and its worker job
 * (engine/worker/mean-field-jobs.ts, run through createJobHost as the page's worker runs it): props and
 * untrusted state are checked against the engine's registry; the page's coarse mean-field step agrees with
 * the converged one; the readouts say what the lesson says (g = 0.5 settles at r ≈ 0.0359, g = 1.5 oscillates);
 * the job gives exactly the engine's network and refuses bad params in the engine's words.
 */
import { describe, expect, it } from 'vitest';
import { ikMeanFieldParams, ikProtocol, simulateIkMeanField } from '../../engine/mean-field/izhikevich-mean-field.ts';
import { simulateLorentzianNetwork, smoothRate } from '../../engine/mean-field/lorentzian-network.ts';
import { findParam } from '../../engine/params/registry.ts';
import { networkJobs as jobs } from '../../engine/worker/network-jobs.ts';
import type { LorentzianNetworkJobResult } from '../../engine/worker/mean-field-jobs.ts';
import { createJobHost, type FromWorker, type JobHostOptions } from '../../engine/worker/protocol.ts';
import { meanFieldDomains } from '../../widgets/mean-field/render.ts';
import {
  FALLBACK_DT,
  initialMeanFieldState,
  inputSegments,
  matchText,
  meanFieldControls,
  meanFieldRun,
  meanFieldSummaryText,
  MF_DT,
  networkJob,
  networkKey,
  networkMatch,
  otherG,
  parseMeanFieldState,
  summariseMeanField,
  withControl,
} from '../../widgets/mean-field/state.ts';

const defaults = initialMeanFieldState({}, 'test');

describe('props and state', () => {
  it('defaults: the reference protocol (Δ 0.02, g 0.5, I_ext 0.15 off on [400, 600)) and N = 2000', () => {
    expect(defaults).toEqual({ Delta: 0.02, g: 0.5, input: 0.15, pulse: true, n: 2000 });
    expect(inputSegments(defaults)).toEqual(ikProtocol.segments);
    expect(inputSegments({ input: 0.3, pulse: false })).toEqual([{ tStart: 0, tEnd: 1000, value: 0.3 }]);
  });
  it('a bad prop fails the build with the lesson named', () => {
    expect(() => initialMeanFieldState({ g: 4 }, 'MeanFieldLink "m" in /lessons/x/')).toThrow(/MeanFieldLink "m" in \/lessons\/x\/: g = 4 is outside the allowed range 0 to 3/);
    expect(() => initialMeanFieldState({ n: 100 }, 'w')).toThrow(/n = 100 is outside the allowed range 500 to 5000/);
    expect(() => initialMeanFieldState({ n: 1000.5 }, 'w')).toThrow(/whole number/);
  });
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'big', /must be an object/],
    ['an unknown field', { ...defaults, eta: 0 }, /Unknown state field "eta"/],
    ['Delta a string', { ...defaults, Delta: '0.02' }, /Delta must be a finite number/],
    ['Delta zero (the registry starts at 0.001)', { ...defaults, Delta: 0 }, /Delta = 0 is outside/],
    ['pulse not a boolean', { ...defaults, pulse: 1 }, /pulse must be true or false/],
  ])('untrusted state: %s is refused in words', (_what, input, message) => {
    const parsed = parseMeanFieldState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toMatch(message);
  });
  it('getState-style JSON round-trips', () => {
    const state = initialMeanFieldState({ delta: 0.05, g: 1.5, input: 0.2, pulse: false, n: 1000 }, 't');
    expect(parseMeanFieldState(JSON.parse(JSON.stringify(state)))).toEqual({ ok: true, state });
  });
  it('controls: Δ and g carry the registry’s ranges and say "dimensionless"; N is narrowed to a browser’s budget', () => {
    const controls = meanFieldControls(defaults);
    expect(controls.map((c) => c.key)).toEqual(['Delta', 'g', 'input', 'n']);
    for (const name of ['Delta', 'g'] as const) {
      const spec = controls.find((c) => c.key === name)!.spec;
      const registry = findParam(ikMeanFieldParams, name)!;
      expect([spec.min, spec.max, spec.step, spec.symbol, spec.unit]).toEqual([registry.min, registry.max, registry.step, registry.symbol, 'dimensionless']);
    }
    expect(controls.find((c) => c.key === 'n')!.spec).toMatchObject({ min: 500, max: 5000, step: 100, default: 2000, unit: 'neurons' });
    expect(withControl(defaults, 'n', 1234.4).n).toBe(1234);
    expect(withControl(defaults, 'g', 1.5).g).toBe(1.5);
  });
  it('the comparison curve is at whichever of 0.5 and 1.5 is farther from g', () => {
    expect([0, 0.5, 0.99, 1.01, 1.5, 3].map(otherG)).toEqual([1.5, 1.5, 1.5, 0.5, 0.5, 0.5]);
  });
  it('a network run is stale when Δ, g, I_ext, the window or N changed', () => {
    const key = networkKey(defaults);
    for (const change of [{ Delta: 0.03 }, { g: 0.55 }, { input: 0.2 }, { pulse: false }, { n: 2100 }]) expect(networkKey({ ...defaults, ...change })).not.toBe(key);
  });
});

describe('the mean field as the page computes it', () => {
  it.each([0.5, 1.5])('at the page’s dt (0.05) it agrees with RK4 at 0.01 over the whole run (g = %s)', (g) => {
    const page = simulateIkMeanField(meanFieldRun({ ...defaults, g }));
    const fine = simulateIkMeanField(meanFieldRun({ ...defaults, g }, g, 0.01));
    expect(page.dt).toBe(MF_DT);
    expect(page.t.length).toBe(10_001);
    let worst = 0;
    for (let i = 0; i < page.r.length; i++) worst = Math.max(worst, Math.abs(page.r[i]! - fine.r[i]!), Math.abs(page.v[i]! - fine.v[i]!));
    // Measured worst difference in r or v over the run: 3.5e-8 (g = 0.5) and 3.1e-7 (g = 1.5, where the
    // oscillation's phase drifts slowly); against dt = 0.001 the same to two digits, so it is the page's own
    // error. 1e-5 keeps a margin of 30 and is still far below a pixel (r spans ~0.15 over 220 px).
    expect(worst).toBeLessThan(1e-5);
  });

  it('g = 0.5 settles at r ≈ 0.0359; g = 1.5 oscillates between about 0.011 and 0.160', () => {
    const settled = summariseMeanField(simulateIkMeanField(meanFieldRun(defaults)));
    // The reference's quasi-steady state (REFERENCE-README section 7: r = 0.03585 at I = 0.15, a slowly damped
    // oscillation). Measured 0.035838 at t = 399; 3e-5 covers the oscillation's remaining swing there.
    expect(Math.abs(settled.steadyR - 0.03585)).toBeLessThan(3e-5);
    expect(settled.oscillating).toBe(false);
    const oscillating = summariseMeanField(simulateIkMeanField(meanFieldRun({ ...defaults, g: 1.5 })));
    expect(oscillating.oscillating).toBe(true);
    // Measured 0.01055 and 0.16033 on [200, 400); three decimals as the readout shows them.
    expect(oscillating.low).toBeCloseTo(0.011, 3);
    expect(oscillating.high).toBeCloseTo(0.16, 3);
  });

  it('a blow-up is reported (not a blank): g = 3, Δ = 0.001, I_ext = 1 diverges at both steps; the readouts are NaN', () => {
    const state = { ...defaults, g: 3, Delta: 0.001, input: 1 };
    for (const dt of [MF_DT, FALLBACK_DT]) {
      const run = simulateIkMeanField(meanFieldRun(state, 3, dt));
      expect(run.divergence?.message).toMatch(/The mean field blew up at t = /);
      expect(run.t.length).toBeGreaterThan(1);
      const summary = summariseMeanField(run);
      expect(summary.steadyR).toBeNaN();
      expect(meanFieldSummaryText(state, summary, run.divergence!.message, { status: 'idle', match: undefined, settings: undefined })).toContain('blew up');
    }
  });

  it('a coarse-step blow-up that the fine step does not have: why the page retries at 0.01', () => {
    // Measured: g = 3, Δ = 0.001, I_ext = 0.15 blows up at t = 60.6 with dt 0.05 and runs to the end with 0.01.
    const state = { ...defaults, g: 3, Delta: 0.001 };
    expect(simulateIkMeanField(meanFieldRun(state, 3, MF_DT)).divergence).toBeDefined();
    expect(simulateIkMeanField(meanFieldRun(state, 3, FALLBACK_DT)).divergence).toBeUndefined();
  });

  it('the plot’s domains hold every finite value and start r at 0', () => {
    const run = simulateIkMeanField(meanFieldRun({ ...defaults, g: 1.5 }));
    const domains = meanFieldDomains({ meanField: run, ghost: undefined, network: undefined, showRaw: false, pulse: true });
    expect(domains.r[0]).toBe(0);
    expect(domains.r[1]).toBeGreaterThan(Math.max(...run.r));
    expect(domains.v[0]).toBeLessThan(Math.min(...run.v));
    expect(domains.v[1]).toBeGreaterThan(Math.max(...run.v));
  });
});

describe('the match readouts', () => {
  const mf = simulateIkMeanField(meanFieldRun(defaults));
  const settings = { n: 2000, vPeak: 10, dt: 0.01, binWidth: 0.1, duration: 1000, smoothWindow: 10, params: simulateIkMeanField(meanFieldRun(defaults)).params };
  const bins = Float64Array.from({ length: 10_000 }, (_, i) => 0.5 * (mf.r[i]! + mf.r[i + 1]!));

  it('a network equal to the mean field matches exactly; one 10 % higher reads +10.0 %', () => {
    let mean = 0;
    for (const x of bins) mean += x;
    mean /= bins.length;
    const same = networkMatch(mf, { rate: bins, smoothed: smoothRate(bins, 10), meanRate: mean, settings });
    expect(same!.relative).toBeCloseTo(0, 12);
    expect(same!.rms).toBe(0);
    const higher = bins.map((x) => 1.1 * x);
    const match = networkMatch(mf, { rate: higher, smoothed: smoothRate(higher, 10), meanRate: 1.1 * mean, settings })!;
    expect(match.relative).toBeCloseTo(0.1, 12);
    expect(matchText(settings, match)).toMatch(/^N = 2000 neurons, Euler dt = 0\.01, v_p = 10: rate \+10\.0 % against the mean field, RMS of the 1-time-unit smoothed difference 0\.00\d\d per time unit\.$/);
  });

  it('no comparison with a mean field that ended early', () => {
    const short = { r: mf.r.slice(0, 500) };
    expect(networkMatch(short, { rate: bins, smoothed: bins, meanRate: 0.03, settings })).toBeUndefined();
  });
});

interface Harness {
  receive(message: unknown): void;
  done(id: number): Promise<FromWorker[]>;
}

function harness(options: JobHostOptions = {}): Harness {
  const posted: FromWorker[] = [];
  const waiting = new Map<number, () => void>();
  const host = createJobHost(
    jobs,
    (message) => {
      posted.push(message);
      if (message.type !== 'progress') waiting.get(message.id)?.();
    },
    options,
  );
  const of = (id: number): FromWorker[] => posted.filter((m) => m.id === id);
  return {
    receive: (message) => host.receive(message),
    done: (id) => (of(id).some((m) => m.type !== 'progress') ? Promise.resolve(of(id)) : new Promise((resolve) => waiting.set(id, () => resolve(of(id))))),
  };
}

const small = { params: { Delta: 0.02, g: 1.5 }, network: { n: 300, dt: 0.01, vPeak: 10 }, input: [{ tStart: 0, tEnd: 30, value: 0.15 }, { tStart: 30, tEnd: 50, value: 0 }], duration: 50 };

describe('the lorentzianNetwork job', () => {
  it('gives exactly the engine’s network (same code, same operations), smoothed over 1 time unit, with progress to 1', async () => {
    const h = harness({ sliceMs: 0 });
    h.receive({ type: 'run', id: 1, job: 'lorentzianNetwork', params: small });
    const messages = await h.done(1);
    const last = messages[messages.length - 1]!;
    expect(last.type).toBe('result');
    const result = (last as { result: LorentzianNetworkJobResult }).result;
    const direct = simulateLorentzianNetwork(small);
    expect(Array.from(result.rate)).toEqual(Array.from(direct.rate));
    expect(Array.from(result.binCentres)).toEqual(Array.from(direct.binCentres));
    expect(Array.from(result.meanV)).toEqual(Array.from(direct.meanV));
    expect(Array.from(result.t)).toEqual(Array.from(direct.t));
    expect(result.meanRate).toBe(direct.meanRate);
    expect(Array.from(result.smoothed)).toEqual(Array.from(smoothRate(direct.rate, 10)));
    expect(result.spikeCount).toBe(Math.round(direct.meanRate * 300 * 50));
    expect(result.settings).toMatchObject({ n: 300, vPeak: 10, dt: 0.01, binWidth: 0.1, duration: 50, smoothWindow: 10 });
    expect(result.settings.params.g).toBe(1.5);
    expect(result.wallMs).toBeGreaterThan(0);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toMatchObject({ fraction: 1, note: expect.stringMatching(/^t = 50 of 50 · [\d,]+ spikes$/) });
  });

  it('the widget’s job for its default state is the engine’s spec for the page setting', () => {
    expect(networkJob(defaults)).toEqual({ params: { Delta: 0.02, g: 0.5 }, network: { n: 2000, dt: 0.01, vPeak: 10 }, input: ikProtocol.segments, duration: 1000 });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 42, /needs an object: \{ params, network, input, duration \}/],
    ['an unknown field', { ...small, seed: 1 }, /Unknown field "seed"/],
    ['a function-like input', { ...small, input: 'sin(t)' }, /must be a number or a list of segments/],
    ['a segment without numbers', { ...small, input: [{ tStart: 0, tEnd: '5', value: 1 }] }, /Input segment 1 must be \{ tStart, tEnd, value \} with numbers/],
    ['no duration', { ...small, duration: undefined }, /duration must be a number/],
    // The engine's own messages (SpecError), unchanged:
    ['Δ = 0', { ...small, params: { Delta: 0 } }, /Delta = 0 is outside the allowed range 0.001 to 0.2/],
    ['N not whole', { ...small, network: { n: 300.5, dt: 0.01, vPeak: 10 } }, /The number of neurons N must be a whole number, got 300.5/],
    ['a dt that does not divide the duration', { ...small, network: { n: 300, dt: 0.03, vPeak: 10 } }, /The duration \(50\) must be a whole number of steps dt = 0.03/],
    ['an unknown parameter', { ...small, params: { gamma: 1 } }, /Unknown parameter "gamma"/],
  ])('refuses %s in words, as an error message', async (_what, params, message) => {
    const h = harness();
    h.receive({ type: 'run', id: 2, job: 'lorentzianNetwork', params });
    const messages = await h.done(2);
    const last = messages[messages.length - 1]!;
    expect(last.type).toBe('error');
    expect((last as { message: string }).message).toMatch(message);
  });

  it('stops at its next pause when cancelled, posting cancelled and no result', async () => {
    const h = harness({ sliceMs: 0 });
    // 2000 neurons over 1000 time units: seconds of work, so the cancel lands mid-run.
    h.receive({ type: 'run', id: 3, job: 'lorentzianNetwork', params: networkJob(defaults) });
    await new Promise((resolve) => setTimeout(resolve, 30));
    h.receive({ type: 'cancel', id: 3 });
    const messages = await h.done(3);
    expect(messages[messages.length - 1]).toEqual({ type: 'cancelled', id: 3 });
    expect(messages.filter((m) => m.type === 'result' || m.type === 'error')).toEqual([]);
  });
});
