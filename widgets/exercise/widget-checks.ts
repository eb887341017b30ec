/**
 * Widget checkers: "set the widget so that …" exercises hand a widget's getState() here, and the engine
 * decides, for the neuron as the widget has it, whether the setting does what was asked. The state is
 * untrusted (it may come from a hand-in file), so it is validated as a scenario first.
 *
 * `lif-repetitive-threshold`: the smallest current that makes a leaky integrate-and-fire neuron fire
 * repetitively, to 0.01 nA. The threshold is found by bisection on simulations
 * (engine/analysis/threshold-current.ts, the course's definition: a spike in the last 200 ms of a 1 s
 * step from rest); for the LIF it equals the rheobase (ϑ − u_rest)/R of Neuronal Dynamics, Sec. 1.3.
 */
import { lif } from '../../engine/models/lif.ts';
import { repetitiveThreshold } from '../../engine/analysis/threshold-current.ts';
import { simulate } from '../../engine/simulate.ts';
import type { Stimulus } from '../../engine/stimuli/stimulus.ts';
import { formatNumber } from '../../engine/units.ts';
import { parseState } from '../lib/state.ts';
import type { CheckResult, WidgetCheckId } from './check';

export interface WidgetCheck {
  /** Judges a widget state (getState() of the widget named by the exercise). */
  check(state: unknown): CheckResult;
  /** The right setting in words, for answer keys. */
  describe(): string;
}

/** Width of the bisection bracket, nA: a hundredth of the 0.01 nA the exercise asks for. */
const PRECISION = 1e-4;
/** The course's repetitive-firing test: a 1 s step, and a spike in its last 200 ms. */
const STEP_MS = 1000;
const WINDOW_MS = 200;
/** "To 0.01 nA": the set current may lie this far above the threshold; "close" up to five times that. */
const ACCEPT_NA = 0.01;
const CLOSE_NA = 0.05;

const nA = (value: number): string => `${formatNumber(Number(value.toFixed(4)))} nA`;

/** Whether a constant current, switched on at rest, still makes the neuron fire after 800 ms. */
export function firesRepetitively(params: Readonly<Record<string, number>>, amplitude: number): boolean {
  const result = simulate({ model: lif, params, stimulus: amplitude, duration: STEP_MS, record: ['u'] });
  const last = result.spikes.length > 0 ? result.spikes[result.spikes.length - 1]! : Number.NEGATIVE_INFINITY;
  return last >= STEP_MS - WINDOW_MS;
}

/** The engine's repetitive-firing threshold (nA) for LIF parameters: the midpoint of a 1e-4 nA bracket. */
export function lifRepetitiveThreshold(params: Readonly<Record<string, number>>): number {
  return repetitiveThreshold(lif, params, { precision: PRECISION, duration: STEP_MS, window: WINDOW_MS }).value;
}

/** The amplitude of a one-component step or constant stimulus, which is what the exercise has the reader set. */
function setCurrent(stimulus: Stimulus): number | undefined {
  const [only, ...rest] = stimulus;
  if (only === undefined || rest.length > 0 || (only.kind !== 'step' && only.kind !== 'constant')) return undefined;
  const amplitude = only['amplitude'];
  return typeof amplitude === 'number' && Number.isFinite(amplitude) ? amplitude : undefined;
}

function checkRepetitiveThreshold(input: unknown): CheckResult {
  const parsed = parseState(input);
  if (!parsed.ok) return { outcome: 'invalid', message: `The widget's setting could not be read (${parsed.problems.map((p) => p.message).join('; ')}).` };
  const { state } = parsed;
  if (state.model !== 'lif') return { outcome: 'invalid', message: 'This check needs the leaky integrate-and-fire widget.' };
  const amplitude = setCurrent(state.stimulus);
  if (amplitude === undefined) return { outcome: 'invalid', message: 'Set a single current step (or a constant current) in the widget first.' };
  const threshold = lifRepetitiveThreshold(state.params);
  if (!Number.isFinite(threshold)) return { outcome: 'invalid', message: 'This neuron does not fire repetitively at any current the widget allows.' };
  const fires = firesRepetitively(state.params, amplitude);
  // The bracket's half-width is added so a setting exactly 0.01 nA above the true threshold always passes.
  const above = amplitude - threshold;
  if (!fires) {
    return {
      outcome: 'wrong',
      message:
        above > -ACCEPT_NA
          ? `Not quite — at ${nA(amplitude)} the neuron does not fire repetitively, but you are within 0.01 nA: raise the current by one step.`
          : `Not quite — at ${nA(amplitude)} the neuron does not fire repetitively: raise the current.`,
    };
  }
  if (above <= ACCEPT_NA + PRECISION) {
    return { outcome: 'correct', message: `Correct: at ${nA(amplitude)} the neuron fires repetitively, and the engine finds the smallest such current at ${nA(threshold)}.` };
  }
  if (above <= CLOSE_NA + PRECISION) {
    return { outcome: 'close', message: `Close — at ${nA(amplitude)} the neuron fires repetitively, but a smaller current still does: come down in steps of 0.01 nA.` };
  }
  return { outcome: 'wrong', message: `Not quite — at ${nA(amplitude)} the neuron fires repetitively, but far above the smallest current that does.` };
}

export const widgetChecks: { readonly [K in WidgetCheckId]: WidgetCheck } = {
  'lif-repetitive-threshold': {
    check: checkRepetitiveThreshold,
    describe: () =>
      `The set current fires the neuron repetitively and lies within 0.01 nA above the engine's threshold (for the default neuron ${nA(lifRepetitiveThreshold({}))}, so 1.5 to 1.51 nA; recomputed for the neuron as set).`,
  },
};
