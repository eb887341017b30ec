/**
 * Models fetched when a widget needs them: each is its own chunk in a page's build, so a lesson on the leaky
 * integrate-and-fire neuron does not ship Hodgkin–Huxley. In Node every model is registered already and this
 * resolves at once.
 */
import type { NeuronModel } from './model.ts';
import { getModel, registerModel, type ModelId } from './registry.ts';

const loaders: Readonly<Record<ModelId, () => Promise<NeuronModel>>> = {
  lif: () => import('./lif.ts').then((m) => m.lif),
  qif: () => import('./nonlinear-if.ts').then((m) => m.qif),
  eif: () => import('./nonlinear-if.ts').then((m) => m.eif),
  adex: () => import('./adex.ts').then((m) => m.adex),
  hh: () => import('./hodgkin-huxley.ts').then((m) => m.hodgkinHuxley),
  'fitzhugh-nagumo': () => import('./fitzhugh-nagumo.ts').then((m) => m.fitzhughNagumo),
  'morris-lecar': () => import('./morris-lecar.ts').then((m) => m.morrisLecar),
  izhikevich: () => import('./izhikevich.ts').then((m) => m.izhikevich),
  'lif-synaptic': () => import('./lif-synaptic.ts').then((m) => m.lifSynaptic as NeuronModel),
};

/** The model with this id, registered for `getModel` once loaded; undefined for an id that names no model. */
export async function loadModel(id: string): Promise<NeuronModel | undefined> {
  const known = getModel(id);
  if (known) return known;
  if (!Object.hasOwn(loaders, id)) return undefined;
  return registerModel(await loaders[id as ModelId]());
}
