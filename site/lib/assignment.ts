/**
 * An assignment: the exercises an instructor picked from the lessons, in order, with a title, instructions, a
 * due note and whether worked solutions may be revealed, carried whole in a link (`/assignment/#a=<link>`), so
 * no server and no LMS holds it. The link text is widgets/lib/link-codec.ts's kind 'assignment', version 1; the
 * fragment never reaches a server, and the assignment names no student.
 *
 * The wire form is short-keyed (`t`, `n`, `d`, `s`, `x`) and each item an array, because fifty items must still
 * fit in a link someone pastes into an e-mail. The validator refuses anything it does not expect (unknown keys,
 * over-long texts, malformed paths, duplicates), so a hand-edited link is refused in words instead of half-read.
 */
import { LinkError, decodeLink, encodeLink } from '../../widgets/lib/link-codec';

export const ASSIGNMENT_KIND = 'assignment';
export const ASSIGNMENT_VERSION = 1;

export const ASSIGNMENT_LIMITS = {
  title: 200,
  instructions: 4000,
  due: 200,
  items: 50,
  /** A widget preset's state as JSON; matches the progress store's limit on a widget state. */
  presetJson: 20_000,
} as const;

/** A widget on the exercise's lesson page and the state it should open in (a widget's getState()). */
export interface WidgetPreset {
  readonly widget: string;
  readonly state: { readonly [key: string]: unknown };
}

export interface AssignmentItem {
  /** The lesson page the exercise lives on, e.g. /lessons/01-integrate-and-fire/. */
  readonly page: string;
  /** The exercise's id on that page (its element is #exercise-<id>). */
  readonly exercise: string;
  readonly preset?: WidgetPreset;
}

export interface Assignment {
  readonly title: string;
  readonly instructions: string;
  readonly due: string;
  /** Whether students may reveal the worked solutions (after an attempt, as in the lessons). */
  readonly solutions: boolean;
  readonly items: readonly AssignmentItem[];
}

export const PAGE_PATTERN = /^\/lessons\/[a-z0-9][a-z0-9-]{0,80}\/$/;
export const EXERCISE_PATTERN = /^[a-z][a-z0-9-]{0,80}$/;
/** As widgets/lib/setup-link.ts allows in a fragment (no '.', which ends the id). */
export const WIDGET_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_:-]{0,100}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Problems with a text field, in words; lone surrogates are refused because they cannot survive UTF-8. */
function textProblems(value: unknown, name: string, max: number, required: boolean): string[] {
  if (typeof value !== 'string') return [`${name} must be text`];
  if (value.length > max) return [`${name} is longer than ${max} characters`];
  if (required && value.trim() === '') return [`${name} is empty`];
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) return [`${name} contains a broken character`];
  return [];
}

function presetProblems(value: unknown, where: string): string[] {
  if (!isRecord(value)) return [`${where} must be { widget, state }`];
  const problems: string[] = [];
  const extra = Object.keys(value).filter((k) => k !== 'widget' && k !== 'state');
  if (extra.length > 0) problems.push(`${where} has unexpected fields (${extra.slice(0, 3).join(', ')})`);
  if (typeof value['widget'] !== 'string' || !WIDGET_ID_PATTERN.test(value['widget'])) problems.push(`${where}.widget is not a widget id`);
  if (!isRecord(value['state'])) problems.push(`${where}.state must be an object`);
  else if (JSON.stringify(value['state']).length > ASSIGNMENT_LIMITS.presetJson) problems.push(`${where}.state is larger than ${ASSIGNMENT_LIMITS.presetJson} characters`);
  return problems;
}

/** Every problem with `value` as an assignment, in words; empty when it is one. */
export function assignmentProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['an assignment is an object'];
  const problems: string[] = [];
  const extra = Object.keys(value).filter((k) => !['title', 'instructions', 'due', 'solutions', 'items'].includes(k));
  if (extra.length > 0) problems.push(`unexpected fields (${extra.slice(0, 3).join(', ')})`);
  problems.push(...textProblems(value['title'], 'the title', ASSIGNMENT_LIMITS.title, true));
  problems.push(...textProblems(value['instructions'], 'the instructions', ASSIGNMENT_LIMITS.instructions, false));
  problems.push(...textProblems(value['due'], 'the due note', ASSIGNMENT_LIMITS.due, false));
  if (typeof value['solutions'] !== 'boolean') problems.push('solutions must be true or false');
  const items = value['items'];
  if (!Array.isArray(items)) return [...problems, 'items must be a list'];
  if (items.length === 0) problems.push('choose at least one exercise');
  if (items.length > ASSIGNMENT_LIMITS.items) return [...problems, `an assignment holds at most ${ASSIGNMENT_LIMITS.items} exercises`];
  const seen = new Set<string>();
  items.forEach((item: unknown, i) => {
    const where = `exercise ${i + 1}`;
    if (!isRecord(item)) {
      problems.push(`${where} is not an object`);
      return;
    }
    const extraKeys = Object.keys(item).filter((k) => !['page', 'exercise', 'preset'].includes(k));
    if (extraKeys.length > 0) problems.push(`${where} has unexpected fields (${extraKeys.slice(0, 3).join(', ')})`);
    const { page, exercise } = item;
    if (typeof page !== 'string' || !PAGE_PATTERN.test(page)) problems.push(`${where} has no valid lesson page`);
    if (typeof exercise !== 'string' || !EXERCISE_PATTERN.test(exercise)) problems.push(`${where} has no valid exercise id`);
    if ('preset' in item) problems.push(...presetProblems(item['preset'], `${where}'s widget preset`));
    const key = `${String(page)}#${String(exercise)}`;
    if (seen.has(key)) problems.push(`${where} repeats an earlier exercise`);
    seen.add(key);
  });
  return problems;
}

/** Returns `value` typed as an assignment, or throws an Error listing what is wrong (the first few problems). */
export function validateAssignment(value: unknown): Assignment {
  const problems = assignmentProblems(value);
  if (problems.length > 0) {
    const more = problems.length > 4 ? ` (and ${problems.length - 4} more)` : '';
    throw new Error(`${problems.slice(0, 4).join('; ')}${more}.`);
  }
  return value as Assignment;
}

type WireItem = [string, string] | [string, string, string, WidgetPreset['state']];

interface Wire {
  t: string;
  n: string;
  d: string;
  s: 0 | 1;
  x: WireItem[];
}

function toWire(assignment: Assignment): Wire {
  return {
    t: assignment.title,
    n: assignment.instructions,
    d: assignment.due,
    s: assignment.solutions ? 1 : 0,
    x: assignment.items.map((item): WireItem =>
      item.preset === undefined ? [item.page, item.exercise] : [item.page, item.exercise, item.preset.widget, item.preset.state],
    ),
  };
}

/** The wire form back to an assignment; anything malformed throws with a sentence (decodeLink makes it a LinkError). */
function fromWire(payload: unknown): Assignment {
  if (!isRecord(payload)) throw new Error('it is not an assignment');
  const extra = Object.keys(payload).filter((k) => !['t', 'n', 'd', 's', 'x'].includes(k));
  if (extra.length > 0) throw new Error(`it has unexpected fields (${extra.slice(0, 3).join(', ')})`);
  const { t, n, d, s, x } = payload;
  if (s !== 0 && s !== 1) throw new Error('its solutions setting is not 0 or 1');
  if (!Array.isArray(x)) throw new Error('it has no list of exercises');
  if (x.length > ASSIGNMENT_LIMITS.items) throw new Error(`it holds more than ${ASSIGNMENT_LIMITS.items} exercises`);
  const items = x.map((entry: unknown, i): AssignmentItem => {
    if (!Array.isArray(entry) || (entry.length !== 2 && entry.length !== 4)) throw new Error(`exercise ${i + 1} is malformed`);
    const [page, exercise, widget, state] = entry as unknown[];
    return (entry.length === 2 ? { page, exercise } : { page, exercise, preset: { widget, state } }) as AssignmentItem;
  });
  return validateAssignment({ title: t, instructions: n, due: d, solutions: s === 1, items });
}

/** The link text for a valid assignment; an invalid one throws (the builder validates first and shows why). */
export function encodeAssignment(assignment: Assignment): string {
  return encodeLink(ASSIGNMENT_KIND, ASSIGNMENT_VERSION, toWire(validateAssignment(assignment)));
}

/** Reads link text; throws only LinkError, whose message is a sentence for the reader. */
export function decodeAssignment(text: unknown): Assignment {
  return decodeLink(text, ASSIGNMENT_KIND, ASSIGNMENT_VERSION, (payload) => fromWire(payload));
}

/** The student page's address for link text, relative to the site root. */
export function assignmentHref(link: string, options: { print?: boolean } = {}): string {
  return `/assignment/#a=${link}${options.print ? '&print=1' : ''}`;
}

/** `a` and `print` from a location hash such as "#a=assignment1.xxx.yyy&print=1". */
export function readAssignmentHash(hash: string): { link: string | null; print: boolean } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { link: params.get('a'), print: params.get('print') === '1' };
}

/** The progress keys (page#exercise) an assignment's answers are saved under, in its order. */
export function assignmentKeys(assignment: Assignment): string[] {
  return assignment.items.map((item) => `${item.page}#${item.exercise}`);
}

// ---------- Widget presets, pasted as a widget's "link to this setup" ----------

export const WIDGET_LINK_KIND = 'widget';
export const WIDGET_LINK_VERSION = 1;

/** The lesson address that opens `preset`'s widget in its state (widgets/lib/setup-link.ts reads #setup=). */
export function presetHref(page: string, preset: WidgetPreset): string {
  return `${page}#setup=${preset.widget}.${encodeLink(WIDGET_LINK_KIND, WIDGET_LINK_VERSION, { state: preset.state })}`;
}

export type SetupLinkResult =
  | { readonly ok: true; readonly preset: WidgetPreset; readonly page: string | null }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a pasted "link to this setup": a whole address (`https://…/lessons/x/#setup=<id>.<link>`), a path, or
 * the fragment alone. `page` is the path it was made on, when the paste says. Never throws.
 */
export function parseSetupLink(input: string): SetupLinkResult {
  const text = input.trim();
  const at = text.indexOf('#setup=');
  const fragment = at >= 0 ? text.slice(at + '#setup='.length) : text.replace(/^setup=/, '');
  let page: string | null = null;
  if (at > 0) {
    try {
      page = new URL(text.slice(0, at), 'https://membrane.invalid').pathname;
    } catch {
      return { ok: false, message: 'The widget link is not an address Membrane made.' };
    }
  }
  const dot = fragment.indexOf('.');
  const widget = dot > 0 ? fragment.slice(0, dot) : '';
  if (!WIDGET_ID_PATTERN.test(widget)) {
    return { ok: false, message: 'This is not a widget’s “link to this setup” (it should contain #setup=…): copy it again in full.' };
  }
  try {
    const state = decodeLink(fragment.slice(dot + 1), WIDGET_LINK_KIND, WIDGET_LINK_VERSION, (payload) => {
      if (!isRecord(payload) || !isRecord(payload['state'])) throw new Error('it holds no widget state');
      if (JSON.stringify(payload['state']).length > ASSIGNMENT_LIMITS.presetJson) throw new Error('the widget state is too large');
      return payload['state'];
    });
    return { ok: true, preset: { widget, state }, page };
  } catch (error) {
    return { ok: false, message: error instanceof LinkError ? error.message : 'The widget link could not be read.' };
  }
}
