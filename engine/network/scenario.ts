/**
 * Network scenarios for the command-line runner: `{ "network": "izhikevich-2003", "duration": 1000, "seed": 1,
 * "method": "published", "Ne": 800, "Ni": 200 }` and `{ "network": "izhikevich-mean-field", … }`. Parsing never
 * trusts its input: unknown fields, wrong types and out-of-range values are named, as for single neurons.
 */
import { compileIkDrive, ikMeanFieldParams, ikProtocol, ikSampleStride, ikStepCount, simulateIkMeanField, type IkInputSegment, type IkMeanFieldRun } from '../mean-field/izhikevich-mean-field.ts';
import { resolveParams, type ParamProblem } from '../params/registry.ts';
import { MAX_STEPS } from '../spec-error.ts';
import { izhikevich2003Params, netMethods, runIzhikevich2003, validateIzhikevich2003, type Izhikevich2003Spec, type NetMethod } from './izhikevich-2003.ts';

export const networkIds = ['izhikevich-2003', 'izhikevich-mean-field'] as const;

// A function, not a top-level list: a bundler keeps a top-level spread (and the registry it reads) in every page that imports the engine's index.
const netFields = (): readonly string[] => ['version', 'network', 'duration', 'seed', 'method', 'connectivity', 'record', ...izhikevich2003Params.map((p) => p.name)];

export interface NetScenario {
  readonly network: 'izhikevich-2003';
  readonly duration: number;
  readonly spec: Izhikevich2003Spec;
  readonly recordSpikes: boolean;
}

export type NetParse = { ok: true; scenario: NetScenario } | { ok: false; problems: ParamProblem[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when the input asks for a network rather than a single neuron. */
export function isNetworkScenario(input: unknown): boolean {
  return isRecord(input) && 'network' in input;
}

export function parseNetScenario(input: unknown): NetParse {
  if (!isRecord(input)) return { ok: false, problems: [{ name: 'scenario', message: 'A scenario must be a JSON object.' }] };
  if (input['network'] === 'izhikevich-mean-field') return { ok: false, problems: [{ name: 'network', message: 'izhikevich-mean-field is parsed by parseMeanFieldScenario.' }] };
  if (input['network'] !== 'izhikevich-2003') {
    return { ok: false, problems: [{ name: 'network', message: `Unknown network ${JSON.stringify(input['network'])}. Known: ${networkIds.join(', ')}.` }] };
  }
  const problems: ParamProblem[] = [];
  const known = netFields();
  for (const key of Object.keys(input)) if (!known.includes(key)) problems.push({ name: key, message: `Unknown field "${key}" for network izhikevich-2003. Known: ${known.join(', ')}.` });
  if ('version' in input && input['version'] !== 1) problems.push({ name: 'version', message: `version must be 1, got ${JSON.stringify(input['version'])}.` });
  const duration = input['duration'];
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > 100_000) {
    problems.push({ name: 'duration', message: `duration must be a whole number of ms from 1 to 100000, got ${JSON.stringify(duration)}.` });
  }
  const seed = input['seed'] ?? 1;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) problems.push({ name: 'seed', message: `seed must be a whole number, got ${JSON.stringify(seed)}.` });
  const method = input['method'] ?? 'published';
  if (typeof method !== 'string' || !(netMethods as readonly string[]).includes(method)) problems.push({ name: 'method', message: `method must be one of ${netMethods.join(', ')}, got ${JSON.stringify(method)}.` });
  const record = input['record'] ?? [];
  if (!Array.isArray(record) || !record.every((r) => r === 'spikes')) problems.push({ name: 'record', message: 'record must be a list that may contain "spikes".' });
  const params: Record<string, number> = {};
  for (const spec of izhikevich2003Params) {
    const value = input[spec.name];
    if (value === undefined) continue;
    if (typeof value !== 'number') problems.push({ name: spec.name, message: `${spec.name} must be a number, got ${JSON.stringify(value)}.` });
    else params[spec.name] = value;
  }
  if (problems.length > 0) return { ok: false, problems };
  const spec: Izhikevich2003Spec = {
    params,
    seed: seed as number,
    method: method as NetMethod,
    ...(input['connectivity'] === undefined ? {} : { connectivity: input['connectivity'] as NonNullable<Izhikevich2003Spec['connectivity']> }),
  };
  const invalid = validateIzhikevich2003(spec);
  if (invalid.length > 0) return { ok: false, problems: invalid };
  return { ok: true, scenario: { network: 'izhikevich-2003', duration: duration as number, spec, recordSpikes: (record as unknown[]).includes('spikes') } };
}

export interface NetRunnerOutput {
  readonly spikeCount: number;
  /** Mean rates over the run, Hz. */
  readonly rates: { readonly exc: number; readonly inh: number };
  /** From building the weights to the last step, all random draws included, measured inside. */
  readonly wallMs: number;
  /** The JIT warm-up before the timed run (see `warmUp`), ms. */
  readonly warmupMs: number;
  readonly spikeTrains?: { readonly t: number[]; readonly i: number[] };
}

/**
 * Runs the same code on three short runs of the same network (other seeds) before the timed run. V8 compiles
 * a hot loop only after interpreting it for a while, on a second thread, and on this project's 2-core machines
 * compiling the network's loops takes 30–50 ms each: a first run in a fresh process measures the compiler, not
 * the simulation (about 100–190 ms here against about 31 ms once compiled). Brian2's cython figures are
 * likewise quoted with a warm cache. The warm-up time is reported beside wallMs, never hidden in it.
 */
export function warmUp(spec: Izhikevich2003Spec): number {
  const started = performance.now();
  const n = (spec.params?.Ne ?? 800) + (spec.params?.Ni ?? 200);
  const ms = Math.max(10, Math.min(200, Math.round(200_000 / n)));
  for (let k = 1; k <= 3; k++) runIzhikevich2003({ ...spec, seed: spec.seed + 7919 * k }, ms);
  return performance.now() - started;
}

export function runNetScenario(scenario: NetScenario, options: { warmUp?: boolean } = {}): NetRunnerOutput {
  const warmupMs = options.warmUp === false ? 0 : warmUp(scenario.spec);
  const result = runIzhikevich2003(scenario.spec, scenario.duration);
  const { spikes } = result;
  return {
    spikeCount: spikes.count,
    rates: result.rates,
    wallMs: Math.round(result.wallMs * 100) / 100,
    warmupMs: Math.round(warmupMs * 100) / 100,
    ...(scenario.recordSpikes ? { spikeTrains: { t: Array.from(spikes.t.subarray(0, spikes.count), (t) => Math.round(t * 1e9) / 1e9), i: Array.from(spikes.i.subarray(0, spikes.count)) } } : {}),
  };
}

const MEAN_FIELD_FIELDS = ['version', 'network', 'duration', 'dt', 'method', 'sampleEvery', 'params', 'input'] as const;

export type MeanFieldParse = { ok: true; run: IkMeanFieldRun } | { ok: false; problems: ParamProblem[] };

/**
 * `{ "network": "izhikevich-mean-field", "duration": 1000, "dt": 0.01, "method": "rk4", "params": { "g": 1.5 },
 * "input": 0.15 | [{ "tStart": 0, "tEnd": 400, "value": 0.15 }, …] }`; without "input", PyRates' protocol
 * (0.15, switched off on [400, 600)); without "duration", 1000.
 */
export function parseMeanFieldScenario(input: unknown): MeanFieldParse {
  if (!isRecord(input) || input['network'] !== 'izhikevich-mean-field') return { ok: false, problems: [{ name: 'network', message: 'Not an izhikevich-mean-field scenario.' }] };
  const problems: ParamProblem[] = [];
  const known: readonly string[] = MEAN_FIELD_FIELDS;
  for (const key of Object.keys(input)) if (!known.includes(key)) problems.push({ name: key, message: `Unknown field "${key}" for network izhikevich-mean-field. Known: ${known.join(', ')}.` });
  if ('version' in input && input['version'] !== 1) problems.push({ name: 'version', message: `version must be 1, got ${JSON.stringify(input['version'])}.` });
  for (const key of ['duration', 'dt', 'sampleEvery'] as const) {
    if (key in input && typeof input[key] !== 'number') problems.push({ name: key, message: `${key} must be a number, got ${JSON.stringify(input[key])}.` });
  }
  const method = input['method'] ?? 'rk4';
  if (method !== 'rk4' && method !== 'euler') problems.push({ name: 'method', message: `method must be "rk4" or "euler", got ${JSON.stringify(method)}.` });
  const params = input['params'] ?? {};
  if (!isRecord(params) || !Object.values(params).every((v) => typeof v === 'number')) {
    problems.push({ name: 'params', message: `params must be an object of numbers by name (${ikMeanFieldParams.map((p) => p.name).join(', ')}).` });
  }
  const drive = input['input'] ?? ikProtocol.segments;
  const isSegment = (seg: unknown): seg is IkInputSegment =>
    isRecord(seg) && Object.keys(seg).every((k) => ['tStart', 'tEnd', 'value'].includes(k)) && ['tStart', 'tEnd', 'value'].every((k) => typeof seg[k] === 'number');
  if (typeof drive !== 'number' && !(Array.isArray(drive) && drive.length > 0 && drive.length <= 1000 && drive.every(isSegment))) {
    problems.push({ name: 'input', message: 'input must be a number or a list of 1 to 1000 segments { "tStart", "tEnd", "value" } (numbers).' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const run: IkMeanFieldRun = {
    params: params as Record<string, number>,
    input: drive as number | IkInputSegment[],
    duration: (input['duration'] as number | undefined) ?? ikProtocol.duration,
    method: method as 'rk4' | 'euler',
    ...(typeof input['dt'] === 'number' ? { dt: input['dt'] } : {}),
    ...(typeof input['sampleEvery'] === 'number' ? { sampleEvery: input['sampleEvery'] } : {}),
  };
  // The engine's own checks (ranges, the grid, the input against dt), without running.
  const checks = resolveParams(ikMeanFieldParams, run.params ?? {}).problems;
  const dt = run.dt ?? 0.01;
  const steps = ikStepCount(dt, run.duration, 1, checks);
  if (steps > MAX_STEPS) checks.push({ name: 'dt', message: `${steps} steps is more than ${MAX_STEPS}; use a larger dt or a shorter run.` });
  ikSampleStride(run.sampleEvery, dt, checks);
  if (checks.length === 0) compileIkDrive(run.input, dt, steps, checks);
  if (checks.length > 0) return { ok: false, problems: checks };
  return { ok: true, run };
}

export interface MeanFieldRunnerOutput {
  readonly t: number[];
  readonly r: number[];
  readonly v: number[];
  readonly diverged: null | { readonly t: number; readonly variable: string; readonly reason: string };
}

export function runMeanFieldScenario(run: IkMeanFieldRun): MeanFieldRunnerOutput {
  const result = simulateIkMeanField(run);
  return {
    t: Array.from(result.t, (time) => Math.round(time * 1e9) / 1e9),
    r: Array.from(result.r),
    v: Array.from(result.v),
    diverged: result.divergence ? { t: result.divergence.t, variable: result.divergence.variable, reason: result.divergence.reason } : null,
  };
}
