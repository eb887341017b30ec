/**
 * Running a single neuron: `createSimulation` gives a stepper a widget can drive frame by frame, and
 * `simulate` runs it headless to the end. Both sample the chosen state variables every `sampleEvery` ms
 * and record spike times located inside the step (or, for published numerics, at the step's start).
 *
 * Events are handled apart from the equations (see run/context.ts): threshold crossings, resets,
 * refractoriness, scheduled jumps and divergence are the same for every integration method.
 */
import type { FixedStepMethod } from './integrators/integrator.ts';
import { isMethodId, methods, type MethodId } from './integrators/index.ts';
import type { NeuronModel } from './models/model.ts';
import { resolveParams, type ParamProblem, type ParamValues } from './params/registry.ts';
import { ADAPTIVE_NOT_LOADED, loadedAdaptiveDriver } from './run/adaptive-loader.ts';
// Registers the adaptive method wherever this module runs in Node. A page's build drops this import (engine modules
// are side-effect free there, site/lib/vite-worker-chunks.mjs) and loads the method when needed (run/adaptive-loader.ts).
import './run/adaptive.ts';
import { createContext, type Divergence } from './run/context.ts';
import { fixedStepDriver, type GridDriver, type StepDriver } from './run/fixed-step.ts';
import { freshArrays, type TraceBuffers } from './run/trace-buffers.ts';
import { publishedDriver } from './run/published.ts';
import { compileStimulus, normaliseStimulus, resolveStimulus, type Drive, type StimulusInput } from './stimuli/stimulus.ts';
import { MAX_STEPS, SpecError } from './spec-error.ts';

export type { Divergence, TraceBuffers };
export { createTraceBuffers } from './run/trace-buffers.ts';

export interface SimulationSpec<Name extends string = string> {
  readonly model: NeuronModel<Name>;
  /** Overrides of the registry's defaults; unknown names and out-of-range values are errors. */
  readonly params?: Readonly<Record<string, number>>;
  /** A constant, an expression in t (ms), or a list of components, in the model's input unit. */
  readonly stimulus?: StimulusInput;
  /** Defaults to the model's own method. */
  readonly method?: MethodId;
  /** Time step in ms (for the adaptive method, the first step to try and a fifth of the longest); defaults to the model's. */
  readonly dt?: number;
  /** Simulated time in ms. */
  readonly duration: number;
  /** Initial state, whole or by variable name; missing values take the model's resting state. */
  readonly initial?: ArrayLike<number> | Readonly<Record<string, number>>;
  /** State variables to keep traces of; all by default. */
  readonly record?: readonly string[];
  /** Sampling interval of the traces, ms; a multiple of dt for fixed-step methods. Defaults to dt. */
  readonly sampleEvery?: number;
  /** Seed for random parts that name no seed of their own (noise, Poisson input). */
  readonly seed?: number;
  /** Tolerances of the adaptive method. */
  readonly rtol?: number;
  readonly atol?: number;
  /** Most steps the adaptive method may try before the run stops as diverged; defaults to MAX_STEPS. Not a scenario field. */
  readonly maxSteps?: number;
  /** Arrays to record the traces into, reused from the caller's previous run (see run/trace-buffers.ts). Not a scenario field. */
  readonly buffers?: TraceBuffers;
}

export interface SimulationResult {
  /** Sample times in ms: 0, sampleEvery, …, duration (fewer if the run diverged). */
  readonly t: Float64Array;
  /** One array per recorded state variable, by name, on the sample times. */
  readonly traces: Readonly<Record<string, Float64Array>>;
  /** The injected input on the sample times, in the model's input unit. */
  readonly input: Float64Array;
  /** Spike times in ms. */
  readonly spikes: Float64Array;
  readonly params: ParamValues;
  readonly method: MethodId;
  readonly dt: number;
  readonly divergence?: Divergence;
}

export { MAX_STEPS, SpecError };
const DEFAULT_RTOL = 1e-6;
const DEFAULT_ATOL = 1e-9;
/**
 * The adaptive method's longest step, in units of dt. Unbounded, its steps grew at a stable resting state until they
 * left the explicit method's region of stability, which its error estimate notices only once the state has moved
 * by about the tolerance: Hodgkin–Huxley and the EIF at rest drifted by up to 2e-5 mV. At 5·dt they stay within
 * 1e-9 mV (test/unit/hodgkin-huxley.test.ts, nonlinear-if.test.ts), and a second of Hodgkin–Huxley costs 19,700
 * evaluations of the right-hand side against 17,600 unbounded.
 */
const MAX_STEP_PER_DT = 5;

export interface CheckedSpec {
  readonly params: ParamValues;
  readonly method: MethodId;
  readonly dt: number;
  readonly sampleEvery: number;
  readonly problems: ParamProblem[];
}

export function validateSpec<Name extends string>(spec: SimulationSpec<Name>): CheckedSpec {
  const { model } = spec;
  const { values, problems } = resolveParams(model.params, spec.params);
  if (problems.length === 0 && model.constraints) problems.push(...model.constraints(values));
  problems.push(...resolveStimulus(normaliseStimulus(spec.stimulus), model.input).problems);
  const method = spec.method ?? model.defaultMethod;
  if (!isMethodId(method)) {
    problems.push({ name: 'method', message: `Unknown method "${String(method)}". Known: ${Object.keys(methods).join(', ')}.` });
  } else {
    const requirement = methods[method].requires;
    if (requirement === 'linear' && !(model.linear && model.relaxation)) {
      problems.push({ name: 'method', message: `The exact method needs a linear model; ${model.title} is not one.` });
    } else if (requirement === 'relaxation' && !model.relaxation) {
      problems.push({ name: 'method', message: `${methods[method].title} needs the model in relaxation form; ${model.title} has none.` });
    } else if (requirement === 'published' && !model.published) {
      problems.push({ name: 'method', message: `${model.title} has no published numerics to reproduce.` });
    }
  }
  const dt = spec.dt ?? model.defaultDt;
  if (!(Number.isFinite(dt) && dt > 0 && dt <= 10)) problems.push({ name: 'dt', message: `The time step dt must be between 0 and 10 ms, got ${dt}.` });
  const { duration } = spec;
  if (!(Number.isFinite(duration) && duration > 0 && duration <= 100_000)) {
    problems.push({ name: 'duration', message: `The duration must be between 0 and 100000 ms, got ${duration}.` });
  } else if (dt > 0 && duration / dt > MAX_STEPS) {
    problems.push({ name: 'dt', message: `${duration} ms at dt = ${dt} ms is more than ${MAX_STEPS} steps; use a larger dt or a shorter run.` });
  }
  const sampleEvery = spec.sampleEvery ?? dt;
  const fixed = isMethodId(method) && methods[method].kind !== 'adaptive';
  if (!(Number.isFinite(sampleEvery) && sampleEvery > 0 && (!fixed || sampleEvery >= dt * (1 - 1e-9)))) {
    problems.push({ name: 'sampleEvery', message: `sampleEvery must be at least dt (${dt} ms), got ${sampleEvery}.` });
  } else if (fixed && Math.abs(sampleEvery / dt - Math.round(sampleEvery / dt)) > 1e-6) {
    problems.push({ name: 'sampleEvery', message: `sampleEvery (${sampleEvery} ms) must be a whole multiple of dt (${dt} ms).` });
  }
  const names = model.state.map((s) => s.name);
  for (const name of spec.record ?? []) {
    if (!names.includes(name)) problems.push({ name: 'record', message: `Cannot record "${name}": ${model.title} has ${names.join(', ')}.` });
  }
  const initial = spec.initial;
  if (initial && isArrayLike(initial)) {
    if (initial.length !== names.length) problems.push({ name: 'initial', message: `The initial state needs ${names.length} values (${names.join(', ')}).` });
  } else if (initial) {
    for (const [name, value] of Object.entries(initial)) {
      if (!names.includes(name)) problems.push({ name: 'initial', message: `Unknown state variable "${name}" in initial. Known: ${names.join(', ')}.` });
      else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ name: 'initial', message: `initial.${name} must be a finite number.` });
    }
  }
  if (spec.seed !== undefined && !(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed < 2 ** 31)) {
    problems.push({ name: 'seed', message: `seed must be an integer from 0 to 2147483647, got ${spec.seed}.` });
  }
  for (const key of ['rtol', 'atol'] as const) {
    const value = spec[key];
    if (value !== undefined && !(value > 0 && value < 1)) problems.push({ name: key, message: `${key} must be between 0 and 1, got ${value}.` });
  }
  return { params: values, method: isMethodId(method) ? method : 'euler', dt, sampleEvery, problems };
}

function isArrayLike(value: ArrayLike<number> | Readonly<Record<string, number>>): value is ArrayLike<number> {
  return typeof (value as ArrayLike<number>).length === 'number';
}

function initialState(spec: SimulationSpec, params: ParamValues): Float64Array {
  const { model, initial } = spec;
  if (initial && isArrayLike(initial)) return Float64Array.from(initial);
  const y = model.initialState(params);
  if (initial) model.state.forEach((s, i) => (initial[s.name] !== undefined ? (y[i] = initial[s.name]!) : undefined));
  return y;
}

export interface Simulation {
  /** Number of sample intervals in the run. */
  readonly steps: number;
  /** Sample intervals done so far. */
  readonly done: number;
  /** Spikes so far, and the time of the latest (NaN before the first), without copying the list. */
  readonly spikeCount: number;
  readonly lastSpike: number;
  /** Advances up to `count` sample intervals; returns false once the run has ended (finished or diverged). */
  advance(count: number): boolean;
  /** The recording so far, as views (no copy). */
  result(): SimulationResult;
}

export function createSimulation<Name extends string>(spec: SimulationSpec<Name>): Simulation {
  const checked = validateSpec(spec);
  if (checked.problems.length > 0) throw new SpecError(checked.problems);
  const { params, method, dt, sampleEvery } = checked;
  const model = spec.model as NeuronModel;
  const { duration } = spec;
  const drive: Drive = compileStimulus(normaliseStimulus(spec.stimulus), model.input, { dt, duration, ...(spec.seed !== undefined ? { seed: spec.seed } : {}) });
  const y = initialState(spec as SimulationSpec, params);
  const seed = spec.seed ?? 1;
  const context = createContext(model, params, drive, y, model.impulses?.(params, { duration, seed }));

  const info = methods[method];
  const fixedSteps = Math.max(1, Math.ceil(duration / dt - 1e-9));
  const stepTime = (j: number): number => (j >= fixedSteps ? duration : j * dt);
  const stride = Math.max(1, Math.round(sampleEvery / dt));
  const samples = info.kind === 'adaptive' ? Math.max(1, Math.ceil(duration / sampleEvery - 1e-9)) : Math.ceil(fixedSteps / stride);
  const sampleTime = (k: number): number => (info.kind === 'adaptive' ? (k >= samples ? duration : k * sampleEvery) : stepTime(Math.min(fixedSteps, k * stride)));

  // The adaptive method steps across sample times and samples its dense output; the others keep to the grid j·dt
  // (see run/fixed-step.ts).
  const grid = { dt, steps: fixedSteps, duration };
  let driver: StepDriver | undefined;
  let gridDriver: GridDriver | undefined;
  if (info.kind === 'fixed') gridDriver = fixedStepDriver(context, (info as FixedStepMethod).create(context.system, params, drive), grid);
  else if (info.kind === 'adaptive') {
    const adaptiveDriver = loadedAdaptiveDriver();
    if (!adaptiveDriver) throw new SpecError([{ name: 'method', message: ADAPTIVE_NOT_LOADED }]);
    driver = adaptiveDriver(context, { rtol: spec.rtol ?? DEFAULT_RTOL, atol: spec.atol ?? DEFAULT_ATOL, initialStep: dt, maxStep: MAX_STEP_PER_DT * dt, maxSteps: spec.maxSteps ?? MAX_STEPS }, duration);
  } else gridDriver = publishedDriver(context, model.published!, grid);

  const recorded = spec.record ?? model.state.map((s) => s.name);
  const indices = recorded.map((name) => model.state.findIndex((s) => s.name === name));
  const [t, input, ...traces] = (spec.buffers ?? freshArrays).take(indices.length + 2, samples + 1) as [Float64Array, Float64Array, ...Float64Array[]];
  let done = 0;

  const record = (k: number): void => {
    const time = sampleTime(k);
    t[k] = time;
    input[k] = drive.at(time);
    for (let i = 0; i < indices.length; i++) traces[i]![k] = y[indices[i]!]!;
  };
  record(0);

  return {
    steps: samples,
    get done() {
      return done;
    },
    get spikeCount() {
      return context.spikes.length;
    },
    get lastSpike() {
      return context.spikes.length > 0 ? context.spikes[context.spikes.length - 1]! : Number.NaN;
    },
    advance(count) {
      const last = Math.min(samples, done + count);
      if (driver) {
        while (done < last && !context.divergence) {
          if (!driver(sampleTime(done), sampleTime(done + 1))) break;
          done += 1;
          record(done);
        }
        return done < samples && !context.divergence;
      }
      // Fixed-step and published drivers step on the global grid j·dt, a sample interval's steps per call.
      while (done < last && !context.divergence) {
        if (!gridDriver!(done * stride, Math.min(fixedSteps, (done + 1) * stride))) break;
        done += 1;
        record(done);
      }
      return done < samples && !context.divergence;
    },
    result() {
      const length = done + 1;
      const named: Record<string, Float64Array> = {};
      recorded.forEach((name, i) => (named[name] = traces[i]!.subarray(0, length)));
      return {
        t: t.subarray(0, length),
        traces: named,
        input: input.subarray(0, length),
        spikes: Float64Array.from(context.spikes),
        params,
        method,
        dt,
        ...(context.divergence ? { divergence: context.divergence } : {}),
      };
    },
  };
}

/** Runs to the end. Throws SpecError for a specification that cannot run; reports divergence in the result. */
export function simulate<Name extends string>(spec: SimulationSpec<Name>): SimulationResult {
  const run = createSimulation(spec);
  run.advance(run.steps);
  return run.result();
}
