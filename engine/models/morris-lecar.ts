/**
 * Morris–Lecar model: a calcium current that activates instantly and a slow potassium current.
 *
 *   C dV/dt = I - gL (V - EL) - gCa m∞(V) (V - ECa) - gK w (V - EK)
 *   dw/dt   = φ (w∞(V) - w) / τw(V)
 *   m∞(V) = ½ (1 + tanh((V - V1) / V2)),  w∞(V) = ½ (1 + tanh((V - V3) / V4)),
 *   τw(V) = 1 / cosh((V - V3) / (2 V4))
 *
 * Source: Morris & Lecar, Biophys. J. 35:193–213 (1981), in the reduced two-variable form of Rinzel &
 * Ermentrout, "Analysis of neural excitability and oscillations", in Koch & Segev (eds.), Methods in
 * Neuronal Modeling, 2nd ed. (1998), Appendix A. The defaults are that chapter's set for Figs. 1–3
 * (type II excitability: the rest state loses stability in a subcritical Hopf bifurcation, firing starts
 * at a non-zero rate); `morrisLecarPresets.typeI` is its set for Figs. 4–6 (type I: a saddle-node on an
 * invariant circle, firing starts at an arbitrarily low rate). The same two sets are Table 3.1 of
 * Ermentrout & Terman, Mathematical Foundations of Neuroscience (2010), and Ermentrout's XPP file for
 * the chapter (`set hopf`, `set snic`).
 *
 * A spike is an upward crossing of 0 mV: full action potentials reach about +20 mV or more, while the
 * small oscillations born near the Hopf point stay well below 0 mV and are not counted.
 */
import { exp } from '../math/deterministic.ts';
import { findFixedPoint } from '../analysis/steady-state.ts';
import type { ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

export const morrisLecarParams = [
  { name: 'C', symbol: 'C', unit: 'µF/cm²', default: 20, min: 1, max: 50, step: 0.5, meaning: 'Membrane capacitance per unit area' },
  { name: 'gCa', symbol: 'g_\\text{Ca}', unit: 'mS/cm²', default: 4.4, min: 0, max: 20, step: 0.1, meaning: 'Maximal calcium conductance (fast, instantaneous activation)' },
  { name: 'gK', symbol: 'g_\\text{K}', unit: 'mS/cm²', default: 8, min: 0, max: 20, step: 0.1, meaning: 'Maximal potassium conductance (slow activation w)' },
  { name: 'gL', symbol: 'g_L', unit: 'mS/cm²', default: 2, min: 0.1, max: 10, step: 0.1, meaning: 'Leak conductance' },
  { name: 'ECa', symbol: 'E_\\text{Ca}', unit: 'mV', default: 120, min: 50, max: 150, step: 1, meaning: 'Calcium reversal potential' },
  { name: 'EK', symbol: 'E_\\text{K}', unit: 'mV', default: -84, min: -120, max: -50, step: 1, meaning: 'Potassium reversal potential' },
  { name: 'EL', symbol: 'E_L', unit: 'mV', default: -60, min: -100, max: -30, step: 1, meaning: 'Leak reversal potential' },
  { name: 'V1', symbol: 'V_1', unit: 'mV', default: -1.2, min: -30, max: 30, step: 0.1, meaning: 'Voltage of half calcium activation' },
  { name: 'V2', symbol: 'V_2', unit: 'mV', default: 18, min: 1, max: 50, step: 0.1, meaning: 'Steepness of calcium activation (larger is shallower)' },
  { name: 'V3', symbol: 'V_3', unit: 'mV', default: 2, min: -30, max: 30, step: 0.1, meaning: 'Voltage of half potassium activation' },
  { name: 'V4', symbol: 'V_4', unit: 'mV', default: 30, min: 1, max: 50, step: 0.1, meaning: 'Steepness of potassium activation (larger is shallower)' },
  { name: 'phi', symbol: '\\phi', unit: '1/ms', default: 0.04, min: 0.001, max: 1, step: 0.001, meaning: 'Rate scale of potassium activation: smaller is slower recovery' },
] as const satisfies Registry;

export type MorrisLecarParam = (typeof morrisLecarParams)[number]['name'];
export type MorrisLecarParams = ParamValues<MorrisLecarParam>;

/**
 * Rinzel & Ermentrout's two sets as overrides of the defaults: type II (Hopf; Figs. 1–3, the defaults)
 * and type I (saddle-node on an invariant circle; Figs. 4–6).
 */
export const morrisLecarPresets = {
  typeII: { gCa: 4.4, V3: 2, V4: 30, phi: 0.04 },
  typeI: { gCa: 4, V3: 12, V4: 17.4, phi: 1 / 15 },
} as const satisfies Record<string, Partial<MorrisLecarParams>>;

/** Calcium activation m∞(V), which follows V instantly. ½(1 + tanh x) = 1/(1 + e^{−2x}): one exponential. */
export function calciumActivation(p: MorrisLecarParams, v: number): number {
  return 1 / (1 + exp((-2 * (v - p.V1)) / p.V2));
}

/**
 * w∞(V) = ½(1 + tanh 2z) and τw(V) = cosh(z) / φ, with z = (V − V3) / (2 V4), from one exponential E = e^{|z|}:
 * w∞ = 1 / (1 + E^{∓4}) (no cancellation on either side) and cosh z = (E + 1/E) / 2. The right-hand side
 * needs both at every stage of every step.
 */
function potassiumActivationOf(z: number, e: number): number {
  const e4 = e * e * (e * e);
  return z >= 0 ? 1 / (1 + 1 / e4) : 1 / (1 + e4);
}

function potassiumHalfArgument(p: MorrisLecarParams, v: number): number {
  return (v - p.V3) / (2 * p.V4);
}

/** Steady-state potassium activation w∞(V). */
export function potassiumActivation(p: MorrisLecarParams, v: number): number {
  const z = potassiumHalfArgument(p, v);
  return potassiumActivationOf(z, exp(Math.abs(z)));
}

/** Time constant of w in ms, τw(V) / φ. */
export function potassiumTimeConstant(p: MorrisLecarParams, v: number): number {
  const e = exp(Math.abs(potassiumHalfArgument(p, v)));
  return (0.5 * (e + 1 / e)) / p.phi;
}

/** The V-nullcline: the w at which dV/dt = 0 for a given V and input I (µA/cm²). */
export function voltageNullcline(p: MorrisLecarParams, v: number, input: number): number {
  return (input - p.gL * (v - p.EL) - p.gCa * calciumActivation(p, v) * (v - p.ECa)) / (p.gK * (v - p.EK));
}

/** The w-nullcline is w∞(V). */
export const recoveryNullcline = potassiumActivation;

export const morrisLecar: NeuronModel<MorrisLecarParam> = {
  id: 'morris-lecar',
  title: 'Morris–Lecar',
  source: 'Morris & Lecar (1981); Rinzel & Ermentrout (1998), Methods in Neuronal Modeling, Appendix A',
  params: morrisLecarParams,
  state: [
    { name: 'v', symbol: 'V', unit: 'mV', meaning: 'Membrane potential' },
    { name: 'w', symbol: 'w', unit: '', meaning: 'Fraction of open potassium channels' },
  ],
  voltage: 0,
  input: { unit: 'µA/cm²', max: 300, step: 0.1 },
  // The fastest time scale is the membrane's, C / Σg ≈ 1–2 ms; RK4 at 0.05 ms puts spike times within
  // 1e-4 ms of an rtol-1e-10 solution (test/unit/morris-lecar.test.ts).
  defaultMethod: 'rk4',
  defaultDt: 0.05,
  initialState(p) {
    // Start Newton on the w-nullcline at EL; the rest state of both presets lies within 25 mV of it.
    const guess = Float64Array.of(p.EL, potassiumActivation(p, p.EL));
    const rest = findFixedPoint(morrisLecar as NeuronModel, p, guess, 0);
    return rest.converged ? rest.state : guess;
  },
  rhs(_t, y, dydt, p, input) {
    const v = y[0]!;
    const w = y[1]!;
    dydt[0] = (input - p.gL * (v - p.EL) - p.gCa * calciumActivation(p, v) * (v - p.ECa) - p.gK * w * (v - p.EK)) / p.C;
    const z = potassiumHalfArgument(p, v);
    const e = exp(Math.abs(z));
    dydt[1] = ((potassiumActivationOf(z, e) - w) * p.phi) / (0.5 * (e + 1 / e));
  },
  relaxation(_t, y, target, tau, p, input) {
    const v = y[0]!;
    // With m∞ and w frozen at the step's start the membrane is linear: it relaxes to the conductance-weighted
    // mean of the reversal potentials with time constant C / Σg (exponential Euler, as for Hodgkin–Huxley).
    const gCa = p.gCa * calciumActivation(p, v);
    const gK = p.gK * y[1]!;
    const total = p.gL + gCa + gK;
    target[0] = (p.gL * p.EL + gCa * p.ECa + gK * p.EK + input) / total;
    tau[0] = p.C / total;
    target[1] = potassiumActivation(p, v);
    tau[1] = potassiumTimeConstant(p, v);
  },
  events: {
    threshold: (y) => y[0]!,
  },
};
