/**
 * The engine's own elementary functions (engine/math/deterministic.ts). They exist so a simulation gives
 * the same bits in every JavaScript engine; here they are checked for accuracy against the platform's
 * Math (Node's V8 uses the same fdlibm algorithms, so exp, log, sin, cos and atan must agree exactly) and
 * for the special values. Reproducibility in Chromium is checked by the browser tests (scenario export).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as D from '../../engine/math/deterministic.ts';

function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0]! - bits[1]!;
  return Number(d < 0n ? -d : d);
}

describe('accuracy against Math (units in the last place)', () => {
  // [function, ours, platform, argument range, allowed ulps]. The fdlibm ports agree with Node's Math to
  // within one ulp (V8 special-cases a few arguments, e.g. exp(1) = Math.E, and results in the subnormal
  // range); the composed ones are within a few ulps (tanh via exp or expm1, acos via atan).
  it.each<[string, (x: number) => number, (x: number) => number, number, number, number]>([
    ['exp', D.exp, Math.exp, -745, 709, 1],
    ['exp near 0', D.exp, Math.exp, -1, 1, 1],
    ['log', D.log, Math.log, 1e-300, 1e300, 0],
    ['log near 1', D.log, Math.log, 0.99, 1.01, 0],
    ['sin', D.sin, Math.sin, -1e4, 1e4, 0],
    ['cos', D.cos, Math.cos, -1e4, 1e4, 0],
    ['atan', D.atan, Math.atan, -1e3, 1e3, 0],
    ['tanh', D.tanh, Math.tanh, -25, 25, 4],
    ['cosh', D.cosh, Math.cosh, -20, 20, 2],
    ['cbrt', D.cbrt, Math.cbrt, -1e9, 1e9, 2],
    ['acos', D.acos, Math.acos, -1, 1, 3],
  ])('%s', (_name, ours, platform, lo, hi, allowed) => {
    fc.assert(
      fc.property(fc.double({ min: lo, max: hi, noNaN: true }), (x) => {
        expect(ulps(ours(x), platform(x))).toBeLessThanOrEqual(allowed);
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it("exp takes fdlibm's branch on each side of its thresholds (compared as doubles, not by their high word)", () => {
    // The smallest double with each high word fdlibm tests (0.5 ln 2, 1.5 ln 2, 2^-28), the largest below it and the
    // next above, of either sign. Node's Math.exp is fdlibm's algorithm, so a wrong branch would show in the last bits.
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const double = (high: number, low: number) => {
      words[1] = high;
      words[0] = low;
      return bits[0]!;
    };
    for (const high of [0x3fd62e43, 0x3ff0a2b2, 0x3e300000]) {
      for (const x of [double(high, 0), double(high - 1, 0xffffffff), double(high, 1)]) {
        for (const signed of [x, -x]) expect(D.exp(signed), `exp(${signed})`).toBe(Math.exp(signed));
      }
    }
  });

  it('pow: exact for integer exponents, otherwise within the error exp(y log x) carries', () => {
    expect(D.pow(2, 10)).toBe(1024);
    expect(D.pow(-3, 3)).toBe(-27);
    expect(D.pow(2, -2)).toBe(0.25);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (x, y) => {
        const expected = Math.pow(x, y);
        // Rounding y·log x costs a relative error of about |y log x|·ε in the result.
        const bound = 4 * (1 + Math.abs(y * Math.log(x))) * Number.EPSILON * Math.abs(expected);
        expect(Math.abs(D.pow(x, y) - expected)).toBeLessThanOrEqual(bound);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });
});

describe('special values', () => {
  it.each<[string, number, number]>([
    ['exp(0)', D.exp(0), 1],
    ['exp(-Infinity)', D.exp(Number.NEGATIVE_INFINITY), 0],
    ['exp(Infinity)', D.exp(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY],
    ['exp(800)', D.exp(800), Number.POSITIVE_INFINITY],
    ['log(1)', D.log(1), 0],
    ['log(0)', D.log(0), Number.NEGATIVE_INFINITY],
    ['log(-1)', D.log(-1), Number.NaN],
    ['log of a subnormal', D.log(5e-324), Math.log(5e-324)],
    ['sin(0)', D.sin(0), 0],
    ['cos(Infinity)', D.cos(Number.POSITIVE_INFINITY), Number.NaN],
    ['tanh(100)', D.tanh(100), 1],
    ['acos(-1)', D.acos(-1), Math.PI],
    ['cbrt(-27)', D.cbrt(-27), -3],
  ])('%s', (_what, value, expected) => expect(Object.is(value, expected) || value === expected).toBe(true));
});

describe('the engine uses no platform-dependent arithmetic', () => {
  // `**` and Math.exp/log/pow/sin/… may round differently in another JavaScript engine; in simulation code
  // only + − × ÷, Math.sqrt/abs/min/max/floor and engine/math/deterministic.ts are allowed.
  const forbidden = /Math\.(exp|log|log1p|log2|expm1|pow|sin|cos|tan|sinh|cosh|tanh|asin|acos|atan|atan2|cbrt|hypot)\(|[\w)\]]\s*\*\*\s*[\w(-]/;
  const engine = new URL('../../engine/', import.meta.url);
  const files = ['models', 'integrators', 'run', 'stimuli', 'random', 'math', 'plasticity', 'attractors', 'network', 'mean-field'].flatMap((folder) =>
    readdirSync(new URL(`${folder}/`, engine))
      .filter((name) => name.endsWith('.ts') && name !== 'deterministic.ts')
      .map((name) => [`engine/${folder}/${name}`, readFileSync(new URL(`${folder}/${name}`, engine), 'utf8')] as const),
  );
  it.each(files)('%s', (_path, source) => {
    const code = source
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join('\n');
    // Powers of two written as 2 ** -50 are exact and may stay.
    expect(code.replace(/2 \*\* -?\d+/g, '')).not.toMatch(forbidden);
  });
});
