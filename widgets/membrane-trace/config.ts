/**
 * Turns the props a lesson writes into the widget's initial state and controls. Runs at build time in
 * the Astro component, so a lesson with a misspelt parameter or an impossible stimulus fails the build.
 */
import { getModel, type MethodId, type StimulusInput } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import { readoutSlots, type ReadoutSlot } from './readouts.ts';

export interface TraceProps {
  model?: string;
  params?: Record<string, number>;
  initial?: Record<string, number>;
  stimulus?: StimulusInput;
  controls?: readonly ControlRequest[];
  duration?: number;
  dt?: number;
  method?: MethodId;
  /** State variables drawn in a panel under the voltage. */
  traces?: readonly string[];
  /** Show the typed stimulus editor. */
  editor?: boolean;
}

export interface TraceConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
  readonly readouts: ReadoutSlot[];
  readonly traces: readonly string[];
  readonly editor: boolean;
}

export const DEFAULT_STIMULUS: StimulusInput = [{ kind: 'step', amplitude: 2, start: 10, end: 90 }];

export function buildTraceConfig(props: TraceProps, where: string): TraceConfig {
  const modelId = props.model ?? 'lif';
  const model = getModel(modelId);
  if (!model) throw new Error(`${where}: unknown model "${modelId}".`);
  const parsed = parseState({
    version: 1,
    model: modelId,
    params: props.params ?? {},
    ...(props.initial ? { initial: props.initial } : {}),
    stimulus: props.stimulus ?? DEFAULT_STIMULUS,
    method: props.method ?? model.defaultMethod,
    dt: props.dt ?? model.defaultDt,
    duration: props.duration ?? 100,
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  const names = model.state.map((s) => s.name);
  const traces = props.traces ?? [];
  for (const name of traces) {
    if (!names.includes(name) || name === names[model.voltage]) throw new Error(`${where}: cannot draw "${name}"; ${model.title} has ${names.join(', ')} (the voltage is drawn anyway).`);
  }
  const first = state.stimulus[0];
  const defaultControls = [...model.params.map((p) => p.name), ...(first && 'amplitude' in first ? ['stimulus.amplitude'] : [])];
  return {
    state,
    controls: resolveControls(props.controls ?? defaultControls, model, state),
    numerics: resolveControls(['numerics.dt', 'numerics.duration'], model, state),
    readouts: readoutSlots(model, state),
    traces,
    editor: props.editor ?? false,
  };
}

/** A typical input that makes each model fire, for the editor's example expressions. */
const TYPICAL_INPUT: Readonly<Record<string, number>> = {
  lif: 2,
  'lif-synaptic': 1,
  qif: 1,
  eif: 1,
  adex: 300,
  hh: 1,
  'fitzhugh-nagumo': 0.5,
  'morris-lecar': 100,
  izhikevich: 10,
};

export function editorSetup(state: WidgetState): { expression: string; unit: string; presets: { label: string; expression: string }[] } {
  const model = getModel(state.model)!;
  const a = TYPICAL_INPUT[state.model] ?? model.input.max / 10;
  const [only, ...rest] = state.stimulus;
  const expression = only && rest.length === 0 && only.kind === 'expression' ? String(only['expression']) : '';
  return {
    expression,
    unit: model.input.unit,
    presets: [
      { label: 'Step', expression: `(t > 20 and t < 80) * ${a}` },
      { label: 'Short pulse', expression: `(t > 20 and t < 22) * ${5 * a}` },
      { label: 'Ramp', expression: `${a} * (t - 20) / 60 * (t > 20 and t < 80)` },
      { label: 'Sine', expression: `${a} * sin(2 * pi * t / 50)` },
      { label: 'Negative step (rebound)', expression: `(t > 20 and t < 60) * ${-a}` },
      { label: 'Notebook style', expression: `int(t > 20*ms) * ${a}` },
    ],
  };
}
