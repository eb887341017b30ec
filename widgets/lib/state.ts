/**
 * The widget state contract. A widget's state is a plain, versioned object with the same fields as a
 * runner scenario (model, parameters, stimulus, method, dt, duration) plus optional view settings, so
 * shareable links, exports and checked exercises can all read and restore any widget the same way.
 */
import type { MethodId } from '../../engine/integrators/index.ts';
import type { ParamProblem, Registry } from '../../engine/params/registry.ts';
import type { TraceBuffers } from '../../engine/run/trace-buffers.ts';
import { parseScenario, SCENARIO_VERSION, toSimulationSpec, type Scenario } from '../../engine/scenario.ts';
import { simulate, type SimulationResult } from '../../engine/simulate.ts';
import { normaliseStimulus, type Stimulus } from '../../engine/stimuli/stimulus.ts';
import { getModel } from '../../engine/models/registry.ts';

/** A scenario with every field a widget shows made explicit (the runner fills the same defaults). */
export interface WidgetState extends Scenario {
  readonly version: typeof SCENARIO_VERSION;
  readonly params: Readonly<Record<string, number>>;
  readonly stimulus: Stimulus;
  readonly method: MethodId;
  readonly dt: number;
  /** Settings that change what is shown but not what is simulated (e.g. the current range of an f–I plot). */
  readonly view?: Readonly<Record<string, number>>;
}

export const STATE_VERSION = SCENARIO_VERSION;

/** Time step and duration as registry entries, so the numerics panel is built like any other. */
export const numericsParams = [
  { name: 'dt', symbol: '\\Delta t', unit: 'ms', default: 0.1, min: 0.001, max: 1, step: 0.001, meaning: 'Integration time step' },
  { name: 'duration', symbol: 'T', unit: 'ms', default: 100, min: 10, max: 5000, step: 10, meaning: 'Simulated time' },
] as const satisfies Registry;

export function toScenario(state: WidgetState): Scenario {
  const { view: _view, ...scenario } = state;
  return scenario;
}

/** Makes a valid scenario's defaults explicit (the scenario must have passed `parseScenario`). */
export function fromScenario(scenario: Scenario, view?: Readonly<Record<string, number>>): WidgetState {
  const model = getModel(scenario.model)!;
  const state: WidgetState = {
    ...scenario,
    version: SCENARIO_VERSION,
    params: scenario.params ?? {},
    stimulus: normaliseStimulus(scenario.stimulus),
    method: scenario.method ?? (model.defaultMethod as MethodId),
    dt: scenario.dt ?? model.defaultDt,
  };
  return view ? { ...state, view } : state;
}

/** Validates untrusted state (a pasted link, a stored assignment) before a widget accepts it. */
export function parseState(input: unknown): { ok: true; state: WidgetState } | { ok: false; problems: ParamProblem[] } {
  if (typeof input !== 'object' || input === null) return { ok: false, problems: [{ name: 'state', message: 'Widget state must be an object.' }] };
  const { view, ...rest } = input as Record<string, unknown>;
  const parsed = parseScenario(rest);
  if (!parsed.ok) return parsed;
  if (view === undefined) return { ok: true, state: fromScenario(parsed.scenario) };
  const entries = typeof view === 'object' && view !== null ? Object.entries(view) : [];
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'number' || !Number.isFinite(v))) {
    return { ok: false, problems: [{ name: 'view', message: 'View settings must be an object of finite numbers.' }] };
  }
  return { ok: true, state: fromScenario(parsed.scenario, Object.fromEntries(entries) as Record<string, number>) };
}

type Listener = (state: WidgetState) => void;

/** A tiny store: each widget instance owns one. */
export interface Store {
  get(): WidgetState;
  set(next: WidgetState): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(initial: WidgetState): Store {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(next) {
      state = next;
      for (const listener of listeners) listener(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A widget redraws on every slider move, so it refuses runs that would hold up the page: the numerics
 * panel allows dt = 0.001 ms over 5 s, which is 5 million steps. Larger runs belong to the runner.
 */
export function checkStepBudget(state: WidgetState, maxSteps: number): void {
  const steps = Math.ceil(state.duration / state.dt);
  if (steps > maxSteps) {
    throw new RangeError(
      `This setting needs ${steps.toLocaleString('en')} time steps per redraw; the widget allows ${maxSteps.toLocaleString('en')} so the page stays responsive. ` +
        'Use a larger time step or a shorter duration (the command-line runner, npm run sim, has no such limit).',
    );
  }
}

/**
 * The adaptive method's step budget for one redraw. A normal run takes a few tries per sample; a stiff
 * blow-up (a current that grows without bound, where a gate's rate explodes) would shrink the step to
 * nanoseconds and hold the page for minutes. Past the budget the run stops with the engine's divergence message.
 */
export function adaptiveStepBudget(state: WidgetState): number {
  return Math.max(50_000, 2 * Math.ceil(state.duration / state.dt));
}

/** Runs the simulation a widget state describes, recording into `buffers` when given (the widget's last run is then overwritten). */
export function simulateState(state: WidgetState, buffers?: TraceBuffers): SimulationResult {
  return simulate({ ...toSimulationSpec(toScenario(state)), maxSteps: adaptiveStepBudget(state), ...(buffers ? { buffers } : {}) });
}
