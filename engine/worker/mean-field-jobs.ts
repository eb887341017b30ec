/**
 * The worker job 'lorentzianNetwork': the spiking network behind the Izhikevich mean field
 * (engine/mean-field/lorentzian-network.ts), run a chunk of Euler steps at a time with a pause between
 * chunks, so the page can cancel it within about 10 ms and the thread stays free for other jobs. The result
 * is what lesson 13's MeanFieldLink overlays on the mean field: the population rate in bins, the same rate
 * smoothed over 1 time unit (the reference's comparison, REFERENCE-README section 7), the network's mean v,
 * and the settings the run used, so the page can state them beside the measured match.
 *
 * Params arrive from the page and are untrusted: the shape is checked here, the values by the engine, whose
 * SpecError lists every problem in words; both reach the reader as the job's error message.
 */
import type { IkInputSegment, IkMeanFieldParams } from '../mean-field/izhikevich-mean-field.ts';
import { createLorentzianNetwork, smoothRate } from '../mean-field/lorentzian-network.ts';
import type { ParamProblem } from '../params/registry.ts';
import { SpecError } from '../spec-error.ts';
import type { Job } from './protocol.ts';

export interface LorentzianNetworkJobParams {
  /** Overrides of the mean field's registry (`ikMeanFieldParams`): Delta, g, eta, … */
  readonly params?: Readonly<Record<string, number>>;
  /** N, v_p and dt (`lorentzianNetworkParams`). */
  readonly network?: Readonly<Record<string, number>>;
  /** I_ext: a constant or piecewise-constant segments (a function cannot cross to a worker). */
  readonly input: number | readonly IkInputSegment[];
  readonly duration: number;
  /** Rate bin width, a whole multiple of dt; default 0.1, the reference's. */
  readonly binWidth?: number;
  /** Sampling interval of mean v; default the multiple of dt nearest 0.1. */
  readonly sampleEvery?: number;
}

export interface LorentzianNetworkJobResult {
  /** Centres of the rate bins. */
  readonly binCentres: Float64Array;
  /** Spikes / (N × bin width) in each bin: per neuron per time unit. */
  readonly rate: Float64Array;
  /** `rate` as a centred moving average over 1 time unit (`smoothWindow` bins). */
  readonly smoothed: Float64Array;
  /** Sample times of `meanV`. */
  readonly t: Float64Array;
  /** Mean v over the neurons that are not refractory. */
  readonly meanV: Float64Array;
  /** Spikes per neuron per time unit over the whole run. */
  readonly meanRate: number;
  readonly spikeCount: number;
  /** Time spent simulating in the worker, ms (pauses for other tasks not counted). */
  readonly wallMs: number;
  readonly settings: {
    readonly n: number;
    readonly vPeak: number;
    readonly dt: number;
    readonly binWidth: number;
    readonly duration: number;
    readonly smoothWindow: number;
    readonly params: IkMeanFieldParams;
  };
}

/** Work per chunk, ms: a cancel is read within about this time. */
const CHUNK_MS = 10;

const KNOWN = ['params', 'network', 'input', 'duration', 'binWidth', 'sampleEvery'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the shape the engine relies on (records of numbers, segments with numeric fields); the engine checks
 * the values. Throws SpecError with every problem found.
 */
function checkShape(params: unknown): LorentzianNetworkJobParams {
  if (!isRecord(params)) throw new SpecError([{ name: 'params', message: 'The lorentzianNetwork job needs an object: { params, network, input, duration }.' }]);
  const problems: ParamProblem[] = [];
  for (const key of Object.keys(params)) if (!KNOWN.includes(key)) problems.push({ name: key, message: `Unknown field "${key}"; the fields are ${KNOWN.join(', ')}.` });
  for (const key of ['params', 'network'] as const) {
    const value = params[key];
    if (value !== undefined && !isRecord(value)) problems.push({ name: key, message: `${key} must be an object of named numbers, such as { "g": 0.5 }.` });
  }
  const input = params['input'];
  if (Array.isArray(input)) {
    input.forEach((seg: unknown, i) => {
      if (!isRecord(seg) || !['tStart', 'tEnd', 'value'].every((k) => typeof seg[k] === 'number')) {
        problems.push({ name: 'input', message: `Input segment ${i + 1} must be { tStart, tEnd, value } with numbers.` });
      }
    });
  } else if (typeof input !== 'number') {
    problems.push({ name: 'input', message: 'The input must be a number or a list of segments {tStart, tEnd, value}.' });
  }
  for (const key of ['duration', 'binWidth', 'sampleEvery'] as const) {
    const value = params[key];
    if ((key === 'duration' || value !== undefined) && typeof value !== 'number') problems.push({ name: key, message: `${key} must be a number, got ${JSON.stringify(value) ?? 'nothing'}.` });
  }
  if (problems.length > 0) throw new SpecError(problems);
  return params as unknown as LorentzianNetworkJobParams;
}

export const lorentzianNetworkJob: Job<LorentzianNetworkJobResult> = async (untrusted, context) => {
  const spec = checkShape(untrusted);
  const network = createLorentzianNetwork(spec);
  let wallMs = 0;
  // About 3 ns per neuron-step: start near 1 ms of work and let the measured time size the chunks.
  let count = Math.max(1, Math.floor(3e5 / network.n));
  let reported = 0;
  for (;;) {
    const started = performance.now();
    const more = network.advance(count);
    const elapsed = performance.now() - started;
    wallMs += elapsed;
    if (elapsed < CHUNK_MS / 2) count *= 2;
    else if (elapsed > 2 * CHUNK_MS) count = Math.max(1, Math.floor(count / 2));
    const fraction = network.done / network.steps;
    // At most about a hundred progress messages, however long the run.
    if (fraction - reported >= 0.01 || !more) {
      reported = fraction;
      context.progress(fraction, `t = ${Math.round(network.t)} of ${spec.duration} · ${network.spikeCount.toLocaleString('en')} spikes`);
    }
    if (!more) break;
    await context.pause();
  }
  const result = network.result();
  const smoothWindow = Math.max(1, Math.round(1 / network.binWidth));
  // result() gives views into the stepper's buffers; slices own their memory, so they can be transferred.
  return {
    binCentres: result.binCentres.slice(),
    rate: result.rate.slice(),
    smoothed: smoothRate(result.rate, smoothWindow),
    t: result.t.slice(),
    meanV: result.meanV.slice(),
    meanRate: result.meanRate,
    spikeCount: network.spikeCount,
    wallMs,
    settings: { n: network.n, vPeak: network.vPeak, dt: network.dt, binWidth: network.binWidth, duration: spec.duration, smoothWindow, params: network.params },
  };
};
