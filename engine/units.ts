/**
 * Quantities as a reader types them: "500 pA", "1.5e-9 A", "−70 mV", "20 MΩ", "1.5 × 10^-9 A".
 *
 * A hand-written scanner rather than a general expression evaluator: answers arrive from a text
 * field and the site's Content-Security-Policy forbids eval, so the grammar is deliberately tiny:
 *
 *   quantity  := sign? mantissa exponent? times-ten? unit?
 *   mantissa  := digits ("." digits?)? | "." digits
 *   exponent  := ("e" | "E") sign? digits
 *   times-ten := ("×" | "x" | "*" | "·") "10" ("^" | "**") sign? digits
 *   unit      := prefix? base            (case-sensitive, as in SI: mV is not MV)
 *
 * Scaling is done by building one decimal string "<mantissa>e<shift>" and converting it once, so
 * "500 pA" in nA is exactly 0.5 rather than 500 × 1e-12 / 1e-9 with two rounding errors.
 */

export type Dimension =
  | 'current'
  | 'voltage'
  | 'time'
  | 'frequency'
  | 'resistance'
  | 'conductance'
  | 'capacitance'
  | 'dimensionless';

export interface Unit {
  readonly dimension: Dimension;
  /** Power of ten relative to the SI unit of the dimension: nA → -9, % → -2. */
  readonly exponent: number;
  /** Canonical spelling, used in messages: "MOhm" and "MΩ" both become "MΩ". */
  readonly symbol: string;
}

export type QuantityError = 'empty' | 'syntax' | 'unknown-unit' | 'dimension' | 'range';

export type QuantityResult =
  | {
      readonly ok: true;
      /** The value expressed in the expected unit. */
      readonly value: number;
      /** What the reader typed, normalised ("500 pA"); a bare number gets the expected unit. */
      readonly entered: string;
      /** True when the reader typed a unit other than the expected one (so feedback can show the conversion). */
      readonly converted: boolean;
    }
  | { readonly ok: false; readonly error: QuantityError; readonly message: string };

const PREFIXES: Readonly<Record<string, { exponent: number; symbol: string }>> = {
  f: { exponent: -15, symbol: 'f' },
  p: { exponent: -12, symbol: 'p' },
  n: { exponent: -9, symbol: 'n' },
  // Readers type "u" when they cannot find µ; keyboards produce either the micro sign or Greek mu.
  u: { exponent: -6, symbol: 'µ' },
  '\u00b5': { exponent: -6, symbol: 'µ' },
  '\u03bc': { exponent: -6, symbol: 'µ' },
  m: { exponent: -3, symbol: 'm' },
  k: { exponent: 3, symbol: 'k' },
  M: { exponent: 6, symbol: 'M' },
  G: { exponent: 9, symbol: 'G' },
};

interface BaseUnit {
  readonly dimension: Dimension;
  readonly symbol: string;
  readonly exponent: number;
  /** Percent takes no prefix: "m%" would only ever be a typo. */
  readonly prefixable: boolean;
}

const base = (dimension: Dimension, symbol: string, exponent = 0, prefixable = true): BaseUnit => ({
  dimension,
  symbol,
  exponent,
  prefixable,
});

const OHM = base('resistance', 'Ω');

const BASE_UNITS: Readonly<Record<string, BaseUnit>> = {
  A: base('current', 'A'),
  V: base('voltage', 'V'),
  s: base('time', 's'),
  sec: base('time', 's'),
  Hz: base('frequency', 'Hz'),
  // U+03A9 (Greek capital omega) and U+2126 (ohm sign) look identical; accept both.
  '\u03a9': OHM,
  '\u2126': OHM,
  ohm: OHM,
  Ohm: OHM,
  ohms: OHM,
  Ohms: OHM,
  S: base('conductance', 'S'),
  F: base('capacitance', 'F'),
  '%': base('dimensionless', '%', -2, false),
};

const DIMENSION_NAMES: Readonly<Record<Dimension, string>> = {
  current: 'a current',
  voltage: 'a voltage',
  time: 'a time',
  frequency: 'a frequency',
  resistance: 'a resistance',
  conductance: 'a conductance',
  capacitance: 'a capacitance',
  dimensionless: 'a pure number',
};

/** The unprefixed SI unit of each dimension, for examples such as "1.5e-9 A". */
const SI_SYMBOLS: Readonly<Record<Dimension, string>> = {
  current: 'A',
  voltage: 'V',
  time: 's',
  frequency: 'Hz',
  resistance: 'Ω',
  conductance: 'S',
  capacitance: 'F',
  dimensionless: '',
};

const DIMENSIONLESS: Unit = { dimension: 'dimensionless', exponent: 0, symbol: '' };

/** "a current", "a voltage", ... for messages. */
export function describeDimension(dimension: Dimension): string {
  return DIMENSION_NAMES[dimension];
}

/** Parses a unit symbol such as "nA", "MOhm", "kHz" or "" (a pure number); undefined if unknown. */
export function parseUnit(text: string): Unit | undefined {
  const symbol = text.trim();
  if (symbol === '') return DIMENSIONLESS;
  const whole = BASE_UNITS[symbol];
  if (whole !== undefined) return { dimension: whole.dimension, exponent: whole.exponent, symbol: whole.symbol };
  // Prefixes are single code points; Array.from keeps "µ" whole.
  const [first, ...rest] = Array.from(symbol);
  if (first === undefined) return undefined;
  const prefix = PREFIXES[first];
  const unit = BASE_UNITS[rest.join('')];
  if (prefix === undefined || unit === undefined || !unit.prefixable) return undefined;
  return {
    dimension: unit.dimension,
    exponent: prefix.exponent + unit.exponent,
    symbol: prefix.symbol + unit.symbol,
  };
}

/**
 * The unit of the same dimension `exponent` powers of ten from the SI unit, spelled with its
 * canonical prefix (-9 for a current is nA); undefined when no prefix exists or the unit takes none.
 */
export function unitAtExponent(dimension: Dimension, exponent: number): Unit | undefined {
  if (dimension === 'dimensionless') return exponent === 0 ? DIMENSIONLESS : undefined;
  const si = SI_SYMBOLS[dimension];
  if (exponent === 0) return { dimension, exponent, symbol: si };
  const prefix = Object.values(PREFIXES).find((p) => p.exponent === exponent);
  return prefix === undefined ? undefined : { dimension, exponent, symbol: prefix.symbol + si };
}

/** Every spelling the parser accepts, for suggestions. */
function allSpellings(): string[] {
  const spellings: string[] = [];
  for (const [name, unit] of Object.entries(BASE_UNITS)) {
    spellings.push(name);
    if (unit.prefixable) for (const prefix of Object.keys(PREFIXES)) spellings.push(prefix + name);
  }
  return spellings;
}

/**
 * A unit that differs from an accepted spelling only in letter case ("mv", "KHz"), preferring one of
 * the expected dimension with the nearest prefix: for "mv" when mV is expected, mV rather than MV.
 */
function suggestUnit(text: string, expected: Unit): Unit | undefined {
  const lower = text.toLowerCase();
  let best: Unit | undefined;
  let bestScore = Infinity;
  for (const spelling of allSpellings()) {
    if (spelling.toLowerCase() !== lower) continue;
    const unit = parseUnit(spelling);
    if (unit === undefined) continue;
    const score =
      (unit.dimension === expected.dimension ? 0 : 1000) + Math.abs(unit.exponent - expected.exponent);
    if (score < bestScore) {
      best = unit;
      bestScore = score;
    }
  }
  return best;
}

/** The expected unit, for callers that validate an answer specification. Throws on an unknown unit. */
export function requireUnit(text: string): Unit {
  const unit = parseUnit(text);
  if (unit === undefined) throw new Error(`Unknown unit "${text}"`);
  return unit;
}

/** A quantity for display: "0.5 nA", "1.5" when dimensionless. */
export function formatQuantity(value: number, unit: Unit | string): string {
  const symbol = typeof unit === 'string' ? unit : unit.symbol;
  const number = formatNumber(value);
  return symbol === '' ? number : symbol === '%' ? `${number}%` : `${number} ${symbol}`;
}

/** Six significant digits without trailing zeros; enough to show what was typed, short enough to read. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function example(unit: Unit): string {
  return formatQuantity(1.5, unit);
}

const SIGNS: Readonly<Record<string, string>> = { '+': '', '-': '-', '\u2212': '-' };
const TIMES = new Set(['\u00d7', 'x', '*', '\u00b7', '\u22c5']);

/** A scanner over code points, so "µ" and "−" count as one character. */
class Scanner {
  private readonly chars: readonly string[];
  position = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  peek(offset = 0): string | undefined {
    return this.chars[this.position + offset];
  }

  skipSpace(): void {
    while (/\s/.test(this.peek() ?? '')) this.position += 1;
  }

  digits(): string {
    let out = '';
    while (/[0-9]/.test(this.peek() ?? '')) {
      out += this.peek();
      this.position += 1;
    }
    return out;
  }

  sign(): string {
    const c = this.peek();
    if (c !== undefined && c in SIGNS) {
      this.position += 1;
      return SIGNS[c] ?? '';
    }
    return '';
  }

  /** Consumes `text` if it comes next. */
  accept(text: string): boolean {
    const wanted = Array.from(text);
    if (wanted.every((c, i) => this.peek(i) === c)) {
      this.position += wanted.length;
      return true;
    }
    return false;
  }

  rest(): string {
    return this.chars.slice(this.position).join('');
  }
}

/** Reads `(×|x|*|·) 10 (^|**) sign? digits` and returns the exponent, or undefined if absent. */
function timesTen(scanner: Scanner): string | undefined | null {
  const start = scanner.position;
  const c = scanner.peek();
  if (c === undefined || !TIMES.has(c)) return undefined;
  scanner.position += 1;
  scanner.skipSpace();
  if (!scanner.accept('10')) {
    scanner.position = start;
    return undefined;
  }
  scanner.skipSpace();
  if (!scanner.accept('^') && !scanner.accept('**')) return null;
  scanner.skipSpace();
  const sign = scanner.sign();
  const digits = scanner.digits();
  return digits === '' ? null : sign + digits;
}

/** The longest typed answer read: "-1.23456789e-12 × 10^3 µA/cm²" is about thirty characters. */
export const MAX_QUANTITY_LENGTH = 100;

const fail = (error: QuantityError, message: string): QuantityResult => ({ ok: false, error, message });

/**
 * Parses what a reader typed and expresses it in `expectedUnit`. A bare number means the expected
 * unit; a unit of another dimension is an error whose message names the expected dimension with an
 * example ("expected a current, e.g. 1.5 nA"). Throws only if `expectedUnit` itself is unknown,
 * which is an authoring error caught when the site is built.
 */
export function parseQuantity(input: string, expectedUnit: string): QuantityResult {
  const expected = requireUnit(expectedUnit);
  const text = input.trim();
  if (text === '') return fail('empty', `Type a number, e.g. ${example(expected)}.`);
  // Echoing a pasted page of text back in the message would bury it; no answer needs more than this.
  if (text.length > MAX_QUANTITY_LENGTH) {
    return fail('syntax', `An answer is a number with an optional unit, e.g. ${example(expected)}; this one is ${text.length} characters long (at most ${MAX_QUANTITY_LENGTH}).`);
  }

  const scanner = new Scanner(text);
  const sign = scanner.sign();
  scanner.skipSpace();
  const whole = scanner.digits();
  let fraction = '';
  if (scanner.accept('.')) fraction = scanner.digits();
  if (whole === '' && fraction === '') {
    return fail('syntax', `“${text}” does not start with a number. Type a number, e.g. ${example(expected)}.`);
  }
  if (scanner.peek() === ',' && /[0-9]/.test(scanner.peek(1) ?? '')) {
    return fail('syntax', 'Use a decimal point, not a comma, and no thousands separators: 1.5 rather than 1,5.');
  }

  let exponent = 0;
  if ((scanner.peek() === 'e' || scanner.peek() === 'E') && /[-+\u22120-9]/.test(scanner.peek(1) ?? '')) {
    scanner.position += 1;
    const expSign = scanner.sign();
    const expDigits = scanner.digits();
    if (expDigits === '') return fail('syntax', `The exponent in “${text}” has no digits; write e.g. 1.5e-9.`);
    exponent += Number(expSign + expDigits);
  }
  scanner.skipSpace();
  const power = timesTen(scanner);
  if (power === null) return fail('syntax', `Write powers of ten as 1.5e-9 or 1.5 × 10^-9.`);
  if (power !== undefined) exponent += Number(power);
  scanner.skipSpace();

  const unitText = scanner.rest().trim();
  const typed = unitText === '' ? expected : parseUnit(unitText);
  if (typed === undefined) {
    const suggestion = suggestUnit(unitText, expected);
    const hint =
      suggestion !== undefined
        ? ` Units are case-sensitive: did you mean ${suggestion.symbol}?`
        : ` Expected ${describeDimension(expected.dimension)}, e.g. ${example(expected)}.`;
    return fail('unknown-unit', `“${unitText}” is not a unit this answer understands.${hint}`);
  }
  if (typed.dimension !== expected.dimension) {
    const what =
      expected.dimension === 'dimensionless' ? 'a pure number without a unit' : describeDimension(expected.dimension);
    const got =
      typed.dimension === 'dimensionless'
        ? `${typed.symbol} makes this a pure number`
        : `${typed.symbol} is ${describeDimension(typed.dimension)} unit`;
    return fail('dimension', `${got}; expected ${what}, e.g. ${example(expected)}.`);
  }

  const mantissa = `${sign}${whole === '' ? '0' : whole}.${fraction === '' ? '0' : fraction}`;
  const shift = exponent + typed.exponent - expected.exponent;
  const value = Number(`${mantissa}e${shift}`);
  const asTyped = Number(`${mantissa}e${exponent}`);
  if (!Number.isFinite(value) || !Number.isFinite(asTyped)) {
    return fail('range', `“${text}” is too large to be a sensible answer.`);
  }
  return {
    ok: true,
    value,
    entered: formatQuantity(asTyped, typed),
    converted: typed.symbol !== expected.symbol,
  };
}
