/**
 * State and run of the <receptive-field> widget: n inputs on a ring receive Gaussian bumps of activity at
 * random positions (engine/plasticity/inputs.ts, bumpSource); one linear neuron learns with the covariance
 * rule (running means, time constant 1000 samples) under hard bounds [0, 1], from weights near 0.5. The
 * run's selectivity (max − min)/(max + min) of the response to a bump over all bump positions measures how
 * localised the receptive field has become (test/unit/hebbian.test.ts states the criterion). Pure: no DOM.
 */
import { resolveParams, type ParamSpec, type ParamValues, type Registry } from '../../engine/params/registry.ts';
import { bumpRate, bumpSource, resolveBumps, type BumpPattern } from '../../engine/plasticity/inputs.ts';
import { createLearner, type Learner } from '../../engine/plasticity/learn.ts';
import { createRule } from '../../engine/plasticity/rate-rules.ts';
import { createRandom } from '../../engine/random/rng.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export const rfParams = [
  { name: 'eta', symbol: '\\eta', unit: '', default: 0.002, min: 0.0001, max: 0.02, step: 0.0001, meaning: 'Learning rate of the covariance rule, per sample (dimensionless)' },
  { name: 'width', symbol: '\\sigma_b', unit: 'inputs', default: 4, min: 0.5, max: 10, step: 0.1, meaning: 'Width of the activity bump, in input spacings' },
  { name: 'noise', symbol: '\\sigma_\\xi', unit: '', default: 0.05, min: 0, max: 0.5, step: 0.01, meaning: 'Independent noise on each input (dimensionless)' },
  { name: 'n', symbol: 'N', unit: 'inputs', default: 40, min: 8, max: 80, step: 1, meaning: 'Number of inputs around the ring' },
  { name: 'seed', symbol: '\\text{seed}', unit: '', default: 1, min: 0, max: 9999, step: 1, meaning: 'Seed of the random bumps and initial weights (dimensionless)' },
  { name: 'speed', symbol: 'k', unit: '', default: 40, min: 1, max: 400, step: 1, meaning: 'Speed: samples presented per animation frame while playing (a count)' },
] as const satisfies Registry;

export type RfParam = (typeof rfParams)[number]['name'];
export interface RfState extends ParamValues<RfParam> {
  readonly version: 1;
}

export const RF_MAX_SAMPLES = 40_000;
export const RF_TAU_MEAN = 1000;
/** Bump positions per input spacing at which the tuning curve is evaluated. */
export const TUNING_STEPS = 4;

export interface RfProblem {
  readonly name: string;
  readonly message: string;
}

export function parseRfState(input: unknown): { ok: true; state: RfState } | { ok: false; problems: RfProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The state must be an object.' }] };
  const { version = 1, ...rest } = input as Record<string, unknown>;
  const problems: RfProblem[] = [];
  if (version !== 1) problems.push({ name: 'version', message: `version must be 1, got ${String(version)}.` });
  const resolved = resolveParams(rfParams, rest);
  problems.push(...resolved.problems);
  if (resolved.problems.length === 0) {
    for (const key of ['n', 'seed'] as const) if (!Number.isInteger(resolved.values[key])) problems.push({ name: key, message: `${key} must be a whole number, got ${resolved.values[key]}.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, state: { version: 1, ...resolved.values } };
}

export function patternOf(state: RfState): BumpPattern {
  return resolveBumps({ n: state.n, width: state.width, noise: state.noise, amplitude: 1, baseline: 0.1, geometry: 'ring' });
}

/** Initial weights 0.5 ± 0.01, drawn from the seed (a stream apart from the bumps'). */
export function rfInitialWeights(state: RfState): Float64Array {
  const random = createRandom(state.seed + 7919);
  return Float64Array.from({ length: state.n }, () => 0.5 + 0.02 * (random.uniform() - 0.5));
}

/** The response w . x to a noise-free bump at each position 0, 1/steps, 2/steps, … around the ring. */
export function tuningCurve(w: ArrayLike<number>, pattern: BumpPattern, steps = TUNING_STEPS): { position: Float64Array; response: Float64Array } {
  const count = pattern.n * steps;
  const position = new Float64Array(count);
  const response = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const c = k / steps;
    let y = 0;
    for (let j = 0; j < pattern.n; j++) y += w[j]! * bumpRate(j, c, pattern);
    position[k] = c;
    response[k] = y;
  }
  return { position, response };
}

/** (max − min)/(max + min) of a tuning curve: 0 for a neuron that responds equally everywhere. */
export function selectivity(response: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < response.length; i++) {
    max = Math.max(max, response[i]!);
    min = Math.min(min, response[i]!);
  }
  return max + min > 0 ? (max - min) / (max + min) : 0;
}

export interface RfSession {
  readonly state: RfState;
  readonly pattern: BumpPattern;
  readonly initial: Float64Array;
  readonly learner: Learner;
  finished(): boolean;
  advance(count: number): number;
}

export function createRfSession(state: RfState): RfSession {
  const pattern = patternOf(state);
  const initial = rfInitialWeights(state);
  const learner = createLearner({
    rule: createRule('covariance', { params: { eta: state.eta, tauMean: RF_TAU_MEAN }, bounds: { kind: 'hard', wMin: 0, wMax: 1 } }),
    input: bumpSource(pattern, state.seed),
    w0: initial,
  });
  const finished = () => learner.samples >= RF_MAX_SAMPLES;
  return {
    state,
    pattern,
    initial,
    learner,
    finished,
    advance: (count) => learner.step(Math.max(0, Math.min(count, RF_MAX_SAMPLES - learner.samples))),
  };
}

export type RfReadoutId = 'samples' | 'selectivity' | 'saturated' | 'preferred';

export function rfReadouts(session: RfSession): Record<RfReadoutId, { value: number; text: string }> {
  const w = session.learner.w;
  const tuning = tuningCurve(w, session.pattern);
  let best = 0;
  for (let k = 1; k < tuning.response.length; k++) if (tuning.response[k]! > tuning.response[best]!) best = k;
  let saturated = 0;
  for (const v of w) if (v < 0.02 || v > 0.98) saturated += 1;
  const s = selectivity(tuning.response);
  const fraction = saturated / w.length;
  const preferred = tuning.position[best]!;
  return {
    samples: { value: session.learner.samples, text: String(session.learner.samples) },
    selectivity: { value: s, text: formatNumber(s, 2) },
    saturated: { value: fraction, text: `${formatNumber(100 * fraction, 0)} %` },
    preferred: { value: preferred, text: formatNumber(preferred, 2) },
  };
}

export function rfSummary(session: RfSession): string {
  const r = rfReadouts(session);
  return (
    `Weights of ${session.state.n} inputs on a ring after ${r.samples.text} samples of the covariance rule with bounds 0 and 1: ` +
    `${r.saturated.text} of the weights sit at a bound; selectivity ${r.selectivity.text}; the strongest response is to a bump at input ${r.preferred.text}.`
  );
}

export function rfControlsOf(state: RfState, keys: readonly RfParam[]): Control[] {
  return keys.map((key) => {
    const spec = rfParams.find((s) => s.name === key)! as ParamSpec;
    return { key, target: { kind: 'view', name: key }, spec: { ...spec, default: state[key] } };
  });
}

export interface RfConfig {
  readonly state: RfState;
  readonly controls: Control[];
}

export const rfDefaultControls: readonly RfParam[] = ['eta', 'width', 'noise', 'seed', 'speed'];

export function buildRfConfig(props: { settings?: Record<string, number>; controls?: readonly string[] }, where: string): RfConfig {
  const parsed = parseRfState({ version: 1, ...(props.settings ?? {}) });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const keys = props.controls ?? rfDefaultControls;
  const known = rfParams.map((p) => p.name as string);
  for (const key of keys) if (!known.includes(key)) throw new Error(`${where}: unknown control "${key}". Known: ${known.join(', ')}.`);
  return { state: parsed.state, controls: rfControlsOf(parsed.state, keys as readonly RfParam[]) };
}
