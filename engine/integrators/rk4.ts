/**
 * Classical fourth-order Runge–Kutta. The last stage samples the input's left limit at t + h, so a step
 * that ends exactly where a current switches still sees the current of its own segment (sampling the next
 * segment there would add an O(h) error and cost the method its order).
 */
import type { FixedStepMethod } from './integrator.ts';

export const rk4: FixedStepMethod = {
  kind: 'fixed',
  id: 'rk4',
  title: 'Runge–Kutta 4',
  order: 4,
  description: 'Four slopes per step, combined to cancel errors up to fourth order.',
  create(system, p, drive) {
    const n = system.dimension;
    const k1 = new Float64Array(n);
    const k2 = new Float64Array(n);
    const k3 = new Float64Array(n);
    const k4 = new Float64Array(n);
    const stage = new Float64Array(n);
    return {
      step(t, y, h) {
        const half = h / 2;
        // The start first: a drive that remembers its last value then has it from the previous step's end.
        system.rhs(t, y, k1, p, drive.after(t));
        const inputMid = drive.at(t + half);
        for (let i = 0; i < n; i++) stage[i] = y[i]! + half * k1[i]!;
        system.rhs(t + half, stage, k2, p, inputMid);
        for (let i = 0; i < n; i++) stage[i] = y[i]! + half * k2[i]!;
        system.rhs(t + half, stage, k3, p, inputMid);
        for (let i = 0; i < n; i++) stage[i] = y[i]! + h * k3[i]!;
        system.rhs(t + h, stage, k4, p, drive.before(t + h));
        for (let i = 0; i < n; i++) y[i]! += (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      },
    };
  },
};
