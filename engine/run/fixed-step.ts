/**
 * The driver for fixed-step methods (Euler, RK4, exact, exponential Euler). Within one grid step it never
 * crosses a stimulus edge, a scheduled jump or the end of refractoriness (the step is split there), and it
 * locates a threshold crossing inside the step on the method's own solution, so spike times carry the
 * method's error rather than the grid's.
 */
import type { Stepper } from '../integrators/integrator.ts';
import { applyImpulses, checkFinite, diverge, fire, locateCrossing, nextStop, updateHolding, type RunContext } from './context.ts';

/** A reset that lands above threshold with no refractory period would fire for ever inside one step. */
export const MAX_EVENTS_PER_STEP = 10_000;

export type StepDriver = (from: number, to: number) => boolean;

export function fixedStepDriver(context: RunContext, stepper: Stepper): StepDriver {
  const { y, model, params } = context;
  const events = model.events;
  const threshold = (state: Float64Array) => events!.threshold(state, params);
  const start = new Float64Array(context.dimension);
  const end = new Float64Array(context.dimension);

  const tooMany = (time: number): boolean => {
    diverge(context, time, model.voltage, y[model.voltage]!, 'runaway firing', `More than ${MAX_EVENTS_PER_STEP} spikes inside one time step.`);
    return false;
  };

  return (from, to) => {
    let now = from;
    let count = 0;
    while (now < to) {
      applyImpulses(context, now);
      updateHolding(context, now);
      if (events && context.hasReset && !context.holding && threshold(y) >= 0) {
        if (++count > MAX_EVENTS_PER_STEP) return tooMany(now);
        fire(context, now);
        if (context.divergence) return false;
        continue;
      }
      const until = nextStop(context, now, to);
      start.set(y);
      stepper.step(now, y, until - now);
      if (!checkFinite(context, until)) return false;
      if (events && !context.holding) {
        const before = threshold(start);
        const after = threshold(y);
        if (before < 0 && after >= 0) {
          if (++count > MAX_EVENTS_PER_STEP) return tooMany(until);
          const stepFrom = now;
          const advance = (state: Float64Array, h: number) => stepper.step(stepFrom, state, h);
          if (context.hasReset) {
            const time = locateCrossing(advance, start, y, now, until, before, after, threshold);
            fire(context, time);
            if (context.divergence) return false;
            now = time;
            continue;
          }
          // No reset: only the crossing time is wanted; the step itself stands.
          end.set(y);
          const time = locateCrossing(advance, start, y, now, until, before, after, threshold);
          y.set(end);
          fire(context, time);
          if (context.divergence) return false;
        }
      }
      now = until;
    }
    applyImpulses(context, to);
    return true;
  };
}
