/**
 * What every neuron model provides: data (its registry, state variables) and pure functions.
 * The right-hand side writes into a preallocated array, the shape used by dopri-js and ode-rk4, so
 * integrators never allocate in the hot loop. Threshold, reset and refractoriness are events kept apart
 * from the equations, as Brian2 keeps `threshold=` and `reset=` apart from its equation strings.
 */
import type { ParamProblem, ParamValues, Registry } from '../params/registry.ts';

export interface StateVariable {
  readonly name: string;
  readonly symbol: string;
  readonly unit: string;
  readonly meaning: string;
}

/** `dydt[i] = f_i(t, y, p, input)`; `input` is the injected current at time t in the model's current unit. */
export type RightHandSide<P> = (t: number, y: Float64Array, dydt: Float64Array, p: P, input: number) => void;

/**
 * Linear relaxation form `dy_i/dt = (target_i - y_i) / tau_i`, with target and tau held fixed over a step.
 * For a linear model under piecewise-constant input this gives the exact update; for models whose target
 * and tau depend on the state (gating variables) the same update is exponential Euler.
 */
export type Relaxation<P> = (
  t: number,
  y: Float64Array,
  target: Float64Array,
  tau: Float64Array,
  p: P,
  input: number,
) => void;

/*
 * Method syntax (rather than function-typed properties) below is deliberate: it lets a model with named
 * parameters, NeuronModel<'tauM' | ...>, stand wherever a NeuronModel<string> is expected.
 */
export interface SpikeEvents<P> {
  /**
   * Signed distance to the firing condition, crossing zero upwards at a spike (`u - theta` for the LIF).
   * A number rather than a boolean so the crossing time can be located inside a step.
   */
  threshold(y: Float64Array, p: P): number;
  /** Applies the reset in place, after a spike. */
  reset(y: Float64Array, p: P): void;
  /** Absolute refractory period after a spike, in ms; during it the voltage is held at its reset value. */
  refractoryPeriod?(p: P): number;
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
  /** Unit of the injected current the model expects. */
  readonly currentUnit: string;
  /** Integration method the model is best served by when the caller names none. */
  readonly defaultMethod: string;
  readonly events?: SpikeEvents<ParamValues<Name>>;
  initialState(p: ParamValues<Name>): Float64Array;
  /** `dydt[i] = f_i(t, y, p, input)`, written in place. */
  rhs(t: number, y: Float64Array, dydt: Float64Array, p: ParamValues<Name>, input: number): void;
  /** Present only for models that can be written in relaxation form (see `Relaxation`). */
  relaxation?(t: number, y: Float64Array, target: Float64Array, tau: Float64Array, p: ParamValues<Name>, input: number): void;
  /** Conditions between parameters that ranges alone cannot express (the reset must lie below threshold). */
  constraints?(p: ParamValues<Name>): ParamProblem[];
}
