/**
 * Convergence order of the integrators on the passive LIF membrane, whose closed-form solution gives the
 * error exactly: halving dt must divide the error by 2^order. The same cases and bands as
 * test/unit/convergence.test.ts (which takes its bands from here).
 */
import type { MethodId } from '../engine/integrators/index.ts';
import { lif, type LifParams } from '../engine/models/lif.ts';
import { defaultValues } from '../engine/params/registry.ts';
import { simulate } from '../engine/simulate.ts';
import type { Stimulus } from '../engine/stimuli/stimulus.ts';
import type { Comparison } from './types.ts';

const p: LifParams = defaultValues(lif.params);
/** Length of each run; the error is taken at its end. */
const T = 20;
/** The step sizes, each half the one before. */
export const HALVINGS = [0.4, 0.2, 0.1, 0.05];

export interface ConvergenceProblem {
  readonly stimulus: Stimulus;
  readonly exact: (t: number) => number;
}

/** 1.2 nA constant: u(t) = u∞ + (u0 − u∞) e^(−t/τ), with u∞ − u_rest = R I = 12 mV. */
export const constantInput: ConvergenceProblem = {
  stimulus: [{ kind: 'constant', amplitude: 1.2 }],
  exact: (t) => p.uRest + 12 + (0 - 12) * Math.exp(-t / p.tauM),
};

/** 1 nA at 40 Hz from rest: the steady-state response of τ v′ = −v + R I1 sin(ωt) plus its decaying transient. */
export const sineInput: ConvergenceProblem = {
  stimulus: [{ kind: 'sine', amplitude: 1, frequency: 40 }],
  exact: (t) => {
    const omega = (2 * Math.PI * 40) / 1000;
    const wt = omega * p.tauM;
    const a = p.R / (1 + wt * wt);
    return p.uRest + a * (Math.sin(omega * t) - wt * Math.cos(omega * t)) + a * wt * Math.exp(-t / p.tauM);
  },
};

export function errorAtEnd(method: MethodId, dt: number, problem: ConvergenceProblem): number {
  const u = simulate({ model: lif, stimulus: problem.stimulus, method, dt, duration: T }).traces['u']!;
  return Math.abs(u[u.length - 1]! - problem.exact(T));
}

/** The error ratios of successive halvings of dt. */
export function errorRatios(method: MethodId, problem: ConvergenceProblem): number[] {
  const errors = HALVINGS.map((dt) => errorAtEnd(method, dt, problem));
  return errors.slice(1).map((error, i) => errors[i]! / error);
}

const cases: [id: string, label: string, method: MethodId, problem: ConvergenceProblem, input: string, order: number, tolerance: number, why: string][] = [
  ['convergence-euler-constant', 'Euler', 'euler', constantInput, 'constant input', 1, 0.1, 'Expected 2; the next-order term still moves the ratio by a few per cent at dt 0.4.'],
  ['convergence-euler-sine', 'Euler', 'euler', sineInput, 'sinusoidal input', 1, 0.1, 'Expected 2; the next-order term still moves the ratio by a few per cent at dt 0.4.'],
  ['convergence-rk4-constant', 'RK4', 'rk4', constantInput, 'constant input', 4, 1, 'Expected 16; ±1 leaves room for the fifth-order term at these steps.'],
  ['convergence-rk4-sine', 'RK4', 'rk4', sineInput, 'sinusoidal input', 4, 1, 'Expected 16, which needs the stages to sample the input at their own times; ±1 for the next-order term.'],
  ['convergence-exact-sine', 'exact (exponential midpoint)', 'exact', sineInput, 'sinusoidal input', 2, 0.2, 'Exact for constant input; with a varying input the midpoint sample makes it second order, ratio 4.'],
];

export const convergenceComparisons: Comparison[] = cases.map(([id, label, method, problem, input, order, tolerance, why]) => ({
  id,
  model: 'Integrators (convergence order)',
  lesson: '01-integrate-and-fire',
  reference: { file: 'closed form', what: `passive LIF membrane with ${input}, error at t = ${T} ms` },
  quantity: `${label}: error ratio per halving of dt (0.4 → 0.05 ms); order ${order} gives ${2 ** order}`,
  metric: `max |ratio − ${2 ** order}|`,
  unit: '1',
  tolerance,
  why,
  measure: () => Math.max(...errorRatios(method, problem).map((ratio) => Math.abs(ratio - 2 ** order))),
}));
