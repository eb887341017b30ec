/** Readouts and the screen-reader summary of the F(u) widget, from an analysis; pure, so tests can compare them with Node. */
import { formatNumber } from '../lib/format.ts';
import type { ShownReadout } from '../lib/readouts.ts';
import type { FuAnalysis } from './analysis.ts';
import type { FuReadoutSlot } from './config.ts';

const COUNT_WORDS = ['No fixed point', 'One fixed point', 'Two fixed points'];

/** `cutoffName` names where the model spikes: 'the cut-off' (QIF, EIF) or 'threshold' (LIF). */
export function computeFuReadouts(slots: readonly FuReadoutSlot[], a: FuAnalysis, cutoffName = 'the cut-off'): Map<string, ShownReadout> {
  const out = new Map<string, ShownReadout>();
  const stable = a.fixed.find((f) => f.stability !== 'unstable');
  const unstable = a.fixed.find((f) => f.stability !== 'stable');
  const none = a.fixed.length === 0 ? 'none: the neuron fires repetitively' : `none below ${cutoffName}`;
  for (const slot of slots) {
    const show = (value: number | undefined, note: string | undefined) =>
      out.set(slot.id, value === undefined ? { value: Number.NaN, text: '—', note } : { value, text: formatNumber(value, slot.decimals) });
    switch (slot.id) {
      case 'count':
        out.set(slot.id, { value: a.fixed.length, text: a.fixed.length === 0 ? 'none' : String(a.fixed.length) });
        break;
      case 'stable':
        show(stable?.u, none);
        break;
      case 'unstable':
        show(unstable?.u, none);
        break;
      case 'rheobase':
        show(a.rheobase, undefined);
        break;
      case 'margin':
        show(a.current - a.rheobase, undefined);
        break;
    }
  }
  return out;
}

/** "Two fixed points: stable at −64.2 mV, unstable at −52.1 mV; the input is 0.26 nA below rheobase (0.400 nA)." */
export function fuSummary(a: FuAnalysis, unit: string, cutoffName = 'the cut-off'): string {
  const mv = (u: number) => `${formatNumber(u, 1)} mV`;
  const points = a.fixed.map((f) => `${f.stability} at ${mv(f.u)}`).join(', ');
  const margin = a.current - a.rheobase;
  const rheobase = `rheobase (${formatNumber(a.rheobase, 3)} ${unit})`;
  const where =
    Math.abs(margin) < 5e-4
      ? `the input is at ${rheobase}`
      : `the input is ${formatNumber(Math.abs(margin), 2)} ${unit} ${margin < 0 ? 'below' : 'above'} ${rheobase}`;
  const head = a.fixed.length === 0 ? `${COUNT_WORDS[0]} below ${cutoffName} at ${mv(a.system.cutoff)}` : `${COUNT_WORDS[a.fixed.length] ?? `${a.fixed.length} fixed points`}: ${points}`;
  const tail =
    a.fixed.length === 0
      ? ` Whatever its start, u climbs to ${cutoffName}, resets to ${mv(a.system.reset)} and climbs again: the neuron fires repetitively.`
      : '';
  return `F(u) against u with the input line −R I at ${formatNumber(-a.system.R * a.current, 1)} mV (I = ${formatNumber(a.current, 2)} ${unit}). ${head}; ${where}.${tail}`;
}
