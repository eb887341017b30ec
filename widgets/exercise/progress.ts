/**
 * A student's progress, kept in the browser (localStorage, versioned); ./hand-in.ts makes the hand-in file from it
 * (a module of its own: lesson pages keep progress but never make or read a hand-in).
 *
 * Every checked attempt is recorded under `page#exercise` (the lesson page the exercise lives on, so an
 * assignment and the lesson share one record): what was answered, how it was judged, how many attempts. A
 * hand-in file is that record plus the student code, the assignment it answers (if any) and the course and
 * engine version, so the instructor's page re-checks each answer with the numbers the student saw. Reading
 * stored progress or a hand-in file trusts nothing: a corrupted store is set aside with a message, and a file
 * that is not a hand-in, is truncated, edited into nonsense or made by a newer Membrane is refused in words.
 */
import { nestsDeeperThan } from '../../engine/json-depth.ts';
import type { Outcome } from './check';
import { normalizeStudentCode } from './student';

export type AnswerKindTag = 'numeric' | 'choice' | 'text' | 'widget' | 'variant';
export const ANSWER_KINDS: readonly AnswerKindTag[] = ['numeric', 'choice', 'text', 'widget', 'variant'];

/** A numeric answer's text, a choice's index, a reflection's text, or a widget's state (plain JSON). */
export type StoredAnswer = string | number | null | { readonly [key: string]: unknown };

export interface ProgressEntry {
  readonly kind: AnswerKindTag;
  readonly answer: StoredAnswer;
  /** How the page judged the last attempt; 'saved' for a reflection, which is kept, not graded. */
  readonly outcome: Exclude<Outcome, 'invalid'> | 'saved';
  readonly attempts: number;
  /** ISO time of the last attempt. */
  readonly at: string;
}

export interface Progress {
  readonly format: 'membrane-progress';
  readonly version: 1;
  readonly studentCode: string | null;
  readonly entries: Readonly<Record<string, ProgressEntry>>;
}

export const STORAGE_KEY = 'membrane.progress';
export const LIMITS = { entries: 5000, text: 5000, stateJson: 20_000, fileBytes: 5_000_000 } as const;
const OUTCOMES = ['correct', 'close', 'wrong', 'saved'] as const;

export const emptyProgress = (): Progress => ({ format: 'membrane-progress', version: 1, studentCode: null, entries: {} });

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `page#exercise`: the page a path such as /lessons/01-integrate-and-fire/, the exercise its id. */
export function entryKey(page: string, exercise: string): string {
  return `${page}#${exercise}`;
}

export const KEY = /^\/[A-Za-z0-9/_.-]{0,200}#[a-z][a-z0-9-]{0,80}$/;

/** Problems with one entry, in words (empty when it is sound). */
export function entryProblems(value: unknown, where: string): string[] {
  if (!isRecord(value)) return [`${where} is not an object`];
  const problems: string[] = [];
  if (!ANSWER_KINDS.includes(value['kind'] as AnswerKindTag)) problems.push(`${where}.kind must be one of ${ANSWER_KINDS.join(', ')}`);
  const answer = value['answer'];
  const okAnswer =
    answer === null ||
    (typeof answer === 'string' && answer.length <= LIMITS.text) ||
    (typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < 1000) ||
    (isRecord(answer) && JSON.stringify(answer).length <= LIMITS.stateJson);
  if (!okAnswer) problems.push(`${where}.answer must be a text of at most ${LIMITS.text} characters, an option number, a widget state or null`);
  if (!(OUTCOMES as readonly unknown[]).includes(value['outcome'])) problems.push(`${where}.outcome must be one of ${OUTCOMES.join(', ')}`);
  const attempts = value['attempts'];
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 1_000_000) problems.push(`${where}.attempts must be a whole number`);
  if (typeof value['at'] !== 'string' || Number.isNaN(Date.parse(value['at']))) problems.push(`${where}.at must be a date`);
  return problems;
}

function entriesProblems(value: unknown, where: string): string[] {
  if (!isRecord(value)) return [`${where} must be an object`];
  const keys = Object.keys(value);
  if (keys.length > LIMITS.entries) return [`${where} has more than ${LIMITS.entries} answers`];
  return keys.flatMap((key) => (KEY.test(key) ? entryProblems(value[key], `${where}["${key}"]`) : [`${where} has a malformed key ${JSON.stringify(key.slice(0, 60))}`]));
}

/** Parses stored progress; anything else gives problems in words. */
export function parseProgress(value: unknown): { ok: true; progress: Progress } | { ok: false; problems: string[] } {
  if (!isRecord(value) || value['format'] !== 'membrane-progress') return { ok: false, problems: ['not Membrane progress'] };
  if (nestsDeeperThan(value)) return { ok: false, problems: ['nested too deeply to be Membrane progress'] };
  if (typeof value['version'] !== 'number' || value['version'] > 1) return { ok: false, problems: [`saved by a newer version of Membrane (progress version ${String(value['version'])})`] };
  if (value['version'] !== 1) return { ok: false, problems: ['an unknown progress version'] };
  const problems = entriesProblems(value['entries'], 'entries');
  const code = value['studentCode'];
  if (code !== null && !(typeof code === 'string' && normalizeStudentCode(code).ok)) problems.push('studentCode is not a valid code');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, progress: value as unknown as Progress };
}

/** The part of Web Storage used here, so tests (and a browser without storage) can stand in. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export interface ProgressStore {
  get(): Progress;
  /** A sentence when stored progress could not be read and was set aside (kept under a backup key), else undefined. */
  readonly problem: string | undefined;
  record(key: string, entry: ProgressEntry): Progress;
  setStudentCode(code: string | null): Progress;
  /** False when the browser refuses storage (private mode, full): progress then lasts for this page only. */
  readonly persistent: boolean;
}

export function createProgressStore(storage: KeyValueStore | undefined): ProgressStore {
  let progress = emptyProgress();
  let problem: string | undefined;
  let persistent = storage !== undefined;
  const raw = (() => {
    try {
      return storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      persistent = false;
      return null;
    }
  })();
  if (raw !== null) {
    let parsed: ReturnType<typeof parseProgress>;
    try {
      parsed = parseProgress(JSON.parse(raw));
    } catch {
      parsed = { ok: false, problems: ['not JSON'] };
    }
    if (parsed.ok) progress = parsed.progress;
    else {
      problem = `Your saved answers could not be read (${parsed.problems.slice(0, 2).join('; ')}); they were set aside and new answers are saved afresh.`;
      try {
        storage?.setItem(`${STORAGE_KEY}.unreadable`, raw);
      } catch {
        // Nothing more to do: the message says the old record is not used.
      }
    }
  }
  const save = (next: Progress): Progress => {
    progress = next;
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      persistent = false;
    }
    return next;
  };
  return {
    get: () => progress,
    get problem() {
      return problem;
    },
    get persistent() {
      return persistent;
    },
    record(key, entry) {
      if (!KEY.test(key)) throw new RangeError(`Not a progress key: ${key}`);
      const problems = entryProblems(entry, key);
      if (problems.length > 0) throw new RangeError(problems.join('; '));
      return save({ ...progress, entries: { ...progress.entries, [key]: entry } });
    },
    setStudentCode(code) {
      const checked = code === null ? null : normalizeStudentCode(code);
      if (checked && !checked.ok) throw new RangeError(checked.message);
      return save({ ...progress, studentCode: checked ? checked.code : null });
    },
  };
}
