/**
 * The Hopfield network of ±1 units (Hopfield 1982; Gerstner et al., Neuronal Dynamics, 2014, Sect. 17.2):
 * Hebbian weights w_ij = (1/N) Σ_μ p_i^μ p_j^μ with w_ii = 0, the sign dynamics S_i ← sgn(h_i) with
 * h_i = Σ_j w_ij S_j, and its stochastic version Prob{S_i = +1} = g(h_i) = ½[1 + tanh(β h_i)] (Sect. 17.3).
 *
 * The weights are never stored. Because they are a sum over patterns, the field is a sum over overlaps,
 * h_i = (1/N) [Σ_μ p_i^μ M^μ − P S_i] with M^μ = Σ_j p_j^μ S_j (Sect. 17.2.3, eq. 17.8), so an update costs
 * O(P) per unit instead of O(N), memory is O(NP) instead of O(N²), and flipping one unit changes every M^μ
 * by ±2. N · h_i is an integer, so the fields are exact: no rounding can decide a sign, and sgn(0) (a tie)
 * keeps the unit's state, as in the reference data.
 */
import { tanh } from '../math/deterministic.ts';
import { randomPermutation, type RandomSource } from '../random/rng.ts';
import type { PatternSet } from './patterns.ts';

export interface Hopfield {
  readonly n: number;
  readonly patterns: PatternSet;
  /** The current state, ±1 per unit. Read it; change it only through the functions here. */
  readonly state: Int8Array;
  /** M^μ = Σ_j p_j^μ S_j, kept in step with `state`. */
  readonly sums: Int32Array;
  /** Patterns unit-major (unit i's P values contiguous), for the field. */
  readonly byUnit: Int8Array;
  readonly next: Int8Array;
  readonly order: Int32Array;
}

export type UpdateMode = 'sync' | 'async';

export interface StepOptions {
  readonly mode: UpdateMode;
  /** Inverse temperature β; Infinity (the default) is the deterministic sign dynamics. */
  readonly beta?: number;
  /** Needed for asynchronous order and for finite β. */
  readonly random?: RandomSource;
}

export function createHopfield(patterns: PatternSet, initial?: Int8Array): Hopfield {
  const { n, count } = patterns;
  const byUnit = new Int8Array(n * count);
  for (let mu = 0; mu < count; mu++) {
    for (let i = 0; i < n; i++) byUnit[i * count + mu] = patterns.data[mu * n + i]!;
  }
  const net: Hopfield = {
    n,
    patterns,
    state: new Int8Array(n).fill(1),
    sums: new Int32Array(count),
    byUnit,
    next: new Int8Array(n),
    order: new Int32Array(n),
  };
  setState(net, initial ?? net.state);
  return net;
}

/** Copies a ±1 state into the network and recomputes the overlaps. */
export function setState(net: Hopfield, state: Int8Array): void {
  if (state.length !== net.n) throw new RangeError(`The network has ${net.n} units; the state has ${state.length}.`);
  for (let i = 0; i < net.n; i++) {
    const s = state[i];
    if (s !== 1 && s !== -1) throw new RangeError(`Unit ${i + 1} is ${s}; units are +1 or -1.`);
  }
  net.state.set(state);
  const { n, count, data } = net.patterns;
  for (let mu = 0; mu < count; mu++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[mu * n + i]! * net.state[i]!;
    net.sums[mu] = sum;
  }
}

/** N · h_i, an integer. */
function scaledField(net: Hopfield, i: number): number {
  const p = net.patterns.count;
  let sum = 0;
  for (let mu = 0, k = i * p; mu < p; mu++, k++) sum += net.byUnit[k]! * net.sums[mu]!;
  return sum - p * net.state[i]!;
}

/** The local field h_i = Σ_j w_ij S_j. */
export function localField(net: Hopfield, i: number): number {
  return scaledField(net, i) / net.n;
}

/** The new state of a unit with field N · h: sgn(h) (a tie keeps `current`), or a draw with Prob{+1} = g(h). */
function chooseSpin(scaled: number, current: number, n: number, beta: number, random: RandomSource | undefined): number {
  if (beta === Infinity) return scaled > 0 ? 1 : scaled < 0 ? -1 : current;
  const g = 0.5 * (1 + tanh((beta * scaled) / n));
  return random!.uniform() < g ? 1 : -1;
}

function flip(net: Hopfield, i: number): void {
  const s = -net.state[i]!;
  net.state[i] = s;
  const p = net.patterns.count;
  const twice = 2 * s;
  for (let mu = 0, k = i * p; mu < p; mu++, k++) net.sums[mu] = net.sums[mu]! + twice * net.byUnit[k]!;
}

function checkStep(options: StepOptions): number {
  const beta = options.beta ?? Infinity;
  if (!(beta >= 0)) throw new RangeError(`The inverse temperature β must be ≥ 0, got ${beta}.`);
  if (options.random === undefined && (options.mode === 'async' || beta !== Infinity)) {
    throw new RangeError('Asynchronous or stochastic updates need a seeded random source.');
  }
  return beta;
}

/**
 * One time step: every unit updated once, either all together from the old state ('sync', S(t+1) = sgn[W S(t)])
 * or one after the other in a fresh random order ('async', one sweep). Returns the number of units that changed.
 */
export function step(net: Hopfield, options: StepOptions): number {
  const beta = checkStep(options);
  const { n, state, next, order } = net;
  const random = options.random;
  let changed = 0;
  if (options.mode === 'sync') {
    for (let i = 0; i < n; i++) next[i] = chooseSpin(scaledField(net, i), state[i]!, n, beta, random);
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
    if (chooseSpin(scaledField(net, i), state[i]!, n, beta, random) !== state[i]) {
      flip(net, i);
      changed++;
    }
  }
  return changed;
}

/** Overlaps m^μ = (1/N) Σ_i p_i^μ S_i with every stored pattern, written into `out` (allocated if absent). */
export function overlaps(net: Hopfield, out = new Float64Array(net.patterns.count)): Float64Array {
  for (let mu = 0; mu < net.patterns.count; mu++) out[mu] = net.sums[mu]! / net.n;
  return out;
}

/** E = −½ Σ_{i≠j} w_ij S_i S_j = −(1/2N) [Σ_μ (M^μ)² − P N], exact from the integer overlaps. */
export function energy(net: Hopfield): number {
  let squares = 0;
  for (let mu = 0; mu < net.patterns.count; mu++) squares += net.sums[mu]! * net.sums[mu]!;
  return -(squares - net.patterns.count * net.n) / (2 * net.n);
}

export type RecallEnd = 'fixed-point' | 'two-cycle' | 'step-limit';

export interface RecallResult {
  /** Steps taken, counting the last one that confirmed the end (a state already fixed takes 1). */
  readonly steps: number;
  readonly end: RecallEnd;
}

/**
 * Runs deterministic dynamics until no unit changes (a fixed point), the synchronous dynamics repeats the
 * state of two steps before (a 2-cycle, the only other attractor of synchronous sign dynamics with symmetric
 * weights; Goles et al. 1985), or `maxSteps` pass.
 */
export function recall(net: Hopfield, mode: UpdateMode, maxSteps: number, random?: RandomSource): RecallResult {
  const twoBack = mode === 'sync' ? net.state.slice() : undefined;
  const previous = mode === 'sync' ? net.state.slice() : undefined;
  for (let steps = 1; steps <= maxSteps; steps++) {
    const changed = step(net, random === undefined ? { mode } : { mode, random });
    if (changed === 0) return { steps, end: 'fixed-point' };
    if (twoBack !== undefined && previous !== undefined) {
      let same = true;
      for (let i = 0; i < net.n && same; i++) same = net.state[i] === twoBack[i];
      if (same) return { steps, end: 'two-cycle' };
      twoBack.set(previous);
      previous.set(net.state);
    }
  }
  return { steps: maxSteps, end: 'step-limit' };
}

/** The full weight matrix (N × N, row-major, zero diagonal), for display and histograms of small networks. */
export function hebbianWeights(patterns: PatternSet): Float64Array {
  const { n, count, data } = patterns;
  if (n > 4096) throw new RangeError(`A ${n} × ${n} weight matrix is too large to build; the dynamics never need it.`);
  const w = new Float64Array(n * n);
  for (let mu = 0; mu < count; mu++) {
    const base = mu * n;
    for (let i = 0; i < n; i++) {
      const pi = data[base + i]!;
      for (let j = 0; j < n; j++) w[i * n + j] = w[i * n + j]! + pi * data[base + j]!;
    }
  }
  for (let k = 0; k < n * n; k++) w[k] = w[k]! / n;
  for (let i = 0; i < n; i++) w[i * n + i] = 0;
  return w;
}
