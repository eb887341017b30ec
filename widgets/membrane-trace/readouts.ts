/**
 * The numbers a membrane-trace widget prints under its plot. Which ones appear depends on the setup
 * (an analytic prediction only where one exists); their values are recomputed from each run.
 */
import {
  lifRate,
  lifRheobase,
  lifSineResponse,
  steadyRate,
  type LifParams,
  type NeuronModel,
  type SimulationResult,
} from '../../engine/index.ts';
import { formatNumber } from '../lib/format.ts';
import type { WidgetState } from '../lib/state.ts';

export type ReadoutId = 'spikes' | 'rate' | 'isi' | 'predictedRate' | 'rheobase' | 'amplitude' | 'predictedAmplitude';

export interface ReadoutSlot {
  readonly id: ReadoutId;
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
}

const SLOTS: Record<ReadoutId, ReadoutSlot> = {
  spikes: { id: 'spikes', label: 'Spikes', unit: '', decimals: 0 },
  rate: { id: 'rate', label: 'Firing rate (1 / mean ISI)', unit: 'Hz', decimals: 2 },
  isi: { id: 'isi', label: 'Mean interspike interval', unit: 'ms', decimals: 2 },
  predictedRate: { id: 'predictedRate', label: 'Predicted rate for this current', unit: 'Hz', decimals: 2 },
  rheobase: { id: 'rheobase', label: 'Rheobase (minimal current)', unit: 'nA', decimals: 3 },
  amplitude: { id: 'amplitude', label: 'Voltage oscillation amplitude (second half)', unit: 'mV', decimals: 2 },
  predictedAmplitude: { id: 'predictedAmplitude', label: 'Predicted amplitude (low-pass filter)', unit: 'mV', decimals: 2 },
};

/** The single component of a one-component stimulus, if it has that kind. */
function only(state: WidgetState, kinds: readonly string[]) {
  const [first, ...rest] = state.stimulus;
  return first && rest.length === 0 && kinds.includes(first.kind) ? first : undefined;
}

export function readoutSlots(model: NeuronModel, state: WidgetState): ReadoutSlot[] {
  const ids: ReadoutId[] = ['spikes', 'rate', 'isi'];
  if (model.id === 'lif' && only(state, ['constant', 'step'])) ids.push('predictedRate', 'rheobase');
  if (model.id === 'lif' && only(state, ['sine'])) ids.push('amplitude', 'predictedAmplitude');
  return ids.map((id) => SLOTS[id]);
}

export interface ReadoutValue {
  readonly value: number;
  /** What the page shows: the value at the slot's precision, or a dash. */
  readonly text: string;
  /** Why there is no value, when there is none. */
  readonly note?: string;
}

function amplitudeOverSecondHalf(result: SimulationResult, voltage: string): number {
  const u = result.traces[voltage]!;
  const from = Math.floor(u.length / 2);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = from; i < u.length; i++) {
    lo = Math.min(lo, u[i]!);
    hi = Math.max(hi, u[i]!);
  }
  return (hi - lo) / 2;
}

export function computeReadouts(slots: readonly ReadoutSlot[], model: NeuronModel, state: WidgetState, result: SimulationResult): Map<ReadoutId, ReadoutValue> {
  const values = new Map<ReadoutId, ReadoutValue>();
  const p = result.params as LifParams;
  const show = (slot: ReadoutSlot, value: number, empty = 'none') =>
    values.set(slot.id, Number.isFinite(value) ? { value, text: formatNumber(value, slot.decimals) } : { value, text: '—', note: empty });
  for (const slot of slots) {
    switch (slot.id) {
      case 'spikes':
        show(slot, result.spikes.length);
        break;
      case 'rate': {
        const rate = steadyRate(result.spikes);
        show(slot, result.spikes.length >= 2 ? rate : Number.NaN, 'needs two spikes');
        break;
      }
      case 'isi':
        show(slot, result.spikes.length >= 2 ? 1000 / steadyRate(result.spikes) : Number.NaN, 'needs two spikes');
        break;
      case 'predictedRate': {
        const amplitude = Number(only(state, ['constant', 'step'])?.['amplitude'] ?? 0);
        show(slot, lifRate(p, amplitude));
        break;
      }
      case 'rheobase':
        show(slot, lifRheobase(p));
        break;
      case 'amplitude':
        show(slot, result.spikes.length === 0 ? amplitudeOverSecondHalf(result, model.state[model.voltage]!.name) : Number.NaN, 'the neuron fired');
        break;
      case 'predictedAmplitude': {
        const sine = only(state, ['sine']);
        show(slot, lifSineResponse(p, Number(sine?.['frequency'] ?? 0)).gain * Math.abs(Number(sine?.['amplitude'] ?? 0)));
        break;
      }
    }
  }
  return values;
}

export function traceSummary(model: NeuronModel, state: WidgetState, result: SimulationResult, readouts: Map<ReadoutId, ReadoutValue>): string {
  const voltage = model.state[model.voltage]!;
  const u = result.traces[voltage.name]!;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < u.length; i++) {
    lo = Math.min(lo, u[i]!);
    hi = Math.max(hi, u[i]!);
  }
  const spikes = result.spikes.length;
  const parts = [
    `${voltage.meaning} over ${formatNumber(state.duration, 0)} ms.`,
    spikes === 0 ? 'No spikes.' : `${spikes} spike${spikes === 1 ? '' : 's'}, the first at ${formatNumber(result.spikes[0]!, 2)} ms.`,
    `${voltage.name} ranges from ${formatNumber(lo, 2)} to ${formatNumber(hi, 2)} ${voltage.unit}.`,
  ];
  const rate = readouts.get('rate');
  if (rate && Number.isFinite(rate.value)) parts.push(`Firing rate ${rate.text} Hz.`);
  return parts.join(' ');
}
