/**
 * The driver for a model's published numerics: the original loop, one step of dt at a time, with the
 * input sampled at the step's start as the original scripts do, and a spike recorded at the start of
 * the step whose update crossed (Brian2 and figure1.m both record t_k).
 */
import type { PublishedNumerics } from '../models/model.ts';
import type { ParamValues } from '../params/registry.ts';
import { applyImpulses, checkFinite, fire, type RunContext } from './context.ts';
import type { Grid, GridDriver } from './fixed-step.ts';

export function publishedDriver(context: RunContext, published: PublishedNumerics<ParamValues>, grid: Grid): GridDriver {
  const { y, params, drive } = context;
  const { dt, steps, duration } = grid;
  return (first, last) => {
    for (let j = first; j < last; j++) {
      const from = j * dt;
      const to = j + 1 >= steps ? duration : (j + 1) * dt;
      applyImpulses(context, from);
      const spiked = published.step(y, to - from, params, drive.at(from));
      if (!checkFinite(context, to)) return false;
      if (spiked) fire(context, from, false);
      if (context.divergence) return false;
    }
    return true;
  };
}
