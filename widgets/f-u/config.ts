/**
 * Props → initial state, controls and readout slots for the F(u) widget; runs at build time, so a mistake in
 * a lesson fails the build. The state is an ordinary scenario with one constant current (what the picture
 * assumes), so `getState()` can be handed to the runner as it is; the u range travels as view settings.
 */
import { getModel, validateSpec, type NeuronModel, type ParamValues } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import type { WidgetConfig } from '../lib/widget-element.ts';
import { fixedPointsOf, fuSystem, isFuModel, minimumOfF, rheobaseOf, type FuModelId } from './analysis.ts';

export interface FuProps {
  model?: string;
  params?: Record<string, number>;
  /** Constant input current, nA. */
  current?: number;
  /** Range of the current slider, nA. */
  currentRange?: readonly [number, number];
  /** Membrane-potential axis, mV. */
  u?: readonly [number, number];
  controls?: readonly ControlRequest[];
}

export type FuReadoutId = 'count' | 'stable' | 'unstable' | 'rheobase' | 'margin';

export interface FuReadoutSlot {
  readonly id: FuReadoutId;
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
}

export interface FuConfig extends WidgetConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
  readonly readouts: FuReadoutSlot[];
  /** The current slider's range, nA: fixes the F axis so dragging the current moves the line, not the axis. */
  readonly currentRange: [number, number];
}

/** The key of the current slider: the amplitude of the one constant stimulus component. */
export const CURRENT_KEY = 'stimulus.amplitude';

/** Names of the two vertical markers: the LIF's threshold is a model parameter, the others' cut-off numerical. */
export function markerLabels(model: FuModelId): { cutoff: string; reset: string; cutoffName: string } {
  return model === 'lif'
    ? { cutoff: 'threshold ϑ', reset: 'reset u_r', cutoffName: 'threshold' }
    : { cutoff: 'cut-off u_peak', reset: 'reset u_r', cutoffName: 'the cut-off' };
}

const roundUp = (value: number, step: number) => Math.ceil(value / step - 1e-9) * step;
const roundDown = (value: number, step: number) => Math.floor(value / step + 1e-9) * step;

/** The u range a lesson gets by default: 15 mV below rest and reset to 15 mV above the unstable point (LIF: just past threshold). */
export function defaultURange(model: NeuronModel, p: ParamValues): [number, number] {
  const sys = fuSystem(model, p);
  const min = minimumOfF(sys);
  const fixed = fixedPointsOf(sys, 0, min);
  const lowest = Math.min(sys.reset, ...fixed.map((f) => f.u));
  const right = Math.max(min.u, ...fixed.map((f) => f.u));
  const top = min.interior ? Math.min(sys.cutoff, right + 15) : sys.cutoff + 5;
  return [roundDown(lowest - 15, 5), roundUp(top, 5)];
}

export function buildFuConfig(props: FuProps, where: string): FuConfig {
  const modelId = props.model ?? 'eif';
  if (!isFuModel(modelId)) throw new Error(`${where}: FUPlot shows 'qif', 'eif' or 'lif', not "${modelId}".`);
  const model = getModel(modelId)!;
  const checked = validateSpec({ model, params: props.params ?? {}, duration: 100 });
  if (checked.problems.length > 0) throw new Error(`${where}: ${checked.problems.map((p) => p.message).join(' ')}`);
  const sys = fuSystem(model, checked.params);
  const rheobase = rheobaseOf(sys);
  const current = props.current ?? 0;
  const currentRange: [number, number] = props.currentRange ? [props.currentRange[0], props.currentRange[1]] : [Math.min(0, current), Math.max(current, roundUp(2 * rheobase, 0.1))];
  if (!(currentRange[1] > currentRange[0])) throw new Error(`${where}: currentRange must be [min, max] with max > min.`);
  if (!(current >= currentRange[0] && current <= currentRange[1])) throw new Error(`${where}: current ${current} lies outside currentRange [${currentRange.join(', ')}].`);
  const [uMin, uMax] = props.u ?? defaultURange(model, checked.params);
  if (!(Number.isFinite(uMin) && Number.isFinite(uMax) && uMax > uMin)) throw new Error(`${where}: u must be [min, max] in mV with max > min.`);
  const parsed = parseState({
    version: 1,
    model: modelId,
    params: props.params ?? {},
    stimulus: [{ kind: 'constant', amplitude: current }],
    method: model.defaultMethod,
    dt: model.defaultDt,
    duration: 200,
    view: { uMin, uMax },
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  // The current slider always comes first, with the range `currentRange` gives it.
  const others = (props.controls ?? []).filter((r) => (typeof r === 'string' ? r : r.key) !== CURRENT_KEY);
  const requests: ControlRequest[] = [{ key: CURRENT_KEY, min: currentRange[0], max: currentRange[1] }, ...others];
  const controls = resolveControls(requests, model, state).map((control) =>
    control.key === CURRENT_KEY ? { ...control, spec: { ...control.spec, symbol: 'I', meaning: 'Constant injected current' } } : control,
  );
  const readouts: FuReadoutSlot[] = [
    { id: 'count', label: modelId === 'lif' ? 'Fixed points below threshold' : 'Fixed points below the cut-off', unit: '', decimals: 0 },
    { id: 'stable', label: 'Stable fixed point (rest)', unit: 'mV', decimals: 2 },
    ...(modelId === 'lif' ? [] : [{ id: 'unstable', label: 'Unstable fixed point (threshold)', unit: 'mV', decimals: 2 } as const]),
    { id: 'rheobase', label: 'Rheobase current', unit: model.input.unit, decimals: 3 },
    { id: 'margin', label: 'Input minus rheobase', unit: model.input.unit, decimals: 3 },
  ];
  return { state, controls, numerics: [], readouts, currentRange };
}

/** The constant current of a state, or a reason why the state is not one the F(u) picture describes. */
export function currentOf(state: WidgetState): number | string {
  const [component, ...rest] = state.stimulus;
  if (!component || rest.length > 0 || component.kind !== 'constant' || typeof component['amplitude'] !== 'number') {
    return 'The F(u) picture assumes one constant current: the stimulus must be a single constant component.';
  }
  return component['amplitude'];
}
