/**
 * Re-judging a stored answer exactly as the page judged it, for the instructor's grading page and for
 * answer keys: numeric text and choice numbers through checkAnswer, a variant regenerated from the
 * student's code and the exercise's key, a widget setting through its checker, a reflection kept.
 * Stored entries are untrusted (they come from hand-in files): a value of the wrong shape is 'invalid'
 * with a sentence, never an exception.
 */
import { formatQuantity, parseUnit } from '../../engine/units.ts';
import { checkAnswer, toleranceWidth, type AnswerSpec, type CheckResult, type ChoiceAnswer, type NumericAnswer } from './check';
import type { ProgressEntry } from './progress';
import { checkVariantAnswer, studentVariant } from './variants';
import { widgetChecks } from './widget-checks';

export interface RegradeContext {
  /** The student's code from the hand-in file; variants need it. */
  readonly studentCode: string | null;
  /** entryKey(page, exercise): the variant seed is made from it. */
  readonly key: string;
}

const unitSymbol = (unit: string): string => parseUnit(unit)?.symbol ?? unit;

/** "1.5 nA (± 0.01 nA)" or "B. The rheobase is unchanged; …". */
function answerText(answer: NumericAnswer | ChoiceAnswer): string {
  if (answer.kind === 'numeric') {
    const symbol = unitSymbol(answer.unit);
    return `${formatQuantity(Number(answer.value.toPrecision(4)), symbol)} (± ${formatQuantity(Number(toleranceWidth(answer).toPrecision(2)), symbol)})`;
  }
  return `${String.fromCharCode(65 + answer.correct)}. ${answer.options[answer.correct] ?? ''}`;
}

/** The right answer in words, for an answer key; a variant's depends on the student code. */
export function expectedAnswer(spec: AnswerSpec, context: RegradeContext): string {
  switch (spec.kind) {
    case 'numeric':
    case 'choice':
      return answerText(spec);
    case 'text':
      return 'A reflection in the student’s words (kept, not graded).';
    case 'variant':
      if (context.studentCode === null) return 'Depends on the student code (a per-student variant).';
      return answerText(studentVariant(spec, context.studentCode, context.key).answer);
    case 'widget':
      return widgetChecks[spec.check].describe();
  }
}

const mismatch = (what: string): CheckResult => ({ outcome: 'invalid', message: `The stored answer is not ${what}.` });

/** Judges a stored entry again, with the engine, as the page did. */
export function recheck(spec: AnswerSpec, entry: ProgressEntry, context: RegradeContext): CheckResult & { expected?: string } {
  const expected = (): string | undefined => {
    try {
      return expectedAnswer(spec, context);
    } catch {
      return undefined;
    }
  };
  const withExpected = (result: CheckResult): CheckResult & { expected?: string } => {
    const text = expected();
    return text === undefined ? result : { ...result, expected: text };
  };
  if (entry.kind !== spec.kind) return withExpected({ outcome: 'invalid', message: `The stored answer is a ${entry.kind} answer, but this exercise takes a ${spec.kind} answer.` });
  const answer = entry.answer;
  switch (spec.kind) {
    case 'numeric':
      return withExpected(typeof answer === 'string' ? checkAnswer(spec, { kind: 'numeric', text: answer }) : mismatch('a number as text'));
    case 'choice':
      return withExpected(typeof answer === 'number' || answer === null ? checkAnswer(spec, { kind: 'choice', selected: answer }) : mismatch('an option number'));
    case 'text':
      return { outcome: 'saved', message: 'kept, not graded' };
    case 'variant': {
      if (context.studentCode === null) return { outcome: 'invalid', message: 'A variant needs the student code, and this hand-in has none.' };
      try {
        return withExpected(checkVariantAnswer(studentVariant(spec, context.studentCode, context.key), answer));
      } catch (error) {
        return { outcome: 'invalid', message: `The variant could not be made: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    case 'widget': {
      try {
        return withExpected(widgetChecks[spec.check].check(answer));
      } catch (error) {
        return withExpected({ outcome: 'invalid', message: `The widget setting could not be checked: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
}
