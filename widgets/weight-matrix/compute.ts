/**
 * The weight matrix widget's setup and data, with no DOM: the stored patterns (letters or random), the
 * N × N Hebbian matrix for the picture, and its exact histogram beside the binomial law for random patterns.
 */
import { hebbianWeights } from '../../engine/attractors/hopfield.ts';
import { isLetter, letterPatterns } from '../../engine/attractors/letters.ts';
import { hopfieldParams } from '../../engine/attractors/pattern-sets.ts';
import { randomPatterns, type PatternSet } from '../../engine/attractors/patterns.ts';
import { histogramMoments, weightHistogram, weightTheory, type WeightHistogram, type WeightTheory } from '../../engine/attractors/weight-stats.ts';
import { checkValue, findParam } from '../../engine/params/registry.ts';
import { createRandom } from '../../engine/random/rng.ts';

/** The picture is one pixel per weight: above N = 900 (30 × 30) the image and the counting get heavy. */
export const MAX_SIDE = 30;

export interface WeightConfig {
  readonly size: number;
  /** Letters in storage order, or 'random'. */
  readonly source: 'random' | readonly string[];
  readonly count: number;
  readonly maxCount: number;
  readonly seed: number;
}

export interface WeightProps {
  size?: number;
  patterns?: 'random' | string | readonly string[];
  count?: number;
  maxCount?: number;
  seed?: number;
}

export function weightProblems(c: WeightConfig): string[] {
  const problems: string[] = [];
  for (const [name, value] of [
    ['size', c.size],
    ['count', c.count],
    ['count', c.maxCount],
    ['seed', c.seed],
  ] as const) {
    const p = checkValue(findParam(hopfieldParams, name)!, value);
    if (p) problems.push(p.message);
    else if (!Number.isInteger(value)) problems.push(`${name} must be a whole number, got ${value}.`);
  }
  if (c.size > MAX_SIDE) problems.push(`The weight matrix is drawn for grids up to ${MAX_SIDE} × ${MAX_SIDE}, got ${c.size}.`);
  if (c.source !== 'random') {
    for (const l of c.source) if (!isLetter(l)) problems.push(`"${l}" is not a letter A to Z.`);
    if (c.maxCount > c.source.length) problems.push(`Only ${c.source.length} letters are listed, so maxCount can be at most ${c.source.length}.`);
  }
  if (c.count > c.maxCount) problems.push(`count ${c.count} exceeds maxCount ${c.maxCount}.`);
  return problems;
}

export function buildWeightConfig(props: WeightProps, where: string): WeightConfig {
  const patterns = props.patterns ?? 'random';
  const source = patterns === 'random' ? 'random' : typeof patterns === 'string' ? [...patterns] : [...patterns];
  const config: WeightConfig = {
    size: props.size ?? 10,
    source,
    count: props.count ?? 1,
    maxCount: props.maxCount ?? (source === 'random' ? 40 : source.length),
    seed: props.seed ?? 1,
  };
  const problems = weightProblems(config);
  if (problems.length > 0) throw new Error(`${where}: ${problems.join(' ')}`);
  return config;
}

export interface WeightData {
  readonly set: PatternSet;
  readonly weights: Float64Array;
  readonly histogram: WeightHistogram;
  readonly theory: WeightTheory;
  readonly variance: number;
  readonly largest: number;
}

/** The first `count` patterns of the setup (random patterns are a prefix of one seeded stream, so P + 1 extends P). */
export function patternsFor(config: WeightConfig, count: number): PatternSet {
  if (config.source === 'random') return randomPatterns(config.size * config.size, count, createRandom(config.seed));
  return letterPatterns(config.source.slice(0, count), config.size);
}

export function weightData(config: WeightConfig, count: number): WeightData {
  if (!Number.isInteger(count) || count < 1 || count > config.maxCount) throw new RangeError(`The number of patterns must be a whole number from 1 to ${config.maxCount}, got ${count}.`);
  const set = patternsFor(config, count);
  const weights = hebbianWeights(set);
  const histogram = weightHistogram(set);
  let largest = 0;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  return { set, weights, histogram, theory: weightTheory(set.n, count, histogram.total), variance: histogramMoments(histogram).variance, largest };
}
