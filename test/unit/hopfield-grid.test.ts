/**
 * The Hopfield grid widget's logic without a DOM (widgets/hopfield-grid/config.ts, session.ts) and the weight
 * matrix widget's data (widgets/weight-matrix/compute.ts): setups are validated, the buttons' actions equal
 * the engine's functions for the same seed, and untrusted state is refused with sentences.
 */
import { describe, expect, it } from 'vitest';
import { createHopfield, energy, overlaps, recall } from '../../engine/attractors/hopfield.ts';
import { letterPatterns } from '../../engine/attractors/letters.ts';
import { corrupt, patternOf, randomPatterns } from '../../engine/attractors/patterns.ts';
import { checkerboardAmongRandom } from '../../engine/attractors/pattern-sets.ts';
import { createRandom } from '../../engine/random/rng.ts';
import { buildGridConfig } from '../../widgets/hopfield-grid/config.ts';
import { cellAt, colouredPatterns } from '../../widgets/hopfield-grid/render.ts';
import {
  applyState,
  clearGrid,
  corruptState,
  createSession,
  loadCue,
  ORDER_SEED_OFFSET,
  paintCell,
  readoutsOf,
  runToEnd,
  setCount,
  stateOf,
  storeDrawing,
  sweep,
  verdictOf,
} from '../../widgets/hopfield-grid/session.ts';
import { buildWeightConfig, weightData } from '../../widgets/weight-matrix/compute.ts';

describe('setup', () => {
  it('defaults to A, B, C on a 10 × 10 grid, synchronous, 20 % corruption', () => {
    expect(buildGridConfig({}, 'test')).toMatchObject({ size: 10, source: { kind: 'letters', letters: ['A', 'B', 'C'] }, mode: 'sync', corruption: 20, cue: 0 });
  });
  it.each([
    [{ size: 60 }, /size = 60 is outside/],
    [{ patterns: ['A', 'é'] }, /"é" is not a letter/],
    [{ patterns: 'random', count: 0 }, /count = 0 is outside/],
    [{ corruption: 120 }, /corruption \(%\) = 120/],
    [{ cue: 3 }, /cue must be a pattern index from 0 to 2/],
    [{ mode: 'parallel' as never }, /mode must be 'sync' or 'async'/],
  ])('refuses %o with a sentence', (props, message) => {
    expect(() => buildGridConfig(props, 'Lesson')).toThrow(message);
  });
});

describe('the session equals the engine for the same seed', () => {
  it('letters: load, corrupt once (seed s + 1) and run synchronously', () => {
    const config = buildGridConfig({ patterns: ['A', 'B', 'C'], corruption: 20, seed: 7 }, 'test');
    const s = createSession(config);
    corruptState(s);
    runToEnd(s);
    const set = letterPatterns('ABC');
    const net = createHopfield(set, corrupt(patternOf(set, 0), 0.2, createRandom(8)));
    const result = recall(net, 'sync', 100);
    expect(s.net.state).toEqual(net.state);
    expect(s.sweeps).toBe(result.steps);
    expect(readoutsOf(s).energy).toBe(energy(net));
    expect(verdictOf(s)).toMatchObject({ kind: 'pattern', text: 'Converged to pattern A.' });
  });
  it('random patterns, asynchronous: the order comes from createRandom(s + ORDER_SEED_OFFSET)', () => {
    const config = buildGridConfig({ size: 20, patterns: 'random', count: 20, seed: 3, mode: 'async', corruption: 25 }, 'test');
    const s = createSession(config);
    loadCue(s, 4);
    corruptState(s);
    runToEnd(s);
    const set = randomPatterns(400, 20, createRandom(3));
    const net = createHopfield(set, corrupt(patternOf(set, 4), 0.25, createRandom(4)));
    recall(net, 'async', 100, createRandom(3 + ORDER_SEED_OFFSET));
    expect(s.net.state).toEqual(net.state);
    expect(Array.from(s.history[s.history.length - 1]!)).toEqual(Array.from(overlaps(net)));
    expect(s.history).toHaveLength(s.sweeps + 1);
  });
  it('more than half flipped converges to the inverse; exactly half with one pattern is a 2-cycle', () => {
    const s = createSession(buildGridConfig({ size: 4, patterns: 'random', count: 1, seed: 4, corruption: 56, maxCount: 3 }, 'test'));
    corruptState(s);
    runToEnd(s);
    expect(verdictOf(s).kind).toBe('inverse');
    loadCue(s, 0);
    s.corruption = 50;
    corruptState(s);
    runToEnd(s);
    expect(verdictOf(s).kind).toBe('two-cycle');
  });
});

describe('drawing and storing', () => {
  it('painting a cell changes one unit and starts a new trial; storing adds a pattern named "drawing 1"', () => {
    const s = createSession(buildGridConfig({}, 'test'));
    sweep(s);
    expect(paintCell(s, 0, 1)).toBe(true);
    expect(paintCell(s, 0, 1)).toBe(false);
    expect(s.sweeps).toBe(0);
    clearGrid(s);
    for (const i of [11, 22, 33, 44, 55]) paintCell(s, i, 1);
    storeDrawing(s);
    expect(s.set.count).toBe(4);
    expect(s.names[3]).toBe('drawing 1');
    expect(overlaps(s.net)[3]).toBe(1);
    expect(() => paintCell(s, 100, 1)).toThrow(/no cell 100/);
  });
  it('the count slider rebuilds the random set as a prefix of one stream', () => {
    const s = createSession(buildGridConfig({ size: 10, patterns: 'random', count: 5, seed: 2 }, 'test'));
    const first = patternOf(s.set, 0).slice();
    setCount(s, 12);
    expect(s.set.count).toBe(12);
    expect(patternOf(s.set, 0)).toEqual(first);
    expect(() => setCount(s, 0)).toThrow(/whole number from 1/);
  });
  it.each(['random', 'checkerboard'] as const)('every count gives the %s set a fresh source would draw, however the slider got there', (patterns) => {
    // The session draws each configuration's patterns once and takes prefixes (session.ts, drawnPatterns).
    const config = buildGridConfig({ size: 10, patterns, count: 5, maxCount: 40, seed: 7 }, 'test');
    const s = createSession(config);
    const fresh = (count: number) => (patterns === 'random' ? randomPatterns(100, count, createRandom(7)) : checkerboardAmongRandom(10, count, createRandom(7)));
    for (const count of [5, 40, 3, 17, 1, 40, 12]) {
      setCount(s, count);
      expect(s.set.count).toBe(count);
      expect(s.set.data).toEqual(fresh(count).data);
    }
  });
});

describe('getState / setState', () => {
  it('round-trips, and refuses bad input without changing anything', () => {
    const s = createSession(buildGridConfig({}, 'test'));
    corruptState(s);
    const state = stateOf(s);
    const other = createSession(buildGridConfig({}, 'test'));
    expect(applyState(other, state)).toEqual([]);
    expect(stateOf(other)).toEqual(state);
    const before = stateOf(other);
    expect(applyState(other, { ...state, grid: ['#'] }).map((p) => p.message).join(' ')).toMatch(/10 rows of 10/);
    expect(applyState(other, { ...state, corruption: -1 }).map((p) => p.message).join(' ')).toMatch(/corruption/);
    expect(applyState(other, { ...state, mode: 'x' }).map((p) => p.message).join(' ')).toMatch(/mode/);
    expect(applyState(other, null)[0]!.message).toMatch(/object/);
    expect(stateOf(other)).toEqual(before);
  });
});

describe('render helpers', () => {
  it('cellAt maps pointer positions to cells and refuses the outside', () => {
    expect(cellAt(0, 0, 200, 10)).toBe(0);
    expect(cellAt(199, 199, 200, 10)).toBe(99);
    expect(cellAt(25, 5, 200, 10)).toBe(1);
    expect(cellAt(-1, 5, 200, 10)).toBeUndefined();
  });
  it('colours the first six patterns, swapping in a cue beyond them', () => {
    expect(colouredPatterns(3, 0)).toEqual([0, 1, 2]);
    expect(colouredPatterns(60, 20)).toEqual([0, 1, 2, 3, 4, 20]);
  });
});

describe('weight matrix data', () => {
  it('counts the weights of the first P patterns, and refuses what it cannot draw', () => {
    const config = buildWeightConfig({ size: 10, patterns: 'random', count: 4, seed: 2 }, 'test');
    const d = weightData(config, 4);
    expect(d.histogram.counts.reduce((a, b) => a + b, 0)).toBe(9900);
    expect(d.largest).toBeCloseTo(0.04, 15);
    expect(() => weightData(config, 41)).toThrow(/1 to 40/);
    expect(() => buildWeightConfig({ size: 40 }, 'L')).toThrow(/up to 30/);
    expect(() => buildWeightConfig({ patterns: 'AB', maxCount: 3 }, 'L')).toThrow(/at most 2/);
  });
});
