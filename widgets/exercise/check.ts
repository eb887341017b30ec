/**
 * Checking a reader's answer against an exercise's answer specification (spec.ts). Pure: no DOM, so the
 * same code validates specifications when the site is built and checks answers in the browser, where the page
 * fetches it at a reader's first Check (it carries the unit parser, engine/units.ts).
 *
 * Variants and widget settings are judged elsewhere, with the engine (variants.ts, widget-checks.ts); this module
 * only validates their specifications.
 */
import { formatNumber, formatQuantity, parseQuantity, parseUnit, unitAtExponent } from '../../engine/units';
import {
  answerForm,
  ANSWER_KINDS,
  isVariantId,
  isWidgetCheckId,
  VARIANT_FORMS,
  WIDGET_CHECK_IDS,
  type AnswerSpec,
  type ChoiceAnswer,
  type NumericAnswer,
  type TextAnswer,
} from './spec';

// The specifications' types and forms, for the modules that check answers and the build.
export * from './spec';

/** What the reader submitted, for the kinds this module judges by itself. */
export type Attempt =
  | { readonly kind: 'numeric'; readonly text: string }
  | { readonly kind: 'choice'; readonly selected: number | null }
  | { readonly kind: 'text'; readonly text: string };

/**
 * "invalid" means the input could not be read (no number, a wrong unit): it is not counted as an
 * attempt. "saved" is a reflection kept without judgement.
 */
export type Outcome = 'correct' | 'close' | 'wrong' | 'invalid' | 'saved';

export interface CheckResult {
  readonly outcome: Outcome;
  readonly message: string;
}

export const DEFAULT_CLOSE_FACTOR = 5;

/**
 * Decimal answers on the boundary must pass: |1.51 − 1.5| is 0.010000000000000009 in binary
 * floating point, which would fail a tolerance of 0.01 without this relative slack.
 */
const BOUNDARY_SLACK = 1 + 1e-9;

/** The accepted half-width around the reference value, in the answer's unit. */
export function toleranceWidth(spec: NumericAnswer): number {
  const abs = spec.tolerance.abs ?? 0;
  const rel = (spec.tolerance.rel ?? 0) * Math.abs(spec.value);
  return Math.max(abs, rel);
}

/**
 * Powers of a thousand by which a unit-prefix slip changes a value (a reader who typed nA where
 * pA was meant). Checked only after the answer has been found wrong, to say why.
 */
const PREFIX_SLIPS = [3, 6, 9, 12].flatMap((k) => [k, -k]);

function checkNumeric(spec: NumericAnswer, text: string): CheckResult {
  const parsed = parseQuantity(text, spec.unit);
  if (!parsed.ok) return { outcome: 'invalid', message: parsed.message };

  const { value } = parsed;
  const width = toleranceWidth(spec) * BOUNDARY_SLACK;
  const error = Math.abs(value - spec.value);
  const shown = parsed.converted ? `${parsed.entered} = ${formatQuantity(value, spec.unit)}` : parsed.entered;

  if (error <= width) return { outcome: 'correct', message: `Correct: ${shown}.` };

  const closeFactor = spec.closeFactor ?? DEFAULT_CLOSE_FACTOR;
  if (error <= closeFactor * width) {
    return {
      outcome: 'close',
      message:
        `Close — ${shown} is near the answer but outside the accepted ±${formatQuantity(toleranceWidth(spec), spec.unit)}. ` +
        'Check your rounding and the intermediate steps.',
    };
  }
  if (spec.value !== 0 && Math.abs(-value - spec.value) <= width) {
    return { outcome: 'wrong', message: `Not quite — ${shown} has the wrong sign.` };
  }
  for (const k of PREFIX_SLIPS) {
    if (Math.abs(value * 10 ** -k - spec.value) <= width) {
      const factor = formatNumber(10 ** Math.abs(k));
      return {
        outcome: 'wrong',
        message: `Not quite — ${shown} is off by a factor of ${factor}. Check the unit prefixes.`,
      };
    }
  }
  return { outcome: 'wrong', message: `Not quite — ${shown} is not the answer.` };
}

function checkChoice(spec: ChoiceAnswer, selected: number | null): CheckResult {
  if (selected === null || !Number.isInteger(selected) || selected < 0 || selected >= spec.options.length) {
    return { outcome: 'invalid', message: 'Choose one of the options first.' };
  }
  return selected === spec.correct
    ? { outcome: 'correct', message: 'Correct.' }
    : { outcome: 'wrong', message: 'Not quite — that is not the best answer.' };
}

export const TEXT_LIMIT = 5000;

function checkText(spec: TextAnswer, text: string): CheckResult {
  const length = text.trim().length;
  const min = spec.minLength ?? 1;
  if (length < min) {
    return { outcome: 'invalid', message: min <= 1 ? 'Write your answer first.' : `Write a little more first (at least ${min} characters; you have ${length}).` };
  }
  if (text.length > TEXT_LIMIT) return { outcome: 'invalid', message: `Keep it under ${TEXT_LIMIT} characters (you have ${text.length}).` };
  return { outcome: 'saved', message: 'Saved. Reflections are kept with your progress, not graded.' };
}

/**
 * Checks one attempt at a numeric, choice or text exercise, or at the resolved answer of a variant
 * (variants.ts hands its NumericAnswer or ChoiceAnswer here). Widget and variant specifications need
 * the engine and are judged by widget-checks.ts and variants.ts. An attempt of the wrong kind is an
 * integration error and throws.
 */
export function checkAnswer(spec: AnswerSpec, attempt: Attempt): CheckResult {
  switch (spec.kind) {
    case 'numeric':
      if (attempt.kind !== 'numeric') break;
      return checkNumeric(spec, attempt.text);
    case 'choice':
      if (attempt.kind !== 'choice') break;
      return checkChoice(spec, attempt.selected);
    case 'text':
      if (attempt.kind !== 'text') break;
      return checkText(spec, attempt.text);
    case 'variant':
    case 'widget':
      throw new Error(`A ${spec.kind} exercise is checked by ${spec.kind === 'variant' ? 'variants.ts' : 'widget-checks.ts'}, with the engine`);
    default:
      return assertNever(spec);
  }
  throw new Error(`A ${attempt.kind} attempt cannot answer a ${spec.kind} exercise`);
}

function assertNever(value: never): never {
  throw new Error(`Unknown answer kind: ${JSON.stringify(value)}`);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonNegativeFinite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Problems with a numeric specification, as sentences; empty when it is sound. */
function numericProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof spec['value'] !== 'number' || !Number.isFinite(spec['value'])) problems.push('value must be a finite number');
  if (typeof spec['unit'] !== 'string' || parseUnit(spec['unit']) === undefined) {
    problems.push(`unit ${JSON.stringify(spec['unit'])} is not a known unit (e.g. "nA", "mV", "ms", "Hz", "MΩ", or "" for none)`);
  }
  const tolerance = spec['tolerance'];
  if (!isRecord(tolerance)) {
    problems.push('tolerance must be an object { abs?, rel? }');
  } else {
    const { abs, rel } = tolerance;
    if (abs !== undefined && !isNonNegativeFinite(abs)) problems.push('tolerance.abs must be a non-negative number');
    if (rel !== undefined && !isNonNegativeFinite(rel)) problems.push('tolerance.rel must be a non-negative number');
    const width = Math.max(
      isNonNegativeFinite(abs) ? abs : 0,
      isNonNegativeFinite(rel) && typeof spec['value'] === 'number' ? rel * Math.abs(spec['value']) : 0,
    );
    // A zero width would demand bit-exact floating-point answers: nobody could type them.
    if (width === 0) problems.push('tolerance must accept a non-zero range (give abs, or rel with a non-zero value)');
  }
  const closeFactor = spec['closeFactor'];
  if (closeFactor !== undefined && (typeof closeFactor !== 'number' || !Number.isFinite(closeFactor) || closeFactor < 1)) {
    problems.push('closeFactor must be a number ≥ 1');
  }
  return problems;
}

function choiceProblems(spec: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const options = spec['options'];
  if (!Array.isArray(options) || options.length < 2 || !options.every((o) => typeof o === 'string' && o.trim() !== '')) {
    problems.push('options must be at least two non-empty strings');
  }
  const correct = spec['correct'];
  const count = Array.isArray(options) ? options.length : 0;
  if (typeof correct !== 'number' || !Number.isInteger(correct) || correct < 0 || correct >= count) {
    problems.push(`correct must be an index into options (0 to ${Math.max(count - 1, 0)})`);
  }
  return problems;
}

/** An element id as the widgets use them (Exercise and widget ids share the lesson's id style). */
const ELEMENT_ID = /^[A-Za-z][A-Za-z0-9_-]{0,80}$/;

function onlyFields(spec: Record<string, unknown>, allowed: readonly string[]): string[] {
  const extra = Object.keys(spec).filter((key) => !allowed.includes(key));
  return extra.length === 0 ? [] : [`unexpected field${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')}`];
}

function textProblems(spec: Record<string, unknown>): string[] {
  const min = spec['minLength'];
  const problems = onlyFields(spec, ['kind', 'minLength']);
  if (min !== undefined && (typeof min !== 'number' || !Number.isInteger(min) || min < 0 || min > TEXT_LIMIT)) {
    problems.push(`minLength must be a whole number from 0 to ${TEXT_LIMIT}`);
  }
  return problems;
}

function variantProblems(spec: Record<string, unknown>): string[] {
  const problems = onlyFields(spec, ['kind', 'generator', 'widget']);
  if (!isVariantId(spec['generator'])) {
    problems.push(`generator ${JSON.stringify(spec['generator'])} is not a variant generator (known: ${Object.keys(VARIANT_FORMS).join(', ')})`);
  }
  const widget = spec['widget'];
  if (widget !== undefined && !(typeof widget === 'string' && ELEMENT_ID.test(widget))) problems.push('widget must be the element id of a widget');
  return problems;
}

function widgetProblems(spec: Record<string, unknown>): string[] {
  const problems = onlyFields(spec, ['kind', 'widget', 'check']);
  const widget = spec['widget'];
  if (!(typeof widget === 'string' && ELEMENT_ID.test(widget))) problems.push('widget must be the element id of a widget on the same page');
  if (!isWidgetCheckId(spec['check'])) {
    problems.push(`check ${JSON.stringify(spec['check'])} is not a widget checker (known: ${WIDGET_CHECK_IDS.join(', ')})`);
  }
  return problems;
}

/**
 * Checks that `value` is a sound answer specification and returns it typed. Throws an error that
 * lists every problem, so an exercise with a bad specification fails the build instead of
 * marking every reader wrong; in the browser it parses the `data-answer` attribute.
 */
export function validateAnswerSpec(value: unknown, context = 'answer'): AnswerSpec {
  if (!isRecord(value)) throw new Error(`${context}: expected an object with a "kind"`);
  const kind = value['kind'];
  const problems =
    kind === 'numeric'
      ? numericProblems(value)
      : kind === 'choice'
        ? choiceProblems(value)
        : kind === 'text'
          ? textProblems(value)
          : kind === 'variant'
            ? variantProblems(value)
            : kind === 'widget'
              ? widgetProblems(value)
              : [`unknown kind ${JSON.stringify(kind)} (expected one of ${ANSWER_KINDS.map((k) => `"${k}"`).join(', ')})`];
  if (problems.length > 0) throw new Error(`${context}: ${problems.join('; ')}`);
  return value as unknown as AnswerSpec;
}

/** The field label, with the expected unit visible: "Your answer (nA)". */
export function answerLabel(spec: AnswerSpec): string {
  const form = answerForm(spec);
  if (form.kind === 'numeric' && form.unit !== '') return `Your answer (${parseUnit(form.unit)?.symbol ?? form.unit})`;
  if (form.kind === 'text') return 'Your reflection';
  return 'Your answer';
}

/**
 * The format note under a numeric field, built from the expected unit so the examples are ones
 * the parser accepts: "Units are optional: 1.5 means 1.5 nA; 1500 pA and 1.5e-9 A also work."
 */
export function inputHint(unitText: string): string {
  const unit = parseUnit(unitText);
  if (unit?.symbol === '%') return 'A percentage: 1.5 means 1.5%.';
  if (unit === undefined || unit.dimension === 'dimensionless') {
    return 'A number, such as 1.5, -0.25 or 2e-3.';
  }
  const smaller = unitAtExponent(unit.dimension, unit.exponent - 3);
  const si = unitAtExponent(unit.dimension, 0);
  const alternatives = [
    smaller === undefined ? undefined : formatQuantity(1500, smaller),
    si === undefined || unit.exponent === 0 ? undefined : `1.5e${unit.exponent} ${si.symbol}`,
  ].filter((text): text is string => text !== undefined);
  const also =
    alternatives.length === 0 ? '' : `; ${alternatives.join(' and ')} also ${alternatives.length === 1 ? 'works' : 'work'}`;
  return `Units are optional: 1.5 means ${formatQuantity(1.5, unit)}${also}.`;
}
