/**
 * Reward-modulated (three-factor) learning with an eligibility trace, on a task with delayed reward.
 *
 * A linear rate neuron answers input pattern x_k with y = w · x_k + sigma xi, where xi ~ N(0, 1) is exploration
 * noise drawn once per trial and held while the stimulus lasts. Each synapse keeps a Hebbian eligibility trace
 *
 *   tauE de_j/dt = -e_j + pre_j (post - <post>),   pre_j = x_kj during the stimulus and 0 otherwise,
 *
 * where <post> = w · x_k is the noise-free response, so post - <post> = sigma xi. When the reward R arrives,
 * `delay` ms after the stimulus ends, every weight changes by eta (R - Rbar) e_j (the third factor is the
 * reward prediction error); Rbar is a running mean of past rewards. This is node perturbation (Fiete & Seung
 * 2006) in the form of Gerstner et al., Neuronal Dynamics (2014), Sect. 19.4 ("success"
 * as a third factor); the eligibility trace bridges the delay, the distal-reward problem of Izhikevich (2007).
 *
 * The task: pattern k (each with equal probability) should give y = target_k; the reward is R = 1 - (y - target_k)^2 (1 for
 * a perfect answer, less the squared error).
 * Because the input to the trace is constant during a trial, the trace is advanced exactly (exponentials,
 * no time step): after the stimulus of length T, e = e_before a + x sigma xi (1 - a) with a = exp(-T / tauE),
 * and it decays by exp(-delay / tauE) until the reward. Averaged over xi (fresh trace, fixed Rbar),
 *
 *   E[dw_j] = eta g sigma^2 d<R>/dw_j = -2 eta g sigma^2 x_kj (w · x_k - target_k),  g = (1 - a) exp(-delay / tauE),
 *
 * a gradient ascent on the expected reward whatever the baseline (`rewardExpectedUpdate`). The baseline only
 * reduces the variance. With tauE -> 0 (g -> 0) nothing reaches the reward: the neuron cannot learn.
 */
import { exp } from '../math/deterministic.ts';
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { createRandom } from '../random/rng.ts';
import { applyBounded, checkBounds, NO_BOUNDS, type WeightBounds } from './bounds.ts';

export const rewardParams = [
  { name: 'eta', symbol: '\\eta', unit: '', default: 5, min: 0, max: 50, step: 0.1, meaning: 'Learning rate (dimensionless: reward and rates in the same units)' },
  { name: 'sigma', symbol: '\\sigma', unit: 'rate units', default: 0.3, min: 0, max: 2, step: 0.01, meaning: 'Exploration noise: standard deviation of the output perturbation' },
  { name: 'tauE', symbol: '\\tau_e', unit: 'ms', default: 1000, min: 0, max: 100000, step: 10, meaning: 'Time constant of the eligibility trace (0: no trace)' },
  { name: 'delay', symbol: 'D', unit: 'ms', default: 1000, min: 0, max: 10000, step: 10, meaning: 'Delay from the end of the stimulus to the reward' },
  { name: 'stimDuration', symbol: 'T', unit: 'ms', default: 200, min: 1, max: 5000, step: 1, meaning: 'How long each stimulus is shown' },
  { name: 'interval', symbol: 'T_\\text{iti}', unit: 'ms', default: 800, min: 0, max: 10000, step: 10, meaning: 'Pause from the reward to the next stimulus' },
  { name: 'tauR', symbol: '\\tau_R', unit: 'trials', default: 20, min: 1, max: 10000, step: 1, meaning: 'Memory of the running mean reward (the baseline)' },
] as const satisfies Registry;

export type RewardParam = (typeof rewardParams)[number]['name'];
export type RewardParams = ParamValues<RewardParam>;

export interface RewardTask {
  /** Input patterns (all the same length), shown with equal probability. */
  readonly patterns: readonly (readonly number[])[];
  /** The response wanted for each pattern. */
  readonly targets: readonly number[];
}

export interface RewardRun extends RewardTask {
  readonly params?: Partial<Record<RewardParam, number>>;
  readonly w0: readonly number[];
  readonly trials: number;
  readonly seed: number;
  /** 'running' (default): R - Rbar with a running mean; 'none': the raw reward R multiplies the trace. */
  readonly baseline?: 'running' | 'none';
  readonly bounds?: WeightBounds;
}

export interface RewardResult {
  /** Noise-free responses to each pattern after each trial: response[k][trial]. */
  readonly response: Float64Array[];
  /** Discrimination after each trial: response to pattern 0 minus response to pattern 1. */
  readonly discrimination: Float64Array;
  /** Reward received in each trial. */
  readonly reward: Float64Array;
  readonly finalW: Float64Array;
  /** The factor g = (1 - exp(-T/tauE)) exp(-delay/tauE): how much of a trial's perturbation the trace still holds at its reward. */
  readonly traceAtReward: number;
}

function checkParams(params: Partial<Record<RewardParam, number>> | undefined): RewardParams {
  const { values, problems } = resolveParams(rewardParams, params ?? {});
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  return values;
}

function checkTask(task: RewardTask): { x: Float64Array[]; n: number } {
  if (!Array.isArray(task.patterns) || task.patterns.length < 1) throw new RangeError('The reward task needs at least one input pattern.');
  const n = task.patterns[0]!.length;
  if (!(n >= 1)) throw new RangeError('Each input pattern needs at least one channel.');
  if (task.targets.length !== task.patterns.length) throw new RangeError(`There are ${task.patterns.length} patterns but ${task.targets.length} targets.`);
  for (const t of task.targets) if (!Number.isFinite(t)) throw new RangeError(`Targets must be finite numbers, got ${t}.`);
  const x = task.patterns.map((pattern, k) => {
    if (pattern.length !== n) throw new RangeError(`Pattern ${k + 1} has ${pattern.length} channels; pattern 1 has ${n}.`);
    for (const v of pattern) if (!Number.isFinite(v)) throw new RangeError(`Pattern ${k + 1} contains ${v}; inputs must be finite numbers.`);
    return Float64Array.from(pattern);
  });
  return { x, n };
}

/** exp(-t / tau), with tau = 0 meaning an instant decay (1 at t = 0, else 0). */
function decay(t: number, tau: number): number {
  if (tau === 0) return t === 0 ? 1 : 0;
  return exp(-t / tau);
}

/** g = (1 - exp(-T / tauE)) exp(-delay / tauE): the fraction of a trial's perturbation the trace holds when the reward arrives. */
export function traceAtReward(params?: Partial<Record<RewardParam, number>>): number {
  const p = checkParams(params);
  return (1 - decay(p.stimDuration, p.tauE)) * decay(p.delay, p.tauE);
}

/** The expected weight change of one trial with pattern `k` from a fresh trace: eta g sigma^2 times the gradient of the mean reward. */
export function rewardExpectedUpdate(task: RewardTask, k: number, w: readonly number[], params?: Partial<Record<RewardParam, number>>): Float64Array {
  const p = checkParams(params);
  const { x, n } = checkTask(task);
  const xk = x[k];
  if (!xk) throw new RangeError(`There is no pattern ${k}.`);
  if (w.length !== n) throw new RangeError(`There are ${n} channels but ${w.length} weights.`);
  let y = 0;
  for (let j = 0; j < n; j++) y += w[j]! * xk[j]!;
  const g = traceAtReward(params);
  return Float64Array.from(xk, (xj) => -2 * p.eta * g * p.sigma * p.sigma * xj * (y - task.targets[k]!));
}

/**
 * One trial from a fresh trace (e = 0), given the noise sample `xi` and a fixed baseline `rBar`: the weight
 * change. Used to check `rewardExpectedUpdate` by averaging over xi.
 */
export function rewardTrialUpdate(task: RewardTask, k: number, w: readonly number[], xi: number, rBar: number, params?: Partial<Record<RewardParam, number>>): Float64Array {
  const p = checkParams(params);
  const { x, n } = checkTask(task);
  const xk = x[k]!;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += w[j]! * xk[j]!;
  const y = mean + p.sigma * xi;
  const r = 1 - (y - task.targets[k]!) * (y - task.targets[k]!);
  const a = decay(p.stimDuration, p.tauE);
  const d = decay(p.delay, p.tauE);
  return Float64Array.from(xk, (xj) => p.eta * (r - rBar) * xj * p.sigma * xi * (1 - a) * d);
}

/** Runs `trials` trials of the delayed-reward task; the trace carries over from trial to trial. */
export function simulateReward(run: RewardRun): RewardResult {
  const p = checkParams(run.params);
  const { x, n } = checkTask(run);
  if (run.w0.length !== n) throw new RangeError(`There are ${n} channels but ${run.w0.length} initial weights.`);
  for (const v of run.w0) if (!Number.isFinite(v)) throw new RangeError(`Initial weights must be finite numbers, got ${v}.`);
  if (!(Number.isInteger(run.trials) && run.trials >= 1 && run.trials <= 1e6)) throw new RangeError(`The number of trials must be a whole number from 1 to 1000000, got ${run.trials}.`);
  const bounds = run.bounds ?? NO_BOUNDS;
  checkBounds(bounds);
  const baseline = run.baseline ?? 'running';
  if (baseline !== 'running' && baseline !== 'none') throw new RangeError(`The baseline is 'running' or 'none', not "${String(baseline)}".`);
  const random = createRandom(run.seed);
  const k = x.length;
  const w = Float64Array.from(run.w0);
  const e = new Float64Array(n);
  const aStim = decay(p.stimDuration, p.tauE);
  const aDelay = decay(p.delay, p.tauE);
  const aInterval = decay(p.interval, p.tauE);
  const response = Array.from({ length: k }, () => new Float64Array(run.trials));
  const discrimination = new Float64Array(run.trials);
  const reward = new Float64Array(run.trials);
  let rBar = 0;
  let first = true;
  for (let trial = 0; trial < run.trials; trial++) {
    const which = Math.min(k - 1, Math.floor(random.uniform() * k));
    const xk = x[which]!;
    const xi = random.normal();
    let mean = 0;
    for (let j = 0; j < n; j++) mean += w[j]! * xk[j]!;
    const y = mean + p.sigma * xi;
    const drive = p.sigma * xi * (1 - aStim);
    for (let j = 0; j < n; j++) e[j] = (e[j]! * aStim + xk[j]! * drive) * aDelay;
    const error = y - run.targets[which]!;
    const r = 1 - error * error;
    // The running baseline starts at the first reward, so the first trial is not one big surprise.
    if (baseline === 'running' && first) rBar = r;
    first = false;
    const factor = p.eta * (r - (baseline === 'running' ? rBar : 0));
    for (let j = 0; j < n; j++) w[j] = applyBounded(w[j]!, factor * e[j]!, bounds);
    if (baseline === 'running') rBar += (r - rBar) / p.tauR;
    for (let j = 0; j < n; j++) e[j]! *= aInterval;
    reward[trial] = r;
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[j]! * x[q]![j]!;
      response[q]![trial] = s;
    }
    discrimination[trial] = k > 1 ? response[0]![trial]! - response[1]![trial]! : response[0]![trial]!;
    let finite = true;
    for (let j = 0; j < n; j++) finite &&= Math.abs(w[j]!) < 1e12;
    if (!finite) throw new RangeError(`The weights ran away in trial ${trial + 1}: lower the learning rate eta (${p.eta}) or the noise sigma (${p.sigma}).`);
  }
  return { response, discrimination, reward, finalW: w, traceAtReward: (1 - aStim) * aDelay };
}

/** The course's task: respond 1 to pattern A = (1, 0.4) and 0 to pattern B = (0.4, 1), starting from w = (0.5, 0.5). */
export const discriminationTask: RewardTask & { readonly w0: readonly number[] } = {
  patterns: [
    [1, 0.4],
    [0.4, 1],
  ],
  targets: [1, 0],
  w0: [0.5, 0.5],
};

/** Mean final discrimination over `seeds` seeded runs (seeds 1..seeds). */
export function meanDiscrimination(run: Omit<RewardRun, 'seed'>, seeds: number): number {
  let sum = 0;
  for (let s = 1; s <= seeds; s++) {
    const result = simulateReward({ ...run, seed: s });
    sum += result.discrimination[run.trials - 1]!;
  }
  return sum / seeds;
}
