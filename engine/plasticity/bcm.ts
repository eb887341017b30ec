/**
 * The BCM rule (Bienenstock, Cooper & Munro 1982) for one linear rate neuron with a sliding threshold:
 *
 *   y = w · x,    dw/dt = eta x y (y - theta),    tauTheta dtheta/dt = y^2 / y0 - theta.
 *
 * This is the general form dw_j/dt = eta phi(v_post - theta) v_pre of Gerstner et al., Neuronal Dynamics
 * (2014), Sect. 19.2.1, with phi(y, theta) = y (y - theta): depression (LTD) while the
 * response lies below theta, potentiation (LTP) above it. The threshold follows the running mean of y^2 / y0,
 * the form of Intrator & Cooper (1992) and Dayan & Abbott (2001), Eqs. 8.12-8.13, which is also the course's
 * reference (test/reference/bcm.json).
 *
 * The input is one of K patterns x_k, pattern k shown with probability p_k. If patterns switch fast compared
 * with 1/eta and tauTheta, w and theta follow the input-averaged ODE
 *
 *   dw/dt = eta sum_k p_k x_k y_k (y_k - theta),   tauTheta dtheta/dt = sum_k p_k y_k^2 / y0 - theta,
 *
 * integrated here with RK4 (or Euler); `simulateBcmOnline` draws one pattern per Euler step instead. A
 * selective fixed point has y_win = y0 / p_win, every other y_k = 0 and theta = y0 / p_win
 * (`bcmFixedPoint`). It is stable only while tauTheta is short: for orthogonal patterns the linearisation
 * has trace eta |x_win|^2 y0 - 1/tauTheta, so it loses stability at tauTheta = 1 / (eta |x_win|^2 y0)
 * (a Hopf bifurcation); `bcmStability` decides it for any patterns (Routh-Hurwitz on the Jacobian).
 */
import { solveLinear } from '../analysis/steady-state.ts';
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { createRandom } from '../random/rng.ts';

export const bcmParams = [
  { name: 'eta', symbol: '\\eta', unit: '1/time unit', default: 0.02, min: 0.0001, max: 1, step: 0.0001, meaning: 'Learning rate of the weights' },
  { name: 'tauTheta', symbol: '\\tau_\\theta', unit: 'time units', default: 5, min: 0.1, max: 1000, step: 0.1, meaning: 'Time constant of the sliding threshold' },
  { name: 'y0', symbol: 'y_0', unit: 'rate units', default: 1, min: 0.01, max: 100, step: 0.01, meaning: 'Target scale: the threshold tracks the mean of y squared over y0' },
  { name: 'dt', symbol: '\\Delta t', unit: 'time units', default: 0.1, min: 0.001, max: 2, step: 0.001, meaning: 'Integration time step (one pattern per step online)' },
] as const satisfies Registry;

export type BcmParam = (typeof bcmParams)[number]['name'];
export type BcmParams = ParamValues<BcmParam>;

/** Input patterns and how often each is shown. */
export interface BcmInput {
  /** K patterns, each with one value per input channel (all the same length N). */
  readonly patterns: readonly (readonly number[])[];
  /** K probabilities summing to 1. Default: all equal. */
  readonly probabilities?: readonly number[];
}

export interface BcmRun extends BcmInput {
  readonly params?: Partial<Record<BcmParam, number>>;
  /** Initial weights, one per channel. */
  readonly w0: readonly number[];
  /** Initial threshold. Default 0 (as in the reference). */
  readonly theta0?: number;
  /** Length of the run, time units. */
  readonly duration: number;
  /** Keep every sample-th step in the trajectory (the last step is always kept). Default: about 400 samples. */
  readonly sampleEvery?: number;
}

export interface BcmAveragedRun extends BcmRun {
  /** 'rk4' (default, accurate) or 'euler' (first order). */
  readonly method?: 'rk4' | 'euler';
}

export interface BcmOnlineRun extends BcmRun {
  /** Seed of the pattern sequence. */
  readonly seed: number;
  /** Also average w over the last `averageLast` steps (e.g. the reference's 100 000). Default: the last quarter. */
  readonly averageLast?: number;
}

export interface BcmTrajectory {
  readonly t: Float64Array;
  /** w[j][i]: weight j at sample i. */
  readonly w: Float64Array[];
  readonly theta: Float64Array;
  /** y[k][i]: response to pattern k at sample i. */
  readonly y: Float64Array[];
}

export type BcmStatus =
  | { readonly kind: 'ok' }
  /** A weight or the threshold left every plausible range (or overflowed); the run stopped at `time`. */
  | { readonly kind: 'diverged'; readonly time: number; readonly message: string };

export interface BcmResult {
  readonly trajectory: BcmTrajectory;
  readonly finalW: Float64Array;
  readonly finalTheta: number;
  /** Responses w · x_k at the end. */
  readonly finalY: Float64Array;
  /** Index of the pattern with the largest final response. */
  readonly winner: number;
  readonly status: BcmStatus;
  readonly steps: number;
  /**
   * Largest |d/dt| of any weight or of theta in the input-averaged system at the final state (per time unit):
   * near 0 once the run has settled on a fixed point; it stays large while the rule still learns or oscillates.
   */
  readonly residual: number;
}

export interface BcmOnlineResult extends BcmResult {
  /** Mean of each weight over the averaging window. */
  readonly meanW: Float64Array;
  /** Standard deviation of each weight over the averaging window. */
  readonly stdW: Float64Array;
  /** Mean of theta over the averaging window (theta itself jumps with every pattern). */
  readonly meanTheta: number;
}

/** A weight or threshold beyond this many times the scale y0 / min p counts as runaway (the fixed point is at 1 times). */
const RUNAWAY_FACTOR = 1e4;

interface Checked {
  readonly p: BcmParams;
  readonly x: Float64Array[];
  readonly prob: Float64Array;
  readonly n: number;
  readonly w0: Float64Array;
  readonly theta0: number;
  readonly steps: number;
  readonly sampleEvery: number;
  readonly limit: number;
}

/** Validates patterns and probabilities; throws a RangeError a reader understands. */
export function checkBcmInput(input: BcmInput): { x: Float64Array[]; prob: Float64Array; n: number } {
  const { patterns } = input;
  if (!Array.isArray(patterns) || patterns.length < 1) throw new RangeError('BCM needs at least one input pattern.');
  const n = patterns[0]!.length;
  if (!(n >= 1)) throw new RangeError('Each BCM input pattern needs at least one channel.');
  const x = patterns.map((pattern, k) => {
    if (pattern.length !== n) throw new RangeError(`Pattern ${k + 1} has ${pattern.length} channels; pattern 1 has ${n}. All patterns need the same number of channels.`);
    for (const v of pattern) if (!Number.isFinite(v)) throw new RangeError(`Pattern ${k + 1} contains ${v}; every input value must be a finite number.`);
    return Float64Array.from(pattern);
  });
  const k = patterns.length;
  const given = input.probabilities ?? patterns.map(() => 1 / k);
  if (given.length !== k) throw new RangeError(`There are ${k} patterns but ${given.length} probabilities.`);
  let sum = 0;
  for (const q of given) {
    if (!(Number.isFinite(q) && q >= 0 && q <= 1)) throw new RangeError(`A pattern probability must lie between 0 and 1, got ${q}.`);
    sum += q;
  }
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`The pattern probabilities must add up to 1, got ${sum}.`);
  return { x, prob: Float64Array.from(given), n };
}

function checkRun(run: BcmRun): Checked {
  const { values: p, problems } = resolveParams(bcmParams, run.params ?? {});
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  const { x, prob, n } = checkBcmInput(run);
  if (run.w0.length !== n) throw new RangeError(`There are ${n} input channels but ${run.w0.length} initial weights.`);
  for (const v of run.w0) if (!Number.isFinite(v)) throw new RangeError(`Initial weights must be finite numbers, got ${v}.`);
  const theta0 = run.theta0 ?? 0;
  if (!Number.isFinite(theta0)) throw new RangeError(`The initial threshold must be a finite number, got ${theta0}.`);
  if (!(Number.isFinite(run.duration) && run.duration > 0)) throw new RangeError(`The duration must be a positive number of time units, got ${run.duration}.`);
  const steps = Math.round(run.duration / p.dt);
  if (steps < 1) throw new RangeError(`The duration (${run.duration}) is shorter than one step (${p.dt}).`);
  if (steps > 5e7) throw new RangeError(`${steps} steps is too many; use a larger dt or a shorter duration.`);
  const sampleEvery = run.sampleEvery ?? Math.max(1, Math.ceil(steps / 400));
  if (!(Number.isInteger(sampleEvery) && sampleEvery >= 1)) throw new RangeError(`sampleEvery must be a positive whole number, got ${sampleEvery}.`);
  let minP = 1;
  for (const q of prob) if (q > 0) minP = Math.min(minP, q);
  let scale = p.y0 / minP + Math.abs(theta0);
  for (const v of run.w0) scale = Math.max(scale, Math.abs(v));
  return { p, x, prob, n, w0: Float64Array.from(run.w0), theta0, steps, sampleEvery, limit: RUNAWAY_FACTOR * scale };
}

function createTrajectory(samples: number, n: number, k: number): BcmTrajectory {
  return {
    t: new Float64Array(samples),
    w: Array.from({ length: n }, () => new Float64Array(samples)),
    theta: new Float64Array(samples),
    y: Array.from({ length: k }, () => new Float64Array(samples)),
  };
}

function trimTrajectory(tr: BcmTrajectory, count: number): BcmTrajectory {
  return { t: tr.t.slice(0, count), w: tr.w.map((a) => a.slice(0, count)), theta: tr.theta.slice(0, count), y: tr.y.map((a) => a.slice(0, count)) };
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[j]! * b[j]!;
  return s;
}

/**
 * Right-hand side of the input-averaged system. `state` holds w (n values) then theta; writes into `out`.
 */
export function bcmAveragedRhs(state: Float64Array, out: Float64Array, p: BcmParams, x: readonly Float64Array[], prob: Float64Array, n: number): void {
  const theta = state[n]!;
  for (let j = 0; j < n; j++) out[j] = 0;
  let meanY2 = 0;
  for (let k = 0; k < x.length; k++) {
    const xk = x[k]!;
    const pk = prob[k]!;
    const y = dot(state, xk, n);
    const g = p.eta * pk * y * (y - theta);
    for (let j = 0; j < n; j++) out[j]! += g * xk[j]!;
    meanY2 += pk * y * y;
  }
  out[n] = (meanY2 / p.y0 - theta) / p.tauTheta;
}

function record(tr: BcmTrajectory, i: number, t: number, state: Float64Array, x: readonly Float64Array[], n: number): void {
  tr.t[i] = t;
  for (let j = 0; j < n; j++) tr.w[j]![i] = state[j]!;
  tr.theta[i] = state[n]!;
  for (let k = 0; k < x.length; k++) tr.y[k]![i] = dot(state, x[k]!, n);
}

function runawayCheck(state: Float64Array, n: number, limit: number): boolean {
  for (let j = 0; j <= n; j++) {
    const v = state[j]!;
    if (!(Math.abs(v) <= limit)) return true;
  }
  return false;
}

function divergedStatus(time: number, tauTheta: number, limitText: string): BcmStatus {
  return {
    kind: 'diverged',
    time,
    message: `The BCM rule ran away at t = ${Number(time.toPrecision(4))} time units: a weight or the threshold passed ${limitText}. The threshold must slide fast enough to catch the response; tauTheta = ${tauTheta} is too long for this learning rate (shorten tauTheta or lower eta), or dt is too large.`,
  };
}

function finish(c: Checked, state: Float64Array, tr: BcmTrajectory, count: number, status: BcmStatus, steps: number): BcmResult {
  const finalW = state.slice(0, c.n);
  const finalY = Float64Array.from(c.x, (xk) => dot(state, xk, c.n));
  let winner = 0;
  for (let k = 1; k < finalY.length; k++) if (finalY[k]! > finalY[winner]!) winner = k;
  const slope = new Float64Array(c.n + 1);
  bcmAveragedRhs(state, slope, c.p, c.x, c.prob, c.n);
  let residual = 0;
  for (const v of slope) residual = Math.max(residual, Math.abs(v));
  return { trajectory: trimTrajectory(tr, count), finalW, finalTheta: state[c.n]!, finalY, winner, status, steps, residual: Number.isFinite(residual) ? residual : Number.POSITIVE_INFINITY };
}

/** Integrates the input-averaged BCM ODE (RK4 by default). Stops and reports when the rule runs away. */
export function simulateBcmAveraged(run: BcmAveragedRun): BcmResult {
  const c = checkRun(run);
  const { n, p, x, prob, steps, sampleEvery } = c;
  const method = run.method ?? 'rk4';
  if (method !== 'rk4' && method !== 'euler') throw new RangeError(`The BCM ODE is integrated with 'rk4' or 'euler', not "${String(method)}".`);
  const dim = n + 1;
  const state = new Float64Array(dim);
  state.set(c.w0);
  state[n] = c.theta0;
  const k1 = new Float64Array(dim);
  const k2 = new Float64Array(dim);
  const k3 = new Float64Array(dim);
  const k4 = new Float64Array(dim);
  const stage = new Float64Array(dim);
  const tr = createTrajectory(Math.floor(steps / sampleEvery) + 2, n, x.length);
  let count = 0;
  record(tr, count++, 0, state, x, n);
  const h = p.dt;
  let status: BcmStatus = { kind: 'ok' };
  let done = 0;
  for (let s = 1; s <= steps; s++) {
    bcmAveragedRhs(state, k1, p, x, prob, n);
    if (method === 'euler') {
      for (let j = 0; j < dim; j++) state[j]! += h * k1[j]!;
    } else {
      for (let j = 0; j < dim; j++) stage[j] = state[j]! + 0.5 * h * k1[j]!;
      bcmAveragedRhs(stage, k2, p, x, prob, n);
      for (let j = 0; j < dim; j++) stage[j] = state[j]! + 0.5 * h * k2[j]!;
      bcmAveragedRhs(stage, k3, p, x, prob, n);
      for (let j = 0; j < dim; j++) stage[j] = state[j]! + h * k3[j]!;
      bcmAveragedRhs(stage, k4, p, x, prob, n);
      for (let j = 0; j < dim; j++) state[j]! += (h / 6) * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!);
    }
    done = s;
    if (runawayCheck(state, n, c.limit)) {
      status = divergedStatus(s * h, p.tauTheta, `${Number(c.limit.toPrecision(3))}`);
      break;
    }
    if (s % sampleEvery === 0 || s === steps) record(tr, count++, s * h, state, x, n);
  }
  if (status.kind === 'diverged') {
    // Keep the last finite state visible in the trajectory, clipped to the limit.
    for (let j = 0; j <= n; j++) if (!Number.isFinite(state[j]!)) state[j] = Math.sign(state[j]!) * c.limit || c.limit;
    record(tr, count++, done * h, state, x, n);
  }
  return finish(c, state, tr, count, status, done);
}

/**
 * The online rule: at each Euler step one pattern is drawn with its probability, y = w · x_k, and
 * w += dt eta x_k y (y - theta), theta += dt (y^2 / y0 - theta) / tauTheta (both from the values before the step).
 */
export function simulateBcmOnline(run: BcmOnlineRun): BcmOnlineResult {
  const c = checkRun(run);
  const { n, p, x, prob, steps, sampleEvery } = c;
  const random = createRandom(run.seed);
  const averageLast = run.averageLast ?? Math.max(1, Math.floor(steps / 4));
  if (!(Number.isInteger(averageLast) && averageLast >= 1 && averageLast <= steps)) throw new RangeError(`averageLast must be a whole number of steps from 1 to ${steps}, got ${averageLast}.`);
  const k = x.length;
  const cumulative = new Float64Array(k);
  let acc = 0;
  for (let i = 0; i < k; i++) cumulative[i] = acc += prob[i]!;
  cumulative[k - 1] = 1;
  const state = new Float64Array(n + 1);
  state.set(c.w0);
  state[n] = c.theta0;
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  let sumTheta = 0;
  const tr = createTrajectory(Math.floor(steps / sampleEvery) + 2, n, k);
  let count = 0;
  record(tr, count++, 0, state, x, n);
  const h = p.dt;
  const rate = h / p.tauTheta;
  let status: BcmStatus = { kind: 'ok' };
  let done = 0;
  const firstAveraged = steps - averageLast + 1;
  for (let s = 1; s <= steps; s++) {
    const u = random.uniform();
    let which = 0;
    while (u >= cumulative[which]! && which < k - 1) which++;
    const xk = x[which]!;
    const theta: number = state[n]!;
    const y = dot(state, xk, n);
    const g = h * p.eta * y * (y - theta);
    for (let j = 0; j < n; j++) state[j]! += g * xk[j]!;
    state[n] = theta + rate * ((y * y) / p.y0 - theta);
    done = s;
    if (runawayCheck(state, n, c.limit)) {
      status = divergedStatus(s * h, p.tauTheta, `${Number(c.limit.toPrecision(3))}`);
      break;
    }
    if (s >= firstAveraged) {
      sumTheta += state[n]!;
      for (let j = 0; j < n; j++) {
        sum[j]! += state[j]!;
        sumSq[j]! += state[j]! * state[j]!;
      }
    }
    if (s % sampleEvery === 0 || s === steps) record(tr, count++, s * h, state, x, n);
  }
  if (status.kind === 'diverged') {
    for (let j = 0; j <= n; j++) if (!Number.isFinite(state[j]!)) state[j] = c.limit;
    record(tr, count++, done * h, state, x, n);
  }
  const m = status.kind === 'ok' ? averageLast : 0;
  const meanW = Float64Array.from(sum, (v) => (m > 0 ? v / m : Number.NaN));
  const stdW = Float64Array.from(sumSq, (v, j) => (m > 0 ? Math.sqrt(Math.max(0, v / m - meanW[j]! * meanW[j]!)) : Number.NaN));
  return { ...finish(c, state, tr, count, status, done), meanW, stdW, meanTheta: m > 0 ? sumTheta / m : Number.NaN };
}

/**
 * The pattern BCM is expected to select when all patterns are equally likely: the one with the largest initial
 * response w0 · x_k (ties: the first). With unequal probabilities the more frequent pattern has an advantage.
 */
export function bcmPredictedWinner(patterns: readonly (readonly number[])[], w0: readonly number[]): number {
  let best = 0;
  let bestY = Number.NEGATIVE_INFINITY;
  patterns.forEach((pattern, k) => {
    let y = 0;
    for (let j = 0; j < pattern.length; j++) y += pattern[j]! * (w0[j] ?? 0);
    if (y > bestY) {
      bestY = y;
      best = k;
    }
  });
  return best;
}

/** Solves the small dense system A z = b; undefined if A is singular relative to its largest entry. */
function solveDense(a: readonly (readonly number[])[], b: readonly number[]): Float64Array | undefined {
  const matrix = Float64Array.from(a.flat());
  let scale = 0;
  for (const v of matrix) scale = Math.max(scale, Math.abs(v));
  const z = Float64Array.from(b);
  return solveLinear(matrix, z, Math.max(1e-300, 1e-12 * scale)) ? z : undefined;
}

export interface BcmFixedPoint {
  readonly w: Float64Array;
  readonly theta: number;
  /** The responses w · x_k there: y0 / p_win for the winner, 0 for the others. */
  readonly y: Float64Array;
}

/**
 * The selective fixed point in which pattern `winner` is selected: w · x_win = y0 / p_win, w · x_k = 0 for every
 * other k, theta = y0 / p_win. With as many patterns as channels this is the K x K system X w = b (for two
 * equiprobable patterns, w · x_win = 2 y0 and w · x_lose = 0). With more channels than patterns the dynamics
 * never change the part of w orthogonal to all patterns, so that part is taken from `w0` (default: zero).
 */
export function bcmFixedPoint(input: BcmInput, winner: number, y0: number, w0?: readonly number[]): BcmFixedPoint {
  const { x, prob, n } = checkBcmInput(input);
  const k = x.length;
  if (!(Number.isInteger(winner) && winner >= 0 && winner < k)) throw new RangeError(`The winner must be a pattern index from 0 to ${k - 1}, got ${winner}.`);
  if (!(Number.isFinite(y0) && y0 > 0)) throw new RangeError(`y0 must be a positive number, got ${y0}.`);
  const pw = prob[winner]!;
  if (!(pw > 0)) throw new RangeError(`Pattern ${winner + 1} is never shown (probability 0), so it cannot be selected.`);
  if (k > n) throw new RangeError(`With ${k} patterns but only ${n} channels, the patterns cannot all be answered separately; use at most ${n} patterns.`);
  const yWin = y0 / pw;
  const b = Array.from({ length: k }, (_, i) => (i === winner ? yWin : 0));
  // w = w_perp + X^T z with X X^T z = b - X w_perp, where w_perp is w0's part orthogonal to the patterns.
  const base = new Float64Array(n);
  if (w0) {
    if (w0.length !== n) throw new RangeError(`There are ${n} channels but ${w0.length} initial weights.`);
    base.set(w0);
  }
  const gram = x.map((xi) => x.map((xj) => dot(xi, xj, n)));
  const projCoef = solveDense(
    gram,
    x.map((xi) => dot(xi, base, n)),
  );
  if (!projCoef) throw new RangeError('The input patterns are linearly dependent, so no weight vector answers one and ignores the others.');
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) base[j]! -= projCoef[i]! * x[i]![j]!;
  const z = solveDense(gram, b)!;
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = base[j]!;
    for (let i = 0; i < k; i++) s += z[i]! * x[i]![j]!;
    w[j] = s;
  }
  return { w, theta: yWin, y: Float64Array.from(x, (xk) => dot(w, xk, n)) };
}

/** Coefficients c_1..c_m of det(lambda I - J) = lambda^m + c_1 lambda^(m-1) + ... + c_m (Faddeev-LeVerrier). */
function characteristicPolynomial(j: readonly Float64Array[]): Float64Array {
  const m = j.length;
  const c = new Float64Array(m + 1);
  c[0] = 1;
  let mk = Array.from({ length: m }, () => new Float64Array(m)); // M_0 = 0
  for (let k = 1; k <= m; k++) {
    // M_k = J M_{k-1} + c_{k-1} I
    const next = Array.from({ length: m }, () => new Float64Array(m));
    for (let r = 0; r < m; r++) {
      for (let col = 0; col < m; col++) {
        let s = r === col ? c[k - 1]! : 0;
        for (let q = 0; q < m; q++) s += j[r]![q]! * mk[q]![col]!;
        next[r]![col] = s;
      }
    }
    mk = next;
    let trace = 0;
    for (let r = 0; r < m; r++) for (let q = 0; q < m; q++) trace += j[r]![q]! * mk[q]![r]!;
    c[k] = -trace / k;
  }
  return c;
}

function determinant(a: number[][]): number {
  const m = a.length;
  const rows = a.map((r) => [...r]);
  let det = 1;
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(rows[r]![col]!) > Math.abs(rows[pivot]![col]!)) pivot = r;
    if (rows[pivot]![col] === 0) return 0;
    if (pivot !== col) {
      [rows[col], rows[pivot]] = [rows[pivot]!, rows[col]!];
      det = -det;
    }
    const pr = rows[col]!;
    det *= pr[col]!;
    for (let r = col + 1; r < m; r++) {
      const f = rows[r]![col]! / pr[col]!;
      for (let q = col; q < m; q++) rows[r]![q]! -= f * pr[q]!;
    }
  }
  return det;
}

/** Routh-Hurwitz: every root of lambda^m + c_1 lambda^(m-1) + ... + c_m has negative real part. */
function hurwitzStable(c: Float64Array): boolean {
  const m = c.length - 1;
  for (let i = 1; i <= m; i++) if (!(c[i]! > 0)) return false;
  const coef = (i: number) => (i >= 0 && i <= m ? c[i]! : 0);
  for (let k = 2; k < m; k++) {
    const h: number[][] = Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, q) => coef(2 * (q + 1) - (r + 1))));
    if (!(determinant(h) > 0)) return false;
  }
  return true;
}

/** The Jacobian of the input-averaged system (w then theta) at `w`, `theta`. */
export function bcmJacobian(input: BcmInput, params: Partial<Record<BcmParam, number>>, w: readonly number[], theta: number): Float64Array[] {
  const { values: p, problems } = resolveParams(bcmParams, params);
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  const { x, prob, n } = checkBcmInput(input);
  const wv = Float64Array.from(w);
  const jac = Array.from({ length: n + 1 }, () => new Float64Array(n + 1));
  for (let k = 0; k < x.length; k++) {
    const xk = x[k]!;
    const pk = prob[k]!;
    const y = dot(wv, xk, n);
    for (let r = 0; r < n; r++) {
      for (let q = 0; q < n; q++) jac[r]![q]! += p.eta * pk * xk[r]! * xk[q]! * (2 * y - theta);
      jac[r]![n]! -= p.eta * pk * xk[r]! * y;
      jac[n]![r]! += (2 * pk * y * xk[r]!) / (p.y0 * p.tauTheta);
    }
  }
  jac[n]![n] = -1 / p.tauTheta;
  return jac;
}

export interface BcmStability {
  readonly stable: boolean;
  /**
   * The tauTheta at which the selective fixed point loses stability (the other parameters fixed); 0 if it is
   * unstable for every tauTheta, undefined if it stays stable up to 1000 times the scale 1 / (eta |x|^2 y0).
   */
  readonly criticalTauTheta: number | undefined;
}

/**
 * Linear stability of the selective fixed point for pattern `winner`, and the longest tauTheta that keeps it
 * stable (found by bisection on the Routh-Hurwitz test; for orthogonal patterns it is 1 / (eta |x_win|^2 y0)).
 */
export function bcmStability(input: BcmInput, params: Partial<Record<BcmParam, number>>, winner: number, w0?: readonly number[]): BcmStability {
  const { values: p } = resolveParams(bcmParams, params);
  const fixed = bcmFixedPoint(input, winner, p.y0, w0);
  const w = Array.from(fixed.w);
  // Outside the registry's tauTheta range the Jacobian is still defined; evaluate it directly for the search.
  const stableRaw = (tauTheta: number) => {
    const jac = bcmJacobian(input, { ...params, tauTheta: 1 }, w, fixed.theta);
    const n = jac.length - 1;
    jac[n]![n] = -1 / tauTheta;
    for (let r = 0; r < n; r++) jac[n]![r]! /= tauTheta;
    return hurwitzStable(characteristicPolynomial(jac));
  };
  const stable = stableRaw(p.tauTheta);
  // Search around the natural scale 1 / (eta |x|^2 y0); far outside it the Hurwitz determinants lose all precision.
  let norm2 = 0;
  for (const pattern of input.patterns) norm2 = Math.max(norm2, pattern.reduce((acc, v) => acc + v * v, 0));
  const scale = 1 / (p.eta * p.y0 * norm2);
  let lo = 1e-3 * scale;
  let hi = 1e3 * scale;
  if (!stableRaw(lo)) return { stable, criticalTauTheta: 0 };
  if (stableRaw(hi)) return { stable, criticalTauTheta: undefined };
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = Math.sqrt(lo * hi);
    if (stableRaw(mid)) lo = mid;
    else hi = mid;
  }
  return { stable, criticalTauTheta: (lo + hi) / 2 };
}
