/** Forward Euler: y(t + h) = y(t) + h f(t, y(t)). First order; the method of most textbook code. */
import type { FixedStepMethod } from './integrator.ts';

export const euler: FixedStepMethod = {
  kind: 'fixed',
  id: 'euler',
  title: 'Forward Euler',
  order: 1,
  description: 'One slope per step, taken at the start of the step. Simple, first order.',
  create(system, p, drive) {
    const dydt = new Float64Array(system.dimension);
    return {
      step(t, y, h) {
        system.rhs(t, y, dydt, p, drive.after(t));
        for (let i = 0; i < y.length; i++) y[i]! += h * dydt[i]!;
      },
    };
  },
};
