/**
 * Adaptive exponential integrate-and-fire neuron (AdEx), in the form of Neuronal Dynamics (2014),
 * Sec. 6.1, Eqs. 6.3–6.4, with two adaptation currents (the book's sum over k, here K = 2):
 *
 *   tauM  du/dt  = -(u - uRest) + deltaT exp((u - thetaRh)/deltaT) - R (w + w2) + R I(t)
 *   tauW  dw/dt  = a  (u - uRest) - w     (w  += b  at each spike)
 *   tauW2 dw2/dt = a2 (u - uRest) - w2    (w2 += b2 at each spike)
 *   if u reaches uPeak: spike, u <- uReset (held for tRef).
 *
 * The second current is off by default (a2 = b2 = 0 with w2 starting at 0 leaves it at 0 for ever), so the
 * defaults are the book's single-current model; give it a slower tauW2 to add a second time scale of
 * adaptation. Defaults are the 'tonic' row of the book's Table 6.1 (R 500 MΩ, rest -70, thetaRh -50,
 * deltaT 2 mV, driven with 65 pA); uPeak = 0 mV follows Naud et al. (2008) as run by Brian2's example.
 *
 * Units: I, w and b in pA, a in nS, R in MΩ. R times a current is MΩ·pA = µV, hence the 1e-3 to mV;
 * a (u - uRest) is nS·mV = pA, so w needs no factor. `fromBrette` / `toBrette` convert to and from the
 * (C, gL, EL, VT, DT, a, tauw, b, Vr, Vpeak) form of Brette & Gerstner (2005) used by Naud et al. (2008).
 */
import { exp } from '../math/deterministic.ts';
import type { ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

/** MΩ · pA = µV; the membrane equation is in mV. */
const MV_PER_MOHM_PA = 1e-3;

export const adexParams = [
  { name: 'tauM', symbol: '\\tau_m', unit: 'ms', default: 20, min: 1, max: 200, step: 0.1, meaning: 'Membrane time constant, R times C' },
  { name: 'R', symbol: 'R', unit: 'MΩ', default: 500, min: 10, max: 2000, step: 1, meaning: 'Input resistance, 1/gL' },
  { name: 'uRest', symbol: 'u_\\text{rest}', unit: 'mV', default: -70, min: -90, max: -40, step: 0.5, meaning: 'Resting potential of the leak (EL)' },
  { name: 'thetaRh', symbol: '\\vartheta_\\text{rh}', unit: 'mV', default: -50, min: -70, max: -20, step: 0.5, meaning: 'Rheobase threshold: where the exponential overtakes the leak (VT)' },
  { name: 'deltaT', symbol: '\\Delta_T', unit: 'mV', default: 2, min: 0.2, max: 10, step: 0.1, meaning: 'Sharpness of spike initiation (slope factor)' },
  { name: 'uReset', symbol: 'u_r', unit: 'mV', default: -55, min: -90, max: -20, step: 0.5, meaning: 'Reset potential after a spike (Vr)' },
  { name: 'uPeak', symbol: 'u_\\text{peak}', unit: 'mV', default: 0, min: -40, max: 50, step: 0.5, meaning: 'Numerical spike cut-off: reaching it counts as a spike' },
  { name: 'a', symbol: 'a', unit: 'nS', default: 0, min: -20, max: 20, step: 0.1, meaning: 'Subthreshold adaptation: coupling of w to the voltage' },
  { name: 'b', symbol: 'b', unit: 'pA', default: 60, min: 0, max: 500, step: 0.5, meaning: 'Spike-triggered adaptation: jump of w at each spike' },
  { name: 'tauW', symbol: '\\tau_w', unit: 'ms', default: 30, min: 1, max: 1000, step: 1, meaning: 'Time constant of the adaptation current w' },
  { name: 'a2', symbol: 'a_2', unit: 'nS', default: 0, min: -20, max: 20, step: 0.1, meaning: 'Subthreshold coupling of the second adaptation current w2 (0: off)' },
  { name: 'b2', symbol: 'b_2', unit: 'pA', default: 0, min: 0, max: 500, step: 0.5, meaning: 'Jump of the second adaptation current w2 at each spike (0: off)' },
  { name: 'tauW2', symbol: '\\tau_{w,2}', unit: 'ms', default: 300, min: 1, max: 5000, step: 1, meaning: 'Time constant of the second adaptation current w2' },
  { name: 'tRef', symbol: '\\Delta^\\text{abs}', unit: 'ms', default: 0, min: 0, max: 20, step: 0.1, meaning: 'Absolute refractory period: u is held at reset while w evolves' },
] as const satisfies Registry;

export type AdexParam = (typeof adexParams)[number]['name'];
export type AdexParams = ParamValues<AdexParam>;

/** The parameters in the form of Brette & Gerstner (2005): C in pF, gL and a in nS, b in pA, times in ms, voltages in mV. */
export interface BretteParams {
  readonly C: number;
  readonly gL: number;
  readonly EL: number;
  readonly VT: number;
  readonly DT: number;
  readonly a: number;
  readonly tauw: number;
  readonly b: number;
  readonly Vr: number;
  readonly Vpeak: number;
}

/** C dV/dt = -gL (V - EL) + gL DT exp(...) - w + I divided by gL: tauM = C/gL (pF/nS = ms), R = 1/gL (1/nS = 1000 MΩ). */
export function fromBrette(q: BretteParams): Pick<AdexParams, 'tauM' | 'R' | 'uRest' | 'thetaRh' | 'deltaT' | 'uReset' | 'uPeak' | 'a' | 'b' | 'tauW'> {
  return { tauM: q.C / q.gL, R: 1000 / q.gL, uRest: q.EL, thetaRh: q.VT, deltaT: q.DT, uReset: q.Vr, uPeak: q.Vpeak, a: q.a, b: q.b, tauW: q.tauw };
}

/** The inverse of `fromBrette` (the second adaptation current has no counterpart there and is dropped). */
export function toBrette(p: Pick<AdexParams, 'tauM' | 'R' | 'uRest' | 'thetaRh' | 'deltaT' | 'uReset' | 'uPeak' | 'a' | 'b' | 'tauW'>): BretteParams {
  const gL = 1000 / p.R;
  return { C: p.tauM * gL, gL, EL: p.uRest, VT: p.thetaRh, DT: p.deltaT, a: p.a, tauw: p.tauW, b: p.b, Vr: p.uReset, Vpeak: p.uPeak };
}

/**
 * The resting state at constant input: with w = a (u - uRest) and w2 = a2 (u - uRest) at equilibrium the
 * voltage equation becomes -k (u - uRest) + deltaT exp((u - thetaRh)/deltaT) + R I = 0 with
 * k = 1 + R (a + a2). Newton from the left climbs monotonically to its lower zero (the function is convex).
 * Returns undefined when there is none (above rheobase, or k <= 0, when negative a cancels the leak).
 */
export function adexRestingState(p: AdexParams, current = 0): Float64Array | undefined {
  const k = 1 + MV_PER_MOHM_PA * p.R * (p.a + p.a2);
  if (!(k > 0)) return undefined;
  const drive = MV_PER_MOHM_PA * p.R * current;
  let u = Math.min(p.uRest + drive / k, p.thetaRh);
  for (let i = 0; i < 100; i++) {
    const growth = exp((u - p.thetaRh) / p.deltaT);
    const f = -k * (u - p.uRest) + p.deltaT * growth + drive;
    const slope = -k + growth;
    if (!(slope < 0)) return undefined;
    const next = u - f / slope;
    if (Math.abs(next - u) < 1e-13 * Math.max(1, Math.abs(u))) {
      return Float64Array.of(next, p.a * (next - p.uRest), p.a2 * (next - p.uRest));
    }
    u = next;
  }
  return undefined;
}

export const adex: NeuronModel<AdexParam> = {
  id: 'adex',
  title: 'Adaptive exponential integrate-and-fire (AdEx)',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 6.1, Eqs. 6.3–6.4, Table 6.1; Brette & Gerstner (2005); Naud et al. (2008)',
  params: adexParams,
  state: [
    { name: 'u', symbol: 'u', unit: 'mV', meaning: 'Membrane potential' },
    { name: 'w', symbol: 'w', unit: 'pA', meaning: 'Adaptation current (outward when positive)' },
    { name: 'w2', symbol: 'w_2', unit: 'pA', meaning: 'Second adaptation current, on a time scale of its own' },
  ],
  voltage: 0,
  input: { unit: 'pA', max: 5000, step: 1 },
  // RK4 (clamped) at 0.05 ms meets the reference README's tolerance for clamped RK4 at 0.01 ms on every
  // adex.json pattern (equal counts, first spike within 0.06 ms, all spikes within 0.6 ms; measured 0.36 ms):
  // spikes are located inside the step, so the step can be five times longer. test/unit/adex.test.ts checks it.
  defaultMethod: 'rk4',
  defaultDt: 0.05,
  initialState: (p) => adexRestingState(p) ?? Float64Array.of(p.uRest, 0, 0),
  rhs: (_t, y, dydt, p, input) => {
    // u is clamped at the cut-off before both equations. Only Runge–Kutta stages of the step that crosses
    // the cut-off go beyond it, and there the exponential reaches ~1e10 mV/ms: unclamped, a (u - uRest)
    // then drives w to absurd values and the run gains or loses spikes (reference README, "AdEx and RK4").
    // Below the cut-off the equations are unchanged, so Euler, which never evaluates beyond it, is unaffected.
    const u = Math.min(y[0]!, p.uPeak);
    const w = y[1]!;
    const w2 = y[2]!;
    dydt[0] = (-(u - p.uRest) + p.deltaT * exp((u - p.thetaRh) / p.deltaT) + MV_PER_MOHM_PA * p.R * (input - w - w2)) / p.tauM;
    dydt[1] = (p.a * (u - p.uRest) - w) / p.tauW;
    dydt[2] = (p.a2 * (u - p.uRest) - w2) / p.tauW2;
  },
  events: {
    threshold: (y, p) => y[0]! - p.uPeak,
    reset: (y, p) => {
      y[0] = p.uReset;
      y[1]! += p.b;
      y[2]! += p.b2;
    },
    refractoryPeriod: (p) => p.tRef,
  },
  constraints: (p) => {
    const problems = [];
    if (!(p.uPeak > p.thetaRh)) problems.push({ name: 'uPeak', message: `The spike cut-off (${p.uPeak} mV) must lie above the rheobase threshold (${p.thetaRh} mV).` });
    if (!(p.uReset < p.uPeak)) problems.push({ name: 'uReset', message: `The reset potential (${p.uReset} mV) must lie below the spike cut-off (${p.uPeak} mV), or the neuron would fire again at once.` });
    return problems;
  },
};
