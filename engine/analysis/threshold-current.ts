/**
 * Threshold currents found by bisection on simulations, for any model: the rheobase (the weakest long
 * step that elicits a spike), the threshold of repetitive firing, and the strength–duration curve (the
 * weakest pulse of each duration that elicits a spike). Definitions follow the course's reference data
 * (test/reference/hh.json: "rheobase", "repetitive_firing_threshold"), and Neuronal Dynamics Sec. 4.1.2
 * for the strength–duration curve.
 *
 * Every run starts from the model's resting state and is an experiment an electrophysiologist could do.
 * Bisection assumes the response is monotone in the amplitude (no spike below the threshold, a spike
 * above it); where it is not, the bracket still encloses one amplitude at which the response changes.
 * Each result returns its final bracket, so a caller knows exactly what was established: `lower` did
 * not elicit the response, `upper` did, and `upper - lower <= precision`.
 */
import type { MethodId } from '../integrators/index.ts';
import type { NeuronModel } from '../models/model.ts';
import { createSimulation } from '../simulate.ts';
import type { StimulusInput } from '../stimuli/stimulus.ts';

export interface ThresholdOptions {
  /** Integration method and step (ms); the model's defaults otherwise. */
  readonly method?: MethodId;
  readonly dt?: number;
  /** Width of the final bracket, in the model's input unit; defaults to a hundredth of its slider step. */
  readonly precision?: number;
  /** First amplitude tried; doubled until it elicits the response. Defaults to ten slider steps. */
  readonly guess?: number;
  /** Largest amplitude tried; defaults to the model's input range (`input.max`). */
  readonly limit?: number;
}

export interface StepThresholdOptions extends ThresholdOptions {
  /** Length of the current step in ms (the reference uses 1000 ms). */
  readonly duration?: number;
}

export interface RepetitiveOptions extends StepThresholdOptions {
  /** Firing counts as repetitive when a spike falls in the last `window` ms of the step (200 ms). */
  readonly window?: number;
}

export interface PulseOptions extends ThresholdOptions {
  /** Time in ms after the pulse's end during which a spike still counts (a spike may follow a short pulse). */
  readonly after?: number;
}

/** The outcome of a bisection: `lower` did not elicit the response, `upper` did. */
export interface ThresholdBracket {
  readonly lower: number;
  /** Infinity when nothing up to the limit elicited the response. */
  readonly upper: number;
  /** The midpoint of the bracket (Infinity when there is no upper end): the threshold to ±precision/2. */
  readonly value: number;
  /** Simulations run. */
  readonly runs: number;
}

export interface StrengthDurationPoint extends ThresholdBracket {
  /** Pulse duration in ms. */
  readonly duration: number;
}

/**
 * Bisection on a predicate that is false at `lower` and, once `upper` has been doubled far enough, true
 * at `upper`. The upper end is searched by doubling from `guess` up to `limit`.
 */
export function bisect(elicits: (amplitude: number) => boolean, lower: number, guess: number, limit: number, precision: number): ThresholdBracket {
  if (!(precision > 0)) throw new RangeError(`The precision must be positive, got ${precision}.`);
  if (!(guess > lower && limit >= guess)) throw new RangeError(`Need lower < guess <= limit, got ${lower}, ${guess}, ${limit}.`);
  let runs = 0;
  const test = (amplitude: number): boolean => {
    runs++;
    return elicits(amplitude);
  };
  let lo = lower;
  let hi = guess;
  while (!test(hi)) {
    lo = hi;
    if (hi >= limit) return { lower: lo, upper: Number.POSITIVE_INFINITY, value: Number.POSITIVE_INFINITY, runs };
    hi = Math.min(limit, 2 * hi - lower);
  }
  while (hi - lo > precision) {
    const mid = 0.5 * (lo + hi);
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return { lower: lo, upper: hi, value: 0.5 * (lo + hi), runs };
}

interface Trial {
  readonly stimulus: StimulusInput;
  readonly duration: number;
  /** Only spikes at or after this time (ms) count. */
  readonly from: number;
}

/**
 * Runs one trial from rest and says whether a spike fell at or after `from`. The run stops at the first
 * such spike: the answer cannot change after it, and most of the bisection's runs are above threshold.
 */
function elicitsSpike(model: NeuronModel, params: Readonly<Record<string, number>>, options: ThresholdOptions, trial: Trial): boolean {
  const dt = options.dt ?? model.defaultDt;
  const stride = Math.max(1, Math.round(1 / dt));
  const run = createSimulation({
    model,
    params,
    stimulus: trial.stimulus,
    ...(options.method ? { method: options.method } : {}),
    dt,
    duration: trial.duration,
    record: [model.state[model.voltage]!.name],
    // About 1 ms between checks for a spike, a whole multiple of dt as fixed-step methods need.
    sampleEvery: stride * dt,
  });
  const fired = (): boolean => run.lastSpike >= trial.from;
  while (run.advance(1)) if (fired()) return true;
  const { divergence } = run.result();
  if (divergence) throw new RangeError(`Cannot decide whether ${model.title} fires: ${divergence.message}`);
  return fired();
}

function defaults(model: NeuronModel, options: ThresholdOptions): { guess: number; limit: number; precision: number } {
  return {
    guess: options.guess ?? 10 * model.input.step,
    limit: options.limit ?? model.input.max,
    precision: options.precision ?? model.input.step / 100,
  };
}

/** Smallest constant current, switched on at rest and held for `duration` (1000 ms), that elicits a spike. */
export function rheobase(model: NeuronModel, params: Readonly<Record<string, number>> = {}, options: StepThresholdOptions = {}): ThresholdBracket {
  const duration = options.duration ?? 1000;
  const { guess, limit, precision } = defaults(model, options);
  const elicits = (amplitude: number) => elicitsSpike(model, params, options, { stimulus: amplitude, duration, from: 0 });
  return bisect(elicits, 0, guess, limit, precision);
}

/**
 * Smallest constant current, switched on at rest, that still elicits a spike in the last `window` ms
 * (200) of a `duration` ms step (1000): above it the neuron fires repetitively rather than only at onset.
 */
export function repetitiveThreshold(model: NeuronModel, params: Readonly<Record<string, number>> = {}, options: RepetitiveOptions = {}): ThresholdBracket {
  const duration = options.duration ?? 1000;
  const window = options.window ?? 200;
  if (!(window > 0 && window <= duration)) throw new RangeError(`The window must lie inside the step, got ${window} of ${duration} ms.`);
  const { guess, limit, precision } = defaults(model, options);
  const elicits = (amplitude: number) => elicitsSpike(model, params, options, { stimulus: amplitude, duration, from: duration - window });
  return bisect(elicits, 0, guess, limit, precision);
}

/**
 * For each pulse duration d (ms), the smallest amplitude of a rectangular pulse on [0, d), applied at
 * rest, that elicits a spike during the pulse or within `after` ms (100) of its end.
 */
export function strengthDuration(
  model: NeuronModel,
  params: Readonly<Record<string, number>> = {},
  durations: ArrayLike<number>,
  options: PulseOptions = {},
): StrengthDurationPoint[] {
  const after = options.after ?? 100;
  const { guess, limit, precision } = defaults(model, options);
  const points: StrengthDurationPoint[] = [];
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i]!;
    if (!(d > 0)) throw new RangeError(`Pulse durations must be positive, got ${d} ms.`);
    const elicits = (amplitude: number) =>
      elicitsSpike(model, params, options, { stimulus: [{ kind: 'step', amplitude, start: 0, end: d }], duration: d + after, from: 0 });
    points.push({ duration: d, ...bisect(elicits, 0, guess, limit, precision) });
  }
  return points;
}
