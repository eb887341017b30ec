/**
 * The Izhikevich gallery's pure parts: preset → state, the two runs' scenarios, slider ranges, validation
 * of untrusted state, readouts (checked against the engine's own results, never typed-in counts), the
 * summary, spike strokes, and the inline message for a stimulus that does not parse.
 */
import { describe, expect, test } from 'vitest';
import {
  classifyFiring,
  ExpressionError,
  izhikevich,
  izhikevichCellTypes,
  izhikevichFeatures,
  izhikevichPresets,
  parseExpression,
  runScenario,
} from '../../engine/index.ts';
import { buildGalleryConfig, controlValues, galleryControls, initialState } from '../../widgets/gallery/config.ts';
import {
  expressionProblem,
  formatExpressionError,
  gallerySummary,
  readoutTexts,
  runawayMessage,
  runReadout,
  stepWindow,
} from '../../widgets/gallery/readouts.ts';
import {
  extraParams,
  findPreset,
  isEdited,
  parseGalleryState,
  presetGroups,
  presetLabel,
  presetState,
  scenarioOf,
  sliderSpecs,
  withInitialV,
  withParam,
  type GalleryState,
} from '../../widgets/gallery/state.ts';
import { withSpikeStrokes } from '../../widgets/gallery/trace-data.ts';

const state = (id: string, numerics: 'published' | 'accurate' = 'published'): GalleryState => presetState(findPreset(id)!, numerics);

describe('presets', () => {
  test('the chooser offers the 20 features and every cell type, once each', () => {
    const ids = presetGroups.flatMap((g) => g.presets.map((p) => p.id));
    expect(ids).toEqual(izhikevichPresets.map((p) => p.id));
    expect(presetGroups[0]!.presets).toHaveLength(20);
    expect(presetGroups[1]!.presets).toBe(izhikevichCellTypes);
    expect(presetLabel(findPreset('C')!)).toBe('Feature C, tonic bursting');
    expect(presetLabel(findPreset('RS')!)).toBe('Cell type RS, regular spiking');
  });

  test.each(izhikevichPresets.map((p) => [p.id, p] as const))('preset %s fills the state with its own values, inside every slider', (_id, preset) => {
    const s = presetState(preset, 'published');
    for (const [name, value] of Object.entries(preset.params)) expect(s.params[name]).toBe(value);
    for (const name of ['a', 'b', 'c', 'd']) expect(s.params[name]).toBeTypeOf('number');
    expect(s.initial).toEqual(preset.initial);
    expect(s.stimulus).toBe(preset.stimulus);
    expect(s.dt).toBe(preset.dt);
    expect(s.duration).toBe(preset.duration);
    expect(isEdited(s)).toBe(false);
    // Within the sliders and accepted by the runner for both numerics.
    expect(parseGalleryState(s)).toEqual({ ok: true, state: s });
  });

  test('the published run is figure1.m’s loop at the preset’s τ; the accurate run is the model’s default method and step', () => {
    const s = state('C');
    expect(scenarioOf(s, 'published')).toMatchObject({ model: 'izhikevich', method: 'published', dt: 0.25, duration: 220.25, stimulus: '(t > 22) * 15' });
    expect(scenarioOf(s, 'accurate')).toMatchObject({ method: izhikevich.defaultMethod, dt: izhikevich.defaultDt, duration: 220.25 });
    expect(scenarioOf(s, 'accurate').initial).toEqual({ v: -70, u: -14 });
  });

  test('feature R keeps figure1.m’s u(0) = -16 until v(0) or b moves; then u(0) = b·v(0)', () => {
    const r = state('R');
    expect(r.initial).toEqual({ v: -65, u: -16 });
    expect(withParam(r, 'a', 0.03).initial).toEqual({ v: -65, u: -16 });
    expect(withInitialV(r, -70).initial).toEqual({ v: -70, u: -70 });
    expect(withParam(r, 'b', 0.5).initial).toEqual({ v: -65, u: -32.5 });
  });

  test('a moved slider makes the setup "edited"; the parameters only a preset sets are listed', () => {
    expect(isEdited(withParam(state('A'), 'd', 4))).toBe(true);
    expect(isEdited({ ...state('A'), stimulus: '(t > 10) * 15' })).toBe(true);
    expect(isEdited({ ...state('A'), numerics: 'accurate' })).toBe(false);
    expect(extraParams(state('A'))).toEqual([]);
    expect(extraParams(state('G'))).toEqual([
      { name: 'k1', value: 4.1 },
      { name: 'k0', value: 108 },
    ]);
    expect(extraParams(state('R'))).toEqual([
      { name: 'vr', value: -65 },
      { name: 'uDecay', value: 0 },
    ]);
  });
});

describe('sliders', () => {
  test('the notebook’s ranges, widened only where a preset needs it', () => {
    const specs = sliderSpecs();
    const range = (s: { min: number; max: number }) => [s.min, s.max];
    expect(Object.fromEntries(specs.params.map((s) => [s.name, range(s)]))).toEqual({
      a: [-0.03, 1],
      b: [-1, 1],
      c: [-65, -45],
      d: [-21, 8], // feature Q (depolarizing after-potential) has d = -21; the notebook stops at -2
    });
    expect(range(specs.initial)).toEqual([-87, -50]);
    expect(specs.time.map(range)).toEqual([
      [0.01, 1], // the cell types run at 0.01 ms; the notebook starts at 0.1
      [50, 2000], // feature Q lasts 50.1 ms; the notebook starts at 100
    ]);
  });

  test('the controls show the state’s values, and a build-time config with an unknown preset fails', () => {
    const config = buildGalleryConfig({ preset: 'Q', numerics: 'accurate' }, 'test');
    const s = initialState(config);
    expect(s.numerics).toBe('accurate');
    const controls = galleryControls(s);
    expect(controls.model.map((c) => c.key)).toEqual(['a', 'b', 'c', 'd', 'v0']);
    expect(controls.model.find((c) => c.key === 'd')!.spec.default).toBe(-21);
    expect(controls.time.map((c) => [c.key, c.spec.default])).toEqual([
      ['dt', 0.1],
      ['duration', 50.1],
    ]);
    expect(controlValues(s).get('v0')).toBe(-70);
    expect(() => buildGalleryConfig({ preset: 'Z' }, 'lesson x')).toThrow(/lesson x: unknown preset "Z"/);
    expect(buildGalleryConfig({}, 'test')).toEqual({ preset: 'A', numerics: 'published' });
  });
});

describe('parseGalleryState refuses untrusted state with a reason', () => {
  const good = state('C');
  test.each([
    ['not an object', 'C', /must be an object/],
    ['an unknown preset', { ...good, preset: 'Z' }, /Unknown preset "Z"/],
    ['an unknown field', { ...good, extra: 1 }, /Unknown field "extra"/],
    ['a NaN parameter', { ...good, params: { ...good.params, a: Number.NaN } }, /a must be a number from -0.03 to 1/],
    ['a time step beyond the slider', { ...good, dt: 5 }, /dt must be a number from 0.01 to 1 ms/],
    ['another numerics', { ...good, numerics: 'euler' }, /numerics must be/],
    ['a stimulus that does not parse', { ...good, stimulus: '(t > 10' }, /expected an operator or '\)'/],
    ['an unknown parameter', { ...good, params: { ...good.params, zeta: 1 } }, /zeta/],
    ['initial without u', { ...good, initial: { v: -70 } }, /initial must be \{ v, u \}/],
  ])('%s', (_case, input, message) => {
    const parsed = parseGalleryState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message).join(' ')).toMatch(message);
  });
});

describe('stepWindow: the classifier applies to a sustained step only', () => {
  const grid = (duration: number, dt: number) => Float64Array.from({ length: Math.round(duration / dt) + 1 }, (_, k) => k * dt);
  const sample = (expression: string, duration: number, dt = 0.25) => {
    const e = parseExpression(expression);
    const t = grid(duration, dt);
    return stepWindow(t, t.map((x) => e.evaluate(x)), duration);
  };
  test.each([
    // A step on from 10 ms to the end: on at the first sample after 10 (strict >).
    ['(t > 10) * 14', 100, { start: 10.25, end: 100 }],
    // Inhibition for 200 of 350 ms (features S and T): the step goes down and back up.
    ['75 + (t < 50 or t > 250) * 5', 350, { start: 50, end: 250.25 }],
    // A constant current is a step from 0.
    ['10', 200, { start: 0, end: 200 }],
    // No input, a 5 ms pulse, a ramp, two pulses: not a step response.
    ['0', 100, undefined],
    ['(t > 20 and t < 25) * -15', 200, undefined],
    ['(t > 30) * (0.075 * (t - 30))', 300, undefined],
    ['(t > 10 and t < 60 or t > 70 and t < 90) * 3', 100, undefined],
    // A step that lasts less than half the run.
    ['(t > 100) * 10', 400, { start: 100.25, end: 400 }],
    ['(t > 300) * 10', 400, undefined],
  ] as const)('%s over %d ms', (expression, duration, expected) => {
    expect(sample(expression, duration)).toEqual(expected);
  });
});

describe('readouts come from the engine’s runs', () => {
  test.each(['C', 'D', 'RS'])('preset %s: both columns equal the engine’s spikes, and the pattern is classifyFiring’s', (id) => {
    const s = state(id);
    for (const which of ['published', 'accurate'] as const) {
      const result = runScenario(scenarioOf(s, which));
      const r = runReadout(result, s.duration);
      expect(r.count).toBe(result.spikes.length);
      expect(r.rate).toBeCloseTo((result.spikes.length / s.duration) * 1000, 12);
      expect(r.firstSpike).toBe(result.spikes[0]);
      expect(r.runaway).toBeUndefined();
      expect(r.window).toBeDefined();
      expect(r.pattern).toBe(classifyFiring(result.spikes, r.window!).name);
      const texts = readoutTexts(r);
      expect(texts.spikes.text).toBe(String(result.spikes.length));
      expect(texts.first.value).toBe(result.spikes[0]);
    }
  });

  test('feature C: the published loop and the converged model disagree, so the preset carries a note', () => {
    const s = state('C');
    const published = runReadout(runScenario(scenarioOf(s, 'published')), s.duration);
    const accurate = runReadout(runScenario(scenarioOf(s, 'accurate')), s.duration);
    expect(published.count).not.toBe(accurate.count);
    expect(findPreset('C')!.note).toBeDefined();
    expect(gallerySummary('Feature C, tonic bursting', 'accurate', accurate, published)).toBe(
      `Feature C, tonic bursting: ${accurate.count} spikes, ${accurate.pattern}, first at ${accurate.firstSpike.toFixed(2)} ms (accurate numerics); ` +
        `published numerics give ${published.count} spikes.`,
    );
    expect(gallerySummary('Feature C, tonic bursting', 'published', published, undefined)).toMatch(/; computing the accurate run\.$/);
  });

  test('feature T: the accurate run has no bounded solution, reported as runaway firing and explained', () => {
    const s = state('T');
    const result = runScenario(scenarioOf(s, 'accurate'));
    expect(result.divergence?.reason).toBe('runaway firing');
    const r = runReadout(result, s.duration);
    expect(r.runaway).toEqual({ t: result.divergence!.t });
    expect(r.diverged).toBeUndefined();
    expect(r.pattern).toBeUndefined();
    const texts = readoutTexts(r);
    expect(texts.spikes.text).toBe('runaway');
    expect(texts.spikes.note).toContain(result.spikes.length.toLocaleString('en'));
    expect(texts.rate.text).toBe('—');
    const message = runawayMessage(r, findPreset('T')!.note);
    expect(message).toMatch(/^No bounded solution in continuous time/);
    expect(message).toContain(findPreset('T')!.note!);
    expect(runawayMessage(r, undefined)).toMatch(/finite count, only because its time step/);
    // The published loop does stop: figure1's bursts.
    expect(runReadout(runScenario(scenarioOf(s, 'published')), s.duration).runaway).toBeUndefined();
  });

  test('no spikes: dashes with a reason', () => {
    const s = { ...state('A'), stimulus: '0' };
    const texts = readoutTexts(runReadout(runScenario(scenarioOf(s, 'accurate')), s.duration));
    expect(texts.spikes.text).toBe('0');
    expect(texts.first).toEqual({ value: Number.NaN, text: '—', note: 'no spike' });
    expect(texts.pattern.note).toBe('not a sustained step');
  });

  test('every feature’s two runs give readouts (none throws), the counts being the engine’s', () => {
    for (const preset of izhikevichFeatures) {
      const s = presetState(preset, 'published');
      for (const which of ['published', 'accurate'] as const) {
        const result = runScenario(scenarioOf(s, which));
        expect(runReadout(result, s.duration).count).toBe(result.spikes.length);
      }
    }
  });
});

describe('stimulus expression errors', () => {
  test.each([
    // Input ends too early: the caret sits just past the end.
    ['(t > 10) * ', 12, '           ^'],
    // An unknown function: the caret covers its name.
    ['foo(t)', 1, '^^^'],
    ['t >> 3', 4, '   ^'],
  ])('%j → column %d', (source, column, caret) => {
    const problem = expressionProblem(source)!;
    expect(problem.column).toBe(column);
    expect(problem.pointer).toEqual([source, caret]);
    expect(problem.message).toMatch(new RegExp(`^[A-Z].*column ${column}.*\\.$`));
  });

  test('a valid expression has no problem; the message keeps the engine’s words', () => {
    expect(expressionProblem('int(t > 100*ms) * 10')).toBeUndefined();
    const error = new ExpressionError("unknown name 'x' at column 3", 3, 1);
    expect(formatExpressionError('1+x', error)).toEqual({ message: "Unknown name 'x' at column 3.", column: 3, pointer: ['1+x', '  ^'] });
  });
});

describe('withSpikeStrokes', () => {
  test('an accurate spike between two samples gets a stroke to the cut-off and down to the reset', () => {
    const out = withSpikeStrokes([0, 1, 2], [-60, 10, -50], [1.4], 30, -50);
    expect(Array.from(out.t)).toEqual([0, 1, 1.4, 1.4, 2]);
    expect(Array.from(out.v)).toEqual([-60, 10, 30, -50, -50]);
  });

  test('a published spike, recorded at its step’s start, goes after that sample (the reset follows a step later)', () => {
    const out = withSpikeStrokes([0, 0.25, 0.5], [-60, 20, -50], [0.25, 0.5], 30, -50);
    expect(Array.from(out.t)).toEqual([0, 0.25, 0.25, 0.25, 0.5, 0.5, 0.5]);
    expect(Array.from(out.v)).toEqual([-60, 20, 30, -50, -50, 30, -50]);
  });
});
