/**
 * Student codes and per-student variants. A student enters once a code their instructor gave them (not their
 * name: Membrane stores no personal data); every variant exercise derives its hidden parameters from a seed
 * made of that code and the exercise's key, so the same code always gives the same variant, different codes
 * spread over the variants, and the instructor regenerates any student's variant and its answer from the code.
 */

export interface CodeCheck {
  readonly ok: boolean;
  /** The code as stored: trimmed, inner spaces removed, upper case (so "ab 12" and "AB12" are one student). */
  readonly code: string;
  readonly message: string;
}

const CODE = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

export function normalizeStudentCode(input: unknown): CodeCheck {
  if (typeof input !== 'string') return { ok: false, code: '', message: 'A student code is text.' };
  const code = input.trim().replace(/\s+/g, '').toUpperCase();
  if (code === '') return { ok: false, code, message: 'Enter the student code your instructor gave you.' };
  if (!CODE.test(code)) {
    return { ok: false, code, message: 'A student code is 2 to 40 letters, digits, dots, hyphens or underscores (not your name).' };
  }
  return { ok: true, code, message: `Student code ${code}.` };
}

/** FNV-1a over the UTF-16 code units, then a splitmix-style finaliser: a 32-bit seed for createRandom. */
export function variantSeed(code: string, key: string): number {
  const text = `${code}\u0000${key}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}
