/**
 * State and analysis for the STDP window widget: the window is MEASURED by running the engine's trace rule
 * on isolated spike pairs (engine/plasticity/stdp.ts `stdpWindow`), the drift for uncorrelated Poisson trains
 * is both predicted (rho_pre rho_post (A+ tau+ - A- tau-)) and measured from seeded Poisson trains.
 * Pure and DOM-free, unit-tested in test/unit/bcm-widget.test.ts.
 */
import { checkValue, findParam, type ParamProblem, type ParamSpec, type Registry } from '../../engine/params/registry.ts';
import { applyStdp, stdpParams, stdpPoissonDrift, stdpWindow, type StdpParam } from '../../engine/plasticity/stdp.ts';
import { deriveSeed, poissonTrain } from '../../engine/stimuli/spike-trains.ts';
import { createRandom } from '../../engine/random/rng.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export interface StdpState {
  readonly version: 1;
  readonly aPlus: number;
  readonly aMinus: number;
  readonly tauPlus: number;
  readonly tauMinus: number;
  /** Spike-time difference t_post - t_pre at which Δw is read out, ms. */
  readonly probe: number;
  readonly ratePre: number;
  readonly ratePost: number;
  readonly seed: number;
}

export const stdpWidgetParams = [
  { name: 'probe', symbol: '\\Delta t', unit: 'ms', default: 10, min: -100, max: 100, step: 0.5, meaning: 'Spike-time difference t_post - t_pre read out below' },
  { name: 'ratePre', symbol: '\\rho_\\text{pre}', unit: 'Hz', default: 10, min: 0, max: 50, step: 1, meaning: 'Presynaptic Poisson rate (for the drift)' },
  { name: 'ratePost', symbol: '\\rho_\\text{post}', unit: 'Hz', default: 10, min: 0, max: 50, step: 1, meaning: 'Postsynaptic Poisson rate (for the drift)' },
  { name: 'seed', symbol: 's', unit: '', default: 1, min: 0, max: 9999, step: 1, meaning: 'Seed of the Poisson trains (dimensionless)' },
] as const satisfies Registry;

/** The measured drift averages this many independent runs of DRIFT_SECONDS each. */
export const DRIFT_RUNS = 10;
export const DRIFT_SECONDS = 100;
/** Half-width of the window plot, ms. */
export const WINDOW_RANGE = 100;

const STATE_KEYS = ['aPlus', 'aMinus', 'tauPlus', 'tauMinus', 'probe', 'ratePre', 'ratePost', 'seed'] as const;

function specOf(name: string): ParamSpec {
  return (findParam(stdpParams, name) ?? findParam(stdpWidgetParams, name))!;
}

export function parseStdpState(input: unknown): { ok: true; state: StdpState } | { ok: false; problems: ParamProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The STDP widget state must be an object.' }] };
  const o = input as Record<string, unknown>;
  const problems: ParamProblem[] = [];
  if (o['version'] !== 1) problems.push({ name: 'version', message: `Unknown state version ${String(o['version'])}; this widget reads version 1.` });
  for (const key of STATE_KEYS) {
    const problem = checkValue(specOf(key), o[key]);
    if (problem) problems.push(problem);
  }
  if (typeof o['seed'] === 'number' && !Number.isInteger(o['seed'])) problems.push({ name: 'seed', message: `The seed must be a whole number, got ${o['seed']}.` });
  if (problems.length > 0) return { ok: false, problems };
  const state = { version: 1 } as Record<string, number>;
  for (const key of STATE_KEYS) state[key] = o[key] as number;
  return { ok: true, state: state as unknown as StdpState };
}

export interface StdpWidgetProps {
  params?: Partial<Record<StdpParam, number>>;
  probe?: number;
  ratePre?: number;
  ratePost?: number;
  seed?: number;
}

export function initialStdpState(props: StdpWidgetProps, where: string): StdpState {
  const defaults = (name: string) => specOf(name).default;
  const parsed = parseStdpState({
    version: 1,
    aPlus: props.params?.aPlus ?? defaults('aPlus'),
    aMinus: props.params?.aMinus ?? defaults('aMinus'),
    tauPlus: props.params?.tauPlus ?? defaults('tauPlus'),
    tauMinus: props.params?.tauMinus ?? defaults('tauMinus'),
    probe: props.probe ?? defaults('probe'),
    ratePre: props.ratePre ?? defaults('ratePre'),
    ratePost: props.ratePost ?? defaults('ratePost'),
    seed: props.seed ?? defaults('seed'),
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  return parsed.state;
}

export function stdpControls(state: StdpState): Control[] {
  return STATE_KEYS.map((key) => {
    const spec = specOf(key);
    // The amplitudes' sliders stop at 0.05: larger changes per pair would not be plasticity but a switch.
    const narrowed = key === 'aPlus' || key === 'aMinus' ? { ...spec, max: 0.05 } : spec;
    return { key, target: { kind: 'param', name: key }, spec: { ...narrowed, default: state[key] } };
  });
}

export function stdpControlValue(state: StdpState, key: string): number | undefined {
  return (STATE_KEYS as readonly string[]).includes(key) ? state[key as (typeof STATE_KEYS)[number]] : undefined;
}

export function withStdpControl(state: StdpState, key: string, value: number): StdpState {
  return (STATE_KEYS as readonly string[]).includes(key) ? { ...state, [key]: value } : state;
}

export interface StdpAnalysis {
  /** Spike-time differences of the plotted window, ms (0 excluded: the two branches are drawn apart). */
  readonly dtsMinus: Float64Array;
  readonly dwMinus: Float64Array;
  readonly dtsPlus: Float64Array;
  readonly dwPlus: Float64Array;
  /** Δw measured at the probe Δt. */
  readonly probeDw: number;
  /** A+ tau+ - A- tau-, ms. */
  readonly balance: number;
  /** Predicted drift, 1/s. */
  readonly drift: number;
  /** Measured drift (mean over DRIFT_RUNS runs), 1/s, and its standard error. */
  readonly measuredDrift: number;
  readonly measuredSe: number;
}

const paramsOf = (s: StdpState) => ({ aPlus: s.aPlus, aMinus: s.aMinus, tauPlus: s.tauPlus, tauMinus: s.tauMinus });

/**
 * The trains of the last drift measurement. The window's sliders (A±, τ±) re-measure the drift on the same trains,
 * which depend only on the seed, the rates and the length: drawing them again was 40 000 spike times a move.
 */
let lastTrains: { key: string; pairs: (readonly [Float64Array, Float64Array])[] } | undefined;

function driftTrains(state: StdpState, runs: number, seconds: number): (readonly [Float64Array, Float64Array])[] {
  const key = JSON.stringify([state.seed, state.ratePre, state.ratePost, runs, seconds]);
  if (lastTrains?.key !== key) {
    const window = { start: 0, end: seconds * 1000 };
    const pairs = Array.from({ length: runs }, (_, r) => [
      poissonTrain({ ...window, rate: state.ratePre }, createRandom(deriveSeed(state.seed, 2 * r))),
      poissonTrain({ ...window, rate: state.ratePost }, createRandom(deriveSeed(state.seed, 2 * r + 1))),
    ] as const);
    lastTrains = { key, pairs };
  }
  return lastTrains.pairs;
}

/** The mean drift per second of `runs` independent pairs of Poisson trains (all-to-all, no bounds), and its standard error. */
export function measureDrift(state: StdpState, runs = DRIFT_RUNS, seconds = DRIFT_SECONDS): { mean: number; se: number } {
  const drifts: number[] = [];
  for (const [pre, post] of driftTrains(state, runs, seconds)) drifts.push(applyStdp(pre, post, 0, { params: paramsOf(state) }).finalW / seconds);
  const mean = drifts.reduce((a, b) => a + b, 0) / runs;
  const variance = runs > 1 ? drifts.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (runs - 1) : 0;
  return { mean, se: Math.sqrt(variance / runs) };
}

export function analyseStdp(state: StdpState): StdpAnalysis {
  const params = paramsOf(state);
  const step = 0.5;
  const count = Math.round(WINDOW_RANGE / step);
  const dtsMinus = Float64Array.from({ length: count }, (_, i) => -WINDOW_RANGE + i * step);
  const dtsPlus = Float64Array.from({ length: count }, (_, i) => step + i * step);
  const measured = measureDrift(state);
  return {
    dtsMinus,
    dwMinus: stdpWindow(params, dtsMinus),
    dtsPlus,
    dwPlus: stdpWindow(params, dtsPlus),
    probeDw: stdpWindow(params, [state.probe])[0]!,
    balance: state.aPlus * state.tauPlus - state.aMinus * state.tauMinus,
    drift: stdpPoissonDrift(params, state.ratePre, state.ratePost),
    measuredDrift: measured.mean,
    measuredSe: measured.se,
  };
}

export interface StdpReadout {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

export function stdpReadouts(state: StdpState, a: StdpAnalysis): StdpReadout[] {
  const regime = a.balance > 0 ? 'potentiation wins' : a.balance < 0 ? 'depression wins' : 'balanced';
  return [
    { id: 'probe', label: `Δw at Δt = ${formatNumber(state.probe, 1)} ms (measured)`, value: a.probeDw, text: formatNumber(a.probeDw, 5) },
    { id: 'balance', label: 'A₊τ₊ − A₋τ₋ (ms)', value: a.balance, text: `${formatNumber(a.balance, 4)} (${regime})` },
    { id: 'drift', label: 'Predicted drift for Poisson trains (1/s)', value: a.drift, text: formatNumber(a.drift, 5) },
    {
      id: 'measured',
      label: `Measured drift, ${DRIFT_RUNS} × ${DRIFT_SECONDS} s of Poisson trains (1/s)`,
      value: a.measuredDrift,
      text: `${formatNumber(a.measuredDrift, 5)} ± ${formatNumber(a.measuredSe, 5)}`,
    },
  ];
}

export function stdpSummary(state: StdpState, a: StdpAnalysis): string {
  return `STDP window measured from the trace rule: A+ = ${state.aPlus}, tau+ = ${state.tauPlus} ms, A- = ${state.aMinus}, tau- = ${state.tauMinus} ms. At Δt = ${state.probe} ms the weight changes by ${formatNumber(a.probeDw, 5)}. For Poisson trains at ${state.ratePre} and ${state.ratePost} Hz the predicted drift is ${formatNumber(a.drift, 5)} per second; measured ${formatNumber(a.measuredDrift, 5)} ± ${formatNumber(a.measuredSe, 5)}.`;
}
