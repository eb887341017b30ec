/**
 * Experiments with the stochastic Hopfield network (Gerstner et al., Neuronal Dynamics, 2014, Sect. 17.2.5
 * (energy) and 17.3 (the stochastic network, Eq. 17.3 with g(h) = ½[1 + tanh(β h)]); Glauber 1963;
 * Amit, Gutfreund & Sompolinsky 1985). The dynamics themselves are the core's `step` (hopfield.ts); this
 * file adds what is measured on them:
 *
 * - `traceRecall`: energy E = −½ Σ w_ij S_i S_j and the overlap with the cued pattern after every sweep of
 *   recall from a corrupted cue, for deterministic (β = ∞) or Glauber (finite β) updates;
 * - `createTemperatureScan`: the stationary overlap against β. At each β every run starts in the stored
 *   pattern, discards `burnIn` sweeps, then averages m over `sweeps` sweeps; runs differ in their patterns
 *   and update order (seeded), and the spread over runs is the error bar. It advances in chunks, so the
 *   worker can pause between them, and `runTemperatureScan` runs it to the end.
 *
 * A sweep is N single-unit updates (asynchronous: one random permutation) or one parallel update (sync).
 */
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { createRandom, type RandomSource } from '../random/rng.ts';
import { createHopfield, energy, setState, step, type Hopfield, type UpdateMode } from './hopfield.ts';
import type { ChunkContext } from './capacity.ts';
import { corrupt, patternOf, randomPatterns, type PatternSet } from './patterns.ts';

/** Parameters of the overlap-against-temperature experiment. */
export const temperatureParams = [
  { name: 'n', symbol: 'N', unit: '', default: 1000, min: 50, max: 5000, step: 50, meaning: 'Number of units in the network (dimensionless)' },
  { name: 'patterns', symbol: 'P', unit: '', default: 3, min: 1, max: 50, step: 1, meaning: 'Number of stored random patterns (dimensionless)' },
  { name: 'sweeps', symbol: 'T', unit: 'sweeps', default: 200, min: 10, max: 5000, step: 10, meaning: 'Sweeps averaged at each β after the burn-in (one sweep updates every unit once)' },
  { name: 'burnIn', symbol: 'T_0', unit: 'sweeps', default: 50, min: 0, max: 2000, step: 10, meaning: 'Sweeps discarded at each β before averaging, so the overlap forgets its start' },
  { name: 'runs', symbol: 'R', unit: '', default: 4, min: 1, max: 20, step: 1, meaning: 'Independent runs at each β (new patterns and update order); their spread gives the error bar' },
] as const satisfies Registry;

export type TemperatureParam = (typeof temperatureParams)[number]['name'];

/** Parameters of the energy-trace experiment (recall from a corrupted cue). */
export const energyTraceParams = [
  { name: 'n', symbol: 'N', unit: '', default: 400, min: 16, max: 4000, step: 1, meaning: 'Number of units in the network (dimensionless)' },
  { name: 'patterns', symbol: 'P', unit: '', default: 5, min: 1, max: 400, step: 1, meaning: 'Number of stored random patterns (dimensionless)' },
  { name: 'cueFlip', symbol: 'f', unit: '', default: 0.3, min: 0, max: 0.5, step: 0.01, meaning: 'Fraction of the cued pattern\u2019s units flipped in the cue (dimensionless)' },
  { name: 'beta', symbol: '\\beta', unit: '', default: 2, min: 0.1, max: 10, step: 0.05, meaning: 'Inverse temperature of the stochastic run (dimensionless; the field h is dimensionless)' },
  { name: 'sweeps', symbol: 'T', unit: 'sweeps', default: 30, min: 1, max: 1000, step: 1, meaning: 'Sweeps recorded (one sweep updates every unit once)' },
] as const satisfies Registry;

export type EnergyTraceParam = (typeof energyTraceParams)[number]['name'];

const MAX_BETAS = 80;
const MAX_BETA = 50;
/** Largest N × P × sweeps × runs × betas a scan accepts: about a minute of work in a browser worker. */
const MAX_WORK = 5e10;

/** Resolves overrides against a registry and throws one RangeError listing every problem. */
export function checkedParams<Name extends string>(registry: Registry<Name>, overrides: Readonly<Record<string, unknown>>, integers: readonly Name[] = []): ParamValues<Name> {
  const { values, problems } = resolveParams(registry, overrides);
  const messages = problems.map((p) => p.message);
  for (const name of integers) if (!Number.isInteger(values[name])) messages.push(`${name} must be a whole number, got ${values[name]}.`);
  if (messages.length > 0) throw new RangeError(messages.join(' '));
  return values;
}

export interface RecallTrace {
  /** E after 0, 1, …, T sweeps (entry 0 is the cue). */
  readonly energy: Float64Array;
  /** Overlap with the cued pattern after 0, 1, …, T sweeps. */
  readonly overlap: Float64Array;
}

export interface TraceOptions {
  readonly sweeps: number;
  readonly mode: UpdateMode;
  /** Inverse temperature; Infinity (default) is the deterministic sign dynamics. */
  readonly beta?: number;
  readonly random: RandomSource;
  /** Which pattern's overlap is recorded (default 0). */
  readonly pattern?: number;
}

/** Runs `sweeps` sweeps from the network's present state and records E and m^μ after each. */
export function traceRecall(net: Hopfield, options: TraceOptions): RecallTrace {
  const { sweeps, mode, beta = Infinity, random, pattern = 0 } = options;
  if (!Number.isInteger(sweeps) || sweeps < 0) throw new RangeError(`The number of sweeps must be a whole number ≥ 0, got ${sweeps}.`);
  if (!Number.isInteger(pattern) || pattern < 0 || pattern >= net.patterns.count) throw new RangeError(`There is no pattern ${pattern} among ${net.patterns.count}.`);
  const e = new Float64Array(sweeps + 1);
  const m = new Float64Array(sweeps + 1);
  e[0] = energy(net);
  m[0] = net.sums[pattern]! / net.n;
  for (let t = 1; t <= sweeps; t++) {
    step(net, { mode, beta, random });
    e[t] = energy(net);
    m[t] = net.sums[pattern]! / net.n;
  }
  return { energy: e, overlap: m };
}

/** The energy of a state that equals stored pattern μ, for comparison with a trace. */
export function patternEnergy(patterns: PatternSet, mu: number): number {
  return energy(createHopfield(patterns, patternOf(patterns, mu)));
}

/** The seeded set-up of the energy-trace experiment: patterns and the corrupted cue of pattern 0. */
export function recallSetup(overrides: Readonly<Record<string, unknown>>, seed: number): { params: ParamValues<EnergyTraceParam>; patterns: PatternSet; cue: Int8Array } {
  const params = checkedParams(energyTraceParams, overrides, ['n', 'patterns', 'sweeps']);
  const random = createRandom(seed);
  const patterns = randomPatterns(params.n, params.patterns, random);
  const cue = corrupt(patternOf(patterns, 0), params.cueFlip, random);
  return { params, patterns, cue };
}

export interface TemperatureSpec {
  readonly params?: Readonly<Record<string, unknown>>;
  /** Inverse temperatures, each in [0, 50]; at most 80. */
  readonly betas: readonly number[];
  readonly mode?: UpdateMode;
  readonly seed?: number;
}

export interface TemperaturePoint {
  readonly beta: number;
  /** Mean over runs of the time-averaged overlap with pattern 1. */
  readonly mean: number;
  /** Standard deviation of the runs' time averages (0 for one run). */
  readonly sd: number;
  /** Standard error of the mean, sd / √runs. */
  readonly se: number;
  /** Each run's time-averaged overlap. */
  readonly runs: number[];
}

export interface TemperatureScan {
  /** Total sweeps the scan will take (burn-in included). */
  readonly total: number;
  /** N × P, the cost of one sweep in field terms. */
  readonly unitsPerSweep: number;
  /** Sweeps taken so far. */
  done(): number;
  /** Takes up to `maxSweeps` sweeps; returns false once the scan is complete. */
  advance(maxSweeps: number): boolean;
  /** The points; throws if the scan is not complete. */
  result(): TemperaturePoint[];
}

export function checkBetas(betas: unknown): number[] {
  if (!Array.isArray(betas) || betas.length === 0 || betas.length > MAX_BETAS) throw new RangeError(`betas must be a list of 1 to ${MAX_BETAS} inverse temperatures.`);
  betas.forEach((b, k) => {
    if (typeof b !== 'number' || !Number.isFinite(b) || b < 0 || b > MAX_BETA) throw new RangeError(`betas[${k}] must be a number from 0 to ${MAX_BETA}, got ${JSON.stringify(b)}.`);
  });
  return betas as number[];
}

/**
 * The overlap against β, in chunks. Run r uses one seeded source (`seed` and r) for its patterns and all its
 * updates, and visits the β values in the order given; at each β the state is reset to pattern 1.
 */
export function createTemperatureScan(spec: TemperatureSpec): TemperatureScan {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('A temperature scan needs { params, betas, mode, seed }.');
  const given = spec.params ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new TypeError('params must be an object of named numbers, e.g. { n: 1000, patterns: 3 }.');
  const p = checkedParams(temperatureParams, given, ['n', 'patterns', 'sweeps', 'burnIn', 'runs']);
  const betas = checkBetas(spec.betas);
  const mode = spec.mode ?? 'async';
  if (mode !== 'async' && mode !== 'sync') throw new RangeError(`mode must be 'sync' or 'async', got ${JSON.stringify(mode)}.`);
  const seed = spec.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`The seed must be a whole number, got ${seed}.`);
  if (p.patterns > p.n) throw new RangeError(`${p.patterns} patterns cannot be stored in ${p.n} units.`);
  const perBeta = p.burnIn + p.sweeps;
  const total = perBeta * betas.length * p.runs;
  if (p.n * p.patterns * total > MAX_WORK) throw new RangeError(`That scan is too long (N × P × sweeps × runs × betas = ${p.n * p.patterns * total}); use fewer sweeps, runs or β values.`);

  const averages = betas.map(() => new Float64Array(p.runs));
  let run = -1;
  let betaIndex = betas.length;
  let sweep = perBeta;
  let sum = 0;
  let done = 0;
  let net: Hopfield | undefined;
  let random: RandomSource | undefined;

  const startRun = (): void => {
    run++;
    random = createRandom(seed * 7919 + run);
    const patterns = randomPatterns(p.n, p.patterns, random);
    net = createHopfield(patterns, patternOf(patterns, 0));
    betaIndex = -1;
  };
  const startBeta = (): void => {
    betaIndex++;
    setState(net!, patternOf(net!.patterns, 0));
    sweep = 0;
    sum = 0;
  };

  return {
    total,
    unitsPerSweep: p.n * p.patterns,
    done: () => done,
    advance(maxSweeps) {
      let budget = Math.max(1, Math.floor(maxSweeps));
      while (budget > 0 && done < total) {
        if (sweep === perBeta) {
          if (betaIndex >= betas.length - 1) startRun();
          startBeta();
        }
        step(net!, { mode, beta: betas[betaIndex]!, random: random! });
        sweep++;
        done++;
        budget--;
        if (sweep > p.burnIn) sum += net!.sums[0]! / net!.n;
        if (sweep === perBeta) averages[betaIndex]![run] = sum / p.sweeps;
      }
      return done < total;
    },
    result() {
      if (done < total) throw new Error('The temperature scan has not finished.');
      return betas.map((beta, k) => {
        const values = averages[k]!;
        let mean = 0;
        for (const v of values) mean += v;
        mean /= values.length;
        let squares = 0;
        for (const v of values) squares += (v - mean) * (v - mean);
        const sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
        return { beta, mean, sd, se: sd / Math.sqrt(values.length), runs: Array.from(values) };
      });
    },
  };
}

/** The whole scan at once (tests, build-time numbers in a lesson). */
export function runTemperatureScan(spec: TemperatureSpec): TemperaturePoint[] {
  const scan = createTemperatureScan(spec);
  while (scan.advance(1e6));
  return scan.result();
}

/** The worker job 'overlapTemperature': validates untrusted params, advances in small chunks, reports progress. */
export async function runTemperatureJob(params: unknown, context: ChunkContext): Promise<TemperaturePoint[]> {
  const scan = createTemperatureScan(params as TemperatureSpec);
  let reported = 0;
  // Chunks of about 1e5 field terms (well under a millisecond): the host yields every ~10 ms, so a cancel is seen quickly.
  const chunk = Math.max(1, Math.floor(1e5 / scan.unitsPerSweep));
  while (scan.advance(chunk)) {
    const fraction = scan.done() / scan.total;
    if (fraction - reported >= 0.01) context.progress((reported = fraction), `${scan.done()} of ${scan.total} sweeps`);
    await context.pause();
  }
  context.progress(1);
  return scan.result();
}
