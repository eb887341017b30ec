/**
 * Nonlinear integrate-and-fire neurons, `tauM du/dt = F(u) + R I(t)` (Neuronal Dynamics Sec. 5.1), with a
 * numerical spike cut-off: when u reaches uPeak a spike is recorded and u is reset to uReset (held there
 * for tRef). The firing threshold is not a parameter: it comes from where F(u) + R I loses its fixed points.
 *
 * - Quadratic (Sec. 5.3): F(u) = a0 (u - uRest)(u - uC), a0 > 0, uC > uRest: rest at uRest and a critical
 *   voltage uC at zero input. It is the normal form c2 (u - c1)^2 + c0 with c2 = a0, c1 = (uRest + uC)/2,
 *   c0 = -a0 (uC - uRest)^2 / 4 (see `qifNormalForm`).
 * - Exponential (Sec. 5.2, Fourcaud-Trocmé et al. 2003): F(u) = -(u - uRest) + deltaT exp((u - thetaRh)/deltaT).
 *
 * Defaults: the EIF uses the book's exercise set (neurodynex3 `exp_IF.py`: tau 12 ms, R 20 MΩ, rest -65,
 * reset -60, thetaRh -55, deltaT 2, cut-off -30 mV), so its rheobase is 0.4 nA. The QIF's a0 = 1/(uC - uRest)
 * makes F'(uRest) = -1, i.e. the same passive membrane near rest as the LIF with tauM, R, uRest.
 * With the current in nA and R in MΩ, R I is in mV.
 */
import { atan, exp } from '../math/deterministic.ts';
import type { ParamProblem, ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

const membrane = { name: 'u', symbol: 'u', unit: 'mV', meaning: 'Membrane potential' } as const;
const nanoampInput = { unit: 'nA', max: 50, step: 0.01 } as const;

function cutOffProblems(p: { uReset: number; uPeak: number }, upper: number, upperName: string): ParamProblem[] {
  const problems: ParamProblem[] = [];
  if (!(p.uPeak > upper)) problems.push({ name: 'uPeak', message: `The spike cut-off (${p.uPeak} mV) must lie above ${upperName} (${upper} mV), or the model would spike without its upswing.` });
  if (!(p.uReset < p.uPeak)) problems.push({ name: 'uReset', message: `The reset potential (${p.uReset} mV) must lie below the spike cut-off (${p.uPeak} mV), or the neuron would fire again at once.` });
  return problems;
}

export const qifParams = [
  { name: 'tauM', symbol: '\\tau_m', unit: 'ms', default: 10, min: 1, max: 100, step: 0.5, meaning: 'Membrane time constant' },
  { name: 'R', symbol: 'R', unit: 'MΩ', default: 10, min: 1, max: 100, step: 0.5, meaning: 'Input resistance of the membrane' },
  { name: 'uRest', symbol: 'u_\\text{rest}', unit: 'mV', default: -65, min: -90, max: -40, step: 0.5, meaning: 'Resting potential: the stable zero of F at zero input' },
  { name: 'uC', symbol: 'u_c', unit: 'mV', default: -55, min: -80, max: -20, step: 0.5, meaning: 'Critical voltage: the unstable zero of F, above which u runs away' },
  { name: 'a0', symbol: 'a_0', unit: '1/mV', default: 0.1, min: 0.005, max: 1, step: 0.005, meaning: 'Curvature of the quadratic F(u)' },
  { name: 'uReset', symbol: 'u_r', unit: 'mV', default: -60, min: -90, max: -20, step: 0.5, meaning: 'Reset potential after a spike' },
  { name: 'uPeak', symbol: 'u_\\text{peak}', unit: 'mV', default: 0, min: -50, max: 1000, step: 1, meaning: 'Numerical spike cut-off: reaching it counts as a spike' },
  { name: 'tRef', symbol: '\\Delta^\\text{abs}', unit: 'ms', default: 0, min: 0, max: 20, step: 0.1, meaning: 'Absolute refractory period: the potential is held at reset' },
] as const satisfies Registry;

export type QifParam = (typeof qifParams)[number]['name'];
export type QifParams = ParamValues<QifParam>;

/** The same F(u) written as c2 (u - c1)^2 + c0 (course notation): c2 in 1/mV, c1 and c0 in mV. */
export function qifNormalForm(p: QifParams): { c2: number; c1: number; c0: number } {
  const half = (p.uC - p.uRest) / 2;
  return { c2: p.a0, c1: p.uRest + half, c0: -p.a0 * half * half };
}

/** Smallest constant current (nA) with no fixed point left: R I must cancel the minimum of F, -c0. */
export function qifRheobase(p: QifParams): number {
  return -qifNormalForm(p).c0 / p.R;
}

/**
 * Time (ms) for u to travel from `from` to `to` at constant current `current` above rheobase: with
 * x = u - c1 and beta = c0 + R I > 0, tauM dx/dt = c2 x^2 + beta integrates to
 * t = tauM / sqrt(c2 beta) [atan(x sqrt(c2/beta))] between the two ends. `to` = Infinity gives the
 * ideal QIF whose spike reaches infinity in finite time.
 */
export function qifTravelTime(p: QifParams, current: number, from: number, to: number): number {
  const { c2, c1, c0 } = qifNormalForm(p);
  const beta = c0 + p.R * current;
  if (!(beta > 0)) return Number.POSITIVE_INFINITY;
  const scale = Math.sqrt(c2 / beta);
  const angle = (u: number) => (u === Number.POSITIVE_INFINITY ? Math.PI / 2 : atan((u - c1) * scale));
  return (p.tauM / Math.sqrt(c2 * beta)) * (angle(to) - angle(from));
}

export const qif: NeuronModel<QifParam> = {
  id: 'qif',
  title: 'Quadratic integrate-and-fire',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 5.1 and 5.3',
  params: qifParams,
  state: [membrane],
  voltage: 0,
  input: nanoampInput,
  defaultMethod: 'rk4',
  // RK4 at 0.05 ms reproduces the closed-form ISI to 1e-7 ms (test/unit/nonlinear-if.test.ts).
  defaultDt: 0.05,
  initialState: (p) => Float64Array.of(p.uRest),
  rhs: (_t, y, dydt, p, input) => {
    // Clamped at the cut-off: only Runge–Kutta stages of the step that crosses it go beyond, and there
    // the quadratic would only inflate the slope used to locate the crossing.
    const u = Math.min(y[0]!, p.uPeak);
    dydt[0] = (p.a0 * (u - p.uRest) * (u - p.uC) + p.R * input) / p.tauM;
  },
  events: {
    threshold: (y, p) => y[0]! - p.uPeak,
    reset: (y, p) => {
      y[0] = p.uReset;
    },
    refractoryPeriod: (p) => p.tRef,
  },
  constraints: (p) => {
    const problems = cutOffProblems(p, p.uC, 'the critical voltage uC');
    if (!(p.uC > p.uRest)) problems.push({ name: 'uC', message: `The critical voltage (${p.uC} mV) must lie above the resting potential (${p.uRest} mV).` });
    return problems;
  },
};

export const eifParams = [
  { name: 'tauM', symbol: '\\tau_m', unit: 'ms', default: 12, min: 1, max: 100, step: 0.5, meaning: 'Membrane time constant' },
  { name: 'R', symbol: 'R', unit: 'MΩ', default: 20, min: 1, max: 100, step: 0.5, meaning: 'Input resistance of the membrane' },
  { name: 'uRest', symbol: 'u_\\text{rest}', unit: 'mV', default: -65, min: -90, max: -40, step: 0.5, meaning: 'Resting potential of the leak' },
  { name: 'thetaRh', symbol: '\\vartheta_\\text{rh}', unit: 'mV', default: -55, min: -80, max: -20, step: 0.5, meaning: 'Rheobase threshold: where the exponential term overtakes the leak' },
  { name: 'deltaT', symbol: '\\Delta_T', unit: 'mV', default: 2, min: 0.2, max: 10, step: 0.1, meaning: 'Sharpness of spike initiation (slope factor)' },
  { name: 'uReset', symbol: 'u_r', unit: 'mV', default: -60, min: -90, max: -20, step: 0.5, meaning: 'Reset potential after a spike' },
  { name: 'uPeak', symbol: 'u_\\text{peak}', unit: 'mV', default: -30, min: -50, max: 50, step: 0.5, meaning: 'Numerical spike cut-off: reaching it counts as a spike' },
  { name: 'tRef', symbol: '\\Delta^\\text{abs}', unit: 'ms', default: 0, min: 0, max: 20, step: 0.1, meaning: 'Absolute refractory period: the potential is held at reset' },
] as const satisfies Registry;

export type EifParam = (typeof eifParams)[number]['name'];
export type EifParams = ParamValues<EifParam>;

/**
 * Rheobase current (nA): F'(u) = 0 at u = thetaRh, where F is smallest, F(thetaRh) = -(thetaRh - uRest) + deltaT;
 * a constant R I above -F(thetaRh) leaves no fixed point.
 */
export function eifRheobase(p: EifParams): number {
  return (p.thetaRh - p.uRest - p.deltaT) / p.R;
}

/**
 * The stable zero of F(u) + R I below thetaRh by Newton's method from uRest (F is convex, so Newton from
 * the left of the root climbs to it monotonically); NaN above rheobase, where there is none.
 */
export function eifRestingPotential(p: EifParams, current = 0): number {
  let u = Math.min(p.uRest + p.R * current, p.thetaRh);
  for (let i = 0; i < 100; i++) {
    const growth = exp((u - p.thetaRh) / p.deltaT);
    const f = -(u - p.uRest) + p.deltaT * growth + p.R * current;
    const slope = -1 + growth;
    if (!(slope < 0)) return Number.NaN;
    const next = u - f / slope;
    if (Math.abs(next - u) < 1e-13 * Math.max(1, Math.abs(u))) return next;
    u = next;
  }
  return Number.NaN;
}

export const eif: NeuronModel<EifParam> = {
  id: 'eif',
  title: 'Exponential integrate-and-fire',
  source: 'Gerstner et al., Neuronal Dynamics (2014), Sec. 5.1 and 5.2; defaults from the book\'s exercise exp_IF.py',
  params: eifParams,
  state: [membrane],
  voltage: 0,
  input: nanoampInput,
  // Each spike's upswing is far faster than any fixed step, which costs RK4 about 1e-3 ms per spike at
  // 0.01 ms and 4e-3 ms at 0.05 ms. The adaptive method follows the upswing with short steps and the rest
  // with long ones (samples every 0.1 ms): more accurate than RK4 at 0.01 ms, and about twice as fast.
  defaultMethod: 'adaptive',
  defaultDt: 0.1,
  initialState: (p) => {
    const rest = eifRestingPotential(p);
    return Float64Array.of(Number.isNaN(rest) ? p.uRest : rest);
  },
  rhs: (_t, y, dydt, p, input) => {
    // Runge–Kutta stages of the step that crosses the cut-off can land far beyond it, where the
    // exponential overflows to Infinity; clamping there keeps the located crossing finite and exact below.
    const u = Math.min(y[0]!, p.uPeak);
    dydt[0] = (-(u - p.uRest) + p.deltaT * exp((u - p.thetaRh) / p.deltaT) + p.R * input) / p.tauM;
  },
  events: {
    threshold: (y, p) => y[0]! - p.uPeak,
    reset: (y, p) => {
      y[0] = p.uReset;
    },
    refractoryPeriod: (p) => p.tRef,
  },
  constraints: (p) => cutOffProblems(p, p.thetaRh, 'the rheobase threshold thetaRh'),
};
