/**
 * Props → initial state and controls for the gating widget; runs at build time, so a mistake in a lesson
 * fails the build. The state is an ordinary Hodgkin–Huxley scenario (zero input) whose view settings hold
 * the voltage range and the marker's voltage, so a shared link restores the marker.
 */
import { hodgkinHuxley, validateSpec, type Registry } from '../../engine/index.ts';
import { resolveControls, type Control, type ControlRequest } from '../lib/controls.ts';
import { parseState, type WidgetState } from '../lib/state.ts';
import type { WidgetConfig } from '../lib/widget-element.ts';
import { restingPotential } from './data.ts';

export interface GatingProps {
  params?: Record<string, number>;
  /** Voltage axis [min, max], mV. */
  u?: readonly [number, number];
  /** Where the voltage marker starts, mV; default the resting potential (to the slider's step). */
  voltage?: number;
  /** Extra sliders (HH parameters; they move the resting potential, not the gates). */
  controls?: readonly ControlRequest[];
}

export interface GatingConfig extends WidgetConfig {
  readonly state: WidgetState;
  readonly controls: Control[];
  readonly numerics: Control[];
}

export const VOLTAGE_KEY = 'view.voltage';
export const VOLTAGE_STEP = 0.1;

/** The marker's slider as a registry entry, so it is built, labelled and validated like any parameter. */
export function voltageSpec(uMin: number, uMax: number, value: number): Registry {
  return [{ name: 'voltage', symbol: 'u', unit: 'mV', default: value, min: uMin, max: uMax, step: VOLTAGE_STEP, meaning: 'Membrane potential at which the gates are read' }];
}

/** Snaps to the slider's step (0.1 mV) without floating-point tails. */
export function snapVoltage(u: number): number {
  return Math.round(u / VOLTAGE_STEP) / Math.round(1 / VOLTAGE_STEP);
}

export function buildGatingConfig(props: GatingProps, where: string): GatingConfig {
  const [uMin, uMax] = props.u ?? [-100, 50];
  if (!(Number.isFinite(uMin) && Number.isFinite(uMax) && uMax > uMin)) throw new Error(`${where}: u must be [min, max] in mV with max > min.`);
  const checked = validateSpec({ model: hodgkinHuxley, params: props.params ?? {}, duration: 100 });
  if (checked.problems.length > 0) throw new Error(`${where}: ${checked.problems.map((p) => p.message).join(' ')}`);
  const voltage = props.voltage ?? Math.min(uMax, Math.max(uMin, snapVoltage(restingPotential(checked.params))));
  if (!(voltage >= uMin && voltage <= uMax)) throw new Error(`${where}: voltage ${voltage} mV lies outside u [${uMin}, ${uMax}].`);
  const parsed = parseState({
    version: 1,
    model: 'hh',
    params: props.params ?? {},
    stimulus: [],
    method: hodgkinHuxley.defaultMethod,
    dt: hodgkinHuxley.defaultDt,
    duration: 100,
    view: { uMin, uMax, voltage },
  });
  if (!parsed.ok) throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join(' ')}`);
  const state = parsed.state;
  const others = (props.controls ?? []).filter((r) => (typeof r === 'string' ? r : r.key) !== VOLTAGE_KEY);
  const controls = resolveControls([VOLTAGE_KEY, ...others], hodgkinHuxley, state, voltageSpec(uMin, uMax, voltage));
  return { state, controls, numerics: [] };
}

/** Why a state's view cannot be shown, or undefined when it can. */
export function viewProblem(state: WidgetState): string | undefined {
  const { uMin, uMax, voltage } = state.view ?? {};
  if (uMin === undefined || uMax === undefined || voltage === undefined || !(uMax > uMin)) return 'The view needs uMin < uMax and a voltage (mV).';
  if (!(voltage >= uMin && voltage <= uMax)) return `The voltage ${voltage} mV lies outside the plotted range ${uMin} to ${uMax} mV.`;
  return undefined;
}
