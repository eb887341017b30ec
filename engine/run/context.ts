/**
 * The state one run carries between its driver loops: the model and its parameters, the input, the
 * state vector, spikes, refractoriness, scheduled jumps, and the divergence verdict. The helpers here
 * (firing, holding the voltage, applying jumps, checking for blow-up) are shared by every driver, so a
 * fixed-step, an adaptive and a published run treat events identically.
 */
import type { OdeSystem } from '../integrators/integrator.ts';
import type { Impulses, NeuronModel } from '../models/model.ts';
import type { ParamValues } from '../params/registry.ts';
import type { Drive } from '../stimuli/stimulus.ts';

export interface Divergence {
  readonly t: number;
  readonly variable: string;
  readonly value: number;
  /** Short cause: 'not a number', 'overflow', 'runaway firing', 'step size underflow', 'too many steps'. */
  readonly reason: string;
  /** A sentence for the page. */
  readonly message: string;
}

/** Beyond this magnitude a state variable is taken as diverging (overflow of an exponential, runaway). */
export const DIVERGENCE_LIMIT = 1e12;
/** Firing this fast has no neuron behind it: the 1000 latest spikes within 1 ms (mean interval below 1 µs). */
const RUNAWAY_SPIKES = 1000;
const RUNAWAY_WINDOW = 1;

export interface RunContext {
  readonly model: NeuronModel;
  readonly params: ParamValues;
  readonly drive: Drive;
  readonly y: Float64Array;
  readonly dimension: number;
  /** The model's equations with the voltage held while refractory. */
  readonly system: OdeSystem<ParamValues>;
  readonly spikes: number[];
  readonly refractoryPeriod: number;
  readonly hasReset: boolean;
  refractoryUntil: number;
  heldVoltage: number;
  /** True while the voltage is held (read by the wrapped right-hand side). */
  holding: boolean;
  readonly impulses: Impulses | undefined;
  nextImpulse: number;
  /** Cached next stimulus discontinuity after the current time. */
  nextBreak: number;
  divergence: Divergence | undefined;
}

export function createContext(model: NeuronModel, params: ParamValues, drive: Drive, y: Float64Array, impulses: Impulses | undefined): RunContext {
  const v = model.voltage;
  const refractoryPeriod = model.events?.refractoryPeriod?.(params) ?? 0;
  // The voltage is held only during a refractory period (see updateHolding); without one, the model's own
  // equations serve as they are, one call fewer at every stage of every step.
  const holds = refractoryPeriod > 0;
  const context: RunContext = {
    model,
    params,
    drive,
    y,
    dimension: y.length,
    spikes: [],
    refractoryPeriod,
    hasReset: model.events?.reset !== undefined,
    refractoryUntil: Number.NEGATIVE_INFINITY,
    heldVoltage: 0,
    holding: false,
    impulses,
    nextImpulse: 0,
    nextBreak: Number.NEGATIVE_INFINITY,
    divergence: undefined,
    system: {
      dimension: y.length,
      rhs: holds
        ? (t, state, dydt, p, input) => {
            model.rhs(t, state, dydt, p, input);
            if (context.holding) dydt[v] = 0;
          }
        : model.rhs,
      relaxation: holds && model.relaxation
        ? (t, state, target, tau, p, input) => {
            model.relaxation!(t, state, target, tau, p, input);
            if (context.holding) {
              target[v] = context.heldVoltage;
              tau[v] = 1;
            }
          }
        : model.relaxation,
    },
  };
  return context;
}

/** The next time a step must end at: a stimulus edge, a scheduled jump, or the end of refractoriness. */
export function nextStop(context: RunContext, now: number, limit: number): number {
  // The stimulus's next edge is looked up again only once it has been passed.
  if (!(context.nextBreak > now)) context.nextBreak = context.drive.nextBreak(now);
  let stop = Math.min(limit, context.nextBreak);
  const impulses = context.impulses;
  if (impulses && context.nextImpulse < impulses.times.length) stop = Math.min(stop, impulses.times[context.nextImpulse]!);
  if (now < context.refractoryUntil) stop = Math.min(stop, context.refractoryUntil);
  return stop;
}

/** Applies every scheduled jump due at or before `time` (called when a step lands on one); true if any. */
export function applyImpulses(context: RunContext, time: number): boolean {
  const impulses = context.impulses;
  if (!impulses) return false;
  const first = context.nextImpulse;
  while (context.nextImpulse < impulses.times.length && impulses.times[context.nextImpulse]! <= time) {
    const k = context.nextImpulse++;
    context.y[impulses.variable[k]!]! += impulses.amount[k]!;
  }
  return context.nextImpulse > first;
}

/** Sets `holding` for the step starting at `now`, and clamps the voltage while it holds. */
export function updateHolding(context: RunContext, now: number): void {
  context.holding = now < context.refractoryUntil;
  if (context.holding) context.y[context.model.voltage] = context.heldVoltage;
}

/**
 * Records a spike at `time`, applies the reset and starts refractoriness; flags runaway firing.
 * `applyReset` is false for published numerics, whose own loop has already reset the state.
 */
export function fire(context: RunContext, time: number, applyReset = true): void {
  const { spikes, model } = context;
  spikes.push(time);
  const reset = model.events?.reset;
  if (reset && applyReset) {
    reset(context.y, context.params);
    context.heldVoltage = context.y[model.voltage]!;
    context.refractoryUntil = time + context.refractoryPeriod;
  }
  const n = spikes.length;
  if (n >= RUNAWAY_SPIKES && time - spikes[n - RUNAWAY_SPIKES]! < RUNAWAY_WINDOW) {
    diverge(context, time, model.voltage, context.y[model.voltage]!, 'runaway firing',
      `${RUNAWAY_SPIKES} spikes within ${RUNAWAY_WINDOW} ms: the firing rate grows without bound, so the equations have no solution to follow.`);
  }
}

export function diverge(context: RunContext, t: number, index: number, value: number, reason: string, detail: string): void {
  if (context.divergence) return;
  const variable = context.model.state[index]!.name;
  context.divergence = {
    t,
    variable,
    value,
    reason,
    message:
      `The simulation diverged at t = ${t.toFixed(3)} ms (${variable}: ${reason}). ${detail} ` +
      'Try a smaller time step, another integration method, or parameters in their usual range.',
  };
}

/** The fast check drivers run every step; `checkFinite` then says what went wrong. */
export function allFinite(y: Float64Array): boolean {
  for (let i = 0; i < y.length; i++) if (!(Math.abs(y[i]!) <= DIVERGENCE_LIMIT)) return false;
  return true;
}

/** Flags NaN, infinity or overflow in the state; returns false when the run must stop. */
export function checkFinite(context: RunContext, time: number): boolean {
  const y = context.y;
  for (let i = 0; i < context.dimension; i++) {
    const value = y[i]!;
    if (Number.isNaN(value)) diverge(context, time, i, value, 'not a number', 'A value became undefined (NaN).');
    else if (!Number.isFinite(value) || Math.abs(value) > DIVERGENCE_LIMIT) diverge(context, time, i, value, 'overflow', 'A value grew beyond any physical range.');
    if (context.divergence) return false;
  }
  return true;
}

/**
 * Finds where the threshold function crosses zero inside [ta, tb] by the Illinois variant of regula falsi,
 * re-integrating from the step's start with `advance(y, h)` each time, and leaves `y` holding the state at
 * the returned time. For Euler (a straight line within the step) the first estimate is already exact.
 */
export function locateCrossing(
  advance: (y: Float64Array, h: number) => void,
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
    if (time > ta) advance(y, time - ta);
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

/** A reset that lands above threshold with no refractory period would fire for ever inside one step. */
export const MAX_EVENTS_PER_STEP = 10_000;

/** Reports runaway firing inside one step; returns false so a driver can `return tooManyEvents(...)`. */
export function tooManyEvents(context: RunContext, time: number): boolean {
  const v = context.model.voltage;
  diverge(context, time, v, context.y[v]!, 'runaway firing', `More than ${MAX_EVENTS_PER_STEP} spikes inside one time step.`);
  return false;
}

/**
 * After a step from `start` (at ts) to `y` (at te) whose threshold went from `before` < 0 to `after` ≥ 0:
 * locates the crossing by re-integrating with `advance`, records the spike and applies the reset. Returns
 * the time the next step starts from: the spike time for a model with a reset (`y` then holds the reset
 * state), or te for one without (`y` keeps the step's end; only the crossing time was wanted). `end` is scratch.
 */
export function resolveCrossing(
  context: RunContext,
  advance: (y: Float64Array, h: number) => void,
  start: Float64Array,
  end: Float64Array,
  ts: number,
  te: number,
  before: number,
  after: number,
  threshold: (y: Float64Array) => number,
): number {
  const y = context.y;
  if (context.hasReset) {
    const time = locateCrossing(advance, start, y, ts, te, before, after, threshold);
    fire(context, time);
    return time;
  }
  end.set(y);
  const time = locateCrossing(advance, start, y, ts, te, before, after, threshold);
  y.set(end);
  fire(context, time);
  return te;
}
