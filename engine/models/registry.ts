/**
 * The models a scenario may name, looked up by id. In Node (the runner, the library, the tests) every model is
 * registered as soon as ./index.ts is imported, and engine/scenario.ts imports it. A page's build drops that
 * import (engine modules are side-effect free there, site/lib/vite-worker-chunks.mjs): a widget registers its
 * own model with `loadModel` (./load.ts) before it parses a state, so a lesson fetches only the models it shows.
 */
import type { NeuronModel } from './model.ts';

/** Every model id, in the course's order (error messages list them). */
export const modelIds = ['lif', 'qif', 'eif', 'adex', 'hh', 'fitzhugh-nagumo', 'morris-lecar', 'izhikevich', 'lif-synaptic'] as const;
export type ModelId = (typeof modelIds)[number];

export const isModelId = (id: unknown): id is ModelId => typeof id === 'string' && (modelIds as readonly string[]).includes(id);

const registered = new Map<string, NeuronModel>();

export function registerModel<M extends NeuronModel>(model: M): M {
  if (!isModelId(model.id)) throw new RangeError(`Model id "${model.id}" is not in modelIds.`);
  registered.set(model.id, model);
  return model;
}

/** The model with this id, if it is registered (in Node, every model; on a page, those loaded). */
export function getModel(id: string): NeuronModel | undefined {
  return registered.get(id);
}
