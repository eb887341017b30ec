import { describe, expect, it } from 'vitest';
import {
  answerLabel,
  checkAnswer,
  inputHint,
  toleranceWidth,
  validateAnswerSpec,
  type AnswerSpec,
  type ChoiceAnswer,
  type NumericAnswer,
  type Outcome,
} from '../../widgets/exercise/check';
import { readAnswerSpec } from '../../widgets/exercise/spec';
import { INITIAL_STATE, afterCheck, attemptsText } from '../../widgets/exercise/state';

/** The rheobase exercise of the usage example: 1.5 nA ± 0.01 nA, "close" within ± 0.05 nA. */
const rheobase: NumericAnswer = { kind: 'numeric', value: 1.5, unit: 'nA', tolerance: { abs: 0.01 } };
const restingPotential: NumericAnswer = { kind: 'numeric', value: -65, unit: 'mV', tolerance: { rel: 0.02 } };
const bifurcation: ChoiceAnswer = { kind: 'choice', options: ['Saddle-node', 'Hopf', 'Neither'], correct: 0 };

describe('checkAnswer, numeric', () => {
  describe.each<[string, NumericAnswer, string, Outcome, string]>([
    // [case, spec, typed, outcome, a fragment of the message]
    ['exact value', rheobase, '1.5', 'correct', 'Correct: 1.5 nA.'],
    ['exact value with its unit', rheobase, '1.5 nA', 'correct', 'Correct'],
    ['another prefix, converted and shown', rheobase, '1500 pA', 'correct', 'Correct: 1500 pA = 1.5 nA.'],
    ['SI units in e-notation', rheobase, '1.5e-9 A', 'correct', 'Correct'],
    ['on the upper tolerance edge (binary 1.51 − 1.5 > 0.01)', rheobase, '1.51', 'correct', 'Correct'],
    ['on the lower tolerance edge', rheobase, '1.49', 'correct', 'Correct'],
    ['just outside the tolerance', rheobase, '1.52', 'close', 'Close — 1.52 nA is near the answer but outside the accepted ±0.01 nA'],
    ['at the edge of "close" (5 × tolerance)', rheobase, '1.55', 'close', 'Close'],
    ['beyond "close"', rheobase, '1.6', 'wrong', 'Not quite — 1.6 nA is not the answer.'],
    ['wrong sign', rheobase, '-1.5', 'wrong', 'has the wrong sign'],
    ['prefix slip: pA typed as nA', rheobase, '1500', 'wrong', 'off by a factor of 1000. Check the unit prefixes.'],
    ['prefix slip the other way', rheobase, '0.0015', 'wrong', 'off by a factor of 1000'],
    ['SI value typed without its unit', rheobase, '1.5e-9', 'wrong', 'off by a factor of 1000000000'],
    ['relative tolerance: 2 % of 65 mV is 1.3 mV', restingPotential, '-66.2', 'correct', 'Correct'],
    ['relative tolerance: outside', restingPotential, '-67', 'close', '±1.3 mV'],
    ['relative tolerance in volts', restingPotential, '-0.065 V', 'correct', 'Correct: -0.065 V = -65 mV.'],
    ['a current where a voltage is expected', restingPotential, '-65 nA', 'invalid', 'expected a voltage, e.g. 1.5 mV'],
    ['nothing typed', rheobase, '', 'invalid', 'Type a number'],
    ['not a number', rheobase, 'one and a half', 'invalid', 'does not start with a number'],
  ])('%s', (_case, spec, typed, outcome, fragment) => {
    it(`"${typed}" is ${outcome}`, () => {
      const result = checkAnswer(spec, { kind: 'numeric', text: typed });
      expect(result.outcome).toBe(outcome);
      expect(result.message).toContain(fragment);
    });
  });

  it('honours a custom closeFactor', () => {
    const strict: NumericAnswer = { ...rheobase, closeFactor: 2 };
    // 0.04 nA off: close under the default factor 5, wrong under 2.
    expect(checkAnswer(rheobase, { kind: 'numeric', text: '1.54' }).outcome).toBe('close');
    expect(checkAnswer(strict, { kind: 'numeric', text: '1.54' }).outcome).toBe('wrong');
  });

  it('uses the larger of abs and rel', () => {
    expect(toleranceWidth({ ...rheobase, tolerance: { abs: 0.01, rel: 0.1 } })).toBeCloseTo(0.15, 12);
    expect(toleranceWidth({ ...rheobase, tolerance: { abs: 0.2, rel: 0.1 } })).toBe(0.2);
  });
});

describe('checkAnswer, choice', () => {
  describe.each<[string, number | null, Outcome, string]>([
    // [case, selected index, outcome, message fragment]
    ['the right option', 0, 'correct', 'Correct.'],
    ['another option', 1, 'wrong', 'Not quite'],
    ['nothing selected: not an attempt', null, 'invalid', 'Choose one of the options first.'],
    ['an index past the options (tampered markup)', 7, 'invalid', 'Choose one'],
  ])('%s', (_case, selected, outcome, fragment) => {
    it(`is ${outcome}`, () => {
      const result = checkAnswer(bifurcation, { kind: 'choice', selected });
      expect(result.outcome).toBe(outcome);
      expect(result.message).toContain(fragment);
    });
  });

  it('throws when an attempt of the wrong kind reaches a specification', () => {
    expect(() => checkAnswer(bifurcation, { kind: 'numeric', text: '0' })).toThrow(/cannot answer/);
  });
});

describe('validateAnswerSpec', () => {
  it.each<[string, AnswerSpec]>([
    // [case, a sound specification]
    ['the usage example', rheobase],
    ['a relative tolerance', restingPotential],
    ['a dimensionless answer', { kind: 'numeric', value: 0.5, unit: '', tolerance: { abs: 0.01 } }],
    ['a unit spelt in ASCII', { kind: 'numeric', value: 10, unit: 'MOhm', tolerance: { rel: 0.05 } }],
    ['a choice', bifurcation],
  ])('accepts %s', (_case, spec) => {
    expect(validateAnswerSpec(spec)).toEqual(spec);
  });

  it.each<[string, unknown, RegExp]>([
    // [case, an unsound specification, what the error must say]
    ['not an object', 'numeric', /expected an object/],
    ['an unknown kind', { kind: 'essay' }, /unknown kind "essay"/],
    ['an unknown unit', { ...rheobase, unit: 'nAmp' }, /unit "nAmp" is not a known unit/],
    ['no tolerance', { kind: 'numeric', value: 1, unit: 'nA' }, /tolerance must be an object/],
    ['a zero tolerance', { ...rheobase, tolerance: {} }, /non-zero range/],
    ['a relative tolerance around zero', { ...rheobase, value: 0, tolerance: { rel: 0.1 } }, /non-zero range/],
    ['a negative tolerance', { ...rheobase, tolerance: { abs: -1 } }, /tolerance.abs must be a non-negative number/],
    ['a non-finite value', { ...rheobase, value: Number.NaN }, /value must be a finite number/],
    ['a closeFactor below 1', { ...rheobase, closeFactor: 0.5 }, /closeFactor must be a number ≥ 1/],
    ['one option', { kind: 'choice', options: ['Only'], correct: 0 }, /at least two non-empty strings/],
    ['an empty option', { kind: 'choice', options: ['A', ' '], correct: 0 }, /at least two non-empty strings/],
    ['correct out of range', { ...bifurcation, correct: 3 }, /correct must be an index into options \(0 to 2\)/],
    ['correct not an integer', { ...bifurcation, correct: 0.5 }, /correct must be an index/],
  ])('rejects %s', (_case, spec, message) => {
    expect(() => validateAnswerSpec(spec, 'test')).toThrow(message);
  });

  it('lists every problem at once, prefixed with the context', () => {
    expect(() => validateAnswerSpec({ kind: 'numeric', value: 'x', unit: 'y', tolerance: {} }, '<Exercise id="a">')).toThrow(
      /^<Exercise id="a">: value must be a finite number; unit "y" is not a known unit.*; tolerance must accept/,
    );
  });
});

describe('readAnswerSpec (what a page reads to start an exercise; check.ts validates in full at the first Check)', () => {
  it('passes every valid kind through unchanged', () => {
    for (const spec of [rheobase, bifurcation, { kind: 'text' }, { kind: 'variant', generator: 'lif-unknown-rheobase' }, { kind: 'widget', widget: 'w', check: 'lif-repetitive-threshold' }]) {
      expect(readAnswerSpec(spec)).toBe(spec);
    }
  });

  it.each([null, 1, 'numeric', [], {}, { kind: 'essay' }, { kind: 'variant', generator: 'no-such-generator' }])('refuses %j, naming the exercise', (value) => {
    expect(() => readAnswerSpec(value, 'exercise "x"')).toThrow(/^exercise "x": /);
  });
});

describe('labels and hints', () => {
  it.each<[AnswerSpec, string]>([
    [rheobase, 'Your answer (nA)'], // the expected unit is visible in the label
    [{ ...rheobase, unit: 'MOhm' }, 'Your answer (MΩ)'], // canonical spelling
    [{ ...rheobase, unit: '' }, 'Your answer'], // a pure number has no unit to show
    [bifurcation, 'Your answer'],
  ])('%j is labelled %j', (spec, label) => {
    expect(answerLabel(spec)).toBe(label);
  });

  it.each([
    ['nA', 'Units are optional: 1.5 means 1.5 nA; 1500 pA and 1.5e-9 A also work.'],
    ['mV', 'Units are optional: 1.5 means 1.5 mV; 1500 µV and 1.5e-3 V also work.'],
    ['s', 'Units are optional: 1.5 means 1.5 s; 1500 ms also works.'], // already SI: no e-notation example
    ['fF', 'Units are optional: 1.5 means 1.5 fF; 1.5e-15 F also works.'], // no prefix below femto
    ['%', 'A percentage: 1.5 means 1.5%.'],
    ['', 'A number, such as 1.5, -0.25 or 2e-3.'],
  ])('the hint for %j is %j', (unit, hint) => {
    expect(inputHint(unit)).toBe(hint);
  });
});

describe('exercise state', () => {
  it.each<[string, Outcome[], string, number, boolean, boolean]>([
    // [case, outcomes in order, status, attempts, hint visible, solution unlocked]
    ['before any attempt', [], 'unanswered', 0, false, false],
    ['unreadable input is not an attempt', ['invalid'], 'unanswered', 0, false, false],
    ['right first time: no hint needed, solution unlocked', ['correct'], 'correct', 1, false, true],
    ['a wrong answer shows the hint', ['wrong'], 'wrong', 1, true, true],
    ['a close answer shows the hint', ['close'], 'close', 1, true, true],
    ['the hint stays after a later correct answer', ['wrong', 'correct'], 'correct', 2, true, true],
    ['invalid input keeps the last status', ['close', 'invalid'], 'close', 1, true, true],
    ['a wrong answer after a correct one is wrong', ['correct', 'wrong'], 'wrong', 2, true, true],
  ])('%s', (_case, outcomes, status, attempts, hintVisible, solutionUnlocked) => {
    const state = outcomes.reduce(afterCheck, INITIAL_STATE);
    expect(state).toEqual({ status, attempts, hintVisible, solutionUnlocked });
  });

  it.each([
    [0, 'No attempts yet'],
    [1, '1 attempt'],
    [2, '2 attempts'],
  ])('%i attempts read %j', (attempts, text) => {
    expect(attemptsText(attempts)).toBe(text);
  });
});
