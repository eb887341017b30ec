/**
 * Eigen-decomposition of symmetric matrices: the analytic comparison for Hebbian learning. Averaged over
 * the inputs, plain Hebbian learning of a linear neuron is dw/dt = eta C w with C = <x x^T> the input
 * correlation matrix, and Oja's rule converges to C's principal eigenvector with unit norm (Gerstner,
 * Kistler, Naud & Paninski, Neuronal Dynamics, 2014, Sect. 19.3; E. Oja, J. Math. Biol. 15:267, 1982).
 *
 * 2 x 2: closed form. n x n: cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, 4th ed.,
 * Sect. 8.5), which for symmetric matrices gives all eigenpairs to machine precision. Matrices are
 * row-major Float64Arrays of length n * n.
 */
import { acos } from '../math/deterministic.ts';

export interface Eigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Eigenvectors as rows, in the order of `values`, each of unit length: vector k is vectors[k*n .. k*n+n). */
  readonly vectors: Float64Array;
}

const DEGREES = 180 / Math.PI;

/**
 * Closed form for the symmetric matrix [[a, b], [b, c]]: lambda = (a + c)/2 +- sqrt(((a - c)/2)^2 + b^2).
 * The first eigenvector is written so that its larger component is positive.
 */
export function symmetricEigen2(a: number, b: number, c: number): Eigen {
  const mid = (a + c) / 2;
  const half = (a - c) / 2;
  const radius = Math.sqrt(half * half + b * b);
  const l1 = mid + radius;
  const l2 = mid - radius;
  let x: number;
  let y: number;
  if (radius === 0) {
    // A multiple of the identity: every direction is an eigenvector; report the coordinate axes.
    x = 1;
    y = 0;
  } else if (half >= 0) {
    // (l1 - c, b) is well conditioned when a >= c; otherwise use (b, l1 - a).
    x = l1 - c;
    y = b;
  } else {
    x = b;
    y = l1 - a;
  }
  const norm = Math.sqrt(x * x + y * y);
  x /= norm;
  y /= norm;
  if (Math.abs(y) > Math.abs(x) ? y < 0 : x < 0) {
    x = -x;
    y = -y;
  }
  return { values: Float64Array.of(l1, l2), vectors: Float64Array.of(x, y, -y, x) };
}

/** All eigenpairs of a symmetric n x n matrix by cyclic Jacobi sweeps; throws if `m` is not symmetric. */
export function symmetricEigen(m: ArrayLike<number>, n: number): Eigen {
  if (!Number.isInteger(n) || n < 1 || m.length !== n * n) throw new RangeError(`A ${n} x ${n} matrix needs ${n * n} entries, got ${m.length}.`);
  const a = Float64Array.from(m);
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a[i]!)) throw new RangeError('The matrix has a non-finite entry.');
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j]! - a[j * n + i]!) > 1e-12 * Math.max(1, scale)) throw new RangeError(`The matrix is not symmetric at (${i}, ${j}).`);
    }
  }
  if (n === 2) return symmetricEigen2(a[0]!, a[1]!, a[3]!);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    if (off <= 1e-30 * Math.max(1e-300, scale * scale)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // Rotation angle from cot(2 theta) = (aqq - app) / (2 apq), the smaller root for stability.
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, row) => {
    values[row] = a[col * n + col]!;
    // Sign convention: the component of largest magnitude is positive.
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(v[k * n + col]!) > Math.abs(v[big * n + col]!)) big = k;
    const sign = v[big * n + col]! < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[row * n + k] = sign * v[k * n + col]!;
  });
  return { values, vectors };
}

/** The principal (largest-eigenvalue) eigenpair of a symmetric matrix. */
export function principalAxis(m: ArrayLike<number>, n: number): { lambda: number; vector: Float64Array } {
  const { values, vectors } = symmetricEigen(m, n);
  return { lambda: values[0]!, vector: vectors.slice(0, n) };
}

/** Euclidean norm. */
export function norm(w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * w[i]!;
  return Math.sqrt(s);
}

/**
 * The angle between the line through `w` and the axis `v`, in degrees from 0 to 90. An eigenvector has no
 * sign, so w and -w make the same angle with it. NaN for a zero vector.
 */
export function axisAngle(w: ArrayLike<number>, v: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < w.length; i++) dot += w[i]! * v[i]!;
  const denominator = norm(w) * norm(v);
  if (!(denominator > 0) || !Number.isFinite(denominator)) return Number.NaN;
  return acos(Math.min(1, Math.abs(dot) / denominator)) * DEGREES;
}

export interface Moments {
  readonly mean: Float64Array;
  /** <x x^T>, row-major. */
  readonly correlation: Float64Array;
  /** <(x - <x>)(x - <x>)^T>, row-major (normalised by the count, the maximum-likelihood estimate). */
  readonly covariance: Float64Array;
}

/** Sample moments of `count` samples of dimension `dim` stored row after row in `samples`. */
export function sampleMoments(samples: ArrayLike<number>, count: number, dim: number): Moments {
  if (!(count >= 1) || samples.length < count * dim) throw new RangeError(`Need ${count} samples of dimension ${dim}.`);
  const mean = new Float64Array(dim);
  const correlation = new Float64Array(dim * dim);
  for (let s = 0; s < count; s++) {
    const base = s * dim;
    for (let i = 0; i < dim; i++) {
      const xi = samples[base + i]!;
      mean[i]! += xi;
      for (let j = 0; j < dim; j++) correlation[i * dim + j]! += xi * samples[base + j]!;
    }
  }
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) mean[i]! /= count;
  for (let i = 0; i < dim * dim; i++) correlation[i]! /= count;
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) covariance[i * dim + j] = correlation[i * dim + j]! - mean[i]! * mean[j]!;
  return { mean, correlation, covariance };
}
