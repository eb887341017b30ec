/**
 * Props → setup for the Hopfield grid widget. Runs at build time, so a mistake in a lesson fails the build with
 * a sentence; the same checks guard setState in the browser. Every number is bounded by `hopfieldParams`.
 */
import { checkValue, findParam, type ParamProblem } from '../../engine/params/registry.ts';
import { hopfieldParams } from '../../engine/attractors/pattern-sets.ts';
import { isLetter } from '../../engine/attractors/letters.ts';
import type { UpdateMode } from '../../engine/attractors/hopfield.ts';

export type PatternSource =
  | { readonly kind: 'letters'; readonly letters: readonly string[] }
  | { readonly kind: 'random'; readonly count: number }
  /** The checkerboard first, then count − 1 random patterns. */
  | { readonly kind: 'checkerboard'; readonly count: number };

export interface GridConfig {
  /** Side of the grid; N = size². */
  readonly size: number;
  readonly source: PatternSource;
  readonly mode: UpdateMode;
  /** Percentage of units the Corrupt button flips. */
  readonly corruption: number;
  /** Seeds the random patterns, every corruption and the asynchronous order. */
  readonly seed: number;
  /** The pattern loaded as the first cue (index into the stored patterns). */
  readonly cue: number;
  /** Largest number of random patterns the count slider offers. */
  readonly maxCount: number;
}

export interface GridProps {
  size?: number;
  /** Letters ('ABC' or ['A', 'B', 'C']), 'random' or 'checkerboard' (with `count` and `seed`). */
  patterns?: string | readonly string[];
  count?: number;
  seed?: number;
  mode?: UpdateMode;
  corruption?: number;
  cue?: number;
  maxCount?: number;
}

function check(name: string, value: number): ParamProblem[] {
  const spec = findParam(hopfieldParams, name)!;
  const problem = checkValue(spec, value);
  if (problem) return [problem];
  return spec.step === 1 && !Number.isInteger(value) ? [{ name, message: `${name} must be a whole number, got ${value}.` }] : [];
}

/** The problems of a setup, as sentences (empty when it is valid). */
export function gridProblems(config: GridConfig): ParamProblem[] {
  const problems: ParamProblem[] = [...check('size', config.size), ...check('corruption', config.corruption), ...check('seed', config.seed)];
  if (config.mode !== 'sync' && config.mode !== 'async') problems.push({ name: 'mode', message: `mode must be 'sync' or 'async', got "${String(config.mode)}".` });
  const { source } = config;
  if (source.kind === 'letters') {
    if (source.letters.length < 1) problems.push({ name: 'patterns', message: 'Store at least one letter.' });
    for (const l of source.letters) if (!isLetter(l)) problems.push({ name: 'patterns', message: `"${l}" is not a letter A to Z.` });
  } else if (source.kind === 'random' || source.kind === 'checkerboard') {
    problems.push(...check('count', source.count));
    problems.push(...check('count', config.maxCount));
    if (source.count > config.maxCount) problems.push({ name: 'count', message: `count ${source.count} exceeds maxCount ${config.maxCount}.` });
  } else problems.push({ name: 'patterns', message: 'patterns must be letters, "random" or "checkerboard".' });
  const count = source.kind === 'letters' ? source.letters.length : source.count;
  if (!Number.isInteger(config.cue) || config.cue < 0 || config.cue >= count) problems.push({ name: 'cue', message: `cue must be a pattern index from 0 to ${count - 1}, got ${config.cue}.` });
  return problems;
}

export function buildGridConfig(props: GridProps, where: string): GridConfig {
  const patterns = props.patterns ?? ['A', 'B', 'C'];
  const kind = patterns === 'random' || patterns === 'checkerboard' ? patterns : 'letters';
  const count = props.count ?? 10;
  const source: PatternSource = kind === 'letters' ? { kind, letters: typeof patterns === 'string' ? [...patterns] : [...patterns] } : { kind, count };
  const config: GridConfig = {
    size: props.size ?? 10,
    source,
    mode: props.mode ?? 'sync',
    corruption: props.corruption ?? 20,
    seed: props.seed ?? 1,
    cue: props.cue ?? 0,
    maxCount: props.maxCount ?? Math.max(count, Math.min(400, Math.ceil(0.2 * (props.size ?? 10) * (props.size ?? 10)))),
  };
  const problems = gridProblems(config);
  if (problems.length > 0) throw new Error(`${where}: ${problems.map((p) => p.message).join(' ')}`);
  return config;
}
