/**
 * Links that carry state (widgets/lib/link-codec.ts): what is encoded decodes to the same value, and nothing a
 * reader can paste — random text, truncations, single-character edits, other kinds, newer versions — makes
 * decoding throw anything but a LinkError with a sentence, or return a state the validator did not accept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, decodeLink, encodeLink, LinkError } from '../../widgets/lib/link-codec.ts';

const identity = (payload: unknown) => payload;
// JSON values without -0 (JSON writes it as 0) and with finite numbers only.
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe('link codec', () => {
  it('decode(encode(x)) = x for any JSON value (property, 500 runs)', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 1, max: 9 }), (value, version) => {
        expect(decodeLink(encodeLink('assignment', version, value), 'assignment', version, identity)).toEqual(value);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('keeps non-ASCII text (units, Greek, emoji)', () => {
    const value = { title: 'Δ, τ_m = 10 ms, µS — ✓ 🧠' };
    expect(decodeLink(encodeLink('assignment', 1, value), 'assignment', 1, identity)).toEqual(value);
  });

  it('CRC-32 is the standard one (check value of "123456789" is cbf43926)', () => {
    expect(crc32('123456789').toString(16)).toBe('cbf43926');
  });

  it('random text never throws anything but a LinkError (property, 2000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^assignment1\.[A-Za-z0-9_-]{0,40}\.[0-9a-z]{1,7}$/)), (text) => {
        try {
          decodeLink(text, 'assignment', 1, identity);
        } catch (error) {
          expect(error).toBeInstanceOf(LinkError);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it('every truncation and every one-character edit of a real link is refused (the check catches them)', () => {
    const link = encodeLink('assignment', 1, { title: 'Week 3', items: [{ page: '/lessons/06-two-dimensional-reductions/', exercise: 'fhn-hopf' }] });
    for (let cut = 0; cut < link.length; cut++) expect(() => decodeLink(link.slice(0, cut), 'assignment', 1, identity)).toThrow(LinkError);
    const alphabet = 'aZ09-_.x';
    let edits = 0;
    for (let i = 0; i < link.length; i++) {
      for (const c of alphabet) {
        if (c === link[i]) continue;
        const edited = link.slice(0, i) + c + link.slice(i + 1);
        expect(() => decodeLink(edited, 'assignment', 1, identity)).toThrow(LinkError);
        edits++;
      }
    }
    expect(edits).toBeGreaterThan(500);
  });

  it('says why: another kind, a newer version, content the validator refuses', () => {
    expect(() => decodeLink(encodeLink('widget', 1, {}), 'assignment', 1, identity)).toThrow("This is a widget link, not an assignment link.");
    expect(() => decodeLink(encodeLink('assignment', 3, {}), 'assignment', 2, identity)).toThrow(/newer version/);
    expect(() =>
      decodeLink(encodeLink('assignment', 1, { title: 5 }), 'assignment', 1, () => {
        throw new Error('title must be text');
      }),
    ).toThrow(/not valid: title must be text/);
    expect(() => decodeLink(undefined, 'assignment', 1, identity)).toThrow(LinkError);
    expect(() => decodeLink('x'.repeat(200_000), 'assignment', 1, identity)).toThrow(/too long/);
  });
});
