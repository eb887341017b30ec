/**
 * The small half of exporting that each widget's element carries (the file making is in ./export.ts, loaded on
 * the first click): building tables from the arrays a widget drew, and parameters with the units of a registry.
 * A single-neuron widget's parameters and runs are in ./neuron-export-data.ts: this module is imported by every
 * widget, so it imports nothing of the single-neuron engine (a Hopfield or network widget would fetch it all).
 */
import { findParam, type Registry } from '../../engine/params/registry.ts';
import type { DataColumn, DataTable, ParamValue } from './export.ts';

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
