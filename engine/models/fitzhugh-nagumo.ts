/**
 * FitzHugh–Nagumo model: a fast voltage-like variable with a cubic nonlinearity and a slow linear recovery.
 *
 *   dv/dt = v − v³/3 − w + I;   tau dw/dt = v + a − b w.
 *
 * Sources: R. FitzHugh, "Impulses and physiological states in theoretical models of nerve membrane",
 * Biophys. J. 1 (1961) 445–466: his Bonhoeffer–van der Pol equations (x' = c(x + y − x³/3 + z),
 * y' = −(x − a + b y)/c, a = 0.7, b = 0.8) take this form with v = −x, w = y, I = −z and time scaled by c;
 * J. Nagumo, S. Arimoto and S. Yoshizawa, "An active pulse transmission line simulating nerve axon",
 * Proc. IRE 50 (1962) 2061–2070 (the same equations built as a circuit). The ratio of time scales
 * 1/tau = 0.08 is the one of Izhikevich & FitzHugh, Scholarpedia 2(9):1349 (2006); FitzHugh's c = 3
 * would give tau = c² = 9. Gerstner et al., Neuronal Dynamics (2014), Sec. 4.3 (phase-plane analysis:
 * the cubic nullcline w = v − v³/3 + I and the straight one w = (v + a)/b) and Sec. 4.6 (separation of
 * time scales: with tau ≫ 1 the state jumps between the outer branches of the cubic).
 * The defaults are those of the course's reference set (a 0.7, b 0.8, tau 12.5), which puts a subcritical
 * Hopf bifurcation at I = 0.33128 and a fold of limit cycles at I = 0.3241785 (the reference file says 0.32933; see test/reference/README.md).
 *
 * The model is dimensionless; the course reads time in ms, so tau is in ms and the period at I = 0.5 is
 * 39.47 ms. There is no reset: a spike is an upward crossing of v = 0, as in the reference set.
 */
import { acos, cbrt, cos } from '../math/deterministic.ts';
import { findFixedPoint } from '../analysis/steady-state.ts';
import type { ParamValues, Registry } from '../params/registry.ts';
import type { NeuronModel } from './model.ts';

export const fitzhughNagumoParams = [
  { name: 'a', symbol: 'a', unit: '', default: 0.7, min: -2, max: 2, step: 0.01, meaning: 'Offset of the recovery nullcline: where w settles when v = 0 is a/b' },
  { name: 'b', symbol: 'b', unit: '', default: 0.8, min: 0, max: 3, step: 0.01, meaning: 'Self-decay of the recovery variable; above 1 the nullclines can cross three times' },
  { name: 'tau', symbol: '\\tau', unit: 'ms', default: 12.5, min: 0.5, max: 100, step: 0.5, meaning: 'Time constant of the recovery variable, slow compared with v' },
] as const satisfies Registry;

export type FitzhughNagumoParam = (typeof fitzhughNagumoParams)[number]['name'];
export type FitzhughNagumoParams = ParamValues<FitzhughNagumoParam>;

/**
 * ∂f_i/∂y_j of the right-hand side, row-major (v, w), written into `J` (length 4). The phase-plane analysis
 * uses it instead of finite differences, so Hopf points are located on exact traces.
 */
export function fitzhughNagumoJacobian(y: ArrayLike<number>, J: Float64Array, p: FitzhughNagumoParams): void {
  const v = y[0]!;
  J[0] = 1 - v * v;
  J[1] = -1;
  J[2] = 1 / p.tau;
  J[3] = -p.b / p.tau;
}

/**
 * The v of the resting state at I = 0: the leftmost stable fixed point, else the leftmost one. Fixed points
 * solve h(v) = (b/3) v³ + (1 − b) v + a = 0 (v − v³/3 = (v + a)/b times b, finite as b → 0). Its roots come
 * in closed form (v³ + P v + Q = 0 with P = 3(1 − b)/b, Q = 3a/b), polished by Newton's method on h, because
 * Newton's method from one guess misses the left branch for part of the parameter ranges.
 */
export function restingVoltage(p: FitzhughNagumoParams): number {
  const h = (v: number) => (p.b / 3) * v * v * v + (1 - p.b) * v + p.a;
  const slope = (v: number) => p.b * v * v + 1 - p.b;
  const guesses = p.b < 1e-9 ? [-p.a] : depressedCubicRoots((3 * (1 - p.b)) / p.b, (3 * p.a) / p.b);
  const roots = guesses
    .map((guess) => {
      let v = guess;
      for (let k = 0; k < 8 && slope(v) !== 0; k++) v -= h(v) / slope(v);
      return v;
    })
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  // Stable where trace 1 − v² − b/tau < 0 and det (1 − b (1 − v²))/tau > 0.
  const stable = roots.find((v) => 1 - v * v - p.b / p.tau < 0 && 1 - p.b * (1 - v * v) > 0);
  return stable ?? roots[0] ?? -p.a;
}

/** Real roots of t³ + P t + Q = 0 (Cardano for one real root, the trigonometric form for three). */
function depressedCubicRoots(P: number, Q: number): number[] {
  const delta = (Q / 2) * (Q / 2) + (P / 3) * (P / 3) * (P / 3);
  if (delta > 0) {
    const s = Math.sqrt(delta);
    return [cbrt(-Q / 2 + s) + cbrt(-Q / 2 - s)];
  }
  if (P === 0) return [0];
  const r = 2 * Math.sqrt(-P / 3);
  const phi = acos(Math.max(-1, Math.min(1, ((3 * Q) / (2 * P)) * Math.sqrt(-3 / P)))) / 3;
  return [0, 1, 2].map((k) => r * cos(phi - (2 * Math.PI * k) / 3));
}

export const fitzhughNagumo: NeuronModel<FitzhughNagumoParam> & {
  jacobian(y: ArrayLike<number>, J: Float64Array, p: FitzhughNagumoParams, input: number): void;
} = {
  id: 'fitzhugh-nagumo',
  title: 'FitzHugh–Nagumo',
  source: 'FitzHugh, Biophys. J. 1 (1961) 445; Nagumo et al., Proc. IRE 50 (1962) 2061; Gerstner et al., Neuronal Dynamics (2014), Secs. 4.3 and 4.6',
  params: fitzhughNagumoParams,
  state: [
    { name: 'v', symbol: 'v', unit: '', meaning: 'Fast, voltage-like variable' },
    { name: 'w', symbol: 'w', unit: '', meaning: 'Slow recovery variable' },
  ],
  voltage: 0,
  // Oscillations live between the two Hopf points (0.33 and 1.42 at the defaults); ±5 leaves room to see
  // depolarisation block and hyperpolarised rest.
  input: { unit: '', max: 5, step: 0.01 },
  // RK4 at 0.1 ms gives limit-cycle periods within a relative 1e-6 of the converged ones (test/unit/fitzhugh-nagumo.test.ts).
  defaultMethod: 'rk4',
  defaultDt: 0.1,
  initialState: (p) => {
    const v = restingVoltage(p);
    // The closed form is polished by Newton's method on the full equations (rounding in the cubic formula).
    return findFixedPoint(fitzhughNagumo, p, [v, v - (v * v * v) / 3], 0).state;
  },
  rhs: (_t, y, dydt, p, input) => {
    const v = y[0]!;
    const w = y[1]!;
    dydt[0] = v - (v * v * v) / 3 - w + input;
    dydt[1] = (v + p.a - p.b * w) / p.tau;
  },
  jacobian: (y, J, p) => fitzhughNagumoJacobian(y, J, p),
  events: {
    threshold: (y) => y[0]!,
  },
};
