/**
 * An exercise's answer specification: its kinds, as types, and the form each shows. Light on purpose: a lesson's
 * exercises need this much to start (restore a saved answer in its field), and check.ts, which judges answers and
 * validates specifications with the unit parser, is fetched at a reader's first Check.
 *
 * `AnswerSpec` is a discriminated union on `kind`: a number with a unit, a choice, a reflection (kept,
 * never graded), a per-student variant (hidden parameters and answer drawn from a seed made of the
 * student code; variants.ts) and a widget setting judged by the engine (widget-checks.ts). Those two
 * registries are imported lazily by the page, so this module only knows their ids and the form each
 * needs (a number in a unit, or one of fixed options), which is what the build and the markup need.
 */

/**
 * How far from the reference value an answer may be. The accepted half-width is
 * max(abs, rel × |value|): either bound alone suffices, so a value near zero can still carry a
 * relative tolerance as long as an absolute one backs it up.
 */
export interface Tolerance {
  /** Absolute half-width, in the answer's unit. */
  readonly abs?: number;
  /** Relative half-width: 0.01 accepts ±1 %. */
  readonly rel?: number;
}

export interface NumericAnswer {
  readonly kind: 'numeric';
  /** The reference value, in `unit`. */
  readonly value: number;
  /** The unit the question expects ("nA", "mV", "Hz", or "" for a pure number); shown in the label. */
  readonly unit: string;
  readonly tolerance: Tolerance;
  /** Answers within closeFactor × tolerance count as "close". Defaults to 5. */
  readonly closeFactor?: number;
}

export interface ChoiceAnswer {
  readonly kind: 'choice';
  /** Option texts; `$…$` in them is rendered as math when the site is built. */
  readonly options: readonly string[];
  /** Index into `options` of the right one. */
  readonly correct: number;
}

/** A reflection in the reader's words: kept with their progress, never graded. */
export interface TextAnswer {
  readonly kind: 'text';
  /** Fewer characters than this cannot be saved (a nudge to write a sentence, not a judgement). */
  readonly minLength?: number;
}

/**
 * What the markup of a variant exercise needs before any seed is known: a field in a unit, or fixed
 * options (the variant decides which one is right).
 */
export type VariantForm = { readonly kind: 'numeric'; readonly unit: string } | { readonly kind: 'choice'; readonly options: readonly string[] };

/**
 * The seeded generators (variants.ts implements each; its type demands exactly these ids). Their
 * option texts are here so the build can typeset them.
 */
export const VARIANT_FORMS = {
  'lif-unknown-rheobase': { kind: 'numeric', unit: 'nA' },
  'ml-which-type-i': {
    kind: 'choice',
    options: ['Neuron A is type I and neuron B is type II.', 'Neuron A is type II and neuron B is type I.'],
  },
} as const satisfies Record<string, VariantForm>;
export type VariantId = keyof typeof VARIANT_FORMS;
export const isVariantId = (id: unknown): id is VariantId => typeof id === 'string' && Object.hasOwn(VARIANT_FORMS, id);

/** A question whose hidden parameters, and so its answer, depend on the student's code. */
export interface VariantAnswer {
  readonly kind: 'variant';
  readonly generator: VariantId;
  /** Element id of a widget on the page that the variant's presets can be loaded into (optional). */
  readonly widget?: string;
}

/** The widget checkers (widget-checks.ts implements each; its type demands exactly these ids). */
export const WIDGET_CHECK_IDS = ['lif-repetitive-threshold'] as const;
export type WidgetCheckId = (typeof WIDGET_CHECK_IDS)[number];
export const isWidgetCheckId = (id: unknown): id is WidgetCheckId => (WIDGET_CHECK_IDS as readonly unknown[]).includes(id);

/** "Set the widget so that …": the engine judges the widget's state. */
export interface WidgetAnswer {
  readonly kind: 'widget';
  /** Element id of the widget on the same page whose getState() is judged. */
  readonly widget: string;
  readonly check: WidgetCheckId;
}

export type AnswerSpec = NumericAnswer | ChoiceAnswer | TextAnswer | VariantAnswer | WidgetAnswer;
export type AnswerKind = AnswerSpec['kind'];

export const ANSWER_KINDS = ['numeric', 'choice', 'text', 'variant', 'widget'] as const;

/** The form a specification shows: a number in a unit, options, a text box, or a widget to check. */
export function answerForm(spec: AnswerSpec): NumericAnswer | ChoiceAnswer | TextAnswer | WidgetAnswer | VariantForm {
  return spec.kind === 'variant' ? VARIANT_FORMS[spec.generator] : spec;
}

/**
 * The specification in a built page's `data-answer`, read as far as starting the exercise needs: an object of a
 * known kind (and, for a variant, a known generator, whose form it shows). The build validated it in full
 * (Exercise.astro), and check.ts does again before the first answer is judged. Throws on anything else.
 */
export function readAnswerSpec(value: unknown, context = 'answer'): AnswerSpec {
  const kind = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { kind?: unknown }).kind : undefined;
  if (!(ANSWER_KINDS as readonly unknown[]).includes(kind)) throw new Error(`${context}: expected an object with a "kind" (one of ${ANSWER_KINDS.join(', ')})`);
  if (kind === 'variant' && !isVariantId((value as { generator?: unknown }).generator)) throw new Error(`${context}: unknown variant generator`);
  return value as AnswerSpec;
}
