/**
 * Firing patterns of a neuron driven by a current step, from its spike times alone.
 *
 * Following Neuronal Dynamics (2014) Sec. 6.2.1 and Naud et al. (2008), a pattern has two parts: how firing
 * starts (initiation: tonic, initial burst, delayed) and how it goes on (steady state: tonic, adapting,
 * accelerating, bursting, irregular), plus two cases without a steady state (silent, transient). The names
 * of Naud et al.'s eight patterns are compositions: 'delayed accelerating' is a delayed initiation with an
 * accelerating steady state, 'initial burst' an initial burst followed by tonic firing.
 *
 * Every threshold below is a constant with its reason; none is tuned to one example.
 */
import { interspikeIntervals } from './spikes.ts';

export type Initiation = 'tonic' | 'initial burst' | 'delayed' | 'none';
export type SteadyState = 'tonic' | 'adapting' | 'accelerating' | 'bursting' | 'irregular' | 'transient' | 'silent';

export interface PatternFeatures {
  /** Spikes inside the stimulus window. */
  readonly count: number;
  /** First spike time minus stimulus onset, ms (NaN without spikes). */
  readonly latency: number;
  /** Stimulus end minus the last spike, ms. */
  readonly finalSilence: number;
  /** Adaptation index over all intervals (see `adaptationIndex`). */
  readonly adaptationIndex: number;
  /** Local variation of the intervals (see `localVariation`). */
  readonly localVariation: number;
  /** Largest ratio between neighbours among the sorted intervals: a gap that splits them into short and long. */
  readonly gapRatio: number;
  /** Runs of consecutive short intervals (one per burst) when gapRatio is at least BURST_GAP_RATIO, else 0. */
  readonly shortRuns: number;
  /** Leading intervals that form an initial burst (0 if none). */
  readonly initialBurst: number;
  /** Last interval over first interval of the steady state. */
  readonly isiRatio: number;
  /** Mean interval in the second half of the window, ms: the steady firing period the latency is compared with. */
  readonly lateIsi: number;
}

export interface FiringPattern {
  readonly initiation: Initiation;
  readonly steadyState: SteadyState;
  /**
   * The pattern's name in Naud et al.'s terms: 'tonic', 'adapting', 'initial burst', 'bursting',
   * 'delayed accelerating', 'delayed bursting', 'transient', 'irregular', 'silent', …; a bursting or
   * irregular steady state outranks an initial burst in the name, since it is what the step shows longest.
   */
  readonly name: string;
  readonly features: PatternFeatures;
}

/** Firing stopped for good if it is silent for more than this fraction of the step … */
const TRANSIENT_SILENCE_FRACTION = 0.5;
/** … and for longer than this many of its own longest intervals (so slow but ongoing firing is not transient). */
const TRANSIENT_SILENCE_ISIS = 2;
/**
 * Short and long intervals form two groups when the sorted intervals jump by at least this factor. Smooth
 * adaptation or acceleration changes neighbouring sorted intervals by far less (each step of a gradual
 * trend is small), while intra-burst intervals are set by the fast voltage equation and inter-burst
 * intervals by the slow adaptation current, which differ by the ratio of time constants (typically > 5).
 */
const BURST_GAP_RATIO = 3;
/**
 * Shinomoto et al. (2003, Neural Comput. 15:2823) classify spike trains by the local variation LV:
 * below 0.5 regular, 0.5–1 random (Poisson gives 1), above 1 bursty. Irregular firing is LV at least 0.5.
 */
const IRREGULAR_LV = 0.5;
/**
 * Intervals that lengthen (or shorten) by half over the steady state are adaptation (acceleration): a
 * factor 1.5 is a third less (more) firing, well above the few per cent a tonic neuron changes while its
 * first interval, started from rest rather than from reset, settles.
 */
const TREND_RATIO = 1.5;
/**
 * A prompt first spike comes within about one steady interval plus the time to charge the membrane from
 * rest to the reset level; that adds at most about half an interval (1.5 intervals in Naud's tonic
 * example). Twice the steady interval therefore marks a delayed onset.
 */
const DELAY_ISIS = 2;
/**
 * A passive membrane has charged to within e^-5 (< 1 %) of its final value after 5 membrane time
 * constants; a first spike later than that is made by a slow process (a depolarising adaptation current,
 * the slow passage near a saddle-node), which is what a delayed onset means. Used when tauM is known.
 */
const DELAY_TAU_M = 5;
/**
 * An initial burst is at least two intervals (three spikes) faster than the steady state by TREND_RATIO
 * whose whole span is shorter than the interval that follows it. Gradual adaptation cannot do that: the
 * next interval would have to exceed the sum of the two before it.
 */
const INITIAL_BURST_ISIS = 2;

/**
 * Adaptation index: the mean over consecutive intervals of (ISI_{k+1} - ISI_k) / (ISI_{k+1} + ISI_k).
 * Positive when firing slows down, negative when it speeds up, near 0 for tonic firing; bounded by ±1.
 * With `skip` = 0 it is the Allen Institute's definition (IPFX `adaptation_index`); Naud et al. (2008)
 * follow Druckmann et al. (2007), who first drop k = min(4, ⌊number of intervals / 5⌋) intervals of
 * onset transient (pass `skip` = that k).
 */
export function adaptationIndex(spikes: ArrayLike<number>, skip = 0): number {
  const isi = interspikeIntervals(spikes);
  let sum = 0;
  let count = 0;
  for (let k = skip; k + 1 < isi.length; k++) {
    sum += (isi[k + 1]! - isi[k]!) / (isi[k + 1]! + isi[k]!);
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

/** Druckmann et al.'s number of onset intervals to drop before the adaptation index: min(4, ⌊n/5⌋). */
export function druckmannSkip(intervalCount: number): number {
  return Math.min(4, Math.floor(intervalCount / 5));
}

/**
 * Local variation (Shinomoto et al. 2003): 3/(n-1) Σ ((I_k - I_{k+1}) / (I_k + I_{k+1}))^2 over the n
 * intervals. It compares neighbours only, so slow trends (adaptation) barely raise it, unlike the CV.
 */
export function localVariation(intervals: ArrayLike<number>): number {
  const n = intervals.length;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let k = 0; k + 1 < n; k++) {
    const ratio = (intervals[k]! - intervals[k + 1]!) / (intervals[k]! + intervals[k + 1]!);
    sum += ratio * ratio;
  }
  return (3 * sum) / (n - 1);
}

/** The widest multiplicative gap in the sorted intervals and the value that splits them there. */
function largestGap(intervals: Float64Array): { ratio: number; split: number } {
  const sorted = Float64Array.from(intervals).sort();
  let ratio = 1;
  let split = Number.POSITIVE_INFINITY;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const r = sorted[k + 1]! / sorted[k]!;
    if (r > ratio) {
      ratio = r;
      split = Math.sqrt(sorted[k]! * sorted[k + 1]!);
    }
  }
  return { ratio, split };
}

function trend(intervals: Float64Array): SteadyState {
  if (intervals.length < 2) return 'tonic';
  if (localVariation(intervals) >= IRREGULAR_LV) return 'irregular';
  const ratio = intervals[intervals.length - 1]! / intervals[0]!;
  if (ratio >= TREND_RATIO) return 'adapting';
  if (ratio <= 1 / TREND_RATIO) return 'accelerating';
  return 'tonic';
}

function patternName(initiation: Initiation, steadyState: SteadyState): string {
  if (initiation === 'delayed') return `delayed ${steadyState}`;
  if (initiation === 'initial burst' && steadyState !== 'bursting' && steadyState !== 'irregular') return 'initial burst';
  return steadyState;
}

/** Number of leading intervals forming an initial burst (see INITIAL_BURST_ISIS), or 0. */
function initialBurstLength(isi: Float64Array, steadyIsi: number): number {
  let k = 0;
  let span = 0;
  while (k < isi.length && isi[k]! < steadyIsi / TREND_RATIO) span += isi[k++]!;
  return k >= INITIAL_BURST_ISIS && k < isi.length && span < isi[k]! ? k : 0;
}

export interface StepWindow {
  /** Onset and end of the current step, ms. */
  readonly start: number;
  readonly end: number;
  /** Membrane time constant (ms), when known: enables the absolute test for a delayed onset (DELAY_TAU_M). */
  readonly tauM?: number;
}

/** Runs of short intervals when the sorted intervals split into two groups (see BURST_GAP_RATIO). */
function countShortRuns(isi: Float64Array, gap: { ratio: number; split: number }): number {
  if (gap.ratio < BURST_GAP_RATIO) return 0;
  let runs = 0;
  for (let k = 0; k < isi.length; k++) if (isi[k]! < gap.split && (k === 0 || isi[k - 1]! >= gap.split)) runs++;
  return runs;
}

/**
 * Classifies the response to a current step on [window.start, window.end] (ms) from the spike times.
 * Spikes outside the window are ignored. The order of the tests matters: no spikes, then firing that
 * stops (transient), then repeated bursts, then an initial burst, then the trend of the intervals.
 */
export function classifyFiring(spikes: ArrayLike<number>, window: StepWindow): FiringPattern {
  const inside = Array.from(spikes).filter((t) => t >= window.start && t <= window.end);
  const length = window.end - window.start;
  const isi = interspikeIntervals(inside);
  const count = inside.length;
  const latency = count > 0 ? inside[0]! - window.start : Number.NaN;
  const finalSilence = count > 0 ? window.end - inside[count - 1]! : length;
  const gap = largestGap(isi);
  const shortRuns = countShortRuns(isi, gap);
  const late = isi.filter((_, k) => inside[k]! >= window.start + length / 2);
  const lateIsi = late.length > 0 ? mean(late) : isi.length > 0 ? mean(isi) : Number.NaN;
  let steady = isi;
  let burst = 0;
  let initiation: Initiation = 'tonic';
  let steadyState: SteadyState;

  if (count === 0) {
    initiation = 'none';
    steadyState = 'silent';
  } else if (finalSilence > TRANSIENT_SILENCE_FRACTION * length && finalSilence > TRANSIENT_SILENCE_ISIS * Math.max(0, ...isi)) {
    initiation = 'none';
    steadyState = 'transient';
  } else if (shortRuns >= 2) {
    // The first burst of a bursting train is one of its bursts, not an initial burst.
    steadyState = 'bursting';
  } else {
    burst = initialBurstLength(isi, lateIsi);
    if (burst > 0) {
      initiation = 'initial burst';
      steady = isi.subarray(burst);
    }
    steadyState = trend(steady);
  }
  // A lone spike that is not transient falls in the step's second half: its onset is late by definition.
  const lateOnset = count === 1 || latency > DELAY_ISIS * lateIsi || (window.tauM !== undefined && latency > DELAY_TAU_M * window.tauM);
  if (initiation === 'tonic' && lateOnset) initiation = 'delayed';

  return {
    initiation,
    steadyState,
    name: patternName(initiation, steadyState),
    features: {
      count,
      latency,
      finalSilence,
      adaptationIndex: adaptationIndex(inside),
      localVariation: localVariation(isi),
      gapRatio: gap.ratio,
      shortRuns,
      initialBurst: burst,
      isiRatio: steady.length >= 2 ? steady[steady.length - 1]! / steady[0]! : Number.NaN,
      lateIsi,
    },
  };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
