/**
 * "Open in Brian2": a self-contained Python script for Brian2 2.5 (numpy code generation) that runs the same
 * setup as a scenario — model, parameters, initial state, stimulus, time step, method and seed — and prints
 * its spike times in ms as JSON on its last line, `{"spikes": [...]}`. Nothing the engine computed is put
 * in the script except the initial state (the model's resting state, which the engine finds by Newton's
 * method); spikes, traces and rates all come from Brian2.
 *
 * Numerics, and why spike times differ from the engine's by up to a step:
 * - Brian2 tests the threshold after each step and records the step's start t_k; the engine locates the
 *   crossing inside the step. Brian2's times are earlier by less than dt, and after a reset (applied at the
 *   step's end, with refractoriness counted from t_k) each interval can differ by up to dt, so the difference
 *   can build up over a spike train.
 * - `euler`, `rk4`, `exact`, `exponential-euler` map to Brian2's methods of the same name; `adaptive` (which
 *   Brian2 lacks) becomes `rk4` at dt ≤ 0.01 ms; `published` (Izhikevich's figure1.m loop) is written out
 *   as that loop in a `run_regularly` operation, with the strict test v > vPeak.
 * - Brian2 holds the input over each step, sampled where the engine's method samples it (brian2-stimulus.ts);
 *   a presynaptic spike of the synaptic model acts from the first step boundary at or after it, where the
 *   engine splits the step at the spike itself.
 *
 * Network scenarios (net.m) are written by brian2-network.ts.
 */
import { methods } from '../integrators/index.ts';
import { getModel } from '../models/registry.ts';
import type { NeuronModel } from '../models/model.ts';
import type { NetScenario } from '../network/scenario.ts';
import { resolveParams } from '../params/registry.ts';
import type { Scenario } from '../scenario.ts';
import { brian2Methods, brian2Models } from './brian2-models.ts';
import { brian2NetScript } from './brian2-network.ts';
import { stimulusLines } from './brian2-stimulus.ts';
import { PRINT_SPIKES, pyComment, pyFloat, pyInt, pyName, pyQuantity, SCRIPT_PREAMBLE } from './python.ts';
import { PY_ENGINE_RANDOM, PY_SPIKE_TRAINS } from './python-random.ts';

/** Brian2's step for the engine's adaptive method: RK4 at this dt (ms) or the scenario's, if smaller. */
export const ADAPTIVE_BRIAN2_DT = 0.01;

function initialState(model: NeuronModel, params: Record<string, number>, initial: Scenario['initial']): Float64Array {
  const y = model.initialState(params);
  if (initial) model.state.forEach((s, i) => (initial[s.name] !== undefined ? (y[i] = initial[s.name]!) : undefined));
  return y;
}

function synapticLines(params: Record<string, number>): string[] {
  const lines = [
    '',
    pyComment('Presynaptic spike trains, drawn as the engine draws them: population j from derive_seed(run_seed, j).'),
    '# Brian2 cannot split a step at a presynaptic spike, so each jump acts from the first step boundary at or after it.',
    'def jumps(times, weight):',
    '    amounts = np.zeros(len(t_grid))',
    '    k = np.ceil(times / sim_dt - 1e-9).astype(int)',
    '    np.add.at(amounts, k[k < len(amounts)], weight)',
    '    return amounts',
    '',
  ];
  for (const [j, pop] of (['Exc', 'Inh'] as const).entries()) {
    const weight = params[`w${pop}`]!;
    const train = `train_${pop.toLowerCase()}`;
    lines.push(
      weight === 0
        ? `${train} = np.array([])  # weight 0: the engine draws no train`
        : `${train} = population_train(int(n${pop}), rate${pop} / Hz, duration, poisson == 1, derive_seed(run_seed, ${j}))`,
    );
    lines.push(`jump_${pop.toLowerCase()} = TimedArray(jumps(${train}, w${pop} / usiemens) * usiemens, dt=sim_dt*ms)`);
  }
  return lines;
}

/**
 * An f–I curve (widgets/fi-curve): one neuron per constant current in one NeuronGroup, each rate the inverse
 * mean interspike interval of the spikes after `transient` ms, as engine/analysis/fi-curve.ts measures it.
 */
export interface CurrentSweep {
  /** In the model's input unit. */
  readonly currents: readonly number[];
  /** ms */
  readonly transient: number;
}

const SWEEP_OUTPUT = [
  'rates = []',
  'for k in range(len(currents)):',
  '    times = np.sort(np.asarray(spikes.t[spikes.i == k] / ms))',
  '    times = times[times >= transient]',
  '    rates.append(float(1000 * (len(times) - 1) / (times[-1] - times[0])) if len(times) >= 2 else 0.0)',
  'print(json.dumps({"spikes": [round(float(x), 6) for x in spikes.t / ms], "i": [int(k) for k in spikes.i], "currents": list(currents), "rates": rates}))',
];

/**
 * The Brian2 script of a single-neuron scenario that `parseScenario` accepted; with `sweep`, the f–I curve of
 * its model and numerics instead (the scenario's stimulus is then not used).
 */
export function brian2NeuronScript(scenario: Scenario, sweep?: CurrentSweep): string {
  const model = getModel(scenario.model);
  const spec = brian2Models[scenario.model];
  if (!model || !spec) throw new RangeError(`No Brian2 export for model ${JSON.stringify(scenario.model)}.`);
  const { values: params, problems } = resolveParams(model.params, scenario.params);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  const method = scenario.method ?? model.defaultMethod;
  const dt = scenario.dt ?? model.defaultDt;
  const published = method === 'published';
  const simDt = method === 'adaptive' ? Math.min(dt, ADAPTIVE_BRIAN2_DT) : dt;
  const seed = scenario.seed ?? 1;
  const y = initialState(model, params, scenario.initial);
  const synaptic = scenario.model === 'lif-synaptic';

  const stimulus = stimulusLines(sweep ? 0 : scenario.stimulus, model.input, {
    simDt, engineDt: dt, duration: scenario.duration, sample: published ? 'start' : method === 'euler' || method === 'exponential-euler' ? 'after' : 'mid', ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}),
  });
  const brianMethod = published ? 'figure1.m loop (run_regularly)' : brian2Methods[method]!;
  const note =
    method === 'adaptive'
      ? `The engine's adaptive method (${methods.adaptive.title}) has no Brian2 counterpart: RK4 at dt = ${simDt} ms instead.`
      : published
        ? "The engine's published numerics: figure1.m's loop, v first, then u with the new v, then the strict test v > vPeak."
        : `Engine method ${method} at dt = ${dt} ms; Brian2 method '${brianMethod}'.`;

  const lines: string[] = [
    '#!/usr/bin/env python3',
    pyComment(`${model.title}: exported from Membrane ("Open in Brian2") for Brian2 2.5 with the numpy target.`),
    pyComment(`Equations and defaults: ${model.source}.`),
    pyComment(note),
    '# Brian2 records a spike at the start of the step in which the threshold became true; the engine locates',
    '# the crossing inside the step, so these times are earlier by less than dt (more, cumulatively, after resets).',
    sweep
      ? '# The last line printed is {"spikes": [ms], "i": [neuron], "currents": [...], "rates": [Hz]}.'
      : '# The last line printed is {"spikes": [times in ms]}.',
    ...SCRIPT_PREAMBLE,
    `duration = ${pyFloat(scenario.duration)}  # ms`,
    `run_seed = ${pyInt(seed)}  # the scenario's seed (noise and presynaptic trains that name no seed of their own)`,
  ];
  if (stimulus.usesRandom || synaptic) lines.push(PY_ENGINE_RANDOM.trimEnd());
  if (synaptic) lines.push(PY_SPIKE_TRAINS.trimEnd());
  lines.push('', '# Parameters (the scenario\'s values, registry defaults for the rest)');
  for (const p of model.params) lines.push(`${pyName(p.name)} = ${pyQuantity(params[p.name]!, spec.paramUnits[p.name] ?? '')}  ${pyComment(p.meaning)}`);

  const inputUnit = spec.inputUnit === '' ? '' : ` * ${spec.inputUnit}`;
  if (sweep) {
    lines.push(
      '',
      `# One neuron per constant current (${model.input.unit || 'dimensionless'}); rates from the spikes after the transient`,
      `currents = [${sweep.currents.map(pyFloat).join(', ')}]`,
      `transient = ${pyFloat(sweep.transient)}  # ms`,
      `sim_dt = ${pyFloat(simDt)}  # ms`,
      't_grid = np.arange(math.ceil(duration / sim_dt - 1e-9) + 1) * sim_dt  # ms',
    );
  } else {
    lines.push('', `# Injected current (${model.input.unit || 'dimensionless'}) on the simulation grid, held over each step`, ...stimulus.lines);
    lines.push(`stimulus = TimedArray(I_values${inputUnit}, dt=sim_dt*ms)`);
  }
  lines.push('defaultclock.dt = sim_dt*ms');
  if (synaptic) lines.push(...synapticLines(params));

  const equations = published
    ? ['v : 1', 'u : 1', 'I : 1']
    : [...spec.equations, `I : ${spec.inputDimension}  # injected current, set each step from the stimulus`];
  lines.push('', "eqs = '''", ...equations, "'''");
  const options = [`threshold=${published ? "'v > vPeak'" : `'${spec.threshold}'`}`];
  if (published) options.push("reset='v = c; u = u + d'");
  else if (spec.reset) options.push(`reset='${spec.reset}'`);
  if (spec.refractory === 'held') options.push('refractory=tRef');
  if (spec.refractory === 'while') options.push(`refractory='${spec.threshold}'`);
  if (!published) options.push(`method='${brianMethod}'`);
  lines.push(`neuron = NeuronGroup(${sweep ? 'len(currents)' : '1'}, eqs, ${options.join(', ')})`);
  model.state.forEach((s, i) => lines.push(`neuron.${pyName(s.name)} = ${pyQuantity(y[i]!, spec.stateUnits[s.name] ?? '')}  # initial ${s.meaning.toLowerCase()}`));
  lines.push(sweep ? `neuron.I = np.array(currents)${inputUnit}` : "neuron.run_regularly('I = stimulus(t)', when='start')");
  if (published) {
    lines.push(
      '# figure1.m (Izhikevich 2004): v += tau (k2 v² + k1 v + k0 - u + I), then u with the new v.',
      "neuron.run_regularly('''v = v + (dt/ms)*(k2*(v*v) + k1*v + k0 - u + I)",
      "u = u + dt*a*(b*(v - vr) - uDecay*u)''', when='groups')",
    );
  }
  if (synaptic) {
    const target = (pop: string) => `${params['kernel'] === 1 ? 'x' : 'g'}${pop}`;
    lines.push(`neuron.run_regularly('${target('Exc')} += jump_exc(t); ${target('Inh')} += jump_inh(t)', when='start')  # ${params['kernel'] === 1 ? 'alpha' : 'exponential'} kernel`);
  }
  const voltage = model.state[model.voltage]!.name;
  lines.push(
    'spikes = SpikeMonitor(neuron)',
    `trace = StateMonitor(neuron, '${pyName(voltage)}', record=0)`,
    'net = Network(neuron, spikes, trace)',
    'net.run(duration*ms)',
    '',
    `# To see the trace: import matplotlib.pyplot as plt; plt.plot(trace.t/ms, trace.${pyName(voltage)}[0]); plt.show()`,
    ...(sweep ? SWEEP_OUTPUT : [PRINT_SPIKES]),
  );
  return `${lines.join('\n')}\n`;
}

export type Brian2Input = Scenario | NetScenario;

/** The Brian2 script of a parsed single-neuron or net.m scenario. */
export function brian2Script(scenario: Brian2Input): string {
  return 'network' in scenario ? brian2NetScript(scenario) : brian2NeuronScript(scenario);
}
