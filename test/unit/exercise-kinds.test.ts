/**
 * The exercise kinds beyond numbers and choices: reflections (kept, never graded), per-student variants
 * and widget settings judged by the engine. Validation names the problem; the widget checker agrees
 * with the engine's threshold; recheck judges a stored answer exactly as the page did.
 */
import { describe, expect, it } from 'vitest';
import { defaultValues, lif, lifRheobase, type LifParams } from '../../engine/index.ts';
import { answerForm, answerLabel, checkAnswer, validateAnswerSpec, type AnswerSpec, type VariantAnswer, type WidgetAnswer } from '../../widgets/exercise/check';
import { entryKey, type ProgressEntry } from '../../widgets/exercise/progress';
import { expectedAnswer, recheck } from '../../widgets/exercise/regrade';
import { INITIAL_STATE, afterCheck, lastAnswerText, restoredState } from '../../widgets/exercise/state';
import { variantSeed } from '../../widgets/exercise/student';
import { lifUnknownParams, studentVariant } from '../../widgets/exercise/variants';
import { firesRepetitively, lifRepetitiveThreshold, widgetChecks } from '../../widgets/exercise/widget-checks';

/** The lesson 01 widget "rheobase-probe" as getState() returns it, with the step amplitude set to `amplitude`. */
function probeState(amplitude: number, params: Record<string, number> = {}): unknown {
  return {
    version: 1,
    model: 'lif',
    params,
    stimulus: [{ kind: 'step', amplitude, start: 10, end: 390 }],
    method: 'exact',
    dt: 0.1,
    duration: 400,
  };
}

const entry = (kind: ProgressEntry['kind'], answer: ProgressEntry['answer'], outcome: ProgressEntry['outcome'] = 'wrong'): ProgressEntry => ({
  kind,
  answer,
  outcome,
  attempts: 1,
  at: '2026-12-05T09:00:00.000Z',
});

describe('validateAnswerSpec, new kinds', () => {
  it.each<[string, unknown]>([
    ['a reflection', { kind: 'text' }],
    ['a reflection with a minimum length', { kind: 'text', minLength: 40 }],
    ['a variant', { kind: 'variant', generator: 'lif-unknown-rheobase' }],
    ['a variant with a widget for its presets', { kind: 'variant', generator: 'ml-which-type-i', widget: 'ml-fi-unknown' }],
    ['a widget check', { kind: 'widget', widget: 'rheobase-probe', check: 'lif-repetitive-threshold' }],
  ])('accepts %s', (_case, spec) => {
    expect(validateAnswerSpec(spec)).toEqual(spec);
  });

  it.each<[string, unknown, string]>([
    ['an unknown generator, naming the known ones', { kind: 'variant', generator: 'hh-unknown' }, 'generator "hh-unknown" is not a variant generator (known: lif-unknown-rheobase, ml-which-type-i)'],
    ['an unknown checker', { kind: 'widget', widget: 'rheobase-probe', check: 'guess' }, 'check "guess" is not a widget checker (known: lif-repetitive-threshold)'],
    ['a widget check without a widget', { kind: 'widget', check: 'lif-repetitive-threshold' }, 'widget must be the element id of a widget on the same page'],
    ['a widget id with a space', { kind: 'widget', widget: 'a b', check: 'lif-repetitive-threshold' }, 'widget must be the element id'],
    ['a negative minimum length', { kind: 'text', minLength: -1 }, 'minLength must be a whole number'],
    ['a misspelt field (a value on a variant)', { kind: 'variant', generator: 'lif-unknown-rheobase', value: 1 }, 'unexpected field "value"'],
    ['an unknown kind, listing all five', { kind: 'essay' }, 'expected one of "numeric", "choice", "text", "variant", "widget"'],
  ])('refuses %s', (_case, spec, message) => {
    expect(() => validateAnswerSpec(spec, '<Exercise id="x">')).toThrow(message);
  });
});

describe('forms and labels', () => {
  it('shows a variant as its generator’s form: a field in nA, or the fixed options', () => {
    expect(answerForm({ kind: 'variant', generator: 'lif-unknown-rheobase' })).toEqual({ kind: 'numeric', unit: 'nA' });
    expect(answerLabel({ kind: 'variant', generator: 'lif-unknown-rheobase' })).toBe('Your answer (nA)');
    expect(answerForm({ kind: 'variant', generator: 'ml-which-type-i' }).kind).toBe('choice');
    expect(answerLabel({ kind: 'text' })).toBe('Your reflection');
  });
});

describe('reflections', () => {
  it('are saved, not graded, once long enough', () => {
    expect(checkAnswer({ kind: 'text', minLength: 10 }, { kind: 'text', text: 'Too short' })).toMatchObject({ outcome: 'invalid', message: expect.stringContaining('at least 10 characters; you have 9') });
    expect(checkAnswer({ kind: 'text' }, { kind: 'text', text: '   ' })).toMatchObject({ outcome: 'invalid' });
    expect(checkAnswer({ kind: 'text', minLength: 10 }, { kind: 'text', text: 'Inhibition paces the rhythm.' })).toMatchObject({ outcome: 'saved' });
  });

  it('unlock the model answer when saved, without showing a hint', () => {
    expect(afterCheck(INITIAL_STATE, 'saved')).toEqual({ status: 'saved', attempts: 1, hintVisible: false, solutionUnlocked: true });
  });
});

describe('restoring a saved record', () => {
  it.each<[ProgressEntry['outcome'], number, boolean, boolean]>([
    // [outcome, attempts, hint shown, solution unlocked]
    ['correct', 1, false, true],
    ['close', 2, true, true],
    ['wrong', 3, true, true],
    ['saved', 1, false, true],
  ])('%s after %i attempts', (outcome, attempts, hintVisible, solutionUnlocked) => {
    expect(restoredState(outcome, attempts)).toEqual({ status: outcome, attempts, hintVisible, solutionUnlocked });
  });

  it('treats a record without attempts as unanswered, and says what was answered', () => {
    expect(restoredState('wrong', 0)).toEqual(INITIAL_STATE);
    expect(lastAnswerText('“1.5 nA”', 'correct', 2)).toBe('Your last answer: “1.5 nA” (correct, 2 attempts).');
  });
});

describe('widget check lif-repetitive-threshold', () => {
  const check = widgetChecks['lif-repetitive-threshold'].check;
  const p = defaultValues(lif.params) as LifParams;

  it('finds the engine’s threshold at the rheobase (θ − u_rest)/R, to the bracket’s 1e-4 nA', () => {
    // The bisection's midpoint lies within half its 1e-4 nA bracket of the true threshold.
    expect(Math.abs(lifRepetitiveThreshold({}) - lifRheobase(p))).toBeLessThanOrEqual(5e-5);
    const other = { ...p, theta: -46, R: 12.5 };
    expect(Math.abs(lifRepetitiveThreshold({ theta: -46, R: 12.5 }) - lifRheobase(other))).toBeLessThanOrEqual(5e-5);
    expect(firesRepetitively({}, 1.51)).toBe(true);
    expect(firesRepetitively({}, 1.5)).toBe(false);
  }, 20_000);

  it.each<[string, number, Record<string, number>, string, string]>([
    // [case, set current (nA), widget params, outcome, a fragment of the message]
    ['one slider step above the rheobase', 1.51, {}, 'correct', 'fires repetitively'],
    ['just above it', 1.501, {}, 'correct', 'smallest such current at 1.5 nA'],
    ['at the rheobase: it never fires', 1.5, {}, 'wrong', 'does not fire repetitively, but you are within 0.01 nA'],
    ['well below', 1.4, {}, 'wrong', 'does not fire repetitively: raise the current'],
    ['three steps above', 1.53, {}, 'close', 'come down'],
    ['far above', 2, {}, 'wrong', 'far above'],
    ['another neuron, judged as set: θ = −46 mV, R = 12.5 MΩ, rheobase 1.52 nA', 1.53, { theta: -46, R: 12.5 }, 'correct', 'Correct'],
    ['the default’s answer for that neuron', 1.51, { theta: -46, R: 12.5 }, 'wrong', 'does not fire'],
  ])('%s', (_case, amplitude, params, outcome, message) => {
    const result = check(probeState(amplitude, params));
    expect(result.outcome).toBe(outcome);
    expect(result.message).toContain(message);
  }, 20_000);

  it.each<[string, unknown]>([
    ['not a state', 'hello'],
    ['another model', { ...(probeState(1.51) as object), model: 'hh', params: {} }],
    ['two stimulus components', { ...(probeState(1.51) as object), stimulus: [{ kind: 'constant', amplitude: 1 }, { kind: 'constant', amplitude: 1 }] }],
    ['a parameter out of range', probeState(1.51, { R: -3 })],
  ])('calls %s invalid, in words', (_case, state) => {
    const result = check(state);
    expect(result.outcome).toBe('invalid');
    expect(result.message.length).toBeGreaterThan(10);
  });
});

describe('recheck and expectedAnswer', () => {
  const key = entryKey('/lessons/01-integrate-and-fire/', 'unknown-neuron');
  const variant: VariantAnswer = { kind: 'variant', generator: 'lif-unknown-rheobase' };
  const widget: WidgetAnswer = { kind: 'widget', widget: 'rheobase-probe', check: 'lif-repetitive-threshold' };
  const numeric: AnswerSpec = { kind: 'numeric', value: 1.5, unit: 'nA', tolerance: { abs: 0.01 } };
  const choice: AnswerSpec = { kind: 'choice', options: ['Saddle-node', 'Hopf'], correct: 1 };

  it('judges numeric text and choices as checkAnswer does', () => {
    expect(recheck(numeric, entry('numeric', '1500 pA'), { studentCode: null, key })).toMatchObject({ outcome: 'correct', expected: '1.5 nA (± 0.01 nA)' });
    expect(recheck(numeric, entry('numeric', '1.6'), { studentCode: null, key }).outcome).toBe('wrong');
    expect(recheck(choice, entry('choice', 1), { studentCode: null, key })).toMatchObject({ outcome: 'correct', expected: 'B. Hopf' });
    expect(recheck(choice, entry('choice', 0), { studentCode: null, key }).outcome).toBe('wrong');
  });

  it('regenerates a variant from the student code and the key', () => {
    const code = 'AB12';
    const right = String(lifRheobase(lifUnknownParams(variantSeed(code, key))));
    expect(recheck(variant, entry('variant', right), { studentCode: code, key }).outcome).toBe('correct');
    // Another student's right answer is (almost surely) wrong for this one.
    const theirs = String(lifRheobase(lifUnknownParams(variantSeed('ZZ77', key))));
    expect(theirs).not.toBe(right);
    expect(recheck(variant, entry('variant', theirs), { studentCode: code, key }).outcome).not.toBe('correct');
    expect(recheck(variant, entry('variant', right), { studentCode: null, key }).outcome).toBe('invalid');
    expect(expectedAnswer(variant, { studentCode: code, key })).toContain(studentVariant(variant, code, key).values['rheobase']!.split(' ')[0]!.slice(0, 4));
    expect(expectedAnswer(variant, { studentCode: null, key })).toContain('student code');
  });

  it('runs the widget checker on the stored state', () => {
    expect(recheck(widget, entry('widget', probeState(1.51) as ProgressEntry['answer']), { studentCode: null, key }).outcome).toBe('correct');
    expect(recheck(widget, entry('widget', probeState(1.4) as ProgressEntry['answer']), { studentCode: null, key }).outcome).toBe('wrong');
    expect(expectedAnswer(widget, { studentCode: null, key })).toContain('1.5 nA');
  }, 20_000);

  it('keeps reflections without grading, and calls mismatched or damaged entries invalid without throwing', () => {
    expect(recheck({ kind: 'text' }, entry('text', 'Some thoughts.', 'saved'), { studentCode: null, key })).toEqual({ outcome: 'saved', message: 'kept, not graded' });
    expect(recheck(numeric, entry('choice', 1), { studentCode: null, key }).outcome).toBe('invalid');
    expect(recheck(numeric, entry('numeric', 3), { studentCode: null, key }).outcome).toBe('invalid');
    expect(recheck(widget, entry('widget', { nonsense: true }), { studentCode: null, key }).outcome).toBe('invalid');
    expect(recheck(variant, entry('variant', { a: 1 }), { studentCode: 'AB12', key }).outcome).toBe('invalid');
  });
});
