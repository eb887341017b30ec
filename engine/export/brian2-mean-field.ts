/**
 * The spiking network behind the Izhikevich mean field (engine/mean-field/lorentzian-network.ts) as a Brian2
 * script. Brian2 has no built-in for its spike mechanism, so the script writes the engine's step out in
 * Brian2's abstract code, one `run_regularly` per step: forward Euler with v first and u from the new v; a
 * crossing of v_p holds v for 2τ/v_p (u keeps integrating), then sets v = -v_p; the spike is emitted τ/v_p
 * after the crossing, when u jumps by d and s by 1/N. Brian2's threshold then reads the emission flag, so
 * its SpikeMonitor records the spikes when they act, and a Synapses object adds 1/N to s for each.
 *
 * Time is dimensionless (in units of τ); the script counts it in ms, one unit per ms. The excitabilities are
 * the Lorentzian's quantiles, so the network has no randomness. Brian2 rewrites the arithmetic (sympy), so
 * rounding differs from the engine's and the network's chaos lets single spikes drift apart; rates agree
 * (test/unit/brian2-export.test.ts).
 *
 * The script prints, last, `{"spikes": [time...], "i": [neuron...], "rate": [per bin], "binWidth": w}`.
 */
import { ikMeanFieldParams, type IkInputSegment } from '../mean-field/izhikevich-mean-field.ts';
import { lorentzianNetworkParams, type LorentzianNetworkSpec } from '../mean-field/lorentzian-network.ts';
import { resolveParams } from '../params/registry.ts';
import { pyComment, pyFloat, pyInt, SCRIPT_PREAMBLE } from './python.ts';

/** The network's specification as the engine takes it, with I_ext as data (a function cannot be written out). */
export type LorentzianNetworkExport = Omit<LorentzianNetworkSpec, 'input' | 'sampleEvery'> & { readonly input: number | readonly IkInputSegment[] };

export function brian2LorentzianScript(spec: LorentzianNetworkExport): string {
  const { values: p, problems } = resolveParams(ikMeanFieldParams, spec.params ?? {});
  const { values: net, problems: netProblems } = resolveParams(lorentzianNetworkParams, spec.network ?? {});
  problems.push(...netProblems);
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  const segments: readonly IkInputSegment[] = typeof spec.input === 'number' ? [{ tStart: 0, tEnd: spec.duration, value: spec.input }] : spec.input;
  const binWidth = spec.binWidth ?? 0.1;
  return [
    '#!/usr/bin/env python3',
    '# The spiking network behind the Izhikevich mean field (Chen & Campbell, J. Comput. Neurosci. 50:445, 2022;',
    '# Montbrió, Pazó & Roxin, Phys. Rev. X 5:021028, 2015), exported from Membrane ("Open in Brian2") for Brian2 2.5',
    '# with the numpy target. N Izhikevich neurons in dimensionless form, excitabilities eta_j from a Lorentzian,',
    '# all to all through one synaptic activation s:',
    '#   tau v_j\' = v_j^2 - alpha v_j + eta_j + I_ext - u_j + g s tau (E_r - v_j),  u_j\' = a (b v_j - u_j),',
    '#   s\' = -s / tau_s + (1/N) sum of the spikes.',
    '# Time is in units of tau, counted by Brian2 in ms (1 unit = 1 ms). The step is Membrane\'s, written out:',
    '# forward Euler, v first and u from the new v; v >= v_p starts a refractory hold of 2 tau/v_p (u goes on),',
    '# after which v = -v_p; the spike is emitted tau/v_p after the crossing, when u += d and s += 1/N.',
    '# The last line printed is {"spikes": [time], "i": [neuron], "rate": [per neuron per unit time, per bin], "binWidth": w}.',
    `# This setup is ${pyInt(net.n)} neurons over ${pyInt(Math.floor(spec.duration / net.dt + 0.5))} steps. Brian2 makes one numpy pass per step:`,
    '# the widget\'s default (2000 neurons, 100000 steps) took 14 s in Brian2 2.5.1 on a 2-core machine.',
    ...SCRIPT_PREAMBLE,
    `N = ${pyInt(net.n)}`,
    'n_neurons = N',
    `h = ${pyFloat(net.dt)}  # time step (units of tau)`,
    `duration = ${pyFloat(spec.duration)}`,
    `v_p = ${pyFloat(net.vPeak)}  # spike cut-off; the reset is -v_p`,
    `bin_width = ${pyFloat(binWidth)}`,
    ...ikMeanFieldParams.map((q) => `${q.name} = ${pyFloat(p[q.name])}  ${pyComment(q.meaning)}`),
    '',
    'steps = int(math.floor(duration / h + 0.5))',
    '# Whole steps, rounded half up as the engine does (Python\'s round() would round half to even).',
    'emit_delay = int(math.floor(tau / (v_p * h) + 0.5))  # steps from crossing to spike',
    'refractory_steps = 2 * emit_delay',
    'emit_at = refractory_steps - emit_delay + 1  # the refractory counter runs refractory_steps ... 1',
    'h_over_tau = h / tau',
    'ha = h * a',
    'decay = 1 - h / tauS',
    'defaultclock.dt = h*ms',
    '',
    '# The Lorentzian\'s N quantiles: eta + Delta tan(pi/2 (2j - N - 1)/(N + 1)), j = 1 ... N.',
    'j = np.arange(1, N + 1)',
    'eta_j = eta + Delta * np.tan(np.pi / 2 * (2 * j - N - 1) / (N + 1))',
    '',
    '# I_ext, one value per step: (start, end, value) segments.',
    'I_steps = np.zeros(steps)',
    `for start, end, value in [${segments.map((s) => `(${pyFloat(s.tStart)}, ${pyFloat(s.tEnd)}, ${pyFloat(s.value)})`).join(', ')}]:`,
    '    I_steps[int(math.floor(start / h + 0.5)):min(steps, int(math.floor(end / h + 0.5)))] = value',
    'I_ext = TimedArray(I_steps, dt=h*ms)',
    '',
    "population = NeuronGroup(1, 's : 1')",
    "neurons = NeuronGroup(N, '''",
    'v : 1',
    'u : 1',
    'eta_n : 1 (constant)',
    'refr : integer  # refractory steps left; 0 while integrating',
    'emit : integer  # 1 in the step a spike is emitted',
    's_link : 1 (linked)',
    "''', threshold='emit == 1', reset='')  # the step below does the reset",
    "neurons.s_link = linked_var(population, 's', index=np.zeros(N, dtype=int))",
    'neurons.eta_n = eta_j',
    '',
    '# One step of every neuron, with s as it was at the start of the step.',
    "neurons.run_regularly('''",
    'gs = g * s_link * tau',
    'held = int(refr > 0)',
    'v_new = v + h_over_tau * (v * v - (alpha + gs) * v + eta_n + I_ext(t) + gs * Er - u)',
    'u = u + ha * (b * (held * v + (1 - held) * v_new) - u)',
    'emit = int(refr == emit_at)',
    'u = u + d * emit',
    'v = held * (int(refr != 1) * v - int(refr == 1) * v_p) + (1 - held) * v_new',
    'refr = held * (refr - 1) + (1 - held) * refractory_steps * int(v_new >= v_p)',
    "''', when='groups', order=0)",
    "population.run_regularly('s = s * decay', when='groups', order=1)",
    "synapses = Synapses(neurons, population, on_pre='s_post += 1.0 / n_neurons')  # N inside Synapses is its own count",
    'synapses.connect()',
    'spikes = SpikeMonitor(neurons)',
    '',
    'run(steps * h * ms)',
    '',
    'k = np.rint(np.asarray(spikes.t / ms) / h).astype(int)  # the step each spike was emitted in',
    'steps_per_bin = int(math.floor(bin_width / h + 0.5))',
    'counts = np.bincount(k // steps_per_bin, minlength=steps // steps_per_bin)[: steps // steps_per_bin]',
    'rate = counts / (N * bin_width)',
    'print(json.dumps({"spikes": [round(float(x), 6) for x in spikes.t / ms], "i": [int(x) for x in spikes.i], "rate": [float(x) for x in rate], "binWidth": bin_width}))',
    '',
  ].join('\n');
}
