/**
 * The exact mean field of a population of Izhikevich neurons (dimensionless form):
 *
 *   tau r' = Delta / (pi tau) + r (2 v - alpha - g s tau)
 *   tau v' = v² - alpha v + eta + I_ext - u + g s tau (E_r - v) - (pi tau r)²
 *       u' = a (b v - u) + d r
 *       s' = -s / tau_s + r
 *
 * r is the population firing rate (spikes per neuron per time unit), v the centre of the Lorentzian
 * distribution of membrane potentials, u the population's mean recovery (adaptation) variable, s the recurrent
 * synaptic activation (each spike of the population adds 1/N to s, the J = 1 convention).
 *
 * Sources: Chen & Campbell, "Exact mean-field models for spiking neural networks with adaptation",
 * J. Comput. Neurosci. 50:445 (2022), which closes the Izhikevich network with the Lorentzian ansatz of
 * Montbrió, Pazó & Roxin, Phys. Rev. X 5:021028 (2015) and the assumption that every neuron's recovery
 * variable is close to the mean, u_j ≈ u; the dimensionless system and its defaults are PyRates' template
 * `ik_nodim` (model_templates/neural_mass_models/ik.yaml, unchanged 2022-08 to v1.2.3), which is also the
 * course's reference (test/reference/ik_meanfield.json, REFERENCE-README section 7). Everything is
 * dimensionless: time is in units of the membrane time constant, so tau = 1 by construction.
 *
 * The input is a list of piecewise-constant segments (the reference protocol is `ikProtocol`), a constant, or a
 * function of t. Segments are held constant over each step, all four RK4 stages included, with the value in
 * force at the step's start: sampling the next segment at the t + dt stage would add an O(dt) error at every
 * switch (REFERENCE-README, "Stimulus at discontinuities"), so switch times must lie on the dt grid. A
 * function is taken to be smooth and is evaluated at each stage's own time, which keeps RK4 fourth order.
 */
import type { Divergence } from '../run/context.ts';
import { resolveParams, type ParamProblem, type ParamValues, type Registry } from '../params/registry.ts';
import { MAX_STEPS, SpecError } from '../spec-error.ts';

export const ikMeanFieldParams = [
  { name: 'Delta', symbol: '\\Delta', unit: '', default: 0.02, min: 0.001, max: 0.2, step: 0.001, meaning: 'Half-width of the Lorentzian spread of the neurons’ excitabilities η_j: how heterogeneous the population is' },
  { name: 'tau', symbol: '\\tau', unit: '', default: 1, min: 0.2, max: 5, step: 0.1, meaning: 'Membrane time constant; 1 when time is measured in its units, as in the dimensionless model' },
  { name: 'eta', symbol: '\\bar\\eta', unit: '', default: 0, min: -0.5, max: 0.5, step: 0.01, meaning: 'Centre of the Lorentzian spread of excitabilities: the typical neuron’s background drive' },
  { name: 'alpha', symbol: '\\alpha', unit: '', default: 0.6, min: 0, max: 2, step: 0.01, meaning: 'Gap between the resting and threshold potentials, the roots of v² - α v' },
  { name: 'g', symbol: 'g', unit: '', default: 0.5, min: 0, max: 3, step: 0.05, meaning: 'Peak conductance of the recurrent synapses: coupling strength' },
  { name: 'Er', symbol: 'E_r', unit: '', default: 1, min: -1, max: 2, step: 0.05, meaning: 'Reversal potential of the recurrent synapses; above the threshold α they excite' },
  { name: 'a', symbol: 'a', unit: '', default: 0.008, min: 0, max: 0.1, step: 0.001, meaning: 'Rate of the recovery variable u: small a, slow adaptation' },
  { name: 'b', symbol: 'b', unit: '', default: -0.01, min: -0.1, max: 0.1, step: 0.001, meaning: 'Coupling of u to the membrane potential (b < 0: subthreshold depolarisation lowers u)' },
  { name: 'd', symbol: 'd', unit: '', default: 0.02, min: 0, max: 0.2, step: 0.001, meaning: 'Jump of u at each spike: the strength of spike-frequency adaptation' },
  { name: 'tauS', symbol: '\\tau_s', unit: '', default: 2.6, min: 0.2, max: 20, step: 0.1, meaning: 'Decay time constant of the synaptic activation s' },
] as const satisfies Registry;

export type IkMeanFieldParam = (typeof ikMeanFieldParams)[number]['name'];
export type IkMeanFieldParams = ParamValues<IkMeanFieldParam>;

/** State variables in the order of the state vector y = [r, v, u, s]. */
export const ikMeanFieldState = [
  { name: 'r', symbol: 'r', unit: '', meaning: 'Population firing rate: spikes per neuron per time unit' },
  { name: 'v', symbol: 'v', unit: '', meaning: 'Centre of the Lorentzian distribution of membrane potentials' },
  { name: 'u', symbol: 'u', unit: '', meaning: 'Mean recovery (adaptation) variable' },
  { name: 's', symbol: 's', unit: '', meaning: 'Recurrent synaptic activation' },
] as const;

/** One piece of a piecewise-constant input: `value` on [tStart, tEnd). Outside every segment the input is 0. */
export interface IkInputSegment {
  readonly tStart: number;
  readonly tEnd: number;
  readonly value: number;
}

/** The external input I_ext: a constant, piecewise-constant segments, or a smooth function of t. */
export type IkInput = number | readonly IkInputSegment[] | ((t: number) => number);

/** The reference protocol (PyRates' documented example): I_ext = 0.15, switched off on [400, 600). */
export const ikProtocol = {
  segments: [
    { tStart: 0, tEnd: 400, value: 0.15 },
    { tStart: 400, tEnd: 600, value: 0 },
    { tStart: 600, tEnd: 1000, value: 0.15 },
  ],
  duration: 1000,
} as const satisfies { segments: readonly IkInputSegment[]; duration: number };

/** `dydt = f(t, y)` for y = [r, v, u, s], written in place (the engine's right-hand-side shape). */
export function ikMeanFieldRhs(_t: number, y: Float64Array, dydt: Float64Array, p: IkMeanFieldParams, input: number): void {
  const r = y[0]!;
  const v = y[1]!;
  const u = y[2]!;
  const s = y[3]!;
  const gs = p.g * s * p.tau;
  const pr = Math.PI * p.tau * r;
  dydt[0] = (p.Delta / (Math.PI * p.tau) + r * (2 * v - p.alpha - gs)) / p.tau;
  dydt[1] = (v * v - p.alpha * v + p.eta + input - u + gs * (p.Er - v) - pr * pr) / p.tau;
  dydt[2] = p.a * (p.b * v - u) + p.d * r;
  dydt[3] = -s / p.tauS + r;
}

/**
 * The input as the steppers use it: `held` inputs keep one value per step (`step(k)` for step k, from t_k to
 * t_k + dt); otherwise `at(t)` gives the value at any time.
 */
export interface IkDrive {
  readonly held: boolean;
  step(k: number): number;
  at(t: number): number;
}

/**
 * Checks an input against the time grid and compiles it. Segment boundaries are converted to step indices once,
 * so no floating-point comparison of times decides which segment a step belongs to.
 */
export function compileIkDrive(input: IkInput, dt: number, steps: number, problems: ParamProblem[]): IkDrive {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) problems.push({ name: 'input', message: `The input must be a finite number, got ${input}.` });
    return { held: true, step: () => input, at: () => input };
  }
  if (typeof input === 'function') return { held: false, step: (k) => input(k * dt), at: input };
  if (!Array.isArray(input)) {
    problems.push({ name: 'input', message: 'The input must be a number, a list of segments {tStart, tEnd, value} or a function of t.' });
    return { held: true, step: () => 0, at: () => 0 };
  }
  const count = input.length;
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  const values = new Float64Array(count);
  const onGrid = (time: number, what: string): number => {
    const k = Math.round(time / dt);
    // A switch after the end of the run never happens, so only switches inside it must lie on the grid.
    if (k < steps && Math.abs(time / dt - k) > 1e-6) problems.push({ name: 'input', message: `The input switches at t = ${time}, which is not a whole number of steps dt = ${dt}; choose dt so that it divides every switch time (${what}).` });
    return k;
  };
  input.forEach((seg, i) => {
    if (![seg.tStart, seg.tEnd, seg.value].every(Number.isFinite) || !(seg.tEnd > seg.tStart)) {
      problems.push({ name: 'input', message: `Input segment ${i + 1} needs finite tStart < tEnd and a finite value.` });
      return;
    }
    if (i > 0 && seg.tStart < input[i - 1]!.tEnd) problems.push({ name: 'input', message: `Input segment ${i + 1} starts before segment ${i} ends; list segments in time order without overlap.` });
    first[i] = Math.max(0, onGrid(seg.tStart, `start of segment ${i + 1}`));
    last[i] = Math.min(steps, seg.tEnd >= steps * dt ? steps : onGrid(seg.tEnd, `end of segment ${i + 1}`));
    values[i] = seg.value;
  });
  const step = (k: number): number => {
    for (let i = 0; i < count; i++) if (k >= first[i]! && k < last[i]!) return values[i]!;
    return 0;
  };
  const at = (t: number): number => {
    for (let i = 0; i < count; i++) if (t >= input[i]!.tStart && t < input[i]!.tEnd) return values[i]!;
    return 0;
  };
  return { held: true, step, at };
}

/** Checks dt and duration and returns the number of steps; the duration must be a whole number of steps. */
export function ikStepCount(dt: number, duration: number, maxDt: number, problems: ParamProblem[]): number {
  if (!(Number.isFinite(dt) && dt > 0 && dt <= maxDt)) {
    problems.push({ name: 'dt', message: `The time step dt must be between 0 and ${maxDt}, got ${dt}.` });
    return 0;
  }
  if (!(Number.isFinite(duration) && duration > 0 && duration <= 100_000)) {
    problems.push({ name: 'duration', message: `The duration must be between 0 and 100000 time units, got ${duration}.` });
    return 0;
  }
  const steps = Math.round(duration / dt);
  if (Math.abs(duration / dt - steps) > 1e-6) problems.push({ name: 'duration', message: `The duration (${duration}) must be a whole number of steps dt = ${dt}.` });
  return steps;
}

/** Checks a sampling interval and returns it in steps (a whole multiple of dt is required). */
export function ikSampleStride(sampleEvery: number | undefined, dt: number, problems: ParamProblem[]): number {
  // The reference samples every 0.1; take the multiple of dt nearest to that unless told otherwise.
  if (sampleEvery === undefined) return Math.max(1, Math.round(0.1 / dt));
  const stride = Math.round(sampleEvery / dt);
  if (!(Number.isFinite(sampleEvery) && stride >= 1 && Math.abs(sampleEvery / dt - stride) <= 1e-6)) {
    problems.push({ name: 'sampleEvery', message: `sampleEvery must be a whole multiple of dt (${dt}), got ${sampleEvery}.` });
    return 1;
  }
  return stride;
}

export interface IkMeanFieldRun {
  /** Overrides of the registry's defaults; unknown names and out-of-range values are errors. */
  readonly params?: Readonly<Record<string, number>>;
  /** I_ext; `ikProtocol.segments` for the reference protocol. */
  readonly input: IkInput;
  readonly duration: number;
  /** Time step; default 0.01 (RK4 there is within 4e-5 of the converged reference, see the tests). */
  readonly dt?: number;
  readonly method?: 'rk4' | 'euler';
  /** Sampling interval, a whole multiple of dt; default the multiple nearest 0.1. */
  readonly sampleEvery?: number;
  /** Initial state; default r = v = u = s = 0, as in the reference. */
  readonly initial?: Readonly<Partial<Record<'r' | 'v' | 'u' | 's', number>>>;
}

export interface IkMeanFieldResult {
  readonly t: Float64Array;
  readonly r: Float64Array;
  readonly v: Float64Array;
  readonly u: Float64Array;
  readonly s: Float64Array;
  /** I_ext in force on the step that starts at each sample (the last sample repeats the last step's). */
  readonly input: Float64Array;
  readonly params: IkMeanFieldParams;
  readonly method: 'rk4' | 'euler';
  readonly dt: number;
  /** Present when the run stopped early; the traces end at the last good sample. */
  readonly divergence?: Divergence;
}

/** Beyond this |v| (or |r|) the mean field has blown up: the population rate no longer settles. */
const MEAN_FIELD_LIMIT = 1e6;

/** Integrates the mean field with fixed-step RK4 (default) or Euler. Throws SpecError for an input that cannot run. */
export function simulateIkMeanField(run: IkMeanFieldRun): IkMeanFieldResult {
  const { values: p, problems } = resolveParams(ikMeanFieldParams, run.params ?? {});
  const method = run.method ?? 'rk4';
  if (method !== 'rk4' && method !== 'euler') problems.push({ name: 'method', message: `The mean field is integrated with 'rk4' or 'euler', not "${String(method)}".` });
  const dt = run.dt ?? 0.01;
  const steps = ikStepCount(dt, run.duration, 1, problems);
  if (steps > MAX_STEPS) problems.push({ name: 'dt', message: `${steps} steps is more than ${MAX_STEPS}; use a larger dt or a shorter run.` });
  const stride = ikSampleStride(run.sampleEvery, dt, problems);
  const drive = compileIkDrive(run.input, dt, steps, problems);
  const y = new Float64Array(4);
  ikMeanFieldState.forEach((variable, i) => {
    const value = run.initial?.[variable.name] ?? 0;
    if (!Number.isFinite(value)) problems.push({ name: 'initial', message: `initial.${variable.name} must be a finite number, got ${value}.` });
    y[i] = value;
  });
  if (problems.length > 0) throw new SpecError(problems);

  const samples = Math.ceil(steps / stride) + 1;
  const t = new Float64Array(samples);
  const traces = [new Float64Array(samples), new Float64Array(samples), new Float64Array(samples), new Float64Array(samples)];
  const input = new Float64Array(samples);
  const record = (i: number, k: number): void => {
    t[i] = k * dt;
    for (let j = 0; j < 4; j++) traces[j]![i] = y[j]!;
    input[i] = drive.step(Math.min(k, steps - 1));
  };
  record(0, 0);
  let recorded = 1;

  const k1 = new Float64Array(4);
  const k2 = new Float64Array(4);
  const k3 = new Float64Array(4);
  const k4 = new Float64Array(4);
  const stage = new Float64Array(4);
  const h = dt;
  let divergence: Divergence | undefined;
  for (let k = 0; k < steps; k++) {
    const time = k * h;
    const i0 = drive.held ? drive.step(k) : drive.at(time);
    ikMeanFieldRhs(time, y, k1, p, i0);
    if (method === 'euler') {
      for (let j = 0; j < 4; j++) y[j]! += h * k1[j]!;
    } else {
      const iMid = drive.held ? i0 : drive.at(time + 0.5 * h);
      const iEnd = drive.held ? i0 : drive.at(time + h);
      for (let j = 0; j < 4; j++) stage[j] = y[j]! + 0.5 * h * k1[j]!;
      ikMeanFieldRhs(time + 0.5 * h, stage, k2, p, iMid);
      for (let j = 0; j < 4; j++) stage[j] = y[j]! + 0.5 * h * k2[j]!;
      ikMeanFieldRhs(time + 0.5 * h, stage, k3, p, iMid);
      for (let j = 0; j < 4; j++) stage[j] = y[j]! + h * k3[j]!;
      ikMeanFieldRhs(time + h, stage, k4, p, iEnd);
      for (let j = 0; j < 4; j++) y[j]! += (h / 6) * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!);
    }
    divergence = checkDivergence(y, (k + 1) * h);
    if (divergence) break;
    if ((k + 1) % stride === 0 || k + 1 === steps) record(recorded++, k + 1);
  }
  const cut = (a: Float64Array): Float64Array => a.slice(0, recorded);
  return {
    t: cut(t),
    r: cut(traces[0]!),
    v: cut(traces[1]!),
    u: cut(traces[2]!),
    s: cut(traces[3]!),
    input: cut(input),
    params: p,
    method,
    dt,
    ...(divergence ? { divergence } : {}),
  };
}

function checkDivergence(y: Float64Array, time: number): Divergence | undefined {
  for (let j = 0; j < 4; j++) {
    const value = y[j]!;
    // The cheap test first: this runs every step, and building the message is what costs.
    if (Math.abs(value) <= MEAN_FIELD_LIMIT) continue;
    const name = ikMeanFieldState[j]!.name;
    const tText = Number(time.toPrecision(6));
    if (Number.isNaN(value)) {
      return { t: time, variable: name, value, reason: 'not a number', message: `The mean field broke down at t = ${tText}: ${name} is not a number. Try a smaller dt.` };
    }
    return { t: time, variable: name, value, reason: 'overflow', message: `The mean field blew up at t = ${tText}: |${name}| passed ${MEAN_FIELD_LIMIT}. Strong coupling or a large dt can do this; try a smaller dt or weaker g.` };
  }
  return undefined;
}
