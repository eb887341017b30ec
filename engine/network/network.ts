/**
 * A network of populations (population.ts) joined by projections: seeded connectivity (connectivity.ts), a
 * synapse kind (synapses.ts: current-based delta or exponential, conductance-based exponential) and an axonal
 * delay, uniform in ms or per synapse in steps. Spikes travel through a ring buffer of pending weights, one slot
 * per delay step, so a delay costs memory in proportion to its length and nothing per step.
 */
import { deliver, type Connectivity, type SparseConnectivity } from './connectivity.ts';
import type { PerNeuron, Population } from './population.ts';
import { addSynapticCurrent, checkSynapse, createSynapseState, decaySynapses, receiveSpikes, type Synapse, type SynapseState } from './synapses.ts';

/** A projection from one population onto another (or onto itself), by population name. */
export interface Projection {
  readonly from: string;
  readonly to: string;
  /** nPre = size of `from`, nPost = size of `to` (see connectivity.ts for the seeded rules). */
  readonly connectivity: Connectivity;
  readonly synapse: Synapse;
  /**
   * Axonal delay in ms, the same for every synapse, a whole number of steps (0 by default). Synapses with
   * their own delays carry them in the sparse connectivity's `delay` (steps); give one or the other.
   */
  readonly delay?: number;
}

export interface NetworkSpec {
  /** By name; every population must share one dt. */
  readonly populations: Readonly<Record<string, Population>>;
  readonly projections: readonly Projection[];
}

/** A projection while the network runs: its synaptic trace and the weights on their way, slot by delay. */
export interface ProjectionState {
  readonly projection: Projection;
  readonly synapse: SynapseState;
  /** Steps between a spike and its arrival, when uniform (−1 when every synapse has its own). */
  readonly delaySteps: number;
  /** Ring buffer: pending[(j + d) mod length] holds the weights arriving at the end of step j + d. */
  readonly pending: readonly Float64Array[];
}

export interface Network {
  readonly populations: Readonly<Record<string, Population>>;
  readonly projections: readonly ProjectionState[];
  readonly dt: number;
  readonly t: number;
  readonly steps: number;
  /**
   * One step of every population. Order: synaptic currents from the traces and the voltages at the step's
   * start; every population steps; traces decay; this step's spikes are queued; the weights due now arrive
   * (delta synapses jump v, the others their trace). A spike in step j (time in (j dt, (j + 1) dt]) with a delay
   * of d steps arrives at (j + 1 + d) dt: between d dt and (d + 1) dt after it.
   */
  step(input?: Readonly<Record<string, PerNeuron>>): void;
}

/** Pending slots the ring buffers may hold in all (delays × postsynaptic neurons): 160 MB of doubles. */
export const MAX_PENDING = 20_000_000;

export function createNetwork(spec: NetworkSpec): Network {
  const names = Object.keys(spec.populations);
  const populations = names.map((name) => spec.populations[name]!);
  if (populations.length === 0) throw new RangeError('A network needs at least one population.');
  const dt = populations[0]!.dt;
  const problems: string[] = [];
  for (const [i, population] of populations.entries()) {
    if (population.dt !== dt) problems.push(`Population "${names[i]}" has dt = ${population.dt} ms, "${names[0]}" ${dt} ms; a network needs one dt.`);
    if (population.steps !== populations[0]!.steps) problems.push(`Population "${names[i]}" has already been stepped apart from the others.`);
  }
  let pendingTotal = 0;
  const projections: ProjectionState[] = [];
  for (const [index, projection] of spec.projections.entries()) {
    const label = `Projection ${index} (${projection.from} → ${projection.to})`;
    const pre = spec.populations[projection.from];
    const post = spec.populations[projection.to];
    if (!pre || !post) {
      problems.push(`${label} names a population that is not in the network (${names.join(', ')}).`);
      continue;
    }
    const { connectivity } = projection;
    if (connectivity.nPre !== pre.n || connectivity.nPost !== post.n) {
      problems.push(`${label}: the connectivity is ${connectivity.nPre} × ${connectivity.nPost}, the populations ${pre.n} × ${post.n}.`);
    }
    problems.push(...checkSynapse(projection.synapse).map((message) => `${label}: ${message}`));
    const own = connectivity.kind === 'sparse' ? connectivity.delay : undefined;
    let delaySteps = -1;
    let maxDelay = 0;
    if (own) {
      if (projection.delay !== undefined) problems.push(`${label}: its synapses carry their own delays; give no projection delay as well.`);
      for (let s = 0; s < own.length; s++) maxDelay = Math.max(maxDelay, own[s]!);
    } else {
      const delay = projection.delay ?? 0;
      delaySteps = Math.round(delay / dt);
      if (!(Number.isFinite(delay) && delay >= 0 && Math.abs(delaySteps * dt - delay) <= 1e-9 * Math.max(1, delay))) {
        problems.push(`${label}: the delay (${delay} ms) must be a whole number of steps of ${dt} ms, ≥ 0.`);
        delaySteps = 0;
      }
      maxDelay = delaySteps;
    }
    pendingTotal += (maxDelay + 1) * post.n;
    if (problems.length > 0) continue;
    if (pendingTotal > MAX_PENDING) {
      problems.push(`The delays need ${pendingTotal} pending values in all; the limit is ${MAX_PENDING}. Use shorter delays or a larger dt.`);
      continue;
    }
    projections.push({
      projection,
      synapse: createSynapseState(projection.synapse, post.n, dt),
      delaySteps,
      pending: Array.from({ length: maxDelay + 1 }, () => new Float64Array(post.n)),
    });
  }
  if (problems.length > 0) throw new RangeError(problems.join(' '));

  const inputs = populations.map((population) => new Float64Array(population.n));
  const byName = (name: string) => populations[names.indexOf(name)]!;
  const start = populations[0]!.steps;
  let steps = 0;
  return {
    populations: spec.populations,
    projections,
    dt,
    get t() {
      return (start + steps) * dt;
    },
    get steps() {
      return start + steps;
    },
    step(external = {}) {
      for (const [i, name] of names.entries()) {
        const value = external[name] ?? 0;
        if (typeof value === 'number') inputs[i]!.fill(value);
        else if (value.length === inputs[i]!.length) inputs[i]!.set(value);
        else throw new RangeError(`The input to "${name}" needs ${inputs[i]!.length} values, got ${value.length}.`);
      }
      for (const state of projections) addSynapticCurrent(state.synapse, byName(state.projection.to).v, inputs[names.indexOf(state.projection.to)]!);
      for (const [i, population] of populations.entries()) population.step(inputs[i]!);
      for (const state of projections) {
        decaySynapses(state.synapse);
        const pre = byName(state.projection.from);
        const length = state.pending.length;
        const now = steps % length;
        queueSpikes(state, pre.spiked, pre.spikeCount, now);
        const arrived = state.pending[now]!;
        receiveSpikes(state.synapse, arrived, byName(state.projection.to).v);
        arrived.fill(0);
      }
      steps++;
    },
  };
}

/** Adds the weights of this step's spikes to the slots of their arrival steps (`now` is this step's slot). */
function queueSpikes(state: ProjectionState, spiked: Int32Array, count: number, now: number): void {
  const { connectivity } = state.projection;
  const { pending, delaySteps } = state;
  const length = pending.length;
  if (delaySteps >= 0) {
    const into = pending[(now + delaySteps) % length]!;
    for (let f = 0; f < count; f++) deliver(connectivity, spiked[f]!, into);
    return;
  }
  // Per-synapse delays: only sparse connectivity carries them.
  const { rowStart, target, weight, delay } = connectivity as SparseConnectivity;
  for (let f = 0; f < count; f++) {
    const pre = spiked[f]!;
    const end = rowStart[pre + 1]!;
    for (let s = rowStart[pre]!; s < end; s++) pending[(now + delay![s]!) % length]![target[s]!]! += weight[s]!;
  }
}
