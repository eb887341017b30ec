/**
 * The numbers and words the gallery shows for a run: spike count, mean rate, first spike, the firing
 * pattern (engine/analysis/patterns.ts) when the stimulus is a sustained step, the message for a run
 * without a bounded solution, the text summary, and the inline message for a stimulus that does not parse.
 * All pure: each takes a run's result (or a typed string) and returns plain data.
 */
import { classifyFiring, ExpressionError, parseExpression, type SimulationResult } from '../../engine/index.ts';
import { formatNumber } from '../lib/format.ts';
import type { Numerics } from './state.ts';

/**
 * The classifier describes the response to a current step, so it applies only when the stimulus is one:
 * two levels, the second held on one interval covering at least this fraction of the run (a 3 ms pulse
 * that provokes a rebound spike 30 ms later is not a step response).
 */
const MIN_STEP_FRACTION = 0.5;

/** The interval on which a sampled input holds its one step level, if the input is a sustained step. */
export function stepWindow(t: ArrayLike<number>, input: ArrayLike<number>, duration: number): { start: number; end: number } | undefined {
  const n = Math.min(t.length, input.length);
  if (n < 2) return undefined;
  const first = input[0]!;
  let level: number | undefined;
  let start = Number.NaN;
  let end = Number.NaN;
  for (let i = 1; i < n; i++) {
    const value = input[i]!;
    if (value === input[i - 1]) continue;
    if (level === undefined && Number.isNaN(start)) {
      level = value;
      start = t[i]!;
    } else if (value === first && Number.isNaN(end)) {
      end = t[i]!;
    } else {
      return undefined; // a third level, or a second step: not a single step
    }
  }
  if (Number.isNaN(start)) {
    // Constant throughout: a step from t = 0 if there is any input at all.
    return first !== 0 ? { start: 0, end: duration } : undefined;
  }
  const window = { start, end: Number.isNaN(end) ? duration : end };
  return window.end - window.start >= MIN_STEP_FRACTION * duration ? window : undefined;
}

export interface RunReadout {
  readonly count: number;
  /** Spikes per second over the whole run, Hz. */
  readonly rate: number;
  /** ms; NaN without spikes. */
  readonly firstSpike: number;
  /** Naud et al.'s pattern name ('bursting', 'transient', …) or undefined when the stimulus is not a step. */
  readonly pattern: string | undefined;
  readonly window: { start: number; end: number } | undefined;
  /** Set when the run has no bounded solution to follow (the engine stopped it for runaway firing). */
  readonly runaway: { readonly t: number } | undefined;
  /** Set when the run diverged for another reason: the engine's sentence for the page. */
  readonly diverged: string | undefined;
}

export function runReadout(result: SimulationResult, duration: number): RunReadout {
  const count = result.spikes.length;
  const window = stepWindow(result.t, result.input, duration);
  const divergence = result.divergence;
  const runaway = divergence?.reason === 'runaway firing' ? { t: divergence.t } : undefined;
  return {
    count,
    rate: (count / duration) * 1000,
    firstSpike: count > 0 ? result.spikes[0]! : Number.NaN,
    // A run stopped early has no steady state to classify.
    pattern: window && !divergence ? classifyFiring(result.spikes, window).name : undefined,
    window,
    runaway,
    diverged: divergence && !runaway ? divergence.message : undefined,
  };
}

export interface ReadoutText {
  readonly value: number;
  readonly text: string;
  /** Why a value is missing or what it means. */
  readonly note?: string;
}

/** The four cells of one column of the readout table. */
export function readoutTexts(r: RunReadout): Record<'spikes' | 'rate' | 'first' | 'pattern', ReadoutText> {
  return {
    spikes: r.runaway
      ? { value: Number.POSITIVE_INFINITY, text: 'runaway', note: `${r.count.toLocaleString('en')} spikes before the run stopped at ${formatNumber(r.runaway.t, 1)} ms` }
      : { value: r.count, text: String(r.count) },
    rate: r.runaway ? { value: Number.NaN, text: '—', note: 'unbounded' } : { value: r.rate, text: formatNumber(r.rate, 1) },
    first: Number.isFinite(r.firstSpike) ? { value: r.firstSpike, text: formatNumber(r.firstSpike, 2) } : { value: Number.NaN, text: '—', note: 'no spike' },
    pattern: r.pattern
      ? { value: Number.NaN, text: r.pattern, note: `step ${formatNumber(r.window!.start, 1)}–${formatNumber(r.window!.end, 1)} ms` }
      : { value: Number.NaN, text: '—', note: r.runaway || r.diverged ? 'run stopped early' : 'not a sustained step' },
  };
}

export const numericsName: Record<Numerics, string> = { published: 'published', accurate: 'accurate' };

/** How a count reads in a sentence: "29 spikes", "runaway firing". */
function countPhrase(r: RunReadout): string {
  if (r.runaway) return `runaway firing (no bounded solution; stopped at ${formatNumber(r.runaway.t, 1)} ms)`;
  return `${r.count} spike${r.count === 1 ? '' : 's'}`;
}

/**
 * The screen-reader summary: "Feature C, tonic bursting: 29 spikes, bursting, first at 24.49 ms
 * (accurate numerics); published numerics give 28."
 */
export function gallerySummary(label: string, shownWhich: Numerics, shown: RunReadout, other: RunReadout | undefined): string {
  const parts = [countPhrase(shown)];
  if (shown.pattern) parts.push(shown.pattern);
  if (Number.isFinite(shown.firstSpike) && !shown.runaway) parts.push(`first at ${formatNumber(shown.firstSpike, 2)} ms`);
  const otherWhich: Numerics = shownWhich === 'published' ? 'accurate' : 'published';
  const tail = other ? `; ${numericsName[otherWhich]} numerics give ${countPhrase(other)}` : `; computing the ${numericsName[otherWhich]} run`;
  return `${label}: ${parts.join(', ')} (${numericsName[shownWhich]} numerics)${tail}.`;
}

/** The explanation shown instead of an error when a run has no bounded solution. */
export function runawayMessage(r: RunReadout, presetNote: string | undefined): string {
  const stopped = r.runaway ? formatNumber(r.runaway.t, 1) : '?';
  const base =
    'No bounded solution in continuous time: the spikes come faster and faster (runaway firing). ' +
    `The accurate run followed ${r.count.toLocaleString('en')} spikes and stopped at ${stopped} ms, when 1000 of them fell within 1 ms; a spike count means nothing here.`;
  return presetNote
    ? `${base} ${presetNote}`
    : `${base} A published loop still gives a finite count, only because its time step cannot resolve shorter intervals.`;
}

export interface ExpressionProblem {
  readonly message: string;
  /** 1-based column, as the engine reports it. */
  readonly column: number;
  /** The source and a caret line under the offending characters, for a monospace display. */
  readonly pointer: readonly [string, string];
}

/** Checks a typed stimulus with the engine's parser; returns the problem to show under the field, if any. */
export function expressionProblem(source: string): ExpressionProblem | undefined {
  try {
    parseExpression(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return formatExpressionError(source, error);
  }
}

export function formatExpressionError(source: string, error: ExpressionError): ExpressionProblem {
  const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  const width = Math.max(1, error.length);
  return {
    message: /\.$/.test(message) ? message : `${message}.`,
    column: error.column,
    pointer: [source, `${' '.repeat(Math.max(0, error.column - 1))}${'^'.repeat(width)}`],
  };
}
