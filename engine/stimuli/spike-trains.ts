/**
 * Presynaptic spike trains: sorted Float64Array times in ms, the input that drives conductance synapses
 * (Neuronal Dynamics, Sec. 3.1; the homogeneous Poisson process and its ISI statistics, Ch. 7).
 *
 * A regular train fires every 1000/rate ms; a Poisson train draws independent exponential intervals of
 * mean 1000/rate ms, so its count in a window is Poisson and its ISI CV is 1. Rates are in Hz because
 * that is how they are quoted; times stay in ms like everywhere else in the engine.
 *
 * Several independent trains from one seed: train i of a run seeded s is drawn from
 * `createRandom(deriveSeed(s, i))`. The derivation hashes (s, i) rather than adding them, because with
 * `s + i` train 1 of seed 1 would be train 0 of seed 2, and runs with neighbouring seeds (as used for
 * averaging over seeds) would share most of their input.
 */
import { log } from '../math/deterministic.ts';
import { createRandom, type RandomSource } from '../random/rng.ts';

export interface TrainWindow {
  /** Firing rate, Hz. */
  readonly rate: number;
  /** Start of the window, ms (a spike may fall on it). */
  readonly start: number;
  /** End of the window, ms (exclusive). */
  readonly end: number;
}

export interface RegularWindow extends TrainWindow {
  /** Offset of the first spike after `start`, as a fraction of the period in [0, 1). */
  readonly phase?: number;
}

function checkWindow({ rate, start, end }: TrainWindow): void {
  if (!(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`A firing rate must be a finite number of Hz ≥ 0, got ${rate}.`);
  if (!(Number.isFinite(start) && Number.isFinite(end) && end >= start)) throw new RangeError(`A spike train needs start ≤ end (ms), got ${start} and ${end}.`);
}

/** Spikes at start + (phase + k)·1000/rate for k = 0, 1, … while before `end`. Empty at rate 0. */
export function regularTrain(window: RegularWindow): Float64Array {
  checkWindow(window);
  const phase = window.phase ?? 0;
  if (!(phase >= 0 && phase < 1)) throw new RangeError(`The phase is a fraction of the period in [0, 1), got ${phase}.`);
  const { rate, start, end } = window;
  if (rate === 0) return new Float64Array(0);
  const period = 1000 / rate;
  // An upper bound on the count; rounding may put the last candidate on or past `end`, so trim after.
  const bound = Math.max(0, Math.floor((end - start) / period - phase) + 1);
  const times = new Float64Array(bound);
  // Multiplying rather than accumulating keeps the k-th spike free of summed rounding error.
  for (let k = 0; k < bound; k++) times[k] = start + (phase + k) * period;
  let count = bound;
  while (count > 0 && times[count - 1]! >= end) count--;
  return times.slice(0, count);
}

/**
 * A homogeneous Poisson train on [start, end): exponential intervals −ln(1 − U)·1000/rate from `start`
 * (the process is memoryless, so the first spike after `start` has the same law as every interval).
 */
export function poissonTrain(window: TrainWindow, random: RandomSource): Float64Array {
  checkWindow(window);
  const { rate, start, end } = window;
  if (rate === 0) return new Float64Array(0);
  const mean = 1000 / rate;
  const times: number[] = [];
  // 1 − uniform() lies in (0, 1], so every interval is finite and ≥ 0.
  for (let t = start - log(1 - random.uniform()) * mean; t < end; t -= log(1 - random.uniform()) * mean) times.push(t);
  return Float64Array.from(times);
}

/** The seed of stream `index` of a run seeded `seed`: murmur3's 32-bit finaliser of both, kept to 31 bits. */
export function deriveSeed(seed: number, index: number): number {
  if (!Number.isInteger(seed) || !Number.isInteger(index) || index < 0) throw new RangeError(`deriveSeed needs integers (seed, index ≥ 0), got ${seed}, ${index}.`);
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** `count` independent Poisson trains; train i uses `createRandom(deriveSeed(seed, i))`, so it does not depend on `count`. */
export function poissonTrains(count: number, window: TrainWindow, seed: number): Float64Array[] {
  return Array.from({ length: count }, (_, i) => poissonTrain(window, createRandom(deriveSeed(seed, i))));
}

/**
 * `count` regular trains with phases evenly staggered (train i at phase i/count), so together they fire
 * regularly at count·rate. Trains in phase would act as a single synapse of count times the weight.
 */
export function regularTrains(count: number, window: TrainWindow): Float64Array[] {
  return Array.from({ length: count }, (_, i) => regularTrain({ ...window, phase: i / count }));
}

/** All spikes of several trains in one sorted train (a population's input to one synapse type). */
export function mergeTrains(trains: readonly Float64Array[]): Float64Array {
  let length = 0;
  for (const train of trains) length += train.length;
  const merged = new Float64Array(length);
  let offset = 0;
  for (const train of trains) {
    merged.set(train, offset);
    offset += train.length;
  }
  return merged.sort();
}

/** A population of `count` presynaptic neurons as one sorted train: independent Poisson trains, or staggered regular ones. */
export function populationTrain(count: number, window: TrainWindow, poisson: boolean, seed: number): Float64Array {
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`A population needs a whole number of neurons, got ${count}.`);
  return mergeTrains(poisson ? poissonTrains(count, window, seed) : regularTrains(count, window));
}
