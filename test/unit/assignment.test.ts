/**
 * Assignments in links (site/lib/assignment.ts) and grading hand-ins (site/lib/grading.ts): an assignment
 * survives its link exactly; nothing a reader pastes makes decoding throw anything but a LinkError with a
 * sentence; hand-edited, over-long and future links are refused in words; widget setup links are read or
 * refused; re-checking judges stored answers again with the checking code, and the CSV quotes as RFC 4180 says
 * and defuses spreadsheet formulas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNMENT_LIMITS,
  assignmentHref,
  assignmentKeys,
  assignmentProblems,
  decodeAssignment,
  encodeAssignment,
  parseSetupLink,
  presetHref,
  readAssignmentHash,
  type Assignment,
} from '../../site/lib/assignment.ts';
import { csvField, gradeCsv, gradeHandIn, type GradableExercise } from '../../site/lib/grading.ts';
import { encodeLink, LinkError } from '../../widgets/lib/link-codec.ts';
import { createHandIn } from '../../widgets/exercise/hand-in.ts';
import { createProgressStore, type KeyValueStore } from '../../widgets/exercise/progress.ts';

const page = fc.stringMatching(/^\/lessons\/[a-z0-9][a-z0-9-]{0,20}\/$/);
const exercise = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
// Widget states are JSON objects; JSON writes -0 as 0, so the state is taken through JSON once.
const state = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })).map((v) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>);
const preset = fc.record({ widget: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/), state });
const item = fc.oneof(fc.record({ page, exercise }), fc.record({ page, exercise, preset }));
// Any text, including non-ASCII and emoji; only lone surrogates are excluded (they cannot be UTF-8).
const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });
const assignment: fc.Arbitrary<Assignment> = fc.record({
  title: text(60).filter((t) => t.trim() !== ''),
  instructions: text(200),
  due: text(40),
  solutions: fc.boolean(),
  items: fc.uniqueArray(item, { minLength: 1, maxLength: 12, selector: (i) => `${i.page}#${i.exercise}` }),
});

const sample: Assignment = {
  title: 'Week 3: membranes',
  instructions: 'Answer both.\nShow your working on paper.',
  due: 'Friday 14 March, 17:00',
  solutions: false,
  items: [
    { page: '/lessons/01-integrate-and-fire/', exercise: 'rheobase' },
    { page: '/lessons/02-nonlinear-integrate-and-fire/', exercise: 'delta-t-limit', preset: { widget: 'eif-trace', state: { current: 0.5 } } },
  ],
};

/** A link whose payload is `wire`, with a correct check: what a careful hand-editor would produce. */
const forged = (wire: unknown, version = 1) => encodeLink('assignment', version, wire);

describe('assignment links', () => {
  it('decode(encode(x)) = x for valid assignments (property, 300 runs)', () => {
    fc.assert(
      fc.property(assignment, (a) => {
        expect(decodeAssignment(encodeAssignment(a))).toEqual(a);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('a link of fifty exercises stays a length an e-mail carries (under 4000 characters)', () => {
    const items = Array.from({ length: ASSIGNMENT_LIMITS.items }, (_, i) => ({ page: `/lessons/${String(1 + (i % 12)).padStart(2, '0')}-some-lesson/`, exercise: `exercise-${i}` }));
    const link = encodeAssignment({ ...sample, items });
    expect(link.length).toBeLessThan(4000);
  });

  it('random text never throws anything but a LinkError with a sentence (property, 2000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^assignment1\.[A-Za-z0-9_-]{0,60}\.[0-9a-z]{1,7}$/)), (t) => {
        try {
          decodeAssignment(t);
        } catch (error) {
          expect(error).toBeInstanceOf(LinkError);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('any JSON with a valid check is refused or accepted by the validator, never half-read (property, 1000 runs)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (wire) => {
        try {
          const decoded = decodeAssignment(forged(wire));
          // Accepted only if it is a sound assignment.
          expect(assignmentProblems(decoded)).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(LinkError);
        }
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it('every truncation of a real link is refused', () => {
    const link = encodeAssignment(sample);
    for (let cut = 0; cut < link.length; cut++) expect(() => decodeAssignment(link.slice(0, cut)), `cut at ${cut}`).toThrow(LinkError);
  });

  // Each case is a hand edit with a recomputed check, so only the validator stands between it and the page.
  it.each([
    ['an empty title', { t: ' ', n: '', d: '', s: 0, x: [['/lessons/a/', 'b']] }, /title is empty/],
    ['a title over 200 characters', { t: 'x'.repeat(201), n: '', d: '', s: 0, x: [['/lessons/a/', 'b']] }, /title is longer than 200/],
    ['instructions over 4000 characters', { t: 'T', n: 'x'.repeat(4001), d: '', s: 0, x: [['/lessons/a/', 'b']] }, /instructions is longer than 4000/],
    ['no exercises', { t: 'T', n: '', d: '', s: 0, x: [] }, /at least one exercise/],
    ['51 exercises', { t: 'T', n: '', d: '', s: 0, x: Array.from({ length: 51 }, (_, i) => ['/lessons/a/', `e${i}`]) }, /more than 50/],
    ['a page outside the lessons', { t: 'T', n: '', d: '', s: 0, x: [['https://evil.example/', 'b']] }, /no valid lesson page/],
    ['a script in an exercise id', { t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', '<script>']] }, /no valid exercise id/],
    ['a repeated exercise', { t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', 'b'], ['/lessons/a/', 'b']] }, /repeats an earlier exercise/],
    ['solutions as text', { t: 'T', n: '', d: '', s: 'yes', x: [['/lessons/a/', 'b']] }, /solutions setting/],
    ['an extra field', { t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', 'b']], run: 'alert(1)' }, /unexpected fields \(run\)/],
    ['a preset state that is a list', { t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', 'b', 'w', [1, 2]]] }, /state must be an object/],
    ['an item of three parts', { t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', 'b', 'w']] }, /exercise 1 is malformed/],
  ])('a hand-edited link with %s is refused in words', (_, wire, message) => {
    expect(() => decodeAssignment(forged(wire))).toThrow(LinkError);
    expect(() => decodeAssignment(forged(wire))).toThrow(message);
  });

  it('a link from a newer version says so', () => {
    expect(() => decodeAssignment(forged({ t: 'T', n: '', d: '', s: 0, x: [['/lessons/a/', 'b']] }, 2))).toThrow(/newer version of Membrane/);
  });

  it('a widget link is not an assignment link', () => {
    expect(() => decodeAssignment(encodeLink('widget', 1, { state: {} }))).toThrow(/not a assignment link|widget link/);
  });

  it('a link with a one-character edit and its old check is refused as damaged', () => {
    const link = encodeAssignment(sample);
    const at = link.indexOf('.') + 5;
    const edited = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
    expect(() => decodeAssignment(edited)).toThrow(/damaged/);
    expect(() => decodeAssignment('assignment1..0')).toThrow(LinkError);
  });

  it('the student address carries the link in the fragment, and reads back with the print flag', () => {
    const link = encodeAssignment(sample);
    expect(assignmentHref(link)).toBe(`/assignment/#a=${link}`);
    expect(readAssignmentHash(`#a=${link}&print=1`)).toEqual({ link, print: true });
    expect(readAssignmentHash('')).toEqual({ link: null, print: false });
    expect(assignmentKeys(sample)).toEqual(['/lessons/01-integrate-and-fire/#rheobase', '/lessons/02-nonlinear-integrate-and-fire/#delta-t-limit']);
  });
});

describe('widget setup links pasted into the builder', () => {
  const made = (id: string, s: unknown) => `${id}.${encodeLink('widget', 1, { state: s })}`;

  it('reads a whole address, a path or the fragment alone', () => {
    const fragment = made('lif-trace', { current: 1.5, model: 'lif' });
    for (const pasted of [`https://membrane.example/lessons/01-integrate-and-fire/#setup=${fragment}`, `/lessons/01-integrate-and-fire/#setup=${fragment}`]) {
      expect(parseSetupLink(pasted)).toEqual({ ok: true, preset: { widget: 'lif-trace', state: { current: 1.5, model: 'lif' } }, page: '/lessons/01-integrate-and-fire/' });
    }
    expect(parseSetupLink(`#setup=${fragment}`)).toEqual({ ok: true, preset: { widget: 'lif-trace', state: { current: 1.5, model: 'lif' } }, page: null });
  });

  it('presetHref makes the link back (round trip through the builder and the student page)', () => {
    const p = { widget: 'fi-curve', state: { current: [0, 1, 2] } };
    const href = presetHref('/lessons/07-izhikevich/', p);
    expect(parseSetupLink(href)).toEqual({ ok: true, preset: p, page: '/lessons/07-izhikevich/' });
  });

  it.each([
    ['plain text', 'hello', /not a widget/],
    ['a truncated link', made('w', { a: 1 }).slice(0, -3), /damaged|incomplete/],
    ['an assignment link', `w.${encodeAssignment(sample)}`, /not a widget link/],
    ['a state that is not an object', made('w', 3), /no widget state/],
    ['a newer widget link', `w.${encodeLink('widget', 2, { state: {} })}`, /newer version/],
  ])('%s is refused with a message', (_, pasted, message) => {
    const result = parseSetupLink(pasted);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('grading hand-ins', () => {
  const memory = (): KeyValueStore => {
    const map = new Map<string, string>();
    return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
  };
  const numeric: GradableExercise = {
    page: '/lessons/01-integrate-and-fire/',
    id: 'rheobase',
    title: 'The minimal current',
    lessonTitle: 'Integrate-and-fire',
    spec: { kind: 'numeric', value: 1.5, unit: 'nA', tolerance: { abs: 0.01 } },
  };
  const choice: GradableExercise = {
    page: '/lessons/02-nonlinear-integrate-and-fire/',
    id: 'delta-t-limit',
    title: 'The sharp limit',
    lessonTitle: 'Nonlinear',
    spec: { kind: 'choice', options: ['one', 'two', 'three'], correct: 2 },
  };
  const find = (p: string, e: string) => [numeric, choice].find((x) => x.page === p && x.id === e);
  const at = '2025-03-14T10:00:00.000Z';

  function handIn() {
    const store = createProgressStore(memory());
    store.setStudentCode('S-042');
    // 1500 pA is 1.5 nA: right, through the unit prefix, as the page judged it.
    store.record(`${numeric.page}#${numeric.id}`, { kind: 'numeric', answer: '1500 pA', outcome: 'correct', attempts: 2, at });
    // Stored as "correct" by an edited file, but option 0 is wrong: the re-check says so.
    store.record(`${choice.page}#${choice.id}`, { kind: 'choice', answer: 0, outcome: 'correct', attempts: 1, at });
    return createHandIn(store.get(), { assignment: { title: sample.title, link: 'x' }, keys: assignmentKeys(sample) });
  }

  it('re-checks every answer and does not trust the stored outcome', () => {
    const rows = gradeHandIn(handIn(), 's042.json', find);
    expect(rows.map((r) => [r.studentCode, r.exercise, r.answer, r.stored, r.rechecked])).toEqual([
      ['S-042', 'rheobase', '1500 pA', 'correct', 'correct'],
      ['S-042', 'delta-t-limit', 'A: one', 'correct', 'wrong'],
    ]);
    expect(rows[0]?.expected).toMatch(/1\.5 nA/);
  });

  it('with the assignment, follows its order and lists missing and unknown exercises', () => {
    const withMore: Assignment = { ...sample, items: [...sample.items].reverse().concat([{ page: '/lessons/03-adaptation/', exercise: 'gone' }]) };
    const rows = gradeHandIn(handIn(), 'f.json', find, withMore);
    expect(rows.map((r) => [r.exercise, r.rechecked])).toEqual([
      ['delta-t-limit', 'wrong'],
      ['rheobase', 'correct'],
      ['gone', 'missing'],
    ]);
  });

  it('an answer of the wrong kind is invalid, not an exception', () => {
    const file = handIn();
    const edited = { ...file, answers: file.answers.map((a) => (a.exercise === 'rheobase' ? { ...a, answer: 3, kind: 'choice' as const } : a)) };
    expect(gradeHandIn(edited, 'f.json', find)[0]?.rechecked).toBe('invalid');
  });

  it.each([
    // Each case: the cell as stored, and what the CSV must hold.
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2 nA', "'-2 nA"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
  ])('CSV field %j is written as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('the CSV has a header, one line per row, CRLF line ends', () => {
    const csv = gradeCsv(gradeHandIn(handIn(), 's042.json', find));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the final CRLF
    expect(lines[0]).toMatch(/^file,student code,lesson,/);
    expect(lines[1]).toMatch(/^s042\.json,S-042,Integrate-and-fire,rheobase,The minimal current,1500 pA,correct,correct,/);
    expect(lines[3]).toBe('');
  });
});
