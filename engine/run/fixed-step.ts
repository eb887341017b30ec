/**
 * The driver for fixed-step methods (Euler, RK4, exact, exponential Euler). Within one grid step it never
 * crosses a stimulus edge, a scheduled jump or the end of refractoriness (the step is split there), and it
 * locates a threshold crossing inside the step on the method's own solution, so spike times carry the
 * method's error rather than the grid's.
 */
import type { Stepper } from '../integrators/integrator.ts';
import { allFinite, applyImpulses, checkFinite, fire, nextStop, resolveCrossing, tooManyEvents, updateHolding, MAX_EVENTS_PER_STEP, type RunContext } from './context.ts';

/** Steps the run from `from` to `to` (ms); false once it has ended early (diverged). */
export type StepDriver = (from: number, to: number) => boolean;

/** The grid a fixed-step run keeps to: step j goes from j·dt to (j + 1)·dt, and the last one ends at the duration. */
export interface Grid {
  readonly dt: number;
  readonly steps: number;
  readonly duration: number;
}

/**
 * Takes the grid's steps `first` … `last − 1`; false once the run has ended early (diverged). The caller passes
 * step numbers, not times: a time is a fraction, and a fraction passed to a function the engine does not inline
 * is copied to the heap, two per step, a megabyte of garbage per 40 000-step redraw.
 */
export type GridDriver = (first: number, last: number) => boolean;

export function fixedStepDriver(context: RunContext, stepper: Stepper, grid: Grid): GridDriver {
  const { y, model, params } = context;
  const events = model.events;
  const threshold = (state: Float64Array) => events!.threshold(state, params);
  // Most runs have no scheduled jumps and no refractory period: their steps skip that bookkeeping.
  const jumps = context.impulses !== undefined;
  const holds = context.refractoryPeriod > 0;
  const dimension = context.dimension;
  const start = new Float64Array(dimension);
  const end = new Float64Array(context.dimension);

  // The threshold at the end of the last plain step, which is where the next one starts: saves evaluating it
  // twice per step. NaN means unknown (after a reset, a jump, or at the start). Kept in a typed array because
  // a number captured by a closure lives boxed on the heap, and a new box per step is garbage to collect.
  const knownCell = new Float64Array(1).fill(Number.NaN);
  const { dt, steps, duration } = grid;

  return (first, last) => {
    let known = knownCell[0]!;
    for (let j = first; j < last; j++) {
      const to = j + 1 >= steps ? duration : (j + 1) * dt;
      let now = j * dt;
      let count = 0;
      while (now < to) {
        if (jumps && applyImpulses(context, now)) known = Number.NaN;
        if (holds) updateHolding(context, now);
        if (events && context.hasReset && !context.holding && (Number.isNaN(known) ? events.threshold(y, params) : known) >= 0) {
          known = Number.NaN;
          if (++count > MAX_EVENTS_PER_STEP) return tooManyEvents(context, now);
          fire(context, now);
          if (context.divergence) return false;
          continue;
        }
        const until = nextStop(context, now, to);
        // Element by element: TypedArray.set costs more than the copy itself for a handful of variables.
        for (let i = 0; i < dimension; i++) start[i] = y[i]!;
        stepper.step(now, y, until - now);
        if (!allFinite(y) && !checkFinite(context, until)) return false;
        if (events && !context.holding) {
          // The threshold where this step started, known when the last step ended there untouched (no reset, jump or hold).
          const before = Number.isNaN(known) ? events.threshold(start, params) : known;
          const after = events.threshold(y, params);
          known = after;
          if (before < 0 && after >= 0) {
            if (++count > MAX_EVENTS_PER_STEP) return tooManyEvents(context, until);
            const stepFrom = now;
            known = Number.NaN;
            now = resolveCrossing(context, (state, h) => stepper.step(stepFrom, state, h), start, end, now, until, before, after, threshold);
            if (context.divergence) return false;
            continue;
          }
        } else known = Number.NaN;
        now = until;
      }
      if (jumps && applyImpulses(context, to)) known = Number.NaN;
    }
    knownCell[0] = known;
    return true;
  };
}
