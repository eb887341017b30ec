/**
 * What the f–I widget plots: the analytic curve (for the LIF) and simulated rates at evenly spaced
 * currents. Simulation is split into one-point slices so the widget can spread the work over animation
 * frames and drop it the moment a slider moves again.
 */
import {
  lifRate,
  lifRheobase,
  linspace,
  simulate,
  steadyRate,
  type LifParams,
  type NeuronModel,
} from '../../engine/index.ts';
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

/** Simulated rate at one current: a run from rest, rate = 1 / mean ISI (see `steadyRate`). */
export function simulatedPoint(model: NeuronModel, state: WidgetState, current: number): FiPoint {
  const run = simulate({
    model,
    params: state.params,
    stimulus: [{ kind: 'constant', amplitude: current }],
    method: state.method,
    dt: state.dt,
    duration: state.duration,
  });
  return { x: current, y: steadyRate(run.spikes) };
}

export function simulatedCurrents(state: WidgetState): Float64Array {
  const { min, max, points } = currentRange(state);
  return linspace(min, max, points);
}
