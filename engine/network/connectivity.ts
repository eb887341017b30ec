/**
 * Synaptic connectivity between a presynaptic and a postsynaptic population, built from seeded rules.
 *
 * Two layouts, both indexed by the presynaptic neuron because a spike is delivered by walking the outgoing
 * synapses of the neuron that fired:
 * - dense: a full nPre × nPost matrix, row p holding neuron p's weights onto every target (net.m's S(:, p),
 *   which MATLAB also stores contiguously). Delivering a spike is one contiguous row addition.
 * - sparse: compressed sparse rows (CSR) — `rowStart[p] … rowStart[p + 1] − 1` index `target` and `weight`
 *   (and `delay`, in steps, when synapses have their own delays).
 *
 * Rules: all-to-all, fixed connection probability (each pair independently, Brian2's `connect(p=…)`), and fixed
 * in-degree (each postsynaptic neuron draws exactly k distinct presynaptic partners, NEST's `fixed_indegree`).
 * The weight of each synapse comes from a caller's `weight(random, pre, post)`, drawn in construction order so
 * a seed fixes the whole network.
 */
import type { RandomSource } from '../random/rng.ts';

export interface DenseConnectivity {
  readonly kind: 'dense';
  readonly nPre: number;
  readonly nPost: number;
  /** Row-major by presynaptic neuron: weight of pre → post at `pre * nPost + post`. */
  readonly weight: Float64Array;
}

export interface SparseConnectivity {
  readonly kind: 'sparse';
  readonly nPre: number;
  readonly nPost: number;
  /** Length nPre + 1. */
  readonly rowStart: Int32Array;
  readonly target: Int32Array;
  /** Single precision: at 10⁷ synapses the weights would otherwise take 80 MB of a browser tab. */
  readonly weight: Float32Array;
  /** Per-synapse delay in time steps, when synapses have their own delays. */
  readonly delay?: Uint16Array;
}

export type Connectivity = DenseConnectivity | SparseConnectivity;

/** Draws one weight; called once per synapse, in construction order. */
export type WeightRule = (random: RandomSource, pre: number, post: number) => number;

/** The largest dense matrix the engine builds (a 5000 × 5000 matrix of doubles takes 200 MB). */
export const MAX_DENSE_SYNAPSES = 25_000_000;
/** The largest sparse network the engine builds (10⁴ neurons with 2000 inputs each; 160 MB). */
export const MAX_SPARSE_SYNAPSES = 20_000_000;

function checkSize(nPre: number, nPost: number): void {
  for (const [name, n] of [['nPre', nPre], ['nPost', nPost]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}.`);
  }
}

/** Every pre → post pair; the weights are drawn row by row (all targets of pre 0, then of pre 1, …). */
export function allToAll(nPre: number, nPost: number, weight: WeightRule, random: RandomSource): DenseConnectivity {
  checkSize(nPre, nPost);
  if (nPre * nPost > MAX_DENSE_SYNAPSES) {
    throw new RangeError(`All-to-all between ${nPre} and ${nPost} neurons needs ${nPre * nPost} weights; the limit is ${MAX_DENSE_SYNAPSES}. Use a sparse rule (fixed in-degree).`);
  }
  const matrix = new Float64Array(nPre * nPost);
  for (let pre = 0; pre < nPre; pre++) {
    const row = pre * nPost;
    for (let post = 0; post < nPost; post++) matrix[row + post] = weight(random, pre, post);
  }
  return { kind: 'dense', nPre, nPost, weight: matrix };
}

/** Compressed rows from (pre, post, weight) triples given in any order. */
export function fromTriples(nPre: number, nPost: number, pre: Int32Array, post: Int32Array, weight: ArrayLike<number>, delay?: Uint16Array): SparseConnectivity {
  checkSize(nPre, nPost);
  const count = pre.length;
  const rowStart = new Int32Array(nPre + 1);
  for (let s = 0; s < count; s++) {
    const p = pre[s]!;
    if (p < 0 || p >= nPre || post[s]! < 0 || post[s]! >= nPost) throw new RangeError(`Synapse ${s} (${p} → ${post[s]}) lies outside ${nPre} × ${nPost}.`);
    rowStart[p + 1]!++;
  }
  for (let p = 0; p < nPre; p++) rowStart[p + 1]! += rowStart[p]!;
  const next = rowStart.slice(0, nPre);
  const target = new Int32Array(count);
  const weights = new Float32Array(count);
  const delays = delay ? new Uint16Array(count) : undefined;
  for (let s = 0; s < count; s++) {
    const slot = next[pre[s]!]!++;
    target[slot] = post[s]!;
    weights[slot] = weight[s]!;
    if (delays && delay) delays[slot] = delay[s]!;
  }
  return delays ? { kind: 'sparse', nPre, nPost, rowStart, target, weight: weights, delay: delays } : { kind: 'sparse', nPre, nPost, rowStart, target, weight: weights };
}

/** Each pair independently with probability p (expected p · nPre · nPost synapses); self-pairs included. */
export function fixedProbability(nPre: number, nPost: number, p: number, weight: WeightRule, random: RandomSource): SparseConnectivity {
  checkSize(nPre, nPost);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`A connection probability must lie in [0, 1], got ${p}.`);
  if (p * nPre * nPost > MAX_SPARSE_SYNAPSES) throw new RangeError(`About ${Math.round(p * nPre * nPost)} synapses exceed the limit of ${MAX_SPARSE_SYNAPSES}.`);
  const pres: number[] = [];
  const posts: number[] = [];
  const weights: number[] = [];
  for (let pre = 0; pre < nPre; pre++) {
    for (let post = 0; post < nPost; post++) {
      if (random.uniform() < p) {
        pres.push(pre);
        posts.push(post);
        weights.push(weight(random, pre, post));
      }
    }
  }
  return fromTriples(nPre, nPost, Int32Array.from(pres), Int32Array.from(posts), weights);
}

/** One class of inputs for `fixedInDegree`: k distinct partners from pre[from … to − 1], weights from `weight`. */
export interface InDegreeGroup {
  readonly from: number;
  readonly to: number;
  readonly k: number;
  readonly weight: WeightRule;
}

/**
 * Each postsynaptic neuron receives exactly k synapses from k distinct neurons of each group (NEST's
 * `fixed_indegree`; Brunel 2000's C_E excitatory and C_I inhibitory inputs). Partners are a partial Fisher–Yates
 * shuffle per target, undone afterwards so each target costs O(k), not O(pool). Built straight into compressed
 * rows: the partners are drawn once (post by post, group by group), counted per presynaptic neuron, then placed,
 * drawing each weight as its synapse is placed; no intermediate triple arrays, which at 10⁷ synapses would
 * cost more memory than the network.
 */
export function fixedInDegree(nPre: number, nPost: number, groups: readonly InDegreeGroup[], random: RandomSource): SparseConnectivity {
  checkSize(nPre, nPost);
  let perPost = 0;
  for (const { from, to, k } of groups) {
    const pool = to - from;
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= nPre && pool >= 0)) throw new RangeError(`A group's range ${from} … ${to} must lie within 0 … ${nPre}.`);
    if (!Number.isInteger(k) || k < 0 || k > pool) throw new RangeError(`An in-degree must be a whole number from 0 to ${pool}, got ${k}.`);
    perPost += k;
  }
  if (perPost * nPost > MAX_SPARSE_SYNAPSES) throw new RangeError(`${perPost * nPost} synapses exceed the limit of ${MAX_SPARSE_SYNAPSES}.`);
  const partners = new Int32Array(perPost * nPost);
  const candidates = new Int32Array(nPre);
  for (let i = 0; i < nPre; i++) candidates[i] = i;
  const picks = new Int32Array(perPost);
  let s = 0;
  for (let post = 0; post < nPost; post++) {
    let p = 0;
    for (const { from, to, k } of groups) {
      const pool = to - from;
      for (let j = 0; j < k; j++) {
        const pick = from + j + Math.floor(random.uniform() * (pool - j));
        picks[p++] = pick;
        const chosen = candidates[pick]!;
        candidates[pick] = candidates[from + j]!;
        candidates[from + j] = chosen;
        partners[s++] = chosen;
      }
    }
    // Undo the swaps in reverse order.
    for (let g = groups.length - 1, q = p - 1; g >= 0; g--) {
      const { from, k } = groups[g]!;
      for (let j = k - 1; j >= 0; j--, q--) {
        const pick = picks[q]!;
        const swapped = candidates[from + j]!;
        candidates[from + j] = candidates[pick]!;
        candidates[pick] = swapped;
      }
    }
  }
  const rowStart = new Int32Array(nPre + 1);
  for (let q = 0; q < partners.length; q++) rowStart[partners[q]! + 1]!++;
  for (let pre = 0; pre < nPre; pre++) rowStart[pre + 1]! += rowStart[pre]!;
  const next = rowStart.slice(0, nPre);
  const target = new Int32Array(partners.length);
  const weight = new Float32Array(partners.length);
  s = 0;
  for (let post = 0; post < nPost; post++) {
    for (const group of groups) {
      for (let j = 0; j < group.k; j++) {
        const pre = partners[s++]!;
        const slot = next[pre]!++;
        target[slot] = post;
        weight[slot] = group.weight(random, pre, post);
      }
    }
  }
  return { kind: 'sparse', nPre, nPost, rowStart, target, weight };
}

/** Number of synapses. */
export function synapseCount(connectivity: Connectivity): number {
  return connectivity.kind === 'dense' ? connectivity.nPre * connectivity.nPost : connectivity.target.length;
}

/**
 * Adds the outgoing weights of presynaptic neuron `pre` into `input` (indexed by postsynaptic neuron), times
 * `scale`. Synapses with their own delays are not handled here (see the delay buffer in population.ts).
 */
export function deliver(connectivity: Connectivity, pre: number, input: Float64Array, scale = 1): void {
  if (connectivity.kind === 'dense') {
    const { weight, nPost } = connectivity;
    const row = pre * nPost;
    for (let post = 0; post < nPost; post++) input[post]! += scale * weight[row + post]!;
  } else {
    const { rowStart, target, weight } = connectivity;
    const end = rowStart[pre + 1]!;
    for (let s = rowStart[pre]!; s < end; s++) input[target[s]!]! += scale * weight[s]!;
  }
}
