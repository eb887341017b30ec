/**
 * net.m (Izhikevich 2003, engine/network/izhikevich-2003.ts) as a Brian2 script: one NeuronGroup with the
 * heterogeneous a, b, c, d of the paper, Synapses whose spikes add their weight to the target's input, and
 * thalamic noise from Brian2's randn() seeded with `seed(...)`. The random streams are numpy's, not the
 * engine's (nor MATLAB's), so spike trains differ; the statistics (mean rates, rhythms) are what agree.
 *
 * `published` is net.m's loop, placed in Brian2's schedule: threshold and reset (v >= 30 fires, v ← c,
 * u ← u + d), then I ← noise + the weights of the neurons that fired, then v in two 0.5 ms half-steps and u in
 * one 1 ms step, at dt = 1 ms. `euler` and `rk4` integrate the same model with Brian2's methods at the
 * scenario's dt, with the input (noise plus the kicks of the previous millisecond) held over each millisecond,
 * as the engine does.
 *
 * The script prints, last, `{"spikes": [ms...], "i": [neuron...], "rates": {"exc": Hz, "inh": Hz}}`.
 */
import type { NetScenario } from '../network/scenario.ts';
import { izhikevich2003Params } from '../network/izhikevich-2003.ts';
import { resolveParams } from '../params/registry.ts';
import { pyFloat, pyInt, SCRIPT_PREAMBLE } from './python.ts';

export function brian2NetScript(scenario: NetScenario): string {
  const { values: p, problems } = resolveParams(izhikevich2003Params, scenario.spec.params ?? {});
  if (problems.length > 0) throw new RangeError(problems.map((q) => q.message).join(' '));
  const method = scenario.spec.method ?? 'published';
  const sparse = (scenario.spec.connectivity ?? 'all-to-all') === 'fixed-indegree';
  const published = method === 'published';
  const lines = [
    '#!/usr/bin/env python3',
    "# Izhikevich's network of spiking neurons (net.m, IEEE TNN 14:1569, 2003): exported from Membrane (\"Open in Brian2\")",
    '# for Brian2 2.5 with the numpy target. Random numbers come from numpy seeded with the scenario\'s seed, so spike',
    '# trains differ from the engine\'s; rates and rhythms agree statistically.',
    '# The last line printed is {"spikes": [ms], "i": [neuron], "rates": {"exc": Hz, "inh": Hz}}.',
    ...SCRIPT_PREAMBLE,
    `duration = ${pyFloat(scenario.duration)}  # ms`,
    `run_seed = ${pyInt(scenario.spec.seed)}`,
    'seed(run_seed)  # Brian2\'s rand() and randn()',
    'np.random.seed(run_seed)  # the neurons\' heterogeneity and the connectivity',
    '',
    `Ne = ${pyInt(p.Ne)}  # excitatory neurons (regular spiking to chattering)`,
    `Ni = ${pyInt(p.Ni)}  # inhibitory neurons (fast spiking to low-threshold spiking)`,
    'N = Ne + Ni',
    `noiseE = ${pyFloat(p.noiseE)}  # SD of the thalamic input to excitatory neurons, redrawn each ms`,
    `noiseI = ${pyFloat(p.noiseI)}  # SD of the thalamic input to inhibitory neurons`,
    `inputs = ${sparse ? pyInt(p.inDegree) : 'N'}  # synapses per neuron; weights carry 1000 / inputs (net.m: N = 1000)`,
    'scale = 1000 / inputs',
    `defaultclock.dt = ${pyFloat(published ? 1 : p.dt)}*ms`,
    '',
    're = np.random.rand(Ne)',
    'ri = np.random.rand(Ni)',
    "eqs = '''",
    ...(published
      ? ['v : 1', 'u : 1']
      : ['dv/dt = (0.04*v**2 + 5*v + 140 - u + I) / ms : 1', 'du/dt = a*(b*v - u) / ms : 1', 'I_next : 1  # kicks of this millisecond, delivered during the next']),
    'I : 1',
    'a : 1',
    'b : 1',
    'c : 1',
    'd : 1',
    'sigma : 1',
    "'''",
    `G = NeuronGroup(N, eqs, threshold='v >= 30', reset='v = c; u = u + d'${published ? '' : `, method='${method}'`})`,
    'G.a = np.concatenate([0.02 * np.ones(Ne), 0.02 + 0.08 * ri])',
    'G.b = np.concatenate([0.2 * np.ones(Ne), 0.25 - 0.05 * ri])',
    'G.c = np.concatenate([-65 + 15 * re**2, -65 * np.ones(Ni)])',
    'G.d = np.concatenate([8 - 6 * re**2, 2 * np.ones(Ni)])',
    'G.sigma = np.concatenate([noiseE * np.ones(Ne), noiseI * np.ones(Ni)])',
    'G.v = -65',
    "G.u = 'b*v'",
    '',
    `S = Synapses(G, G, 'w : 1', on_pre='${published ? 'I_post += w' : 'I_next_post += w'}')`,
  ];
  if (sparse) {
    lines.push(
      "# Each neuron receives exactly `inputs` synapses from distinct neurons, in net.m's excitatory share.",
      'kE = min(Ne, round(inputs * Ne / N))',
      'kI = min(Ni, inputs - kE)',
      'pre = np.concatenate([np.concatenate([np.random.choice(Ne, kE, replace=False), Ne + np.random.choice(Ni, kI, replace=False)]) for _ in range(N)])',
      'S.connect(i=pre, j=np.repeat(np.arange(N), kE + kI))',
    );
  } else {
    lines.push('S.connect()  # all to all, self included, as net.m');
  }
  lines.push("S.w['i < Ne'] = '0.5 * scale * rand()'", "S.w['i >= Ne'] = '-scale * rand()'", '');
  if (published) {
    lines.push(
      "# net.m's loop in Brian2's schedule: thresholds and resets fire as in net.m; between them the input is redrawn",
      '# and the synapses add the weights of the neurons that fired; at the end v takes two half-steps and u one step.',
      "G.run_regularly('I = sigma*randn()', when='after_thresholds')",
      "G.run_regularly('''v = v + 0.5*(0.04*v**2 + 5*v + 140 - u + I)",
      'v = v + 0.5*(0.04*v**2 + 5*v + 140 - u + I)',
      "u = u + a*(b*v - u)''', when='end')",
    );
  } else {
    lines.push("G.run_regularly('''I = sigma*randn() + I_next", "I_next = 0''', dt=1*ms, when='start')  # held over each millisecond");
  }
  lines.push(
    'spikes = SpikeMonitor(G)',
    'net = Network(G, S, spikes)',
    'net.run(duration*ms)',
    '',
    'counts = np.bincount(np.asarray(spikes.i), minlength=N)',
    'rates = {"exc": float(counts[:Ne].sum() / max(Ne, 1) / (duration / 1000)), "inh": float(counts[Ne:].sum() / max(Ni, 1) / (duration / 1000))}',
    'print(json.dumps({"spikes": [round(float(x), 6) for x in spikes.t / ms], "i": [int(k) for k in spikes.i], "rates": rates}))',
  );
  return `${lines.join('\n')}\n`;
}
