/**
 * State, controls and analysis for the reward-learning widget: a plain JSON state (validated on the way in),
 * the registry entries that label its sliders, and the pure function that runs the engine
 * (engine/plasticity/reward.ts `simulateReward`, the delayed-reward discrimination task) twice, once with the
 * reader's settings and once for a comparison with the same seed (no eligibility trace, no reward baseline or
 * no delay), and computes every readout. Nothing here touches the DOM, so all of it is unit-tested in Node
 * (test/unit/reward-widget.test.ts).
 */
import { checkValue, findParam, type ParamProblem, type ParamSpec, type Registry } from '../../engine/params/registry.ts';
import { discriminationTask, rewardParams, simulateReward, traceAtReward, type RewardParam, type RewardResult } from '../../engine/plasticity/reward.ts';
import { exp } from '../../engine/math/deterministic.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

/** What the reader's run is drawn beside: the same seed and settings with one ingredient removed. */
export type RewardComparison = 'no-trace' | 'no-baseline' | 'no-delay';
export const rewardComparisons: readonly RewardComparison[] = ['no-trace', 'no-baseline', 'no-delay'];
export const rewardComparisonLabels: Record<RewardComparison, string> = {
  'no-trace': 'No trace (τE = 0)',
  'no-baseline': 'No baseline (R, not R − R̄)',
  'no-delay': 'Reward at once (D = 0)',
};
/** Short names for the readouts and the summary. */
export const rewardComparisonShort: Record<RewardComparison, string> = {
  'no-trace': 'no trace',
  'no-baseline': 'no baseline',
  'no-delay': 'no delay',
};

export interface RewardState {
  readonly version: 1;
  readonly eta: number;
  readonly sigma: number;
  readonly tauE: number;
  readonly delay: number;
  /** Fixed by the lesson (no slider): stimulus length, pause to the next trial (ms), baseline memory (trials). */
  readonly stimDuration: number;
  readonly interval: number;
  readonly tauR: number;
  readonly trials: number;
  readonly seed: number;
  readonly comparison: RewardComparison;
}

/** Widget-only settings, as registry entries so their sliders are labelled like the model's. */
export const rewardWidgetParams = [
  { name: 'trials', symbol: 'N', unit: 'trials', default: 300, min: 10, max: 5000, step: 10, meaning: 'Number of trials' },
  { name: 'seed', symbol: 's', unit: '', default: 1, min: 0, max: 9999, step: 1, meaning: 'Seed of the pattern order and the exploration noise (dimensionless)' },
] as const satisfies Registry;

/**
 * The sliders' ranges, narrower than the engine's where the engine's would make a useless slider: eta up to
 * 20 (beyond it the default task runs away within tens of trials), sigma up to 1 rate unit, tauE up to 30 s
 * (the lesson's long-trace case) and the delay up to 5 s.
 */
const SLIDER_MAX: Partial<Record<RewardParam, number>> = { eta: 20, sigma: 1, tauE: 30000, delay: 5000 };
const SLIDERS = ['eta', 'sigma', 'tauE', 'delay'] as const;
const FIXED = ['stimDuration', 'interval', 'tauR'] as const;

/** The trailing window (trials) over which the plotted reward is averaged: single rewards are mostly noise. */
export const REWARD_WINDOW = 20;

function specOf(name: string): ParamSpec {
  const engine = findParam(rewardParams, name);
  if (engine) {
    const max = SLIDER_MAX[engine.name];
    return max === undefined ? engine : { ...engine, max };
  }
  return findParam(rewardWidgetParams, name)!;
}

/** Validates untrusted input (a restored link, setState) into a state; lists every problem in words. */
export function parseRewardState(input: unknown): { ok: true; state: RewardState } | { ok: false; problems: ParamProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ name: 'state', message: 'The reward-learning widget state must be an object.' }] };
  const o = input as Record<string, unknown>;
  const problems: ParamProblem[] = [];
  if (o['version'] !== 1) problems.push({ name: 'version', message: `Unknown state version ${String(o['version'])}; this widget reads version 1.` });
  for (const key of [...SLIDERS, ...FIXED, 'trials', 'seed']) {
    const problem = checkValue(specOf(key), o[key]);
    if (problem) problems.push(problem);
  }
  for (const key of ['trials', 'seed']) {
    const v = o[key];
    if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) problems.push({ name: key, message: `The ${key === 'trials' ? 'number of trials' : 'seed'} must be a whole number, got ${v}.` });
  }
  const comparison = o['comparison'];
  if (typeof comparison !== 'string' || !(rewardComparisons as readonly string[]).includes(comparison)) {
    problems.push({ name: 'comparison', message: `The comparison is one of ${rewardComparisons.map((c) => `'${c}'`).join(', ')}, not ${JSON.stringify(comparison)}.` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    state: {
      version: 1,
      eta: o['eta'] as number,
      sigma: o['sigma'] as number,
      tauE: o['tauE'] as number,
      delay: o['delay'] as number,
      stimDuration: o['stimDuration'] as number,
      interval: o['interval'] as number,
      tauR: o['tauR'] as number,
      trials: o['trials'] as number,
      seed: o['seed'] as number,
      comparison: comparison as RewardComparison,
    },
  };
}

export interface RewardWidgetProps {
  /** Any of the engine's parameters: eta, sigma, tauE (ms), delay (ms), stimDuration (ms), interval (ms), tauR (trials). */
  params?: Partial<Record<RewardParam, number>>;
  trials?: number;
  seed?: number;
  comparison?: RewardComparison;
}

/** Props → the initial state (build time: a bad prop fails the build with the problem in words). */
export function initialRewardState(props: RewardWidgetProps, where: string): RewardState {
  const unknown = Object.keys(props.params ?? {}).filter((k) => !findParam(rewardParams, k));
  if (unknown.length > 0) throw new Error(`${where}: unknown parameter ${unknown.join(', ')}. Known: ${rewardParams.map((p) => p.name).join(', ')}.`);
  const p = (name: RewardParam): number => props.params?.[name] ?? findParam(rewardParams, name)!.default;
  const parsed = parseRewardState({
    version: 1,
    eta: p('eta'),
    sigma: p('sigma'),
    tauE: p('tauE'),
    delay: p('delay'),
    stimDuration: p('stimDuration'),
    interval: p('interval'),
    tauR: p('tauR'),
    trials: props.trials ?? specOf('trials').default,
    seed: props.seed ?? specOf('seed').default,
    comparison: props.comparison ?? 'no-trace',
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((q) => q.message).join(' ')}`);
  return parsed.state;
}

const CONTROL_KEYS = ['eta', 'sigma', 'tauE', 'delay', 'trials', 'seed'] as const;

/** The sliders: eta, sigma, tauE, delay, the number of trials and the seed. */
export function rewardControls(state: RewardState): Control[] {
  return CONTROL_KEYS.map((key) => ({ key, target: { kind: 'param', name: key }, spec: { ...specOf(key), default: state[key] } }));
}

export function rewardControlValue(state: RewardState, key: string): number | undefined {
  return (CONTROL_KEYS as readonly string[]).includes(key) ? state[key as (typeof CONTROL_KEYS)[number]] : undefined;
}

/** A new state with the control `key` set to `value` (the old one untouched). */
export function withRewardControl(state: RewardState, key: string, value: number): RewardState {
  return (CONTROL_KEYS as readonly string[]).includes(key) ? { ...state, [key]: value } : state;
}

/** The engine parameters of the reader's run. */
export function runParams(state: RewardState): Record<RewardParam, number> {
  return { eta: state.eta, sigma: state.sigma, tauE: state.tauE, delay: state.delay, stimDuration: state.stimDuration, interval: state.interval, tauR: state.tauR };
}

/** The engine run of the reader's settings, or of the comparison: everything `simulateReward` needs. */
export function rewardRun(state: RewardState, which: 'run' | 'comparison') {
  const params = runParams(state);
  let baseline: 'running' | 'none' = 'running';
  if (which === 'comparison') {
    if (state.comparison === 'no-trace') params.tauE = 0;
    else if (state.comparison === 'no-delay') params.delay = 0;
    else baseline = 'none';
  }
  return { ...discriminationTask, params, trials: state.trials, seed: state.seed, baseline };
}

export type RunOutcome = { readonly ok: true; readonly result: RewardResult; readonly g: number } | { readonly ok: false; readonly message: string; readonly g: number };

export interface RewardAnalysis {
  readonly run: RunOutcome;
  readonly comparison: RunOutcome;
  /** Trailing mean of the reward over REWARD_WINDOW trials, for each run that succeeded. */
  readonly meanReward: { readonly run: Float64Array | undefined; readonly comparison: Float64Array | undefined };
  /** exp(-D / tauE): the part of the trace that survives the delay alone (0 without a trace). */
  readonly survival: number;
  /** Trial numbers 1..N, the x values of every series. */
  readonly trialNumbers: Float64Array;
  /** Why the plot is missing a run, in words; undefined when all is well. */
  readonly warning: string | undefined;
}

function outcome(run: ReturnType<typeof rewardRun>): RunOutcome {
  const g = traceAtReward(run.params);
  try {
    return { ok: true, result: simulateReward(run), g };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: error.message, g };
    throw error;
  }
}

/** Trailing moving average of `values` over `window` entries (fewer at the start). */
export function trailingMean(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/** Runs the engine for `state` and its comparison and works out every readout. A run that diverges becomes a warning, not an exception. */
export function analyseReward(state: RewardState): RewardAnalysis {
  const run = outcome(rewardRun(state, 'run'));
  const comparison = outcome(rewardRun(state, 'comparison'));
  const survival = state.tauE === 0 ? (state.delay === 0 ? 1 : 0) : exp(-state.delay / state.tauE);
  const trialNumbers = Float64Array.from({ length: state.trials }, (_, i) => i + 1);
  const meanReward = {
    run: run.ok ? trailingMean(run.result.reward, REWARD_WINDOW) : undefined,
    comparison: comparison.ok ? trailingMean(comparison.result.reward, REWARD_WINDOW) : undefined,
  };
  const warnings: string[] = [];
  if (!run.ok) warnings.push(`Your run: ${run.message}`);
  if (!comparison.ok) warnings.push(`The comparison (${rewardComparisonShort[state.comparison]}): ${comparison.message}`);
  return { run, comparison, meanReward, survival, trialNumbers, warning: warnings.length > 0 ? warnings.join(' ') : undefined };
}

export interface RewardReadout {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

const finalDiscrimination = (o: RunOutcome): number => (o.ok ? o.result.discrimination[o.result.discrimination.length - 1]! : Number.NaN);

/** Root-mean-square distance of the final (y_A, y_B) from the targets: sqrt(((y_A - t_A)^2 + (y_B - t_B)^2) / 2). */
export function finalDistance(o: RunOutcome): number {
  if (!o.ok) return Number.NaN;
  const last = o.result.discrimination.length - 1;
  let sum = 0;
  discriminationTask.targets.forEach((t, k) => {
    const e = o.result.response[k]![last]! - t;
    sum += e * e;
  });
  return Math.sqrt(sum / discriminationTask.targets.length);
}

/** The readouts, in display order: final discrimination and distance from the targets of both runs, g of both runs, and exp(-D/tauE). */
export function rewardReadouts(state: RewardState, a: RewardAnalysis): RewardReadout[] {
  const disc = (o: RunOutcome): string => (o.ok ? formatNumber(finalDiscrimination(o), 3) : '— (ran away)');
  const short = rewardComparisonShort[state.comparison];
  return [
    { id: 'disc', label: 'Final yA − yB, your run (target 1)', value: finalDiscrimination(a.run), text: disc(a.run) },
    { id: 'disc-comparison', label: `Final yA − yB, comparison (${short})`, value: finalDiscrimination(a.comparison), text: disc(a.comparison) },
    { id: 'distance', label: 'Final RMS distance from the targets, your run', value: finalDistance(a.run), text: a.run.ok ? formatNumber(finalDistance(a.run), 3) : '—' },
    { id: 'distance-comparison', label: `Final RMS distance from the targets, comparison (${short})`, value: finalDistance(a.comparison), text: a.comparison.ok ? formatNumber(finalDistance(a.comparison), 3) : '—' },
    { id: 'g', label: 'Trace at the reward g, your run', value: a.run.g, text: formatNumber(a.run.g, 4) },
    { id: 'g-comparison', label: `Trace at the reward g, comparison (${short})`, value: a.comparison.g, text: formatNumber(a.comparison.g, 4) },
    { id: 'survival', label: 'Part surviving the delay, e^(−D/τE)', value: a.survival, text: formatNumber(a.survival, 4) },
  ];
}

/** The text summary for screen readers. */
export function rewardSummary(state: RewardState, a: RewardAnalysis): string {
  const describe = (o: RunOutcome): string => {
    if (!o.ok) return 'the weights ran away';
    const r = o.result;
    const last = r.discrimination.length - 1;
    return `yA = ${formatNumber(r.response[0]![last]!, 3)}, yB = ${formatNumber(r.response[1]![last]!, 3)}, discrimination ${formatNumber(r.discrimination[last]!, 3)}`;
  };
  return (
    `Reward learning over ${state.trials} trials, seed ${state.seed}, η = ${state.eta}, σ = ${state.sigma}, τE = ${state.tauE} ms, delay ${state.delay} ms. ` +
    `Your run ends with ${describe(a.run)}; trace at the reward g = ${formatNumber(a.run.g, 4)}. ` +
    `Comparison (${rewardComparisonShort[state.comparison]}): ${describe(a.comparison)}; g = ${formatNumber(a.comparison.g, 4)}.`
  );
}
