/**
 * What a plot needs to know about a model's spikes, derived from its events rather than listed per model:
 * the voltage level of its threshold (every model's threshold function is `v − level`), the voltage its
 * reset sets, and how to name the level ("threshold" for a hard threshold, "cut-off" where the spike
 * itself is left out, "spike detection" for a model without reset).
 */
import type { NeuronModel, ParamValues } from '../../engine/index.ts';

export interface SpikeDisplay {
  /** Voltage at which a spike is registered, or undefined when the threshold is not a fixed voltage. */
  readonly level?: number | undefined;
  /** Voltage right after the reset, for models with one. */
  readonly reset?: number | undefined;
  readonly label: string;
}

export function spikeDisplay(model: NeuronModel, params: ParamValues): SpikeDisplay {
  const events = model.events;
  if (!events) return { label: '' };
  const y = model.initialState(params);
  const v = model.voltage;
  y[v] = 0;
  const g0 = events.threshold(y, params);
  y[v] = 1;
  const g1 = events.threshold(y, params);
  // A threshold of the form v − level has unit slope in v; anything else has no single voltage to draw.
  const level = Math.abs(g1 - g0 - 1) < 1e-9 ? -g0 : undefined;
  if (!events.reset) return { level, label: 'spike detection' };
  y[v] = level ?? 0;
  events.reset(y, params);
  const label = model.id === 'lif' || model.id === 'lif-synaptic' ? 'threshold ϑ' : 'spike cut-off';
  return { level, reset: y[v], label };
}

/** The numerics as a short label for the plot ("RK4 · dt = 0.01 ms"). */
export function numericsLabel(method: string, title: string, dt: number, sampleEvery: number): string {
  return method === 'adaptive' ? `${title} · samples every ${sampleEvery} ms` : `${title} · dt = ${dt} ms`;
}
