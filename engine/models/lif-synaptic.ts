/**
 * A leaky integrate-and-fire neuron driven through conductance synapses by an excitatory and an
 * inhibitory presynaptic population:
 *
 *   tauM du/dt = -(u - uRest) - R gExc(t) (u - EExc) - R gInh(t) (u - EInh) + R I(t),
 *
 * each g the sum of one kernel per presynaptic spike (exponential or alpha, see synapses.ts). With R in MΩ
 * and g in µS, R·g is dimensionless and R·g·(u - E) is in mV.
 *
 * Source: Neuronal Dynamics (Gerstner et al. 2014), Sec. 1.3 for the LIF (defaults as lif.ts) and Sec. 3.1
 * for conductance-based synapses; COURSE.md week 2. The synaptic defaults are typical cortical values
 * (AMPA-like τ 5 ms with E 0 mV, GABA_A-like τ 10 ms with E −75 mV), chosen so that the mean conductances
 * (Campbell: ν·n·w·τ = 0.05 µS each) hold the free membrane near −51 mV, just below threshold, and the
 * neuron fires irregularly from the fluctuations (about 36 ± 5 Hz over seeds with exponential kernels, 43 Hz for the default seed 1; somewhat less with alpha kernels).
 *
 * Registries are numeric, so two switches are numbers: `kernel` (0 = exponential, 1 = alpha) and
 * `poisson` (1 = independent Poisson trains drawn from the run's seed, 0 = regular trains with evenly
 * staggered phases, which do not use the seed).
 */
import type { ParamProblem, ParamValues, Registry } from '../params/registry.ts';
import { populationTrain } from '../stimuli/spike-trains.ts';
import { lif, type LifParam } from './lif.ts';
import type { NeuronModel } from './model.ts';
import { withSynapses } from './synapses.ts';

export const lifSynapticParams = [
  { name: 'rateExc', symbol: '\\nu_\\text{exc}', unit: 'Hz', default: 10, min: 0, max: 100, step: 0.5, meaning: 'Firing rate of each excitatory presynaptic neuron' },
  { name: 'nExc', symbol: 'N_\\text{exc}', unit: '', default: 100, min: 0, max: 500, step: 1, meaning: 'Number of excitatory presynaptic neurons' },
  { name: 'wExc', symbol: 'w_\\text{exc}', unit: 'µS', default: 0.01, min: 0, max: 0.1, step: 0.0005, meaning: 'Excitatory weight: the kernel amplitude g0 each presynaptic spike adds' },
  { name: 'tauExc', symbol: '\\tau_\\text{exc}', unit: 'ms', default: 5, min: 0.5, max: 100, step: 0.5, meaning: 'Time constant of the excitatory kernel' },
  { name: 'EExc', symbol: 'E_\\text{exc}', unit: 'mV', default: 0, min: -100, max: 50, step: 0.5, meaning: 'Reversal potential of the excitatory synapses' },
  { name: 'rateInh', symbol: '\\nu_\\text{inh}', unit: 'Hz', default: 10, min: 0, max: 100, step: 0.5, meaning: 'Firing rate of each inhibitory presynaptic neuron' },
  { name: 'nInh', symbol: 'N_\\text{inh}', unit: '', default: 25, min: 0, max: 500, step: 1, meaning: 'Number of inhibitory presynaptic neurons' },
  { name: 'wInh', symbol: 'w_\\text{inh}', unit: 'µS', default: 0.02, min: 0, max: 0.1, step: 0.0005, meaning: 'Inhibitory weight: the kernel amplitude g0 each presynaptic spike adds' },
  { name: 'tauInh', symbol: '\\tau_\\text{inh}', unit: 'ms', default: 10, min: 0.5, max: 100, step: 0.5, meaning: 'Time constant of the inhibitory kernel' },
  { name: 'EInh', symbol: 'E_\\text{inh}', unit: 'mV', default: -75, min: -100, max: 50, step: 0.5, meaning: 'Reversal potential of the inhibitory synapses' },
  { name: 'kernel', symbol: '\\kappa', unit: '', default: 0, min: 0, max: 1, step: 1, meaning: 'Kernel shape: 0 exponential g0·e^(−s/τ), 1 alpha g0·(s/τ)·e^(−s/τ) (peak g0/e)' },
  { name: 'poisson', symbol: '\\pi', unit: '', default: 1, min: 0, max: 1, step: 1, meaning: 'Presynaptic spike trains: 1 Poisson (seeded), 0 regular' },
] as const satisfies Registry;

export type LifSynapticExtra = (typeof lifSynapticParams)[number]['name'];
export type LifSynapticParam = LifParam | LifSynapticExtra;
export type LifSynapticParams = ParamValues<LifSynapticParam>;

function switches(p: LifSynapticParams): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const name of ['kernel', 'poisson'] as const) {
    if (p[name] !== 0 && p[name] !== 1) problems.push({ name, message: `${name} is a switch: 0 or 1, got ${p[name]}.` });
  }
  for (const name of ['nExc', 'nInh'] as const) {
    if (!Number.isInteger(p[name])) problems.push({ name, message: `${name} counts neurons and must be a whole number, got ${p[name]}.` });
  }
  return problems;
}

export const lifSynaptic: NeuronModel<LifSynapticParam> = withSynapses<LifParam, LifSynapticExtra>(lif, {
  id: 'lif-synaptic',
  title: 'Integrate-and-fire neuron with conductance synapses',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 1.3 (LIF) and Sec. 3.1 (conductance-based synapses)',
  params: lifSynapticParams,
  conductanceUnit: 'µS',
  // RK4 at 0.1 ms: the kernels are smooth between jumps (the simulator splits steps at each jump), their
  // shortest τ is 0.5 ms, and with no synaptic input the model is the LIF, whose reference tolerance
  // (ISI within dt, rate within 1 %) RK4 at 0.1 ms meets.
  defaultMethod: 'rk4',
  defaultDt: 0.1,
  constraints: switches,
  populations: [
    {
      name: 'Exc', subscript: '\\text{exc}', label: 'excitatory',
      kernel: (p) => (p.kernel === 1 ? 'alpha' : 'exponential'),
      tau: (p) => p.tauExc,
      reversal: (p) => p.EExc,
      weight: (p) => p.wExc,
      presynaptic: (p, { duration, seed }) => populationTrain(p.nExc, { rate: p.rateExc, start: 0, end: duration }, p.poisson === 1, seed),
    },
    {
      name: 'Inh', subscript: '\\text{inh}', label: 'inhibitory',
      kernel: (p) => (p.kernel === 1 ? 'alpha' : 'exponential'),
      tau: (p) => p.tauInh,
      reversal: (p) => p.EInh,
      weight: (p) => p.wInh,
      presynaptic: (p, { duration, seed }) => populationTrain(p.nInh, { rate: p.rateInh, start: 0, end: duration }, p.poisson === 1, seed),
    },
  ],
});
