/**
 * Elementary functions that give the same bits on every JavaScript engine.
 *
 * `Math.exp`, `Math.log`, `Math.sin` and their kin are only required to be approximately right, and they
 * differ in the last bit between V8 versions: Node 20 and Chromium 156 disagree on about one argument in
 * ten (measured). A simulation amplifies such a bit into a different spike time, so a run in the browser
 * would not reproduce bit for bit in Node (`npm run sim`), nor a shared link on another browser. These
 * functions use only + − × ÷, comparisons and exact bit manipulation, which IEEE 754 fixes exactly, so
 * they are reproducible everywhere; exp, log, sin, cos and atan are ports of FreeBSD's msun (Sun's fdlibm,
 * e_exp.c, e_log.c, k_sin.c, k_cos.c, e_rem_pio2.c, s_atan.c), accurate to within one unit in the last place
 * (and equal to Node 20's Math almost everywhere, since V8 used the same algorithms). The rest are composed
 * from them (a few units in the last place, still reproducible).
 *
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved.
 */

// A scratch double viewed as two 32-bit words (little-endian: word 1 holds sign, exponent, top mantissa).
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  scratch[0] = x;
  return words[HI]! | 0;
}
function withHighWord(x: number, high: number): number {
  scratch[0] = x;
  words[HI] = high >>> 0;
  return scratch[0]!;
}
function lowWord(x: number): number {
  scratch[0] = x;
  return words[LO]! >>> 0;
}

/** 2^k for every normal exponent k, each built from its bits (exact); a lookup is cheaper than building one per call. */
const POWERS_OF_TWO = Float64Array.from({ length: 2046 }, (_, i) => {
  words[HI] = (i + 1) << 20;
  words[LO] = 0;
  return scratch[0]!;
});

/** 2^k for integer k in [-1074, 1023] (exact). */
function powerOfTwo(k: number): number {
  if (k >= -1022) return POWERS_OF_TWO[k + 1022]!;
  return powerOfTwo(k + 1000) * powerOfTwo(-1000);
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * fdlibm tests |x| against thresholds by the high word of its bits. The same tests on the double itself, against the
 * smallest double of the next high word (or of the same one, for "<"), are exact and need no bits: exp then calls no
 * helper, and a helper the engine does not inline costs every call a boxed number.
 */
const EXP_REDUCE = withHighWord(0, 0x3fd62e43); // high word > 0x3fd62e42: |x| > 0.5 ln 2
const EXP_ONE_LN2 = withHighWord(0, 0x3ff0a2b2); // high word < 0x3ff0a2b2: |x| < 1.5 ln 2
const EXP_TINY = withHighWord(0, 0x3e300000); // high word < 0x3e300000: |x| < 2^-28

export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 7.09782712893383973096e2) return Number.POSITIVE_INFINITY;
  if (x < -7.45133219101941108420e2) return 0;
  const ax = Math.abs(x);
  let hi = 0;
  let lo = 0;
  let k = 0;
  let r = x;
  if (ax >= EXP_REDUCE) {
    if (ax < EXP_ONE_LN2) {
      k = x > 0 ? 1 : -1;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    } else {
      k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    r = hi - lo;
  } else if (ax < EXP_TINY) {
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return k > 1023 ? y * 2 * powerOfTwo(k - 1) : y * powerOfTwo(k);
}

const TWO54 = 1.8014398509481984e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

export function log(input: number): number {
  let x = input;
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let j = hx - 0x6147a;
  const w = z * z;
  const jj = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  j |= jj;
  const R = t2 + t1;
  if (j > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

function kernelSin(x: number, y: number, tail: boolean): number {
  if (Math.abs(x) < 7.450580596923828e-9 /* 2^-27 */) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return tail ? x - (z * (0.5 * y - v * r) - y - v * S1) : x + v * (S1 + z * r);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  // For 0.3 < |x| ≤ π/4, subtract a round quarter of x² first to keep the leading terms exact.
  const qx = ix > 0x3fe90000 ? 0.28125 : withHighWord(0, ix - 0x00200000);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** x = n·π/2 + (y0 + y1) with |y0 + y1| ≤ π/4; returns n, writes y0 and y1. Valid for |x| < 2^20 · π/2. */
const reduced = new Float64Array(2);
function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  const t = Math.abs(x);
  const n = Math.trunc(t * INV_PIO2 + 0.5);
  const fn = n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T;
  const j = ix >> 20;
  let y0 = r - w;
  let i = j - ((highWord(y0) >> 20) & 0x7ff);
  if (i > 16) {
    let u = r;
    w = fn * PIO2_2;
    r = u - w;
    w = fn * PIO2_2T - (u - r - w);
    y0 = r - w;
    i = j - ((highWord(y0) >> 20) & 0x7ff);
    if (i > 49) {
      u = r;
      w = fn * PIO2_3;
      r = u - w;
      w = fn * PIO2_3T - (u - r - w);
      y0 = r - w;
    }
  }
  const y1 = r - y0 - w;
  if (hx < 0) {
    reduced[0] = -y0;
    reduced[1] = -y1;
    return -n;
  }
  reduced[0] = y0;
  reduced[1] = y1;
  return n;
}

const MEDIUM = 1.6470993291652855e6; // 2^20 · π/2: beyond it (no neuron model goes there) fall back to Math.

export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false);
  if (ix >= 0x7ff00000) return Number.NaN;
  if (Math.abs(x) >= MEDIUM) return Math.sin(x);
  const n = remPio2(x) & 3;
  const [y0, y1] = [reduced[0]!, reduced[1]!];
  return n === 0 ? kernelSin(y0, y1, true) : n === 1 ? kernelCos(y0, y1) : n === 2 ? -kernelSin(y0, y1, true) : -kernelCos(y0, y1);
}

export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return Number.NaN;
  if (Math.abs(x) >= MEDIUM) return Math.cos(x);
  const n = remPio2(x) & 3;
  const [y0, y1] = [reduced[0]!, reduced[1]!];
  return n === 0 ? kernelCos(y0, y1) : n === 1 ? -kernelSin(y0, y1, true) : n === 2 ? -kernelCos(y0, y1) : kernelSin(y0, y1, true);
}

export function tan(x: number): number {
  return sin(x) / cos(x);
}

const ATAN_HI = [4.63647609000806093515e-1, 7.85398163397448278999e-1, 9.82793723247329054082e-1, 1.57079632679489655800e0] as const;
const ATAN_LO = [2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17] as const;
const AT = [
  3.33333333333329318027e-1, -1.99999999998764832476e-1, 1.42857142725034663711e-1, -1.11111104054623557880e-1,
  9.09088713343650656196e-2, -7.69187620504482999495e-2, 6.66107313738753120669e-2, -5.83357013379057348645e-2,
  4.97687799461593236017e-2, -3.65315727442169155270e-2, 1.62858201153657823623e-2,
] as const;

export function atan(input: number): number {
  let x = input;
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (Number.isNaN(x)) return x;
  if (ix >= 0x44100000) return hx > 0 ? ATAN_HI[3] + ATAN_LO[3] : -ATAN_HI[3] - ATAN_LO[3];
  let id: number;
  if (ix < 0x3fdc0000) {
    if (ix < 0x3e200000) return x;
    id = -1;
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      if (ix < 0x3fe60000) {
        id = 0;
        x = (2 * x - 1) / (2 + x);
      } else {
        id = 1;
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) {
      id = 2;
      x = (x - 1.5) / (1 + 1.5 * x);
    } else {
      id = 3;
      x = -1 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  const s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
  const s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const result = ATAN_HI[id as 0 | 1 | 2 | 3] - (x * (s1 + s2) - ATAN_LO[id as 0 | 1 | 2 | 3] - x);
  return hx < 0 ? -result : result;
}

// Composed functions: a few units in the last place, reproducible because their parts are.

/** e^x − 1 without cancellation near 0 (Kahan's trick: the rounding errors of u and log u cancel). */
export function expm1(x: number): number {
  const u = exp(x);
  if (u === 1) return x;
  const um1 = u - 1;
  if (um1 === -1) return -1;
  if (!Number.isFinite(u)) return u;
  return (um1 * x) / log(u);
}

export function tanh(x: number): number {
  if (Number.isNaN(x) || x === 0) return x;
  const ax = Math.abs(x);
  if (ax > 22) return Math.sign(x);
  // From |x| = 0.55 on, tanh ≥ 0.5 and 1 − 2/(e^{2|x|} + 1) loses nothing to cancellation: one exp instead
  // of expm1's exp and log, which matters to Morris–Lecar's gates (two tanh per right-hand side).
  let value: number;
  if (ax >= 0.55) value = 1 - 2 / (exp(2 * ax) + 1);
  else {
    const t = expm1(2 * ax);
    value = t / (t + 2);
  }
  return x < 0 ? -value : value;
}

export function cosh(x: number): number {
  const e = exp(Math.abs(x));
  return 0.5 * (e + 1 / e);
}

export function cbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  // Subnormal and tiny arguments: scale by 2^300 (cube root 2^100, both exact) so log keeps its precision.
  if (Math.abs(x) < 1e-290) return cbrt(x * powerOfTwo(300)) * powerOfTwo(-100);
  const ax = Math.abs(x);
  let r = exp(log(ax) / 3);
  // One Newton step on r³ = |x| recovers the digits the exp/log route loses.
  r -= (r * r * r - ax) / (3 * r * r);
  return x < 0 ? -r : r;
}

export function acos(x: number): number {
  if (!(x >= -1 && x <= 1)) return Number.NaN;
  if (x === -1) return 2 * ATAN_HI[3] + 2 * ATAN_LO[3];
  return 2 * atan(Math.sqrt((1 - x) / (1 + x)));
}

/** x^y: exact repeated squaring for integer powers up to 64, exp(y log x) otherwise. */
export function pow(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return y === 0 ? 1 : Number.NaN;
  if (y === 0) return 1;
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let result = 1;
    let base = x;
    for (let n = Math.abs(y); n > 0; n >>= 1) {
      if (n & 1) result *= base;
      base *= base;
    }
    return y < 0 ? 1 / result : result;
  }
  if (x === 0) return y > 0 ? 0 : Number.POSITIVE_INFINITY;
  if (x < 0) {
    if (!Number.isInteger(y)) return Number.NaN;
    const magnitude = exp(y * log(-x));
    return y % 2 === 0 ? magnitude : -magnitude;
  }
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Math.pow(x, y);
  return exp(y * log(x));
}
