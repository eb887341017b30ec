/**
 * The capacity experiment (Hopfield 1982, Fig. 2; Amit, Gutfreund & Sompolinsky 1985; Gerstner et al.,
 * Neuronal Dynamics, 2014, Sect. 17.2.4): store P = round(α N) random patterns in a Hopfield network of N
 * units, start it from pattern 1 with round(f N) of its units flipped (the cue), let the deterministic
 * dynamics run (synchronous or asynchronous, up to a step limit) and record the final overlap m with the
 * pattern and how the run ended (fixed point, 2-cycle, step limit). Repeated over seeds, for each load α in
 * a list: the mean and standard deviation (n − 1 in the denominator) of m against α, to compare with the
 * N → ∞ theory in `ags.ts`.
 *
 * Every run has its own seeded random source, `createRandom(seed + s)` for seed index s, whatever the load
 * or its position in the list, so one load run alone gives exactly the point it gives in a longer list.
 * From that source come, in order: the patterns (`randomPatterns`), the cue (`corrupt`), and the order of
 * the asynchronous updates.
 *
 * `createCapacityExperiment` advances a bounded number of sweeps at a time (so the worker can pause, report
 * progress after each run and honour a cancel); `runCapacity` runs it to the end. The recall loop is the
 * one of `recall` in hopfield.ts, unrolled so it can stop between sweeps (the tests check both agree).
 */
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { createRandom, type RandomSource } from '../random/rng.ts';
import { createHopfield, step, type Hopfield, type RecallEnd, type UpdateMode } from './hopfield.ts';
import { corrupt, patternOf, randomPatterns } from './patterns.ts';

export const capacityParams = [
  { name: 'n', symbol: 'N', unit: '', default: 400, min: 20, max: 3000, step: 10, meaning: 'Number of units in the network' },
  { name: 'seeds', symbol: 'n_\\text{seeds}', unit: '', default: 5, min: 1, max: 100, step: 1, meaning: 'Independent networks (pattern sets and cues) per load' },
  { name: 'cueFlip', symbol: 'f', unit: '', default: 0.1, min: 0, max: 0.5, step: 0.01, meaning: 'Fraction of the cue’s units flipped away from pattern 1' },
  { name: 'maxSteps', symbol: 't_\\text{max}', unit: '', default: 100, min: 1, max: 1000, step: 1, meaning: 'Step limit: most updates of every unit before a run is stopped' },
  { name: 'seed', symbol: 's_0', unit: '', default: 1, min: 0, max: 1e9, step: 1, meaning: 'First random seed; run s uses seed s_0 + s' },
] as const satisfies Registry;

export type CapacityParam = (typeof capacityParams)[number]['name'];

/** Most loads in one experiment. */
export const MAX_LOADS = 60;

export interface CapacitySpec {
  /** Loads α = P/N, each in (0, 1], P = round(α N) ≥ 1. */
  readonly loads: readonly number[];
  readonly mode: UpdateMode;
  /** Overrides of the registry defaults (n, seeds, cueFlip, maxSteps, seed). */
  readonly params?: Readonly<Partial<Record<CapacityParam, number>>>;
}

export interface CapacityRun {
  /** The seed of this run's random source. */
  readonly seed: number;
  /** Final overlap m with pattern 1. */
  readonly overlap: number;
  /** Steps (sweeps) taken, counting the one that confirmed the end. */
  readonly steps: number;
  readonly end: RecallEnd;
}

export interface CapacityPoint {
  /** The load as asked. */
  readonly load: number;
  /** Patterns stored, round(load · N). */
  readonly patterns: number;
  /** Mean final overlap over the seeds. */
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for one seed. */
  readonly sd: number;
  readonly runs: readonly CapacityRun[];
}

export interface CapacityResult {
  readonly n: number;
  readonly mode: UpdateMode;
  readonly cueFlip: number;
  readonly maxSteps: number;
  readonly points: readonly CapacityPoint[];
}

export interface CheckedCapacity {
  readonly loads: readonly number[];
  readonly mode: UpdateMode;
  readonly values: ParamValues<CapacityParam>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates an experiment (untrusted input, e.g. from the page); throws a RangeError listing every problem. */
export function checkCapacitySpec(input: unknown): CheckedCapacity {
  if (!isRecord(input)) throw new RangeError('The capacity experiment needs an object: { loads, mode, params }.');
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (key !== 'loads' && key !== 'mode' && key !== 'params') problems.push(`Unknown field "${key}"; the fields are loads, mode and params.`);
  }
  const mode = input['mode'];
  if (mode !== 'sync' && mode !== 'async') problems.push(`mode must be "sync" or "async", got ${JSON.stringify(mode)}.`);
  const rawParams = input['params'] ?? {};
  let values = resolveParams(capacityParams, {}).values;
  if (!isRecord(rawParams)) problems.push('params must be an object such as { n: 400, seeds: 5 }.');
  else {
    const resolved = resolveParams(capacityParams, rawParams);
    values = resolved.values;
    problems.push(...resolved.problems.map((p) => p.message));
    for (const name of ['n', 'seeds', 'maxSteps', 'seed'] as const) {
      if (name in rawParams && Number.isFinite(values[name]) && !Number.isInteger(values[name])) problems.push(`${name} must be a whole number, got ${values[name]}.`);
    }
  }
  const loads = input['loads'];
  if (!Array.isArray(loads) || loads.length === 0 || loads.length > MAX_LOADS) {
    problems.push(`loads must be a list of 1 to ${MAX_LOADS} numbers P/N.`);
  } else {
    loads.forEach((load: unknown, k) => {
      if (typeof load !== 'number' || !(load > 0 && load <= 1)) problems.push(`loads[${k}] = ${JSON.stringify(load)}: a load P/N must lie in (0, 1].`);
      else if (Math.round(load * values.n) < 1) problems.push(`loads[${k}] = ${load} stores no pattern in ${values.n} units (P = round(P/N · N) = 0).`);
    });
  }
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  return { loads: loads as number[], mode: mode as UpdateMode, values };
}

/** Summary of one load's runs. */
export function summarise(load: number, patterns: number, runs: readonly CapacityRun[]): CapacityPoint {
  let mean = 0;
  for (const run of runs) mean += run.overlap;
  mean /= runs.length;
  let squares = 0;
  for (const run of runs) squares += (run.overlap - mean) * (run.overlap - mean);
  const sd = runs.length > 1 ? Math.sqrt(squares / (runs.length - 1)) : 0;
  return { load, patterns, mean, sd, runs };
}

export interface CapacityExperiment {
  /** Total number of runs (loads × seeds). */
  readonly total: number;
  /** Runs finished so far. */
  done(): number;
  /**
   * Advances by at most `sweeps` sweeps (one sweep updates every unit once), never past the end of the
   * current run; returns true while runs remain. Building a run's network counts as one sweep.
   */
  advance(sweeps: number): boolean;
  /** Points of the loads whose runs are all finished, in order. */
  points(): CapacityPoint[];
  result(): CapacityResult;
}

interface Current {
  readonly net: Hopfield;
  readonly random: RandomSource;
  readonly seed: number;
  steps: number;
  readonly twoBack: Int8Array | undefined;
  readonly previous: Int8Array | undefined;
}

/** `spec` is checked as `checkCapacitySpec` does (it may come from the page). */
export function createCapacityExperiment(spec: CapacitySpec | Readonly<Record<string, unknown>>): CapacityExperiment {
  const { loads, mode, values } = checkCapacitySpec(spec);
  const { n, seeds, cueFlip, maxSteps, seed: firstSeed } = values;
  const total = loads.length * seeds;
  const finished: CapacityPoint[] = [];
  let runs: CapacityRun[] = [];
  let loadIndex = 0;
  let seedIndex = 0;
  let current: Current | undefined;

  const patternsAt = (k: number): number => Math.round(loads[k]! * n);

  function start(): void {
    const seed = firstSeed + seedIndex;
    const random = createRandom(seed);
    const patterns = randomPatterns(n, patternsAt(loadIndex), random);
    const net = createHopfield(patterns, corrupt(patternOf(patterns, 0), cueFlip, random));
    current = { net, random, seed, steps: 0, twoBack: mode === 'sync' ? net.state.slice() : undefined, previous: mode === 'sync' ? net.state.slice() : undefined };
  }

  function finish(end: RecallEnd): void {
    const run = current!;
    runs.push({ seed: run.seed, overlap: run.net.sums[0]! / n, steps: run.steps, end });
    current = undefined;
    seedIndex++;
    if (seedIndex === seeds) {
      finished.push(summarise(loads[loadIndex]!, patternsAt(loadIndex), runs));
      runs = [];
      seedIndex = 0;
      loadIndex++;
    }
  }

  /** One sweep of the current run (as in `recall`); returns true when the run ended. */
  function sweep(): boolean {
    const run = current!;
    run.steps++;
    const changed = step(run.net, mode === 'sync' ? { mode } : { mode, random: run.random });
    if (changed === 0) {
      finish('fixed-point');
      return true;
    }
    if (run.twoBack !== undefined && run.previous !== undefined) {
      const state = run.net.state;
      let same = true;
      for (let i = 0; i < n && same; i++) same = state[i] === run.twoBack[i];
      if (same) {
        finish('two-cycle');
        return true;
      }
      run.twoBack.set(run.previous);
      run.previous.set(state);
    }
    if (run.steps >= maxSteps) {
      finish('step-limit');
      return true;
    }
    return false;
  }

  return {
    total,
    done: () => loadIndex * seeds + seedIndex,
    advance(budget) {
      if (!(budget >= 1)) throw new RangeError(`advance needs at least one sweep, got ${budget}.`);
      let left = Math.floor(budget);
      while (left > 0 && loadIndex < loads.length) {
        if (current === undefined) {
          start();
          left--;
          continue;
        }
        left--;
        if (sweep()) break;
      }
      return loadIndex < loads.length;
    },
    points: () => finished.slice(),
    result: () => ({ n, mode, cueFlip, maxSteps, points: finished.slice() }),
  };
}

/** The whole experiment at once. */
export function runCapacity(spec: CapacitySpec): CapacityResult {
  const experiment = createCapacityExperiment(spec);
  while (experiment.advance(1000));
  return experiment.result();
}

/**
 * The first load (in increasing order) whose mean overlap falls below `threshold` (0.9 by default), or
 * undefined if none does: a finite-N estimate of the capacity to compare with α_c.
 */
export function firstLoadBelow(points: readonly Pick<CapacityPoint, 'load' | 'mean'>[], threshold = 0.9): number | undefined {
  const sorted = [...points].sort((a, b) => a.load - b.load);
  return sorted.find((p) => p.mean < threshold)?.load;
}

/** What the worker's job context offers (see engine/worker/protocol.ts); structural, so no import. */
export interface ChunkContext {
  progress(fraction: number, note?: string): void;
  /** Yields now and then; throws once the job is cancelled. */
  pause(): Promise<void>;
}

/**
 * The experiment as a worker job: one sweep at a time with a pause after each (a pause yields only every
 * ~10 ms, so it costs nothing otherwise), progress after each finished run ("run k of K, P/N = α").
 */
export async function runCapacityJob(params: unknown, context: ChunkContext): Promise<CapacityResult> {
  const experiment = createCapacityExperiment(params as Readonly<Record<string, unknown>>);
  const loads = checkCapacitySpec(params).loads;
  const seeds = experiment.total / loads.length;
  let reported = 0;
  for (;;) {
    const more = experiment.advance(1);
    const done = experiment.done();
    if (done > reported) {
      reported = done;
      context.progress(done / experiment.total, `run ${done} of ${experiment.total}, P/N = ${loads[Math.floor((done - 1) / seeds)]}`);
    }
    if (!more) break;
    await context.pause();
  }
  return experiment.result();
}
