/**
 * The overlap-against-temperature widget's state, free of the DOM (unit-tested in Node): the engine's
 * temperature scan (engine/attractors/stochastic.ts, run in the worker) against the mean-field curve
 * m = tanh(βm) (engine/attractors/mean-field.ts), with readouts and the text summary.
 */
import { meanFieldOverlap } from '../../engine/attractors/mean-field.ts';
import { checkedParams, temperatureParams, type TemperatureParam, type TemperaturePoint, type TemperatureSpec } from '../../engine/attractors/stochastic.ts';
import { findParam, type ParamSpec, type ParamValues } from '../../engine/params/registry.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export interface TemperatureState extends ParamValues<TemperatureParam> {
  /** Largest β on the axis; the scan uses `points` values from 0.2 to it. */
  readonly betaMax: number;
  readonly points: number;
  readonly seed: number;
}

export const temperatureControlNames = ['n', 'patterns', 'sweeps'] as const;

/** Sliders for N, P and sweeps, narrowed to what a browser computes in a few seconds. */
export function temperatureControls(): Control[] {
  const narrow: Record<string, Partial<ParamSpec>> = { n: { max: 2000 }, patterns: { max: 20 }, sweeps: { max: 1000 } };
  return temperatureControlNames.map((name) => ({ key: name, target: { kind: 'view', name }, spec: { ...findParam(temperatureParams, name)!, ...narrow[name] } }));
}

type Problems = { name: string; message: string }[];
type Parsed = { ok: true; state: TemperatureState } | { ok: false; problems: Problems };

export function parseTemperatureState(input: unknown): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The state must be an object such as { "n": 500, "patterns": 3 }.' }] };
  const { betaMax = 3, points = 13, seed = 1, ...rest } = input as Record<string, unknown>;
  const problems: Problems = [];
  if (typeof betaMax !== 'number' || !(betaMax >= 1.2 && betaMax <= 10)) problems.push({ name: 'betaMax', message: `betaMax must be a number from 1.2 to 10, got ${JSON.stringify(betaMax)}.` });
  if (typeof points !== 'number' || !Number.isInteger(points) || points < 3 || points > 40) problems.push({ name: 'points', message: `points must be a whole number from 3 to 40, got ${JSON.stringify(points)}.` });
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 1e9) problems.push({ name: 'seed', message: `seed must be a whole number from 0 to 1e9, got ${JSON.stringify(seed)}.` });
  let values: ParamValues<TemperatureParam> | undefined;
  try {
    values = checkedParams(temperatureParams, rest, ['n', 'patterns', 'sweeps', 'burnIn', 'runs']);
    if (values.patterns > values.n) problems.push({ name: 'patterns', message: `${values.patterns} patterns cannot be stored in ${values.n} units.` });
  } catch (error) {
    problems.push({ name: 'params', message: (error as Error).message });
  }
  if (problems.length > 0 || values === undefined) return { ok: false, problems };
  return { ok: true, state: { ...values, betaMax: betaMax as number, points: points as number, seed: seed as number } };
}

/** The β values of the scan: `points` equal steps from 0.2 to betaMax, rounded to 0.01. */
export function betaGrid(state: TemperatureState): number[] {
  const lo = 0.2;
  return Array.from({ length: state.points }, (_, k) => Math.round((lo + ((state.betaMax - lo) * k) / (state.points - 1)) * 100) / 100);
}

/** The job's parameters for this state. */
export function scanSpec(state: TemperatureState): TemperatureSpec {
  const { n, patterns, sweeps, burnIn, runs, seed } = state;
  return { params: { n, patterns, sweeps, burnIn, runs }, betas: betaGrid(state), mode: 'async', seed };
}

/** The mean-field curve on a fine grid for drawing. */
export function theoryCurve(betaMax: number, samples = 241): { betas: Float64Array; m: Float64Array } {
  const betas = new Float64Array(samples);
  const m = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    betas[k] = (betaMax * k) / (samples - 1);
    m[k] = meanFieldOverlap(betas[k]!);
  }
  return { betas, m };
}

export interface TemperatureReadout {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly decimals: number;
}

/** The point nearest β = 1.5 (the lesson's reference), the largest deviation, the mean error bar. */
export function temperatureReadouts(points: readonly TemperaturePoint[]): TemperatureReadout[] {
  let near = points[0]!;
  for (const p of points) if (Math.abs(p.beta - 1.5) < Math.abs(near.beta - 1.5)) near = p;
  let worst = points[0]!;
  for (const p of points) if (Math.abs(p.mean - meanFieldOverlap(p.beta)) > Math.abs(worst.mean - meanFieldOverlap(worst.beta))) worst = p;
  return [
    { id: 'sim', label: `Simulated m at β = ${formatNumber(near.beta, 2)}`, value: near.mean, decimals: 3 },
    { id: 'theory', label: `Mean field m at β = ${formatNumber(near.beta, 2)}`, value: meanFieldOverlap(near.beta), decimals: 3 },
    { id: 'worst', label: `Largest deviation (at β = ${formatNumber(worst.beta, 2)})`, value: worst.mean - meanFieldOverlap(worst.beta), decimals: 3 },
  ];
}

export function temperatureSummary(state: TemperatureState, points: readonly TemperaturePoint[]): string {
  const parts = points.map((p) => `β ${formatNumber(p.beta, 2)}: ${formatNumber(p.mean, 2)} (theory ${formatNumber(meanFieldOverlap(p.beta), 2)})`);
  return `Time-averaged overlap against inverse temperature for N = ${state.n}, P = ${state.patterns}, ${state.runs} runs of ${state.sweeps} sweeps each: ${parts.join('; ')}.`;
}
