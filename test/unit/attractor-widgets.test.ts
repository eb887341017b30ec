/**
 * The pure parts of lesson 11's widgets (widgets/energy-landscape/state.ts, widgets/temperature/state.ts):
 * state validation, the energy run against the engine, readouts and summaries, and the scan spec.
 */
import { describe, expect, it } from 'vitest';
import { createHopfield } from '../../engine/attractors/hopfield.ts';
import { meanFieldOverlap } from '../../engine/attractors/mean-field.ts';
import { recallSetup, traceRecall } from '../../engine/attractors/stochastic.ts';
import { createRandom } from '../../engine/random/rng.ts';
import { advanceRun, completeRun, energyControls, energyReadouts, energySummary, parseEnergyState, startRun } from '../../widgets/energy-landscape/state.ts';
import { betaGrid, parseTemperatureState, scanSpec, temperatureControls, temperatureReadouts, temperatureSummary, theoryCurve } from '../../widgets/temperature/state.ts';

describe('energy trace state', () => {
  const parsed = parseEnergyState({ n: 400, patterns: 5 });
  if (!parsed.ok) throw new Error('defaults must parse');
  const state = parsed.state;

  it('fills defaults from the registry and refuses bad input with sentences', () => {
    expect(state).toEqual({ n: 400, patterns: 5, cueFlip: 0.3, beta: 2, sweeps: 30, seed: 1 });
    const bad = parseEnergyState({ beta: -1, patterns: 2.5, seed: 'x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const text = bad.problems.map((p) => p.message).join(' ');
      expect(text).toMatch(/beta = -1 is outside the allowed range/);
      expect(text).toMatch(/patterns must be a whole number/);
      expect(text).toMatch(/seed must be a whole number/);
    }
    expect(parseEnergyState(null).ok).toBe(false);
    expect(parseEnergyState({ n: 20, patterns: 30 }).ok).toBe(false);
    expect(energyControls().map((c) => c.key)).toEqual(['beta', 'cueFlip', 'patterns', 'sweeps']);
  });

  it('the deterministic run equals the engine trace with the same seeds, and stepping equals completing', () => {
    const run = completeRun(startRun(state));
    const { patterns, cue } = recallSetup({ n: 400, patterns: 5 }, 1);
    const engine = traceRecall(createHopfield(patterns, cue), { sweeps: 30, mode: 'async', random: createRandom(3) });
    expect(Array.from(run.energyDet)).toEqual(Array.from(engine.energy));
    expect(Array.from(run.overlapDet)).toEqual(Array.from(engine.overlap));
    const stepped = startRun(state);
    expect(stepped.t).toBe(0);
    while (advanceRun(stepped));
    expect(stepped.t).toBe(30);
    expect(Array.from(stepped.energySto)).toEqual(Array.from(run.energySto));
  });

  it('readouts and summary describe the run', () => {
    const run = completeRun(startRun(state));
    const readouts = energyReadouts(run);
    expect(readouts.find((r) => r.id === 'energy-det')!.value).toBe(run.energyDet[30]);
    expect(readouts.find((r) => r.id === 'energy-pattern')!.value).toBe(run.patternEnergy);
    expect(readouts.find((r) => r.id === 'overlap-det')!.value).toBe(1);
    expect(energySummary(run)).toMatch(/^After 30 of 30 sweeps from a cue with overlap 0\.40: the deterministic network has energy −202\.1 and overlap 1\.000/);
  });
});

describe('overlap-temperature state', () => {
  it('parses, builds the β grid and the job spec', () => {
    const parsed = parseTemperatureState({ n: 500, patterns: 3, sweeps: 150, burnIn: 50, runs: 3 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const grid = betaGrid(parsed.state);
    expect(grid).toHaveLength(13);
    expect(grid[0]).toBe(0.2);
    expect(grid[12]).toBe(3);
    expect(scanSpec(parsed.state)).toEqual({ params: { n: 500, patterns: 3, sweeps: 150, burnIn: 50, runs: 3 }, betas: grid, mode: 'async', seed: 1 });
    expect(temperatureControls().map((c) => [c.key, c.spec.max])).toEqual([['n', 2000], ['patterns', 20], ['sweeps', 1000]]);
  });

  it('refuses bad state', () => {
    const bad = parseTemperatureState({ betaMax: 100, points: 1, n: 7 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.name)).toEqual(['betaMax', 'points', 'params']);
    expect(parseTemperatureState('x').ok).toBe(false);
  });

  it('theory curve, readouts and summary', () => {
    const curve = theoryCurve(3, 31);
    expect(curve.m[10]).toBe(0);
    expect(curve.m[15]).toBe(meanFieldOverlap(1.5));
    const points = [
      { beta: 0.5, mean: 0.01, sd: 0, se: 0, runs: [0.01] },
      { beta: 1.5, mean: 0.85, sd: 0.01, se: 0.01, runs: [0.85] },
    ];
    const readouts = temperatureReadouts(points);
    expect(readouts[0]).toMatchObject({ id: 'sim', value: 0.85 });
    expect(readouts[1]!.value).toBe(meanFieldOverlap(1.5));
    // The larger deviation is at β = 0.5 (0.01 against 0), not at β = 1.5 (0.0086).
    expect(readouts[2]).toMatchObject({ value: 0.01, label: 'Largest deviation (at β = 0.50)' });
    const parsed = parseTemperatureState({});
    if (parsed.ok) expect(temperatureSummary(parsed.state, points)).toMatch(/β 1\.50: 0\.85 \(theory 0\.86\)/);
  });
});
