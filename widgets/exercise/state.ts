/**
 * What an exercise shows after each check, as a pure transition so the rules (when the hint
 * appears, when the worked solution unlocks, what counts as an attempt) are tested without a DOM.
 */
import type { Outcome } from './check';

/** Mirrored on the element as `data-state`, which tests and styles read. */
export type ExerciseStatus = 'unanswered' | 'correct' | 'close' | 'wrong' | 'saved';

export interface ExerciseState {
  readonly status: ExerciseStatus;
  /** Checked answers; unreadable input does not count. */
  readonly attempts: number;
  /** The hint appears after the first close or wrong answer and then stays. */
  readonly hintVisible: boolean;
  /** The worked solution unlocks after the first counted attempt, right or wrong (or a saved reflection). */
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
    // A saved reflection was not judged, so nothing suggests it needs a hint.
    hintVisible: state.hintVisible || outcome === 'close' || outcome === 'wrong',
    solutionUnlocked: true,
  };
}

/**
 * The state a saved record stands for: as if its last attempt had just been checked (the hint shows
 * after a close or wrong answer, the solution after any attempt). A record with no attempts is unanswered.
 */
export function restoredState(outcome: Exclude<Outcome, 'invalid'>, attempts: number): ExerciseState {
  if (!(attempts > 0)) return INITIAL_STATE;
  return { status: outcome, attempts, hintVisible: outcome === 'close' || outcome === 'wrong', solutionUnlocked: true };
}

/** "Your last answer: 1.5 nA (correct, 2 attempts)." */
export function lastAnswerText(shown: string, outcome: Exclude<Outcome, 'invalid'>, attempts: number): string {
  return `Your last answer: ${shown} (${outcome === 'saved' ? 'saved' : outcome}, ${attemptsText(attempts).toLowerCase()}).`;
}

/** "No attempts yet", "1 attempt", "2 attempts". */
export function attemptsText(attempts: number): string {
  if (attempts === 0) return 'No attempts yet';
  return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}
