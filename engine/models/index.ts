import { adex } from './adex.ts';
import { fitzhughNagumo } from './fitzhugh-nagumo.ts';
import { hodgkinHuxley } from './hodgkin-huxley.ts';
import { izhikevich } from './izhikevich.ts';
import { lif } from './lif.ts';
import { lifSynaptic } from './lif-synaptic.ts';
import type { NeuronModel } from './model.ts';
import { morrisLecar } from './morris-lecar.ts';
import { eif, qif } from './nonlinear-if.ts';
import { registerModel } from './registry.ts';

export { getModel, isModelId, modelIds, type ModelId } from './registry.ts';
export { loadModel } from './load.ts';

/** Every model a scenario or widget can name, by id; importing this module registers them all for getModel. */
export const models: Readonly<Record<string, NeuronModel>> = Object.fromEntries(
  [lif, qif, eif, adex, hodgkinHuxley, fitzhughNagumo, morrisLecar, izhikevich, lifSynaptic].map((model) => [model.id, registerModel(model as NeuronModel)]),
);
