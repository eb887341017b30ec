/**
 * Rate-based Hebbian learning rules for one rate neuron with n inputs,
 *
 *   v_post = w . x   (linear)   or   v_post = max(0, w . x)   (rectified),
 *
 * each written as the change of weight w_j per presented sample (one Euler step of dw_j/dt with the time
 * unit "one sample", so the rates below are per sample):
 *
 *   general      dw_j = a0 + a1pre x_j + a1post v_post + a2corr x_j v_post
 *                (the Taylor expansion of Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics, 2014,
 *                Sect. 19.2.1, Eq. 19.3, up to the correlation term; the weight dependence of the
 *                coefficients is left to the bounds)
 *   hebb         dw_j = eta x_j v_post                        (Eq. 19.3 with a2corr only)
 *   gated        dw_j = a2corr (v_post - theta) x_j           (presynaptically gated, Sect. 19.2.1)
 *   covariance   dw_j = eta (x_j - <x_j>)(v_post - <v_post>)   (Sejnowski 1977; Sect. 19.2.1)
 *   oja          dw_j = eta (v_post x_j - v_post^2 w_j)        (Oja, J. Math. Biol. 15:267, 1982)
 *
 * Rates x_j and v_post are dimensionless (in units of a reference rate); time is counted in samples; all
 * coefficients are therefore dimensionless numbers per sample. The covariance rule's means are either
 * given (fixed presynaptic means m; then <v_post> = w . m for the linear neuron, the exact covariance
 * rule) or tracked by running averages with time constant tauMean (in samples), updated after each
 * weight change. Every rule takes weight bounds (none, hard, soft: ./bounds.ts).
 *
 * `updateWeights` writes the new weights in place and allocates nothing.
 */
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { applyBounded, checkBounds, NO_BOUNDS, type WeightBounds } from './bounds.ts';

const RATE = { min: -1, max: 1, step: 0.0005 } as const;

export const hebbParams = [
  { name: 'eta', symbol: '\\eta', unit: '', default: 0.01, min: 0, max: 1, step: 0.0005, meaning: 'Learning rate: weight change per sample per unit of pre times post rate' },
] as const satisfies Registry;

export const ojaParams = hebbParams;

export const covarianceParams = [
  ...hebbParams,
  { name: 'tauMean', symbol: '\\tau_\\text{mean}', unit: 'samples', default: 100, min: 1, max: 1e6, step: 1, meaning: 'Time constant of the running averages of the rates (when the means are not given)' },
] as const satisfies Registry;

export const gatedParams = [
  { name: 'a2corr', symbol: 'a_2^\\text{corr}', unit: '', default: 0.01, min: 0, max: 1, step: 0.0005, meaning: 'Learning rate of the gated rule' },
  { name: 'theta', symbol: '\\theta', unit: '', default: 0.5, min: -10, max: 10, step: 0.05, meaning: 'Postsynaptic rate above which active synapses grow and below which they shrink' },
] as const satisfies Registry;

export const generalParams = [
  { name: 'a0', symbol: 'a_0', unit: '', default: 0, ...RATE, meaning: 'Constant drift of every weight, whatever the activity' },
  { name: 'a1pre', symbol: 'a_1^\\text{pre}', unit: '', default: 0, ...RATE, meaning: 'Change proportional to the presynaptic rate alone' },
  { name: 'a1post', symbol: 'a_1^\\text{post}', unit: '', default: 0, ...RATE, meaning: 'Change proportional to the postsynaptic rate alone' },
  { name: 'a2corr', symbol: 'a_2^\\text{corr}', unit: '', default: 0.01, ...RATE, meaning: 'Hebbian term: change proportional to pre times post' },
] as const satisfies Registry;

export const ruleRegistries = {
  general: generalParams,
  hebb: hebbParams,
  gated: gatedParams,
  covariance: covarianceParams,
  oja: ojaParams,
} as const;

export type RuleKind = keyof typeof ruleRegistries;
export const ruleKinds = Object.keys(ruleRegistries) as RuleKind[];
export type RuleParams<K extends RuleKind> = ParamValues<(typeof ruleRegistries)[K][number]['name']>;

export const ruleTitles: Readonly<Record<RuleKind, string>> = {
  general: 'General rate rule',
  hebb: 'Plain Hebb',
  gated: 'Presynaptically gated',
  covariance: 'Covariance',
  oja: 'Oja',
};

export type Transfer = 'linear' | 'rectified';

/** A validated rule: what `updateWeights` needs. Build it with `createRule`. */
export type HebbianRule = (
  | { readonly kind: 'general'; readonly params: RuleParams<'general'> }
  | { readonly kind: 'hebb'; readonly params: RuleParams<'hebb'> }
  | { readonly kind: 'gated'; readonly params: RuleParams<'gated'> }
  | { readonly kind: 'covariance'; readonly params: RuleParams<'covariance'>; readonly meanPre?: Float64Array }
  | { readonly kind: 'oja'; readonly params: RuleParams<'oja'> }
) & { readonly transfer: Transfer; readonly bounds: WeightBounds };

export interface RuleOptions {
  /** Parameter overrides, checked against the rule's registry. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly transfer?: Transfer;
  readonly bounds?: WeightBounds;
  /** Covariance rule only: fixed presynaptic means; without them the means are running averages. */
  readonly meanPre?: ArrayLike<number>;
}

/** Validates a rule; throws a RangeError whose message names the offending parameter. */
export function createRule(kind: string, options: RuleOptions = {}): HebbianRule {
  if (!(kind in ruleRegistries)) throw new RangeError(`Unknown learning rule "${kind}". Known: ${ruleKinds.join(', ')}.`);
  const k = kind as RuleKind;
  const { values, problems } = resolveParams(ruleRegistries[k] as Registry, options.params ?? {});
  if (problems.length > 0) throw new RangeError(`${ruleTitles[k]} rule: ${problems.map((p) => p.message).join(' ')}`);
  const transfer = options.transfer ?? 'linear';
  if (transfer !== 'linear' && transfer !== 'rectified') throw new RangeError(`transfer must be "linear" or "rectified", got ${String(transfer)}.`);
  const bounds = options.bounds ?? NO_BOUNDS;
  if (!['none', 'hard', 'soft'].includes(bounds.kind)) throw new RangeError(`bounds.kind must be "none", "hard" or "soft", got ${String(bounds.kind)}.`);
  checkBounds(bounds);
  if (options.meanPre !== undefined) {
    if (k !== 'covariance') throw new RangeError('meanPre applies to the covariance rule only.');
    for (let i = 0; i < options.meanPre.length; i++) {
      if (!Number.isFinite(options.meanPre[i])) throw new RangeError(`meanPre[${i}] must be a finite number, got ${String(options.meanPre[i])}.`);
    }
    return { kind: 'covariance', params: values as RuleParams<'covariance'>, transfer, bounds, meanPre: Float64Array.from(options.meanPre) };
  }
  return { kind: k, params: values, transfer, bounds } as HebbianRule;
}

/** What a rule remembers between samples: the running means of the covariance rule. */
export interface RuleTrace {
  readonly meanPre: Float64Array;
  meanPost: number;
  /** False until the first sample has initialised the running means. */
  started: boolean;
}

export function createTrace(dim: number): RuleTrace {
  return { meanPre: new Float64Array(dim), meanPost: 0, started: false };
}

/** The neuron's output for weights `w` and input `x`. */
export function postRate(rule: HebbianRule, w: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j]! * x[j]!;
  return rule.transfer === 'rectified' && s < 0 ? 0 : s;
}

/**
 * Presents one sample `x`: computes v_post with the current weights, changes every weight by the rule
 * (under the bounds), in place. Returns v_post. The covariance rule's running means are updated after the
 * weight change, so each change uses the averages of earlier samples only.
 */
export function updateWeights(rule: HebbianRule, w: Float64Array, x: Float64Array, trace: RuleTrace): number {
  const n = w.length;
  const y = postRate(rule, w, x);
  const bounds = rule.bounds;
  switch (rule.kind) {
    case 'hebb': {
      const c = rule.params.eta * y;
      for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, c * x[j]!, bounds);
      break;
    }
    case 'oja': {
      const eta = rule.params.eta;
      const yy = y * y;
      for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, eta * (y * x[j]! - yy * w[j]!), bounds);
      break;
    }
    case 'gated': {
      const c = rule.params.a2corr * (y - rule.params.theta);
      for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, c * x[j]!, bounds);
      break;
    }
    case 'general': {
      const { a0, a1pre, a1post, a2corr } = rule.params;
      const common = a0 + a1post * y;
      const factor = a1pre + a2corr * y;
      for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, common + factor * x[j]!, bounds);
      break;
    }
    case 'covariance': {
      const { eta, tauMean } = rule.params;
      const given = rule.meanPre;
      if (given) {
        // The exact covariance rule: <v_post> = w . <x> for the linear neuron.
        let meanPost = 0;
        for (let j = 0; j < n; j++) meanPost += w[j]! * given[j]!;
        if (rule.transfer === 'rectified' && meanPost < 0) meanPost = 0;
        const c = eta * (y - meanPost);
        for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, c * (x[j]! - given[j]!), bounds);
        break;
      }
      const m = trace.meanPre;
      if (!trace.started) {
        // The first sample sets the running averages, so learning starts from a neutral estimate.
        for (let j = 0; j < n; j++) m[j] = x[j]!;
        trace.meanPost = y;
        trace.started = true;
      }
      const c = eta * (y - trace.meanPost);
      for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, c * (x[j]! - m[j]!), bounds);
      const k = 1 / tauMean;
      for (let j = 0; j < n; j++) m[j]! += (x[j]! - m[j]!) * k;
      trace.meanPost += (y - trace.meanPost) * k;
      break;
    }
  }
  return y;
}
