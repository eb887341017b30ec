/**
 * Fuzzing every entry point that takes text or JSON from a reader, a link or a file (issue 8): the stimulus
 * grammar, URL state (widget and assignment links, setup fragments, widget state), hand-in files and stored
 * progress, and parameter fields (number fields, numeric answers, student codes, runner scenarios).
 *
 * The properties, for each: nothing is thrown but the module's documented error type (or nothing at all, for
 * the readers that return a result); a refusal is a non-empty plain sentence; what is accepted round-trips;
 * keys such as `__proto__` and `constructor` pollute nothing; hostile sizes (1 MB of text, nesting 10^5
 * deep) are refused quickly instead of overflowing the stack; and NaN, ±Infinity, 1e308, -0, empty and
 * non-ASCII digits are refused or give finite values, never a silent NaN in a simulation.
 *
 * Every property runs with the fixed seed below, so a failure reproduces; the runs of each are counted and
 * printed at the end. Existing properties are not repeated here: the expression's print/parse round trip
 * (expression.test.ts), link encode/decode of any JSON (link-codec.test.ts) and assignment links
 * (assignment.test.ts) are tested there.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../engine/json-depth.ts';
import { ExpressionError, MAX_SOURCE_LENGTH, parseExpression } from '../../engine/stimuli/expression.ts';
import { models } from '../../engine/models/index.ts';
import { parseScenario } from '../../engine/scenario.ts';
import { parseQuantity } from '../../engine/units.ts';
import { decodeAssignment, parseSetupLink, readAssignmentHash } from '../../site/lib/assignment.ts';
import { csvField } from '../../site/lib/grading.ts';
import { linkFromPaste } from '../../site/lib/grade-page.ts';
import { createHandIn, parseHandIn } from '../../widgets/exercise/hand-in.ts';
import { createProgressStore, parseProgress, STORAGE_KEY, type Progress, type ProgressEntry } from '../../widgets/exercise/progress.ts';
import { normalizeStudentCode } from '../../widgets/exercise/student.ts';
import type { Control } from '../../widgets/lib/controls.ts';
import { crc32, decodeLink, encodeLink, LinkError } from '../../widgets/lib/link-codec.ts';
import { parseTyped } from '../../widgets/lib/param-panel.ts';
import { decodeSetupState, parseSetupFragment, problemsText } from '../../widgets/lib/setup-link.ts';
import { parseState, simulateState } from '../../widgets/lib/state.ts';
import { readExpression } from '../../widgets/lib/stimulus-editor.ts';

const SEED = 20_261_205;
const runs: [string, number][] = [];

/** Checks `property` with the fixed seed and records how many runs it took. */
function holds(name: string, property: fc.IProperty<never> | fc.IProperty<unknown[]>, numRuns: number): void {
  const details = fc.check(property as fc.IProperty<unknown[]>, { seed: SEED, numRuns });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed`);
  runs.push([name, details.numRuns]);
}

afterAll(() => {
  const total = runs.reduce((sum, [, n]) => sum + n, 0);
  console.log(`fuzz: seed ${SEED}, ${runs.length} properties, ${total} runs\n${runs.map(([name, n]) => `  ${String(n).padStart(5)}  ${name}`).join('\n')}`);
});

/**
 * A sentence for the reader: non-empty text of bounded length, with no "[object Object]" or a JavaScript
 * engine's own message in it. (It may quote what the reader typed: pages show it as text, not HTML.)
 */
function expectSentence(message: unknown): void {
  expect(typeof message).toBe('string');
  const text = message as string;
  expect(text.trim().length).toBeGreaterThan(0);
  expect(text).not.toMatch(/\[object |Maximum call stack|Cannot read propert|undefined is not|of undefined|of null/);
  expect(text.length).toBeLessThan(2000);
}

/** Runs `decode`: it may return anything, or throw a LinkError whose message is a sentence, and nothing else. */
function expectLinkErrorOrValue(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(LinkError);
    expectSentence((error as Error).message);
  }
}

/** Nothing may have been added to Object.prototype by a `__proto__` key. */
function expectNoPollution(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** Milliseconds `run` takes. */
function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

// Text with the characters that break parsers: unicode digits and minus, surrogates, controls, quotes.
const awkward = fc.constantFrom('１２', '٣', '߃', '²', '½', '−', '‐', '\u0000', '\u200b', '\ufeff', '\ud800', '\udc00', '😀', '"', "'", '\\', '%', '#', '.', '..', 'e', 'E', '__proto__', 'constructor', 'NaN', 'Infinity', '-0', '1e308', '1e400', '0x1f');
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.array(awkward, { maxLength: 20 }).map((parts) => parts.join('')),
);
/** JSON whose keys include the ones that pollute prototypes when copied naively (own keys after JSON.parse). */
const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty');
const dangerousJson: fc.Arbitrary<unknown> = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string({ maxLength: 20 })),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(dangerousKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
    ),
  }))
  .value.map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);

/** '[[[…]]]' `depth` levels deep, parsed. */
const deepArray = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/** A link of `kind` whose payload is `text` as it stands, with a valid check (encodeLink would stringify a value). */
function rawLink(kind: string, text: string): string {
  const head = `${kind}1.${Buffer.from(text, 'utf8').toString('base64url')}`;
  return `${head}.${crc32(head).toString(36)}`;
}

describe('nesting guard (engine/json-depth.ts)', () => {
  it('measures depth without recursion, so 10^6 levels answer quickly', () => {
    expect(nestsDeeperThan(deepArray(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(deepArray(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
    let value: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) value = [value];
    expect(timed(() => expect(nestsDeeperThan(value)).toBe(true))).toBeLessThan(2000);
  });
});

describe('stimulus grammar (engine/stimuli/expression.ts, widgets/lib/stimulus-editor.ts)', () => {
  const pieces = fc.constantFrom('t', '(', ')', '-', '+', '*', '/', '^', ',', ' ', 'not ', ' and ', ' or ', '<', '>=', '==', 'sin(', 'max(', '1e308', '1e-400', '0.5', '.', 'pi', 'e', '１', '٣', '__proto__', 'constructor', '\u0000');
  const grammarish = fc.array(pieces, { maxLength: 300 }).map((parts) => parts.join(''));

  it('any text is parsed or refused with an ExpressionError naming a column inside the text, within 250 ms', () => {
    holds(
      'expression: any text → Expression or ExpressionError',
      fc.property(fc.oneof(hostileText, grammarish), (source) => {
        let caught: unknown;
        const ms = timed(() => {
          try {
            const expression = parseExpression(source);
            // An accepted expression evaluates to a number everywhere (NaN is the simulator's to report).
            expect(typeof expression.evaluate(1)).toBe('number');
          } catch (error) {
            caught = error;
          }
        });
        if (caught !== undefined) {
          expect(caught).toBeInstanceOf(ExpressionError);
          const error = caught as ExpressionError;
          expectSentence(error.message);
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeLessThanOrEqual(Math.min(source.length, MAX_SOURCE_LENGTH) + 1);
        }
        // A bound, not a benchmark: generous because other jobs share the machine.
        expect(ms).toBeLessThan(250);
        expectNoPollution();
      }),
      1000,
    );
  });

  it.each([
    ['10^5 open parentheses', '('.repeat(100_000)],
    ['10^5 nested calls', 'sin('.repeat(25_000)],
    ['1 MB of digits', '1'.repeat(1_000_000)],
    ['1 MB of spaces', ' '.repeat(1_000_000)],
    ['parentheses nested to the length limit', `${'('.repeat(MAX_SOURCE_LENGTH / 2)}t${')'.repeat(MAX_SOURCE_LENGTH / 2)}`],
    ['unary minus to the length limit', `${'-'.repeat(MAX_SOURCE_LENGTH - 1)}t`],
    ["'not' to the length limit", `${'not '.repeat(MAX_SOURCE_LENGTH / 4 - 1)}t`],
    ['powers to the length limit', Array(MAX_SOURCE_LENGTH / 2).fill('2').join('^')],
  ])('%s: parsed or refused cleanly, no stack overflow, within 500 ms', (_, source) => {
    let caught: unknown;
    const ms = timed(() => {
      try {
        const expression = parseExpression(source);
        expression.breakpoints();
        expression.print();
      } catch (error) {
        caught = error;
      }
    });
    if (caught !== undefined) {
      expect(caught).toBeInstanceOf(ExpressionError);
      expectSentence((caught as Error).message);
    }
    expect(ms).toBeLessThan(500);
  });

  it('the editor turns every refusal into a message and a column, and never throws', () => {
    holds(
      'stimulus editor: readExpression never throws',
      fc.property(fc.oneof(hostileText, grammarish), (text) => {
        const result = readExpression(text);
        if (!result.ok) {
          expectSentence(result.message);
          expect(Number.isInteger(result.column)).toBe(true);
        } else expect(result.stimulus).toEqual([{ kind: 'expression', expression: text }]);
      }),
      1000,
    );
  });

  it('an expression that blows up is simulated into a divergence message, not a silent NaN', () => {
    for (const expression of ['1e308*t', '1e308*1e308', 'sqrt(-1)', 'log(-t)', '1/0', '0/0', 'exp(t)', 'exp(exp(t))', 'tan(pi/2)*1e300']) {
      for (const model of ['lif', 'izhikevich', 'hh', 'qif']) {
        const parsed = parseState({ model, stimulus: expression, duration: 50 });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) continue;
        let result: ReturnType<typeof simulateState> | undefined;
        const ms = timed(() => (result = simulateState(parsed.state)));
        const finite = Object.values(result!.traces).every((trace) => trace.every(Number.isFinite));
        expect(finite || result!.divergence !== undefined, `${model} with ${expression}`).toBe(true);
        if (result!.divergence) expectSentence(result!.divergence.message);
        // The widget's step budget keeps even a stiff blow-up (HH with exp(t)) to a moment (noisy: shared machine).
        expect(ms, `${model} with ${expression}`).toBeLessThan(5000);
      }
    }
  });
});

describe('URL state: links, setup fragments, widget state (widgets/lib/link-codec.ts, setup-link.ts, state.ts)', () => {
  it('a setup fragment of any text is read as none, setup or invalid, never thrown', () => {
    holds(
      'setup fragment: parseSetupFragment never throws',
      fc.property(fc.oneof(hostileText, hostileText.map((s) => `#setup=${s}`), hostileText.map((s) => `#setup=${s}.${s}`)), (hash) => {
        const parsed = parseSetupFragment(hash);
        expect(['none', 'setup', 'invalid']).toContain(parsed.kind);
        if (parsed.kind === 'invalid') expectSentence(parsed.message);
      }),
      1000,
    );
  });

  it('a setup link of any text throws only LinkError, with a sentence', () => {
    holds(
      'setup link: decodeSetupState throws only LinkError',
      fc.property(fc.oneof(hostileText, hostileText.map((s) => `widget1.${s}`), fc.stringMatching(/^widget1\.[A-Za-z0-9_-]{0,60}\.[0-9a-z]{1,7}$/)), (text) => {
        expectLinkErrorOrValue(() => decodeSetupState(text));
      }),
      1000,
    );
  });

  it('any JSON behind a valid check, dangerous keys included, is accepted or refused in words, polluting nothing', () => {
    holds(
      'widget link: any JSON payload → state or LinkError',
      fc.property(dangerousJson, (payload) => {
        const link = rawLink('widget', JSON.stringify({ state: payload }));
        expectLinkErrorOrValue(() => {
          const parsed = parseState(decodeSetupState(link));
          if (!parsed.ok) expectSentence(problemsText(parsed.problems));
        });
        expectNoPollution();
      }),
      500,
    );
  });

  it('widget state of any shape is parsed or refused with named problems; accepted state round-trips through a link', () => {
    const stateLike = fc.record(
      {
        model: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.keys(models)) }, fc.string(), dangerousKey),
        stimulus: fc.oneof(fc.double({ min: -5, max: 5 }), fc.double(), fc.constantFrom('t', '1e308*t', '(t > 10) * 2', '', '１２'), dangerousJson),
        duration: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(100, 20) }, fc.double(), fc.constantFrom(-0, 0, 1e308)),
        params: fc.dictionary(fc.oneof(dangerousKey, fc.constantFrom('tauM', 'R', 'a', 'gNa')), fc.oneof(fc.double({ min: 0.5, max: 50 }), fc.double(), fc.constant(Number.NaN)), { maxKeys: 2 }),
        dt: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0.1, 0.05) }, fc.double()),
        view: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fc.dictionary(fc.string({ maxLength: 6 }), fc.double({ noNaN: true, noDefaultInfinity: true }), { minKeys: 1, maxKeys: 3 }), dangerousJson),
      },
      { requiredKeys: ['model', 'stimulus', 'duration'] },
    );
    let accepted = 0;
    holds(
      'widget state: parseState never throws; accepted state round-trips',
      fc.property(stateLike, (input) => {
        const parsed = parseState(JSON.parse(JSON.stringify(input)) as unknown);
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          for (const problem of parsed.problems) {
            expect(problem.name.length).toBeGreaterThan(0);
            expectSentence(problem.message);
          }
          return;
        }
        accepted += 1;
        for (const value of Object.values(parsed.state.params)) expect(Number.isFinite(value)).toBe(true);
        const link = encodeLink('widget', 1, { state: parsed.state });
        const again = parseState(decodeSetupState(link));
        expect(again).toEqual({ ok: true, state: parsed.state });
        expectNoPollution();
      }),
      1000,
    );
    // The round trip is only a property if some states get through.
    expect(accepted).toBeGreaterThan(20);
  });

  it.each([
    ['a widget link', (text: string) => decodeSetupState(text), 'widget'],
    ['an assignment link', (text: string) => decodeAssignment(text), 'assignment'],
  ])('%s nested 10^4 deep behind a valid check is refused as a LinkError, not a stack overflow', (_, decode, kind) => {
    for (const inner of [`{"state":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`]) {
      const link = rawLink(kind, inner);
      expect(() => decode(link)).toThrow(LinkError);
      expect(() => decode(link)).toThrow(/nested more than 64 levels/);
    }
  });

  it('huge and random links are refused quickly', () => {
    const huge = `widget1.${'A'.repeat(99_980)}.abc`;
    expect(timed(() => expect(() => decodeSetupState(huge)).toThrow(LinkError))).toBeLessThan(500);
    expect(timed(() => expect(() => decodeSetupState(`${huge}${huge}`)).toThrow(/too long/))).toBeLessThan(250);
    expect(parseSetupFragment(`#setup=${'%'.repeat(1_000_000)}`)).toEqual({ kind: 'invalid', message: 'The setup link is damaged: copy it again in full.' });
    const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => decodeLink(random, 'widget', 1, (x) => x)).toThrow(LinkError);
  });

  it('assignment hashes, pasted widget links and pasted student links of any text never throw', () => {
    holds(
      'assignment/grading pastes: readAssignmentHash, parseSetupLink, linkFromPaste, decodeAssignment',
      fc.property(fc.oneof(hostileText, hostileText.map((s) => `#a=${s}&print=1`), hostileText.map((s) => `https://x.invalid/lessons/a/#setup=${s}`)), (text) => {
        const { link } = readAssignmentHash(text);
        const pasted = parseSetupLink(text);
        if (!pasted.ok) expectSentence(pasted.message);
        const fromPaste = linkFromPaste(text);
        for (const candidate of [link, fromPaste]) expectLinkErrorOrValue(() => decodeAssignment(candidate));
      }),
      1000,
    );
  });
});

describe('hand-in files and stored progress (widgets/exercise/progress.ts, site/lib/grading.ts)', () => {
  const code = fc.stringMatching(/^[A-Z0-9][A-Z0-9._-]{1,39}$/);
  const key = fc.tuple(fc.stringMatching(/^\/lessons\/[a-z0-9][a-z0-9-]{0,20}\/$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)).map(([page, exercise]) => `${page}#${exercise}`);
  const entry: fc.Arbitrary<ProgressEntry> = fc.record({
    kind: fc.constantFrom('numeric', 'choice', 'text', 'widget', 'variant'),
    answer: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 }), fc.nat(999), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true }), { maxKeys: 3 })),
    outcome: fc.constantFrom('correct', 'close', 'wrong', 'saved'),
    attempts: fc.nat(1000),
    at: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
  });
  const progress: fc.Arbitrary<Progress> = fc.record({
    format: fc.constant('membrane-progress' as const),
    version: fc.constant(1 as const),
    studentCode: fc.option(code, { nil: null }),
    entries: fc.dictionary(key, entry, { maxKeys: 8 }),
  });

  it('every hand-in made from valid progress reads back equal (round trip)', () => {
    holds(
      'hand-in: createHandIn → JSON → parseHandIn is the identity',
      fc.property(progress, (p) => {
        const handIn = createHandIn(p, { now: new Date(0) });
        const parsed = parseHandIn(JSON.stringify(handIn, null, 2));
        expect(parsed).toEqual({ ok: true, handIn: JSON.parse(JSON.stringify(handIn)) });
        const stored = JSON.parse(JSON.stringify(p)) as unknown;
        expect(parseProgress(stored)).toEqual({ ok: true, progress: stored });
      }),
      300,
    );
  });

  it('a truncated, edited or foreign file gives a sentence, never an exception', () => {
    const damaged = fc.tuple(progress, fc.nat(), fc.nat(), hostileText).map(([p, at, to, insert]) => {
      const text = JSON.stringify(createHandIn(p, { now: new Date(0) }));
      const i = at % (text.length + 1);
      return [text.slice(0, i), `${text.slice(0, i)}${insert}${text.slice(i + (to % 8))}`];
    });
    holds(
      'hand-in: damaged files → a message',
      fc.property(fc.oneof(damaged, hostileText.map((s) => [s]), dangerousJson.map((v) => [JSON.stringify(v)])), (texts) => {
        for (const text of texts) {
          const parsed = parseHandIn(text);
          if (!parsed.ok) expectSentence(parsed.message);
        }
        expectNoPollution();
      }),
      1000,
    );
  });

  it('hostile files: nested 10^5 deep, 5 MB, __proto__ keys, non-text', () => {
    const answer = { page: '/lessons/a/', exercise: 'b', kind: 'text', outcome: 'saved', attempts: 1, at: '2026-01-01T00:00:00.000Z' };
    const file = (extra: string) => `{"format":"membrane-handin","version":1,"membrane":"1","exportedAt":"2026-01-01T00:00:00.000Z","studentCode":null,"assignment":null,"answers":[${extra}]}`;
    const deep = file(JSON.stringify({ ...answer, answer: 'X' }).replace('"X"', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`));
    let parsed: ReturnType<typeof parseHandIn> | undefined;
    expect(timed(() => (parsed = parseHandIn(deep)))).toBeLessThan(2000);
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/nested/) });
    expect(parseHandIn(' '.repeat(5_000_001))).toEqual({ ok: false, message: expect.stringMatching(/too large/) });
    expect(parseHandIn(new Uint8Array(10))).toEqual({ ok: false, message: expect.stringMatching(/could not be read as text/) });
    // An own "__proto__" key (as JSON.parse makes it) is at most an ignored field: nothing inherits from it.
    const proto = parseHandIn(file(JSON.stringify({ ...answer, answer: 'a' }).replace('{', '{"__proto__":{"polluted":1},')));
    if (proto.ok) expect((proto.handIn.answers[0] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
    expectNoPollution();
    // Stored progress that is nested absurdly deep is set aside with a message, as any unreadable record.
    const stored = new Map([[STORAGE_KEY, `{"format":"membrane-progress","version":1,"studentCode":null,"entries":{"/a/#b":{"kind":"text","answer":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},"outcome":"saved","attempts":1,"at":"2026-01-01"}}}`]]);
    const store = createProgressStore({ getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) });
    expect(store.problem).toMatch(/could not be read/);
  });

  it('a CSV field never starts a formula, whatever the student typed', () => {
    holds(
      'grading CSV: csvField never begins with = + - @ tab or CR',
      fc.property(fc.oneof(hostileText, hostileText.map((s) => `=${s}`), hostileText.map((s) => `-${s}`)), (text) => {
        const field = csvField(text);
        const unquoted = field.startsWith('"') ? field.slice(1) : field;
        expect(unquoted).not.toMatch(/^[=+\-@\t\r]/);
      }),
      1000,
    );
  });
});

describe('parameter fields (widgets/lib/param-panel.ts, engine/units.ts, widgets/exercise/student.ts, engine/scenario.ts)', () => {
  const control: Control = {
    key: 'tauM',
    target: { kind: 'param', name: 'tauM' },
    spec: { name: 'tauM', symbol: '\\tau_m', unit: 'ms', default: 10, min: 1, max: 100, step: 0.5, meaning: 'Membrane time constant' },
  };
  const specials = ['NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e308', '-5', '', ' ', '-0', '１２', '٣', '12abc', '0x1f', '0b11', '1_0', '--1', '1e', 'e5', '.', '5.', '٫5'];

  it.each(specials)('number field, typed %j: refused with the range, or a finite value inside it', (text) => {
    const parsed = parseTyped(control, text);
    if ('message' in parsed) {
      expectSentence(parsed.message);
      expect(parsed.message).toContain('1 to 100 ms');
    } else {
      expect(Number.isFinite(parsed.value)).toBe(true);
      expect(parsed.value).toBeGreaterThanOrEqual(1);
      expect(parsed.value).toBeLessThanOrEqual(100);
    }
  });

  it('number field: any text gives a finite value in range or a message naming the range', () => {
    holds(
      'number field: parseTyped',
      fc.property(fc.oneof(hostileText, fc.double().map(String), fc.double({ min: 1, max: 100 }).map(String)), (text) => {
        const parsed = parseTyped(control, text);
        if ('message' in parsed) {
          expectSentence(parsed.message);
          expect(parsed.message).toContain('1 to 100 ms');
        } else {
          expect(Number.isFinite(parsed.value)).toBe(true);
          expect(parsed.value >= 1 && parsed.value <= 100).toBe(true);
        }
      }),
      2000,
    );
  });

  it('numeric answers: any text is a finite value or a sentence, and a 1 MB paste is refused quickly', () => {
    holds(
      'numeric answer: parseQuantity',
      fc.property(fc.oneof(hostileText, fc.array(awkward, { maxLength: 6 }).map((p) => `${p.join('')} nA`)), fc.constantFrom('nA', 'mV', 'ms', 'Hz', ''), (text, unit) => {
        const parsed = parseQuantity(text, unit);
        if (parsed.ok) expect(Number.isFinite(parsed.value)).toBe(true);
        else expectSentence(parsed.message);
      }),
      2000,
    );
    for (const text of ['1'.repeat(1_000_000), `1 ${'x'.repeat(1_000_000)}`]) {
      let parsed: ReturnType<typeof parseQuantity> | undefined;
      expect(timed(() => (parsed = parseQuantity(text, 'nA')))).toBeLessThan(250);
      expect(parsed).toEqual({ ok: false, error: 'syntax', message: expect.stringMatching(/^An answer is a number .* (1000000|1000002) characters long/) });
    }
    for (const text of ['NaN', 'Infinity', '1e400', '１２', '٣']) expect(parseQuantity(text, 'nA').ok, text).toBe(false);
  });

  it('student codes: any text is a stored code or a sentence', () => {
    holds(
      'student code: normalizeStudentCode',
      fc.property(hostileText, (text) => {
        const checked = normalizeStudentCode(text);
        expectSentence(checked.message);
        if (checked.ok) {
          expect(checked.code).toMatch(/^[A-Z0-9][A-Z0-9._-]{1,39}$/);
          expect(normalizeStudentCode(checked.code)).toEqual(checked);
        }
      }),
      1000,
    );
  });

  const hostileNumbers = [Number.NaN, Infinity, -Infinity, 1e308, -1e308, -0, 5e-324, -5, 0];
  const cases = Object.values(models).flatMap((model) => model.params.map((spec) => [model.id, spec.name] as const));

  it.each(cases)('scenario %s.%s: NaN, ±Infinity, 1e308, -0, -5 are refused with a problem naming it, or run to finite traces', (model, name) => {
    for (const value of hostileNumbers) {
      const parsed = parseScenario({ model, params: { [name]: value }, stimulus: 1, duration: 5 });
      if (!parsed.ok) {
        expect(parsed.problems.map((p) => p.name)).toContain(name);
        parsed.problems.forEach((p) => expectSentence(p.message));
        continue;
      }
      const state = parseState(parsed.scenario);
      expect(state.ok).toBe(true);
      if (!state.ok) continue;
      const result = simulateState(state.state);
      const finite = Object.values(result.traces).every((trace) => trace.every(Number.isFinite));
      expect(finite || result.divergence !== undefined, `${model}.${name} = ${value}`).toBe(true);
    }
  });

  it('a scenario of any shape, dangerous keys included, is accepted or refused with named problems', () => {
    holds(
      'scenario: parseScenario never throws',
      fc.property(fc.oneof(dangerousJson, fc.record({ model: fc.constantFrom('lif', 'hh', '__proto__'), stimulus: dangerousJson, duration: fc.double(), params: dangerousJson, initial: dangerousJson, record: dangerousJson })), (input) => {
        const parsed = parseScenario(input);
        if (!parsed.ok) parsed.problems.forEach((p) => expectSentence(p.message));
        expectNoPollution();
      }),
      1000,
    );
    expect(parseScenario({ model: 'lif', stimulus: deepArray(100_000), duration: 10 })).toEqual({
      ok: false,
      problems: [{ name: 'scenario', message: expect.stringMatching(/nests at most 64 levels/) }],
    });
  });
});
