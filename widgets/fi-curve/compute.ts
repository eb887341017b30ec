/**
 * What the f–I widget plots: the analytic curve (for the LIF) and the currents of its simulated points,
 * which the engine worker's fiCurve job computes. `simulatedPoint` is the same computation in one call, for
 * tests that check the page against the engine.
 */
// The engine's modules, not engine/index.ts: this module shares a chunk with the worker's jobs (site/lib/chunk-groups.mjs),
// and Rollup would pull the whole engine into it through the index.
import { simulatedFiCurve, linspace } from '../../engine/analysis/fi-curve.ts';
import { lifRate, lifRheobase } from '../../engine/analysis/lif-analytic.ts';
import type { LifParams } from '../../engine/models/lif.ts';
import type { NeuronModel } from '../../engine/models/model.ts';
import type { WidgetState } from '../lib/state.ts';

export interface FiPoint {
  readonly x: number;
  readonly y: number;
}

export function currentRange(state: WidgetState): { min: number; max: number; points: number } {
  return { min: state.view?.['currentMin'] ?? 0, max: state.view?.['currentMax'] ?? 5, points: state.view?.['points'] ?? 26 };
}

/**
 * The analytic LIF curve, sampled densely and including the rheobase itself, where the rate leaves zero
 * with an infinite slope (a logarithmic singularity a uniform grid would smear out).
 */
export function analyticCurve(model: NeuronModel, params: LifParams, min: number, max: number, samples = 300): FiPoint[] {
  if (model.id !== 'lif') return [];
  const currents = Array.from(linspace(min, max, samples));
  const rheobase = lifRheobase(params);
  if (rheobase > min && rheobase < max) {
    // Geometric spacing above the rheobase resolves the steep rise.
    for (let k = 0; k < 40; k++) currents.push(rheobase + (max - rheobase) * 10 ** (-6 + (5 * k) / 39));
    currents.push(rheobase);
  }
  currents.sort((a, b) => a - b);
  return currents.map((current) => ({ x: current, y: lifRate(params, current) }));
}

/** Simulated rate at one current: a run from rest, rate = 1 / mean ISI after the widget's transient. */
export function simulatedPoint(model: NeuronModel, state: WidgetState, current: number): FiPoint {
  const [point] = simulatedFiCurve(model, [current], {
    params: state.params,
    method: state.method,
    dt: state.dt,
    duration: state.duration,
    transient: state.view?.['transient'] ?? 0,
  });
  return { x: current, y: point!.rate };
}

export function simulatedCurrents(state: WidgetState): Float64Array {
  const { min, max, points } = currentRange(state);
  return linspace(min, max, points);
}
