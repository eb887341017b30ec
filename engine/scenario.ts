/**
 * A scenario is a single-neuron run as plain JSON: the format of the command-line runner, of widget state,
 * and (later) of shared links and exports. Parsing never trusts its input: every field is checked and every
 * problem reported in words, so a corrupted file or link gives a message, not a crash or a silent default.
 */
import { isMethodId, type MethodId } from './integrators/index.ts';
import { getModel, models } from './models/index.ts';
import type { ParamProblem } from './params/registry.ts';
import { simulate, validateSpec, type SimulationResult } from './simulate.ts';
import type { StimulusComponent } from './stimuli/stimulus.ts';

export const SCENARIO_VERSION = 1;

export interface Scenario {
  readonly version: typeof SCENARIO_VERSION;
  /** Model id, e.g. 'lif'. */
  readonly model: string;
  /** Only the parameters that differ from the model's defaults need to be given. */
  readonly params: Readonly<Record<string, number>>;
  readonly stimulus: readonly StimulusComponent[];
  readonly method: MethodId;
  /** ms */
  readonly dt: number;
  /** ms */
  readonly duration: number;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ParamProblem[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseScenario(input: unknown): ParseResult {
  if (!isRecord(input)) return { ok: false, problems: [{ name: 'scenario', message: 'A scenario must be a JSON object.' }] };
  const problems: ParamProblem[] = [];
  const known = new Set(['version', 'model', 'params', 'stimulus', 'method', 'dt', 'duration']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push({ name: key, message: `Unknown scenario field "${key}".` });
  if (input['version'] !== SCENARIO_VERSION) {
    problems.push({ name: 'version', message: `Scenario version must be ${SCENARIO_VERSION}, got ${JSON.stringify(input['version'])}.` });
  }
  const model = typeof input['model'] === 'string' ? getModel(input['model']) : undefined;
  if (!model) problems.push({ name: 'model', message: `Unknown model ${JSON.stringify(input['model'])}. Known: ${Object.keys(models).join(', ')}.` });
  const params = input['params'] ?? {};
  if (!isRecord(params)) problems.push({ name: 'params', message: 'params must be an object of numbers.' });
  const stimulus = input['stimulus'] ?? [];
  if (!Array.isArray(stimulus)) problems.push({ name: 'stimulus', message: 'stimulus must be a list of components.' });
  const method = input['method'] ?? model?.defaultMethod;
  if (!isMethodId(method)) problems.push({ name: 'method', message: `Unknown method ${JSON.stringify(method)}.` });
  const dt = input['dt'];
  const duration = input['duration'];
  if (typeof dt !== 'number') problems.push({ name: 'dt', message: 'dt (ms) must be a number.' });
  if (typeof duration !== 'number') problems.push({ name: 'duration', message: 'duration (ms) must be a number.' });
  if (problems.length > 0 || !model) return { ok: false, problems };

  const scenario: Scenario = {
    version: SCENARIO_VERSION,
    model: model.id,
    params: params as Record<string, number>,
    stimulus: stimulus as StimulusComponent[],
    method: method as MethodId,
    dt: dt as number,
    duration: duration as number,
  };
  const checked = validateSpec({ ...scenario, model });
  return checked.problems.length > 0 ? { ok: false, problems: checked.problems } : { ok: true, scenario };
}

/** Runs a scenario that `parseScenario` accepted. */
export function runScenario(scenario: Scenario): SimulationResult {
  const model = getModel(scenario.model);
  if (!model) throw new RangeError(`Unknown model "${scenario.model}".`);
  return simulate({ model, params: scenario.params, stimulus: scenario.stimulus, method: scenario.method, dt: scenario.dt, duration: scenario.duration });
}
