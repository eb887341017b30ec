/**
 * Attractor memory for sparse (low-activity) patterns (Gerstner et al., Neuronal Dynamics, 2014,
 * Sect. 17.2.6; Tsodyks & Feigel'man 1988, Europhys. Lett. 6, 101). Patterns ξ_i^μ ∈ {0, 1} have mean
 * activity a (here exactly round(aN) active units each); units are 0 (silent) or 1 (active); the weights are
 *
 *   w_ij = c Σ_μ (ξ_i^μ − b)(ξ_j^μ − a),  w_ii = 0,   with c = 1 / (a (1 − a) N),
 *
 * and a unit becomes active when its field h_i = Σ_j w_ij S_j exceeds the threshold θ (deterministic), or with
 * probability ½[1 + tanh(β (h_i − θ))] (stochastic). The overlap m^μ = c Σ_j (ξ_j^μ − a) S_j equals 1 when the
 * state is pattern μ (c is chosen for that; the book's convention may put a factor 2 into c, which only
 * rescales h, θ and 1/β together) and is about 0 for an unrelated state of the same activity.
 *
 * Why (ξ − a): with plain Hebbian weights on biased patterns every pattern shares the common component
 * (the mean activity), whose fields add up over patterns and drown the signal. Subtracting a makes the
 * patterns' contributions zero-mean, so the crosstalk only has variance ≈ P a / N against a signal gap of 1
 * between active and silent units: the capacity grows as a falls (as 1 / (2 a |ln a|) for a → 0, Tsodyks &
 * Feigel'man). With b = a the weights are symmetric and E = −½ Σ_{i≠j} w_ij S_i S_j + θ Σ_i S_i never
 * increases under asynchronous deterministic updates.
 *
 * As in the core (hopfield.ts) the weights are never stored: with the integer counts K^μ = Σ_j ξ_j^μ S_j and
 * A = Σ_j S_j, Σ_j (ξ_j^μ − a) S_j = K^μ − a A, so h_i = c Σ_μ (ξ_i^μ − b)(K^μ − a A) − S_i w_ii^(full),
 * O(P) per unit, and a flip changes each K^μ by ξ_i^μ and A by 1.
 */
import { log, tanh } from '../math/deterministic.ts';
import type { Registry } from '../params/registry.ts';
import { createRandom as createSeeded, randomPermutation, type RandomSource } from '../random/rng.ts';
import type { UpdateMode } from './hopfield.ts';

export const lowActivityParams = [
  { name: 'n', symbol: 'N', unit: '', default: 1000, min: 10, max: 20000, step: 10, meaning: 'Number of units (dimensionless)' },
  { name: 'patterns', symbol: 'P', unit: '', default: 100, min: 1, max: 5000, step: 1, meaning: 'Number of stored patterns (dimensionless)' },
  { name: 'activity', symbol: 'a', unit: '', default: 0.1, min: 0.01, max: 0.5, step: 0.01, meaning: 'Fraction of active units in each pattern (dimensionless)' },
  { name: 'b', symbol: 'b', unit: '', default: 0.1, min: 0, max: 1, step: 0.01, meaning: 'Offset subtracted from the postsynaptic activity in the rule; b = a makes the weights symmetric (dimensionless)' },
  { name: 'theta', symbol: '\\theta', unit: '', default: 0.4, min: -2, max: 2, step: 0.01, meaning: 'Threshold on the field; ½ − a lies midway between the signals of active and silent units (dimensionless)' },
  { name: 'beta', symbol: '\\beta', unit: '', default: Infinity, min: 0, max: Infinity, step: 0.1, meaning: 'Inverse temperature; ∞ is the deterministic threshold rule (dimensionless)' },
] as const satisfies Registry;

export interface SparsePatterns {
  readonly n: number;
  readonly count: number;
  /** P × N values 0 or 1, pattern-major. */
  readonly data: Uint8Array;
}

export interface LowActivityOptions {
  /** The rule's a; default: the patterns' mean activity. */
  readonly a?: number;
  /** The rule's b; default a. */
  readonly b?: number;
  /** Threshold θ; default ½ − a. */
  readonly theta?: number;
  /** Prefactor c; default 1 / (a (1 − a) N). */
  readonly c?: number;
}

export interface LowActivityNetwork {
  readonly n: number;
  readonly patterns: SparsePatterns;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly theta: number;
  /** 0 or 1 per unit. Read it; change it only through the functions here. */
  readonly state: Uint8Array;
  /** K^μ = Σ_j ξ_j^μ S_j. */
  readonly counts: Int32Array;
  /** Patterns unit-major, as (ξ_i^μ − b) · c, for the field. */
  readonly postWeights: Float64Array;
  /** The diagonal w_ii the field must leave out: c Σ_μ (ξ_i^μ − b)(ξ_i^μ − a). */
  readonly selfWeight: Float64Array;
  readonly next: Uint8Array;
  readonly order: Int32Array;
  /** A = Σ_j S_j. */
  active: number;
}

export interface LowActivityStepOptions {
  readonly mode: UpdateMode;
  /** Inverse temperature β; Infinity (default) is the deterministic threshold rule. */
  readonly beta?: number;
  /** Needed for asynchronous order and for finite β. */
  readonly random?: RandomSource;
}

function checkFraction(name: string, value: unknown, lo: number, hi: number, open = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (open ? !(value > lo && value < hi) : !(value >= lo && value <= hi))) {
    throw new RangeError(`${name} must be a number ${open ? 'strictly ' : ''}between ${lo} and ${hi}, got ${String(value)}.`);
  }
  return value;
}

/** Checks sizes and values (each unit 0 or 1, every pattern with at least one active and one silent unit). */
export function createSparsePatterns(n: number, count: number, data: Uint8Array): SparsePatterns {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`Sparse patterns need at least two units, got N = ${n}.`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`The number of patterns must be a whole number ≥ 1, got ${count}.`);
  if (data.length !== n * count) throw new RangeError(`${count} patterns of ${n} units need ${n * count} values, got ${data.length}.`);
  for (let k = 0; k < data.length; k++) {
    if (data[k] !== 0 && data[k] !== 1) throw new RangeError(`Pattern ${Math.floor(k / n) + 1}, unit ${(k % n) + 1} is ${data[k]}; units are 0 or 1.`);
  }
  return { n, count, data };
}

/** P patterns with exactly max(1, round(aN)) active units each, placed uniformly (partial Fisher–Yates). */
export function sparsePatterns(n: number, count: number, activity: number, random: RandomSource): SparsePatterns {
  checkFraction('The activity a', activity, 0, 1, true);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`Sparse patterns need at least two units, got N = ${n}.`);
  const k = Math.min(n - 1, Math.max(1, Math.round(activity * n)));
  const data = new Uint8Array(n * count);
  const order = new Int32Array(n);
  for (let mu = 0; mu < count; mu++) {
    for (let i = 0; i < n; i++) order[i] = i;
    for (let s = 0; s < k; s++) {
      const j = s + Math.floor(random.uniform() * (n - s));
      const unit = order[j]!;
      order[j] = order[s]!;
      order[s] = unit;
      data[mu * n + unit] = 1;
    }
  }
  return createSparsePatterns(n, count, data);
}

/** Pattern μ as a view (no copy). */
export function sparsePatternOf(set: SparsePatterns, mu: number): Uint8Array {
  if (!Number.isInteger(mu) || mu < 0 || mu >= set.count) throw new RangeError(`There is no pattern ${mu} among ${set.count}.`);
  return set.data.subarray(mu * set.n, (mu + 1) * set.n);
}

/** The mean activity of all patterns together. */
export function meanActivity(set: SparsePatterns): number {
  let ones = 0;
  for (let k = 0; k < set.data.length; k++) ones += set.data[k]!;
  return ones / set.data.length;
}

/**
 * A cue for a sparse pattern: `round(fraction · K)` of its K active units are switched off and as many silent
 * units switched on, chosen uniformly, so the cue keeps the pattern's activity.
 */
export function corruptSparse(pattern: Uint8Array, fraction: number, random: RandomSource): Uint8Array {
  checkFraction('The fraction of moved units', fraction, 0, 1);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < pattern.length; i++) (pattern[i] === 1 ? on : off).push(i);
  const moves = Math.min(Math.round(fraction * on.length), off.length);
  const cue = pattern.slice();
  const pick = (list: number[], k: number): number => {
    const j = k + Math.floor(random.uniform() * (list.length - k));
    const unit = list[j]!;
    list[j] = list[k]!;
    list[k] = unit;
    return unit;
  };
  for (let k = 0; k < moves; k++) {
    cue[pick(on, k)] = 0;
    cue[pick(off, k)] = 1;
  }
  return cue;
}

/** Builds the network (weights implicit) in `initial` (default: all silent). */
export function createLowActivity(patterns: SparsePatterns, options: LowActivityOptions = {}, initial?: Uint8Array): LowActivityNetwork {
  const { n, count, data } = patterns;
  const a = checkFraction('The rule\u2019s activity a', options.a ?? meanActivity(patterns), 0, 1, true);
  const b = checkFraction('The offset b', options.b ?? a, 0, 1);
  const c = options.c ?? 1 / (a * (1 - a) * n);
  if (!(Number.isFinite(c) && c > 0)) throw new RangeError(`The prefactor c must be a positive number, got ${c}.`);
  const theta = options.theta ?? 0.5 - a;
  if (!Number.isFinite(theta)) throw new RangeError(`The threshold θ must be a finite number, got ${theta}.`);
  const postWeights = new Float64Array(n * count);
  const selfWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let self = 0;
    for (let mu = 0; mu < count; mu++) {
      const xi = data[mu * n + i]!;
      postWeights[i * count + mu] = c * (xi - b);
      self += c * (xi - b) * (xi - a);
    }
    selfWeight[i] = self;
  }
  const net: LowActivityNetwork = {
    n,
    patterns,
    a,
    b,
    c,
    theta,
    state: new Uint8Array(n),
    counts: new Int32Array(count),
    postWeights,
    selfWeight,
    next: new Uint8Array(n),
    order: new Int32Array(n),
    active: 0,
  };
  setLowActivityState(net, initial ?? net.state);
  return net;
}

/** Copies a 0/1 state into the network and recomputes the counts. */
export function setLowActivityState(net: LowActivityNetwork, state: Uint8Array): void {
  if (state.length !== net.n) throw new RangeError(`The network has ${net.n} units; the state has ${state.length}.`);
  let active = 0;
  for (let i = 0; i < net.n; i++) {
    const s = state[i];
    if (s !== 0 && s !== 1) throw new RangeError(`Unit ${i + 1} is ${s}; units are 0 or 1.`);
    active += s;
  }
  net.state.set(state);
  net.active = active;
  const { n, count, data } = net.patterns;
  for (let mu = 0; mu < count; mu++) {
    let k = 0;
    for (let i = 0; i < n; i++) k += data[mu * n + i]! & net.state[i]!;
    net.counts[mu] = k;
  }
}

/** The field h_i = Σ_{j≠i} w_ij S_j. */
export function lowActivityField(net: LowActivityNetwork, i: number): number {
  const p = net.patterns.count;
  const aA = net.a * net.active;
  let sum = 0;
  for (let mu = 0, k = i * p; mu < p; mu++, k++) sum += net.postWeights[k]! * (net.counts[mu]! - aA);
  return sum - net.selfWeight[i]! * net.state[i]!;
}

function choose(h: number, theta: number, current: number, beta: number, random: RandomSource | undefined): number {
  if (beta === Infinity) return h > theta ? 1 : h < theta ? 0 : current;
  const g = 0.5 * (1 + tanh(beta * (h - theta)));
  return random!.uniform() < g ? 1 : 0;
}

function flip(net: LowActivityNetwork, i: number): void {
  const s = 1 - net.state[i]!;
  net.state[i] = s;
  const delta = 2 * s - 1;
  net.active += delta;
  const { n, count, data } = net.patterns;
  for (let mu = 0; mu < count; mu++) if (data[mu * n + i] === 1) net.counts[mu] = net.counts[mu]! + delta;
}

/** One sweep (async: every unit once in a fresh random order) or one parallel update (sync). Returns the units changed. */
export function lowActivityStep(net: LowActivityNetwork, options: LowActivityStepOptions): number {
  const beta = options.beta ?? Infinity;
  if (typeof beta !== 'number' || !(beta >= 0)) throw new RangeError(`The inverse temperature β must be ≥ 0, got ${String(beta)}.`);
  if (options.mode !== 'sync' && options.mode !== 'async') throw new RangeError(`mode must be 'sync' or 'async', got ${JSON.stringify(options.mode)}.`);
  const random = options.random;
  if (random === undefined && (options.mode === 'async' || beta !== Infinity)) throw new RangeError('Asynchronous or stochastic updates need a seeded random source.');
  const { n, state, next, order, theta } = net;
  let changed = 0;
  if (options.mode === 'sync') {
    for (let i = 0; i < n; i++) next[i] = choose(lowActivityField(net, i), theta, state[i]!, beta, random);
    for (let i = 0; i < n; i++) {
      if (next[i] !== state[i]) {
        flip(net, i);
        changed++;
      }
    }
    return changed;
  }
  randomPermutation(order, random!);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (choose(lowActivityField(net, i), theta, state[i]!, beta, random) !== state[i]) {
      flip(net, i);
      changed++;
    }
  }
  return changed;
}

/** Overlaps m^μ = c Σ_j (ξ_j^μ − a) S_j, written into `out` (allocated if absent). */
export function lowActivityOverlaps(net: LowActivityNetwork, out = new Float64Array(net.patterns.count)): Float64Array {
  for (let mu = 0; mu < net.patterns.count; mu++) out[mu] = net.c * (net.counts[mu]! - net.a * net.active);
  return out;
}

/**
 * E = −½ Σ_{i≠j} w_ij S_i S_j + θ Σ_i S_i, from the counts: Σ_ij w_ij S_i S_j = c Σ_μ (K^μ − bA)(K^μ − aA).
 * A Lyapunov function of the asynchronous deterministic dynamics only when b = a (symmetric weights).
 */
export function lowActivityEnergy(net: LowActivityNetwork): number {
  let full = 0;
  for (let mu = 0; mu < net.patterns.count; mu++) full += (net.counts[mu]! - net.b * net.active) * (net.counts[mu]! - net.a * net.active);
  let diagonal = 0;
  for (let i = 0; i < net.n; i++) diagonal += net.selfWeight[i]! * net.state[i]!;
  return -0.5 * (net.c * full - diagonal) + net.theta * net.active;
}

/** Deterministic dynamics until no unit changes or `maxSteps` pass (a 2-cycle of sync updates also ends it). */
export function lowActivityRecall(net: LowActivityNetwork, mode: UpdateMode, maxSteps: number, random?: RandomSource): { steps: number; converged: boolean } {
  for (let steps = 1; steps <= maxSteps; steps++) {
    if (lowActivityStep(net, random === undefined ? { mode } : { mode, random }) === 0) return { steps, converged: true };
  }
  return { steps: maxSteps, converged: false };
}

/** The full weight matrix (N × N, row-major, zero diagonal) from its definition; for tests and display (N ≤ 4096). */
export function lowActivityWeights(net: LowActivityNetwork): Float64Array {
  const { n, count, data } = net.patterns;
  if (n > 4096) throw new RangeError(`A ${n} × ${n} weight matrix is too large to build; the dynamics never need it.`);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let sum = 0;
      for (let mu = 0; mu < count; mu++) sum += (data[mu * n + i]! - net.b) * (data[mu * n + j]! - net.a);
      w[i * n + j] = net.c * sum;
    }
  }
  return w;
}

export interface SparseRecallSpec {
  readonly n: number;
  readonly patterns: number;
  readonly activity: number;
  /** Fraction of the cued pattern's active units moved elsewhere in the cue; default 0.2. */
  readonly cueFraction?: number;
  /** Threshold; default ½ − a. */
  readonly theta?: number;
  readonly seed: number;
  /** Sweeps allowed for recall; default 100. */
  readonly maxSweeps?: number;
}

export interface SparseRecallResult {
  /** Overlap m^1 = c Σ_j (ξ_j^1 − a) S_j of the cue. */
  readonly cueOverlap: number;
  /** m^1 after asynchronous recall with the (ξ − b)(ξ − a) rule, b = a. */
  readonly overlap: number;
  /** Active units after recall with the (ξ − a) rule. */
  readonly active: number;
  /** m^1 after asynchronous recall with the plain ±1 Hopfield rule on p = 2ξ − 1, read as 0/1 units. */
  readonly plainOverlap: number;
  /** Active units after recall with the plain rule. */
  readonly plainActive: number;
}

function checkSpec(spec: SparseRecallSpec): void {
  if (!Number.isInteger(spec.n) || spec.n < 10 || spec.n > 20000) throw new RangeError(`N must be a whole number from 10 to 20000, got ${spec.n}.`);
  if (!Number.isInteger(spec.patterns) || spec.patterns < 1 || spec.patterns > 5000) throw new RangeError(`P must be a whole number from 1 to 5000, got ${spec.patterns}.`);
  checkFraction('The activity a', spec.activity, 0, 1, true);
  if (!Number.isInteger(spec.seed)) throw new RangeError(`The seed must be a whole number, got ${spec.seed}.`);
}

/**
 * One retrieval experiment: P sparse patterns, a cue of pattern 1, asynchronous deterministic recall with the
 * low-activity rule (b = a, θ = ½ − a unless given) and, from the same cue, with the plain Hopfield rule on
 * the ±1 versions of the same patterns (sign dynamics, θ = 0). Both final states are scored by m^1.
 */
export function sparseRecall(spec: SparseRecallSpec): SparseRecallResult {
  checkSpec(spec);
  const random = createSeeded(spec.seed);
  const maxSweeps = spec.maxSweeps ?? 100;
  const patterns = sparsePatterns(spec.n, spec.patterns, spec.activity, random);
  const target = sparsePatternOf(patterns, 0);
  const cue = corruptSparse(target, spec.cueFraction ?? 0.2, random);
  const net = createLowActivity(patterns, spec.theta === undefined ? { a: spec.activity } : { a: spec.activity, theta: spec.theta }, cue);
  const cueOverlap = lowActivityOverlaps(net)[0]!;
  lowActivityRecall(net, 'async', maxSweeps, random);
  const overlap = lowActivityOverlaps(net)[0]!;
  const active = net.active;

  // The same cue through the standard rule w_ij = (1/N) Σ_μ p_i^μ p_j^μ on p = 2ξ − 1 (hopfield.ts's dynamics).
  const plain = plainHopfieldRecall(patterns, cue, maxSweeps, random);
  const scorer = createLowActivity(patterns, { a: spec.activity }, plain);
  return { cueOverlap, overlap, active, plainOverlap: lowActivityOverlaps(scorer)[0]!, plainActive: scorer.active };
}

/** Recall with the standard Hopfield rule on ±1 versions of 0/1 patterns; returns the final state as 0/1. */
export function plainHopfieldRecall(patterns: SparsePatterns, cue: Uint8Array, maxSweeps: number, random: RandomSource): Uint8Array {
  const { n, count, data } = patterns;
  const sums = new Int32Array(count);
  const state = new Int8Array(n);
  for (let i = 0; i < n; i++) state[i] = cue[i] === 1 ? 1 : -1;
  for (let mu = 0; mu < count; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (2 * data[mu * n + i]! - 1) * state[i]!;
    sums[mu] = s;
  }
  const order = new Int32Array(n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    randomPermutation(order, random);
    let changed = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      // N h_i = Σ_μ p_i^μ M^μ − P S_i, an integer (the core's formula).
      let field = -count * state[i]!;
      for (let mu = 0; mu < count; mu++) field += (2 * data[mu * n + i]! - 1) * sums[mu]!;
      const next = field > 0 ? 1 : field < 0 ? -1 : state[i]!;
      if (next !== state[i]) {
        state[i] = next;
        for (let mu = 0; mu < count; mu++) sums[mu] = sums[mu]! + 2 * next * (2 * data[mu * n + i]! - 1);
        changed++;
      }
    }
    if (changed === 0) break;
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = state[i] === 1 ? 1 : 0;
  return out;
}

export interface SparseLoadPoint {
  /** P / N. */
  readonly load: number;
  readonly patterns: number;
  /** Mean final overlap over runs, with the low-activity rule. */
  readonly mean: number;
  readonly sd: number;
}

/** Final overlap against load P/N for the low-activity rule, `runs` seeded runs per load. */
export function sparseLoadCurve(spec: { n: number; activity: number; loads: readonly number[]; runs: number; seed: number; cueFraction?: number; theta?: number }): SparseLoadPoint[] {
  if (!Number.isInteger(spec.runs) || spec.runs < 1 || spec.runs > 50) throw new RangeError(`runs must be a whole number from 1 to 50, got ${spec.runs}.`);
  return spec.loads.map((load, k) => {
    const patterns = Math.max(1, Math.round(load * spec.n));
    const values: number[] = [];
    for (let r = 0; r < spec.runs; r++) {
      const base = { n: spec.n, patterns, activity: spec.activity, seed: spec.seed * 104729 + k * 1009 + r, cueFraction: spec.cueFraction ?? 0.2 };
      values.push(sparseRecallOnly(spec.theta === undefined ? base : { ...base, theta: spec.theta }));
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (values.length - 1)) : 0;
    return { load: patterns / spec.n, patterns, mean, sd };
  });
}

function sparseRecallOnly(spec: SparseRecallSpec): number {
  checkSpec(spec);
  const random = createSeeded(spec.seed);
  const patterns = sparsePatterns(spec.n, spec.patterns, spec.activity, random);
  const cue = corruptSparse(sparsePatternOf(patterns, 0), spec.cueFraction ?? 0.2, random);
  const net = createLowActivity(patterns, spec.theta === undefined ? { a: spec.activity } : { a: spec.activity, theta: spec.theta }, cue);
  lowActivityRecall(net, 'async', spec.maxSweeps ?? 100, random);
  return lowActivityOverlaps(net)[0]!;
}

/** Tsodyks & Feigel'man's asymptotic capacity for a → 0, α_c ≈ 1 / (2 a |ln a|) (a trend, not a value at finite a). */
export function sparseCapacityTrend(activity: number): number {
  checkFraction('The activity a', activity, 0, 1, true);
  return 1 / (2 * activity * Math.abs(log(activity)));
}
