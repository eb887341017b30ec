/**
 * Compact, versioned, checked state in a link: what an assignment link and a widget's "link to this setup"
 * carry in the URL fragment (never sent to a server). A link reads `<kind><version>.<payload>.<check>`:
 * the payload is base64url of the state's JSON (UTF-8), the check a CRC-32 of kind, version and payload in
 * base 36, so a truncated, mistyped or hand-edited link is told apart from a valid one before anything reads
 * it. Decoding never evaluates anything and throws only `LinkError`, with a sentence for the reader: damaged,
 * not a Membrane link, made by a newer version, or content that the kind's own validator refuses.
 */

import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../engine/json-depth.ts';

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

/** Links longer than this are refused unread (a URL fragment this size is not something we made). */
export const MAX_LINK_LENGTH = 100_000;

const KIND = /^[a-z][a-z-]{0,30}[a-z]$/;

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3) of a string's UTF-16 code units taken as bytes (the text here is ASCII). */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 !== undefined) out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 !== undefined) out += ALPHABET[b2 & 63]!;
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const c of text) {
    const digit = INDEX.get(c);
    if (digit === undefined) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (value >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, j);
}

/** The link text for `payload` (plain JSON data: objects, arrays, strings, finite numbers, booleans, null). */
export function encodeLink(kind: string, version: number, payload: unknown): string {
  if (!KIND.test(kind)) throw new RangeError(`A link kind is lower-case letters and hyphens, got ${JSON.stringify(kind)}.`);
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`A link version is a whole number ≥ 1, got ${version}.`);
  const body = toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
  const head = `${kind}${version}.${body}`;
  return `${head}.${crc32(head).toString(36)}`;
}

/**
 * Reads a link of `kind` made by versions 1 … `version` of it and hands the parsed JSON and its version to
 * `validate`, which returns the typed state or throws (any error it throws becomes a LinkError with its message).
 */
export function decodeLink<State>(text: unknown, kind: string, version: number, validate: (payload: unknown, version: number) => State): State {
  if (typeof text !== 'string' || text.length === 0) throw new LinkError('The link is empty.');
  if (text.length > MAX_LINK_LENGTH) throw new LinkError('The link is too long to be one Membrane made.');
  const match = /^([a-z][a-z-]*[a-z])(\d{1,6})\.([A-Za-z0-9_-]*)\.([0-9a-z]{1,7})$/.exec(text.trim());
  if (!match) throw new LinkError('The link is damaged or incomplete: copy it again in full.');
  const [, linkKind, linkVersion, body, check] = match as unknown as [string, string, string, string, string];
  if (linkKind !== kind) throw new LinkError(`This is ${article(linkKind)} ${linkKind} link, not ${article(kind)} ${kind} link.`);
  if (crc32(`${linkKind}${linkVersion}.${body}`).toString(36) !== check) throw new LinkError('The link is damaged or incomplete (its check does not match): copy it again in full.');
  const made = Number(linkVersion);
  if (made < 1) throw new LinkError('The link is damaged: its version is not valid.');
  if (made > version) throw new LinkError(`The link was made by a newer version of Membrane (${kind} version ${made}; this page reads up to ${version}). Reload the page to get the newest course.`);
  const bytes = fromBase64Url(body);
  if (bytes === undefined) throw new LinkError('The link is damaged or incomplete: copy it again in full.');
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new LinkError('The link is damaged: its content cannot be read.');
  }
  if (nestsDeeperThan(payload)) throw new LinkError(`The link's content is nested more than ${MAX_JSON_DEPTH} levels deep: it is not one Membrane made.`);
  try {
    return validate(payload, made);
  } catch (error) {
    throw new LinkError(`The link's content is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}
