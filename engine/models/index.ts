import { lif } from './lif.ts';
import type { NeuronModel } from './model.ts';

/** Every model a scenario or widget can name, by id. */
export const models: Readonly<Record<string, NeuronModel>> = { lif };

export function getModel(id: string): NeuronModel | undefined {
  return Object.hasOwn(models, id) ? models[id] : undefined;
}
