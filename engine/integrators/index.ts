import { euler } from './euler.ts';
import { exact } from './exact.ts';
import { exponentialEuler } from './exponential-euler.ts';
import type { DriverMethod, Method } from './integrator.ts';
import { rk4 } from './rk4.ts';

const adaptive: DriverMethod = {
  kind: 'adaptive',
  id: 'adaptive',
  title: 'Adaptive Dormand–Prince 5(4)',
  order: 5,
  description: 'Chooses each step from an error estimate (relative tolerance rtol); threshold crossings located inside the step.',
};

const published: DriverMethod = {
  kind: 'published',
  id: 'published',
  title: "The model's published numerics",
  order: 0,
  description: "Reproduces the original script's loop step for step, spikes recorded at the start of the step that crossed.",
  requires: 'published',
};

export const methods = {
  euler,
  rk4,
  exact,
  'exponential-euler': exponentialEuler,
  adaptive,
  published,
} as const satisfies Record<string, Method>;
export type MethodId = keyof typeof methods;

export function isMethodId(id: unknown): id is MethodId {
  return typeof id === 'string' && Object.hasOwn(methods, id);
}
