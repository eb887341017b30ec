/**
 * The error function erf(x) = (2/√π) ∫_0^x e^{−t²} dt, reproducible to the bit in every JavaScript engine:
 * a port of FreeBSD msun's s_erf.c (Sun's fdlibm), whose rational approximations are accurate to under one
 * unit in the last place, with the exponential taken from `deterministic.ts`. Four ranges of |x|:
 * [0, 0.84375): x + x·P(x²)/Q(x²); [0.84375, 1.25): erx + P(s)/Q(s) with s = |x| − 1; [1.25, 6):
 * 1 − exp(−x² − 0.5625 + R(1/x²)/S(1/x²))/x, with x² split exactly into a head z² (z = x with its low word
 * cleared) and a tail (z − x)(z + x); [6, ∞): ±1 (erfc(6) < 2^−54).
 *
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved.
 */
import { exp } from './deterministic.ts';

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;

// erf on [0, 0.84375)
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5] as const;
const QQ = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6] as const;
// erf on [0.84375, 1.25)
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1,
  3.54783043256182359371e-2, -2.16637559486879084300e-3,
] as const;
const QA = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2] as const;
// erfc on [1.25, 1/0.35)
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2,
  -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592e0,
] as const;
const SA = [
  1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2,
  1.08635005541779435134e2, 6.57024977031928170135e0, -6.04244152148580987438e-2,
] as const;
// erfc on [1/0.35, 6)
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2,
  -1.02509513161107724954e3, -4.83519191608651397019e2,
] as const;
const SB = [3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1] as const;

/** c0 + s (c1 + s (c2 + …)), Horner's scheme. */
function poly(c: readonly number[], s: number): number {
  let sum = c[c.length - 1]!;
  for (let k = c.length - 2; k >= 0; k--) sum = c[k]! + s * sum;
  return sum;
}
/** 1 + s (c0 + s (c1 + …)). */
const onePlus = (c: readonly number[], s: number): number => 1 + s * poly(c, s);

const scratch = new DataView(new ArrayBuffer(8));
/** x with the low 32 bits of its mantissa cleared, so z·z is exact. */
function clearLowWord(x: number): number {
  scratch.setFloat64(0, x);
  scratch.setUint32(4, 0);
  return scratch.getFloat64(0);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  const sign = x < 0 ? -1 : 1;
  if (ax < 0.84375) {
    // Below 2^-28 the cubic term is under half an ulp.
    if (ax < 3.725290298461914e-9) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / onePlus(QQ, z));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    return sign * (ERX + poly(PA, s) / onePlus(QA, s));
  }
  if (ax >= 6) return sign;
  const s = 1 / (ax * ax);
  const ratio = ax < 1 / 0.35 ? poly(RA, s) / onePlus(SA, s) : poly(RB, s) / onePlus(SB, s);
  const z = clearLowWord(ax);
  const r = exp(-z * z - 0.5625) * exp((z - ax) * (z + ax) + ratio);
  return sign * (1 - r / ax);
}
