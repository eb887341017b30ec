/**
 * What every neuron model provides: data (its registry, state variables) and pure functions.
 * The right-hand side writes into a preallocated array, the shape used by dopri-js and ode-rk4, so
 * integrators never allocate in the hot loop. Threshold, reset and refractoriness are events kept apart
 * from the equations, as Brian2 keeps `threshold=` and `reset=` apart from its equation strings.
 *
 * Method syntax (rather than function-typed properties) is deliberate: it lets a model with named
 * parameters, NeuronModel<'tauM' | ...>, stand wherever a NeuronModel<string> is expected.
 */
import type { ParamProblem, ParamValues, Registry } from '../params/registry.ts';
import type { InputScale } from '../stimuli/stimulus.ts';

export interface StateVariable {
  readonly name: string;
  readonly symbol: string;
  readonly unit: string;
  readonly meaning: string;
}

/** `dydt[i] = f_i(t, y, p, input)`; `input` is the injected current at time t in the model's input unit. */
export type RightHandSide<P> = (t: number, y: Float64Array, dydt: Float64Array, p: P, input: number) => void;

/**
 * Relaxation form `dy_i/dt = (target_i - y_i) / tau_i`, with target and tau held fixed over a step.
 * For a linear model under piecewise-constant input this gives the exact update; for models whose target
 * and tau depend on the state (gating variables, a conductance-based membrane) it is exponential Euler.
 */
export type Relaxation<P> = (t: number, y: Float64Array, target: Float64Array, tau: Float64Array, p: P, input: number) => void;

export interface SpikeEvents<P> {
  /**
   * Signed distance to the firing condition; a spike is an upward crossing of zero (`u - theta` for the
   * LIF, `v` for Hodgkin–Huxley). A number rather than a boolean so the crossing can be located in a step.
   */
  threshold(y: Float64Array, p: P): number;
  /**
   * Applies the reset in place after a spike. Models without one (Hodgkin–Huxley, FitzHugh–Nagumo) only
   * record upward crossings and keep integrating.
   */
  reset?(y: Float64Array, p: P): void;
  /** Absolute refractory period after a spike, in ms; during it the voltage is held at its reset value. */
  refractoryPeriod?(p: P): number;
}

/**
 * A model's own published numerics, reproduced step for step (Izhikevich's figure1.m loop): one call
 * advances the state by dt, applies the model's reset itself, and says whether the step spiked. The spike
 * is then recorded at the start of that step, as the original scripts do.
 */
export interface PublishedNumerics<P> {
  readonly description: string;
  step(y: Float64Array, dt: number, p: P, input: number): boolean;
}

/** Jumps of state variables at given times (synaptic conductances kicked by presynaptic spikes). */
export interface Impulses {
  /** Sorted times in ms. */
  readonly times: Float64Array;
  /** State-variable index that jumps at each time. */
  readonly variable: Int32Array;
  readonly amount: Float64Array;
}

export interface NeuronModel<Name extends string = string> {
  readonly id: string;
  readonly title: string;
  /** Where the equations and default values come from (book, paper, table, equation number). */
  readonly source: string;
  readonly params: Registry<Name>;
  readonly state: readonly StateVariable[];
  /** Index of the membrane potential in the state vector. */
  readonly voltage: number;
  /** The injected input the model takes: unit ('' for dimensionless models) and the range stimuli may use. */
  readonly input: InputScale;
  /** Integration method and time step (ms) that meet the reference tolerances for this model. */
  readonly defaultMethod: string;
  readonly defaultDt: number;
  /** True when the equations are linear, so the `exact` method applies. */
  readonly linear?: boolean;
  readonly events?: SpikeEvents<ParamValues<Name>>;
  readonly published?: PublishedNumerics<ParamValues<Name>>;
  /** The state at rest: the stable fixed point with no input. */
  initialState(p: ParamValues<Name>): Float64Array;
  /** `dydt[i] = f_i(t, y, p, input)`, written in place. */
  rhs(t: number, y: Float64Array, dydt: Float64Array, p: ParamValues<Name>, input: number): void;
  /** Present only for models that can be written in relaxation form (see `Relaxation`). */
  relaxation?(t: number, y: Float64Array, target: Float64Array, tau: Float64Array, p: ParamValues<Name>, input: number): void;
  /** Analytic Jacobian ∂f_i/∂y_j, row-major, where the model has one (the phase plane uses it; else finite differences). */
  jacobian?(y: ArrayLike<number>, J: Float64Array, p: ParamValues<Name>, input: number): void;
  /** Conditions between parameters that ranges alone cannot express (the reset must lie below threshold). */
  constraints?(p: ParamValues<Name>): ParamProblem[];
  /** Scheduled jumps of state variables, e.g. from presynaptic spike trains; seeded where random. */
  impulses?(p: ParamValues<Name>, context: { readonly duration: number; readonly seed: number }): Impulses;
}
