/**
 * The Hopfield grid's state and everything the buttons do, with no DOM: build the stored patterns, load a cue,
 * corrupt it, draw on it, step the dynamics, store the drawing, and say where the network ended up.
 *
 * Randomness is reproducible from the seed s: the random patterns come from createRandom(s); the k-th press of
 * Corrupt (k = 0, 1, … since the last reset) uses createRandom(s + 1 + k); the asynchronous update order of a
 * trial (from a cue, a corruption or a drawing until the next) comes from createRandom(s + 1_000_003). So a
 * test in Node that loads pattern μ, corrupts it once and runs reproduces the widget bit for bit.
 */
import { createHopfield, energy, overlaps, setState, step, type Hopfield, type UpdateMode } from '../../engine/attractors/hopfield.ts';
import { letterPatterns } from '../../engine/attractors/letters.ts';
import { appendPattern, checkerboardAmongRandom, classifyState, patternFromRows, patternToRows, type Classified } from '../../engine/attractors/pattern-sets.ts';
import { corrupt, createPatternSet, patternOf, randomPatterns, type PatternSet } from '../../engine/attractors/patterns.ts';
import { createRandom, type RandomSource } from '../../engine/random/rng.ts';
import type { ParamProblem } from '../../engine/params/registry.ts';
import { gridProblems, type GridConfig } from './config.ts';

/** Offset of the seed of the asynchronous update order, apart from the corruption seeds s + 1 + k. */
export const ORDER_SEED_OFFSET = 1_000_003;
/** Overlap history kept for the plot, in sweeps. */
export const MAX_HISTORY = 400;
/** |m| at or above 1 − this counts as "near pattern X" in the verdict (a retrieval state with a few errors). */
export const NEAR_TOLERANCE = 0.1;

export interface Session {
  config: GridConfig;
  /** The patterns of the setup (letters, random, checkerboard) plus the stored drawings. */
  set: PatternSet;
  names: string[];
  /** Drawings stored by the reader, as rows of '#' and '.'. */
  drawings: string[][];
  net: Hopfield;
  /** Random patterns stored at present (random and checkerboard sources). */
  count: number;
  mode: UpdateMode;
  corruption: number;
  corruptions: number;
  order: RandomSource;
  /** m^μ after each sweep of this trial, the first entry the start. */
  history: Float64Array[];
  sweeps: number;
  lastChanged: number | undefined;
  /** The state two sweeps back and one sweep back, to recognise a 2-cycle of synchronous updates. */
  twoBack: Int8Array;
  oneBack: Int8Array;
  ended: 'fixed-point' | 'two-cycle' | undefined;
}

/** The patterns drawn so far for a widget's configuration, and the source that draws the next ones. */
interface Pool {
  readonly random: RandomSource;
  readonly data: Int8Array;
  drawn: number;
}

const pools = new WeakMap<GridConfig, Pool>();

/**
 * The first `count` patterns of a random or checkerboard source. A seeded source draws the patterns one after
 * another, so the set of 60 is the first 60 of the set of 180: each configuration's patterns are drawn once, as far
 * as a count has asked, and a move of the count slider takes a prefix. Drawing them afresh on every move cost 4.4 ms
 * of each redraw for 180 patterns of 900 units. test/unit/hopfield-grid.test.ts compares the two.
 */
function drawnPatterns(config: GridConfig, count: number): PatternSet {
  const n = config.size * config.size;
  let pool = pools.get(config);
  if (!pool) {
    pool = { random: createRandom(config.seed), data: new Int8Array(n * Math.max(count, config.maxCount)), drawn: 0 };
    if (config.source.kind === 'checkerboard') {
      pool.data.set(checkerboardAmongRandom(config.size, 1, pool.random).data);
      pool.drawn = 1;
    }
    pools.set(config, pool);
  }
  if (count > pool.drawn) {
    pool.data.set(randomPatterns(n, count - pool.drawn, pool.random).data, pool.drawn * n);
    pool.drawn = count;
  }
  return createPatternSet(n, count, pool.data.subarray(0, n * count));
}

function baseSet(config: GridConfig, count: number): { set: PatternSet; names: string[] } {
  const { source, size } = config;
  if (source.kind === 'letters') return { set: letterPatterns(source.letters, size), names: [...source.letters] };
  const set = drawnPatterns(config, count);
  if (source.kind === 'random') return { set, names: Array.from({ length: count }, (_, k) => `#${k + 1}`) };
  return { set, names: ['checkerboard', ...Array.from({ length: count - 1 }, (_, k) => `#${k + 1}`)] };
}

function withDrawings(config: GridConfig, count: number, drawings: readonly string[][]): { set: PatternSet; names: string[] } {
  let { set, names } = baseSet(config, count);
  drawings.forEach((rows, k) => {
    set = appendPattern(set, patternFromRows(rows));
    names = [...names, `drawing ${k + 1}`];
  });
  return { set, names };
}

export function createSession(config: GridConfig): Session {
  const count = config.source.kind === 'letters' ? config.source.letters.length : config.source.count;
  const { set, names } = withDrawings(config, count, []);
  const net = createHopfield(set, patternOf(set, config.cue));
  const session: Session = {
    config,
    set,
    names,
    drawings: [],
    net,
    count,
    mode: config.mode,
    corruption: config.corruption,
    corruptions: 0,
    order: createRandom(config.seed + ORDER_SEED_OFFSET),
    history: [],
    sweeps: 0,
    lastChanged: undefined,
    twoBack: net.state.slice(),
    oneBack: net.state.slice(),
    ended: undefined,
  };
  startTrial(session);
  return session;
}

/** A new trial from the current state: the history restarts and the update order is reseeded. */
function startTrial(s: Session): void {
  s.history = [overlaps(s.net)];
  s.sweeps = 0;
  s.lastChanged = undefined;
  s.ended = undefined;
  s.twoBack = s.net.state.slice();
  s.oneBack = s.net.state.slice();
  s.order = createRandom(s.config.seed + ORDER_SEED_OFFSET);
}

export function loadCue(s: Session, index: number): void {
  setState(s.net, patternOf(s.set, index));
  startTrial(s);
}

/** Flips exactly round(corruption · N / 100) units of the current state. */
export function corruptState(s: Session): void {
  const cue = corrupt(s.net.state, s.corruption / 100, createRandom(s.config.seed + 1 + s.corruptions));
  s.corruptions++;
  setState(s.net, cue);
  startTrial(s);
}

/** Sets unit i (row-major) to `value`; returns whether it changed. */
export function paintCell(s: Session, i: number, value: 1 | -1): boolean {
  if (!Number.isInteger(i) || i < 0 || i >= s.net.n) throw new RangeError(`There is no cell ${i} in a grid of ${s.net.n}.`);
  if (s.net.state[i] === value) return false;
  const next = s.net.state.slice();
  next[i] = value;
  setState(s.net, next);
  startTrial(s);
  return true;
}

export function clearGrid(s: Session): void {
  setState(s.net, new Int8Array(s.net.n).fill(-1));
  startTrial(s);
}

/** One sweep (every unit updated once); returns the number of units that changed. */
export function sweep(s: Session): number {
  const changed = step(s.net, s.mode === 'sync' ? { mode: 'sync' } : { mode: 'async', random: s.order });
  s.sweeps++;
  s.lastChanged = changed;
  s.history.push(overlaps(s.net));
  if (s.history.length > MAX_HISTORY) s.history.shift();
  if (changed === 0) s.ended = 'fixed-point';
  else if (s.mode === 'sync' && sameState(s.net.state, s.twoBack)) s.ended = 'two-cycle';
  else s.ended = undefined;
  s.twoBack.set(s.oneBack);
  s.oneBack.set(s.net.state);
  return changed;
}

/** Whether two states (or patterns) of the same length agree unit by unit. */
export function sameState(a: Int8Array, b: Int8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Stores the current grid as one more pattern; the network keeps its state. */
export function storeDrawing(s: Session): void {
  s.drawings = [...s.drawings, patternToRows(s.net.state, s.config.size)];
  rebuild(s);
}

/** Changes the number of random patterns (random and checkerboard sources only). */
export function setCount(s: Session, count: number): void {
  if (s.config.source.kind === 'letters') return;
  if (!Number.isInteger(count) || count < 1 || count > s.config.maxCount) throw new RangeError(`The number of patterns must be a whole number from 1 to ${s.config.maxCount}, got ${count}.`);
  s.count = count;
  rebuild(s);
}

function rebuild(s: Session): void {
  const state = s.net.state.slice();
  const { set, names } = withDrawings(s.config, s.count, s.drawings);
  s.set = set;
  s.names = names;
  s.net = createHopfield(set, state);
  startTrial(s);
}

export interface Verdict {
  readonly text: string;
  readonly kind: 'running' | 'pattern' | 'inverse' | 'near' | 'spurious' | 'two-cycle';
  readonly nearest: Classified;
}

/** Where the network is: still moving, at a stored pattern, at its inverse, near one, in a 2-cycle, or spurious. */
export function verdictOf(s: Session): Verdict {
  const nearest = classifyState(s.set, s.net.state, 0);
  const name = s.names[nearest.index] ?? '?';
  const m = Math.abs(nearest.overlap).toFixed(2);
  if (s.ended === undefined) return { kind: 'running', nearest, text: s.sweeps === 0 ? `Start: nearest stored pattern ${name}${nearest.inverse ? ' (inverted)' : ''}, |m| = ${m}.` : `Still changing; nearest stored pattern ${name}, |m| = ${m}.` };
  if (s.ended === 'two-cycle') return { kind: 'two-cycle', nearest, text: 'A 2-cycle: the synchronous update alternates between two states.' };
  if (nearest.kind === 'pattern') return { kind: 'pattern', nearest, text: `Converged to pattern ${name}.` };
  if (nearest.kind === 'inverse') return { kind: 'inverse', nearest, text: `Converged to the inverse of pattern ${name}.` };
  if (Math.abs(nearest.overlap) >= 1 - NEAR_TOLERANCE) {
    return { kind: 'near', nearest, text: `Converged near ${nearest.inverse ? 'the inverse of ' : ''}pattern ${name} (|m| = ${m}, ${nearest.distance} units differ).` };
  }
  return { kind: 'spurious', nearest, text: `Converged to a spurious state (largest |m| = ${m}, with ${name}).` };
}

export interface GridReadouts {
  readonly energy: number;
  readonly changed: number | undefined;
  readonly sweeps: number;
  /** The stored patterns by |m|, largest first (at most `top`). */
  readonly top: readonly { readonly name: string; readonly index: number; readonly overlap: number }[];
  readonly verdict: Verdict;
}

export function readoutsOf(s: Session, top = 3): GridReadouts {
  const m = s.history[s.history.length - 1] ?? overlaps(s.net);
  const order = Array.from(m, (v, index) => ({ index, overlap: v, name: s.names[index] ?? '?' })).sort((a, b) => Math.abs(b.overlap) - Math.abs(a.overlap) || a.index - b.index);
  return { energy: energy(s.net), changed: s.lastChanged, sweeps: s.sweeps, top: order.slice(0, top), verdict: verdictOf(s) };
}

/** The plain-JSON state getState() returns and setState() accepts. */
export interface GridState {
  readonly mode: UpdateMode;
  readonly corruption: number;
  readonly count: number;
  /** The current grid, rows of '#' (+1) and '.' (−1). */
  readonly grid: readonly string[];
  readonly drawings: readonly (readonly string[])[];
}

export function stateOf(s: Session): GridState {
  return { mode: s.mode, corruption: s.corruption, count: s.count, grid: patternToRows(s.net.state, s.config.size), drawings: s.drawings.map((d) => [...d]) };
}

/** Validates untrusted input against the session's setup; returns the problems, or applies it. */
export function applyState(s: Session, input: unknown): ParamProblem[] {
  if (typeof input !== 'object' || input === null) return [{ name: 'state', message: 'The state must be an object.' }];
  const o = input as Record<string, unknown>;
  const mode = o['mode'];
  const corruption = o['corruption'];
  const count = o['count'];
  const problems = gridProblems({ ...s.config, mode: mode as UpdateMode, corruption: corruption as number, source: s.config.source.kind === 'letters' ? s.config.source : { kind: s.config.source.kind, count: count as number }, cue: 0 });
  const grid = o['grid'];
  const drawings = o['drawings'];
  const rowsProblem = (rows: unknown, what: string): string | undefined => {
    if (!Array.isArray(rows) || rows.length !== s.config.size || rows.some((r) => typeof r !== 'string')) return `${what} must be ${s.config.size} rows of ${s.config.size} cells.`;
    try {
      const p = patternFromRows(rows as string[]);
      return p.length === s.config.size * s.config.size ? undefined : `${what} must be ${s.config.size} rows of ${s.config.size} cells.`;
    } catch (error) {
      return `${what}: ${(error as Error).message}`;
    }
  };
  const gridProblem = rowsProblem(grid, 'grid');
  if (gridProblem) problems.push({ name: 'grid', message: gridProblem });
  if (!Array.isArray(drawings) || drawings.length > 20) problems.push({ name: 'drawings', message: 'drawings must be a list of at most 20 grids.' });
  else drawings.forEach((d, k) => {
    const problem = rowsProblem(d, `drawing ${k + 1}`);
    if (problem) problems.push({ name: 'drawings', message: problem });
  });
  if (problems.length > 0) return problems;
  s.mode = mode as UpdateMode;
  s.corruption = corruption as number;
  if (s.config.source.kind !== 'letters') s.count = count as number;
  s.drawings = (drawings as string[][]).map((d) => [...d]);
  const { set, names } = withDrawings(s.config, s.count, s.drawings);
  s.set = set;
  s.names = names;
  s.net = createHopfield(set, patternFromRows(grid as string[]));
  startTrial(s);
  return [];
}

/** Sweeps until the state stops changing or cycles, at most `maxSweeps`; for tests and the lesson. */
export function runToEnd(s: Session, maxSweeps = 100): void {
  for (let k = 0; k < maxSweeps && s.ended === undefined; k++) sweep(s);
}
