/**
 * State, controls and analysis for the BCM selectivity widget: a plain JSON state (validated on the way in),
 * the registry entries that label its sliders, and the pure function that runs the engine and computes every
 * readout. Nothing here touches the DOM, so all of it is unit-tested in Node (test/unit/bcm-widget.test.ts).
 */
import {
  bcmFixedPoint,
  bcmParams,
  bcmPredictedWinner,
  bcmStability,
  simulateBcmAveraged,
  simulateBcmOnline,
  type BcmResult,
} from '../../engine/plasticity/bcm.ts';
import { checkValue, findParam, type ParamProblem, type ParamSpec, type Registry } from '../../engine/params/registry.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export type BcmMode = 'averaged' | 'online';

export interface BcmState {
  readonly version: 1;
  readonly mode: BcmMode;
  readonly eta: number;
  readonly tauTheta: number;
  readonly y0: number;
  /** Time step of the averaged ODE (RK4). The online rule always uses dt = 1 (one pattern per time unit). */
  readonly dt: number;
  readonly duration: number;
  readonly seed: number;
  /** Overlap c of the two patterns (1, c) and (c, 1); null when the lesson gives its own patterns. */
  readonly overlap: number | null;
  /** Patterns used when `overlap` is null. */
  readonly patterns: readonly (readonly number[])[];
  /** Probability of pattern 1 when there are two patterns (pattern 2 gets 1 - p1); otherwise all equal. */
  readonly p1: number;
  readonly w0: readonly number[];
}

/** The online rule's step: one pattern per time unit, as in the reference's stochastic run. */
export const ONLINE_DT = 1;

/** Widget-only settings, as registry entries so their sliders are labelled like the model's. */
export const bcmWidgetParams = [
  { name: 'overlap', symbol: 'c', unit: '', default: 0, min: 0, max: 0.9, step: 0.01, meaning: 'Pattern overlap: x1 = (1, c), x2 = (c, 1) (dimensionless)' },
  { name: 'p1', symbol: 'p_1', unit: '', default: 0.5, min: 0.05, max: 0.95, step: 0.01, meaning: 'Probability of pattern 1; pattern 2 has 1 - p1 (dimensionless)' },
  { name: 'w0', symbol: 'w_j(0)', unit: '', default: 0.5, min: -1, max: 3, step: 0.01, meaning: 'Initial weight (dimensionless)' },
  { name: 'duration', symbol: 'T', unit: 'time units', default: 4000, min: 100, max: 20000, step: 100, meaning: 'Length of the run' },
  { name: 'seed', symbol: 's', unit: '', default: 1, min: 0, max: 9999, step: 1, meaning: 'Seed of the random pattern sequence (online mode, dimensionless)' },
] as const satisfies Registry;

export function patternsOf(state: BcmState): number[][] {
  if (state.overlap !== null) return [[1, state.overlap], [state.overlap, 1]];
  return state.patterns.map((p) => [...p]);
}

export function probabilitiesOf(state: BcmState): number[] {
  const k = patternsOf(state).length;
  if (k === 2) return [state.p1, 1 - state.p1];
  return Array.from({ length: k }, () => 1 / k);
}

const spec = (registry: Registry, name: string): ParamSpec => findParam(registry, name)!;

/** Validates untrusted input (a restored link, setState) into a state; lists every problem in words. */
export function parseBcmState(input: unknown): { ok: true; state: BcmState } | { ok: false; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The BCM widget state must be an object.' }] };
  const o = input as Record<string, unknown>;
  if (o['version'] !== 1) problems.push({ name: 'version', message: `Unknown state version ${String(o['version'])}; this widget reads version 1.` });
  const mode = o['mode'];
  if (mode !== 'averaged' && mode !== 'online') problems.push({ name: 'mode', message: `The mode is 'averaged' or 'online', not ${JSON.stringify(mode)}.` });
  const number = (registry: Registry, name: string, key = name): number => {
    const value = o[key];
    const problem = checkValue(spec(registry, name), value);
    if (problem) problems.push({ name: key, message: problem.message });
    return value as number;
  };
  const eta = number(bcmParams, 'eta');
  const tauTheta = number(bcmParams, 'tauTheta');
  const y0 = number(bcmParams, 'y0');
  const dt = number(bcmParams, 'dt');
  const duration = number(bcmWidgetParams, 'duration');
  const seed = number(bcmWidgetParams, 'seed');
  if (typeof seed === 'number' && !Number.isInteger(seed)) problems.push({ name: 'seed', message: `The seed must be a whole number, got ${seed}.` });
  const p1 = number(bcmWidgetParams, 'p1');
  const overlapRaw = o['overlap'];
  const overlap = overlapRaw === null ? null : number(bcmWidgetParams, 'overlap');
  const patternsRaw = o['patterns'];
  let patterns: number[][] = [];
  if (!Array.isArray(patternsRaw) || patternsRaw.length < 1 || patternsRaw.length > 4 || !patternsRaw.every((p) => Array.isArray(p) && p.length >= 1 && p.length <= 4 && p.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 10))) {
    problems.push({ name: 'patterns', message: 'Patterns must be 1 to 4 lists of 1 to 4 finite numbers between -10 and 10.' });
  } else patterns = patternsRaw.map((p) => [...(p as number[])]);
  const channels = overlap !== null ? 2 : (patterns[0]?.length ?? 0);
  if (overlap === null && patterns.some((p) => p.length !== channels)) problems.push({ name: 'patterns', message: 'All patterns need the same number of channels.' });
  const w0Raw = o['w0'];
  let w0: number[] = [];
  if (!Array.isArray(w0Raw) || w0Raw.length !== channels) problems.push({ name: 'w0', message: `There must be one initial weight per channel (${channels}).` });
  else {
    w0 = w0Raw as number[];
    w0.forEach((v, j) => {
      const problem = checkValue(spec(bcmWidgetParams, 'w0'), v);
      if (problem) problems.push({ name: `w0.${j}`, message: `Weight ${j + 1}: ${problem.message}` });
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, state: { version: 1, mode: mode as BcmMode, eta, tauTheta, y0, dt, duration, seed, overlap, patterns, p1, w0: [...w0] } };
}

export interface BcmWidgetProps {
  patterns?: number[][];
  /** Overlap c of the patterns (1, c), (c, 1); gives an overlap slider. Ignored when `patterns` is given. */
  overlap?: number;
  probabilities?: number[];
  w0?: number[];
  params?: { eta?: number; tauTheta?: number; y0?: number; dt?: number };
  mode?: BcmMode;
  seed?: number;
  duration?: number;
}

/** Props → the initial state (build time: a bad prop fails the build with the problem in words). */
export function initialBcmState(props: BcmWidgetProps, where: string): BcmState {
  const patterns = props.patterns ?? [[1, 0], [0, 1]];
  const overlap = props.patterns ? null : (props.overlap ?? 0);
  const k = overlap !== null ? 2 : patterns.length;
  if (props.probabilities && props.probabilities.length !== k) throw new Error(`${where}: ${k} patterns need ${k} probabilities.`);
  if (props.probabilities && k !== 2 && props.probabilities.some((q) => Math.abs(q - 1 / k) > 1e-12)) throw new Error(`${where}: with ${k} patterns the widget shows them with equal probability.`);
  const p1 = props.probabilities?.[0] ?? 0.5;
  if (props.probabilities && k === 2 && Math.abs(props.probabilities[0]! + props.probabilities[1]! - 1) > 1e-9) throw new Error(`${where}: the probabilities must add up to 1.`);
  const parsed = parseBcmState({
    version: 1,
    mode: props.mode ?? 'averaged',
    eta: props.params?.eta ?? 0.02,
    tauTheta: props.params?.tauTheta ?? 5,
    y0: props.params?.y0 ?? 1,
    dt: props.params?.dt ?? 0.1,
    duration: props.duration ?? 4000,
    seed: props.seed ?? 1,
    overlap,
    patterns,
    p1,
    w0: props.w0 ?? [0.5, 0.4],
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  return parsed.state;
}

/** The sliders: eta, tauTheta, y0, the overlap (if the patterns are the symmetric pair), p1 (two patterns), every w_j(0), and the seed. */
export function bcmControls(state: BcmState): Control[] {
  const control = (key: string, s: ParamSpec, value: number, extra: Partial<ParamSpec> = {}): Control => ({ key, target: { kind: 'param', name: key }, spec: { ...s, ...extra, default: value } });
  const list: Control[] = [
    control('eta', spec(bcmParams, 'eta'), state.eta, { max: 0.1 }),
    control('tauTheta', spec(bcmParams, 'tauTheta'), state.tauTheta, { max: 200 }),
    control('y0', spec(bcmParams, 'y0'), state.y0, { max: 5 }),
  ];
  if (state.overlap !== null) list.push(control('overlap', spec(bcmWidgetParams, 'overlap'), state.overlap));
  if (patternsOf(state).length === 2) list.push(control('p1', spec(bcmWidgetParams, 'p1'), state.p1));
  state.w0.forEach((v, j) =>
    list.push(control(`w0.${j}`, spec(bcmWidgetParams, 'w0'), v, { symbol: `w_${j + 1}(0)`, meaning: `Initial weight of input ${j + 1} (dimensionless)` })),
  );
  list.push(control('seed', spec(bcmWidgetParams, 'seed'), state.seed));
  return list;
}

export function controlValue(state: BcmState, key: string): number | undefined {
  if (key.startsWith('w0.')) return state.w0[Number(key.slice(3))];
  const value = (state as unknown as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : undefined;
}

/** A new state with the control `key` set to `value` (the old one untouched). */
export function withControl(state: BcmState, key: string, value: number): BcmState {
  if (key.startsWith('w0.')) {
    const j = Number(key.slice(3));
    return { ...state, w0: state.w0.map((v, i) => (i === j ? value : v)) };
  }
  if (['eta', 'tauTheta', 'y0', 'overlap', 'p1', 'seed', 'duration', 'dt'].includes(key)) return { ...state, [key]: value };
  return state;
}

export interface BcmAnalysis {
  readonly result: BcmResult;
  readonly patterns: number[][];
  readonly probabilities: number[];
  /** The pattern with the larger initial response, when all patterns are equally likely (otherwise undefined). */
  readonly predictedWinner: number | undefined;
  /** The analytic selective fixed point for the simulated winner; undefined when the patterns are dependent. */
  readonly fixed: { readonly w: Float64Array; readonly theta: number } | undefined;
  readonly stable: boolean | undefined;
  readonly criticalTauTheta: number | undefined;
  /** Why the run does not show a settled selective state, in words; undefined when all is well. */
  readonly warning: string | undefined;
}

/** Runs the engine for `state` and works out every readout. Throws RangeError for a state the engine refuses. */
export function analyseBcm(state: BcmState): BcmAnalysis {
  const patterns = patternsOf(state);
  const probabilities = probabilitiesOf(state);
  const params = { eta: state.eta, tauTheta: state.tauTheta, y0: state.y0, dt: state.mode === 'online' ? ONLINE_DT : state.dt };
  const run = { patterns, probabilities, w0: state.w0, duration: state.duration, params };
  const result = state.mode === 'online' ? simulateBcmOnline({ ...run, seed: state.seed }) : simulateBcmAveraged(run);
  // "The larger initial response wins" is the rule for equally likely patterns; with unequal probabilities the
  // more frequent pattern has an advantage, so no prediction is shown and the fixed point follows the simulated winner.
  const equal = probabilities.every((q) => Math.abs(q - probabilities[0]!) < 1e-12);
  const predictedWinner = equal ? bcmPredictedWinner(patterns, state.w0) : undefined;
  const fixedFor = result.status.kind === 'ok' ? result.winner : (predictedWinner ?? result.winner);
  let fixed: BcmAnalysis['fixed'];
  let stable: boolean | undefined;
  let criticalTauTheta: number | undefined;
  try {
    fixed = bcmFixedPoint({ patterns, probabilities }, fixedFor, state.y0, state.w0);
    const stability = bcmStability({ patterns, probabilities }, params, fixedFor, state.w0);
    stable = stability.stable;
    criticalTauTheta = stability.criticalTauTheta;
  } catch {
    fixed = undefined;
  }
  let warning: string | undefined;
  if (result.status.kind === 'diverged') warning = result.status.message;
  else if (stable === false) {
    warning = `The selective state is unstable: tauTheta = ${state.tauTheta} time units is longer than the critical ${criticalTauTheta === undefined ? '' : formatNumber(criticalTauTheta, 1)} time units, so the threshold lags the response and the weights oscillate instead of settling.`;
  } else if (state.mode === 'averaged' && result.residual > 1e-4) warning = 'The weights have not settled yet: run longer (duration) or raise eta.';
  return { result, patterns, probabilities, predictedWinner, fixed, stable, criticalTauTheta, warning };
}

export interface BcmReadout {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

/** The readouts, in display order: winner, final w_j beside the analytic w*_j, final theta beside theta*, the critical tauTheta. */
export function bcmReadouts(state: BcmState, a: BcmAnalysis): BcmReadout[] {
  const r = a.result;
  const list: BcmReadout[] = [
    {
      id: 'winner',
      label: 'Selected pattern (simulated / larger initial response)',
      value: r.winner + 1,
      text: `${r.winner + 1} / ${a.predictedWinner === undefined ? '— (unequal probabilities)' : a.predictedWinner + 1}`,
    },
  ];
  const online = state.mode === 'online';
  r.finalW.forEach((w, j) => {
    const shown = online && r.status.kind === 'ok' ? (r as { meanW?: Float64Array }).meanW![j]! : w;
    const fixed = a.fixed?.w[j];
    list.push({
      id: `w${j}`,
      label: `w${j + 1}${online ? ', mean of the last quarter' : ', final'} (analytic w*${j + 1})`,
      value: shown,
      text: `${formatNumber(shown, 4)} (${fixed === undefined ? '—' : formatNumber(fixed, 4)})`,
    });
  });
  const theta = online && r.status.kind === 'ok' ? (r as { meanTheta?: number }).meanTheta! : r.finalTheta;
  list.push({
    id: 'theta',
    label: `θ${online ? ', mean of the last quarter' : ', final'} (analytic θ*)`,
    value: theta,
    text: `${formatNumber(theta, 4)} (${a.fixed ? formatNumber(a.fixed.theta, 4) : '—'})`,
  });
  list.push({
    id: 'critical',
    label: 'Longest stable τθ (time units)',
    value: a.criticalTauTheta ?? Number.NaN,
    text: a.criticalTauTheta === undefined ? '—' : formatNumber(a.criticalTauTheta, 1),
  });
  return list;
}

/** The text summary for screen readers. */
export function bcmSummary(state: BcmState, a: BcmAnalysis): string {
  const r = a.result;
  const ws = Array.from(r.finalW, (w, j) => `w${j + 1} = ${formatNumber(w, 3)}`).join(', ');
  const mode = state.mode === 'online' ? `online rule, seed ${state.seed}` : 'input-averaged equations';
  if (r.status.kind === 'diverged') return `BCM (${mode}): the weights ran away at t = ${formatNumber(r.status.time, 0)} time units.`;
  return `BCM (${mode}) over ${state.duration} time units: pattern ${r.winner + 1} is selected${a.predictedWinner === undefined ? '' : ` (larger initial response: ${a.predictedWinner + 1})`}; ${ws}; threshold θ = ${formatNumber(r.finalTheta, 3)}; responses ${Array.from(r.finalY, (y, k) => `y${k + 1} = ${formatNumber(y, 3)}`).join(', ')}.`;
}
