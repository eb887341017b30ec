/**
 * Runs the comparisons for the validation page: each one's measured error, whether it passes, and how long it
 * took. A comparison that throws is reported as failing with its message instead of breaking the build; the
 * unit test (test/unit/validation.test.ts) fails on it instead.
 */
import type { Comparison } from './types.ts';

export interface Outcome {
  readonly comparison: Comparison;
  /** The measured error; undefined when measure() threw. */
  readonly error: number | undefined;
  readonly passed: boolean;
  /** Why there is no number: the exception's message, or the meaning of Infinity. */
  readonly problem: string | undefined;
  /** Wall time of measure(), ms (shared runs are counted where they are first used). */
  readonly ms: number;
}

export interface ModelGroup {
  readonly model: string;
  readonly lesson: string;
  readonly outcomes: Outcome[];
}

export function measureAll(comparisons: readonly Comparison[], now: () => number = () => performance.now()): Outcome[] {
  return comparisons.map((comparison) => {
    const start = now();
    try {
      const error = comparison.measure();
      const passed = error <= comparison.tolerance;
      const problem = Number.isNaN(error) ? 'not a number' : error === Number.POSITIVE_INFINITY ? 'spike counts differ or the run diverged' : undefined;
      return { comparison, error, passed, problem, ms: now() - start };
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      return { comparison, error: undefined, passed: false, problem: `the comparison failed to run: ${message}`, ms: now() - start };
    }
  });
}

/** Outcomes grouped by model, in first-appearance order. */
export function groupByModel(outcomes: readonly Outcome[]): ModelGroup[] {
  const groups: ModelGroup[] = [];
  for (const outcome of outcomes) {
    const found = groups.find((g) => g.model === outcome.comparison.model);
    if (found) found.outcomes.push(outcome);
    else groups.push({ model: outcome.comparison.model, lesson: outcome.comparison.lesson, outcomes: [outcome] });
  }
  return groups;
}

/**
 * A number for the table: two significant digits, in exponent form (3.2 × 10⁻⁶) below 0.001 or from 10⁴ up,
 * zero as 0. Returns plain text; the page writes it as it is.
 */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(Number(x.toPrecision(2))).replace('-', '−');
  const [mantissa, exponent] = x.toExponential(1).split('e') as [string, string];
  const superscript = exponent.replace('+', '').replace(/[-0-9]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]!);
  return `${mantissa.replace('-', '−').replace(/\.0$/, '')} × 10${superscript}`;
}
