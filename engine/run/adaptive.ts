/**
 * The driver for the adaptive Dormand–Prince 5(4) method: each step is accepted when its estimated local
 * error is within the tolerances (rtol relative, atol absolute), and the next step size follows from the
 * error (the usual 0.9·err^(−1/5) rule, bounded between ×0.2 and ×5). Steps end at stimulus edges, jumps and
 * refractory ends, where the equations change, but not at sample times: a step that runs past one gives the
 * sample from the method's continuous extension (order 4), as SciPy's solve_ivp does for t_eval. Ending steps at
 * every sample made a second of Hodgkin–Huxley sampled every 0.1 ms take 63,700 evaluations of the right-hand
 * side; it now takes 19,700 (17,600 without the longest step that simulate.ts sets). Threshold crossings are
 * located inside an accepted step by re-integrating from its start with single fifth-order steps.
 */
import { createDopri5, interpolate } from '../integrators/dopri5.ts';
import { pow } from '../math/deterministic.ts';
import { applyImpulses, checkFinite, diverge, fire, nextStop, resolveCrossing, tooManyEvents, updateHolding, MAX_EVENTS_PER_STEP, type RunContext } from './context.ts';
import { registerAdaptiveDriver } from './adaptive-loader.ts';
import type { StepDriver } from './fixed-step.ts';

export interface Tolerances {
  readonly rtol: number;
  readonly atol: number;
  /** First step size to try, ms. */
  readonly initialStep: number;
  /** Longest step, ms (see the driver). */
  readonly maxStep: number;
  /**
   * Most steps (accepted and rejected) the whole run may try. A stiff blow-up (a gate rate that grows
   * exponentially with the voltage) can shrink the step to 1e-8 ms without ever reaching MIN_STEP, which
   * would run for minutes; past this budget the run stops as diverged instead.
   */
  readonly maxSteps: number;
}

const MIN_STEP = 1e-10;
/**
 * Integrate-and-fire models with an exponential or quadratic upswing blow up in finite time just before
 * their numerical cut-off, and no step is accurate there. A step this short that reaches the threshold is
 * accepted anyway: the spike time is then known to within it, and the state after it is replaced by the reset.
 */
const SPIKE_STEP = 1e-6;

/** `end` is the end of the run (ms), where the last step must stop. */
export function adaptiveDriver(context: RunContext, tolerances: Tolerances, end: number): StepDriver {
  const { y, model, params } = context;
  const events = model.events;
  const threshold = (state: Float64Array) => events!.threshold(state, params);
  // Without a refractory period the right-hand side is the model's own, a function of its arguments alone.
  const stepper = createDopri5(context.system, params, context.drive, tolerances.rtol, tolerances.atol, context.refractoryPeriod === 0);
  const start = new Float64Array(context.dimension);
  const crossingEnd = new Float64Array(context.dimension);
  const out = new Float64Array(context.dimension);
  const dimension = context.dimension;
  // When the last step ran past the sample asked for: the state where it ended (the front), and its dense output.
  // Between calls context.y then holds the sample, interpolated; the next call resumes from the front.
  const front = new Float64Array(dimension);
  const dense = new Float64Array(5 * dimension);
  const frontCell = new Float64Array([Number.NaN, 0, 0]); // front time (NaN: none), dense step start, dense step length
  const sampleAt = (time: number): void => {
    if (time === frontCell[0]) for (let i = 0; i < dimension; i++) y[i] = front[i]!;
    else interpolate(dense, (time - frontCell[1]!) / frontCell[2]!, y);
  };
  // Most runs have no scheduled jumps and no refractory period: their steps skip that bookkeeping.
  const jumps = context.impulses !== undefined;
  const holds = context.refractoryPeriod > 0;
  let h = tolerances.initialStep;
  let tried = 0;

  return (from, to) => {
    let now = from;
    const frontTime = frontCell[0]!;
    if (frontTime > from) {
      if (to <= frontTime) {
        sampleAt(to);
        return true;
      }
      for (let i = 0; i < dimension; i++) y[i] = front[i]!;
      now = frontTime;
    }
    frontCell[0] = Number.NaN;
    let count = 0;
    // Set when a reset would fall after the sample inside a step that runs past it: the step is retaken to the
    // sample, so the sample is of the trajectory before the reset.
    let stopAtSample = false;
    while (now < to) {
      if (jumps) applyImpulses(context, now);
      if (holds) updateHolding(context, now);
      if (events && context.hasReset && !context.holding && threshold(y) >= 0) {
        if (++count > MAX_EVENTS_PER_STEP) return tooManyEvents(context, now);
        fire(context, now);
        if (context.divergence) return false;
        continue;
      }
      const until = nextStop(context, now, stopAtSample ? to : end);
      const allowed = Math.min(h, tolerances.maxStep);
      let truncated = allowed >= until - now;
      let step = truncated ? until - now : allowed;
      let error = 0;
      // Near the blow-up before a spike the error control asks for ever shorter steps; a probe step of
      // SPIKE_STEP that reaches the threshold is taken instead (see SPIKE_STEP).
      let probed = false;
      if (h < SPIKE_STEP && events && context.hasReset && !context.holding) {
        const probe = Math.min(SPIKE_STEP, until - now);
        stepper.attempt(now, y, probe, out);
        if (threshold(out) >= 0) {
          probed = true;
          step = probe;
          truncated = probe === until - now;
        }
      }
      if (++tried > tolerances.maxSteps) {
        diverge(context, now, model.voltage, y[model.voltage]!, 'too many steps',
          `The error control needed more than ${tolerances.maxSteps.toLocaleString('en')} steps: the equations became too stiff to follow.`);
        return false;
      }
      if (!probed) error = stepper.attempt(now, y, step, out);
      const factor = error === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * pow(error, -0.2)));
      if (!(error <= 1)) {
        h = step * (Number.isFinite(factor) ? factor : 0.2);
        if (h < MIN_STEP) {
          diverge(context, now, model.voltage, y[model.voltage]!, 'step size underflow', 'The error control needed steps shorter than 1e-10 ms.');
          return false;
        }
        continue;
      }
      // Element by element: TypedArray.set costs more than the copy itself for a handful of variables.
      for (let i = 0; i < dimension; i++) {
        start[i] = y[i]!;
        y[i] = out[i]!;
      }
      const stepEnd = truncated ? until : now + step;
      if (!checkFinite(context, stepEnd)) return false;
      // A step cut short by an edge says nothing about how large the next one may be.
      h = truncated ? Math.max(h, step * factor) : step * factor;
      const pastSample = stepEnd > to;
      // Now, before locating a crossing re-integrates and overwrites the step's slopes.
      if (pastSample) {
        stepper.denseOutput(start, y, stepEnd - now, dense);
        frontCell[1] = now;
        frontCell[2] = stepEnd - now;
      }
      if (events && !context.holding) {
        const before = threshold(start);
        const after = threshold(y);
        if (before < 0 && after >= 0) {
          if (pastSample && context.hasReset) {
            for (let i = 0; i < dimension; i++) y[i] = start[i]!;
            stopAtSample = true;
            continue;
          }
          if (++count > MAX_EVENTS_PER_STEP) return tooManyEvents(context, stepEnd);
          const stepFrom = now;
          now = resolveCrossing(context, (state, length) => stepper.step(stepFrom, state, length), start, crossingEnd, now, stepEnd, before, after, threshold);
          if (context.divergence) return false;
          continue;
        }
      }
      now = stepEnd;
    }
    if (now > to) {
      for (let i = 0; i < dimension; i++) front[i] = y[i]!;
      frontCell[0] = now;
      sampleAt(to);
      return true;
    }
    if (jumps) applyImpulses(context, to);
    return true;
  };
}

// Whoever evaluates this module (Node through simulate.ts, a page through loadAdaptiveDriver) makes the method available.
registerAdaptiveDriver(adaptiveDriver);
