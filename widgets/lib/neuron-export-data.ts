/**
 * Exporting a single-neuron widget: its parameters with their units and a run's traces and spikes, as tables
 * (see ./export-data.ts for the part every widget shares).
 */
import type { NeuronModel } from '../../engine/models/model.ts';
import type { Registry } from '../../engine/params/registry.ts';
import type { SimulationResult } from '../../engine/simulate.ts';
import { stimulusParams } from '../../engine/stimuli/stimulus.ts';
import { columnsTable, registryParams } from './export-data.ts';
import type { DataTable, ParamValue } from './export.ts';
import { numericsParams, type WidgetState } from './state.ts';

/**
 * A single-neuron widget's model parameters, stimulus components, numerics and view settings, each with its unit
 * (a view setting's from `viewSpecs`, the widget's own registry entries for its view sliders).
 */
export function neuronParams(model: NeuronModel, state: WidgetState, viewSpecs: Registry = []): Record<string, ParamValue> {
  const params: Record<string, unknown> = {};
  for (const spec of model.params) params[spec.name] = state.params[spec.name] ?? spec.default;
  return {
    ...registryParams(params, model.params),
    ...Object.assign({}, ...state.stimulus.map((c, i) => registryParams(c, stimulusParams(c.kind, model.input), `stimulus.${i}.`))),
    ...registryParams({ dt: state.dt, duration: state.duration }, numericsParams),
    ...registryParams(state.view ?? {}, viewSpecs, 'view.'),
  };
}

/** A run of a single-neuron model: every sample (t, I and each recorded variable) and the spike times. */
export function runTables(model: NeuronModel, result: SimulationResult): DataTable[] {
  const variables = model.state.filter((s) => result.traces[s.name] !== undefined);
  return [
    columnsTable('trace', [
      { name: 't', unit: 'ms', values: result.t },
      { name: 'I', unit: model.input.unit, values: result.input },
      ...variables.map((s) => ({ name: s.name, unit: s.unit, values: result.traces[s.name]! })),
    ]),
    columnsTable('spikes', [{ name: 'spike time', unit: 'ms', values: result.spikes }]),
  ];
}
