/**
 * Pair-based spike-timing-dependent plasticity (STDP) with synaptic traces (Gerstner et al., Neuronal
 * Dynamics, 2014, Sect. 19.2.2; Song, Miller & Abbott 2000; Morrison, Diesmann & Gerstner 2008).
 *
 * A presynaptic trace x jumps at each presynaptic spike and decays with tauPlus; a postsynaptic trace y
 * jumps at each postsynaptic spike and decays with tauMinus. On a presynaptic spike w -= aMinus y (the
 * post-before-pre pairs depress); on a postsynaptic spike w += aPlus x (pre-before-post pairs potentiate).
 * "All-to-all": a trace grows by 1 at each spike, so every earlier spike counts. "Nearest": the trace is set
 * to 1, so only the most recent spike counts. For one isolated pair with dt = t_post - t_pre the change is
 * aPlus exp(-dt / tauPlus) for dt > 0 and -aMinus exp(dt / tauMinus) for dt < 0; simultaneous spikes do not
 * interact (both updates use the traces just before the spikes' own jumps).
 *
 * For independent Poisson trains at rates rho_pre and rho_post (all-to-all, no bounds) the expected drift is
 * dw/dt = rho_pre rho_post (aPlus tauPlus - aMinus tauMinus): the integral of the window times the rate of
 * pairs. Which term wins decides whether uncorrelated activity strengthens or weakens the synapse.
 *
 * Times are in ms, rates in Hz. Default amplitudes and time constants are in the range fitted to Bi & Poo
 * (1998) (tauPlus about 17 ms, tauMinus about 34 ms), with depression slightly dominant as in Song et al. (2000).
 */
import { exp } from '../math/deterministic.ts';
import { resolveParams, type ParamValues, type Registry } from '../params/registry.ts';
import { applyBounded, checkBounds, NO_BOUNDS, type WeightBounds } from './bounds.ts';

export const stdpParams = [
  { name: 'aPlus', symbol: 'A_+', unit: '', default: 0.01, min: 0, max: 1, step: 0.001, meaning: 'Potentiation per pre-before-post pair at zero delay (dimensionless)' },
  { name: 'aMinus', symbol: 'A_-', unit: '', default: 0.006, min: 0, max: 1, step: 0.001, meaning: 'Depression per post-before-pre pair at zero delay (dimensionless)' },
  { name: 'tauPlus', symbol: '\\tau_+', unit: 'ms', default: 17, min: 1, max: 200, step: 0.5, meaning: 'Decay time of the presynaptic trace (potentiation window)' },
  { name: 'tauMinus', symbol: '\\tau_-', unit: 'ms', default: 34, min: 1, max: 200, step: 0.5, meaning: 'Decay time of the postsynaptic trace (depression window)' },
] as const satisfies Registry;

export type StdpParam = (typeof stdpParams)[number]['name'];
export type StdpParams = ParamValues<StdpParam>;
export type StdpPairing = 'all-to-all' | 'nearest';

export interface StdpOptions {
  readonly params?: Partial<Record<StdpParam, number>>;
  readonly pairing?: StdpPairing;
  readonly bounds?: WeightBounds;
}

export function resolveStdpParams(params: Partial<Record<StdpParam, number>> = {}): StdpParams {
  const { values, problems } = resolveParams(stdpParams, params);
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  return values;
}

function checkPairing(pairing: StdpPairing): void {
  if (pairing !== 'all-to-all' && pairing !== 'nearest') throw new RangeError(`STDP pairing is 'all-to-all' or 'nearest', not "${String(pairing)}".`);
}

function checkTrain(name: string, times: ArrayLike<number>): void {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`The ${name} spike times must be finite numbers (ms); spike ${i + 1} is ${t}.`);
    if (t < last) throw new RangeError(`The ${name} spike times must be sorted; spike ${i + 1} (${t} ms) comes before spike ${i} (${last} ms).`);
    last = t;
  }
}

export interface StdpTrainResult {
  readonly finalW: number;
  /** Weight after each event time: `times[i]` ms, `w[i]`. */
  readonly times: Float64Array;
  readonly w: Float64Array;
}

/**
 * Applies the trace rule to sorted presynaptic and postsynaptic spike times (ms), starting from weight `w0`
 * with both traces at 0. The traces are advanced exactly between events. Returns the weight after every event.
 */
export function applyStdp(pre: ArrayLike<number>, post: ArrayLike<number>, w0: number, options: StdpOptions = {}): StdpTrainResult {
  const p = resolveStdpParams(options.params);
  const pairing = options.pairing ?? 'all-to-all';
  checkPairing(pairing);
  const bounds = options.bounds ?? NO_BOUNDS;
  checkBounds(bounds);
  checkTrain('presynaptic', pre);
  checkTrain('postsynaptic', post);
  if (!Number.isFinite(w0)) throw new RangeError(`The initial weight must be a finite number, got ${w0}.`);
  const events = new Float64Array(pre.length + post.length);
  const weights = new Float64Array(pre.length + post.length);
  let count = 0;
  let x = 0;
  let y = 0;
  let tx = 0;
  let ty = 0;
  let w = w0;
  let i = 0;
  let j = 0;
  while (i < pre.length || j < post.length) {
    const tPre = i < pre.length ? pre[i]! : Number.POSITIVE_INFINITY;
    const tPost = j < post.length ? post[j]! : Number.POSITIVE_INFINITY;
    const t = Math.min(tPre, tPost);
    const isPre = tPre === t;
    const isPost = tPost === t;
    // Traces just before the spikes at t (their own jumps come after both updates).
    const xNow = x === 0 ? 0 : x * exp(-(t - tx) / p.tauPlus);
    const yNow = y === 0 ? 0 : y * exp(-(t - ty) / p.tauMinus);
    if (isPre) w = applyBounded(w, -p.aMinus * yNow, bounds);
    if (isPost) w = applyBounded(w, p.aPlus * xNow, bounds);
    if (isPre) {
      x = pairing === 'all-to-all' ? xNow + 1 : 1;
      tx = t;
      i++;
    }
    if (isPost) {
      y = pairing === 'all-to-all' ? yNow + 1 : 1;
      ty = t;
      j++;
    }
    events[count] = t;
    weights[count] = w;
    count++;
  }
  return { finalW: w, times: events.slice(0, count), w: weights.slice(0, count) };
}

/**
 * The STDP window MEASURED by running the trace rule on one isolated pair per entry of `dts`
 * (dt = t_post - t_pre, ms): the returned weight change for each. The earlier spike is put at 0 ms, so the
 * later one sits exactly at |dt| and the elapsed time between them is exact.
 */
export function stdpWindow(params: Partial<Record<StdpParam, number>>, dts: ArrayLike<number>): Float64Array {
  resolveStdpParams(params);
  const out = new Float64Array(dts.length);
  for (let k = 0; k < dts.length; k++) {
    const dt = dts[k]!;
    if (!Number.isFinite(dt)) throw new RangeError(`A spike-time difference must be a finite number of ms, got ${dt}.`);
    const tPre = dt >= 0 ? 0 : -dt;
    const tPost = dt >= 0 ? dt : 0;
    out[k] = applyStdp([tPre], [tPost], 0, { params }).finalW;
  }
  return out;
}

/** The analytic window (for comparison only; `stdpWindow` measures it from the rule). */
export function stdpWindowFormula(params: Partial<Record<StdpParam, number>>, dt: number): number {
  const p = resolveStdpParams(params);
  if (dt > 0) return p.aPlus * exp(-dt / p.tauPlus);
  if (dt < 0) return -p.aMinus * exp(dt / p.tauMinus);
  return 0;
}

/**
 * Expected drift of the weight per second for independent Poisson trains at `ratePre` and `ratePost` Hz under
 * all-to-all pairing without bounds: rho_pre rho_post (aPlus tauPlus - aMinus tauMinus), with tau in seconds.
 */
export function stdpPoissonDrift(params: Partial<Record<StdpParam, number>>, ratePre: number, ratePost: number): number {
  const p = resolveStdpParams(params);
  for (const [name, rate] of [
    ['presynaptic', ratePre],
    ['postsynaptic', ratePost],
  ] as const) {
    if (!(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`The ${name} rate must be a finite number of Hz ≥ 0, got ${rate}.`);
  }
  return (ratePre * ratePost * (p.aPlus * p.tauPlus - p.aMinus * p.tauMinus)) / 1000;
}

/** A synapse advanced step by step (for use inside a network loop): call `step` once per time step. */
export interface StdpSynapse {
  /** Advances by one step of `dt` ms, then applies this step's spikes; returns the new weight. */
  step(preSpiked: boolean, postSpiked: boolean): number;
  readonly weight: number;
}

/**
 * A step-wise synapse with time step `dt` ms: the traces are multiplied by exp(-dt / tau) each step, and
 * spikes in the same step are treated as simultaneous. With spike times on the grid it reproduces
 * `applyStdp` up to rounding.
 */
export function createStdpSynapse(w0: number, dt: number, options: StdpOptions = {}): StdpSynapse {
  const p = resolveStdpParams(options.params);
  const pairing = options.pairing ?? 'all-to-all';
  checkPairing(pairing);
  const bounds = options.bounds ?? NO_BOUNDS;
  checkBounds(bounds);
  if (!(Number.isFinite(dt) && dt > 0)) throw new RangeError(`The STDP time step must be a positive number of ms, got ${dt}.`);
  if (!Number.isFinite(w0)) throw new RangeError(`The initial weight must be a finite number, got ${w0}.`);
  const decayPlus = exp(-dt / p.tauPlus);
  const decayMinus = exp(-dt / p.tauMinus);
  let x = 0;
  let y = 0;
  let w = w0;
  return {
    step(preSpiked, postSpiked) {
      x *= decayPlus;
      y *= decayMinus;
      if (preSpiked) w = applyBounded(w, -p.aMinus * y, bounds);
      if (postSpiked) w = applyBounded(w, p.aPlus * x, bounds);
      if (preSpiked) x = pairing === 'all-to-all' ? x + 1 : 1;
      if (postSpiked) y = pairing === 'all-to-all' ? y + 1 : 1;
      return w;
    },
    get weight() {
      return w;
    },
  };
}
