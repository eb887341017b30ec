/**
 * Everything the phase plane shows, computed by the engine for one widget state: the flow on a grid, both
 * nullclines, the fixed points with their linearisation, and the trajectory from the start point (a plain
 * `simulate` run of the planar model, at the state's method and time step). Nothing here draws.
 */
import {
  fixedPoints,
  nullclines,
  simulate,
  SpecError,
  validateSpec,
  vectorField,
  type Nullcline,
  type NeuronModel,
  type ParamValues,
  type PlaneBox,
  type PlaneFixedPoint,
  type SimulationResult,
  type TraceBuffers,
  type VectorField,
} from '../../engine/index.ts';
import type { WidgetState } from '../lib/state.ts';
import { planeModel, resetLines, type ResetLines } from './planar.ts';
import { segmentAtResets, type Jump, type Segment } from './segments.ts';

export interface PlaneData {
  readonly box: PlaneBox;
  readonly current: number;
  readonly params: ParamValues;
  readonly field: VectorField;
  readonly nullclines: readonly Nullcline[];
  readonly points: readonly PlaneFixedPoint[];
  readonly run: SimulationResult;
  readonly start: readonly [number, number];
  readonly segments: readonly Segment[];
  readonly jumps: readonly Jump[];
  readonly lines?: ResetLines | undefined;
}

/** The window from the state's view settings; a RangeError (shown to the reader) if it is empty. */
export function planeBox(state: WidgetState): PlaneBox {
  const v = state.view ?? {};
  const [xMin, xMax, yMin, yMax] = [v['xMin'], v['xMax'], v['yMin'], v['yMax']];
  if (![xMin, xMax, yMin, yMax].every((n) => typeof n === 'number' && Number.isFinite(n)) || !(xMax! > xMin!) || !(yMax! > yMin!)) {
    throw new RangeError('The window of the phase plane needs view.xMin < view.xMax and view.yMin < view.yMax.');
  }
  return { x: { min: xMin!, max: xMax! }, y: { min: yMin!, max: yMax! } };
}

/** The constant current of a plane state (its one stimulus component must be a constant). */
export function planeCurrent(state: WidgetState): number {
  const [first, ...rest] = state.stimulus;
  if (!first || rest.length > 0 || first.kind !== 'constant' || typeof first['amplitude'] !== 'number') {
    throw new RangeError('A phase plane is drawn for a constant current: the stimulus must be one constant component.');
  }
  return first['amplitude'];
}

export interface Resolution {
  /** Arrows across and up. */
  readonly arrows: readonly [number, number];
  /** Marching-squares cells across and up. */
  readonly cells: number;
}

/** `buffers`, when given, receive the trajectory in place of the previous call's (see engine/run/trace-buffers.ts). */
export function analysePlane(model: NeuronModel, state: WidgetState, resolution: Resolution, buffers?: TraceBuffers): PlaneData {
  const planar = planeModel(model);
  const box = planeBox(state);
  const current = planeCurrent(state);
  const names = planar.state.map((s) => s.name);
  const initial = Object.fromEntries(Object.entries(state.initial ?? {}).filter(([name]) => names.includes(name)));
  const spec = { model: planar, params: state.params, stimulus: state.stimulus, method: state.method, dt: state.dt, duration: state.duration, initial };
  const checked = validateSpec(spec);
  if (checked.problems.length > 0) throw new SpecError(checked.problems);
  const params = checked.params;
  const run = simulate(buffers ? { ...spec, buffers } : spec);
  const lines = resetLines(model, params);
  const xName = names[0]!;
  const yName = names[1]!;
  const { segments, jumps } = segmentAtResets(run.t, run.traces[xName]!, run.traces[yName]!, run.spikes, lines?.peak);
  // Arrows sit at the centres of an nx × ny tiling of the window, so none is cut off at its edge.
  const [nx, ny] = resolution.arrows;
  const hx = (box.x.max - box.x.min) / (2 * nx);
  const hy = (box.y.max - box.y.min) / (2 * ny);
  const arrowBox = { x: { min: box.x.min + hx, max: box.x.max - hx }, y: { min: box.y.min + hy, max: box.y.max - hy } };
  return {
    box,
    current,
    params,
    field: vectorField(planar, params, current, arrowBox, nx, ny),
    nullclines: nullclines(planar, params, current, box, resolution.cells, resolution.cells),
    points: fixedPoints(planar, params, current, box),
    run,
    start: [run.traces[xName]![0]!, run.traces[yName]![0]!],
    segments,
    jumps,
    lines,
  };
}
