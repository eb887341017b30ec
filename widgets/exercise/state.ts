/**
 * What an exercise shows after each check, as a pure transition so the rules (when the hint
 * appears, when the worked solution unlocks, what counts as an attempt) are tested without a DOM.
 */
import type { Outcome } from './check';

/** Mirrored on the element as `data-state`, which tests and styles read. */
export type ExerciseStatus = 'unanswered' | 'correct' | 'close' | 'wrong';

export interface ExerciseState {
  readonly status: ExerciseStatus;
  /** Checked answers; unreadable input does not count. */
  readonly attempts: number;
  /** The hint appears after the first close or wrong answer and then stays. */
  readonly hintVisible: boolean;
  /** The worked solution unlocks after the first counted attempt, right or wrong. */
  readonly solutionUnlocked: boolean;
}

export const INITIAL_STATE: ExerciseState = {
  status: 'unanswered',
  attempts: 0,
  hintVisible: false,
  solutionUnlocked: false,
};

export function afterCheck(state: ExerciseState, outcome: Outcome): ExerciseState {
  if (outcome === 'invalid') return state;
  return {
    status: outcome,
    attempts: state.attempts + 1,
    hintVisible: state.hintVisible || outcome !== 'correct',
    solutionUnlocked: true,
  };
}

/** "No attempts yet", "1 attempt", "2 attempts". */
export function attemptsText(attempts: number): string {
  if (attempts === 0) return 'No attempts yet';
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}
