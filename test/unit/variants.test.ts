/**
 * Per-student variants: the same code always gives the same numbers and answer, different codes spread
 * over the ranges (and over both orders of the two Morris–Lecar neurons), and every answer equals the
 * engine's own computation (the LIF rheobase in closed form; the type from the bifurcation finder).
 */
import { describe, expect, it } from 'vitest';
import { defaultValues, findBifurcations, lifRheobase, morrisLecar, morrisLecarPresets } from '../../engine/index.ts';
import { VARIANT_FORMS, checkAnswer, type VariantId } from '../../widgets/exercise/check';
import { variantSeed } from '../../widgets/exercise/student';
import {
  LIF_TEST_CURRENT,
  LIF_UNKNOWN_RANGES,
  ML_CAPACITANCE,
  checkVariantAnswer,
  generateVariant,
  lifUnknownParams,
  mlPair,
  morrisLecarType,
  variants,
} from '../../widgets/exercise/variants';

const LIF_KEY = '/lessons/01-integrate-and-fire/#unknown-neuron';
const ML_KEY = '/lessons/06-two-dimensional-reductions/#which-type-i';
const codes = (n: number): string[] => Array.from({ length: n }, (_, i) => `S${String(i).padStart(3, '0')}`);

describe('the variant registry', () => {
  it('implements exactly the generators check.ts announces, each answering in the announced form', () => {
    expect(Object.keys(variants).sort()).toEqual(Object.keys(VARIANT_FORMS).sort());
    for (const id of Object.keys(VARIANT_FORMS) as VariantId[]) {
      const form = VARIANT_FORMS[id];
      const { answer } = generateVariant(id, variantSeed('FORM1', `/x/#${id}`));
      expect(answer.kind).toBe(form.kind);
      if (answer.kind === 'numeric' && form.kind === 'numeric') expect(answer.unit).toBe(form.unit);
      if (answer.kind === 'choice' && form.kind === 'choice') expect(answer.options).toEqual(form.options);
    }
  }, 20_000);
});

describe('lif-unknown-rheobase', () => {
  it('gives the same numbers and answer for the same code, and other numbers for another code', () => {
    const a = variants['lif-unknown-rheobase'](variantSeed('AB12', LIF_KEY));
    const again = variants['lif-unknown-rheobase'](variantSeed('AB12', LIF_KEY));
    const other = variants['lif-unknown-rheobase'](variantSeed('AB13', LIF_KEY));
    expect(again).toEqual(a);
    expect(other.values).not.toEqual(a.values);
  });

  it('answers with the engine’s rheobase of the drawn neuron, and prints the measurements that give it', () => {
    for (const code of codes(50)) {
      const seed = variantSeed(code, LIF_KEY);
      const p = lifUnknownParams(seed);
      const variant = variants['lif-unknown-rheobase'](seed);
      expect(variant.answer).toMatchObject({ kind: 'numeric', value: lifRheobase(p), unit: 'nA' });
      // The printed plateau and threshold (typographic minus) are the drawn values, exactly.
      const number = (text: string | undefined): number => Number(text!.replace('\u2212', '-').split(' ')[0]);
      const R = (number(variant.values['plateau']) - number(variant.values['uRest'])) / number(variant.values['I1']);
      expect(R).toBeCloseTo(p.R, 9);
      expect(number(variant.values['theta'])).toBe(p.theta);
      expect(number(variant.values['I1'])).toBe(LIF_TEST_CURRENT);
      // Whoever reads the printed numbers gets the answer: the check marks it correct.
      const typed = String((number(variant.values['theta']) - number(variant.values['uRest'])) / R);
      expect(checkVariantAnswer(variant, typed).outcome).toBe('correct');
    }
  });

  it('spreads over its ranges: 200 codes cover each parameter’s range and most of its grid', () => {
    const drawn = codes(200).map((code) => lifUnknownParams(variantSeed(code, LIF_KEY)));
    for (const name of ['R', 'tauM', 'theta'] as const) {
      const range = LIF_UNKNOWN_RANGES[name];
      const values = drawn.map((p) => p[name]);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(range.min);
      expect(Math.max(...values)).toBeLessThanOrEqual(range.max);
      // Within 10 % of the span of both ends: 200 uniform draws miss a 10 % end with probability 0.9^200 ≈ 7e-10.
      const span = range.max - range.min;
      expect(Math.min(...values)).toBeLessThan(range.min + 0.1 * span);
      expect(Math.max(...values)).toBeGreaterThan(range.max - 0.1 * span);
      // Distinct values: at least half of the grid points (25 to 71 of them) are hit by 200 draws.
      const grid = Math.round(span / range.step) + 1;
      expect(new Set(values).size).toBeGreaterThan(grid / 2);
    }
  });

  it('the student code, not only the exercise, selects the neuron: another key gives another neuron', () => {
    expect(lifUnknownParams(variantSeed('AB12', LIF_KEY))).not.toEqual(lifUnknownParams(variantSeed('AB12', '/lessons/02-x/#unknown-neuron')));
  });
});

describe('ml-which-type-i', () => {
  // Drawing is cheap; classifying sweeps bifurcations (~0.1 s per neuron, more on a loaded machine: hence the timeouts), so the spread is tested on the
  // draws and the engine's answer on a few variants of each order.
  const pairs = codes(200).map((code) => mlPair(variantSeed(code, ML_KEY)));

  it('gives the same variant for the same code', () => {
    const seed = variantSeed('ZZ99', ML_KEY);
    expect(variants['ml-which-type-i'](seed)).toEqual(variants['ml-which-type-i'](seed));
  }, 20_000);

  it('puts the type I neuron first about half the time over 200 codes', () => {
    const first = pairs.filter((p) => p.typeIFirst).length;
    // Binomial(200, 0.5) has a standard deviation of 7.1: 70 to 130 is more than four of them either side.
    expect(first).toBeGreaterThan(70);
    expect(first).toBeLessThan(130);
  });

  it('spreads the capacitances over their whole grid', () => {
    const cs = pairs.flatMap((p) => [p.a['C']!, p.b['C']!]);
    expect(Math.min(...cs)).toBe(ML_CAPACITANCE.min);
    expect(Math.max(...cs)).toBe(ML_CAPACITANCE.max);
    expect(new Set(cs).size).toBe(Math.round((ML_CAPACITANCE.max - ML_CAPACITANCE.min) / ML_CAPACITANCE.step) + 1);
  });

  it('keeps each set’s type over the whole capacitance range (the ends and the middle)', () => {
    for (const C of [ML_CAPACITANCE.min, 20, ML_CAPACITANCE.max]) {
      expect(morrisLecarType({ ...morrisLecarPresets.typeI, C }).type).toBe('I');
      expect(morrisLecarType({ ...morrisLecarPresets.typeII, C }).type).toBe('II');
    }
  }, 20_000);

  it('answers with the engine: the neuron whose rest is lost in a saddle-node is type I', () => {
    const sample = [...codes(200).filter((_, i) => pairs[i]!.typeIFirst).slice(0, 2), ...codes(200).filter((_, i) => !pairs[i]!.typeIFirst).slice(0, 2)];
    // An independent, sweep on another grid (25 steps to 150 instead of 12 to 120) must agree with the generator's.
    const firstType = (params: Readonly<Record<string, number>>) =>
      findBifurcations(morrisLecar, { ...defaultValues(morrisLecar.params), ...params }, { x: { min: -80, max: 60 }, y: { min: -0.1, max: 1.1 } }, { from: 0, to: 150, steps: 25 })[0]!.type;
    for (const code of sample) {
      const variant = generateVariant('ml-which-type-i', variantSeed(code, ML_KEY));
      const [a, b] = variant.widgetPreset!;
      const typeIIndex = firstType(a!.params) === 'saddle-node' ? 0 : 1;
      expect(firstType(typeIIndex === 0 ? b!.params : a!.params)).toBe('hopf');
      expect(variant.answer).toMatchObject({ kind: 'choice', correct: typeIIndex });
      expect(variant.widgetPreset![typeIIndex]!.params).toMatchObject(morrisLecarPresets.typeI);
      expect(variant.values[typeIIndex === 0 ? 'typeA' : 'typeB']).toBe('type I');
      expect(checkAnswer(variant.answer, { kind: 'choice', selected: typeIIndex }).outcome).toBe('correct');
      expect(checkVariantAnswer(variant, 1 - typeIIndex).outcome).toBe('wrong');
    }
  }, 30_000);
});

describe('checkVariantAnswer', () => {
  it('calls an answer of the wrong shape invalid instead of throwing', () => {
    const numeric = generateVariant('lif-unknown-rheobase', 1);
    const choice = generateVariant('ml-which-type-i', 1);
    expect(checkVariantAnswer(numeric, 3).outcome).toBe('invalid');
    expect(checkVariantAnswer(numeric, { a: 1 }).outcome).toBe('invalid');
    expect(checkVariantAnswer(choice, '0').outcome).toBe('invalid');
    expect(checkVariantAnswer(choice, 7).outcome).toBe('invalid');
    expect(checkVariantAnswer(choice, null).outcome).toBe('invalid');
  }, 20_000);
});
