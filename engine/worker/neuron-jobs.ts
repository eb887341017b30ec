/**
 * The single-neuron jobs of the engine worker (see jobs.ts, which loads this module on a job's first run, so a
 * page whose worker only runs Hopfield jobs never fetches the neuron models, and the reverse).
 */
import type { FiPoint } from '../analysis/fi-curve.ts';
import { steadyRate } from '../analysis/spikes.ts';
import { loadModel } from '../models/load.ts';
import { getModel } from '../models/registry.ts';
import { loadAdaptiveDriver } from '../run/adaptive-loader.ts';
import { loadExpressionParser, usesExpression } from '../stimuli/expression-parser.ts';
import { parseScenario, SCENARIO_VERSION } from '../scenario.ts';
import { createSimulation, SpecError, type SimulationResult, type SimulationSpec } from '../simulate.ts';
import type { Job, JobContext } from './protocol.ts';

/** Work per chunk, ms: whatever the model, method or sampling, a pause comes every few milliseconds. */
const CHUNK_MS = 2;
const MAX_CURRENTS = 1000;

/**
 * The same as `simulate(spec)` (which is `createSimulation` advanced to the end; the unit tests check they
 * agree), advanced a chunk at a time with a pause between chunks. The chunk size adapts to the time a
 * chunk takes, since the cost of one `advance` unit depends on the model, the method and the sampling.
 */
async function runInChunks(spec: SimulationSpec, context: JobContext, onChunk?: (fraction: number) => void): Promise<SimulationResult> {
  const run = createSimulation(spec);
  let count = 16;
  for (;;) {
    const started = performance.now();
    if (!run.advance(count)) break;
    const elapsed = performance.now() - started;
    if (elapsed < CHUNK_MS / 2) count *= 2;
    else if (elapsed > 2 * CHUNK_MS) count = Math.max(1, Math.floor(count / 2));
    onChunk?.(run.done / run.steps);
    await context.pause();
  }
  return run.result();
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A page's worker loads models, the stimulus grammar and the adaptive method on demand (models/load.ts,
 * stimuli/expression-parser.ts, run/adaptive-loader.ts): what a job names comes before its scenario is checked.
 */
async function loadNamedModel(input: Record<string, unknown>): Promise<void> {
  const id = input['model'];
  await Promise.all([
    typeof id === 'string' ? loadModel(id) : undefined,
    usesExpression(input['stimulus']) ? loadExpressionParser() : undefined,
  ]);
  const method = input['method'] ?? (typeof id === 'string' ? getModel(id)?.defaultMethod : undefined);
  if (method === 'adaptive') await loadAdaptiveDriver();
}

/** Checks a scenario as the runner and widget state do; throws SpecError listing every problem. */
function checkedSpec(input: Record<string, unknown>): SimulationSpec {
  const parsed = parseScenario({ version: SCENARIO_VERSION, ...input });
  if (!parsed.ok) throw new SpecError(parsed.problems);
  const { version: _version, ...scenario } = parsed.scenario;
  return { ...scenario, model: getModel(scenario.model)! };
}

export const simulateJob: Job<SimulationResult> = async (params, context) => {
  if (!isRecord(params)) throw new TypeError('The simulate job needs a scenario object: { model, params, stimulus, method, dt, duration }.');
  await loadNamedModel(params);
  const spec = checkedSpec(params);
  let reported = 0;
  const result = await runInChunks(spec, context, (fraction) => {
    // At most about a hundred progress messages, however long the run.
    if (fraction - reported >= 0.01) context.progress((reported = fraction));
  });
  context.progress(1);
  return result;
};

export const fiCurveJob: Job<FiPoint[]> = async (params, context) => {
  if (!isRecord(params)) throw new TypeError('The fiCurve job needs an object: { model, params, method, dt, duration, currents }.');
  const { currents, transient = 0, ...scenario } = params;
  if (!Array.isArray(currents) || currents.length === 0 || currents.length > MAX_CURRENTS) {
    throw new RangeError(`currents must be a list of 1 to ${MAX_CURRENTS} numbers.`);
  }
  const bad = currents.findIndex((c) => typeof c !== 'number' || !Number.isFinite(c));
  if (bad >= 0) throw new RangeError(`currents[${bad}] must be a finite number, got ${JSON.stringify(currents[bad])}.`);
  if (typeof transient !== 'number' || !(transient >= 0)) throw new RangeError(`transient must be a time ≥ 0 ms, got ${JSON.stringify(transient)}.`);
  if ('stimulus' in scenario) throw new RangeError('The fiCurve job sets the stimulus itself (one constant current per run); give currents instead.');
  await loadNamedModel(scenario);
  // Check every run before doing any, so a bad current is reported at once rather than mid-way.
  const specs = (currents as number[]).map((amplitude) => checkedSpec({ ...scenario, stimulus: [{ kind: 'constant', amplitude }] }));
  const points: FiPoint[] = [];
  for (const [i, spec] of specs.entries()) {
    const run = await runInChunks(spec, context);
    points.push({ current: currents[i] as number, rate: steadyRate(run.spikes, transient) });
    context.progress((i + 1) / specs.length, `${i + 1} of ${specs.length} currents`);
    await context.pause();
  }
  return points;
};
