import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, parseUnit, unitAtExponent, type QuantityError } from '../../engine/units';

describe('parseUnit', () => {
  describe.each([
    // [typed, dimension, exponent, canonical symbol]
    ['nA', 'current', -9, 'nA'], // the course's usual current unit
    ['pA', 'current', -12, 'pA'],
    ['µA', 'current', -6, 'µA'], // U+00B5 micro sign
    ['μA', 'current', -6, 'µA'], // U+03BC Greek mu normalises to the micro sign
    ['uA', 'current', -6, 'µA'], // ASCII stand-in for micro
    ['A', 'current', 0, 'A'],
    ['mV', 'voltage', -3, 'mV'],
    ['V', 'voltage', 0, 'V'],
    ['ms', 'time', -3, 'ms'],
    ['s', 'time', 0, 's'],
    ['msec', 'time', -3, 'ms'], // "sec" is an accepted spelling of s
    ['Hz', 'frequency', 0, 'Hz'],
    ['kHz', 'frequency', 3, 'kHz'],
    ['MΩ', 'resistance', 6, 'MΩ'], // U+03A9 Greek capital omega
    ['M\u2126', 'resistance', 6, 'MΩ'], // U+2126 ohm sign looks the same and means the same
    ['MOhm', 'resistance', 6, 'MΩ'],
    ['Mohm', 'resistance', 6, 'MΩ'],
    ['ohm', 'resistance', 0, 'Ω'],
    ['nS', 'conductance', -9, 'nS'],
    ['pF', 'capacitance', -12, 'pF'],
    ['%', 'dimensionless', -2, '%'],
    ['', 'dimensionless', 0, ''], // no unit: a pure number
  ])('%j', (typed, dimension, exponent, symbol) => {
    it(`is ${dimension} × 10^${exponent}, written ${symbol || '(nothing)'}`, () => {
      expect(parseUnit(typed)).toEqual({ dimension, exponent, symbol });
    });
  });

  it.each([
    ['mv'], // units are case-sensitive: mV, not mv
    ['KHz'], // kilo is a lower-case k
    ['m%'], // percent takes no prefix
    ['xA'], // no such prefix
    ['nA/ms'], // compound units are not part of the grammar
    ['metre'],
  ])('rejects %j', (typed) => {
    expect(parseUnit(typed)).toBeUndefined();
  });
});

describe('parseQuantity', () => {
  describe.each([
    // [typed, expected unit, value in the expected unit, normalised echo, converted?]
    ['1.5', 'nA', 1.5, '1.5 nA', false], // a bare number means the expected unit
    ['  1.5  ', 'nA', 1.5, '1.5 nA', false], // surrounding space is ignored
    ['1.5 nA', 'nA', 1.5, '1.5 nA', false],
    ['1.5nA', 'nA', 1.5, '1.5 nA', false], // no space before the unit
    ['500 pA', 'nA', 0.5, '500 pA', true], // exactly 0.5: one decimal conversion, no double rounding
    ['1500 pA', 'nA', 1.5, '1500 pA', true],
    ['1.5e-9 A', 'nA', 1.5, '1.5e-9 A', true],
    ['1.5E-9 A', 'nA', 1.5, '1.5e-9 A', true], // capital E
    ['1.5 × 10^-9 A', 'nA', 1.5, '1.5e-9 A', true], // written-out power of ten
    ['1.5*10^-9 A', 'nA', 1.5, '1.5e-9 A', true],
    ['1.5 x 10**-9 A', 'nA', 1.5, '1.5e-9 A', true],
    ['0.0015 µA', 'nA', 1.5, '0.0015 µA', true],
    ['0.0015 uA', 'nA', 1.5, '0.0015 µA', true],
    ['-70', 'mV', -70, '-70 mV', false],
    ['\u221270 mV', 'mV', -70, '-70 mV', false], // typographic minus sign
    ['+3 mV', 'mV', 3, '3 mV', false],
    ['-0.07 V', 'mV', -70, '-0.07 V', true],
    ['.5 ms', 'ms', 0.5, '0.5 ms', false], // no leading zero
    ['5.', 'ms', 5, '5 ms', false], // trailing decimal point
    ['0.02 s', 'ms', 20, '0.02 s', true],
    ['20 ms', 's', 0.02, '20 ms', true],
    ['0.04 kHz', 'Hz', 40, '0.04 kHz', true],
    ['40 Hz', 'kHz', 0.04, '40 Hz', true],
    ['10 MΩ', 'MΩ', 10, '10 MΩ', false],
    ['10 MOhm', 'MΩ', 10, '10 MΩ', false], // spelling differs, unit is the same: no conversion shown
    ['1e7 ohm', 'MΩ', 10, '10000000 Ω', true], // echoed in plain digits below 1e21
    ['2.5', '', 2.5, '2.5', false], // dimensionless answer
    ['12 %', '', 0.12, '12%', true], // percent into a pure number
    ['0.12', '%', 0.12, '0.12%', false], // a bare number in a percent answer is already percent
  ])('%j in %j', (typed, unit, value, entered, converted) => {
    it(`is ${value}`, () => {
      expect(parseQuantity(typed, unit)).toEqual({ ok: true, value, entered, converted });
    });
  });

  describe.each<[string, string, QuantityError, string]>([
    // [typed, expected unit, error kind, a fragment the message must contain]
    ['', 'nA', 'empty', 'e.g. 1.5 nA'],
    ['   ', 'nA', 'empty', 'Type a number'],
    ['nA', 'nA', 'syntax', 'does not start with a number'],
    ['abc', 'mV', 'syntax', 'does not start with a number'],
    ['1,5', 'nA', 'syntax', 'decimal point'], // decimal comma
    ['1,500 pA', 'nA', 'syntax', 'decimal point'], // thousands separator
    ['1.5e- nA', 'nA', 'syntax', 'exponent'],
    ['1.5 × 10 nA', 'nA', 'syntax', 'powers of ten'], // "× 10" without "^"
    ['2 mV', 'nA', 'dimension', 'expected a current, e.g. 1.5 nA'],
    ['2 ms', 'mV', 'dimension', 'expected a voltage, e.g. 1.5 mV'],
    ['2 Hz', 'ms', 'dimension', 'expected a time'],
    ['2 nA', '', 'dimension', 'expected a pure number without a unit'],
    ['5 %', 'nA', 'dimension', 'makes this a pure number; expected a current'],
    ['2 mv', 'mV', 'unknown-unit', 'did you mean mV?'], // case slip: suggests the expected prefix, not MV
    ['2 KHz', 'Hz', 'unknown-unit', 'did you mean kHz?'],
    ['2 apples', 'nA', 'unknown-unit', 'Expected a current, e.g. 1.5 nA'],
    ['1.5.3', 'nA', 'unknown-unit', '“.3” is not a unit'],
    ['1e999', 'nA', 'range', 'too large'],
  ])('%j in %j', (typed, unit, error, fragment) => {
    it(`fails with ${error}`, () => {
      const result = parseQuantity(typed, unit);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBe(error);
      expect(result.message).toContain(fragment);
    });
  });

  it('throws when the expected unit itself is unknown (an authoring error)', () => {
    expect(() => parseQuantity('1', 'furlongs')).toThrow(/Unknown unit/);
  });

  it('never evaluates the input as code', () => {
    const result = parseQuantity('1 + globalThis.process.exit()', 'nA');
    expect(result.ok).toBe(false);
  });
});

describe('unitAtExponent', () => {
  it.each([
    ['current', -9, 'nA'],
    ['current', -12, 'pA'],
    ['current', -6, 'µA'], // canonical micro sign, not "u"
    ['voltage', 0, 'V'],
    ['resistance', 6, 'MΩ'],
  ] as const)('%s at 10^%i is %s', (dimension, exponent, symbol) => {
    expect(unitAtExponent(dimension, exponent)?.symbol).toBe(symbol);
  });

  it('has no unit where no prefix exists', () => {
    expect(unitAtExponent('current', -18)).toBeUndefined();
  });
});

describe('formatQuantity', () => {
  it.each([
    [0.5, 'nA', '0.5 nA'],
    [0.1 + 0.2, 'nA', '0.3 nA'], // six significant digits hide binary noise
    [1.5, '', '1.5'],
    [12, '%', '12%'],
  ])('%d %s → %s', (value, unit, text) => {
    expect(formatQuantity(value, unit)).toBe(text);
  });
});
