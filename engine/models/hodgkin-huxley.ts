/**
 * Hodgkin–Huxley model with the parameter set of Neuronal Dynamics, Table 2.1.
 *
 *   C du/dt = -gNa m³h (u - ENa) - gK n⁴ (u - EK) - gL (u - EL) + I(t)
 *   dx/dt   = αx(u) (1 - x) - βx(u) x,   x ∈ {m, h, n}
 *
 * Source: Gerstner, Kistler, Naud & Paninski, Neuronal Dynamics (2014), Sec. 2.2, Eqs. 2.4–2.6 and
 * Table 2.1 (ENa 55, EK -77, EL -65 mV; gNa 40, gK 35, gL 0.3 mS/cm²; C 1 µF/cm²), with the table's rate
 * functions exactly as the course's reference data (test/reference/hh.json, "equations") states them:
 * u in mV, rates in 1/ms. This is not the 1952 squid-axon set: the voltage is absolute, the rest state
 * lies at -63.054 mV rather than at EL, because the sodium window current depolarises it, and the
 * neuron fires repetitively only above 0.3739 µA/cm² (type II, with a jump to about 8 Hz).
 *
 * A spike is an upward crossing of 0 mV; the model has no reset, so the trajectory is followed through
 * the whole action potential.
 */
import { exp } from '../math/deterministic.ts';
import { findFixedPoint } from '../analysis/steady-state.ts';
import type { ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

export const hodgkinHuxleyParams = [
  { name: 'C', symbol: 'C', unit: 'µF/cm²', default: 1, min: 0.1, max: 10, step: 0.1, meaning: 'Membrane capacitance per unit area' },
  { name: 'gNa', symbol: 'g_\\text{Na}', unit: 'mS/cm²', default: 40, min: 0, max: 200, step: 1, meaning: 'Maximal sodium conductance, all m and h gates open' },
  { name: 'gK', symbol: 'g_\\text{K}', unit: 'mS/cm²', default: 35, min: 0, max: 100, step: 1, meaning: 'Maximal potassium conductance, all n gates open' },
  { name: 'gL', symbol: 'g_L', unit: 'mS/cm²', default: 0.3, min: 0.01, max: 5, step: 0.01, meaning: 'Leak conductance, always open' },
  { name: 'ENa', symbol: 'E_\\text{Na}', unit: 'mV', default: 55, min: 0, max: 100, step: 1, meaning: 'Sodium reversal (Nernst) potential' },
  { name: 'EK', symbol: 'E_\\text{K}', unit: 'mV', default: -77, min: -120, max: -40, step: 1, meaning: 'Potassium reversal (Nernst) potential' },
  { name: 'EL', symbol: 'E_L', unit: 'mV', default: -65, min: -100, max: -30, step: 0.5, meaning: 'Leak reversal potential' },
] as const satisfies Registry;

export type HodgkinHuxleyParam = (typeof hodgkinHuxleyParams)[number]['name'];
export type HodgkinHuxleyParams = ParamValues<HodgkinHuxleyParam>;

/**
 * x / (1 - exp(-x / k)), whose value at x = 0 is the limit k. Near zero the Taylor series replaces the
 * 0/0 form, which would otherwise lose all its digits as u passes -35 mV (m) or 25 mV (n).
 */
function vtrap(x: number, k: number): number {
  const r = x / k;
  return Math.abs(r) < 1e-6 ? k * (1 + r / 2) : x / (1 - exp(-r));
}

// Rates in 1/ms at the membrane potential u in mV (Table 2.1 as in hh.json).
export const alphaM = (u: number): number => 0.182 * vtrap(u + 35, 9);
export const betaM = (u: number): number => 0.124 * vtrap(-(u + 35), 9);
export const alphaH = (u: number): number => 0.25 * exp(-(u + 90) / 12);
/** 0.25 e^((u+62)/6) / e^((u+90)/12), as one exponential so it cannot overflow into ∞/∞ on a wild RK4 stage. */
export const betaH = (u: number): number => 0.25 * exp((u + 62) / 6 - (u + 90) / 12);
export const alphaN = (u: number): number => 0.02 * vtrap(u - 25, 9);
export const betaN = (u: number): number => 0.002 * vtrap(-(u - 25), 9);

/** e^{-56/12}: with A = e^{-(u+90)/12}, βh = 0.25 e^{(u+34)/12} = 0.25 e^{-56/12} / A. */
const BETA_H_SCALE = 0.25 * exp(-56 / 12);

/**
 * The six rates at u, in the order αm βm αh βh αn βn, written into `out` from three exponentials instead of
 * six: the integrators evaluate them at every stage, and the exponentials were half of a Hodgkin–Huxley run.
 * With E = e^{-x/9}, vtrap(x, 9) = x / (1 - E) and vtrap(-x, 9) = x / (1/E - 1); both keep their finite limits
 * when E underflows to 0 or overflows to ∞ on a wild RK4 stage. They agree with alphaM … betaN above to 1e-13
 * relative, 1e-9 within 0.01 mV of the 0/0 points, where both forms lose digits (test/unit/hodgkin-huxley.test.ts).
 */
export function ratesAt(u: number, out: Float64Array): void {
  pair(u + 35, 0.182, 0.124, out, 0);
  const a = exp(-(u + 90) / 12);
  out[2] = 0.25 * a;
  out[3] = BETA_H_SCALE / a;
  pair(u - 25, 0.02, 0.002, out, 4);
}

/** alpha·vtrap(x, 9) and beta·vtrap(-x, 9) from one exponential, into out[at] and out[at + 1]. */
function pair(x: number, alpha: number, beta: number, out: Float64Array, at: number): void {
  const r = x / 9;
  if (Math.abs(r) < 1e-6) {
    out[at] = alpha * 9 * (1 + r / 2);
    out[at + 1] = beta * 9 * (1 - r / 2);
    return;
  }
  const e = exp(-r);
  out[at] = (alpha * x) / (1 - e);
  out[at + 1] = (beta * x) / (1 / e - 1);
}

const RATES = new Float64Array(6);

export type Gate = 'm' | 'h' | 'n';
const rates: Readonly<Record<Gate, readonly [(u: number) => number, (u: number) => number]>> = {
  m: [alphaM, betaM],
  h: [alphaH, betaH],
  n: [alphaN, betaN],
};

/** Steady-state open fraction x∞(u) = α / (α + β) of a gate held at u (mV). */
export function gateSteadyState(gate: Gate, u: number): number {
  const [alpha, beta] = rates[gate];
  const a = alpha(u);
  return a / (a + beta(u));
}

/** Time constant τx(u) = 1 / (α + β) in ms of a gate held at u (mV). */
export function gateTimeConstant(gate: Gate, u: number): number {
  const [alpha, beta] = rates[gate];
  return 1 / (alpha(u) + beta(u));
}

/** Opening rate αx(u) and closing rate βx(u) in 1/ms, for plotting. */
export function gateRates(gate: Gate, u: number): { alpha: number; beta: number } {
  const [alpha, beta] = rates[gate];
  return { alpha: alpha(u), beta: beta(u) };
}

/** Rest estimate for Newton: the gates at steady state at EL, which lies 2 mV from the true rest. */
function restGuess(p: HodgkinHuxleyParams): Float64Array {
  const u = p.EL;
  return Float64Array.of(u, gateSteadyState('m', u), gateSteadyState('h', u), gateSteadyState('n', u));
}

export const hodgkinHuxley: NeuronModel<HodgkinHuxleyParam> = {
  id: 'hh',
  title: 'Hodgkin–Huxley',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 2.2, Eqs. 2.4–2.6, Table 2.1',
  params: hodgkinHuxleyParams,
  state: [
    { name: 'v', symbol: 'u', unit: 'mV', meaning: 'Membrane potential' },
    { name: 'm', symbol: 'm', unit: '', meaning: 'Sodium activation: fast, opens on depolarisation' },
    { name: 'h', symbol: 'h', unit: '', meaning: 'Sodium inactivation: slow, closes on depolarisation' },
    { name: 'n', symbol: 'n', unit: '', meaning: 'Potassium activation: slow, opens on depolarisation' },
  ],
  voltage: 0,
  input: { unit: 'µA/cm²', max: 100, step: 0.01 },
  // The adaptive method (rtol 1e-6, samples every 0.1 ms) locates every spike of hh.json within 5e-7 ms of
  // the converged reference, better than RK4 at 0.01 ms (3e-6 ms), and simulates 1 s in about 11 ms
  // instead of 50 ms (npm run bench), so a slider can re-simulate each frame.
  defaultMethod: 'adaptive',
  defaultDt: 0.1,
  initialState(p) {
    // The model with these parameters, not the registry defaults: the fixed point moves with gL, EL, ...
    const rest = findFixedPoint(hodgkinHuxley as NeuronModel, p, restGuess(p), 0);
    return rest.converged ? rest.state : restGuess(p);
  },
  rhs(_t, y, dydt, p, input) {
    const u = y[0]!;
    const m = y[1]!;
    const h = y[2]!;
    const n = y[3]!;
    const gNa = p.gNa * m * m * m * h;
    const gK = p.gK * n * n * n * n;
    dydt[0] = (-gNa * (u - p.ENa) - gK * (u - p.EK) - p.gL * (u - p.EL) + input) / p.C;
    const r = RATES;
    ratesAt(u, r);
    dydt[1] = r[0]! * (1 - m) - r[1]! * m;
    dydt[2] = r[2]! * (1 - h) - r[3]! * h;
    dydt[3] = r[4]! * (1 - n) - r[5]! * n;
  },
  relaxation(_t, y, target, tau, p, input) {
    const u = y[0]!;
    const m = y[1]!;
    const h = y[2]!;
    const n = y[3]!;
    // With the gates frozen the membrane is a linear RC circuit: it relaxes towards the
    // conductance-weighted mean of the reversal potentials (plus I / Σg) with time constant C / Σg.
    const gNa = p.gNa * m * m * m * h;
    const gK = p.gK * n * n * n * n;
    const total = gNa + gK + p.gL;
    target[0] = (gNa * p.ENa + gK * p.EK + p.gL * p.EL + input) / total;
    tau[0] = p.C / total;
    const r = RATES;
    ratesAt(u, r);
    for (let gate = 1; gate <= 3; gate++) {
      const a = r[2 * gate - 2]!;
      const b = r[2 * gate - 1]!;
      target[gate] = a / (a + b);
      tau[gate] = 1 / (a + b);
    }
  },
  events: {
    threshold: (y) => y[0]!,
  },
};
