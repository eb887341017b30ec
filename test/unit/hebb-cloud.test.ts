/**
 * The pure parts of the Hebbian widgets (widgets/hebb-cloud): state validation, props, the learning
 * session (against the engine's headless `learn` with the same seed), history compaction, readouts, layout,
 * and the receptive-field run.
 */
import { describe, expect, it } from 'vitest';
import { learn } from '../../engine/plasticity/learn.ts';
import { layoutFor } from '../../widgets/hebb-cloud/render.ts';
import { createRfSession, parseRfState, rfReadouts, selectivity, tuningCurve, patternOf, buildRfConfig } from '../../widgets/hebb-cloud/rf-state.ts';
import { createSession, divergedMessage, HISTORY_POINTS, readoutsOf, RECENT_SAMPLES, summaryOf } from '../../widgets/hebb-cloud/session.ts';
import { buildHebbCloudConfig, cloudOf, initialWeights, inputOf, parseHebbCloudState, ruleOf, type HebbCloudState } from '../../widgets/hebb-cloud/state.ts';

function state(overrides: Record<string, unknown> = {}): HebbCloudState {
  const parsed = parseHebbCloudState(overrides);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join(' '));
  return parsed.state;
}

describe('hebb-cloud state', () => {
  it('fills defaults and round-trips through JSON', () => {
    const s = state({ rule: 'hebb', eta: 0.02 });
    expect(s).toMatchObject({ version: 1, rule: 'hebb', eta: 0.02, elongation: 1, seed: 1 });
    expect(parseHebbCloudState(JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, state: s });
  });

  // Untrusted input must give a reason, never a half-applied state.
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'oja', /must be an object/],
    ['an unknown rule', { rule: 'bcm' }, /rule must be one of hebb, covariance, oja, gated/],
    ['a learning rate out of range', { eta: 5 }, /eta = 5 is outside the allowed range 0 to 0.1/],
    ['a fractional seed', { seed: 1.5 }, /seed must be a whole number/],
    ['an extra field', { script: 'alert(1)' }, /Unknown parameter "script"/],
    ['a future version', { version: 2 }, /version must be 1/],
    ['a string where a number belongs', { angle: '30' }, /angle \(deg\) must be a finite number/],
  ])('rejects %s', (_what, input, message) => {
    const parsed = parseHebbCloudState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message).join(' ')).toMatch(message);
  });

  it('builds the cloud from elongation, angle and offset', () => {
    const c = cloudOf(state({ sd: 2, elongation: 4, angle: 30, offset: 1.5, offsetAngle: 90 }));
    expect(c.sd1).toBe(2);
    expect(c.sd2).toBe(0.5);
    expect(c.centreX).toBeCloseTo(0, 15);
    expect(c.centreY).toBeCloseTo(1.5, 15);
    expect(Array.from(initialWeights(state({ w0Norm: 2, w0Angle: 0 })))).toEqual([2, 0]);
  });

  it('gives the covariance rule the true centre as its means, and the gated rule its threshold', () => {
    const cov = ruleOf(state({ rule: 'covariance', offset: 2, offsetAngle: 0 }));
    expect(cov.kind === 'covariance' && Array.from(cov.meanPre ?? [])).toEqual([2, 0]);
    const gated = ruleOf(state({ rule: 'gated', eta: 0.03, theta: -1 }));
    expect(gated.kind === 'gated' && gated.params).toEqual({ a2corr: 0.03, theta: -1 });
  });

  it('fails the build with the widget named for bad props', () => {
    expect(() => buildHebbCloudConfig({ rule: 'oja', cloud: { elongation: 0.5 } }, 'HebbCloud "x"')).toThrow(/HebbCloud "x": elongation = 0.5 is outside/);
    expect(() => buildHebbCloudConfig({ controls: ['tauM'] }, 'HebbCloud "x"')).toThrow(/unknown control "tauM"/);
    const config = buildHebbCloudConfig({ rule: 'hebb', cloud: { elongation: 3 } }, 'x');
    // Reset returns to the lesson's setup: each control's default is the lesson's value.
    expect(config.controls.find((c) => c.key === 'elongation')?.spec.default).toBe(3);
    expect(config.controls.every((c) => c.spec.meaning.length > 0)).toBe(true);
  });
});

describe('hebb-cloud session', () => {
  it("reproduces the engine's headless run bit for bit", () => {
    const s = state({ rule: 'oja', elongation: 3, angle: 30, seed: 17 });
    const session = createSession(s);
    session.advance(1234);
    const run = learn({ rule: ruleOf(s), input: inputOf(s), w0: initialWeights(s), samples: 1234, recordEvery: 1234 });
    expect(Array.from(session.learner.w)).toEqual(Array.from(run.weights.slice(-2)));
    const r = readoutsOf(session);
    expect(r.norm.value).toBe(run.norm[run.norm.length - 1]);
    expect(r.angle.value).toBe(run.angle[run.angle.length - 1]);
    expect(r.samples.text).toBe('1234');
    expect(summaryOf(session, 'Oja')).toMatch(/^Oja rule, 1234 samples presented\. Weight vector length 1\.\d{3}, at \d+\.\d degrees/);
  });

  it('keeps a bounded history that still starts at sample 0 and ends near the present', () => {
    const session = createSession(state({ rule: 'oja' }));
    session.advance(5000);
    const h = session.history;
    expect(h.length).toBeLessThanOrEqual(HISTORY_POINTS);
    expect(h.t[0]).toBe(0);
    expect(h.stride).toBe(8);
    expect(h.t[h.length - 1]).toBe(5000);
    for (let i = 1; i < h.length; i++) expect(h.t[i]! - h.t[i - 1]!).toBe(h.stride);
    expect(session.recentCount).toBe(RECENT_SAMPLES);
  });

  it('stops plain Hebb when it diverges and says so', () => {
    const session = createSession(state({ rule: 'hebb', elongation: 3, angle: 30 }));
    expect(session.advance(10_000)).toBe(1554);
    expect(session.finished()).toBe(true);
    expect(session.advance(10)).toBe(0);
    expect(divergedMessage(session)).toMatch(/ran away: \|w\| passed a million \(10\^6\) after 1554 samples/);
    expect(readoutsOf(session).norm.text).toMatch(/× 10\^6$/);
  });
});

describe('hebb-cloud layout', () => {
  it.each([320, 360, 600, 620, 800, 1280])('at %i px every panel fits inside the width', (width) => {
    const l = layoutFor(width);
    expect(l.plane.left + l.plane.size).toBeLessThanOrEqual(width);
    expect(l.norm.left + l.norm.width).toBeLessThanOrEqual(width);
    expect(l.angle.top + l.angle.height).toBeLessThan(l.height);
    expect(l.norm.width).toBeGreaterThan(100);
  });
});

describe('receptive-field widget', () => {
  it('validates its state', () => {
    expect(parseRfState({ n: 10.5 })).toMatchObject({ ok: false });
    expect(parseRfState({ eta: 1 })).toMatchObject({ ok: false });
    expect(() => buildRfConfig({ controls: ['foo'] }, 'RF')).toThrow(/unknown control "foo"/);
  });

  it('a uniform weight profile responds equally everywhere on the ring', () => {
    // Equal up to the bump's cut at the antipode, where it is exp(-20^2 / (2 * 4^2)) = 4e-6 of its peak.
    const parsed = parseRfState({});
    if (!parsed.ok) throw new Error();
    const p = patternOf(parsed.state);
    const { response } = tuningCurve(new Float64Array(p.n).fill(0.5), p);
    expect(selectivity(response)).toBeLessThan(1e-6);
  });

  it('the default run becomes selective and is reproducible', () => {
    const parsed = parseRfState({});
    if (!parsed.ok) throw new Error();
    const a = createRfSession(parsed.state);
    const b = createRfSession(parsed.state);
    expect(rfReadouts(a).selectivity.value).toBeLessThan(0.05);
    a.advance(20_000);
    b.advance(20_000);
    expect(Array.from(a.learner.w)).toEqual(Array.from(b.learner.w));
    const r = rfReadouts(a);
    expect(r.selectivity.value).toBeGreaterThan(0.6);
    expect(r.saturated.value).toBeGreaterThanOrEqual(0.9);
  });
});
