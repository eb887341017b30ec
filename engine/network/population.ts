/**
 * A population of n neurons of any single-neuron model, in struct-of-arrays form, advanced one time step per
 * `step(input)` call: the scripting and teaching interface to networks (Brian2's NeuronGroup, NEST's
 * population of a model). Each state variable is one Float64Array over the neurons; each parameter is a single
 * number or a Float64Array of per-neuron values (heterogeneous populations, Izhikevich 2003's r-dependent a, b,
 * c, d).
 *
 * Every neuron is integrated with the model's own right-hand side and the engine's fixed-step integrators, and
 * its events follow the single-neuron driver (engine/run/fixed-step.ts) exactly: a spike is an upward
 * crossing of the threshold function (from < 0 to ≥ 0) during the step, located inside it by re-integrating
 * (regula falsi), recorded at that time; the reset is applied there, the voltage held for the refractory
 * period, and the rest of the step integrated from the reset, split where refractoriness ends. So a neuron of
 * the population with the same input reproduces `simulate` (engine/simulate.ts) spike for spike.
 *
 * Input is constant over each step: the caller's external current, the network's synaptic current, and the
 * optional noise. The noise is Gaussian white noise of intensity σ (input unit · √ms), discretised as in the
 * single-neuron noise stimulus (Euler–Maruyama): over each step a fresh current mean + σ ξ / √dt, ξ standard
 * normal, one per neuron, so a free LIF's potential has the Ornstein–Uhlenbeck variance R² σ² / (2 τm) whatever
 * dt is. (net.m's thalamic input, redrawn each 1 ms step with standard deviation s, is σ = s · √(1 ms).)
 * Draws come from one seeded source per population (the ziggurat of rng.ts), in neuron order, step by step.
 */
import { methods } from '../integrators/index.ts';
import type { FixedStepMethod, OdeSystem, Stepper } from '../integrators/integrator.ts';
import type { NeuronModel } from '../models/model.ts';
import { checkValue, resolveParams, type ParamProblem, type ParamValues } from '../params/registry.ts';
import { createRandom, type RandomSource } from '../random/rng.ts';
import { DIVERGENCE_LIMIT, locateCrossing, MAX_EVENTS_PER_STEP } from '../run/context.ts';
import { SpecError } from '../spec-error.ts';
import type { Drive } from '../stimuli/stimulus.ts';
import { SpikeRecord } from './spike-record.ts';

/** The fixed-step methods a population can use (the adaptive and published ones have their own time grids). */
export const populationMethods = ['euler', 'rk4', 'exact', 'exponential-euler'] as const;
export type PopulationMethod = (typeof populationMethods)[number];

/** One value for every neuron, or one per neuron. */
export type PerNeuron = number | Float64Array;

export interface PopulationSpec {
  /** Overrides of the registry's defaults, each a number or a Float64Array of length n; validated per neuron. */
  readonly params?: Readonly<Record<string, PerNeuron>>;
  /** Defaults to the model's own method when it is a fixed-step one, else RK4. */
  readonly method?: PopulationMethod;
  /** Time step in ms; defaults to the model's. */
  readonly dt?: number;
  /** Seed of the noise. */
  readonly seed?: number;
  /** White-noise input: mean (input unit) and intensity sigma (input unit · √ms); see the header. */
  readonly noise?: { readonly mean?: PerNeuron; readonly sigma: PerNeuron };
  /** Initial values by state-variable name; missing ones take each neuron's resting state. */
  readonly initial?: Readonly<Record<string, PerNeuron>>;
  /** Keep every spike (time, neuron) in `spikes`; true by default. */
  readonly record?: boolean;
}

/** The first neuron whose state left any physical range, and when. */
export interface PopulationDivergence {
  readonly t: number;
  readonly neuron: number;
  readonly variable: string;
  readonly reason: string;
}

export interface Population<Name extends string = string> {
  readonly model: NeuronModel<Name>;
  readonly n: number;
  readonly dt: number;
  readonly method: PopulationMethod;
  /** Parameter values: a number shared by all, or a Float64Array per neuron (copies; change them with `setParam`). */
  readonly params: Readonly<Record<Name, PerNeuron>>;
  /** One array per state variable, in the model's order (`model.state`). */
  readonly state: readonly Float64Array[];
  /** The membrane potential: `state[model.voltage]`. */
  readonly v: Float64Array;
  /** Time in ms at the end of the last step (steps · dt). */
  readonly t: number;
  readonly steps: number;
  /** Neurons that spiked during the last step, one entry per spike (first `spikeCount` entries), in neuron order. */
  readonly spiked: Int32Array;
  /** The spike times of those entries, located inside the step (ms). */
  readonly spikeTimes: Float64Array;
  readonly spikeCount: number;
  /** Every spike since creation, when recording (the default). */
  readonly spikes: SpikeRecord | undefined;
  /** The total input each neuron received over the last step (external + synaptic + noise), input unit. */
  readonly input: Float64Array;
  readonly divergence: PopulationDivergence | undefined;
  /** Changes a parameter from the next step on (a slider); checked like the spec, throws SpecError. */
  setParam(name: Name, value: PerNeuron): void;
  /** Advances every neuron by dt; `input` is the external current, one value for all or one per neuron. */
  step(input?: PerNeuron): void;
}

/** Problems with a population spec, in words; empty when it can be built. */
export function validatePopulation(model: NeuronModel, n: number, spec: PopulationSpec = {}): ParamProblem[] {
  const problems: ParamProblem[] = [];
  if (!Number.isInteger(n) || n < 1) problems.push({ name: 'n', message: `A population needs a whole number of neurons ≥ 1, got ${n}.` });
  const perNeuron = (name: string, value: PerNeuron, check: (x: number) => ParamProblem | undefined): void => {
    if (typeof value === 'number') {
      const problem = check(value);
      if (problem) problems.push(problem);
    } else if (value.length !== n) {
      problems.push({ name, message: `${name} has ${value.length} values for ${n} neurons.` });
    } else {
      for (let k = 0; k < value.length; k++) {
        const problem = check(value[k]!);
        if (problem) return void problems.push({ name, message: `Neuron ${k}: ${problem.message}` });
      }
    }
  };
  for (const [name, value] of Object.entries(spec.params ?? {})) {
    const spec_ = model.params.find((p) => p.name === name);
    if (!spec_) problems.push({ name, message: `Unknown parameter "${name}". Known: ${model.params.map((p) => p.name).join(', ')}.` });
    else perNeuron(name, value, (x) => checkValue(spec_, x));
  }
  const method = spec.method ?? defaultMethod(model);
  if (!(populationMethods as readonly string[]).includes(method)) {
    problems.push({ name: 'method', message: `A population's method must be one of ${populationMethods.join(', ')}, got ${JSON.stringify(method)}.` });
  } else if (methods[method].requires === 'linear' && !(model.linear && model.relaxation)) {
    problems.push({ name: 'method', message: `The exact method needs a linear model; ${model.title} is not one.` });
  } else if (methods[method].requires === 'relaxation' && !model.relaxation) {
    problems.push({ name: 'method', message: `${methods[method].title} needs the model in relaxation form; ${model.title} has none.` });
  }
  const dt = spec.dt ?? model.defaultDt;
  if (!(Number.isFinite(dt) && dt > 0 && dt <= 10)) problems.push({ name: 'dt', message: `The time step dt must be between 0 and 10 ms, got ${dt}.` });
  if (spec.seed !== undefined && !Number.isInteger(spec.seed)) problems.push({ name: 'seed', message: `seed must be a whole number, got ${spec.seed}.` });
  const finite = (name: string, min: number) => (x: number) =>
    Number.isFinite(x) && x >= min ? undefined : { name, message: `${name} must be a finite number${min > -Infinity ? ` ≥ ${min}` : ''}, got ${x}.` };
  if (spec.noise) {
    perNeuron('noise.mean', spec.noise.mean ?? 0, finite('noise.mean', -Infinity));
    perNeuron('noise.sigma', spec.noise.sigma, finite('noise.sigma', 0));
  }
  const names = model.state.map((s) => s.name);
  for (const [name, value] of Object.entries(spec.initial ?? {})) {
    if (!names.includes(name)) problems.push({ name: 'initial', message: `Unknown state variable "${name}". Known: ${names.join(', ')}.` });
    else perNeuron(`initial.${name}`, value, finite(`initial.${name}`, -Infinity));
  }
  return problems;
}

/** The model's own conditions between parameters (reset below threshold), neuron by neuron; the first failing neuron only. */
function constraintsOf(model: NeuronModel, paramsOf: readonly ParamValues[]): ParamProblem[] {
  if (!model.constraints) return [];
  for (const [k, p] of paramsOf.entries()) {
    const problems = model.constraints(p);
    if (problems.length > 0) return problems.map((problem) => ({ name: problem.name, message: `Neuron ${k}: ${problem.message}` }));
  }
  return [];
}

function defaultMethod(model: NeuronModel): PopulationMethod {
  return (populationMethods as readonly string[]).includes(model.defaultMethod) ? (model.defaultMethod as PopulationMethod) : 'rk4';
}

/** Builds a population; throws a SpecError listing every problem if the spec cannot run. */
export function createPopulation<Name extends string>(model: NeuronModel<Name>, n: number, spec: PopulationSpec = {}): Population<Name> {
  const generic = model as unknown as NeuronModel;
  const problems = validatePopulation(generic, n, spec);
  if (problems.length > 0) throw new SpecError(problems);
  const method = spec.method ?? defaultMethod(generic);
  const dt = spec.dt ?? model.defaultDt;

  // One parameter object per neuron, all built from one base so V8 gives them one shape; the stepper is handed
  // the current neuron's object by reference. Copying per-neuron values into one scratch object by name instead
  // cost more than the equations (keyed stores: 1000 Izhikevich neurons with per-neuron a, b, c, d took 1.98 s
  // per simulated second at Euler 0.1 ms, against 1.13 s with shared values).
  const base = resolveParams(generic.params, {}).values;
  const paramsOf: ParamValues[] = Array.from({ length: n }, () => ({ ...base }));
  const params = { ...base } as Record<string, PerNeuron>;
  const assign = (name: string, value: PerNeuron): void => {
    params[name] = typeof value === 'number' ? value : Float64Array.from(value);
    for (let k = 0; k < n; k++) paramsOf[k]![name] = typeof value === 'number' ? value : value[k]!;
  };
  for (const [name, value] of Object.entries(spec.params ?? {})) assign(name, value);
  const constraintProblems = constraintsOf(generic, paramsOf);
  if (constraintProblems.length > 0) throw new SpecError(constraintProblems);

  const dimension = model.state.length;
  const state = model.state.map(() => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    const rest = generic.initialState(paramsOf[k]!);
    for (let i = 0; i < dimension; i++) state[i]![k] = rest[i]!;
  }
  model.state.forEach((variable, i) => {
    const value = spec.initial?.[variable.name];
    if (typeof value === 'number') state[i]!.fill(value);
    else if (value) state[i]!.set(value);
  });

  const noiseMean = spec.noise?.mean ?? 0;
  const noiseSigma = spec.noise?.sigma ?? 0;
  const noisy = spec.noise !== undefined && (typeof noiseSigma !== 'number' || noiseSigma > 0);
  const live: Live = { p: paramsOf[0]!, holding: false, heldVoltage: 0, current: 0, stepFrom: 0 };
  const drive: Drive = { at: () => live.current, after: () => live.current, before: () => live.current, nextBreak: () => Number.POSITIVE_INFINITY };
  const v = model.voltage;
  // The model's equations with the voltage held while refractory, as run/context.ts wraps them.
  const system: OdeSystem<ParamValues> = {
    dimension,
    rhs: (t, y, dydt, _p, input) => {
      generic.rhs(t, y, dydt, live.p, input);
      if (live.holding) dydt[v] = 0;
    },
    relaxation: generic.relaxation
      ? (t, y, target, tau, _p, input) => {
          generic.relaxation!(t, y, target, tau, live.p, input);
          if (live.holding) {
            target[v] = live.heldVoltage;
            tau[v] = 1;
          }
        }
      : undefined,
  };
  // The stepper's own parameter argument is unused: the wrapped equations read the current neuron's, live.p.
  const stepper = (methods[method] as FixedStepMethod).create(system, base, drive);
  const events = generic.events;
  const work: Workspace = {
    model: generic,
    paramsOf,
    dimension,
    voltage: v,
    state,
    y: new Float64Array(dimension),
    start: new Float64Array(dimension),
    end: new Float64Array(dimension),
    refractoryUntil: new Float64Array(n).fill(Number.NEGATIVE_INFINITY),
    held: new Float64Array(n),
    live,
    stepper,
    advance: (y, h) => stepper.step(live.stepFrom, y, h),
    threshold: events ? (y) => events.threshold(y, live.p) : () => -1,
    input: new Float64Array(n),
    noise: noisy ? { random: createRandom(spec.seed ?? 1), mean: noiseMean, sigma: noiseSigma, draws: new Float64Array(n) } : undefined,
    spiked: new Int32Array(n),
    spikeTimes: new Float64Array(n),
    spikeCount: 0,
    spikes: spec.record === false ? undefined : new SpikeRecord(),
    divergence: undefined,
  };

  let steps = 0;
  return {
    model,
    n,
    dt,
    method,
    params: params as Record<Name, PerNeuron>,
    state,
    v: state[model.voltage]!,
    get t() {
      return steps * dt;
    },
    get steps() {
      return steps;
    },
    get spiked() {
      return work.spiked;
    },
    get spikeTimes() {
      return work.spikeTimes;
    },
    get spikeCount() {
      return work.spikeCount;
    },
    spikes: work.spikes,
    input: work.input,
    get divergence() {
      return work.divergence;
    },
    setParam(name, value) {
      const problems = validatePopulation(generic, n, { params: { [name]: value } });
      if (problems.length === 0) {
        const trial = paramsOf.map((q, k) => ({ ...q, [name]: typeof value === 'number' ? value : value[k]! }));
        problems.push(...constraintsOf(generic, trial));
      }
      if (problems.length > 0) throw new SpecError(problems);
      assign(name, value);
    },
    step(input = 0) {
      if (typeof input !== 'number' && input.length !== n) throw new RangeError(`step() needs ${n} input values, got ${input.length}.`);
      fillInput(work, input, dt);
      // Grid times as products, not sums, so they are the single-neuron driver's j · dt to the bit.
      stepAll(work, steps * dt, (steps + 1) * dt);
      steps++;
    },
  };
}

interface Noise {
  readonly random: RandomSource;
  readonly mean: PerNeuron;
  readonly sigma: PerNeuron;
  readonly draws: Float64Array;
}

/** DIVERGENCE_LIMIT as a module constant: an imported binding read in the hot loop cost 15 % of a step under tsx. */
const LIMIT = DIVERGENCE_LIMIT;

/** Scratch and per-neuron event state shared by every neuron's step: nothing is allocated inside a step. */
interface Workspace {
  readonly model: NeuronModel;
  readonly paramsOf: readonly ParamValues[];
  readonly dimension: number;
  readonly voltage: number;
  readonly state: readonly Float64Array[];
  /** The neuron's state while it is stepped, the state at the start of a sub-step, and scratch. */
  readonly y: Float64Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly refractoryUntil: Float64Array;
  /** The reset voltage each neuron is held at while refractory. */
  readonly held: Float64Array;
  readonly live: Live;
  readonly stepper: Stepper;
  /** Re-integrates the sub-step from `live.stepFrom` by h (for locating a crossing). */
  readonly advance: (y: Float64Array, h: number) => void;
  readonly threshold: (y: Float64Array) => number;
  readonly input: Float64Array;
  readonly noise: Noise | undefined;
  spiked: Int32Array;
  spikeTimes: Float64Array;
  spikeCount: number;
  readonly spikes: SpikeRecord | undefined;
  divergence: PopulationDivergence | undefined;
}

/** What the wrapped equations and the drive read about the neuron being stepped. */
interface Live {
  /** The parameters of the neuron being stepped. */
  p: ParamValues;
  holding: boolean;
  heldVoltage: number;
  /** Its input over this step. */
  current: number;
  stepFrom: number;
}

function fillInput(work: Workspace, external: PerNeuron, dt: number): void {
  const { input, noise } = work;
  if (typeof external === 'number') input.fill(external);
  else input.set(external);
  if (!noise) return;
  const { random, mean, sigma, draws } = noise;
  const n = input.length;
  const scale = 1 / Math.sqrt(dt);
  if (typeof sigma === 'number') {
    random.fillNormal(draws, 0, n, sigma * scale);
  } else {
    random.fillNormal(draws, 0, n, scale);
    for (let k = 0; k < n; k++) draws[k]! *= sigma[k]!;
  }
  if (typeof mean === 'number') for (let k = 0; k < n; k++) input[k]! += mean + draws[k]!;
  else for (let k = 0; k < n; k++) input[k]! += mean[k]! + draws[k]!;
}

function stepAll(work: Workspace, from: number, to: number): void {
  const { state, y, dimension, input } = work;
  const n = input.length;
  work.spikeCount = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < dimension; i++) y[i] = state[i]![k]!;
    work.live.p = work.paramsOf[k]!;
    work.live.current = input[k]!;
    stepNeuron(work, k, from, to);
    for (let i = 0; i < dimension; i++) state[i]![k] = y[i]!;
  }
}

/**
 * One neuron from `from` to `to`: fixedStepDriver's loop (engine/run/fixed-step.ts) for a constant input, so the
 * same spikes, resets and refractory splits. It re-evaluates the threshold where the driver reuses a cached
 * value: the same numbers, and nothing to invalidate when a synapse has moved v between steps.
 */
function stepNeuron(work: Workspace, k: number, from: number, to: number): void {
  const { y, start, end, stepper, threshold, voltage, dimension, refractoryUntil, live } = work;
  const events = work.model.events;
  const hasReset = events?.reset !== undefined;
  let now = from;
  let count = 0;
  while (now < to) {
    live.holding = now < refractoryUntil[k]!;
    if (live.holding) {
      live.heldVoltage = work.held[k]!;
      y[voltage] = live.heldVoltage;
    }
    const before = live.holding || !events ? 0 : threshold(y);
    if (hasReset && !live.holding && before >= 0) {
      // Above threshold at the start of a sub-step (a reset above it, or a synaptic jump across it): fire now.
      if (++count > MAX_EVENTS_PER_STEP) return diverge(work, k, now, voltage, 'runaway firing');
      fire(work, k, now);
      continue;
    }
    const until = live.holding ? Math.min(to, refractoryUntil[k]!) : to;
    for (let i = 0; i < dimension; i++) start[i] = y[i]!;
    stepper.step(now, y, until - now);
    for (let i = 0; i < dimension; i++) {
      if (!(Math.abs(y[i]!) <= LIMIT)) return diverge(work, k, until, i, Number.isNaN(y[i]!) ? 'not a number' : 'overflow');
    }
    if (events && !live.holding) {
      const after = threshold(y);
      if (before < 0 && after >= 0) {
        if (++count > MAX_EVENTS_PER_STEP) return diverge(work, k, until, voltage, 'runaway firing');
        live.stepFrom = now;
        if (hasReset) {
          now = locateCrossing(work.advance, start, y, now, until, before, after, threshold);
          fire(work, k, now);
          continue;
        }
        // No reset (Hodgkin–Huxley): only the crossing time is wanted; the step keeps its end state.
        end.set(y);
        const time = locateCrossing(work.advance, start, y, now, until, before, after, threshold);
        y.set(end);
        record(work, k, time);
      }
    }
    now = until;
  }
}

/** Records a spike at `time`, applies the reset and starts the refractory period (run/context.ts's `fire`). */
function fire(work: Workspace, k: number, time: number): void {
  record(work, k, time);
  work.model.events!.reset!(work.y, work.live.p);
  work.held[k] = work.y[work.voltage]!;
  work.refractoryUntil[k] = time + (work.model.events!.refractoryPeriod?.(work.live.p) ?? 0);
}

function record(work: Workspace, k: number, time: number): void {
  if (work.spikeCount === work.spiked.length) {
    // Only a neuron firing more than once in one step (no refractory period) can overflow one slot per neuron.
    const spiked = new Int32Array(2 * work.spiked.length);
    const times = new Float64Array(spiked.length);
    spiked.set(work.spiked);
    times.set(work.spikeTimes);
    work.spiked = spiked;
    work.spikeTimes = times;
  }
  work.spiked[work.spikeCount] = k;
  work.spikeTimes[work.spikeCount] = time;
  work.spikeCount++;
  work.spikes?.push(time, k);
}

/** Notes the first divergence; the neuron's state is kept as it is (NaN or huge) so the caller can see it. */
function diverge(work: Workspace, neuron: number, t: number, index: number, reason: string): void {
  work.divergence ??= { t, neuron, variable: work.model.state[index]!.name, reason };
}
