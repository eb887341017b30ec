/**
 * The exponential update for models in relaxation form dy_i/dt = (target_i - y_i) / tau_i:
 *
 *   y_i(t + h) = target_i + (y_i(t) - target_i) exp(-h / tau_i).
 *
 * For a linear model with input constant over the step (steps, pulses, constant current) this is the exact
 * solution at any h. Target and tau are evaluated at the step's midpoint, so for smoothly varying input
 * (ramp, sine) the update is the exponential midpoint rule, second order in h.
 */
import { exp } from '../math/deterministic.ts';
import type { FixedStepMethod } from './integrator.ts';

export const exact: FixedStepMethod = {
  kind: 'fixed',
  id: 'exact',
  title: 'Exact (exponential)',
  order: 2,
  description: 'Solves the linear equation exactly over each step; exact for piecewise-constant input.',
  requires: 'linear',
  create(system, p, drive) {
    const relaxation = system.relaxation;
    if (!relaxation) throw new TypeError('The exact method needs a model written in relaxation form.');
    const target = new Float64Array(system.dimension);
    const tau = new Float64Array(system.dimension);
    return {
      step(t, y, h) {
        const mid = t + h / 2;
        relaxation(mid, y, target, tau, p, drive.at(mid));
        for (let i = 0; i < y.length; i++) y[i] = target[i]! + (y[i]! - target[i]!) * exp(-h / tau[i]!);
      },
    };
  },
};
