/**
 * The network raster's state, controls, accumulated run data, readouts and text summary: pure functions, no
 * DOM, unit-tested in test/unit/network-raster.test.ts. The state is plain JSON; its numbers are checked
 * against the engine's registry (`izhikevich2003Params`) and the engine's own validation, so a bad prop, link
 * or `setState` is refused in words and never reaches the worker.
 */
import { createIzhikevich2003, izhikevich2003Params, netMethods, validateIzhikevich2003, type Izhikevich2003Spec, type NetMethod } from '../../engine/network/izhikevich-2003.ts';
import { findParam, type ParamSpec } from '../../engine/params/registry.ts';
import { DURATION_RANGE, type NetworkPartial, type NetworkResult, type NetworkRunParams } from '../../engine/worker/network-jobs.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export type Connectivity = 'all-to-all' | 'fixed-indegree';

export interface NetworkState {
  readonly Ne: number;
  readonly Ni: number;
  /** Simulated time, ms. */
  readonly duration: number;
  readonly method: NetMethod;
  /** ms; used by euler and rk4 only (the published numerics step 1 ms). */
  readonly dt: number;
  readonly seed: number;
  readonly connectivity: Connectivity;
  /** Index of the neuron whose v(t) is drawn. */
  readonly probe: number;
}

export type NetworkProps = Partial<NetworkState>;

/** The time steps offered with Euler and RK4 (each divides 1 ms, as the engine requires). */
export const DT_CHOICES = [1, 0.5, 0.25, 0.1, 0.05] as const;
export const METHOD_LABELS: Readonly<Record<NetMethod, string>> = { published: 'net.m as published (1 ms, v in two half-steps)', euler: 'Euler', rk4: 'Runge–Kutta 4' };
export const CONNECTIVITY_LABELS: Readonly<Record<Connectivity, string>> = { 'all-to-all': 'All-to-all, as net.m', 'fixed-indegree': '1000 random inputs per neuron' };
/** Inputs per neuron of the sparse option (the registry's default K), or all neurons if fewer. */
export const SPARSE_INPUTS = findParam(izhikevich2003Params, 'inDegree')!.default;
/** Slider range of the duration (the job accepts up to 10 s; 5 s keeps a run of the largest network near 15 s). */
export const DURATION_SPEC: ParamSpec = { name: 'duration', symbol: 'T', unit: 'ms', default: 1000, min: DURATION_RANGE.min, max: 5000, step: 100, meaning: 'Simulated time' };
/** Runs start by themselves (on first view) only up to this cost, in neuron-steps: net.m for 1 s is 10⁶. */
export const AUTORUN_BUDGET = 2_000_000;

const registry = (name: 'Ne' | 'Ni' | 'dt'): ParamSpec => findParam(izhikevich2003Params, name)!;
const FIELDS = ['Ne', 'Ni', 'duration', 'method', 'dt', 'seed', 'connectivity', 'probe'] as const;

export const defaultState = (): NetworkState => ({
  Ne: registry('Ne').default,
  Ni: registry('Ni').default,
  duration: DURATION_SPEC.default,
  method: 'published',
  dt: 1,
  seed: 1,
  connectivity: 'all-to-all',
  probe: 0,
});

/** The engine's spec for a state. */
export function specFor(state: NetworkState): Izhikevich2003Spec {
  const n = state.Ne + state.Ni;
  const params: Record<string, number> = { Ne: state.Ne, Ni: state.Ni, dt: state.method === 'published' ? 1 : state.dt };
  if (state.connectivity === 'fixed-indegree') params['inDegree'] = Math.min(SPARSE_INPUTS, n);
  return { params, seed: state.seed, method: state.method, connectivity: state.connectivity, probe: state.probe };
}

export function jobFor(state: NetworkState): NetworkRunParams {
  return { spec: specFor(state), duration: state.duration };
}

/** Checks untrusted state (missing fields take the defaults); returns it or every problem in words. */
export function parseNetworkState(input: unknown): { ok: true; state: NetworkState } | { ok: false; problems: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [`The state must be an object { ${FIELDS.join(', ')} }.`] };
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) if (!(FIELDS as readonly string[]).includes(key)) problems.push(`Unknown state field "${key}"; the fields are ${FIELDS.join(', ')}.`);
  const state = { ...defaultState(), ...record } as Record<string, unknown>;
  for (const name of ['Ne', 'Ni', 'duration', 'dt', 'seed', 'probe'] as const) {
    if (typeof state[name] !== 'number' || !Number.isFinite(state[name])) problems.push(`${name} must be a number, got ${JSON.stringify(state[name])}.`);
  }
  if (!netMethods.includes(state['method'] as NetMethod)) problems.push(`method must be one of ${netMethods.join(', ')}, got ${JSON.stringify(state['method'])}.`);
  if (state['connectivity'] !== 'all-to-all' && state['connectivity'] !== 'fixed-indegree') problems.push(`connectivity must be "all-to-all" or "fixed-indegree", got ${JSON.stringify(state['connectivity'])}.`);
  if (problems.length > 0) return { ok: false, problems };
  const checked = state as unknown as NetworkState;
  const { min, max } = DURATION_SPEC;
  if (!Number.isInteger(checked.duration) || checked.duration < min || checked.duration > max) problems.push(`duration = ${checked.duration} ms must be a whole number of ms from ${min} to ${max}.`);
  if (checked.method !== 'published' && !(DT_CHOICES as readonly number[]).includes(checked.dt)) problems.push(`dt = ${checked.dt} ms must be one of ${DT_CHOICES.join(', ')} ms.`);
  if (checked.method === 'published' && checked.dt !== 1) problems.push('The published numerics step 1 ms: dt must be 1 (choose Euler or RK4 for a smaller step).');
  if (checked.seed < 0 || checked.seed > 2 ** 31 - 1) problems.push(`seed must be a whole number from 0 to ${2 ** 31 - 1}, got ${checked.seed}.`);
  if (problems.length === 0) problems.push(...validateIzhikevich2003(specFor(checked)).map((p) => p.message));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, state: checked };
}

/** Props → the initial state; runs at build time, so a mistake in a lesson fails the build, saying where. */
export function initialNetworkState(props: NetworkProps, where: string): NetworkState {
  const defined = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  const parsed = parseNetworkState(defined);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.join(' ')}`);
  return parsed.state;
}

/** The sliders: the population sizes (the engine's registry) and the duration; `key` is the state field. */
export function networkControls(state: NetworkState): Control[] {
  return [
    { key: 'Ne', target: { kind: 'view', name: 'Ne' }, spec: { ...registry('Ne'), unit: 'neurons', default: state.Ne } },
    { key: 'Ni', target: { kind: 'view', name: 'Ni' }, spec: { ...registry('Ni'), unit: 'neurons', default: state.Ni } },
    { key: 'duration', target: { kind: 'view', name: 'duration' }, spec: { ...DURATION_SPEC, default: state.duration } },
  ];
}

export function controlValues(state: NetworkState): Map<string, number> {
  return new Map([
    ['Ne', state.Ne],
    ['Ni', state.Ni],
    ['duration', state.duration],
  ]);
}

/** A changed field; the probe is kept inside the network when it shrinks. */
export function withField(state: NetworkState, key: string, value: number | string): NetworkState {
  const next = { ...state, [key]: value } as NetworkState;
  const n = next.Ne + next.Ni;
  if (next.probe >= n) return { ...next, probe: Math.max(0, n - 1) };
  return next;
}

/** Neuron-steps of a run: what its cost grows with (and a sparse network costs less per spike). */
export function runCost(state: NetworkState): number {
  const stepsPerMs = state.method === 'published' ? 1 : Math.round(1 / state.dt);
  return (state.Ne + state.Ni) * state.duration * stepsPerMs;
}

export const autoRuns = (state: NetworkState): boolean => runCost(state) <= AUTORUN_BUDGET;

export interface ProbeInfo {
  readonly index: number;
  readonly excitatory: boolean;
  /** The neuron's random r of net.m, and its parameters a, b, c (mV), d. */
  readonly r: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly type: string;
  readonly text: string;
}

/**
 * The probe's cell type. Its parameters are the network's own: an all-to-all net.m of the same sizes and seed
 * is built without being run (net.m draws every neuron's r before any weight, so the sparse network with the
 * same seed has the same parameters; building it all-to-all costs no synapses). Excitatory: c = −65 + 15 r²,
 * d = 8 − 6 r², from regular spiking (r = 0) to chattering (r = 1); inhibitory: a = 0.02 + 0.08 r,
 * b = 0.25 − 0.05 r, from low-threshold spiking (r = 0) to fast spiking (r = 1).
 */
export function probeInfo(state: NetworkState): ProbeInfo | undefined {
  const n = state.Ne + state.Ni;
  if (!Number.isInteger(state.probe) || state.probe < 0 || state.probe >= n) return undefined;
  const network = createIzhikevich2003({ params: { Ne: state.Ne, Ni: state.Ni }, seed: state.seed }, 1);
  const k = state.probe;
  const [a, b, c, d] = [network.a[k]!, network.b[k]!, network.c[k]!, network.d[k]!];
  const excitatory = k < state.Ne;
  const r = excitatory ? Math.sqrt(Math.max(0, (c + 65) / 15)) : (a - 0.02) / 0.08;
  let type: string;
  if (excitatory) type = r * r < 0.5 ? 'regular spiking' : 'chattering';
  else type = r < 0.5 ? 'low-threshold spiking' : 'fast spiking';
  const detail = excitatory ? `c = ${formatNumber(c, 1)} mV, d = ${formatNumber(d, 2)}` : `a = ${formatNumber(a, 3)}, b = ${formatNumber(b, 3)}`;
  const text = `Neuron ${k} is ${excitatory ? 'excitatory' : 'inhibitory'}, ${type} (r = ${formatNumber(r, 2)}: ${detail}).`;
  return { index: k, excitatory, r, a, b, c, d, type, text };
}

/** The streamed run so far: spikes, the probe's trace and the population count per 1 ms bin, in growing arrays. */
export interface RunData {
  readonly Ne: number;
  readonly Ni: number;
  readonly duration: number;
  /** Whole ms received. */
  ms: number;
  spikeT: Float64Array;
  spikeI: Int32Array;
  spikeCount: number;
  probeT: Float64Array;
  probeV: Float64Array;
  probeCount: number;
  /** Spikes of the whole population in bin b = (b, b + 1] ms (right-closed, as engine/network/analysis.ts bins). */
  readonly counts: Float64Array;
  excSpikes: number;
}

export function createRunData(state: NetworkState): RunData {
  const n = state.Ne + state.Ni;
  // Room for net.m's ~8 Hz; the arrays double if a network fires more.
  const guess = Math.max(4096, Math.round(n * state.duration * 0.01));
  return {
    Ne: state.Ne,
    Ni: state.Ni,
    duration: state.duration,
    ms: 0,
    spikeT: new Float64Array(guess),
    spikeI: new Int32Array(guess),
    spikeCount: 0,
    probeT: new Float64Array(1024),
    probeV: new Float64Array(1024),
    probeCount: 0,
    counts: new Float64Array(state.duration),
    excSpikes: 0,
  };
}

function grown<T extends Float64Array | Int32Array>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const bigger = make(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Appends a streamed piece (cost linear in its size: no earlier spike is touched). */
export function appendPartial(data: RunData, piece: NetworkPartial): void {
  const added = piece.spikesT.length;
  data.spikeT = grown(data.spikeT, data.spikeCount + added, (n) => new Float64Array(n));
  data.spikeI = grown(data.spikeI, data.spikeCount + added, (n) => new Int32Array(n));
  data.spikeT.set(piece.spikesT, data.spikeCount);
  data.spikeI.set(piece.spikesI, data.spikeCount);
  data.spikeCount += added;
  for (let s = 0; s < added; s++) {
    const bin = Math.ceil(piece.spikesT[s]! - 1e-9) - 1;
    if (bin >= 0 && bin < data.counts.length) data.counts[bin]!++;
    if (piece.spikesI[s]! < data.Ne) data.excSpikes++;
  }
  const samples = piece.probeV.length;
  data.probeT = grown(data.probeT, data.probeCount + samples, (n) => new Float64Array(n));
  data.probeV = grown(data.probeV, data.probeCount + samples, (n) => new Float64Array(n));
  data.probeT.set(piece.probeT, data.probeCount);
  data.probeV.set(piece.probeV, data.probeCount);
  data.probeCount += samples;
  data.ms = piece.ms;
}

/** Population rate (Hz per neuron) in 1 ms bins up to the time received, and its 5 ms running mean (centred). */
export function populationRates(data: RunData, window = 5): { t: Float64Array; rate: Float64Array; smooth: Float64Array } {
  const bins = data.ms;
  const n = data.Ne + data.Ni;
  const perSpike = n > 0 ? 1000 / n : 0;
  const t = new Float64Array(bins);
  const rate = new Float64Array(bins);
  const smooth = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    t[b] = b + 0.5;
    rate[b] = data.counts[b]! * perSpike;
  }
  const half = Math.floor(window / 2);
  for (let b = 0; b < bins; b++) {
    let sum = 0;
    let count = 0;
    for (let k = Math.max(0, b - half); k <= Math.min(bins - 1, b + half); k++) {
      sum += rate[k]!;
      count++;
    }
    smooth[b] = sum / count;
  }
  return { t, rate, smooth };
}

const grouped = (value: number): string => Math.round(value).toLocaleString('en-US');

/** "340 of 1,000 ms · 2,541 spikes · 1.8× real time" */
export function progressText(ms: number, duration: number, spikes: number, speed: number | undefined): string {
  const parts = [`${grouped(ms)} of ${grouped(duration)} ms`, `${grouped(spikes)} spikes`];
  if (speed !== undefined && Number.isFinite(speed) && speed > 0) parts.push(`${formatNumber(speed, speed < 10 ? 1 : 0)}× real time`);
  return parts.join(' · ');
}

export interface Readout {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
}

export const READOUTS: readonly Readout[] = [
  { id: 'rate-exc', label: 'Excitatory rate', unit: 'Hz' },
  { id: 'rate-inh', label: 'Inhibitory rate', unit: 'Hz' },
  { id: 'spikes', label: 'Spikes', unit: '' },
  { id: 'alpha', label: 'Alpha peak (4–16 Hz)', unit: 'Hz' },
  { id: 'gamma', label: 'Gamma peak (25–60 Hz)', unit: 'Hz' },
  { id: 'cv', label: 'Mean ISI CV', unit: '' },
  { id: 'wall', label: 'Compute time (building the network)', unit: 's' },
  { id: 'speed', label: 'Simulation speed', unit: '× real time' },
];

/** Readout id → [value, text]; rates and counts from the spikes received so far, the rest once the run is done. */
export function networkReadouts(data: RunData | undefined, result: NetworkResult | undefined): Map<string, { value: number; text: string }> {
  const out = new Map<string, { value: number; text: string }>();
  const put = (id: string, value: number, decimals: number): void => void out.set(id, { value, text: Number.isNaN(value) ? '—' : formatNumber(value, decimals) });
  const pending = (id: string): void => void out.set(id, { value: Number.NaN, text: '…' });
  if (data && data.ms > 0) {
    const seconds = data.ms / 1000;
    put('rate-exc', data.Ne > 0 ? data.excSpikes / data.Ne / seconds : Number.NaN, 2);
    put('rate-inh', data.Ni > 0 ? (data.spikeCount - data.excSpikes) / data.Ni / seconds : Number.NaN, 2);
    out.set('spikes', { value: data.spikeCount, text: grouped(data.spikeCount) });
  } else for (const id of ['rate-exc', 'rate-inh', 'spikes']) pending(id);
  if (result) {
    put('alpha', result.alphaHz, 0);
    put('gamma', result.gammaHz, 0);
    put('cv', result.cv, 2);
    out.set('wall', { value: result.wallMs / 1000, text: `${formatNumber(result.wallMs / 1000, 2)} (${formatNumber(result.buildMs / 1000, 2)})` });
    put('speed', result.duration / result.simMs, 1);
  } else for (const id of ['alpha', 'gamma', 'cv', 'wall', 'speed']) pending(id);
  return out;
}

export type Status = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

/** The screen-reader summary: what is set up, how far the run is, and what it found. */
export function networkSummary(state: NetworkState, data: RunData | undefined, result: NetworkResult | undefined, status: Status): string {
  const setup = `Spike raster of Izhikevich's network: ${grouped(state.Ne)} excitatory and ${grouped(state.Ni)} inhibitory neurons, ${CONNECTIVITY_LABELS[state.connectivity].toLowerCase()}, ${state.method === 'published' ? 'published numerics' : `${METHOD_LABELS[state.method]} at dt = ${state.dt} ms`}, ${grouped(state.duration)} ms, seed ${state.seed}.`;
  if (!data || status === 'idle') return `${setup} Not run yet: press Run.`;
  // Not rewritten at every piece while running: a live region that changes each frame would never stop talking.
  if (status === 'running') return `${setup} Running.`;
  const so = `${grouped(data.ms)} of ${grouped(state.duration)} ms simulated, ${grouped(data.spikeCount)} spikes`;
  const when = { running: '', paused: 'paused', done: 'done', cancelled: 'cancelled', error: 'stopped by an error', idle: '' }[status];
  const r = networkReadouts(data, result);
  const rates = data.ms > 0 ? ` Mean rates: excitatory ${r.get('rate-exc')!.text} Hz, inhibitory ${r.get('rate-inh')!.text} Hz.` : '';
  const rhythms = result ? ` The population rate oscillates: alpha peak at ${r.get('alpha')!.text} Hz, gamma peak at ${r.get('gamma')!.text} Hz; mean ISI CV ${r.get('cv')!.text}.` : '';
  return `${setup} ${so} (${when}).${rates}${rhythms}`;
}
