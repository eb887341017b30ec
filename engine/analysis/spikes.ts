/** Spike-train statistics. Times in ms, rates in Hz. */

export function interspikeIntervals(spikes: ArrayLike<number>): Float64Array {
  const n = Math.max(0, spikes.length - 1);
  const isi = new Float64Array(n);
  for (let i = 0; i < n; i++) isi[i] = spikes[i + 1]! - spikes[i]!;
  return isi;
}

/** Spike count divided by the window length: the rate an experimenter counts. */
export function countRate(spikes: ArrayLike<number>, from: number, to: number): number {
  if (!(to > from)) throw new RangeError('The counting window must have positive length.');
  let count = 0;
  for (let i = 0; i < spikes.length; i++) if (spikes[i]! >= from && spikes[i]! < to) count++;
  return (1000 * count) / (to - from);
}

/**
 * Steady firing rate as the inverse of the mean interspike interval among spikes at or after `from`.
 * Unlike a count it has no ±1-spike quantisation, so it matches the analytic rate of a regular neuron.
 * Zero when fewer than two spikes fall in the window: such a neuron does not fire repetitively there.
 */
export function steadyRate(spikes: ArrayLike<number>, from = 0): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < spikes.length; i++) {
    if (spikes[i]! < from) continue;
    if (first < 0) first = spikes[i]!;
    last = spikes[i]!;
    count++;
  }
  return count < 2 ? 0 : (1000 * (count - 1)) / (last - first);
}

/** Coefficient of variation of the interspike intervals (0 for a clock, 1 for a Poisson process). */
export function isiCv(spikes: ArrayLike<number>): number {
  const isi = interspikeIntervals(spikes);
  if (isi.length < 2) return Number.NaN;
  let mean = 0;
  for (const x of isi) mean += x;
  mean /= isi.length;
  let variance = 0;
  for (const x of isi) variance += (x - mean) ** 2;
  variance /= isi.length - 1;
  return Math.sqrt(variance) / mean;
}
