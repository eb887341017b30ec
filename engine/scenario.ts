/**
 * A scenario is one single-neuron run as plain JSON: the input of the command-line runner, the state of a
 * widget, and (later) shared links and exports. Parsing never trusts its input: every field is checked and
 * every problem named, so a corrupted file or link gives a message, not a crash or a silent default.
 * The interface is documented in docs/scenario.md and docs/scenario.schema.json (generated from the
 * registries by `npm run schema`).
 */
import { isMethodId, methods, type MethodId } from './integrators/index.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
// Registers every model in Node. A page's build drops this import (engine modules are side-effect free there) and
// loads the models its widgets show instead: see models/registry.ts.
import './models/index.ts';
import { getModel, modelIds } from './models/registry.ts';
import type { ParamProblem } from './params/registry.ts';
import { simulate, validateSpec, type SimulationResult, type SimulationSpec } from './simulate.ts';
import type { StimulusInput } from './stimuli/stimulus.ts';

export const SCENARIO_VERSION = 1;

export interface Scenario {
  /** Optional; when present it must be 1. */
  readonly version?: typeof SCENARIO_VERSION;
  /** Model id, e.g. 'lif'. */
  readonly model: string;
  /** Only the parameters that differ from the model's defaults need to be given. */
  readonly params?: Readonly<Record<string, number>>;
  /** Initial values by state-variable name; missing ones take the model's resting state. */
  readonly initial?: Readonly<Record<string, number>>;
  /** A constant, an expression in t (ms), or a list of components, in the model's input unit. */
  readonly stimulus: StimulusInput;
  /** ms */
  readonly duration: number;
  /** ms; defaults to the model's. */
  readonly dt?: number;
  readonly method?: MethodId;
  /** State variables to return; all by default. */
  readonly record?: readonly string[];
  /** ms; defaults to dt. */
  readonly sampleEvery?: number;
  readonly seed?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

export const SCENARIO_FIELDS = ['version', 'model', 'params', 'initial', 'stimulus', 'duration', 'dt', 'method', 'record', 'sampleEvery', 'seed', 'rtol', 'atol'] as const;

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ParamProblem[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumberRecord = (value: unknown): value is Record<string, number> => isRecord(value) && Object.values(value).every((v) => typeof v === 'number');

function shapeProblems(input: Record<string, unknown>): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const known: readonly string[] = SCENARIO_FIELDS;
  for (const key of Object.keys(input)) if (!known.includes(key)) problems.push({ name: key, message: `Unknown scenario field "${key}". Known: ${known.join(', ')}.` });
  if ('version' in input && input['version'] !== SCENARIO_VERSION) {
    problems.push({ name: 'version', message: `version must be ${SCENARIO_VERSION}, got ${JSON.stringify(input['version'])}.` });
  }
  if (!('model' in input)) problems.push({ name: 'model', message: `model is required: one of ${modelIds.join(', ')}.` });
  else if (typeof input['model'] !== 'string' || !getModel(input['model'])) {
    problems.push({ name: 'model', message: `Unknown model ${JSON.stringify(input['model'])}. Known: ${modelIds.join(', ')}.` });
  }
  if (!('stimulus' in input)) problems.push({ name: 'stimulus', message: 'stimulus is required: a number, an expression in t (ms), or a list of components.' });
  else if (!['number', 'string'].includes(typeof input['stimulus']) && !Array.isArray(input['stimulus'])) {
    problems.push({ name: 'stimulus', message: 'stimulus must be a number, an expression string in t (ms), or a list of components.' });
  }
  if (!('duration' in input)) problems.push({ name: 'duration', message: 'duration (ms) is required.' });
  for (const key of ['duration', 'dt', 'sampleEvery', 'seed', 'rtol', 'atol'] as const) {
    if (key in input && typeof input[key] !== 'number') problems.push({ name: key, message: `${key} must be a number.` });
  }
  if ('params' in input && !isNumberRecord(input['params'])) problems.push({ name: 'params', message: 'params must be an object of numbers.' });
  if ('initial' in input && !isNumberRecord(input['initial'])) problems.push({ name: 'initial', message: 'initial must be an object of numbers by state-variable name.' });
  if ('record' in input && !(Array.isArray(input['record']) && input['record'].every((r) => typeof r === 'string'))) {
    problems.push({ name: 'record', message: 'record must be a list of state-variable names.' });
  }
  if ('method' in input && !isMethodId(input['method'])) {
    problems.push({ name: 'method', message: `Unknown method ${JSON.stringify(input['method'])}. Known: ${Object.keys(methods).join(', ')}.` });
  }
  return problems;
}

/** The simulation a scenario describes (the scenario must have passed `parseScenario`). */
export function toSimulationSpec(scenario: Scenario): SimulationSpec {
  const model = getModel(scenario.model);
  if (!model) throw new RangeError(`Unknown model "${scenario.model}".`);
  const { version: _version, model: _model, ...rest } = scenario;
  return { ...rest, model } as SimulationSpec;
}

export function parseScenario(input: unknown): ParseResult {
  if (!isRecord(input)) return { ok: false, problems: [{ name: 'scenario', message: 'A scenario must be a JSON object.' }] };
  if (nestsDeeperThan(input)) return { ok: false, problems: [{ name: 'scenario', message: `A scenario nests at most ${MAX_JSON_DEPTH} levels of lists and objects.` }] };
  const problems = shapeProblems(input);
  if (problems.length > 0) return { ok: false, problems };
  const scenario = input as unknown as Scenario;
  const checked = validateSpec(toSimulationSpec(scenario));
  return checked.problems.length > 0 ? { ok: false, problems: checked.problems } : { ok: true, scenario };
}

/** Runs a scenario that `parseScenario` accepted. */
export function runScenario(scenario: Scenario): SimulationResult {
  return simulate(toSimulationSpec(scenario));
}

/** The runner's output: plain arrays, and `diverged` null or where and why the run stopped. */
export interface RunnerOutput {
  readonly spikes: number[];
  readonly t: number[];
  readonly traces: Record<string, number[]>;
  readonly diverged: null | { readonly t: number; readonly variable: string; readonly reason: string };
}

export function runnerOutput(result: SimulationResult): RunnerOutput {
  return {
    spikes: Array.from(result.spikes),
    // Sample times are k · sampleEvery in floating point (0.30000000000000004); print them as the decimals they stand for.
    t: Array.from(result.t, (time) => Math.round(time * 1e9) / 1e9),
    traces: Object.fromEntries(Object.entries(result.traces).map(([name, values]) => [name, Array.from(values)])),
    diverged: result.divergence ? { t: result.divergence.t, variable: result.divergence.variable, reason: result.divergence.reason } : null,
  };
}
