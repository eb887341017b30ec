/**
 * The small half of exporting that each widget's element carries (the file making is in ./export.ts, loaded on
 * the first click): building tables from the arrays a widget drew, and a single-neuron widget's parameters with
 * the units of the engine's registries.
 */
import { findParam, stimulusParams, type NeuronModel, type Registry, type SimulationResult } from '../../engine/index.ts';
import type { DataColumn, DataTable, ParamValue } from './export.ts';
import { numericsParams, type WidgetState } from './state.ts';

/** A table from equal-length columns (`[{ name: 't', unit: 'ms', values }]`); rows are read across. */
export function columnsTable(name: string, columns: readonly (DataColumn & { readonly values: ArrayLike<number> })[]): DataTable {
  const length = Math.min(...columns.map((c) => c.values.length));
  const rows: number[][] = [];
  for (let i = 0; i < length; i++) rows.push(columns.map((c) => c.values[i]!));
  return { name, columns: columns.map(({ name: n, unit }) => ({ name: n, unit })), rows };
}

/** A table from records (`points.map(...)`): each column says how to read its number from a record. */
export function recordsTable<T>(name: string, records: readonly T[], columns: readonly (DataColumn & { readonly read: (record: T) => number })[]): DataTable {
  return {
    name,
    columns: columns.map(({ name: n, unit }) => ({ name: n, unit })),
    rows: records.map((record) => columns.map((c) => c.read(record))),
  };
}

/** Numbers with units from a registry, for a widget state's flat parameter object. */
export function registryParams(values: Readonly<Record<string, unknown>>, registry: Registry, prefix = ''): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number') out[`${prefix}${name}`] = { value, unit: findParam(registry, name)?.unit ?? '' };
  }
  return out;
}

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
