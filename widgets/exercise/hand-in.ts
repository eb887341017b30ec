/**
 * The hand-in file: a student's progress plus the student code, the assignment it answers (if any) and the
 * course and engine version, so the instructor's page re-checks each answer with the numbers the student saw.
 * Reading one trusts nothing: a file that is not a hand-in, is truncated, edited into nonsense or made by a newer
 * Membrane is refused in words.
 */
import { nestsDeeperThan } from '../../engine/json-depth.ts';
import { MEMBRANE_VERSION } from '../../engine/version.ts';
import { entryKey, entryProblems, isRecord, KEY, LIMITS, type Progress, type ProgressEntry } from './progress';
import { normalizeStudentCode } from './student';

export interface HandInAnswer extends ProgressEntry {
  readonly page: string;
  readonly exercise: string;
}

export interface HandIn {
  readonly format: 'membrane-handin';
  readonly version: 1;
  /** Membrane's version when the file was made (course text and engine release together). */
  readonly membrane: string;
  readonly exportedAt: string;
  readonly studentCode: string | null;
  /** The assignment answered: its title and link text, or null for a whole-course export. */
  readonly assignment: { readonly title: string; readonly link: string } | null;
  readonly answers: readonly HandInAnswer[];
}

/** The hand-in file for `progress`, limited to `keys` (an assignment's exercises) when given. */
export function createHandIn(progress: Progress, options: { assignment?: { title: string; link: string }; keys?: readonly string[]; now?: Date } = {}): HandIn {
  const keys = options.keys ?? Object.keys(progress.entries).sort();
  const answers = keys.flatMap((key) => {
    const entry = progress.entries[key];
    if (!entry) return [];
    const cut = key.indexOf('#');
    return [{ page: key.slice(0, cut), exercise: key.slice(cut + 1), ...entry }];
  });
  return {
    format: 'membrane-handin',
    version: 1,
    membrane: MEMBRANE_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    studentCode: progress.studentCode,
    assignment: options.assignment ?? null,
    answers,
  };
}

/** Reads a hand-in file's text. Never throws: a file that cannot be used gives a sentence saying why. */
export function parseHandIn(text: unknown): { ok: true; handIn: HandIn } | { ok: false; message: string } {
  if (typeof text !== 'string') return { ok: false, message: 'The file could not be read as text.' };
  if (text.length > LIMITS.fileBytes) return { ok: false, message: 'The file is too large to be a Membrane hand-in.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The file is not a Membrane hand-in: it is not JSON (it may be truncated or another kind of file).' };
  }
  if (!isRecord(value) || value['format'] !== 'membrane-handin') return { ok: false, message: 'The file is not a Membrane hand-in (its format field is missing or different).' };
  if (nestsDeeperThan(value)) return { ok: false, message: 'The file is not a Membrane hand-in: its content is nested far more deeply than a hand-in is.' };
  const version = value['version'];
  if (typeof version === 'number' && version > 1) return { ok: false, message: `The file was made by a newer version of Membrane (hand-in version ${version}); reload this page to get the newest course, then load it again.` };
  if (version !== 1) return { ok: false, message: 'The file has an unknown hand-in version.' };
  const problems: string[] = [];
  if (typeof value['membrane'] !== 'string' || value['membrane'].length > 40) problems.push('membrane must be a version text');
  if (typeof value['exportedAt'] !== 'string' || Number.isNaN(Date.parse(value['exportedAt']))) problems.push('exportedAt must be a date');
  const code = value['studentCode'];
  if (code !== null && !(typeof code === 'string' && normalizeStudentCode(code).ok && normalizeStudentCode(code).code === code)) problems.push('studentCode is not a valid code');
  const assignment = value['assignment'];
  if (assignment !== null && !(isRecord(assignment) && typeof assignment['title'] === 'string' && assignment['title'].length <= 200 && typeof assignment['link'] === 'string' && assignment['link'].length <= 100_000)) {
    problems.push('assignment must be null or { title, link }');
  }
  const answers = value['answers'];
  if (!Array.isArray(answers) || answers.length > LIMITS.entries) problems.push(`answers must be a list of at most ${LIMITS.entries}`);
  else {
    answers.forEach((answer, i) => {
      if (!isRecord(answer)) {
        problems.push(`answers[${i}] is not an object`);
        return;
      }
      if (typeof answer['page'] !== 'string' || typeof answer['exercise'] !== 'string' || !KEY.test(entryKey(answer['page'], answer['exercise']))) problems.push(`answers[${i}] has no valid page and exercise`);
      problems.push(...entryProblems(answer, `answers[${i}]`));
    });
  }
  if (problems.length > 0) return { ok: false, message: `The hand-in file has been changed or damaged: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.` };
  return { ok: true, handIn: value as unknown as HandIn };
}
