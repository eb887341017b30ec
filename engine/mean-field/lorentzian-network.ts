/**
 * The spiking network behind the Izhikevich mean field (izhikevich-mean-field.ts): N all-to-all coupled
 * dimensionless Izhikevich neurons whose excitabilities eta_j follow a Lorentzian,
 *
 *   tau v_j' = v_j² - alpha v_j + eta_j + I_ext - u_j + g s tau (E_r - v_j),
 *       u_j' = a (b v_j - u_j),  u_j += d at each spike of neuron j,
 *         s' = -s / tau_s + r_N(t),  r_N = (1/N) sum of the population's spikes as delta pulses,
 *
 * so each spike adds 1/N to s, the J = 1 convention of the mean field's s' = -s/tau_s + r. The
 * excitabilities are the Lorentzian's quantiles, eta_j = eta + Delta tan(pi/2 (2j - N - 1)/(N + 1)),
 * j = 1 … N, so the network has no randomness at all (Montbrió, Pazó & Roxin, Phys. Rev. X 5:021028 (2015),
 * Sect. II; Chen & Campbell, J. Comput. Neurosci. 50:445 (2022), whose network this is).
 *
 * The spike mechanism is MPR's, and the reference network's (test/reference/ik_meanfield.json,
 * `network_N10000.setup`): v goes to infinity in finite time, which a simulation replaces by a cut-off. Read
 * step by step, as implemented here (steps k: t_k → t_k + dt):
 * - Forward Euler, sequential as in Izhikevich's own scripts: v_j first, then u_j with the new v_j.
 * - If the update in step k ends at v_j ≥ v_p, the crossing is at t_{k+1}, and the neuron is refractory for
 *   the next R = round(2 tau / (v_p dt)) steps. v_j is not integrated then and keeps its crossing value; u_j
 *   goes on integrating with that v_j. At the end of the R steps v_j = v_r = -v_p and integration resumes.
 * - The spike is emitted E = round(tau / (v_p dt)) steps after the crossing, at t_{k+1+E}, the moment v would
 *   pass through infinity: it adds 1/N to s at the end of that step, counts in the rate bin holding that step,
 *   and u_j += d then.
 * This reading reproduces the reference's stored run (N = 10000, dt = 1e-3, v_p = 100) to 1e-12 in s, mean v
 * and mean u over the first 15 time units and spike for spike in every 0.1-bin up to t = 182.5, where the
 * network's chaos lets rounding differences grow; its time-averaged rate matches to 4 spikes in 378554 (see
 * test/unit/mean-field.test.ts). Integrating u with v ≈ +v_p while refractory shifts u by about
 * -2 a b tau = -1.6e-4 per spike, under 1 % of d; the exact excursion through ±∞ would contribute nothing.
 * The cut-off shortens each period by 2 tau/v_p to leading order, which the refractory time gives back, so
 * the firing rate is right up to O(1/v_p³) (the linear terms shift the centre of the parabola, but symmetric
 * cut-offs cancel that too). What remains is forward Euler's error, which grows with dt·v_p: the reference
 * uses dt = 1e-3 with v_p = 100 (dt·v_p = 0.1). Rounding tau/(v_p dt) to whole steps changes each period by
 * at most dt.
 *
 * `createLorentzianNetwork` returns a stepper that a worker can `advance` in chunks, reading completed rate
 * bins as it goes; `simulateLorentzianNetwork` runs it to the end.
 */
import { cos, sin } from '../math/deterministic.ts';
import { resolveParams, type ParamProblem, type Registry } from '../params/registry.ts';
import { SpecError } from '../spec-error.ts';
import { compileIkDrive, ikMeanFieldParams, ikSampleStride, ikStepCount, type IkInput, type IkMeanFieldParams } from './izhikevich-mean-field.ts';

/** The network's own settings; the neurons' parameters are the mean field's (`ikMeanFieldParams`). */
export const lorentzianNetworkParams = [
  { name: 'n', symbol: 'N', unit: '', default: 2000, min: 10, max: 100000, step: 10, meaning: 'Number of neurons; the mean field is the limit N → ∞' },
  { name: 'vPeak', symbol: 'v_p', unit: '', default: 20, min: 5, max: 1000, step: 1, meaning: 'Spike cut-off: v ≥ v_p resets v to -v_p; refractory 2τ/v_p, spike emitted τ/v_p after the crossing' },
  { name: 'dt', symbol: '\\Delta t', unit: '', default: 0.005, min: 0.0001, max: 0.05, step: 0.0001, meaning: 'Forward Euler time step; accuracy needs dt·v_p well below 1' },
] as const satisfies Registry;

export type LorentzianNetworkParam = (typeof lorentzianNetworkParams)[number]['name'];

export interface LorentzianNetworkSpec {
  /** The neurons' parameters, the same names as the mean field's. */
  readonly params?: Readonly<Record<string, number>>;
  /** N, v_p and dt (`lorentzianNetworkParams`). */
  readonly network?: Readonly<Record<string, number>>;
  /** I_ext, as for the mean field; segment switches must lie on the dt grid. */
  readonly input: IkInput;
  readonly duration: number;
  /** Width of the population-rate bins, a whole multiple of dt; default 0.1, the reference's. */
  readonly binWidth?: number;
  /** Sampling interval of mean v, mean u and s, a whole multiple of dt; default the multiple nearest 0.1. */
  readonly sampleEvery?: number;
}

export interface LorentzianNetworkResult {
  /** Centres of the completed rate bins. */
  readonly binCentres: Float64Array;
  /** Population rate in each completed bin: spikes / (N × bin width), per neuron per time unit. */
  readonly rate: Float64Array;
  /** Sample times so far (0, sampleEvery, …). */
  readonly t: Float64Array;
  /** Mean v over the neurons that are not refractory (the refractory ones hold their crossing value). */
  readonly meanV: Float64Array;
  /** Mean recovery variable u over all neurons. */
  readonly meanU: Float64Array;
  /** Synaptic activation s. */
  readonly s: Float64Array;
  /** Spikes per neuron per time unit over the run so far. */
  readonly meanRate: number;
}

export interface LorentzianNetwork {
  readonly params: IkMeanFieldParams;
  readonly n: number;
  readonly vPeak: number;
  readonly dt: number;
  readonly binWidth: number;
  /** Steps in the whole run and steps done. */
  readonly steps: number;
  readonly done: number;
  /** Time reached (done × dt). */
  readonly t: number;
  /** Refractory steps after a crossing (2 tau/v_p in steps) and the delay of the spike (tau/v_p in steps). */
  readonly refractorySteps: number;
  readonly emitDelaySteps: number;
  /** Spikes emitted so far, all neurons. */
  readonly spikeCount: number;
  /** Advances up to `count` Euler steps; returns false once the run has ended. */
  advance(count: number): boolean;
  /** Everything recorded so far, as views (no copy): read it between calls to `advance`. */
  result(): LorentzianNetworkResult;
}

/** Largest N × steps a run accepts: the reference's N = 10000 over 10⁶ steps, about a minute in Node. */
const MAX_WORK = 2e10;

/** The Lorentzian's N quantiles eta + Delta tan(pi/2 (2j - N - 1)/(N + 1)), j = 1 … N. */
export function lorentzianQuantiles(n: number, eta: number, delta: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 1; j <= n; j++) {
    const angle = (Math.PI / 2) * ((2 * j - n - 1) / (n + 1));
    out[j - 1] = eta + (delta * sin(angle)) / cos(angle);
  }
  return out;
}

export function createLorentzianNetwork(spec: LorentzianNetworkSpec): LorentzianNetwork {
  const { values: p, problems } = resolveParams(ikMeanFieldParams, spec.params ?? {});
  const { values: net, problems: netProblems } = resolveParams(lorentzianNetworkParams, spec.network ?? {});
  problems.push(...netProblems);
  const { n, vPeak, dt } = net;
  if (!Number.isInteger(n)) problems.push({ name: 'n', message: `The number of neurons N must be a whole number, got ${n}.` });
  const steps = ikStepCount(dt, spec.duration, 0.05, problems);
  if (n * steps > MAX_WORK) problems.push({ name: 'n', message: `N = ${n} over ${steps} steps is more than ${MAX_WORK} neuron-steps; use fewer neurons, a larger dt or a shorter run.` });
  const stride = ikSampleStride(spec.sampleEvery, dt, problems);
  const binWidth = spec.binWidth ?? 0.1;
  const stepsPerBin = stepsOf(binWidth, dt, 'binWidth', problems);
  const drive = compileIkDrive(spec.input, dt, steps, problems);
  const emitDelaySteps = Math.round(p.tau / (vPeak * dt));
  if (problems.length === 0 && emitDelaySteps < 1) {
    problems.push({ name: 'vPeak', message: `tau/v_p (${p.tau / vPeak}) is shorter than half a step dt = ${dt}; the spike delay needs at least one step: lower v_p or dt.` });
  }
  if (problems.length > 0) throw new SpecError(problems);
  const refractorySteps = 2 * emitDelaySteps;
  // A neuron emits on the emitDelaySteps-th of its refractory steps; the counter runs refractorySteps … 1.
  const emitAt = refractorySteps - emitDelaySteps + 1;

  const eta = lorentzianQuantiles(n, p.eta, p.Delta);
  const v = new Float64Array(n);
  const u = new Float64Array(n);
  const refractory = new Int32Array(n);
  let s = 0;
  let done = 0;
  let spikeCount = 0;

  const bins = Math.floor(steps / stepsPerBin);
  const rate = new Float64Array(bins);
  const binCentres = Float64Array.from({ length: bins }, (_, i) => (i + 0.5) * stepsPerBin * dt);
  let binSpikes = 0;
  let binsDone = 0;
  const samples = Math.floor(steps / stride) + 1;
  const t = new Float64Array(samples);
  const meanV = new Float64Array(samples);
  const meanU = new Float64Array(samples);
  const sTrace = new Float64Array(samples);
  let samplesDone = 0;

  const record = (): void => {
    let sumV = 0;
    let sumU = 0;
    let active = 0;
    for (let j = 0; j < n; j++) {
      sumU += u[j]!;
      if (refractory[j] === 0) {
        sumV += v[j]!;
        active += 1;
      }
    }
    t[samplesDone] = done * dt;
    meanV[samplesDone] = active > 0 ? sumV / active : Number.NaN;
    meanU[samplesDone] = sumU / n;
    sTrace[samplesDone] = s;
    samplesDone += 1;
  };
  record();

  const { alpha, a, b, d, tau, tauS, g, Er } = p;

  const population: Population = { n, v, u, refractory, eta, vPeak, hOverTau: dt / tau, ha: dt * a, b, d, refractorySteps, emitAt };
  const decay = 1 - dt / tauS;

  /** One Euler step of every neuron and of s; returns the spikes emitted in it. */
  const step = (input: number): number => {
    const gs = g * s * tau;
    const emitted = stepPopulation(population, alpha + gs, input + gs * Er);
    s = s * decay + emitted / n;
    return emitted;
  };

  return {
    params: p,
    n,
    vPeak,
    dt,
    binWidth,
    steps,
    get done() {
      return done;
    },
    get t() {
      return done * dt;
    },
    refractorySteps,
    emitDelaySteps,
    get spikeCount() {
      return spikeCount;
    },
    advance(count) {
      const last = Math.min(steps, done + Math.max(0, Math.floor(count)));
      while (done < last) {
        const emitted = step(drive.step(done));
        spikeCount += emitted;
        binSpikes += emitted;
        done += 1;
        if (done % stepsPerBin === 0 && binsDone < bins) {
          rate[binsDone++] = binSpikes / (n * stepsPerBin * dt);
          binSpikes = 0;
        }
        if (done % stride === 0) record();
      }
      return done < steps;
    },
    result() {
      return {
        binCentres: binCentres.subarray(0, binsDone),
        rate: rate.subarray(0, binsDone),
        t: t.subarray(0, samplesDone),
        meanV: meanV.subarray(0, samplesDone),
        meanU: meanU.subarray(0, samplesDone),
        s: sTrace.subarray(0, samplesDone),
        meanRate: done > 0 ? spikeCount / (n * done * dt) : 0,
      };
    },
  };
}

/** What one Euler step of the neurons reads and writes. */
interface Population {
  readonly n: number;
  readonly v: Float64Array;
  readonly u: Float64Array;
  /** Refractory steps left (0: integrating). */
  readonly refractory: Int32Array;
  readonly eta: Float64Array;
  readonly vPeak: number;
  readonly hOverTau: number;
  readonly ha: number;
  readonly b: number;
  readonly d: number;
  readonly refractorySteps: number;
  readonly emitAt: number;
}

/**
 * One forward-Euler step of every neuron; `linear` is alpha + g s tau and `drive` is I_ext + g s tau E_r, both
 * fixed over the step. Returns the spikes emitted. Speed in Node 20 (x86-64): about 2.5 ns per neuron-step
 * for the first network a process creates, 4 to 6 ns for later ones, once V8 stops specialising the optimised
 * loop to one network's constants. Neither one interleaved array for (v, u, refractory) nor the whole run
 * loop in one module-level function did better (4 to 6 ns from the first network on).
 */
function stepPopulation(pop: Population, linear: number, drive: number): number {
  const { n, v, u, refractory, eta, vPeak, hOverTau, ha, b, d, refractorySteps, emitAt } = pop;
  let emitted = 0;
  for (let j = 0; j < n; j++) {
    const left = refractory[j]!;
    if (left > 0) {
      u[j]! += ha * (b * v[j]! - u[j]!);
      refractory[j] = left - 1;
      if (left === 1) v[j] = -vPeak;
      if (left === emitAt) {
        emitted += 1;
        u[j]! += d;
      }
      continue;
    }
    const vj = v[j]!;
    const uj = u[j]!;
    const next = vj + hOverTau * (vj * vj - linear * vj + eta[j]! + drive - uj);
    v[j] = next;
    u[j] = uj + ha * (b * next - uj);
    if (next >= vPeak) refractory[j] = refractorySteps;
  }
  return emitted;
}

/** Runs the network to the end. Throws SpecError for a specification that cannot run. */
export function simulateLorentzianNetwork(spec: LorentzianNetworkSpec): LorentzianNetworkResult {
  const network = createLorentzianNetwork(spec);
  network.advance(network.steps);
  return network.result();
}

/**
 * Centred moving average over `window` bins (shorter at the ends, where the window is cut), the smoothing the
 * reference applies before comparing network and mean-field rates (window 10 bins of 0.1 = 1 time unit).
 */
export function smoothRate(values: ArrayLike<number>, window: number): Float64Array {
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`The smoothing window must be a whole number of bins ≥ 1, got ${window}.`);
  const length = values.length;
  const prefix = new Float64Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  const out = new Float64Array(length);
  const before = Math.floor(window / 2);
  for (let i = 0; i < length; i++) {
    const lo = Math.max(0, i - before);
    const hi = Math.min(length, i - before + window);
    out[i] = (prefix[hi]! - prefix[lo]!) / (hi - lo);
  }
  return out;
}

function stepsOf(width: number, dt: number, name: string, problems: ParamProblem[]): number {
  const k = Math.round(width / dt);
  if (!(Number.isFinite(width) && k >= 1 && Math.abs(width / dt - k) <= 1e-6)) {
    problems.push({ name, message: `${name} must be a whole multiple of dt (${dt}), got ${width}.` });
    return 1;
  }
  return k;
}
