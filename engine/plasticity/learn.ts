/**
 * Online Hebbian learning: samples are presented one at a time and each changes the weights by the rule
 * (Euler steps of dw/dt with one sample as the time unit, as in Gerstner et al., Neuronal Dynamics, 2014,
 * Sect. 19.3, where the averaged equation dw/dt = eta C w is the limit of small learning rates).
 *
 * `createLearner` is the step-wise API a widget animates (d3-force style: the caller owns the timer);
 * `learn` runs headless and records |w|, the angle between w and the principal eigenvector of the
 * reference matrix, and w itself every `recordEvery` samples. The reference is the input correlation
 * matrix <x x^T> (what plain Hebb and Oja's rule see), or the covariance for the covariance rule.
 *
 * A run stops when |w| exceeds `maxNorm` (default 1e150, far from overflow of v_post^2): plain Hebbian
 * growth is exponential, and the learner reports `diverged` instead of producing Infinity and NaN.
 */
import { axisAngle, norm, symmetricEigen } from './principal.ts';
import type { InputSource } from './inputs.ts';
import { createTrace, updateWeights, type HebbianRule } from './rate-rules.ts';

export type ReferenceMatrix = 'correlation' | 'covariance';

export interface LearnerOptions {
  readonly rule: HebbianRule;
  readonly input: InputSource;
  /** Initial weights, one per input. */
  readonly w0: ArrayLike<number>;
  /** Matrix whose principal axis the angle is measured against; default covariance for the covariance rule, else correlation. */
  readonly reference?: ReferenceMatrix;
  /** |w| beyond which the run stops as diverged. */
  readonly maxNorm?: number;
}

export interface PrincipalReference {
  readonly which: ReferenceMatrix;
  readonly lambda: number;
  /** Second eigenvalue (NaN in 1-D): the gap lambda - lambda2 sets how fast Oja's rule aligns. */
  readonly lambda2: number;
  readonly vector: Float64Array;
}

export interface Learner {
  /** The live weights (do not write). */
  readonly w: Float64Array;
  /** The last sample presented (zeros before the first). */
  readonly x: Float64Array;
  readonly samples: number;
  /** The output for the last sample. */
  readonly vPost: number;
  readonly diverged: boolean;
  /** The principal axis the angle is measured against (computed on first use). */
  readonly reference: PrincipalReference;
  /** Presents up to `count` samples; returns how many were presented (fewer once diverged). */
  step(count: number): number;
  norm(): number;
  /** Angle between w and the reference principal axis, degrees in [0, 90]. */
  angle(): number;
}

export const DEFAULT_MAX_NORM = 1e150;

export function principalReference(input: InputSource, which: ReferenceMatrix): PrincipalReference {
  const matrix = which === 'covariance' ? input.covariance : input.correlation;
  const { values, vectors } = symmetricEigen(matrix, input.dim);
  return { which, lambda: values[0]!, lambda2: input.dim > 1 ? values[1]! : Number.NaN, vector: vectors.slice(0, input.dim) };
}

export function createLearner(options: LearnerOptions): Learner {
  const { rule, input } = options;
  const dim = input.dim;
  if (options.w0.length !== dim) throw new RangeError(`w0 needs one initial weight per input (${dim}), got ${options.w0.length}.`);
  const w = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    const v = options.w0[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`w0[${j}] must be a finite number, got ${String(v)}.`);
    w[j] = v;
  }
  const maxNorm = options.maxNorm ?? DEFAULT_MAX_NORM;
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new RangeError(`maxNorm must be a positive finite number, got ${maxNorm}.`);
  const which = options.reference ?? (rule.kind === 'covariance' ? 'covariance' : 'correlation');
  // Computed on first use: an n-D eigen-decomposition costs milliseconds, and a caller that never asks
  // for the angle (the receptive-field widget) should not pay for it at every restart.
  let reference: PrincipalReference | undefined;
  const referenceOf = (): PrincipalReference => (reference ??= principalReference(input, which));
  const x = new Float64Array(dim);
  const trace = createTrace(dim);
  const limit2 = maxNorm * maxNorm;
  let samples = 0;
  let vPost = 0;
  let diverged = false;
  return {
    w,
    x,
    get reference() {
      return referenceOf();
    },
    get samples() {
      return samples;
    },
    get vPost() {
      return vPost;
    },
    get diverged() {
      return diverged;
    },
    step(count) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`step needs a whole number of samples >= 0, got ${count}.`);
      let done = 0;
      while (done < count && !diverged) {
        input.next(x);
        vPost = updateWeights(rule, w, x, trace);
        samples += 1;
        done += 1;
        let s = 0;
        for (let j = 0; j < dim; j++) s += w[j]! * w[j]!;
        if (!(s <= limit2)) diverged = true;
      }
      return done;
    },
    norm: () => norm(w),
    angle: () => axisAngle(w, referenceOf().vector),
  };
}

export interface LearnOptions {
  readonly samples: number;
  /** Record every k samples (and at sample 0); default 1. */
  readonly recordEvery?: number;
}

export interface LearningRun {
  /** Number of samples presented at each record. */
  readonly t: Float64Array;
  readonly norm: Float64Array;
  /** Degrees between w and the reference principal axis. */
  readonly angle: Float64Array;
  /** The weights at each record, row after row (records x dim). */
  readonly weights: Float64Array;
  readonly dim: number;
  readonly reference: PrincipalReference;
  readonly diverged: boolean;
  /** Samples presented before the run stopped (equals `samples` unless diverged). */
  readonly presented: number;
}

/** Runs `samples` presentations headless and records the trajectory. */
export function learn(options: LearnerOptions & LearnOptions): LearningRun {
  const every = options.recordEvery ?? 1;
  if (!Number.isInteger(options.samples) || options.samples < 0) throw new RangeError(`samples must be a whole number >= 0, got ${options.samples}.`);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`recordEvery must be a whole number >= 1, got ${every}.`);
  const learner = createLearner(options);
  const dim = options.input.dim;
  const records = Math.floor(options.samples / every) + 1;
  const t = new Float64Array(records);
  const normTrace = new Float64Array(records);
  const angle = new Float64Array(records);
  const weights = new Float64Array(records * dim);
  let filled = 0;
  const record = () => {
    t[filled] = learner.samples;
    normTrace[filled] = learner.norm();
    angle[filled] = learner.angle();
    weights.set(learner.w, filled * dim);
    filled += 1;
  };
  record();
  while (filled < records && !learner.diverged) {
    learner.step(every);
    record();
  }
  return {
    t: t.slice(0, filled),
    norm: normTrace.slice(0, filled),
    angle: angle.slice(0, filled),
    weights: weights.slice(0, filled * dim),
    dim,
    reference: learner.reference,
    diverged: learner.diverged,
    presented: learner.samples,
  };
}
