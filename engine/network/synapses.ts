/**
 * Synapses of a projection between populations: what a presynaptic spike does to its target once it arrives.
 *
 *   current-delta     v ← v + w at arrival                                   w in the voltage unit (mV)
 *   current-exp       I_syn = s,            τ ds/dt = −s,   s ← s + w         w in the input unit (nA)
 *   conductance-exp   I_syn = g (E − v),    τ dg/dt = −g,   g ← g + w         w in input unit / voltage unit (µS)
 *
 * Source: Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), Sec. 3.1 (Eq. 3.2: the conductance
 * synapse with reversal potential; exponential decay of g) and Brunel, J. Comput. Neurosci. 8:183 (2000), Eq. 2
 * (delta synapses: each spike makes the postsynaptic potential jump by J). The current-exp synapse is the
 * conductance synapse with the driving force taken as constant (Neuronal Dynamics, Sec. 13.6.1).
 *
 * The traces s and g are linear, so their decay is exact at any dt: they are multiplied by exp(−dt/τ) once per
 * step. The current they make is sampled at the start of a step and held over it (the neuron's own input is
 * piecewise constant per step), which is first order in dt: a coupling error of order dt/τ per step.
 */
import { exp } from '../math/deterministic.ts';

export const synapseKinds = ['current-delta', 'current-exp', 'conductance-exp'] as const;
export type SynapseKind = (typeof synapseKinds)[number];

/** What one projection's synapses do; `tau` (ms) for the exponential kinds, `E` (voltage unit) for conductances. */
export type Synapse =
  | { readonly kind: 'current-delta' }
  | { readonly kind: 'current-exp'; readonly tau: number }
  | { readonly kind: 'conductance-exp'; readonly tau: number; readonly E: number };

/** The synaptic trace of one projection on its postsynaptic population: s or g per target neuron. */
export interface SynapseState {
  readonly synapse: Synapse;
  /** s (input unit) or g (conductance unit) per postsynaptic neuron; unused (empty) for delta synapses. */
  readonly trace: Float64Array;
  /** exp(−dt/τ): the exact decay of the trace over one step (1 for delta synapses). */
  readonly decay: number;
}

/** Problems with a synapse description, in words; empty when it is usable. */
export function checkSynapse(synapse: Synapse): string[] {
  const problems: string[] = [];
  if (!(synapseKinds as readonly string[]).includes(synapse.kind)) {
    problems.push(`A synapse kind must be one of ${synapseKinds.join(', ')}, got ${JSON.stringify(synapse.kind)}.`);
    return problems;
  }
  if (synapse.kind !== 'current-delta' && !(Number.isFinite(synapse.tau) && synapse.tau > 0)) {
    problems.push(`The synaptic time constant tau must be a positive number of ms, got ${String(synapse.tau)}.`);
  }
  if (synapse.kind === 'conductance-exp' && !Number.isFinite(synapse.E)) {
    problems.push(`A conductance synapse needs its reversal potential E, got ${String(synapse.E)}.`);
  }
  return problems;
}

export function createSynapseState(synapse: Synapse, nPost: number, dt: number): SynapseState {
  const problems = checkSynapse(synapse);
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  if (synapse.kind === 'current-delta') return { synapse, trace: new Float64Array(0), decay: 1 };
  return { synapse, trace: new Float64Array(nPost), decay: exp(-dt / synapse.tau) };
}

/** Adds the synaptic current at the start of a step to `input`; conductances use the voltage `v` then. */
export function addSynapticCurrent(state: SynapseState, v: Float64Array, input: Float64Array): void {
  const { synapse, trace } = state;
  if (synapse.kind === 'current-exp') {
    for (let k = 0; k < trace.length; k++) input[k]! += trace[k]!;
  } else if (synapse.kind === 'conductance-exp') {
    const E = synapse.E;
    for (let k = 0; k < trace.length; k++) input[k]! += trace[k]! * (E - v[k]!);
  }
}

/** Decays the trace over one step. */
export function decaySynapses(state: SynapseState): void {
  const { trace, decay } = state;
  for (let k = 0; k < trace.length; k++) trace[k]! *= decay;
}

/**
 * Applies the summed weights `arrived` (per postsynaptic neuron) of the spikes arriving now: a jump of the
 * voltage `v` for delta synapses, of the trace otherwise.
 */
export function receiveSpikes(state: SynapseState, arrived: Float64Array, v: Float64Array): void {
  const into = state.synapse.kind === 'current-delta' ? v : state.trace;
  for (let k = 0; k < arrived.length; k++) into[k]! += arrived[k]!;
}
