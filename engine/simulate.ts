/**
 * Running a single neuron: `createSimulation` gives a stepper a widget can drive frame by frame, and
 * `simulate` runs it headless to the end. Both record the state on the grid t_k = k·dt and the spike times.
 *
 * Events are handled apart from the equations. Within a step the integrator never crosses a stimulus
 * discontinuity (the step is split there), and a threshold crossing is located inside the step by
 * regula falsi on the integrator's own solution, so spike times are as accurate as the method, not
 * rounded to the grid. After a spike the reset is applied at the spike time, and the voltage is held for
 * the refractory period, which may end in the middle of a step.
 */
import type { Method, Stepper } from './integrators/integrator.ts';
import { isMethodId, methods, type MethodId } from './integrators/index.ts';
import type { NeuronModel } from './models/model.ts';
import { resolveParams, type ParamProblem, type ParamValues } from './params/registry.ts';
import { compileStimulus, resolveStimulus, type Drive, type Stimulus } from './stimuli/stimulus.ts';

export interface SimulationSpec<Name extends string = string> {
  readonly model: NeuronModel<Name>;
  /** Overrides of the registry's defaults; unknown names and out-of-range values are errors. */
  readonly params?: Readonly<Record<string, number>>;
  readonly stimulus?: Stimulus;
  readonly method?: MethodId;
  /** Time step in ms. */
  readonly dt: number;
  /** Simulated time in ms. */
  readonly duration: number;
  /** Initial state; defaults to the model's own (rest). */
  readonly initial?: ArrayLike<number>;
}

export interface Divergence {
  readonly t: number;
  readonly variable: string;
  readonly value: number;
  readonly message: string;
}

export interface SimulationResult {
  /** Grid times in ms, t[0] = 0 and t[last] = duration (shorter if the run diverged). */
  readonly t: Float64Array;
  /** One array per state variable, by name, sampled on the grid. */
  readonly traces: Readonly<Record<string, Float64Array>>;
  /** The injected current on the grid, in the model's current unit. */
  readonly input: Float64Array;
  /** Spike times in ms, located inside the step. */
  readonly spikes: Float64Array;
  readonly params: ParamValues;
  readonly method: MethodId;
  readonly divergence?: Divergence;
}

/** A specification that cannot be run, with every problem stated for the reader. */
export class SpecError extends Error {
  readonly problems: readonly ParamProblem[];
  constructor(problems: readonly ParamProblem[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'SpecError';
    this.problems = problems;
  }
}

/** Largest number of grid steps one run may take: keeps a typo in dt from freezing a tab or exhausting memory. */
export const MAX_STEPS = 5_000_000;
/** Beyond this magnitude a state variable is taken as diverging (overflow of an exponential, runaway). */
const DIVERGENCE_LIMIT = 1e12;
/** A reset that lands above threshold with no refractory period would fire for ever inside one step. */
const MAX_EVENTS_PER_STEP = 10_000;

export function validateSpec<Name extends string>(spec: SimulationSpec<Name>): { params: ParamValues<Name>; method: MethodId; problems: ParamProblem[] } {
  const { model } = spec;
  const { values, problems } = resolveParams(model.params, spec.params);
  if (problems.length === 0 && model.constraints) problems.push(...model.constraints(values));
  problems.push(...resolveStimulus(spec.stimulus ?? [], model.currentUnit).problems);
  const method = spec.method ?? model.defaultMethod;
  if (!isMethodId(method)) {
    problems.push({ name: 'method', message: `Unknown method "${String(method)}". Known: ${Object.keys(methods).join(', ')}.` });
  } else if (methods[method].needsRelaxation && !model.relaxation) {
    problems.push({ name: 'method', message: `The ${method} method needs a linear model; ${model.title} is not one.` });
  }
  if (!(Number.isFinite(spec.dt) && spec.dt > 0 && spec.dt <= 10)) {
    problems.push({ name: 'dt', message: `The time step dt must be between 0 and 10 ms, got ${spec.dt}.` });
  }
  if (!(Number.isFinite(spec.duration) && spec.duration > 0 && spec.duration <= 100_000)) {
    problems.push({ name: 'duration', message: `The duration must be between 0 and 100000 ms, got ${spec.duration}.` });
  } else if (spec.dt > 0 && spec.duration / spec.dt > MAX_STEPS) {
    problems.push({ name: 'dt', message: `${spec.duration} ms at dt = ${spec.dt} ms is more than ${MAX_STEPS} steps; use a larger dt or a shorter run.` });
  }
  if (spec.initial && spec.initial.length !== model.state.length) {
    problems.push({ name: 'initial', message: `The initial state needs ${model.state.length} values (${model.state.map((s) => s.name).join(', ')}).` });
  }
  return { params: values, method: isMethodId(method) ? method : 'euler', problems };
}

export interface Simulation {
  readonly steps: number;
  /** Grid steps done so far. */
  readonly done: number;
  /** Advances up to `count` grid steps; returns false once the run has ended (finished or diverged). */
  advance(count: number): boolean;
  /** The recording so far, as views (no copy). */
  result(): SimulationResult;
}

export function createSimulation<Name extends string>(spec: SimulationSpec<Name>): Simulation {
  const { params, method, problems } = validateSpec(spec);
  if (problems.length > 0) throw new SpecError(problems);
  const { model, dt, duration } = spec;
  const steps = Math.max(1, Math.ceil(duration / dt - 1e-9));
  const gridTime = (k: number): number => (k >= steps ? duration : k * dt);

  const drive = compileStimulus(spec.stimulus ?? [], model.currentUnit, { dt, duration });
  const dimension = model.state.length;
  const system = {
    dimension,
    rhs: model.rhs.bind(model),
    relaxation: model.relaxation?.bind(model),
  };
  const stepper = (methods[method] as Method).create(system, params, drive);

  const y = spec.initial ? Float64Array.from(spec.initial) : model.initialState(params);
  const t = new Float64Array(steps + 1);
  const traces = model.state.map(() => new Float64Array(steps + 1));
  const input = new Float64Array(steps + 1);
  const spikes: number[] = [];
  let divergence: Divergence | undefined;
  let done = 0;

  const record = (k: number): void => {
    t[k] = gridTime(k);
    input[k] = drive.at(t[k]!);
    for (let i = 0; i < dimension; i++) traces[i]![k] = y[i]!;
  };
  record(0);

  const events = model.events;
  const refractory = events?.refractoryPeriod ? events.refractoryPeriod(params) : 0;
  const start = new Float64Array(dimension);
  let refractoryUntil = Number.NEGATIVE_INFINITY;
  let heldVoltage = 0;

  const spike = (time: number): void => {
    spikes.push(time);
    events!.reset(y, params);
    heldVoltage = y[model.voltage]!;
    refractoryUntil = time + refractory;
  };

  const checkFinite = (time: number): boolean => {
    for (let i = 0; i < dimension; i++) {
      const value = y[i]!;
      if (!Number.isFinite(value) || Math.abs(value) > DIVERGENCE_LIMIT) {
        const variable = model.state[i]!.name;
        divergence = {
          t: time,
          variable,
          value,
          message:
            `The simulation diverged at t = ${time.toFixed(3)} ms: ${variable} became ${Number.isNaN(value) ? 'NaN' : value > 0 ? 'too large' : 'too negative'}. ` +
            'Try a smaller time step, another integration method, or parameters in their usual range.',
        };
        return false;
      }
    }
    return true;
  };

  const advanceStep = (ts: number, te: number): boolean => {
    let now = ts;
    let count = 0;
    while (now < te) {
      if (now < refractoryUntil) {
        const until = Math.min(refractoryUntil, te, drive.nextBreak(now));
        // Only the voltage is held; other variables (adaptation, gates) keep evolving with it clamped.
        if (dimension > 1) stepper.step(now, y, until - now);
        y[model.voltage] = heldVoltage;
        now = until;
        continue;
      }
      if (events && events.threshold(y, params) >= 0) {
        if (++count > MAX_EVENTS_PER_STEP) throw new SpecError([{ name: 'events', message: 'The neuron fires without end inside one step; check the reset and threshold.' }]);
        spike(now);
        continue;
      }
      const until = Math.min(te, drive.nextBreak(now));
      start.set(y);
      stepper.step(now, y, until - now);
      if (!checkFinite(until)) return false;
      if (events) {
        const after = events.threshold(y, params);
        if (after >= 0) {
          const time = locateCrossing(stepper, start, y, now, until, events.threshold(start, params), after, (s) => events.threshold(s, params));
          if (++count > MAX_EVENTS_PER_STEP) throw new SpecError([{ name: 'events', message: 'The neuron fires without end inside one step; check the reset and threshold.' }]);
          spike(time);
          now = time;
          continue;
        }
      }
      now = until;
    }
    return true;
  };

  return {
    steps,
    get done() {
      return done;
    },
    advance(count) {
      const last = Math.min(steps, done + count);
      while (done < last && !divergence) {
        if (!advanceStep(gridTime(done), gridTime(done + 1))) break;
        done += 1;
        record(done);
      }
      return done < steps && !divergence;
    },
    result() {
      const length = done + 1;
      const named: Record<string, Float64Array> = {};
      model.state.forEach((s, i) => (named[s.name] = traces[i]!.subarray(0, length)));
      return {
        t: t.subarray(0, length),
        traces: named,
        input: input.subarray(0, length),
        spikes: Float64Array.from(spikes),
        params,
        method,
        ...(divergence ? { divergence } : {}),
      };
    },
  };
}

/**
 * Finds where the threshold function crosses zero inside [ta, tb] by the Illinois variant of regula falsi,
 * re-integrating from the step's start each time, and leaves `y` holding the state at the returned time.
 * For Euler (a straight line within the step) the first estimate is already exact.
 */
function locateCrossing(
  stepper: Stepper,
  start: Float64Array,
  y: Float64Array,
  ta: number,
  tb: number,
  ga: number,
  gb: number,
  threshold: (y: Float64Array) => number,
): number {
  let lo = ta;
  let hi = tb;
  let gLo = ga;
  let gHi = gb;
  let side = 0;
  let time = tb;
  for (let iteration = 0; iteration < 60; iteration++) {
    time = gHi === gLo ? hi : hi - (gHi * (hi - lo)) / (gHi - gLo);
    if (!(time > lo && time <= hi)) time = 0.5 * (lo + hi);
    y.set(start);
    if (time > ta) stepper.step(ta, y, time - ta);
    const g = threshold(y);
    if (Math.abs(g) < 1e-11 || hi - lo < 1e-12 * Math.max(1, Math.abs(tb))) break;
    if (g >= 0) {
      hi = time;
      gHi = g;
      if (side === 1) gLo /= 2;
      side = 1;
    } else {
      lo = time;
      gLo = g;
      if (side === -1) gHi /= 2;
      side = -1;
    }
  }
  return time;
}

/** Runs to the end. Throws SpecError for a specification that cannot run; reports divergence in the result. */
export function simulate<Name extends string>(spec: SimulationSpec<Name>): SimulationResult {
  const run = createSimulation(spec);
  run.advance(run.steps);
  return run.result();
}

export type { Drive };
