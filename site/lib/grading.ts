/**
 * Grading hand-in files: every stored answer is judged again, in the instructor's browser, by the same checking
 * code and engine the student's page used (widgets/exercise/regrade.ts), against the exercise as the lesson page
 * defines it now and the student's own variant. The stored outcome is shown beside the re-checked one, so an
 * edited file or a changed course is visible rather than silently trusted. Pure: no DOM.
 */
import type { AnswerSpec } from '../../widgets/exercise/check';
import type { HandIn, HandInAnswer } from '../../widgets/exercise/hand-in';
import type { ProgressEntry } from '../../widgets/exercise/progress';
import { expectedAnswer, recheck } from '../../widgets/exercise/regrade';
import type { Assignment } from './assignment';

/** What the grading table says of one answer after re-checking it. */
export type Recheck = 'correct' | 'close' | 'wrong' | 'kept' | 'invalid' | 'missing' | 'unknown exercise';

/** The catalogue's view of one exercise, as grading needs it. */
export interface GradableExercise {
  readonly page: string;
  readonly id: string;
  readonly title: string;
  readonly lessonTitle: string;
  readonly spec: AnswerSpec;
}

export interface GradeRow {
  readonly file: string;
  readonly studentCode: string;
  readonly page: string;
  readonly exercise: string;
  readonly lessonTitle: string;
  readonly exerciseTitle: string;
  /** The answer as the student gave it, as text. */
  readonly answer: string;
  readonly stored: ProgressEntry['outcome'] | '';
  readonly rechecked: Recheck;
  /** The re-check's sentence (why wrong, what was expected for this student). */
  readonly message: string;
  readonly expected: string;
  readonly attempts: number | null;
}

/** A stored answer as text: a choice as its letter and option, a widget state as JSON. */
export function answerText(answer: ProgressEntry['answer'], spec: AnswerSpec | undefined): string {
  if (answer === null) return '';
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'number') {
    if (spec?.kind === 'choice') {
      const option = spec.options[answer];
      return option === undefined ? `option ${answer + 1}` : `${String.fromCharCode(65 + answer)}: ${option}`;
    }
    return String(answer);
  }
  const json = JSON.stringify(answer);
  return json.length > 500 ? `${json.slice(0, 500)}…` : json;
}

function recheckOne(spec: AnswerSpec, answer: HandInAnswer, studentCode: string | null): { rechecked: Recheck; message: string; expected: string } {
  const key = `${answer.page}#${answer.exercise}`;
  const entry: ProgressEntry = { kind: answer.kind, answer: answer.answer, outcome: answer.outcome, attempts: answer.attempts, at: answer.at };
  let expected = '';
  try {
    expected = expectedAnswer(spec, { studentCode, key });
  } catch {
    expected = '';
  }
  try {
    const result = recheck(spec, entry, { studentCode, key });
    const rechecked: Recheck = result.outcome === 'saved' ? 'kept' : result.outcome;
    return { rechecked, message: result.message, expected: result.expected ?? expected };
  } catch (error) {
    // An answer of another kind than the exercise (an edited file, or an exercise that changed kind).
    return { rechecked: 'invalid', message: error instanceof Error ? error.message : String(error), expected };
  }
}

/**
 * One row per answer of the hand-in; with `assignment`, one row per assignment item in its order (answers it
 * does not contain are left out, items not answered are 'missing').
 */
export function gradeHandIn(
  handIn: HandIn,
  file: string,
  find: (page: string, exercise: string) => GradableExercise | undefined,
  assignment?: Assignment,
): GradeRow[] {
  const studentCode = handIn.studentCode ?? '';
  const byKey = new Map(handIn.answers.map((a) => [`${a.page}#${a.exercise}`, a]));
  const wanted = assignment ? assignment.items.map((i) => ({ page: i.page, exercise: i.exercise })) : handIn.answers.map((a) => ({ page: a.page, exercise: a.exercise }));
  return wanted.map(({ page, exercise }): GradeRow => {
    const answer = byKey.get(`${page}#${exercise}`);
    const found = find(page, exercise);
    const base = {
      file,
      studentCode,
      page,
      exercise,
      lessonTitle: found?.lessonTitle ?? page,
      exerciseTitle: found?.title ?? exercise,
    };
    if (answer === undefined) {
      const expected = found ? safeExpected(found.spec, handIn.studentCode, `${page}#${exercise}`) : '';
      return { ...base, answer: '', stored: '', rechecked: 'missing', message: 'No answer in the file.', expected, attempts: null };
    }
    const shown = answerText(answer.answer, found?.spec);
    if (found === undefined) {
      return { ...base, answer: shown, stored: answer.outcome, rechecked: 'unknown exercise', message: 'This exercise is not in the course as published now.', expected: '', attempts: answer.attempts };
    }
    return { ...base, answer: shown, stored: answer.outcome, ...recheckOne(found.spec, answer, handIn.studentCode), attempts: answer.attempts };
  });
}

function safeExpected(spec: AnswerSpec, studentCode: string | null, key: string): string {
  try {
    return expectedAnswer(spec, { studentCode, key });
  } catch {
    return '';
  }
}

// ---------- CSV (RFC 4180) ----------

/**
 * One CSV field. A text a spreadsheet would take for a formula (starting with = + - @, or a tab or carriage
 * return that some spreadsheets skip before one) gets a leading apostrophe, so a student's answer cannot run in
 * the instructor's spreadsheet; a field with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = ['file', 'student code', 'lesson', 'exercise id', 'exercise', 'answer', 'stored outcome', 'rechecked outcome', 'expected', 'attempts', 'message'] as const;

/** The table as CSV text: a header line, CRLF line ends (RFC 4180). */
export function gradeCsv(rows: readonly GradeRow[]): string {
  const lines = [CSV_HEADER.map(csvField).join(',')];
  for (const row of rows) {
    lines.push(
      [row.file, row.studentCode, row.lessonTitle, row.exercise, row.exerciseTitle, row.answer, row.stored, row.rechecked, row.expected, row.attempts, row.message]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
