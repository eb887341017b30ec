/**
 * MeanFieldLink's state, controls, readouts and text summary: pure functions, no DOM, unit-tested in
 * test/unit/mean-field-widget.test.ts. One input drives both the exact mean field of an Izhikevich population
 * (engine/mean-field/izhikevich-mean-field.ts, computed in the page on every slider move) and the spiking
 * network it describes (engine/mean-field/lorentzian-network.ts, run in the network worker on request), with Δ, g
 * and I_ext shared. The protocol is PyRates' documented example (the course's reference, REFERENCE-README
 * section 7): I_ext on for 1000 time units, switched off on [400, 600).
 *
 * The network runs at a page-sized setting, not the reference's N = 10,000, dt = 0.001: forward Euler with
 * dt = 0.01 and v_p = 10 keeps dt·v_p = 0.1 as the reference does, and N = 2000 takes about a second. Its measured
 * match at that setting (test/unit/mean-field.test.ts): time-averaged rate +3.6 % against the mean field, RMS of
 * the 1-time-unit smoothed rate difference 0.0121 (the reference's own N = 10,000 network: +5.1 %, 0.012).
 */
import { ikMeanFieldParams, type IkInputSegment, type IkMeanFieldResult, type IkMeanFieldRun } from '../../engine/mean-field/izhikevich-mean-field.ts';
import { lorentzianNetworkParams, smoothRate } from '../../engine/mean-field/lorentzian-network.ts';
import { checkValue, findParam, type ParamSpec } from '../../engine/params/registry.ts';
import type { LorentzianNetworkJobParams, LorentzianNetworkJobResult } from '../../engine/worker/mean-field-jobs.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export interface MeanFieldLinkState {
  /** Half-width of the Lorentzian spread of excitabilities (registry `Delta`). */
  readonly Delta: number;
  /** Recurrent coupling (registry `g`). */
  readonly g: number;
  /** I_ext while the input is on. */
  readonly input: number;
  /** Switch the input off on [OFF_START, OFF_END), as in the reference protocol. */
  readonly pulse: boolean;
  /** Neurons in the network run. */
  readonly n: number;
}

/** The run: the reference protocol's 1000 time units with the input off on [400, 600). */
export const DURATION = 1000;
export const OFF_START = 400;
export const OFF_END = 600;

/**
 * Mean-field RK4 step. At 0.05 it stays within 3.5e-8 (g = 0.5) and 3.1e-7 (g = 1.5) in r and v of RK4 at
 * dt = 0.001 over the whole run (measured; test/unit/mean-field-widget.test.ts), and a run costs a fifth of
 * one at 0.01, so the curve follows a slider without lag. Where it diverges (strong coupling, narrow Δ, large
 * input), the run is repeated at FALLBACK_DT before the blow-up is reported, since a coarse step can blow up
 * where the equations do not (g = 3, Δ = 0.001, I_ext = 0.15: at t = 60.6 with 0.05, not at all with 0.01).
 */
export const MF_DT = 0.05;
export const FALLBACK_DT = 0.01;
/** Mean-field and network samples every 0.1, the reference's (and the network's rate bins). */
export const SAMPLE_EVERY = 0.1;

/** The network's page-sized numerics: dt·v_p = 0.1, as in the reference (dt 0.001, v_p 100). */
export const NET_DT = 0.01;
export const V_PEAK = 10;

/** The two couplings the lesson compares: g = 0.5 settles, g = 1.5 oscillates (PyRates' example). */
export const COMPARE_G = [0.5, 1.5] as const;

/** Where steady values are read: just before the input switches off. */
export const STEADY_T = 399;
/** The window where the readout looks for oscillation: the second half of the first input period. */
export const SWING_FROM = 200;
export const SWING_TO = 400;
/** Peak-to-peak swing of r above this fraction of its mean counts as oscillating (g = 0.5: 4 %; g = 1.5: 165 %). */
export const OSCILLATION_SWING = 0.2;

const registrySpec = (name: 'Delta' | 'g'): ParamSpec => findParam(ikMeanFieldParams, name)!;

/** I_ext is not a parameter of the model but of the experiment, so the widget describes it here. */
export const inputSpec: ParamSpec = {
  name: 'input',
  symbol: 'I_\\text{ext}',
  unit: '',
  default: 0.15,
  min: -0.2,
  max: 1,
  step: 0.01,
  meaning: 'External input to every neuron while it is on',
};

/** N narrowed from the engine's 10 to 100,000 to what a browser runs in a few seconds. */
export const networkSizeSpec: ParamSpec = { ...findParam(lorentzianNetworkParams, 'n')!, min: 500, max: 5000, step: 100, default: 2000 };

export interface MeanFieldLinkProps {
  delta?: number;
  g?: number;
  input?: number;
  pulse?: boolean;
  n?: number;
}

type Parsed = { ok: true; state: MeanFieldLinkState } | { ok: false; problems: string[] };

const FIELDS = ['Delta', 'g', 'input', 'pulse', 'n'];

/** Checks untrusted state (props, setState): every value against the registry; returns every problem in words. */
export function parseMeanFieldState(input: unknown): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: ['The state must be an object { Delta, g, input, pulse, n }.'] };
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(record)) if (!FIELDS.includes(key)) problems.push(`Unknown state field "${key}"; the fields are ${FIELDS.join(', ')}.`);
  const specs: [keyof MeanFieldLinkState, ParamSpec][] = [
    ['Delta', registrySpec('Delta')],
    ['g', registrySpec('g')],
    ['input', inputSpec],
    ['n', networkSizeSpec],
  ];
  for (const [key, spec] of specs) {
    const problem = checkValue(spec, record[key]);
    if (problem) problems.push(problem.message);
  }
  if (typeof record['n'] === 'number' && !Number.isInteger(record['n'])) problems.push(`n must be a whole number of neurons, got ${record['n']}.`);
  if (typeof record['pulse'] !== 'boolean') problems.push(`pulse must be true or false, got ${JSON.stringify(record['pulse']) ?? 'nothing'}.`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, state: { Delta: record['Delta'] as number, g: record['g'] as number, input: record['input'] as number, pulse: record['pulse'] as boolean, n: record['n'] as number } };
}

/** Props → the initial state; runs at build time, so a mistake in a lesson fails the build, naming `where`. */
export function initialMeanFieldState(props: MeanFieldLinkProps, where: string): MeanFieldLinkState {
  const parsed = parseMeanFieldState({
    Delta: props.delta ?? registrySpec('Delta').default,
    g: props.g ?? registrySpec('g').default,
    input: props.input ?? inputSpec.default,
    pulse: props.pulse ?? true,
    n: props.n ?? networkSizeSpec.default,
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.join(' ')}`);
  return parsed.state;
}

/** I_ext(t) as segments: on all run, or off on [OFF_START, OFF_END). */
export function inputSegments(state: Pick<MeanFieldLinkState, 'input' | 'pulse'>): IkInputSegment[] {
  if (!state.pulse) return [{ tStart: 0, tEnd: DURATION, value: state.input }];
  return [
    { tStart: 0, tEnd: OFF_START, value: state.input },
    { tStart: OFF_START, tEnd: OFF_END, value: 0 },
    { tStart: OFF_END, tEnd: DURATION, value: state.input },
  ];
}

/** The mean-field run for `state` (with `g` overridden for the comparison curve). */
export function meanFieldRun(state: MeanFieldLinkState, g = state.g, dt = MF_DT): IkMeanFieldRun {
  return { params: { Delta: state.Delta, g }, input: inputSegments(state), duration: DURATION, dt, sampleEvery: SAMPLE_EVERY };
}

/** The worker job for `state`'s network run. */
export function networkJob(state: MeanFieldLinkState): LorentzianNetworkJobParams {
  return { params: { Delta: state.Delta, g: state.g }, network: { n: state.n, dt: NET_DT, vPeak: V_PEAK }, input: inputSegments(state), duration: DURATION };
}

/** The parameters a network run depends on: a run whose key differs from the state's is stale. */
export function networkKey(state: MeanFieldLinkState): string {
  return JSON.stringify([state.Delta, state.g, state.input, state.pulse, state.n]);
}

/** The coupling of the comparison ("ghost") curve: whichever of 0.5 and 1.5 is farther from g. */
export function otherG(g: number): number {
  return Math.abs(g - COMPARE_G[0]) <= Math.abs(g - COMPARE_G[1]) ? COMPARE_G[1] : COMPARE_G[0];
}

/** The controls: Δ and g from the registry, I_ext and N described here; units say "dimensionless". */
export function meanFieldControls(state: MeanFieldLinkState): Control[] {
  const dimensionless = (spec: ParamSpec, value: number): ParamSpec => ({ ...spec, unit: 'dimensionless', default: value });
  return [
    { key: 'Delta', target: { kind: 'param', name: 'Delta' }, spec: dimensionless(registrySpec('Delta'), state.Delta) },
    { key: 'g', target: { kind: 'param', name: 'g' }, spec: dimensionless(registrySpec('g'), state.g) },
    { key: 'input', target: { kind: 'view', name: 'input' }, spec: dimensionless(inputSpec, state.input) },
    { key: 'n', target: { kind: 'view', name: 'n' }, spec: { ...networkSizeSpec, unit: 'neurons', meaning: 'Neurons in the network run (the mean field is N → ∞)', default: state.n } },
  ];
}

/** Control value → state. */
export function withControl(state: MeanFieldLinkState, key: string, value: number): MeanFieldLinkState {
  if (key === 'n') return { ...state, n: Math.round(value) };
  if (key === 'Delta' || key === 'g' || key === 'input') return { ...state, [key]: value };
  return state;
}

export function controlValues(state: MeanFieldLinkState): Map<string, number> {
  return new Map([
    ['Delta', state.Delta],
    ['g', state.g],
    ['input', state.input],
    ['n', state.n],
  ]);
}

/** Index of the sample at time `t` (samples every SAMPLE_EVERY from 0), or undefined past the end. */
function sampleAt(run: Pick<IkMeanFieldResult, 't'>, t: number): number | undefined {
  const i = Math.round(t / SAMPLE_EVERY);
  return i < run.t.length ? i : undefined;
}

export interface MeanFieldSummary {
  /** r and v at STEADY_T (NaN when the run ended earlier). */
  readonly steadyR: number;
  readonly steadyV: number;
  /** Smallest and largest r on [SWING_FROM, SWING_TO) (NaN when the run ended earlier). */
  readonly low: number;
  readonly high: number;
  readonly mean: number;
  readonly oscillating: boolean;
}

export function summariseMeanField(run: Pick<IkMeanFieldResult, 't' | 'r' | 'v'>): MeanFieldSummary {
  const steady = sampleAt(run, STEADY_T);
  const from = sampleAt(run, SWING_FROM);
  const to = sampleAt(run, SWING_TO);
  let low = Number.NaN;
  let high = Number.NaN;
  let mean = Number.NaN;
  if (from !== undefined && to !== undefined) {
    low = Number.POSITIVE_INFINITY;
    high = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const r = run.r[i]!;
      low = Math.min(low, r);
      high = Math.max(high, r);
      sum += r;
    }
    mean = sum / (to - from);
  }
  return {
    steadyR: steady === undefined ? Number.NaN : run.r[steady]!,
    steadyV: steady === undefined ? Number.NaN : run.v[steady]!,
    low,
    high,
    mean,
    oscillating: high - low > OSCILLATION_SWING * Math.abs(mean),
  };
}

export interface NetworkMatch {
  /** Time-averaged network rate and mean-field rate, per time unit. */
  readonly networkMean: number;
  readonly meanFieldMean: number;
  /** networkMean / meanFieldMean − 1. */
  readonly relative: number;
  /** RMS over the run of the difference of the two rates, each smoothed over 1 time unit. */
  readonly rms: number;
}

/**
 * The network against the mean field as the engine's tests compare them: the mean field's r averaged over each
 * 0.1 bin (trapezoid of the samples at its ends), both smoothed over 1 time unit, RMS of the difference.
 * Undefined when the two do not cover the same bins (a mean field that blew up).
 */
export function networkMatch(mf: Pick<IkMeanFieldResult, 'r'>, net: Pick<LorentzianNetworkJobResult, 'rate' | 'smoothed' | 'meanRate' | 'settings'>): NetworkMatch | undefined {
  const bins = net.rate.length;
  if (bins === 0 || mf.r.length < bins + 1 || Math.abs(net.settings.binWidth - SAMPLE_EVERY) > 1e-12) return undefined;
  const mfBins = new Float64Array(bins);
  let sum = 0;
  for (let i = 0; i < bins; i++) {
    mfBins[i] = 0.5 * (mf.r[i]! + mf.r[i + 1]!);
    sum += mfBins[i]!;
  }
  const meanFieldMean = sum / bins;
  const smoothed = smoothRate(mfBins, net.settings.smoothWindow);
  let squares = 0;
  for (let i = 0; i < bins; i++) {
    const d = net.smoothed[i]! - smoothed[i]!;
    squares += d * d;
  }
  return { networkMean: net.meanRate, meanFieldMean, relative: net.meanRate / meanFieldMean - 1, rms: Math.sqrt(squares / bins) };
}

const signed = (value: number, decimals: number): string => `${value >= 0 ? '+' : ''}${formatNumber(value, decimals)}`;

/** "N = 2000 neurons, Euler dt = 0.01, v_p = 10". */
export function settingsText(settings: Pick<LorentzianNetworkJobResult['settings'], 'n' | 'dt' | 'vPeak'>): string {
  return `N = ${settings.n} neurons, Euler dt = ${settings.dt}, v_p = ${settings.vPeak}`;
}

/** The sentence under the readouts: "N = 2000 neurons, Euler dt = 0.01, v_p = 10: rate +3.6 % against the mean field". */
export function matchText(settings: LorentzianNetworkJobResult['settings'], match: NetworkMatch): string {
  return `${settingsText(settings)}: rate ${signed(100 * match.relative, 1)} % against the mean field, RMS of the 1-time-unit smoothed difference ${formatNumber(match.rms, 4)} per time unit.`;
}

export function oscillationText(summary: MeanFieldSummary): string {
  if (!Number.isFinite(summary.low)) return '—';
  const range = `r from ${formatNumber(summary.low, 3)} to ${formatNumber(summary.high, 3)}`;
  return summary.oscillating ? `oscillates: ${range}` : `settles: ${range}`;
}

export type NetworkStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'stale';

/** The text summary for screen readers. */
export function meanFieldSummaryText(
  state: MeanFieldLinkState,
  summary: MeanFieldSummary | undefined,
  diverged: string | undefined,
  network: { status: NetworkStatus; match: NetworkMatch | undefined; settings: LorentzianNetworkJobResult['settings'] | undefined },
): string {
  const input = state.pulse ? `I_ext = ${formatNumber(state.input, 2)}, switched off between t = ${OFF_START} and ${OFF_END}` : `I_ext = ${formatNumber(state.input, 2)} throughout`;
  const setup = `Population rate r and mean potential v against time (dimensionless) for Δ = ${formatNumber(state.Delta, 3)}, g = ${formatNumber(state.g, 2)}, ${input}.`;
  let mf: string;
  if (diverged) mf = ` ${diverged}`;
  else if (summary) mf = ` Mean field: at t = ${STEADY_T}, r = ${formatNumber(summary.steadyR, 4)} and v = ${formatNumber(summary.steadyV, 3)}; between t = ${SWING_FROM} and ${SWING_TO} it ${oscillationText(summary)}.`;
  else mf = '';
  let net = '';
  if (network.status === 'running') net = ' The network is running.';
  else if (network.status === 'done' && network.match && network.settings) net = ` Network, ${matchText(network.settings, network.match)}`;
  else if (network.status === 'stale') net = ' The network run shown was for other settings; run it again to compare.';
  else if (network.status === 'cancelled') net = ' The network run was cancelled.';
  return `${setup}${mf}${net}`;
}

export interface MatchReadouts {
  readonly relativeText: string;
  readonly rmsText: string;
}

export function matchReadouts(match: NetworkMatch | undefined): MatchReadouts {
  if (!match) return { relativeText: '…', rmsText: '…' };
  return { relativeText: `${signed(100 * match.relative, 1)} %`, rmsText: formatNumber(match.rms, 4) };
}
