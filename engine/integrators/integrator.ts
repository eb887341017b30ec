/**
 * Integrators know nothing about neurons: they advance `dy/dt = f(t, y, input(t))` by a step h, in place.
 * A factory allocates its scratch arrays once; `step` never allocates, so it can run in a hot loop.
 */
import type { Relaxation, RightHandSide } from '../models/model.ts';
import type { Drive } from '../stimuli/stimulus.ts';

export interface OdeSystem<P> {
  readonly dimension: number;
  readonly rhs: RightHandSide<P>;
  /** Needed only by methods that use the relaxation form (`exact`). */
  readonly relaxation?: Relaxation<P> | undefined;
}

export interface Stepper {
  /**
   * Advances y from t to t + h. The caller guarantees no stimulus discontinuity lies strictly inside
   * (t, t + h), so stages at t + h use the left limit of the input.
   */
  step(t: number, y: Float64Array, h: number): void;
}

export interface Method {
  readonly id: string;
  readonly title: string;
  /** Global order of accuracy for smooth problems, checked by the convergence tests. */
  readonly order: number;
  readonly description: string;
  /** Whether the method needs the model's relaxation form. */
  readonly needsRelaxation: boolean;
  create<P>(system: OdeSystem<P>, p: P, drive: Drive): Stepper;
}
