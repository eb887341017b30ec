/**
 * What every simulator of the engine shares about a specification it refuses: the error that states each problem,
 * and the step limit. A module of its own so that the mean-field and network code can use them without importing
 * the single-neuron simulator (simulate.ts re-exports both).
 */
import type { ParamProblem } from './params/registry.ts';

/** A specification that cannot be run, with every problem stated for the reader. */
export class SpecError extends Error {
  readonly problems: readonly ParamProblem[];
  constructor(problems: readonly ParamProblem[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'SpecError';
    this.problems = problems;
  }
}

/** Largest number of steps one run may take: keeps a typo in dt from freezing a tab or exhausting memory. */
export const MAX_STEPS = 5_000_000;
