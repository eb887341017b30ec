/**
 * What the answer key says an exercise's answer is: widgets/exercise/regrade.ts's expected answer, without a
 * student code. A variant has one answer per student, so the key sends the instructor to the grading page,
 * which regenerates each student's variant from their code.
 */
import type { AnswerSpec } from '../../widgets/exercise/check';
import { expectedAnswer } from '../../widgets/exercise/regrade';

export function keyAnswerText(spec: AnswerSpec, key: string): string {
  if (spec.kind === 'variant') return 'Depends on the student code: regenerate each student’s variant and answer on the grading page.';
  return expectedAnswer(spec, { studentCode: null, key });
}
