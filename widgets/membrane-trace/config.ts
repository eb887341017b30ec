/**
 * Turns the props a lesson writes into the widget's initial state and controls. Runs at build time in
 * the Astro component, so a lesson with a misspelt parameter or an impossible stimulus fails the build.
 */
import { getModel, type MethodId, type Stimulus } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import { readoutSlots, type ReadoutSlot } from './readouts.ts';

export interface TraceProps {
  model?: string;
  params?: Record<string, number>;
  stimulus?: Stimulus;
  controls?: readonly ControlRequest[];
  duration?: number;
  dt?: number;
  method?: MethodId;
}

export interface TraceConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
  readonly readouts: ReadoutSlot[];
}

export const DEFAULT_STIMULUS: Stimulus = [{ kind: 'step', amplitude: 2, start: 10, end: 90 }];

export function buildTraceConfig(props: TraceProps, where: string): TraceConfig {
  const modelId = props.model ?? 'lif';
  const model = getModel(modelId);
  if (!model) throw new Error(`${where}: unknown model "${modelId}".`);
  const parsed = parseState({
    version: 1,
    model: modelId,
    params: props.params ?? {},
    stimulus: props.stimulus ?? DEFAULT_STIMULUS,
    method: props.method ?? model.defaultMethod,
    dt: props.dt ?? 0.1,
    duration: props.duration ?? 100,
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  const requested = props.controls ?? [...model.params.map((p) => p.name), 'stimulus.amplitude'];
  return {
    state,
    controls: resolveControls(requested, model, state),
    numerics: resolveControls(['numerics.dt', 'numerics.duration'], model, state),
    readouts: readoutSlots(model, state),
  };
}
