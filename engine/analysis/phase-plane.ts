/**
 * Phase-plane analysis of any two-dimensional model at a constant input I: the vector field on a grid,
 * the nullclines as polylines, every fixed point in a box, and the linearisation at each (Jacobian,
 * trace, determinant, eigenvalues and the type they imply). Neuronal Dynamics Sec. 4.3 reads stability off
 * the trace and determinant in the same way; Strogatz, Nonlinear Dynamics and Chaos, Sec. 5.2, draws the
 * trace–determinant plane that `classify` encodes.
 *
 * The horizontal axis is the model's first state variable (the voltage), the vertical one its second.
 * Trajectories are plain `simulate` runs with `initial`; nothing here integrates.
 */
import type { NeuronModel } from '../models/model.ts';
import type { ParamValues } from '../params/registry.ts';
import { findFixedPoint, jacobian } from './steady-state.ts';

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The window of the plane: x is the first state variable, y the second. */
export interface PlaneBox {
  readonly x: Range;
  readonly y: Range;
}

/** A model that supplies ∂f_i/∂y_j itself (row-major into J) is linearised exactly, not by differences. */
interface AnalyticJacobian {
  jacobian(y: ArrayLike<number>, J: Float64Array, p: ParamValues, input: number): void;
}

function hasAnalyticJacobian(model: NeuronModel): model is NeuronModel & AnalyticJacobian {
  return typeof (model as Partial<AnalyticJacobian>).jacobian === 'function';
}

export function assertPlanar(model: NeuronModel): void {
  if (model.state.length !== 2) {
    throw new RangeError(`A phase plane needs a model with two state variables; ${model.title} has ${model.state.length}.`);
  }
}

/** The 2×2 Jacobian at y, row-major: the model's own where it provides one, else central differences. */
export function jacobianAt(model: NeuronModel, params: ParamValues, y: ArrayLike<number>, input: number): Float64Array {
  if (!hasAnalyticJacobian(model)) return jacobian(model, params, y, input);
  const J = new Float64Array(4);
  model.jacobian(y, J, params, input);
  return J;
}

function gridAxis(range: Range, count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => (count === 1 ? range.min : range.min + ((range.max - range.min) * i) / (count - 1)));
}

export interface VectorField {
  /** Grid coordinates along each axis (both ends included). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Time derivatives at grid point (x[i], y[j]), stored at j·x.length + i. */
  readonly dx: Float64Array;
  readonly dy: Float64Array;
}

/** The flow (dx/dt, dy/dt) on an nx × ny grid, for drawing arrows. */
export function vectorField(model: NeuronModel, params: ParamValues, input: number, box: PlaneBox, nx = 20, ny = 20): VectorField {
  assertPlanar(model);
  const x = gridAxis(box.x, nx);
  const y = gridAxis(box.y, ny);
  const dx = new Float64Array(nx * ny);
  const dy = new Float64Array(nx * ny);
  const state = new Float64Array(2);
  const rate = new Float64Array(2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      state[0] = x[i]!;
      state[1] = y[j]!;
      model.rhs(0, state, rate, params, input);
      dx[j * nx + i] = rate[0]!;
      dy[j * nx + i] = rate[1]!;
    }
  }
  return { x, y, dx, dy };
}

export interface Polyline {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Where d(variable)/dt = 0, possibly in several pieces (a nullcline may leave the box and come back). */
export interface Nullcline {
  readonly variable: string;
  readonly lines: readonly Polyline[];
}

/**
 * The nullclines of both variables by marching squares on an nx × ny cell grid. Each crossing found on a
 * cell edge is refined along that edge by regula falsi on the model's own right-hand side, so the points lie
 * on the nullcline to rounding, not to the grid's linear interpolation. Saddle cells (four crossings) are
 * resolved by the sign at the cell's centre.
 */
export function nullclines(model: NeuronModel, params: ParamValues, input: number, box: PlaneBox, nx = 120, ny = 120): Nullcline[] {
  assertPlanar(model);
  const xs = gridAxis(box.x, nx + 1);
  const ys = gridAxis(box.y, ny + 1);
  // Both components from one pass over the grid: each call of the right-hand side gives both.
  const values = [new Float64Array((nx + 1) * (ny + 1)), new Float64Array((nx + 1) * (ny + 1))] as const;
  const state = new Float64Array(2);
  const rate = new Float64Array(2);
  for (let j = 0, n = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++, n++) {
      state[0] = xs[i]!;
      state[1] = ys[j]!;
      model.rhs(0, state, rate, params, input);
      values[0][n] = rate[0]!;
      values[1][n] = rate[1]!;
    }
  }
  return model.state.map((s, component) => ({ variable: s.name, lines: contour(model, params, input, xs, ys, values[component as 0 | 1], component) }));
}

function contour(model: NeuronModel, params: ParamValues, input: number, xs: Float64Array, ys: Float64Array, value: Float64Array, component: number): Polyline[] {
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  const state = new Float64Array(2);
  const rate = new Float64Array(2);
  const f = (x: number, y: number): number => {
    state[0] = x;
    state[1] = y;
    model.rhs(0, state, rate, params, input);
    return rate[component]!;
  };
  const stride = nx + 1;

  // Edge ids: 2·node for the edge to the right of a node, 2·node + 1 for the edge above it.
  const points = new Map<number, readonly [number, number]>();
  const crossing = (edge: number): readonly [number, number] => {
    const known = points.get(edge);
    if (known) return known;
    const node = edge >> 1;
    const i = node % stride;
    const j = (node - i) / stride;
    const [i2, j2] = edge & 1 ? [i, j + 1] : [i + 1, j];
    const point = refineOnSegment(f, xs[i]!, ys[j]!, value[node]!, xs[i2]!, ys[j2]!, value[j2 * stride + i2]!);
    points.set(edge, point);
    return point;
  };

  const segments: [number, number][] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      // Corners counter-clockwise from the bottom left; edges bottom, right, top, left, edge k joining corners k and k + 1.
      const n0 = j * stride + i;
      const v0 = value[n0]!;
      const v1 = value[n0 + 1]!;
      const v2 = value[n0 + stride + 1]!;
      const v3 = value[n0 + stride]!;
      if (!(Number.isFinite(v0) && Number.isFinite(v1) && Number.isFinite(v2) && Number.isFinite(v3))) continue;
      const p0 = v0 >= 0;
      const p1 = v1 >= 0;
      const p2 = v2 >= 0;
      const p3 = v3 >= 0;
      // Most cells have no crossing: skip them before building anything.
      if (p0 === p1 && p1 === p2 && p2 === p3) continue;
      const edges = [2 * n0, 2 * (n0 + 1) + 1, 2 * (n0 + stride), 2 * n0 + 1] as const;
      const sides = [p0, p1, p2, p3];
      const cut = edges.filter((_, k) => sides[k] !== sides[(k + 1) % 4]);
      if (cut.length === 2) segments.push([cut[0]!, cut[1]!]);
      else if (cut.length === 4) {
        const centre = f(0.5 * (xs[i]! + xs[i + 1]!), 0.5 * (ys[j]! + ys[j + 1]!)) >= 0;
        // If the centre sides with corners 0 and 2, they are joined and the segments cut off corners 1 and 3.
        if (centre === p0) segments.push([edges[0], edges[1]], [edges[2], edges[3]]);
        else segments.push([edges[3], edges[0]], [edges[1], edges[2]]);
      }
    }
  }
  return stitch(segments).map((chain) => {
    const line = chain.map(crossing);
    return { x: Float64Array.from(line, (p) => p[0]), y: Float64Array.from(line, (p) => p[1]) };
  });
}

/** Joins segments that share an edge into chains of edge ids: open chains first, then closed loops. */
function stitch(segments: readonly (readonly [number, number])[]): number[][] {
  const at = new Map<number, number[]>();
  segments.forEach(([a, b], k) => {
    for (const edge of [a, b]) at.set(edge, [...(at.get(edge) ?? []), k]);
  });
  const used = new Uint8Array(segments.length);
  const walk = (start: number, from: number): number[] => {
    const chain = [from];
    let k = start;
    let edge = from;
    while (k >= 0 && !used[k]) {
      used[k] = 1;
      const [a, b] = segments[k]!;
      edge = a === edge ? b : a;
      chain.push(edge);
      k = at.get(edge)!.find((other) => !used[other]) ?? -1;
    }
    return chain;
  };
  const chains: number[][] = [];
  for (const [edge, list] of at) if (list.length === 1 && !used[list[0]!]) chains.push(walk(list[0]!, edge));
  segments.forEach(([a], k) => {
    if (!used[k]) chains.push(walk(k, a));
  });
  return chains;
}

/** The zero of f on the segment between two points where it changes sign (Illinois regula falsi). */
function refineOnSegment(
  f: (x: number, y: number) => number,
  x0: number, y0: number, f0: number,
  x1: number, y1: number, f1: number,
): readonly [number, number] {
  let lo = 0;
  let hi = 1;
  let gLo = f0;
  let gHi = f1;
  let s = gLo === gHi ? 0.5 : gLo / (gLo - gHi);
  let side = 0;
  for (let iteration = 0; iteration < 50 && hi - lo > 1e-15; iteration++) {
    s = gLo === gHi ? 0.5 * (lo + hi) : lo + (gLo * (hi - lo)) / (gLo - gHi);
    const g = f(x0 + s * (x1 - x0), y0 + s * (y1 - y0));
    if (g === 0 || !Number.isFinite(g)) break;
    if (g >= 0 === gLo >= 0) {
      lo = s;
      gLo = g;
      if (side === -1) gHi /= 2;
      side = -1;
    } else {
      hi = s;
      gHi = g;
      if (side === 1) gLo /= 2;
      side = 1;
    }
  }
  return [x0 + s * (x1 - x0), y0 + s * (y1 - y0)];
}

/**
 * What the eigenvalues of a fixed point make of it (Strogatz Fig. 5.2.8). `centre` and `degenerate` are the
 * borderline cases: a trace of zero with a positive determinant (where a Hopf bifurcation happens), and a
 * zero eigenvalue (where a saddle-node happens).
 */
export type FixedPointType = 'stable-node' | 'unstable-node' | 'stable-focus' | 'unstable-focus' | 'saddle' | 'centre' | 'degenerate';

export interface Eigenvalue {
  readonly re: number;
  readonly im: number;
}

export interface Linearisation {
  /** Row-major 2×2 Jacobian ∂f_i/∂y_j, in 1/ms. */
  readonly jacobian: Float64Array;
  readonly trace: number;
  readonly determinant: number;
  /** Real pair in increasing order, or a complex pair with the positive imaginary part first. */
  readonly eigenvalues: readonly [Eigenvalue, Eigenvalue];
  readonly type: FixedPointType;
}

/** Roots of λ² − trace·λ + det = 0, without cancellation for a real pair of very different size. */
export function eigenvalues(trace: number, det: number): [Eigenvalue, Eigenvalue] {
  const discriminant = trace * trace - 4 * det;
  if (discriminant < 0) {
    const im = 0.5 * Math.sqrt(-discriminant);
    return [{ re: 0.5 * trace, im }, { re: 0.5 * trace, im: -im }];
  }
  const big = 0.5 * (trace + (trace >= 0 ? 1 : -1) * Math.sqrt(discriminant));
  const small = big === 0 ? 0 : det / big;
  return big < small ? [{ re: big, im: 0 }, { re: small, im: 0 }] : [{ re: small, im: 0 }, { re: big, im: 0 }];
}

/**
 * The type from trace and determinant. `tolerance` is relative to `scale` (the size of the Jacobian's
 * entries): a trace within tolerance·scale of zero counts as zero, a determinant within tolerance·scale².
 */
export function classify(trace: number, det: number, scale = 1, tolerance = 1e-9): FixedPointType {
  if (det < -tolerance * scale * scale) return 'saddle';
  if (det <= tolerance * scale * scale) return 'degenerate';
  if (Math.abs(trace) <= tolerance * scale) return 'centre';
  const focus = trace * trace < 4 * det;
  if (trace < 0) return focus ? 'stable-focus' : 'stable-node';
  return focus ? 'unstable-focus' : 'unstable-node';
}

export function linearise(J: ArrayLike<number>, tolerance = 1e-9): Linearisation {
  const [a, b, c, d] = [J[0]!, J[1]!, J[2]!, J[3]!];
  const trace = a + d;
  const determinant = a * d - b * c;
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), Number.MIN_VALUE);
  return { jacobian: Float64Array.of(a, b, c, d), trace, determinant, eigenvalues: eigenvalues(trace, determinant), type: classify(trace, determinant, scale, tolerance) };
}

export interface PlaneFixedPoint extends Linearisation {
  readonly state: Float64Array;
}

export function fixedPointAt(model: NeuronModel, params: ParamValues, state: Float64Array, input: number): PlaneFixedPoint {
  return { state, ...linearise(jacobianAt(model, params, state, input)) };
}

/** Newton steps per seed in `fixedPoints`. */
const NEWTON_STEPS = 30;

/**
 * Every fixed point in the box, ordered by x. Newton starts from the centre of each grid cell that both
 * nullclines pass through (both components change sign at its corners) and from a coarse grid besides;
 * the results are deduplicated. Two fixed points closer than 1e-7 of the box's size count as one.
 */
export function fixedPoints(model: NeuronModel, params: ParamValues, input: number, box: PlaneBox, grid = 40): PlaneFixedPoint[] {
  assertPlanar(model);
  const xs = gridAxis(box.x, grid + 1);
  const ys = gridAxis(box.y, grid + 1);
  const width = box.x.max - box.x.min;
  const height = box.y.max - box.y.min;
  const stride = grid + 1;
  const sign = [new Int8Array(stride * stride), new Int8Array(stride * stride)] as const;
  const state = new Float64Array(2);
  const rate = new Float64Array(2);
  for (let j = 0; j <= grid; j++) {
    for (let i = 0; i <= grid; i++) {
      state[0] = xs[i]!;
      state[1] = ys[j]!;
      model.rhs(0, state, rate, params, input);
      sign[0][j * stride + i] = Math.sign(rate[0]!) || 0;
      sign[1][j * stride + i] = Math.sign(rate[1]!) || 0;
    }
  }
  const changes = (k: 0 | 1, n: number): boolean => {
    const s = sign[k];
    const [a, b, c, d] = [s[n]!, s[n + 1]!, s[n + stride]!, s[n + stride + 1]!];
    return a === 0 || b === 0 || c === 0 || d === 0 || a !== b || a !== c || a !== d;
  };
  const seeds: [number, number][] = [];
  const coarse = Math.max(1, Math.round(grid / 8));
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) {
      const n = j * stride + i;
      const onCoarse = i % coarse === Math.floor(coarse / 2) && j % coarse === Math.floor(coarse / 2);
      if (onCoarse || (changes(0, n) && changes(1, n))) seeds.push([0.5 * (xs[i]! + xs[i + 1]!), 0.5 * (ys[j]! + ys[j + 1]!)]);
    }
  }
  const found: Float64Array[] = [];
  const inside = (y: Float64Array) =>
    y[0]! >= box.x.min - 1e-9 * width && y[0]! <= box.x.max + 1e-9 * width && y[1]! >= box.y.min - 1e-9 * height && y[1]! <= box.y.max + 1e-9 * height;
  const same = (p: Float64Array, q: Float64Array) => Math.abs(p[0]! - q[0]!) <= 1e-7 * width && Math.abs(p[1]! - q[1]!) <= 1e-7 * height;
  // Newton from a seed near a fixed point converges in a handful of steps. One near no fixed point (the ghost
  // of a saddle-node, where |f| has a minimum above zero) would creep on for a hundred steps of step halving;
  // the limits stop it early, and stop a run that leaves the neighbourhood of the box, whose result is dropped.
  const near = (y: Float64Array) => y[0]! >= box.x.min - width && y[0]! <= box.x.max + width && y[1]! >= box.y.min - height && y[1]! <= box.y.max + height;
  const limits = { maxIterations: NEWTON_STEPS, within: near };
  for (const seed of seeds) {
    const result = findFixedPoint(model, params, seed, input, 1e-12, limits);
    if (!result.converged || !inside(result.state) || found.some((p) => same(p, result.state))) continue;
    found.push(result.state);
  }
  return found.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!).map((y) => fixedPointAt(model, params, y, input));
}
