/**
 * The capacity widget's state, controls, readouts and text summary: pure functions, no DOM, unit-tested
 * in test/unit/capacity-curve.test.ts. The state is plain JSON; every number in it is checked against the
 * engine's registry (`capacityParams`), so a bad state from a lesson, a link or `setState` is refused in
 * words and never reaches the worker.
 */
import { agsCritical } from '../../engine/attractors/ags.ts';
import { capacityParams, checkCapacitySpec, firstLoadBelow, type CapacityPoint, type CapacitySpec } from '../../engine/attractors/capacity.ts';
import type { UpdateMode } from '../../engine/attractors/hopfield.ts';
import { findParam, type ParamSpec } from '../../engine/params/registry.ts';
import type { Control } from '../lib/controls.ts';
import { formatNumber } from '../lib/format.ts';

export interface CapacityState {
  /** Number of units N. */
  readonly n: number;
  /** Seeds (networks) per load. */
  readonly seeds: number;
  readonly mode: UpdateMode;
  /** Fraction of the cue's units flipped, 0 to 0.5. */
  readonly cueFlip: number;
  /** Loads P/N, increasing. */
  readonly loads: readonly number[];
  /** First seed; run s of every load uses seed + s. */
  readonly seed: number;
}

export interface CapacityProps {
  n?: number;
  seeds?: number;
  mode?: UpdateMode;
  cueFlip?: number;
  loads?: readonly number[];
}

/** The loads a lesson gets by default: dense around α_c ≈ 0.138, where the curve drops. */
export const DEFAULT_LOADS = [0.02, 0.05, 0.08, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.2, 0.25] as const;

/** The mean overlap below which a load counts as "not retrieved" for the capacity readout. */
export const RETRIEVAL_THRESHOLD = 0.9;

const spec = (name: 'n' | 'seeds' | 'cueFlip' | 'seed'): ParamSpec => findParam(capacityParams, name)!;

/** Checks untrusted state; returns it (loads sorted) or every problem in words. */
export function parseCapacityState(input: unknown): { ok: true; state: CapacityState } | { ok: false; problems: string[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: ['The state must be an object { n, seeds, mode, cueFlip, loads, seed }.'] };
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['n', 'seeds', 'mode', 'cueFlip', 'loads', 'seed'];
  for (const key of Object.keys(record)) if (!known.includes(key)) problems.push(`Unknown state field "${key}"; the fields are ${known.join(', ')}.`);
  const params: Record<string, unknown> = {};
  for (const name of ['n', 'seeds', 'cueFlip', 'seed'] as const) if (name in record) params[name] = record[name];
  const loads = Array.isArray(record['loads']) ? [...(record['loads'] as unknown[])] : record['loads'];
  if (problems.length === 0) {
    try {
      const checked = checkCapacitySpec({ loads, mode: record['mode'], params });
      const sorted = [...checked.loads].sort((a, b) => a - b);
      if (new Set(sorted).size !== sorted.length) throw new RangeError('Each load may appear only once.');
      const { n, seeds, cueFlip, seed } = checked.values;
      return { ok: true, state: { n, seeds, mode: checked.mode, cueFlip, loads: sorted, seed } };
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { ok: false, problems };
}

/** Props → the initial state; runs at build time, so a mistake in a lesson fails the build with `where`. */
export function initialCapacityState(props: CapacityProps, where: string): CapacityState {
  const parsed = parseCapacityState({
    n: props.n ?? spec('n').default,
    seeds: props.seeds ?? spec('seeds').default,
    mode: props.mode ?? 'async',
    cueFlip: props.cueFlip ?? spec('cueFlip').default,
    loads: props.loads ?? [...DEFAULT_LOADS],
    seed: spec('seed').default,
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.join(' ')}`);
  return parsed.state;
}

/** The worker job for one load of `state` (one job per load, so each point appears as it finishes). */
export function jobFor(state: CapacityState, load: number): CapacitySpec {
  return { loads: [load], mode: state.mode, params: { n: state.n, seeds: state.seeds, cueFlip: state.cueFlip, seed: state.seed } };
}

/**
 * The sliders: N, seeds and the cue's corruption in percent (the engine takes a fraction), with the
 * registry's ranges and a unit on each. `key` is the state field.
 */
export function capacityControls(state: CapacityState): Control[] {
  const n = spec('n');
  const seeds = spec('seeds');
  const flip = spec('cueFlip');
  return [
    { key: 'n', target: { kind: 'view', name: 'n' }, spec: { ...n, unit: 'neurons', max: 2000, default: state.n } },
    { key: 'seeds', target: { kind: 'view', name: 'seeds' }, spec: { ...seeds, unit: 'networks', max: 40, meaning: 'Networks per load (independent patterns and cue)', default: state.seeds } },
    {
      key: 'cueFlip',
      target: { kind: 'view', name: 'cueFlip' },
      spec: { ...flip, symbol: '100 f', unit: '%', min: 100 * flip.min, max: 100 * flip.max, step: 1, meaning: 'Cue corruption: units of pattern 1 flipped in the cue', default: Math.round(100 * state.cueFlip) },
    },
  ];
}

/** Control value → state (the cue slider is in percent). */
export function withControl(state: CapacityState, key: string, value: number): CapacityState {
  if (key === 'cueFlip') return { ...state, cueFlip: Math.round(value) / 100 };
  if (key === 'n' || key === 'seeds') return { ...state, [key]: Math.round(value) };
  return state;
}

/** State → the values the sliders show. */
export function controlValues(state: CapacityState): Map<string, number> {
  return new Map([
    ['n', state.n],
    ['seeds', state.seeds],
    ['cueFlip', Math.round(100 * state.cueFlip)],
  ]);
}

export interface CapacityReadouts {
  /** The first measured load whose mean overlap is below 0.9, if any yet. */
  readonly measured: number | undefined;
  readonly measuredText: string;
  readonly alphaC: number;
  readonly alphaCText: string;
}

export function capacityReadouts(points: readonly CapacityPoint[], complete: boolean): CapacityReadouts {
  const measured = firstLoadBelow(points, RETRIEVAL_THRESHOLD);
  const alphaC = agsCritical().alpha;
  let measuredText: string;
  if (measured !== undefined) measuredText = formatNumber(measured, 3);
  else if (points.length === 0) measuredText = '…';
  else measuredText = complete ? `none (every mean m ≥ ${RETRIEVAL_THRESHOLD})` : '… (not yet)';
  return { measured, measuredText, alphaC, alphaCText: formatNumber(alphaC, 4) };
}

/** The text summary for screen readers (the live region), updated as points arrive. */
export function capacitySummary(state: CapacityState, points: readonly CapacityPoint[], status: 'idle' | 'running' | 'done' | 'cancelled' | 'error'): string {
  const setup = `Final overlap m against load P/N for N = ${state.n}, ${state.seeds} ${state.seeds === 1 ? 'network' : 'networks'} per load, ${state.mode === 'sync' ? 'synchronous' : 'asynchronous'} updates, cue with ${Math.round(100 * state.cueFlip)} % of units flipped.`;
  const done = `${points.length} of ${state.loads.length} loads computed${status === 'cancelled' ? ' before the run was cancelled' : status === 'error' ? ' before an error' : ''}.`;
  const listed = points.map((p) => `P/N ${formatNumber(p.load, 3)}: m ${formatNumber(p.mean, 3)} ± ${formatNumber(p.sd, 3)}`).join('; ');
  const { measuredText, alphaCText, measured } = capacityReadouts(points, status === 'done');
  const capacity = measured !== undefined ? ` The mean overlap first falls below ${RETRIEVAL_THRESHOLD} at P/N = ${measuredText}; theory (AGS) puts the capacity at ${alphaCText}.` : ` Theory (AGS) puts the capacity at ${alphaCText}.`;
  return `${setup} ${done}${listed ? ` ${listed}.` : ''}${capacity}`;
}

