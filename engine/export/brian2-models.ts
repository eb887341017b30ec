/**
 * Every single-neuron model of the engine in Brian2's terms: parameter units, equations, threshold, reset
 * and refractoriness, written from engine/models/*.ts (each entry names its source there). Brian2 keeps
 * `threshold=` and `reset=` apart from the equations, as the engine keeps its events apart from `rhs`.
 *
 * Where the engine clamps the voltage at the spike cut-off inside the right-hand side (QIF, EIF, AdEx,
 * Izhikevich: Runge–Kutta stages of the crossing step must not overflow), the equations use the same clamp
 * through a subexpression, so RK4 in Brian2 evaluates what the engine evaluates.
 *
 * The injected current is the variable `I`, set at the start of every step from the stimulus TimedArray.
 */

export interface Brian2Model {
  /** Brian2 unit of each parameter, '' for dimensionless (a factor such as `1/mV` is allowed). */
  readonly paramUnits: Readonly<Record<string, string>>;
  /** Brian2 unit of each state variable, in the engine's state order. */
  readonly stateUnits: Readonly<Record<string, string>>;
  /** Brian2 unit of the input I; '' for dimensionless models. */
  readonly inputUnit: string;
  /** The equation lines (without `I`), in Brian2 syntax. */
  readonly equations: readonly string[];
  readonly threshold: string;
  readonly reset?: string;
  /** 'held': the voltage is held for the parameter tRef; 'while': refractory while the threshold holds (no reset). */
  readonly refractory: 'held' | 'while' | 'none';
  /** The dimension of I in an equation declaration (`amp`, `amp/meter**2`, `1`). */
  readonly inputDimension: string;
}

/**
 * The integrate-and-fire neurons of weeks 1–2 share their frame: one state variable u in mV driven by a current in
 * nA, reset to uReset and held there while refractory. Only units, equations and threshold differ.
 */
function currentDrivenIF(model: Pick<Brian2Model, 'paramUnits' | 'equations' | 'threshold'>): Brian2Model {
  return { ...model, stateUnits: { u: 'mV' }, inputUnit: 'nA', inputDimension: 'amp', reset: 'u = uReset', refractory: 'held' };
}

const lifUnits = { tauM: 'ms', R: 'Mohm', uRest: 'mV', theta: 'mV', uReset: 'mV', tRef: 'ms' };

/** engine/models/lif.ts */
const lif = currentDrivenIF({
  paramUnits: lifUnits,
  equations: ['du/dt = (-(u - uRest) + R*I) / tauM : volt (unless refractory)'],
  threshold: 'u >= theta',
});

/** engine/models/nonlinear-if.ts (qif) */
const qif = currentDrivenIF({
  paramUnits: { tauM: 'ms', R: 'Mohm', uRest: 'mV', uC: 'mV', a0: '/mV', uReset: 'mV', uPeak: 'mV', tRef: 'ms' },
  equations: [
    'du/dt = (a0*(u_c - uRest)*(u_c - uC) + R*I) / tauM : volt (unless refractory)',
    'u_c = clip(u, -inf*mV, uPeak) : volt  # clamped at the cut-off, as in the engine',
  ],
  threshold: 'u >= uPeak',
});

/** engine/models/nonlinear-if.ts (eif) */
const eif = currentDrivenIF({
  paramUnits: { tauM: 'ms', R: 'Mohm', uRest: 'mV', thetaRh: 'mV', deltaT: 'mV', uReset: 'mV', uPeak: 'mV', tRef: 'ms' },
  equations: [
    'du/dt = (-(u_c - uRest) + deltaT*exp((u_c - thetaRh)/deltaT) + R*I) / tauM : volt (unless refractory)',
    'u_c = clip(u, -inf*mV, uPeak) : volt  # clamped at the cut-off, as in the engine',
  ],
  threshold: 'u >= uPeak',
});

/** engine/models/adex.ts: R in MΩ times a current in pA gives µV, which Brian2's units handle. */
const adex: Brian2Model = {
  paramUnits: {
    tauM: 'ms', R: 'Mohm', uRest: 'mV', thetaRh: 'mV', deltaT: 'mV', uReset: 'mV', uPeak: 'mV', a: 'nS', b: 'pA', tauW: 'ms',
    a2: 'nS', b2: 'pA', tauW2: 'ms', tRef: 'ms',
  },
  stateUnits: { u: 'mV', w: 'pA', w2: 'pA' },
  inputUnit: 'pA',
  inputDimension: 'amp',
  equations: [
    'du/dt = (-(u_c - uRest) + deltaT*exp((u_c - thetaRh)/deltaT) + R*(I - w - w2)) / tauM : volt (unless refractory)',
    'dw/dt = (a*(u_c - uRest) - w) / tauW : amp',
    'dw2/dt = (a2*(u_c - uRest) - w2) / tauW2 : amp',
    'u_c = clip(u, -inf*mV, uPeak) : volt  # clamped at the cut-off, as in the engine',
  ],
  threshold: 'u >= uPeak',
  reset: 'u = uReset; w += b; w2 += b2',
  refractory: 'held',
};

/**
 * engine/models/hodgkin-huxley.ts. x / (1 - exp(-x/k)) is written k / exprel(-x/k), Brian2's exprel, which
 * stays exact where the quotient is 0/0 (the engine uses a Taylor series there).
 */
const hh: Brian2Model = {
  paramUnits: { C: 'uF/cm**2', gNa: 'msiemens/cm**2', gK: 'msiemens/cm**2', gL: 'msiemens/cm**2', ENa: 'mV', EK: 'mV', EL: 'mV' },
  stateUnits: { v: 'mV', m: '', h: '', n: '' },
  inputUnit: 'uA/cm**2',
  inputDimension: 'amp/meter**2',
  equations: [
    'dv/dt = (-gNa*m**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL) + I) / C : volt',
    'dm/dt = alpha_m*(1 - m) - beta_m*m : 1',
    'dh/dt = alpha_h*(1 - h) - beta_h*h : 1',
    'dn/dt = alpha_n*(1 - n) - beta_n*n : 1',
    'alpha_m = 0.182*9/exprel(-(v/mV + 35)/9)/ms : Hz',
    'beta_m = 0.124*9/exprel((v/mV + 35)/9)/ms : Hz',
    'alpha_h = 0.25*exp(-(v/mV + 90)/12)/ms : Hz',
    'beta_h = 0.25*exp((v/mV + 62)/6 - (v/mV + 90)/12)/ms : Hz',
    'alpha_n = 0.02*9/exprel(-(v/mV - 25)/9)/ms : Hz',
    'beta_n = 0.002*9/exprel((v/mV - 25)/9)/ms : Hz',
  ],
  threshold: 'v > 0*mV',
  refractory: 'while',
};

/** engine/models/morris-lecar.ts */
const morrisLecar: Brian2Model = {
  paramUnits: {
    C: 'uF/cm**2', gCa: 'msiemens/cm**2', gK: 'msiemens/cm**2', gL: 'msiemens/cm**2', ECa: 'mV', EK: 'mV', EL: 'mV',
    V1: 'mV', V2: 'mV', V3: 'mV', V4: 'mV', phi: '/ms',
  },
  stateUnits: { v: 'mV', w: '' },
  inputUnit: 'uA/cm**2',
  inputDimension: 'amp/meter**2',
  equations: [
    'dv/dt = (I - gL*(v - EL) - gCa*m_inf*(v - ECa) - gK*w*(v - EK)) / C : volt',
    'dw/dt = (w_inf - w) / tau_w : 1',
    'm_inf = 0.5*(1 + tanh((v - V1)/V2)) : 1',
    'w_inf = 0.5*(1 + tanh((v - V3)/V4)) : 1',
    'tau_w = cosh((v - V3)/(2*V4))/phi : second',
  ],
  threshold: 'v > 0*mV',
  refractory: 'while',
};

/** engine/models/fitzhugh-nagumo.ts: dimensionless, time in ms. */
const fitzhughNagumo: Brian2Model = {
  paramUnits: { a: '', b: '', tau: 'ms' },
  stateUnits: { v: '', w: '' },
  inputUnit: '',
  inputDimension: '1',
  equations: ['dv/dt = (v - v**3/3 - w + I) / ms : 1', 'dw/dt = (v + a - b*w) / tau : 1'],
  threshold: 'v > 0',
  refractory: 'while',
};

/** engine/models/izhikevich.ts: v in mV and u, I, d on the scale of dv/dt, all as plain numbers. */
const izhikevich: Brian2Model = {
  paramUnits: { a: '/ms', b: '', c: '', d: '', vPeak: '', k2: '', k1: '', k0: '', vr: '', uDecay: '' },
  stateUnits: { v: '', u: '' },
  inputUnit: '',
  inputDimension: '1',
  equations: [
    'dv/dt = (k2*v_c**2 + k1*v_c + k0 - u + I) / ms : 1',
    'du/dt = a*(b*(v_c - vr) - uDecay*u) : 1',
    'v_c = clip(v, -inf, vPeak) : 1  # clamped at the cut-off, as in the engine',
  ],
  threshold: 'v >= vPeak',
  reset: 'v = c; u += d',
  refractory: 'none',
};

/** engine/models/lif-synaptic.ts and synapses.ts: the LIF plus two conductances (g, and x for the alpha kernel). */
const lifSynaptic: Brian2Model = {
  paramUnits: {
    ...lifUnits, rateExc: 'Hz', nExc: '', wExc: 'usiemens', tauExc: 'ms', EExc: 'mV', rateInh: 'Hz', nInh: '', wInh: 'usiemens', tauInh: 'ms', EInh: 'mV',
    kernel: '', poisson: '',
  },
  stateUnits: { u: 'mV', gExc: 'usiemens', xExc: 'usiemens', gInh: 'usiemens', xInh: 'usiemens' },
  inputUnit: 'nA',
  inputDimension: 'amp',
  equations: [
    'du/dt = (-(u - uRest) - R*gExc*(u - EExc) - R*gInh*(u - EInh) + R*I) / tauM : volt (unless refractory)',
    'dgExc/dt = (xExc - gExc) / tauExc : siemens',
    'dxExc/dt = -xExc / tauExc : siemens',
    'dgInh/dt = (xInh - gInh) / tauInh : siemens',
    'dxInh/dt = -xInh / tauInh : siemens',
  ],
  threshold: 'u >= theta',
  reset: 'u = uReset',
  refractory: 'held',
};

export const brian2Models: Readonly<Record<string, Brian2Model>> = {
  lif, qif, eif, adex, hh, 'morris-lecar': morrisLecar, 'fitzhugh-nagumo': fitzhughNagumo, izhikevich, 'lif-synaptic': lifSynaptic,
};

/** The Brian2 method closest to each engine method (see brian2.ts for adaptive and published). */
export const brian2Methods: Readonly<Record<string, string>> = {
  euler: 'euler', rk4: 'rk4', exact: 'exact', 'exponential-euler': 'exponential_euler', adaptive: 'rk4',
};
