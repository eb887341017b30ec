/**
 * Progress kept in the browser and the hand-in file (widgets/exercise/progress.ts), and student codes and
 * variant seeds (widgets/exercise/student.ts): round trips, a corrupted store set aside with a message, hand-in
 * files that are truncated, edited, of another kind or from a newer version refused in words — never a throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEMBRANE_VERSION } from '../../engine/version.ts';
import { createHandIn, parseHandIn } from '../../widgets/exercise/hand-in.ts';
import { createProgressStore, entryKey, STORAGE_KEY, type KeyValueStore, type ProgressEntry } from '../../widgets/exercise/progress.ts';
import { normalizeStudentCode, variantSeed } from '../../widgets/exercise/student.ts';

const memory = (initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } => {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
};
const entry = (over: Partial<ProgressEntry> = {}): ProgressEntry => ({ kind: 'numeric', answer: '1.5 nA', outcome: 'correct', attempts: 2, at: '2026-12-05T09:00:00.000Z', ...over });

describe('student codes and variant seeds', () => {
  it('normalises codes and refuses what is not one', () => {
    expect(normalizeStudentCode(' ab 12 ')).toMatchObject({ ok: true, code: 'AB12' });
    for (const bad of ['', 'a', 'x'.repeat(41), 'Ada Lovelace!', '<script>', 42, null]) expect(normalizeStudentCode(bad).ok).toBe(false);
  });

  it('gives the same seed for the same code and exercise, and spreads different codes (1000 codes over 8 variants)', () => {
    expect(variantSeed('AB12', '/lessons/01-integrate-and-fire/#lif-hidden')).toBe(variantSeed('AB12', '/lessons/01-integrate-and-fire/#lif-hidden'));
    expect(variantSeed('AB12', 'x')).not.toBe(variantSeed('AB13', 'x'));
    const counts = new Array<number>(8).fill(0);
    for (let k = 0; k < 1000; k++) counts[(variantSeed(`S${k}`, 'exercise') >>> 0) % 8]!++;
    // 125 expected per bin; a chi-square with 7 degrees of freedom below 24.3 holds with probability 0.999.
    const chi2 = counts.reduce((sum, c) => sum + (c - 125) ** 2 / 125, 0);
    expect(chi2).toBeLessThan(24.3);
  });
});

describe('progress in the browser', () => {
  const key = entryKey('/lessons/01-integrate-and-fire/', 'lif-rheobase');

  it('records attempts and the student code, and reads them back in a new store', () => {
    const storage = memory();
    const store = createProgressStore(storage);
    store.record(key, entry());
    store.setStudentCode('ab12');
    const again = createProgressStore(storage);
    expect(again.problem).toBeUndefined();
    expect(again.get().entries[key]).toEqual(entry());
    expect(again.get().studentCode).toBe('AB12');
  });

  it('sets a corrupted or future store aside with a message, keeps it under a backup key, and starts afresh', () => {
    for (const raw of ['{not json', JSON.stringify({ format: 'membrane-progress', version: 2, entries: {} }), JSON.stringify({ format: 'membrane-progress', version: 1, studentCode: null, entries: { bad: 1 } })]) {
      const storage = memory({ [STORAGE_KEY]: raw });
      const store = createProgressStore(storage);
      expect(store.problem).toMatch(/could not be read/);
      expect(store.get().entries).toEqual({});
      expect(storage.data[`${STORAGE_KEY}.unreadable`]).toBe(raw);
    }
  });

  it('works without storage, and says so', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const store = createProgressStore(throwing);
    store.record(key, entry());
    expect(store.persistent).toBe(false);
    expect(store.get().entries[key]).toEqual(entry());
  });

  it('refuses entries it could not read back', () => {
    const store = createProgressStore(memory());
    expect(() => store.record('no-hash', entry())).toThrow(RangeError);
    expect(() => store.record(key, entry({ attempts: -1 }))).toThrow(RangeError);
  });
});

describe('hand-in files', () => {
  const store = createProgressStore(memory());
  store.setStudentCode('S-042');
  store.record(entryKey('/lessons/01-integrate-and-fire/', 'lif-rheobase'), entry());
  store.record(entryKey('/lessons/06-two-dimensional-reductions/', 'fhn-type'), entry({ kind: 'choice', answer: 2, outcome: 'wrong', attempts: 1 }));
  store.record(entryKey('/lessons/12-populations/', 'pop-reflect'), entry({ kind: 'text', answer: 'Rhythms come from inhibition.', outcome: 'saved', attempts: 1 }));

  it('round-trips, with the version of Membrane that made it', () => {
    const handIn = createHandIn(store.get(), { assignment: { title: 'Week 3', link: 'assignment1.e30.0' }, now: new Date('2026-12-05T10:00:00Z') });
    expect(handIn.membrane).toBe(MEMBRANE_VERSION);
    expect(handIn.answers).toHaveLength(3);
    expect(parseHandIn(JSON.stringify(handIn))).toEqual({ ok: true, handIn });
  });

  it('keeps only an assignment’s exercises when asked', () => {
    const keys = [entryKey('/lessons/06-two-dimensional-reductions/', 'fhn-type')];
    expect(createHandIn(store.get(), { keys }).answers.map((a) => a.exercise)).toEqual(['fhn-type']);
  });

  it('refuses truncated, foreign, future and edited files in words, never throwing (property: random text, 1000 runs)', () => {
    const text = JSON.stringify(createHandIn(store.get()));
    for (let cut = 0; cut < text.length; cut += 7) {
      const result = parseHandIn(text.slice(0, cut));
      expect(result.ok).toBe(false);
    }
    expect(parseHandIn('{"format":"membrane-handin","version":2}')).toMatchObject({ ok: false, message: expect.stringMatching(/newer version/) });
    expect(parseHandIn('{"hello":1}')).toMatchObject({ ok: false, message: expect.stringMatching(/not a Membrane hand-in/) });
    const edited = JSON.parse(text) as { answers: { attempts: unknown }[] };
    edited.answers[0]!.attempts = 'many';
    expect(parseHandIn(JSON.stringify(edited))).toMatchObject({ ok: false, message: expect.stringMatching(/changed or damaged/) });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (input) => {
        const result = parseHandIn(input);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('versions', () => {
  it('MEMBRANE_VERSION is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(MEMBRANE_VERSION).toBe(pkg.version);
  });
});
