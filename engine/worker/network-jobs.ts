/**
 * The network worker's jobs. 'izhikevichNetwork' runs Izhikevich's (2003) net.m (engine/network/izhikevich-2003.ts)
 * and streams it: the spikes and the probe neuron's voltage since the last piece, every ~50 ms of wall time,
 * so the page draws the raster while the network runs. The run advances in chunks of whole milliseconds sized
 * to ~15 ms of work, so a pause or cancel is read within about that time. The result holds only the summary
 * (rates, spectrum, rhythms, ISI CV): the spikes themselves have all been streamed.
 *
 * Population spectrum and peaks as in engine/network/analysis.ts: 1 ms bins of the whole population's spike
 * count, Hann-windowed periodogram to 100 Hz; alpha is the peak in 4–16 Hz, gamma in 25–60 Hz (Izhikevich 2003,
 * Fig. 3: "alpha and gamma band rhythms").
 */
import { binnedCounts, finiteMean, isiCvByNeuron, powerSpectrum, spectralPeak, type Spectrum } from '../network/analysis.ts';
import { createIzhikevich2003, izhikevich2003Params, validateIzhikevich2003, type Izhikevich2003Spec } from '../network/izhikevich-2003.ts';
import { resolveParams } from '../params/registry.ts';
import type { Job, JobContext } from './protocol.ts';
import type { LorentzianNetworkJobParams, LorentzianNetworkJobResult } from './mean-field-jobs.ts';

export interface NetworkRunParams {
  readonly spec: Izhikevich2003Spec;
  /** Simulated time, whole ms, 100 to 10,000. */
  readonly duration: number;
  /** Simulated ms per `advance` (whole, 1 to 1000); by default adapted to ~15 ms of work per chunk. */
  readonly chunkMs?: number;
}

/** One streamed piece: everything new since the previous piece. */
export interface NetworkPartial {
  /** Whole ms simulated so far. */
  readonly ms: number;
  /** Spike times (ms) and neuron indices, in the order the network fired them. */
  readonly spikesT: Float64Array;
  readonly spikesI: Int32Array;
  /** The probe neuron's v (mV, cut at 30 mV) at each step, with its times (ms); empty without a probe. */
  readonly probeT: Float64Array;
  readonly probeV: Float64Array;
}

export interface PopulationSummary {
  readonly neurons: number;
  readonly spikes: number;
  /** Mean rate per neuron, Hz (0 for an empty population). */
  readonly rate: number;
  /** Mean over neurons with ≥ 3 spikes of the ISI coefficient of variation (NaN if none). */
  readonly cv: number;
}

export interface NetworkResult {
  readonly duration: number;
  readonly spikeCount: number;
  readonly rates: { readonly exc: number; readonly inh: number };
  readonly exc: PopulationSummary;
  readonly inh: PopulationSummary;
  /** Mean ISI CV over all neurons with ≥ 3 spikes. */
  readonly cv: number;
  /** Power spectrum of the 1 ms binned population spike count, 0 to 100 Hz. */
  readonly spectrum: Spectrum;
  /** Hz: largest power in 4–16 Hz and in 25–60 Hz. */
  readonly alphaHz: number;
  readonly gammaHz: number;
  /** Time the worker spent building and simulating the network, ms (pauses and messaging not counted). */
  readonly wallMs: number;
  /** Of which building the network (parameters and, for a sparse one, its synapses), ms. */
  readonly buildMs: number;
  /** Of which stepping it, ms: duration / simMs is the speed against real time. */
  readonly simMs: number;
}

export interface NetworkJobTypes {
  izhikevichNetwork: { params: NetworkRunParams; result: NetworkResult; partial: NetworkPartial };
  lorentzianNetwork: { params: LorentzianNetworkJobParams; result: LorentzianNetworkJobResult; partial: never };
}
export type NetworkJobName = keyof NetworkJobTypes;

export const DURATION_RANGE = { min: 100, max: 10_000 } as const;
/** Wall time per chunk of simulation, ms: short enough for a prompt pause, long enough to keep the JIT's loop hot. */
const CHUNK_WALL_MS = 15;
/** Wall time between streamed pieces, ms: about one piece per three frames. */
const PARTIAL_WALL_MS = 50;
export const ALPHA_BAND = [4, 16] as const;
export const GAMMA_BAND = [25, 60] as const;
const SPEC_FIELDS = ['params', 'seed', 'method', 'connectivity', 'probe'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks untrusted job params; returns them typed or throws a RangeError listing every problem in words. */
export function checkNetworkParams(input: unknown): NetworkRunParams {
  if (!isRecord(input)) throw new TypeError('The izhikevichNetwork job needs an object: { spec, duration, chunkMs? }.');
  const problems: string[] = [];
  for (const key of Object.keys(input)) if (!['spec', 'duration', 'chunkMs'].includes(key)) problems.push(`Unknown field "${key}"; the fields are spec, duration and chunkMs.`);
  const { spec, duration, chunkMs } = input;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < DURATION_RANGE.min || duration > DURATION_RANGE.max) {
    problems.push(`duration must be a whole number of ms from ${DURATION_RANGE.min} to ${DURATION_RANGE.max}, got ${JSON.stringify(duration)}.`);
  }
  if (chunkMs !== undefined && (typeof chunkMs !== 'number' || !Number.isInteger(chunkMs) || chunkMs < 1 || chunkMs > 1000)) {
    problems.push(`chunkMs must be a whole number of ms from 1 to 1000, got ${JSON.stringify(chunkMs)}.`);
  }
  if (!isRecord(spec)) problems.push('spec must be an object: { params, seed, method, connectivity, probe }.');
  else {
    for (const key of Object.keys(spec)) if (!SPEC_FIELDS.includes(key)) problems.push(`Unknown spec field "${key}"; the fields are ${SPEC_FIELDS.join(', ')}.`);
    if (spec['params'] !== undefined && !isRecord(spec['params'])) problems.push('spec.params must be an object of parameter values.');
    if (typeof spec['seed'] !== 'number') problems.push(`seed must be a whole number, got ${JSON.stringify(spec['seed'])}.`);
    if (spec['probe'] !== undefined && typeof spec['probe'] !== 'number') problems.push(`probe must be a neuron index, got ${JSON.stringify(spec['probe'])}.`);
    if (problems.length === 0) problems.push(...validateIzhikevich2003(spec as unknown as Izhikevich2003Spec).map((p) => p.message));
  }
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  return input as unknown as NetworkRunParams;
}

const grouped = (value: number): string => Math.round(value).toLocaleString('en-US');

function population(neurons: number, spikes: number, duration: number, cvs: Float64Array, from: number, to: number): PopulationSummary {
  return { neurons, spikes, rate: neurons > 0 ? spikes / neurons / (duration / 1000) : 0, cv: finiteMean(cvs.subarray(from, to)) };
}

export const runNetworkJob: Job<NetworkResult> = async (input, context: JobContext) => {
  const { spec, duration, chunkMs } = checkNetworkParams(input);
  const { Ne, Ni } = resolveParams(izhikevich2003Params, spec.params ?? {}).values;
  const n = Ne + Ni;
  context.progress(0, `Building the network of ${grouped(n)} neurons…`);
  await context.pause();
  let busy = 0;
  let started = performance.now();
  const network = createIzhikevich2003(spec, duration);
  const buildMs = performance.now() - started;
  busy += buildMs;
  let simMs = 0;
  const total = network.Ne + network.Ni;
  let sentSpikes = 0;
  let sentProbe = 0;
  let lastPartial = performance.now();
  const send = (): void => {
    const spikes = network.spikes.since(sentSpikes);
    sentSpikes = network.spikes.count;
    const probeT = network.probeT.slice(sentProbe, network.probeCount);
    const probeV = network.probeV.slice(sentProbe, network.probeCount);
    sentProbe = network.probeCount;
    context.progress(network.ms / duration, `${grouped(network.ms)} of ${grouped(duration)} ms · ${grouped(sentSpikes)} spikes`);
    const partial: NetworkPartial = { ms: network.ms, spikesT: spikes.t, spikesI: spikes.i, probeT, probeV };
    context.partial(partial);
    lastPartial = performance.now();
  };
  // A first chunk of 5 ms measures the cost of a millisecond of this network on this machine.
  let chunk = chunkMs ?? 5;
  while (network.ms < duration) {
    await context.pause();
    started = performance.now();
    network.advance(Math.min(chunk, duration - network.ms));
    const elapsed = performance.now() - started;
    busy += elapsed;
    simMs += elapsed;
    if (chunkMs === undefined) chunk = Math.max(1, Math.min(500, Math.round((chunk * CHUNK_WALL_MS) / Math.max(elapsed, 0.5))));
    if (network.ms === duration || performance.now() - lastPartial >= PARTIAL_WALL_MS) send();
  }
  started = performance.now();
  const spikes = network.spikes;
  let excSpikes = 0;
  for (let s = 0; s < spikes.count; s++) if (spikes.i[s]! < network.Ne) excSpikes++;
  const cvs = isiCvByNeuron(spikes, total);
  const spectrum = powerSpectrum(binnedCounts(spikes, duration, 1), 1, 100);
  busy += performance.now() - started;
  const exc = population(network.Ne, excSpikes, duration, cvs, 0, network.Ne);
  const inh = population(network.Ni, spikes.count - excSpikes, duration, cvs, network.Ne, total);
  return {
    duration,
    spikeCount: spikes.count,
    rates: { exc: exc.rate, inh: inh.rate },
    exc,
    inh,
    cv: finiteMean(cvs),
    spectrum,
    alphaHz: spectralPeak(spectrum, ALPHA_BAND[0], ALPHA_BAND[1]),
    gammaHz: spectralPeak(spectrum, GAMMA_BAND[0], GAMMA_BAND[1]),
    wallMs: busy,
    buildMs,
    simMs,
  };
};

export const networkJobs: { readonly [Name in NetworkJobName]: Job<NetworkJobTypes[Name]['result']> } = {
  izhikevichNetwork: runNetworkJob,
  // Imported on its first run: lesson 12's raster runs only net.m, lesson 13's mean field only this network.
  lorentzianNetwork: async (params, context) => (await import('./mean-field-jobs.ts')).lorentzianNetworkJob(params, context),
};
