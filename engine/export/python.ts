/**
 * Writing Python source safely. Exported scripts contain only text made here: numbers printed as float
 * literals, names from the engine's fixed registries, and code assembled from fixed fragments. Nothing a
 * user typed (an expression, a file name) is pasted in: expressions are rebuilt from their parsed AST.
 */

/** A finite number as a Python float literal that reads back as the same double (`10.0`, `1e-07`, `-65.5`). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} into a script: only finite numbers.`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A whole number as a Python int literal. */
export function pyInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Expected a whole number, got ${value}.`);
  return String(value);
}

/** A quantity with a Brian2 unit, `10.0*ms` or `0.02/ms` for a unit written `/ms`; dimensionless when the unit is ''. */
export function pyQuantity(value: number, unit: string): string {
  if (unit === '') return pyFloat(value);
  return unit.startsWith('/') ? `${pyFloat(value)}${unit}` : `${pyFloat(value)}*${unit}`;
}

/** A Python identifier taken from the engine's registries; anything else is a programming error. */
export function pyName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`Not a Python identifier: ${JSON.stringify(name)}.`);
  return name;
}

/**
 * A comment line: text after `# ` with line breaks and control characters replaced, so no text can end
 * the comment and start code.
 */
export function pyComment(text: string): string {
  return `# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')}`;
}

/** The opening of every exported Brian2 script. */
export const SCRIPT_PREAMBLE: readonly string[] = [
  'import json',
  'import math',
  '',
  'import numpy as np',
  'from brian2 import *',
  '',
  "prefs.codegen.target = 'numpy'  # pure Python and numpy: no compiler needed",
  'start_scope()',
];

/** The printed last line: spike times in ms, rounded to 1e-6 ms. */
export const PRINT_SPIKES = 'print(json.dumps({"spikes": [round(float(x), 6) for x in spikes.t / ms]}))';
