/**
 * Controls address a number inside widget state: a model parameter (`tauM`), a stimulus component's
 * parameter (`stimulus.amplitude` for the first component, `stimulus.1.frequency` for the second), or a
 * view setting (`view.currentMax`). Each control carries the registry entry that labels and bounds it.
 */
import type { NeuronModel } from '../../engine/models/model.ts';
import { findParam, type ParamSpec } from '../../engine/params/registry.ts';
import { stimulusParams } from '../../engine/stimuli/stimulus.ts';
import { numericsParams, type WidgetState } from './state.ts';

export type ControlTarget =
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'stimulus'; readonly index: number; readonly name: string }
  | { readonly kind: 'view'; readonly name: string }
  | { readonly kind: 'numerics'; readonly name: 'dt' | 'duration' };

export interface Control {
  /** The address as written in a lesson, also used in element ids and URLs. */
  readonly key: string;
  readonly target: ControlTarget;
  readonly spec: ParamSpec;
}

/** A lesson may narrow a slider's range for its purpose: `{ key: 'stimulus.frequency', min: 1, max: 200 }`. */
export type ControlRequest = string | { readonly key: string; readonly min?: number; readonly max?: number; readonly step?: number };

export function parseTarget(key: string): ControlTarget {
  const parts = key.split('.');
  if (parts.length === 1) return { kind: 'param', name: key };
  if (parts[0] === 'view' && parts.length === 2) return { kind: 'view', name: parts[1]! };
  if (parts[0] === 'numerics' && (parts[1] === 'dt' || parts[1] === 'duration') && parts.length === 2) return { kind: 'numerics', name: parts[1] };
  if (parts[0] === 'stimulus' && parts.length === 2) return { kind: 'stimulus', index: 0, name: parts[1]! };
  if (parts[0] === 'stimulus' && parts.length === 3 && /^\d+$/.test(parts[1]!)) return { kind: 'stimulus', index: Number(parts[1]), name: parts[2]! };
  throw new RangeError(`Cannot read the control "${key}": use a parameter name, stimulus.<name>, stimulus.<index>.<name> or view.<name>.`);
}

/**
 * Resolves lesson-side control requests into controls with their registry entries. Throws at build time
 * for a control that names nothing, so a typo in a lesson fails the build rather than showing a dead slider.
 */
export function resolveControls(
  requests: readonly ControlRequest[],
  model: NeuronModel,
  state: WidgetState,
  viewSpecs: readonly ParamSpec[] = [],
): Control[] {
  return requests.map((request) => {
    const key = typeof request === 'string' ? request : request.key;
    const target = parseTarget(key);
    let spec: ParamSpec | undefined;
    if (target.kind === 'param') spec = findParam(model.params, target.name);
    else if (target.kind === 'view') spec = viewSpecs.find((s) => s.name === target.name);
    else if (target.kind === 'numerics') spec = findParam(numericsParams, target.name);
    else {
      const component = state.stimulus[target.index];
      if (component) {
        spec = findParam(stimulusParams(component.kind, model.input), target.name);
        // A time slider beyond the end of the run would move nothing on the plot.
        if (spec && spec.unit === 'ms') spec = { ...spec, max: Math.min(spec.max, state.duration) };
      }
    }
    if (!spec) throw new RangeError(`The control "${key}" names no parameter of this widget.`);
    if (typeof request !== 'string') spec = { ...spec, ...pick(request) };
    const value = readControl(state, { key, target, spec });
    // The widget's own default is the value it was set up with, so "reset" returns to the lesson's setup.
    return { key, target, spec: { ...spec, default: value } };
  });
}

function pick(request: { min?: number; max?: number; step?: number }): Partial<ParamSpec> {
  const out: { min?: number; max?: number; step?: number } = {};
  if (request.min !== undefined) out.min = request.min;
  if (request.max !== undefined) out.max = request.max;
  if (request.step !== undefined) out.step = request.step;
  return out;
}

export function readControl(state: WidgetState, control: Control, model?: NeuronModel): number {
  const { target, spec } = control;
  if (target.kind === 'param') {
    const value = state.params[target.name] ?? (model ? findParam(model.params, target.name)?.default : undefined);
    return value ?? spec.default;
  }
  if (target.kind === 'view') return state.view?.[target.name] ?? spec.default;
  if (target.kind === 'numerics') return state[target.name];
  const value = state.stimulus[target.index]?.[target.name];
  return typeof value === 'number' ? value : spec.default;
}

/** Returns a new state with the control set to `value`; the old state is left untouched. */
export function writeControl(state: WidgetState, control: Control, value: number): WidgetState {
  const { target } = control;
  if (target.kind === 'param') return { ...state, params: { ...state.params, [target.name]: value } };
  if (target.kind === 'view') return { ...state, view: { ...state.view, [target.name]: value } };
  if (target.kind === 'numerics') return { ...state, [target.name]: value };
  const stimulus = state.stimulus.map((component, i) => (i === target.index ? { ...component, [target.name]: value } : component));
  return { ...state, stimulus };
}
