import { euler } from './euler.ts';
import { exact } from './exact.ts';
import type { Method } from './integrator.ts';
import { rk4 } from './rk4.ts';

export const methods = { euler, rk4, exact } as const satisfies Record<string, Method>;
export type MethodId = keyof typeof methods;

export function isMethodId(id: unknown): id is MethodId {
  return typeof id === 'string' && Object.hasOwn(methods, id);
}
