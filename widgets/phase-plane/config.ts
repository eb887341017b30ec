/**
 * Props → the phase plane's initial state and controls. Runs at build time in PhasePlane.astro, so a lesson
 * with a misspelt parameter, a model that has no plane, or an empty window fails the build.
 *
 * The state is a scenario (constant stimulus = the current; `initial` = the trajectory's start) with the
 * window in `view` (xMin, xMax, yMin, yMax), so getState() is a runnable scenario plus the window.
 */
import { getModel, resolveParams, type MethodId, type NeuronModel } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import { axisDecimals } from './coords.ts';
import { isPlaneModel, planeModel, PLANE_MODELS, type PlaneModelId } from './planar.ts';

export interface PlaneProps {
  model?: string;
  params?: Record<string, number>;
  /** Constant input, in the model's input unit. */
  current?: number;
  currentRange?: readonly [number, number];
  x?: readonly [number, number];
  y?: readonly [number, number];
  initial?: Record<string, number>;
  /** ms */
  duration?: number;
  /** ms; defaults to the model's. */
  dt?: number;
  method?: MethodId;
  controls?: readonly ControlRequest[];
}

export interface PlaneAxis {
  readonly name: string;
  /** A plain-text symbol for labels ("V", "u"). */
  readonly label: string;
  readonly unit: string;
  readonly meaning: string;
  readonly decimals: number;
}

export interface PlaneConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
  readonly axes: readonly [PlaneAxis, PlaneAxis];
  /** True for AdEx: the plane shows the reset line and cut-off, and the trajectory jumps. */
  readonly resets: boolean;
}

/** Windows, currents and run lengths that show each model's behaviour at its default parameters. */
const DEFAULTS: Record<PlaneModelId, { x: [number, number]; y: [number, number]; current: number; range: [number, number]; duration: number }> = {
  'fitzhugh-nagumo': { x: [-2.5, 2.5], y: [-1, 2.5], current: 0.5, range: [0, 2], duration: 200 },
  'morris-lecar': { x: [-70, 50], y: [-0.05, 0.6], current: 100, range: [0, 150], duration: 500 },
  adex: { x: [-80, 5], y: [-50, 250], current: 65, range: [0, 200], duration: 300 },
};

/** The key of the current slider: the amplitude of the one constant stimulus. */
export const CURRENT_KEY = 'stimulus.amplitude';

function plainSymbol(symbol: string): string {
  return /^[A-Za-z]$/.test(symbol) ? symbol : symbol.replace(/[_{}\\]/g, '');
}

function checkRange(range: readonly [number, number] | undefined, what: string, where: string): void {
  if (range === undefined) return;
  if (!(Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[1] > range[0])) {
    throw new Error(`${where}: ${what} must be [min, max] with max > min.`);
  }
}

function rounded(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

export function buildPlaneConfig(props: PlaneProps, where: string): PlaneConfig {
  const modelId = props.model ?? 'fitzhugh-nagumo';
  const model: NeuronModel | undefined = getModel(modelId);
  if (!model) throw new Error(`${where}: unknown model "${modelId}".`);
  if (!isPlaneModel(modelId)) throw new Error(`${where}: the phase plane shows ${PLANE_MODELS.join(', ')}; "${modelId}" is not one of them.`);
  const defaults = DEFAULTS[modelId];
  checkRange(props.x, 'x', where);
  checkRange(props.y, 'y', where);
  checkRange(props.currentRange, 'currentRange', where);
  const x = props.x ?? defaults.x;
  const y = props.y ?? defaults.y;
  const [currentMin, currentMax] = props.currentRange ?? defaults.range;
  const current = props.current ?? Math.min(currentMax, Math.max(currentMin, defaults.current));
  if (current < currentMin || current > currentMax) throw new Error(`${where}: current ${current} lies outside currentRange [${currentMin}, ${currentMax}].`);

  const planar = planeModel(model);
  const axes = planar.state.map((s, i) => ({
    name: s.name,
    label: plainSymbol(s.symbol),
    unit: s.unit,
    meaning: s.meaning,
    decimals: axisDecimals(i === 0 ? x : y),
  })) as unknown as readonly [PlaneAxis, PlaneAxis];

  // The start is the resting state at zero input unless the lesson gives one.
  const { values, problems } = resolveParams(model.params, props.params ?? {});
  if (problems.length > 0) throw new Error(`${where}: ${problems.map((p) => p.message).join(' ')}`);
  const rest = planar.initialState(values);
  const initial: Record<string, number> = {};
  axes.forEach((axis, i) => (initial[axis.name] = props.initial?.[axis.name] ?? rounded(rest[i]!, axis.decimals + 1)));
  for (const name of Object.keys(props.initial ?? {})) {
    if (!axes.some((a) => a.name === name)) throw new Error(`${where}: initial names "${name}"; the plane's variables are ${axes.map((a) => a.name).join(' and ')}.`);
  }

  const parsed = parseState({
    version: 1,
    model: modelId,
    params: props.params ?? {},
    initial,
    stimulus: [{ kind: 'constant', amplitude: current }],
    method: props.method ?? model.defaultMethod,
    dt: props.dt ?? model.defaultDt,
    duration: props.duration ?? defaults.duration,
    view: { xMin: x[0], xMax: x[1], yMin: y[0], yMax: y[1] },
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  const requested = (props.controls ?? []).filter((c) => (typeof c === 'string' ? c : c.key) !== CURRENT_KEY);
  const currentControl: ControlRequest = { key: CURRENT_KEY, min: currentMin, max: currentMax };
  return {
    state,
    controls: resolveControls([currentControl, ...requested], model, state),
    numerics: resolveControls(['numerics.dt', 'numerics.duration'], model, state),
    axes,
    resets: modelId === 'adex',
  };
}
