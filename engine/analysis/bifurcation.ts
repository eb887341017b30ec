/**
 * Fixed points of a planar model against the injected current I, and the currents where one changes
 * stability: a Hopf bifurcation (a complex pair crosses the imaginary axis: trace = 0 with det > 0) or a
 * saddle-node (a real eigenvalue passes through zero as two fixed points merge and vanish: det = 0).
 * Neuronal Dynamics Sec. 4.4 uses exactly these two to tell type II from type I neurons; Kuznetsov,
 * Elements of Applied Bifurcation Theory, Chs. 3 and 10, gives the test functions used here.
 */
import type { NeuronModel } from '../models/model.ts';
import type { ParamValues } from '../params/registry.ts';
import { assertPlanar, fixedPointAt, fixedPoints, jacobianAt, type PlaneBox, type PlaneFixedPoint } from './phase-plane.ts';
import { findFixedPoint, solveLinear } from './steady-state.ts';

export interface CurrentRange {
  readonly from: number;
  readonly to: number;
  /** Number of intervals the range is cut into before bifurcations are located between grid currents. */
  readonly steps: number;
}

export interface FixedPointSweep {
  readonly currents: Float64Array;
  /** The fixed points in the box at each current, ordered by their first state variable. */
  readonly points: readonly (readonly PlaneFixedPoint[])[];
}

export function sweepFixedPoints(model: NeuronModel, params: ParamValues, box: PlaneBox, range: CurrentRange, grid = 40): FixedPointSweep {
  assertPlanar(model);
  const currents = Float64Array.from({ length: range.steps + 1 }, (_, k) => range.from + ((range.to - range.from) * k) / range.steps);
  return { currents, points: Array.from(currents, (current) => fixedPoints(model, params, current, box, grid)) };
}

export interface Bifurcation {
  readonly type: 'hopf' | 'saddle-node';
  /** The input at which it happens, in the model's input unit. */
  readonly current: number;
  /** The fixed point there (for a saddle-node, the point where the two merge). */
  readonly state: Float64Array;
  /** Hopf only: the imaginary part of the crossing eigenvalues, rad/ms; 2π/ω is the period of small oscillations. */
  readonly omega?: number;
  /** Hopf only: true when the fixed point is stable at currents below the bifurcation. */
  readonly stableBelow?: boolean;
}

/**
 * Sweeps the current and locates every bifurcation of a fixed point in the box: Hopf points by bisection on
 * the trace of the continued fixed point until the bracket is narrower than `tolerance`; saddle-nodes by
 * Newton's method on the extended system f(y, I) = 0, det J(y, I) = 0. Two bifurcations closer than one
 * grid step may hide each other; a finer `steps` separates them.
 */
export function findBifurcations(model: NeuronModel, params: ParamValues, box: PlaneBox, range: CurrentRange, tolerance = 1e-10): Bifurcation[] {
  const { currents, points } = sweepFixedPoints(model, params, box, range);
  const found: Bifurcation[] = [];
  for (let k = 0; k < range.steps; k++) {
    const before = points[k]!;
    const after = points[k + 1]!;
    const [ia, ib] = [currents[k]!, currents[k + 1]!];
    if (before.length === after.length) {
      before.forEach((p, m) => {
        const q = after[m]!;
        if (p.determinant > 0 && q.determinant > 0 && Math.sign(p.trace) !== Math.sign(q.trace)) {
          const hopf = locateHopf(model, params, p, ia, q, ib, tolerance);
          if (hopf) found.push(hopf);
        }
      });
      continue;
    }
    // Points present on one side only: each saddle among them merges with a neighbour at a fold.
    const [more, fewer, current] = before.length > after.length ? [before, after, ia] : [after, before, ib];
    for (const p of unmatched(more, fewer)) {
      if (p.determinant >= 0) continue;
      const partner = nearest(p, more.filter((q) => q !== p && q.determinant > 0));
      if (!partner) continue;
      const fold = locateFold(model, params, p, partner, current);
      if (fold && fold.current >= Math.min(ia, ib) - 1e-9 && fold.current <= Math.max(ia, ib) + 1e-9) found.push(fold);
    }
  }
  return found.sort((p, q) => p.current - q.current);
}

function distance(p: PlaneFixedPoint, q: PlaneFixedPoint): number {
  return Math.hypot(p.state[0]! - q.state[0]!, p.state[1]! - q.state[1]!);
}

function nearest(p: PlaneFixedPoint, candidates: readonly PlaneFixedPoint[]): PlaneFixedPoint | undefined {
  let best: PlaneFixedPoint | undefined;
  for (const q of candidates) if (!best || distance(p, q) < distance(p, best)) best = q;
  return best;
}

/** The points of `more` left over when each point of `fewer` claims its nearest unclaimed one. */
function unmatched(more: readonly PlaneFixedPoint[], fewer: readonly PlaneFixedPoint[]): PlaneFixedPoint[] {
  const left = [...more];
  for (const q of fewer) {
    const match = nearest(q, left);
    if (match) left.splice(left.indexOf(match), 1);
  }
  return left;
}

/** Bisection on I: the fixed point is followed from the nearer bracket end by Newton's method. */
function locateHopf(
  model: NeuronModel, params: ParamValues,
  p: PlaneFixedPoint, ia: number, q: PlaneFixedPoint, ib: number, tolerance: number,
): Bifurcation | undefined {
  let [lo, hi] = [ia, ib];
  let y = p.state;
  const signLo = Math.sign(p.trace);
  while (Math.abs(hi - lo) > tolerance) {
    const mid = 0.5 * (lo + hi);
    const next = findFixedPoint(model, params, y, mid);
    if (!next.converged) return undefined;
    y = next.state;
    const trace = fixedPointAt(model, params, y, mid).trace;
    if (trace === 0) [lo, hi] = [mid, mid];
    else if (Math.sign(trace) === signLo) lo = mid;
    else hi = mid;
  }
  const current = 0.5 * (lo + hi);
  const state = findFixedPoint(model, params, y, current).state;
  const J = jacobianAt(model, params, state, current);
  const det = J[0]! * J[3]! - J[1]! * J[2]!;
  if (!(det > 0)) return undefined;
  // Stable below when the trace is negative on the lower-current side of the bracket.
  const stableBelow = ia < ib ? p.trace < 0 : q.trace < 0;
  return { type: 'hopf', current, state, omega: Math.sqrt(det), stableBelow };
}

/**
 * Newton's method on (x, y, I) ↦ (f_1, f_2, det J), started between the saddle and its partner; the
 * derivatives of this extended system are central differences. Returns undefined if it does not converge.
 */
function locateFold(model: NeuronModel, params: ParamValues, saddle: PlaneFixedPoint, partner: PlaneFixedPoint, current: number): Bifurcation | undefined {
  const rate = new Float64Array(2);
  const residual = (z: Float64Array, out: Float64Array): void => {
    const y = z.subarray(0, 2);
    model.rhs(0, y, rate, params, z[2]!);
    const J = jacobianAt(model, params, y, z[2]!);
    out[0] = rate[0]!;
    out[1] = rate[1]!;
    out[2] = J[0]! * J[3]! - J[1]! * J[2]!;
  };
  const norm = (v: Float64Array) => Math.max(Math.abs(v[0]!), Math.abs(v[1]!), Math.abs(v[2]!));
  const z = Float64Array.of(0.5 * (saddle.state[0]! + partner.state[0]!), 0.5 * (saddle.state[1]! + partner.state[1]!), current);
  const value = new Float64Array(3);
  const plus = new Float64Array(3);
  const minus = new Float64Array(3);
  const trial = new Float64Array(3);
  const trialValue = new Float64Array(3);
  residual(z, value);
  for (let iteration = 0; iteration < 60 && norm(value) > 1e-13; iteration++) {
    const A = new Float64Array(9);
    for (let j = 0; j < 3; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(z[j]!));
      const zj = z[j]!;
      z[j] = zj + h;
      residual(z, plus);
      z[j] = zj - h;
      residual(z, minus);
      z[j] = zj;
      for (let i = 0; i < 3; i++) A[i * 3 + j] = (plus[i]! - minus[i]!) / (2 * h);
    }
    const step = Float64Array.from(value, (x) => -x);
    if (!solveLinear(A, step)) return undefined;
    let scale = 1;
    for (; scale > 1e-6; scale /= 2) {
      for (let i = 0; i < 3; i++) trial[i] = z[i]! + scale * step[i]!;
      residual(trial, trialValue);
      if (norm(trialValue) < norm(value)) break;
    }
    if (scale <= 1e-6) break;
    z.set(trial);
    value.set(trialValue);
  }
  if (norm(value) > 1e-9) return undefined;
  return { type: 'saddle-node', current: z[2]!, state: z.slice(0, 2) };
}
