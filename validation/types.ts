/**
 * One comparison of the engine with a reference: the unit test asserts `measure() <= tolerance`, and the
 * validation page (site/pages/validation.astro) runs the same `measure()` at build time and prints both.
 * So the page shows exactly what the suite enforces, computed by the same code.
 */
export interface Comparison {
  /** Stable, kebab-case; existing tests look their tolerance up by it. */
  readonly id: string;
  /** The model's name as the page groups it ("Leaky integrate-and-fire"). */
  readonly model: string;
  /** The lesson that teaches the model (its id under lessons/), for the page's link. */
  readonly lesson: string;
  /** Where the expected numbers come from. */
  readonly reference: { readonly file: string; readonly what: string };
  /** What is compared, with the numerics used ("spike times, RK4 at 0.01 ms, 6 step currents"). */
  readonly quantity: string;
  /** How the error is measured ("max |Δt| of spike times"). */
  readonly metric: string;
  /** Unit of the error and the tolerance ("ms", "Hz"; "1" for relative or dimensionless errors). */
  readonly unit: string;
  /** The largest error the suite accepts. */
  readonly tolerance: number;
  /** One sentence: why this tolerance is fair. */
  readonly why: string;
  /**
   * Runs the engine and returns the error, a non-negative number in `unit`. A structural mismatch (spike
   * counts that differ, a run that diverged) is returned as Infinity, so it fails every tolerance.
   */
  readonly measure: () => number;
}

/** The largest absolute difference of paired entries, over the shorter length unless `count` is given. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, count = Math.min(a.length, b.length)): number {
  let worst = 0;
  for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/**
 * Worst spike-time error of a train against a reference train, or Infinity when the counts differ:
 * a missing or extra spike is a failure however close the others are.
 */
export function spikeTrainError(ours: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (ours.length !== expected.length) return Number.POSITIVE_INFINITY;
  return maxAbsDiff(ours, expected);
}

/** Computes once, on first use: several comparisons share one expensive run (net.m over 10 seeds). */
export function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** Computes once per key: comparisons that share a run (the same method on the same scenario) reuse it. */
export function memoize<A extends unknown[], T>(compute: (...args: A) => T): (...args: A) => T {
  const cache = new Map<string, T>();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!cache.has(key)) cache.set(key, compute(...args));
    return cache.get(key)!;
  };
}
