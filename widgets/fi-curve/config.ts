/** Props → initial state and controls for the f–I widget; runs at build time, so mistakes fail the build. */
import { getModel, type InputScale, type MethodId, type Registry } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';

export interface FiProps {
  model?: string;
  params?: Record<string, number>;
  controls?: readonly ControlRequest[];
  currents?: readonly [number, number];
  points?: number;
  /** ms; spikes before it are not counted. */
  transient?: number;
  duration?: number;
  dt?: number;
  method?: MethodId;
}

export interface FiReadoutSlot {
  readonly id: 'rheobase' | 'simulatedTop' | 'onset' | 'analyticTop' | 'ceiling';
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
}

export interface FiConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
  readonly readouts: FiReadoutSlot[];
}

/** The view settings an f–I plot has, as registry entries so they can be sliders like any parameter. */
export function fiViewParams(input: InputScale): Registry {
  const step = input.max / 500;
  return [
    { name: 'currentMin', symbol: 'I_\\text{min}', unit: input.unit, default: 0, min: -input.max, max: input.max, step, meaning: 'Smallest current plotted' },
    { name: 'currentMax', symbol: 'I_\\text{max}', unit: input.unit, default: input.max / 10, min: step, max: input.max, step, meaning: 'Largest current plotted' },
    { name: 'points', symbol: 'n', unit: '', default: 26, min: 2, max: 101, step: 1, meaning: 'Number of simulated currents' },
    { name: 'transient', symbol: 't_0', unit: 'ms', default: 0, min: 0, max: 10_000, step: 10, meaning: 'Spikes before this time are not counted (onset transient)' },
  ];
}

export function buildFiConfig(props: FiProps, where: string): FiConfig {
  const modelId = props.model ?? 'lif';
  const model = getModel(modelId);
  if (!model) throw new Error(`${where}: unknown model "${modelId}".`);
  const [currentMin, currentMax] = props.currents ?? [0, 5];
  if (!(currentMax > currentMin)) throw new Error(`${where}: currents must be [min, max] with max > min.`);
  const unit = model.input.unit;
  const parsed = parseState({
    version: 1,
    model: modelId,
    params: props.params ?? {},
    stimulus: [],
    method: props.method ?? model.defaultMethod,
    dt: props.dt ?? 0.1,
    duration: props.duration ?? 1000,
    view: { currentMin, currentMax, points: props.points ?? 26, transient: props.transient ?? 0 },
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  const readouts: FiReadoutSlot[] = [
    { id: 'simulatedTop', label: `Simulated rate at ${currentMax}${unit ? ` ${unit}` : ''}`, unit: 'Hz', decimals: 2 },
    { id: 'onset', label: 'First simulated current that fires', unit, decimals: 3 },
  ];
  if (model.id === 'lif') {
    readouts.unshift({ id: 'rheobase', label: 'Rheobase (rate leaves zero)', unit, decimals: 3 });
    readouts.push(
      { id: 'analyticTop', label: `Analytic rate at ${currentMax} ${unit}`, unit: 'Hz', decimals: 2 },
      { id: 'ceiling', label: 'Ceiling 1 / refractory period', unit: 'Hz', decimals: 1 },
    );
  }
  return {
    state,
    controls: resolveControls(props.controls ?? (model.id === 'lif' ? ['tRef'] : []), model, state, fiViewParams(model.input)),
    numerics: resolveControls(['numerics.dt', 'numerics.duration'], model, state),
    readouts,
  };
}
