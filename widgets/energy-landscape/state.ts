/**
 * The energy-trace widget's state and computation, free of the DOM (unit-tested in Node): two copies of one
 * Hopfield network start from the same corrupted cue; one runs the deterministic sign dynamics, the other
 * Glauber dynamics at inverse temperature β, both asynchronous, one sweep at a time; E and the overlap with
 * the cued pattern are recorded after every sweep (engine/attractors/stochastic.ts, Neuronal Dynamics
 * Sect. 17.2.5 and 17.3).
 */
import { createHopfield, energy, step, type Hopfield } from '../../engine/attractors/hopfield.ts';
import { checkedParams, energyTraceParams, patternEnergy, recallSetup, type EnergyTraceParam } from '../../engine/attractors/stochastic.ts';
import { findParam, type ParamSpec, type ParamValues } from '../../engine/params/registry.ts';
import { createRandom, type RandomSource } from '../../engine/random/rng.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export interface EnergyState extends ParamValues<EnergyTraceParam> {
  /** Seed of the patterns, the cue and the update order. */
  readonly seed: number;
}

/** The sliders, in order; N is fixed by the lesson (it sets the size of the memory). */
export const energyControlNames = ['beta', 'cueFlip', 'patterns', 'sweeps'] as const;

export function energyControls(): Control[] {
  return energyControlNames.map((name) => {
    const spec = findParam(energyTraceParams, name)!;
    const narrowed: ParamSpec = name === 'patterns' ? { ...spec, max: 60 } : name === 'sweeps' ? { ...spec, max: 100 } : spec;
    return { key: name, target: { kind: 'view', name }, spec: narrowed };
  });
}

type Parsed = { ok: true; state: EnergyState } | { ok: false; problems: { name: string; message: string }[] };

/** Validates untrusted state (setState, lesson props): every problem in words, nothing evaluated. */
export function parseEnergyState(input: unknown): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The state must be an object such as { "beta": 2, "cueFlip": 0.3 }.' }] };
  const { seed = 1, ...rest } = input as Record<string, unknown>;
  const problems: { name: string; message: string }[] = [];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 1e9) problems.push({ name: 'seed', message: `seed must be a whole number from 0 to 1e9, got ${JSON.stringify(seed)}.` });
  let values: ParamValues<EnergyTraceParam> | undefined;
  try {
    values = checkedParams(energyTraceParams, rest, ['n', 'patterns', 'sweeps']);
    if (values.patterns > values.n) problems.push({ name: 'patterns', message: `${values.patterns} patterns cannot be stored in ${values.n} units.` });
  } catch (error) {
    problems.push({ name: 'params', message: (error as Error).message });
  }
  if (problems.length > 0 || values === undefined) return { ok: false, problems };
  return { ok: true, state: { ...values, seed: seed as number } };
}

export interface EnergyRun {
  readonly state: EnergyState;
  /** Sweeps done so far (0 … state.sweeps). */
  readonly t: number;
  readonly energyDet: Float64Array;
  readonly energySto: Float64Array;
  readonly overlapDet: Float64Array;
  readonly overlapSto: Float64Array;
  /** E of the stored pattern itself. */
  readonly patternEnergy: number;
}

interface RunInternals extends EnergyRun {
  t: number;
  readonly det: Hopfield;
  readonly sto: Hopfield;
  readonly randomDet: RandomSource;
  readonly randomSto: RandomSource;
}

/** Builds both networks at the cue (t = 0). */
export function startRun(state: EnergyState): EnergyRun {
  const { patterns, cue } = recallSetup({ n: state.n, patterns: state.patterns, cueFlip: state.cueFlip, beta: state.beta, sweeps: state.sweeps }, state.seed);
  const det = createHopfield(patterns, cue);
  const sto = createHopfield(patterns, cue);
  const size = state.sweeps + 1;
  const run: RunInternals = {
    state,
    t: 0,
    energyDet: new Float64Array(size),
    energySto: new Float64Array(size),
    overlapDet: new Float64Array(size),
    overlapSto: new Float64Array(size),
    patternEnergy: patternEnergy(patterns, 0),
    det,
    sto,
    randomDet: createRandom(state.seed * 2 + 1),
    randomSto: createRandom(state.seed * 2 + 2),
  };
  record(run);
  return run;
}

function record(run: RunInternals): void {
  run.energyDet[run.t] = energy(run.det);
  run.energySto[run.t] = energy(run.sto);
  run.overlapDet[run.t] = run.det.sums[0]! / run.det.n;
  run.overlapSto[run.t] = run.sto.sums[0]! / run.sto.n;
}

/** One more sweep of both networks; false when the run is already complete. */
export function advanceRun(run: EnergyRun): boolean {
  const r = run as RunInternals;
  if (r.t >= r.state.sweeps) return false;
  step(r.det, { mode: 'async', random: r.randomDet });
  step(r.sto, { mode: 'async', beta: r.state.beta, random: r.randomSto });
  r.t++;
  record(r);
  return true;
}

/** The whole run at once. */
export function completeRun(run: EnergyRun): EnergyRun {
  while (advanceRun(run));
  return run;
}

export interface EnergyReadout {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly decimals: number;
}

export function energyReadouts(run: EnergyRun): EnergyReadout[] {
  const t = run.t;
  return [
    { id: 'sweep', label: 'Sweeps shown', value: t, decimals: 0 },
    { id: 'energy-det', label: 'Energy now, deterministic', value: run.energyDet[t]!, decimals: 2 },
    { id: 'energy-sto', label: `Energy now, stochastic (β = ${formatNumber(run.state.beta, 2)})`, value: run.energySto[t]!, decimals: 2 },
    { id: 'energy-pattern', label: 'Energy of the stored pattern', value: run.patternEnergy, decimals: 2 },
    { id: 'overlap-det', label: 'Overlap now, deterministic', value: run.overlapDet[t]!, decimals: 3 },
    { id: 'overlap-sto', label: 'Overlap now, stochastic', value: run.overlapSto[t]!, decimals: 3 },
  ];
}

export function energySummary(run: EnergyRun): string {
  const t = run.t;
  const f = (v: number, d: number) => formatNumber(v, d);
  return (
    `After ${t} of ${run.state.sweeps} sweeps from a cue with overlap ${f(run.overlapDet[0]!, 2)}: ` +
    `the deterministic network has energy ${f(run.energyDet[t]!, 1)} and overlap ${f(run.overlapDet[t]!, 3)}; ` +
    `the stochastic one at β = ${f(run.state.beta, 2)} has energy ${f(run.energySto[t]!, 1)} and overlap ${f(run.overlapSto[t]!, 3)}. ` +
    `The stored pattern's energy is ${f(run.patternEnergy, 1)}.`
  );
}
