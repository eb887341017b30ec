/**
 * Leaky integrate-and-fire neuron with absolute refractoriness.
 *
 *   tauM du/dt = -(u - uRest) + R I(t);   if u reaches theta: spike, u <- uReset, held for tRef.
 *
 * Source: Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), Sections 1.3.1 and 1.3.3
 * (Eqs. 1.5, 1.8 and the refractory period of Section 1.3.2). Defaults match the course's reference set
 * (tauM 10 ms, R 10 MΩ, uRest -65 mV, theta -50 mV, uReset -70 mV, tRef 2 ms), so the rheobase is 1.5 nA.
 * With the current in nA and R in MΩ, R I is in mV.
 */
import type { ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

export const lifParams = [
  { name: 'tauM', symbol: '\\tau_m', unit: 'ms', default: 10, min: 1, max: 100, step: 0.5, meaning: 'Membrane time constant, R times C' },
  { name: 'R', symbol: 'R', unit: 'MΩ', default: 10, min: 1, max: 100, step: 0.5, meaning: 'Input resistance of the membrane' },
  { name: 'uRest', symbol: 'u_\\text{rest}', unit: 'mV', default: -65, min: -90, max: -40, step: 0.5, meaning: 'Resting potential, where the membrane settles without input' },
  { name: 'theta', symbol: '\\vartheta', unit: 'mV', default: -50, min: -70, max: -20, step: 0.5, meaning: 'Firing threshold: reaching it emits a spike' },
  { name: 'uReset', symbol: 'u_r', unit: 'mV', default: -70, min: -90, max: -40, step: 0.5, meaning: 'Reset potential after a spike' },
  { name: 'tRef', symbol: '\\Delta^\\text{abs}', unit: 'ms', default: 2, min: 0, max: 20, step: 0.1, meaning: 'Absolute refractory period: the potential is held at reset' },
] as const satisfies Registry;

export type LifParam = (typeof lifParams)[number]['name'];
export type LifParams = ParamValues<LifParam>;

export const lif: NeuronModel<LifParam> = {
  id: 'lif',
  title: 'Leaky integrate-and-fire',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 1.3, Eqs. 1.5 and 1.8',
  params: lifParams,
  state: [{ name: 'u', symbol: 'u', unit: 'mV', meaning: 'Membrane potential' }],
  voltage: 0,
  input: { unit: 'nA', max: 50, step: 0.01 },
  defaultDt: 0.1,
  linear: true,
  initialState: (p) => Float64Array.of(p.uRest),
  rhs: (_t, y, dydt, p, input) => {
    dydt[0] = (-(y[0]! - p.uRest) + p.R * input) / p.tauM;
  },
  relaxation: (_t, _y, target, tau, p, input) => {
    target[0] = p.uRest + p.R * input;
    tau[0] = p.tauM;
  },
  events: {
    threshold: (y, p) => y[0]! - p.theta,
    reset: (y, p) => {
      y[0] = p.uReset;
    },
    refractoryPeriod: (p) => p.tRef,
  },
  constraints: (p) =>
    p.uReset < p.theta
      ? []
      : [{ name: 'uReset', message: `The reset potential (${p.uReset} mV) must lie below the threshold (${p.theta} mV), or the neuron would fire again at once.` }],
  defaultMethod: 'exact',
};
