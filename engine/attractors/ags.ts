/**
 * The storage capacity of the Hopfield network in the limit N → ∞: the zero-temperature, replica-symmetric
 * mean-field theory of Amit, Gutfreund & Sompolinsky (Phys. Rev. Lett. 55, 1530, 1985; Ann. Phys. 173, 30,
 * 1987, Sect. 5; also Hertz, Krogh & Palmer, Introduction to the Theory of Neural Computation, 1991,
 * Sect. 2.5; Gerstner et al., Neuronal Dynamics, 2014, Sect. 17.2.4 discusses the capacity). With
 * α = P/N patterns stored, the overlap m of the retrieval state with its pattern solves
 *
 *   m = erf(m / √(2αr)),   C = √(2/(π α r)) · exp(−m² / (2αr)),   r = 1 / (1 − C)².
 *
 * Substituting y = m/√(2αr) turns the three equations into one (√r = 1 + (2/√π) e^{−y²}/√(2α) follows from
 * the last two, and then √(2αr)·y = erf(y)):
 *
 *   g(y) ≡ erf(y)/y − (2/√π) e^{−y²} = √(2α).
 *
 * g rises from 0 at y = 0 to a single maximum at y* and falls back to 0 as y → ∞, so a retrieval solution
 * exists only for α ≤ α_c = g(y*)²/2 ≈ 0.1379; the retrieval state is the larger root (y ≥ y*, the one that
 * continues to m → 1 as α → 0), found by bisection to the last bit. Verified against the reference values
 * (SciPy, test/reference/hopfield.json) to 1e-15 and by putting (m, C, r) back into the three equations.
 */
import { exp } from '../math/deterministic.ts';
import { erf } from '../math/erf.ts';

const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

/** g(y) = erf(y)/y − (2/√π) e^{−y²}: the left side of the reduced equation g(y) = √(2α). */
export function agsG(y: number): number {
  return erf(y) / y - TWO_OVER_SQRT_PI * exp(-y * y);
}

/** g'(y) = (2/√π) e^{−y²}/y − erf(y)/y² + (4y/√π) e^{−y²}. */
function slope(y: number): number {
  const e = TWO_OVER_SQRT_PI * exp(-y * y);
  return e / y - erf(y) / (y * y) + 2 * y * e;
}

/** Bisection on [lo, hi] for a sign change of f, to the last bit (f(lo) > 0 ≥ f(hi)). */
function bisect(f: (y: number) => number, lo: number, hi: number): number {
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface AgsCritical {
  /** α_c = P/N above which the retrieval state no longer exists. */
  readonly alpha: number;
  /** The retrieval overlap at α_c (the jump: m falls from about 0.967 to no retrieval). */
  readonly overlap: number;
  /** y* where g is largest. */
  readonly y: number;
}

let critical: AgsCritical | undefined;

/** The critical load α_c ≈ 0.1379 and the overlap there (computed once: g' = 0 by bisection). */
export function agsCritical(): AgsCritical {
  if (critical === undefined) {
    // g' > 0 at 0.5 and < 0 at 3 (checked in the tests); α_c = g(y*)²/2 is stationary in y*, so any error
    // of y* enters α_c squared.
    const y = bisect(slope, 0.5, 3);
    const g = agsG(y);
    critical = { alpha: (g * g) / 2, overlap: erf(y), y };
  }
  return critical;
}

export interface AgsRetrieval {
  /** Overlap m of the retrieval state with its pattern. */
  readonly overlap: number;
  /** C = √(2/(π α r)) exp(−m²/(2αr)). */
  readonly c: number;
  /** r = 1/(1 − C)², the noise from the other patterns in units of α. */
  readonly r: number;
}

/**
 * The AGS retrieval state at load α = P/N (T = 0, replica symmetric), or undefined above α_c where none
 * exists. α = 0 gives m = 1 exactly.
 */
export function agsRetrieval(alpha: number): AgsRetrieval | undefined {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`The load α = P/N must lie between 0 and 1, got ${alpha}.`);
  if (alpha === 0) return { overlap: 1, c: 0, r: 1 };
  const { alpha: alphaC, y: yStar } = agsCritical();
  if (alpha > alphaC) return undefined;
  const target = Math.sqrt(2 * alpha);
  // g(y*) ≥ √(2α) and g(y) < 1/y, so g(1/√(2α)) < √(2α): the larger root lies between.
  const hi = Math.max(yStar, 1 / target);
  if (!(agsG(yStar) >= target)) return undefined; // α within rounding of α_c, above the computed maximum.
  const y = bisect((v) => agsG(v) - target, yStar, hi);
  const overlap = erf(y);
  const rootR = 1 + (TWO_OVER_SQRT_PI * exp(-y * y)) / target;
  return { overlap, c: 1 - 1 / rootR, r: rootR * rootR };
}

/** The retrieval overlap m(α), or undefined above α_c. */
export function agsOverlap(alpha: number): number | undefined {
  return agsRetrieval(alpha)?.overlap;
}

/** The theory curve sampled at `count` loads from α_c/count… up to α_c (for plots): pairs [α, m]. */
export function agsCurve(count = 120, from = 0.001): Array<readonly [number, number]> {
  const { alpha: alphaC, overlap: overlapC } = agsCritical();
  const points: Array<readonly [number, number]> = [];
  for (let k = 0; k < count; k++) {
    const alpha = from + ((alphaC - from) * k) / count;
    points.push([alpha, agsOverlap(alpha) ?? overlapC]);
  }
  points.push([alphaC, overlapC]);
  return points;
}
