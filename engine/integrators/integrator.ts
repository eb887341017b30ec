/**
 * Integrators know nothing about neurons: they advance `dy/dt = f(t, y, input(t))` by a step h, in place.
 * A factory allocates its scratch arrays once; `step` never allocates, so it can run in a hot loop.
 */
import type { Relaxation, RightHandSide } from '../models/model.ts';
import type { Drive } from '../stimuli/stimulus.ts';

export interface OdeSystem<P> {
  readonly dimension: number;
  readonly rhs: RightHandSide<P>;
  /** Needed only by the methods that use the relaxation form (`exact`, `exponential-euler`). */
  readonly relaxation?: Relaxation<P> | undefined;
}

export interface Stepper {
  /**
   * Advances y from t to t + h. The caller guarantees no stimulus discontinuity lies strictly inside
   * (t, t + h), so stages at t + h use the left limit of the input.
   */
  step(t: number, y: Float64Array, h: number): void;
}

/** What a method needs from a model beyond its right-hand side. */
export type Requirement = 'relaxation' | 'linear' | 'published';

export interface MethodInfo {
  readonly id: string;
  readonly title: string;
  /** Global order of accuracy for smooth problems, checked by the convergence tests (0: not a convergent scheme). */
  readonly order: number;
  readonly description: string;
  readonly requires?: Requirement;
}

/** A fixed-step method: the simulator drives it one step (or sub-step) at a time. */
export interface FixedStepMethod extends MethodInfo {
  readonly kind: 'fixed';
  create<P>(system: OdeSystem<P>, p: P, drive: Drive): Stepper;
}

/** Methods with their own driver loop: error-controlled steps, or a model's published scheme. */
export interface DriverMethod extends MethodInfo {
  readonly kind: 'adaptive' | 'published';
}

export type Method = FixedStepMethod | DriverMethod;
