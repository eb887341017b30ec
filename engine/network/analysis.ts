/**
 * Population statistics of a spike record: the population rate, its power spectrum (the alpha and gamma rhythms
 * of Izhikevich 2003, Fig. 3), per-neuron rates and the coefficient of variation of interspike intervals.
 * Definitions follow the course's reference set (test/reference/REFERENCE-README.md, section 6), so numbers
 * can be compared with it directly.
 */
import { cos, sin } from '../math/deterministic.ts';

/** Spike pairs as a network records them: `t[s]` (ms) and neuron `i[s]` for s < count. */
export interface Spikes {
  readonly t: ArrayLike<number>;
  readonly i: ArrayLike<number>;
  readonly count: number;
}

/**
 * Spike counts of neurons [from, to) in bins of `binMs` covering [0, duration): bin b holds times in
 * (b · binMs, (b + 1) · binMs]. Right-closed, because net.m labels a spike with the step t = 1 … 1000 at whose
 * start it is detected, so 1 ms bins give net.m's own count per step.
 */
export function binnedCounts(spikes: Spikes, duration: number, binMs: number, from = 0, to = Number.POSITIVE_INFINITY): Float64Array {
  if (!(binMs > 0) || !(duration > 0)) throw new RangeError('duration and binMs must be positive.');
  const bins = Math.ceil(duration / binMs - 1e-9);
  const counts = new Float64Array(bins);
  for (let s = 0; s < spikes.count; s++) {
    const neuron = spikes.i[s]!;
    if (neuron < from || neuron >= to) continue;
    const bin = Math.ceil(spikes.t[s]! / binMs - 1e-9) - 1;
    if (bin >= 0 && bin < bins) counts[bin]!++;
  }
  return counts;
}

/** Population rate in Hz (spikes per neuron per second) of `n` neurons, in bins of `binMs`. */
export function populationRate(spikes: Spikes, n: number, duration: number, binMs: number, from = 0, to = Number.POSITIVE_INFINITY): Float64Array {
  const counts = binnedCounts(spikes, duration, binMs, from, to);
  const perSpike = 1000 / (n * binMs);
  for (let b = 0; b < counts.length; b++) counts[b]! *= perSpike;
  return counts;
}

export interface Spectrum {
  /** Hz */
  readonly frequency: Float64Array;
  /** Power spectral density of the binned count, (spikes per bin)² per Hz. */
  readonly power: Float64Array;
}

/**
 * Periodogram of a binned series (the reference's definition): mean removed, Hann window w (numpy's `hanning`,
 * symmetric), PSD(f_k) = |Σ x_j w_j e^{−2πi jk/L}|² / (Σ w_j² · f_s), f_k = k f_s / L up to `maxHz`. The sum
 * runs directly (L · K terms with the twiddle factors advanced by rotation): with L = 1000 bins and K = 101
 * frequencies that is 10⁵ complex multiplications, and it needs no power-of-two length.
 */
export function powerSpectrum(series: ArrayLike<number>, binMs: number, maxHz = 100): Spectrum {
  const length = series.length;
  if (length < 2) throw new RangeError('A spectrum needs at least two bins.');
  const sampleRate = 1000 / binMs;
  let mean = 0;
  for (let j = 0; j < length; j++) mean += series[j]!;
  mean /= length;
  const windowed = new Float64Array(length);
  let windowPower = 0;
  for (let j = 0; j < length; j++) {
    const w = 0.5 - 0.5 * cos((2 * Math.PI * j) / (length - 1));
    windowed[j] = (series[j]! - mean) * w;
    windowPower += w * w;
  }
  const top = Math.min(Math.floor(length / 2), Math.floor((maxHz * length) / sampleRate + 1e-9));
  const frequency = new Float64Array(top + 1);
  const power = new Float64Array(top + 1);
  for (let k = 0; k <= top; k++) {
    const angle = (-2 * Math.PI * k) / length;
    const stepRe = cos(angle);
    const stepIm = sin(angle);
    let re = 0;
    let im = 0;
    let twRe = 1;
    let twIm = 0;
    for (let j = 0; j < length; j++) {
      re += windowed[j]! * twRe;
      im += windowed[j]! * twIm;
      const nextRe = twRe * stepRe - twIm * stepIm;
      twIm = twRe * stepIm + twIm * stepRe;
      twRe = nextRe;
    }
    frequency[k] = (k * sampleRate) / length;
    power[k] = (re * re + im * im) / (windowPower * sampleRate);
  }
  return { frequency, power };
}

/** Frequency (Hz) of the largest power within [low, high]. */
export function spectralPeak(spectrum: Spectrum, low: number, high: number): number {
  let best = Number.NaN;
  let bestPower = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < spectrum.frequency.length; k++) {
    const f = spectrum.frequency[k]!;
    if (f >= low && f <= high && spectrum.power[k]! > bestPower) {
      bestPower = spectrum.power[k]!;
      best = f;
    }
  }
  return best;
}

/** Mean rate of each of `n` neurons over `duration` ms, Hz. */
export function neuronRates(spikes: Spikes, n: number, duration: number): Float64Array {
  const rates = new Float64Array(n);
  for (let s = 0; s < spikes.count; s++) {
    const neuron = spikes.i[s]!;
    if (neuron >= 0 && neuron < n) rates[neuron]!++;
  }
  for (let k = 0; k < n; k++) rates[k]! *= 1000 / duration;
  return rates;
}

/**
 * Coefficient of variation (SD / mean) of each neuron's interspike intervals (`isiCv` of analysis/spikes.ts for
 * every neuron of a network at once); NaN for a neuron with fewer
 * than `minSpikes` spikes (two intervals at least: one interval has no spread). Spikes must be in time order,
 * as networks record them.
 */
export function isiCvByNeuron(spikes: Spikes, n: number, minSpikes = 3): Float64Array {
  const last = new Float64Array(n).fill(Number.NaN);
  const count = new Float64Array(n);
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  for (let s = 0; s < spikes.count; s++) {
    const neuron = spikes.i[s]!;
    if (neuron < 0 || neuron >= n) continue;
    const time = spikes.t[s]!;
    if (!Number.isNaN(last[neuron]!)) {
      const interval = time - last[neuron]!;
      count[neuron]!++;
      sum[neuron]! += interval;
      sumSquares[neuron]! += interval * interval;
    }
    last[neuron] = time;
  }
  const cv = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const intervals = count[k]!;
    if (intervals + 1 < minSpikes) {
      cv[k] = Number.NaN;
      continue;
    }
    const mean = sum[k]! / intervals;
    // The sample variance (n − 1), as isiCv in analysis/spikes.ts.
    const variance = Math.max(0, (sumSquares[k]! - intervals * mean * mean) / (intervals - 1));
    cv[k] = Math.sqrt(variance) / mean;
  }
  return cv;
}

/** Mean of the finite entries (NaN if there are none). */
export function finiteMean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    if (Number.isFinite(values[k]!)) {
      sum += values[k]!;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}
