/**
 * f–I curves measured by simulation: one run per current from the model's initial state, the rate taken
 * as the inverse mean interspike interval after a transient (see `steadyRate`).
 */
import type { MethodId } from '../integrators/index.ts';
import type { NeuronModel } from '../models/model.ts';
import { simulate } from '../simulate.ts';
import { steadyRate } from './spikes.ts';

export interface FiOptions {
  readonly params?: Readonly<Record<string, number>>;
  readonly method?: MethodId;
  readonly dt?: number;
  /** Length of each run in ms. */
  readonly duration?: number;
  /** Spikes before this time (ms) are not used, so onset transients do not bias the rate. */
  readonly transient?: number;
}

export interface FiPoint {
  readonly current: number;
  readonly rate: number;
}

export function simulatedFiCurve(model: NeuronModel, currents: ArrayLike<number>, options: FiOptions = {}): FiPoint[] {
  const { dt = 0.1, duration = 1000, transient = 0 } = options;
  const points: FiPoint[] = [];
  for (let i = 0; i < currents.length; i++) {
    const current = currents[i]!;
    const run = simulate({
      model,
      ...(options.params ? { params: options.params } : {}),
      ...(options.method ? { method: options.method } : {}),
      stimulus: [{ kind: 'constant', amplitude: current }],
      dt,
      duration,
    });
    points.push({ current, rate: steadyRate(run.spikes, transient) });
  }
  return points;
}

/** `count` evenly spaced values from `from` to `to` inclusive. */
export function linspace(from: number, to: number, count: number): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = count === 1 ? from : from + ((to - from) * i) / (count - 1);
  return values;
}
