/**
 * Izhikevich's simple model and the 20 features of Izhikevich 2004 (figure1.m) against
 * test/reference/izh2004_features.json: the figure's loop replayed (exact step indices) and the converged
 * continuous solution (SciPy DOP853, rtol 1e-9). Tolerances as in test/unit/izhikevich.test.ts.
 */
import { izhikevich } from '../engine/models/izhikevich.ts';
import { izhikevichFeatures, type IzhikevichPreset } from '../engine/models/izhikevich-features.ts';
import { simulate, type SimulationSpec } from '../engine/simulate.ts';
import type { Stimulus } from '../engine/stimuli/stimulus.ts';
import { featuresReference, type FeatureScenario } from './reference.ts';
import { maxAbsDiff, spikeTrainError, type Comparison } from './types.ts';

const model = 'Izhikevich simple model';
const lesson = '07-izhikevich';

/** Each reference feature with the preset of the same letter. */
function features(): { letter: string; scenario: FeatureScenario; preset: IzhikevichPreset }[] {
  return featuresReference().scenarios.map((scenario) => {
    const letter = /^izh2004_([A-T])$/.exec(scenario.id)![1]!;
    const preset = izhikevichFeatures.find((f) => f.id === letter);
    if (!preset) throw new Error(`no preset for ${scenario.id}`);
    return { letter, scenario, preset };
  });
}

/** The reference's idealised stimulus (segments closed on the left) as engine components. */
function continuousStimulus(scenario: FeatureScenario): Stimulus {
  return scenario.stimulus.segments_continuous.flatMap((s): Stimulus => {
    if (s.kind === 'ramp') return [{ kind: 'ramp', from: s.value_at_start!, to: s.value_at_end!, start: s.t_start, end: s.t_end }];
    return s.value === 0 ? [] : [{ kind: 'step', amplitude: s.value!, start: s.t_start, end: s.t_end }];
  });
}

function spikes(preset: IzhikevichPreset, change: Partial<SimulationSpec<string>>): Float64Array {
  return simulate({ model: izhikevich, params: preset.params, initial: preset.initial, stimulus: preset.stimulus, duration: preset.duration, record: ['v'], ...change }).spikes;
}

/** T (inhibition-induced bursting) has no bounded continuous solution: the reference stopped it at 2000 spikes. */
const bounded = () => features().filter((f) => f.letter !== 'T');

export const izhikevichComparisons: Comparison[] = [
  {
    id: 'izhikevich-published-steps',
    model,
    lesson,
    reference: { file: 'izh2004_features.json', what: 'figure1.m’s loop replayed: spike step indices of all 20 features' },
    quantity: 'spike step indices, the published numerics (figure1.m’s Euler at its own dt)',
    metric: 'number of spikes in another step than figure1.m’s',
    unit: 'spikes',
    tolerance: 0,
    why: 'The figure’s loop is a discrete map: the same order of updates, dt and current samples must land on the same steps.',
    measure: () => {
      let wrong = 0;
      for (const { scenario, preset } of features()) {
        const steps = Array.from(spikes(preset, { method: 'published', dt: preset.dt }), (t) => Math.round(t / preset.dt));
        const expected = scenario.results.figure1_loop.spike_step_index;
        wrong += Math.abs(steps.length - expected.length);
        for (let k = 0; k < Math.min(steps.length, expected.length); k++) if (steps[k] !== expected[k]) wrong++;
      }
      return wrong;
    },
  },
  {
    id: 'izhikevich-default-spike-times',
    model,
    lesson,
    reference: { file: 'izh2004_features.json', what: 'converged spike times of 19 features (T has no bounded solution)' },
    quantity: `spike times, the default (${izhikevich.defaultMethod} at ${izhikevich.defaultDt} ms), continuous stimulus`,
    metric: 'max |Δt| over all spikes, counts equal',
    unit: 'ms',
    tolerance: 1e-5,
    why: 'RK4 is fourth order and crossings are located on its own solution: 7e-3 ms at dt 0.1 becomes about 1e-6 ms at 0.01.',
    measure: () => Math.max(...bounded().map(({ scenario, preset }) => spikeTrainError(spikes(preset, { stimulus: continuousStimulus(scenario) }), scenario.results.converged_continuous.spike_times))),
  },
  {
    id: 'izhikevich-euler-spike-times',
    model,
    lesson,
    reference: { file: 'izh2004_features.json', what: 'converged spike times of 19 features' },
    quantity: 'spike times, Euler at 0.01 ms, continuous stimulus',
    metric: 'max |Δt| of matched spikes (H: one spike fewer)',
    unit: 'ms',
    tolerance: 1.6,
    why: 'The README’s bound for Euler at 0.01 ms; H’s last spike falls 0.27 ms before the end, where Euler is 0.44 ms late.',
    measure: () => {
      let worst = 0;
      for (const { letter, scenario, preset } of bounded()) {
        const expected = scenario.results.converged_continuous.spike_times;
        const ours = spikes(preset, { method: 'euler', dt: 0.01, stimulus: continuousStimulus(scenario) });
        if (ours.length !== expected.length - (letter === 'H' ? 1 : 0)) return Number.POSITIVE_INFINITY;
        worst = Math.max(worst, maxAbsDiff(ours, expected));
      }
      return worst;
    },
  },
];
