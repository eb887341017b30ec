/**
 * Per-student variants: each generator draws an exercise's hidden parameters from a seed (student.ts
 * makes it from the student's code and the exercise's key) and computes the answer with the engine, in
 * the browser as at the instructor's desk, so the same code always gives the same numbers and answer.
 *
 * The two generators follow the course's classics: "a neuron with unknown parameters" (a leaky
 * integrate-and-fire neuron whose R, τm and ϑ the student infers from measurements; Neuronal Dynamics,
 * Sec. 1.3, and the "unknown neuron" exercise of its Python exercises) and "which of these two neurons is
 * type I" (Morris–Lecar with Rinzel & Ermentrout's type I and type II sets; Neuronal Dynamics, Sec. 4.4),
 * where the engine's bifurcation finder decides which neuron loses rest through a saddle-node.
 */
import { defaultValues } from '../../engine/params/registry.ts';
import { lif, type LifParams } from '../../engine/models/lif.ts';
import { morrisLecar, morrisLecarPresets } from '../../engine/models/morris-lecar.ts';
import { lifRheobase } from '../../engine/analysis/lif-analytic.ts';
import { findBifurcations } from '../../engine/analysis/bifurcation.ts';
import { createRandom, type RandomSource } from '../../engine/random/rng.ts';
import { formatNumber } from '../../engine/units.ts';
import {
  VARIANT_FORMS,
  checkAnswer,
  type ChoiceAnswer,
  type CheckResult,
  type NumericAnswer,
  type VariantAnswer,
  type VariantId,
} from './check';
import { variantSeed } from './student';

/** A setting a widget on the page can load (the params merge over the widget's own state). */
export interface VariantPreset {
  readonly label: string;
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
}

export interface Variant {
  /** Display text (with units) for each `<span data-variant="name">` of the question and solution. */
  readonly values: Readonly<Record<string, string>>;
  readonly answer: NumericAnswer | ChoiceAnswer;
  readonly widgetPreset?: readonly VariantPreset[];
}

export type VariantGenerator = (seed: number) => Variant;

/** A value on a grid of `step` in [min, max], so what the question prints is exactly what was drawn. */
function onGrid(random: RandomSource, min: number, max: number, step: number): number {
  const count = Math.round((max - min) / step) + 1;
  const k = Math.min(count - 1, Math.floor(random.uniform() * count));
  // Rounded to the grid's decimals so 0.1 + 0.2 artefacts never reach the printed text.
  return Number((min + k * step).toFixed(6));
}

/** Typographic minus, as the lessons print negative quantities. */
const signed = (value: number): string => formatNumber(value).replace('-', '\u2212');

/** Ranges of the unknown LIF neuron, all within what cortical neurons show (Neuronal Dynamics, Sec. 1.3). */
export const LIF_UNKNOWN_RANGES = {
  R: { min: 5, max: 40, step: 0.5 },
  tauM: { min: 5, max: 30, step: 0.5 },
  theta: { min: -56, max: -44, step: 0.5 },
} as const;
/** The probe current of the "experiment", nA. */
export const LIF_TEST_CURRENT = 0.5;

/** The unknown neuron's parameters for a seed (exported so tests and answer keys can print them). */
export function lifUnknownParams(seed: number): LifParams {
  const random = createRandom(seed);
  const base = defaultValues(lif.params) as LifParams;
  const R = onGrid(random, LIF_UNKNOWN_RANGES.R.min, LIF_UNKNOWN_RANGES.R.max, LIF_UNKNOWN_RANGES.R.step);
  const tauM = onGrid(random, LIF_UNKNOWN_RANGES.tauM.min, LIF_UNKNOWN_RANGES.tauM.max, LIF_UNKNOWN_RANGES.tauM.step);
  const theta = onGrid(random, LIF_UNKNOWN_RANGES.theta.min, LIF_UNKNOWN_RANGES.theta.max, LIF_UNKNOWN_RANGES.theta.step);
  return { ...base, R, tauM, theta };
}

function lifUnknownRheobase(seed: number): Variant {
  const p = lifUnknownParams(seed);
  const plateau = p.uRest + p.R * LIF_TEST_CURRENT;
  return {
    values: {
      uRest: `${signed(p.uRest)} mV`,
      I1: `${formatNumber(LIF_TEST_CURRENT)} nA`,
      plateau: `${signed(plateau)} mV`,
      tau63: `${formatNumber(p.tauM)} ms`,
      theta: `${signed(p.theta)} mV`,
      deltaU: `${formatNumber(plateau - p.uRest)} mV`,
      R: `${formatNumber(p.R)} MΩ`,
      rheobase: `${formatNumber(Number(lifRheobase(p).toFixed(4)))} nA`,
    },
    // The printed numbers are exact, so 1 % only absorbs the rounding of a three-digit answer.
    answer: { kind: 'numeric', value: lifRheobase(p), unit: 'nA', tolerance: { rel: 0.01 } },
    widgetPreset: [{ label: 'your neuron', model: 'lif', params: { R: p.R, tauM: p.tauM, theta: p.theta } }],
  };
}

/** Capacitance range of the two Morris–Lecar neurons, µF/cm²: it moves the Hopf point, never the type. */
export const ML_CAPACITANCE = { min: 16, max: 24, step: 0.5 } as const;
/** Where a rest state is sought, and the currents swept (µA/cm²): both sets lose rest below 100. */
const ML_BOX = { x: { min: -80, max: 60 }, y: { min: -0.1, max: 1.1 } };
const ML_SWEEP = { from: 0, to: 120, steps: 12 };

/**
 * Type I when the first bifurcation of the resting state, raising the current from zero, is a
 * saddle-node (on the invariant circle: the rate starts at zero), type II when it is a Hopf bifurcation.
 */
export function morrisLecarType(params: Readonly<Record<string, number>>): { type: 'I' | 'II'; current: number } {
  const [first] = findBifurcations(morrisLecar, { ...defaultValues(morrisLecar.params), ...params }, ML_BOX, ML_SWEEP, 1e-3);
  if (first === undefined) throw new RangeError('The Morris–Lecar neuron keeps its resting state up to 120 µA/cm²: neither type.');
  return { type: first.type === 'saddle-node' ? 'I' : 'II', current: first.current };
}

const bifurcationText = (found: { type: 'I' | 'II'; current: number }): string =>
  `${found.type === 'I' ? 'a saddle-node' : 'a Hopf bifurcation'} at ${formatNumber(Number(found.current.toFixed(1)))} µA/cm²`;

/** The two neurons' parameters for a seed: which set comes first, and each one's capacitance. */
export function mlPair(seed: number): { readonly typeIFirst: boolean; readonly a: Record<string, number>; readonly b: Record<string, number> } {
  const random = createRandom(seed);
  const typeIFirst = random.uniform() < 0.5;
  const cA = onGrid(random, ML_CAPACITANCE.min, ML_CAPACITANCE.max, ML_CAPACITANCE.step);
  const cB = onGrid(random, ML_CAPACITANCE.min, ML_CAPACITANCE.max, ML_CAPACITANCE.step);
  const [setA, setB] = typeIFirst ? [morrisLecarPresets.typeI, morrisLecarPresets.typeII] : [morrisLecarPresets.typeII, morrisLecarPresets.typeI];
  return { typeIFirst, a: { ...setA, C: cA }, b: { ...setB, C: cB } };
}

function mlWhichTypeI(seed: number): Variant {
  const { a, b } = mlPair(seed);
  const [cA, cB] = [a['C']!, b['C']!];
  const [foundA, foundB] = [morrisLecarType(a), morrisLecarType(b)];
  if (foundA.type === foundB.type) throw new RangeError(`Both neurons are of type ${foundA.type}; a variant needs one of each.`);
  const options = VARIANT_FORMS['ml-which-type-i'].options;
  return {
    values: {
      CA: `${formatNumber(cA)} µF/cm²`,
      CB: `${formatNumber(cB)} µF/cm²`,
      typeA: `type ${foundA.type}`,
      typeB: `type ${foundB.type}`,
      bifurcationA: bifurcationText(foundA),
      bifurcationB: bifurcationText(foundB),
    },
    answer: { kind: 'choice', options, correct: foundA.type === 'I' ? 0 : 1 },
    widgetPreset: [
      { label: 'neuron A', model: 'morris-lecar', params: a },
      { label: 'neuron B', model: 'morris-lecar', params: b },
    ],
  };
}

export const variants: { readonly [K in VariantId]: VariantGenerator } = {
  'lif-unknown-rheobase': lifUnknownRheobase,
  'ml-which-type-i': mlWhichTypeI,
};

/** The last variants made, by generator and seed: the Morris–Lecar one sweeps bifurcations (~0.1 s). */
const cache = new Map<string, Variant>();

export function generateVariant(generator: VariantId, seed: number): Variant {
  const id = `${generator}:${seed}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const variant = variants[generator](seed);
  if (cache.size > 64) cache.clear();
  cache.set(id, variant);
  return variant;
}

/** A student's variant of the exercise stored under `key` (entryKey(page, id)). */
export function studentVariant(spec: VariantAnswer, studentCode: string, key: string): Variant {
  return generateVariant(spec.generator, variantSeed(studentCode, key));
}

/**
 * Checks a stored or typed answer against the variant: a numeric variant takes text, a choice variant an
 * option number. Anything else cannot be read, which is 'invalid' rather than an exception.
 */
export function checkVariantAnswer(variant: Variant, answer: unknown): CheckResult {
  if (variant.answer.kind === 'numeric') {
    if (typeof answer !== 'string') return { outcome: 'invalid', message: 'A numeric answer is text.' };
    return checkAnswer(variant.answer, { kind: 'numeric', text: answer });
  }
  if (answer !== null && typeof answer !== 'number') return { outcome: 'invalid', message: 'A choice is an option number.' };
  return checkAnswer(variant.answer, { kind: 'choice', selected: answer });
}
