/**
 * Seeded input ensembles for rate-based Hebbian learning: the presynaptic rates x = (x_1 … x_n) presented
 * to a neuron one sample at a time.
 *
 * - Gaussian clouds: x = m + L z with z standard normal, so <x> = m, the covariance is L L^T and the
 *   correlation matrix <x x^T> = L L^T + m m^T. In 2-D a cloud is given by its centre, the standard
 *   deviations along its two principal axes and the angle of the first axis, as in the exercise on Oja's
 *   rule with round, elongated and off-centre clouds (Gerstner et al., Neuronal Dynamics, 2014, Ch. 19
 *   exercises; the clouds there are centred or shifted Gaussians as here).
 * - Bumps: n inputs on a ring (or a line); each sample is a Gaussian bump of activity centred at a uniformly
 *   random position, on a baseline, plus independent noise, so neighbouring inputs are correlated. This is
 *   the setting of receptive-field development (Linsker 1986; Miller, Keller & Stryker, Science 245:605,
 *   1989; Neuronal Dynamics Sect. 19.3).
 *
 * Rates are dimensionless (measured in units of a reference rate). A Gaussian cloud can produce negative
 * values: read them as deviations from a background rate, as the textbook exercise does. Every draw comes
 * from `createRandom(seed)`, and `next` writes into the caller's array, so sampling allocates nothing.
 */
import type { ParamValues, Registry } from '../params/registry.ts';
import { resolveParams } from '../params/registry.ts';
import { cos, exp, sin } from '../math/deterministic.ts';
import { createRandom, type RandomSource } from '../random/rng.ts';

/** A stream of input vectors with known (or numerically integrated) first and second moments. */
export interface InputSource {
  readonly dim: number;
  /** Writes the next sample into `out` (length `dim`). */
  next(out: Float64Array): void;
  /** <x>, length dim. */
  readonly mean: Float64Array;
  /** <x x^T>, row-major dim x dim. */
  readonly correlation: Float64Array;
  /** <(x - <x>)(x - <x>)^T>, row-major dim x dim. */
  readonly covariance: Float64Array;
}

const RADIANS = Math.PI / 180;

export const cloudParams = [
  { name: 'centreX', symbol: 'm_1', unit: '', default: 0, min: -10, max: 10, step: 0.1, meaning: 'Centre of the cloud, first input' },
  { name: 'centreY', symbol: 'm_2', unit: '', default: 0, min: -10, max: 10, step: 0.1, meaning: 'Centre of the cloud, second input' },
  { name: 'sd1', symbol: '\\sigma_1', unit: '', default: 1, min: 0, max: 10, step: 0.05, meaning: 'Standard deviation along the first principal axis' },
  { name: 'sd2', symbol: '\\sigma_2', unit: '', default: 1, min: 0, max: 10, step: 0.05, meaning: 'Standard deviation along the second principal axis' },
  { name: 'angle', symbol: '\\varphi', unit: 'deg', default: 0, min: -180, max: 180, step: 1, meaning: 'Angle of the first principal axis from the first input axis' },
] as const satisfies Registry;

export type CloudParam = (typeof cloudParams)[number]['name'];
export type Cloud2D = ParamValues<CloudParam>;

/** Validates a 2-D cloud (missing fields take the registry defaults); throws a RangeError naming the field. */
export function resolveCloud(overrides: Readonly<Record<string, unknown>> = {}): Cloud2D {
  const { values, problems } = resolveParams(cloudParams, overrides);
  if (problems.length > 0) throw new RangeError(`Input cloud: ${problems.map((p) => p.message).join(' ')}`);
  return values;
}

/** An n-D Gaussian cloud x = mean + factor z (factor row-major n x n). */
export interface GaussianCloud {
  readonly mean: Float64Array;
  readonly factor: Float64Array;
}

/** The 2-D cloud as mean and factor L = R(angle) diag(sd1, sd2). */
export function cloudToGaussian(cloud: Cloud2D): GaussianCloud {
  const c = cos(cloud.angle * RADIANS);
  const s = sin(cloud.angle * RADIANS);
  return {
    mean: Float64Array.of(cloud.centreX, cloud.centreY),
    factor: Float64Array.of(c * cloud.sd1, -s * cloud.sd2, s * cloud.sd1, c * cloud.sd2),
  };
}

/** A Gaussian source of any dimension; the moments are exact (computed from mean and factor). */
export function gaussianSource(cloud: GaussianCloud, seed: number): InputSource {
  const dim = cloud.mean.length;
  if (dim < 1 || cloud.factor.length !== dim * dim) throw new RangeError(`A ${dim}-dimensional cloud needs a ${dim} x ${dim} factor.`);
  for (const v of [...cloud.mean, ...cloud.factor]) if (!Number.isFinite(v)) throw new RangeError('The cloud has a non-finite mean or factor entry.');
  const random = createRandom(seed);
  const mean = Float64Array.from(cloud.mean);
  const factor = Float64Array.from(cloud.factor);
  const covariance = new Float64Array(dim * dim);
  const correlation = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += factor[i * dim + k]! * factor[j * dim + k]!;
      covariance[i * dim + j] = s;
      correlation[i * dim + j] = s + mean[i]! * mean[j]!;
    }
  }
  const z = new Float64Array(dim);
  return {
    dim,
    mean,
    correlation,
    covariance,
    next(out) {
      for (let k = 0; k < dim; k++) z[k] = random.normal();
      for (let i = 0; i < dim; i++) {
        let s = mean[i]!;
        for (let k = 0; k < dim; k++) s += factor[i * dim + k]! * z[k]!;
        out[i] = s;
      }
    },
  };
}

/** The 2-D cloud source of a validated or partial cloud description. */
export function cloudSource(cloud: Readonly<Record<string, unknown>>, seed: number): InputSource {
  return gaussianSource(cloudToGaussian(resolveCloud(cloud)), seed);
}

export const bumpParams = [
  { name: 'n', symbol: 'N', unit: '', default: 40, min: 3, max: 200, step: 1, meaning: 'Number of inputs' },
  { name: 'width', symbol: '\\sigma_b', unit: '', default: 4, min: 0.3, max: 50, step: 0.1, meaning: 'Width of the activity bump, in input spacings' },
  { name: 'amplitude', symbol: 'A', unit: '', default: 1, min: 0, max: 10, step: 0.05, meaning: 'Peak rate of the bump above the baseline' },
  { name: 'baseline', symbol: 'x_0', unit: '', default: 0.1, min: 0, max: 10, step: 0.05, meaning: 'Background rate of every input' },
  { name: 'noise', symbol: '\\sigma_\\xi', unit: '', default: 0.05, min: 0, max: 5, step: 0.01, meaning: 'Standard deviation of independent noise on each input' },
] as const satisfies Registry;

export type BumpParam = (typeof bumpParams)[number]['name'];
export type BumpPattern = ParamValues<BumpParam> & { readonly geometry: 'ring' | 'line' };

export function resolveBumps(overrides: Readonly<Record<string, unknown>> = {}): BumpPattern {
  const { geometry = 'ring', ...rest } = overrides as { geometry?: unknown };
  if (geometry !== 'ring' && geometry !== 'line') throw new RangeError(`Bump inputs: geometry must be "ring" or "line", got ${String(geometry)}.`);
  const { values, problems } = resolveParams(bumpParams, rest);
  if (problems.length > 0) throw new RangeError(`Bump inputs: ${problems.map((p) => p.message).join(' ')}`);
  if (!Number.isInteger(values.n)) throw new RangeError(`Bump inputs: n must be a whole number of inputs, got ${values.n}.`);
  return { ...values, geometry };
}

/** Distance from input j to a bump centre c, in input spacings (around the ring, or along the line). */
function distance(j: number, c: number, p: BumpPattern): number {
  const d = Math.abs(j - c);
  return p.geometry === 'ring' ? Math.min(d, p.n - d) : d;
}

/** The noise-free rate of input j for a bump at c. */
export function bumpRate(j: number, c: number, p: BumpPattern): number {
  const d = distance(j, c, p);
  return p.baseline + p.amplitude * exp((-d * d) / (2 * p.width * p.width));
}

/** Where a bump centre may fall: anywhere on the ring [0, n), or on the line [0, n - 1]. */
function drawCentre(random: RandomSource, p: BumpPattern): number {
  return p.geometry === 'ring' ? random.uniform() * p.n : random.uniform() * (p.n - 1);
}

/** Sub-positions per input spacing used to average over bump centres for the moments. */
const MOMENT_GRID = 16;

/**
 * Bump inputs. The moments average over uniformly distributed centres by the midpoint rule on a grid of
 * 16 positions per input spacing (the integrand is smooth and, on the ring, periodic, so this is accurate
 * to far better than the sampling noise of any learning run), plus noise^2 on the diagonal.
 */
export function bumpSource(pattern: Readonly<Record<string, unknown>>, seed: number): InputSource & { readonly pattern: BumpPattern; readonly lastCentre: () => number } {
  const p = resolveBumps(pattern);
  const dim = p.n;
  const random = createRandom(seed);
  const mean = new Float64Array(dim);
  const correlation = new Float64Array(dim * dim);
  const span = p.geometry === 'ring' ? p.n : p.n - 1;
  const points = Math.max(1, Math.round(span * MOMENT_GRID));
  const row = new Float64Array(dim);
  for (let k = 0; k < points; k++) {
    const c = ((k + 0.5) / points) * span;
    for (let j = 0; j < dim; j++) row[j] = bumpRate(j, c, p);
    for (let i = 0; i < dim; i++) {
      mean[i]! += row[i]! / points;
      for (let j = 0; j < dim; j++) correlation[i * dim + j]! += (row[i]! * row[j]!) / points;
    }
  }
  for (let i = 0; i < dim; i++) correlation[i * dim + i]! += p.noise * p.noise;
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) covariance[i * dim + j] = correlation[i * dim + j]! - mean[i]! * mean[j]!;
  let centre = 0;
  return {
    dim,
    mean,
    correlation,
    covariance,
    pattern: p,
    lastCentre: () => centre,
    next(out) {
      centre = drawCentre(random, p);
      for (let j = 0; j < dim; j++) out[j] = bumpRate(j, centre, p) + (p.noise > 0 ? p.noise * random.normal() : 0);
    },
  };
}

/** `count` samples of a source, row after row, in a new Float64Array. */
export function drawSamples(source: InputSource, count: number): Float64Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`The number of samples must be a whole number >= 0, got ${count}.`);
  const out = new Float64Array(count * source.dim);
  const row = new Float64Array(source.dim);
  for (let s = 0; s < count; s++) {
    source.next(row);
    out.set(row, s * source.dim);
  }
  return out;
}
