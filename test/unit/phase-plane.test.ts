/**
 * Phase-plane analysis: classification of hand-made Jacobians with known types, marching-squares nullclines
 * against FitzHugh–Nagumo's analytic ones, fixed points against the roots of the cubic, and the bifurcation
 * sweep against the analytic Hopf points of test/reference/fhn.json and analytic saddle-nodes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBifurcations } from '../../engine/analysis/bifurcation.ts';
import { fixedPoints, jacobianAt, linearise, nullclines, vectorField, type FixedPointType, type PlaneBox } from '../../engine/analysis/phase-plane.ts';
import { jacobian } from '../../engine/analysis/steady-state.ts';
import type { NeuronModel } from '../../engine/models/model.ts';
import { fitzhughNagumo, type FitzhughNagumoParams } from '../../engine/models/fitzhugh-nagumo.ts';
import { defaultValues } from '../../engine/params/registry.ts';

interface HopfPoint {
  v_star: number;
  w_star: number;
  I_hopf: number;
  omega: number;
  period_at_hopf: number;
}
interface FhnReference {
  hopf_points: { lower: HopfPoint; upper: HopfPoint };
}
const reference = JSON.parse(readFileSync(new URL('../reference/fhn.json', import.meta.url), 'utf8')) as FhnReference;
const p: FitzhughNagumoParams = defaultValues(fitzhughNagumo.params);
const box: PlaneBox = { x: { min: -3, max: 3 }, y: { min: -2, max: 4 } };

describe('classification of hand-made Jacobians', () => {
  // Each row: J (row-major), the type, and the eigenvalues as [re, im] pairs in the returned order.
  it.each<[string, number[], FixedPointType, [number, number][]]>([
    ['diagonal, both negative', [-1, 0, 0, -2], 'stable-node', [[-2, 0], [-1, 0]]],
    ['diagonal, both positive', [1, 0, 0, 2], 'unstable-node', [[1, 0], [2, 0]]],
    ['rotation with decay', [-1, -2, 2, -1], 'stable-focus', [[-1, 2], [-1, -2]]],
    ['rotation with growth', [1, -2, 2, 1], 'unstable-focus', [[1, 2], [1, -2]]],
    ['opposite signs on the diagonal', [1, 0, 0, -1], 'saddle', [[-1, 0], [1, 0]]],
    ['off-diagonal of equal sign', [0, 1, 1, 0], 'saddle', [[-1, 0], [1, 0]]],
    ['pure rotation', [0, -1, 1, 0], 'centre', [[0, 1], [0, -1]]],
    ['a zero eigenvalue', [1, 0, 0, 0], 'degenerate', [[0, 0], [1, 0]]],
    ['nilpotent', [0, 1, 0, 0], 'degenerate', [[0, 0], [0, 0]]],
    // A repeated eigenvalue with one eigenvector (trace² = 4 det) is a node, not a focus.
    ['defective repeated eigenvalue', [-1, 1, 0, -1], 'stable-node', [[-1, 0], [-1, 0]]],
    // Time scales 1e6 apart: the small eigenvalue must not be lost to cancellation.
    ['stiff', [-1e3, 0, 0, -1e-3], 'stable-node', [[-1e3, 0], [-1e-3, 0]]],
    ['a full matrix: trace −3, det 2', [-3, 2, -1, 0], 'stable-node', [[-2, 0], [-1, 0]]],
    // FitzHugh–Nagumo at rest, I = 0: v* = −1.19941, J = [[1 − v*², −1], [1/tau, −b/tau]].
    ['FitzHugh–Nagumo at rest', [1 - 1.199408035244035 ** 2, -1, 0.08, -0.064], 'stable-focus', [[-0.2512898175039783, 0.21194934361617285], [-0.2512898175039783, -0.21194934361617285]]],
  ])('%s', (_name, J, type, expected) => {
    const result = linearise(J);
    expect(result.type).toBe(type);
    expect(result.trace).toBeCloseTo(J[0]! + J[3]!, 14);
    expect(result.determinant).toBeCloseTo(J[0]! * J[3]! - J[1]! * J[2]!, 14);
    // Relative 1e-10: the stiff row's small eigenvalue would keep only ~7 digits with the naive formula.
    result.eigenvalues.forEach((lambda, k) => {
      expect(Math.abs(lambda.re - expected[k]![0])).toBeLessThanOrEqual(1e-10 * Math.abs(expected[k]![0]) + 1e-12);
      expect(Math.abs(lambda.im - expected[k]![1])).toBeLessThan(1e-10);
    });
  });

  it.each<[number, FixedPointType]>([
    // Within 1e-9 of the Jacobian's scale the trace or determinant counts as zero: borderline cases.
    [1e-12, 'centre'],
    [1e-6, 'unstable-focus'],
    [-1e-6, 'stable-focus'],
  ])('a rotation with trace %s is a %s', (trace, type) => {
    expect(linearise([trace / 2, -1, 1, trace / 2]).type).toBe(type);
  });
});

describe('vector field', () => {
  it('holds the right-hand side at each grid point, row by row in y', () => {
    const field = vectorField(fitzhughNagumo, p, 0.5, box, 7, 5);
    expect([field.x.length, field.y.length, field.dx.length]).toEqual([7, 5, 35]);
    expect([field.x[0], field.x[6], field.y[0], field.y[4]]).toEqual([-3, 3, -2, 4]);
    const [v, w] = [field.x[2]!, field.y[3]!];
    expect(field.dx[3 * 7 + 2]).toBeCloseTo(v - v ** 3 / 3 - w + 0.5, 14);
    expect(field.dy[3 * 7 + 2]).toBeCloseTo((v + p.a - p.b * w) / p.tau, 14);
  });
});

describe.each([0, 0.2, reference.hopf_points.lower.I_hopf, 0.5, 1.0, 1.75, -0.8])('nullclines of FitzHugh–Nagumo at I = %s', (current) => {
  const [vNull, wNull] = nullclines(fitzhughNagumo, p, current, box, 90, 110);
  const cell = Math.hypot(6 / 90, 6 / 110);
  // Tolerance 1e-12 in w: each point is refined on its cell edge by regula falsi to rounding (measured
  // 2.7e-15); the analytic curves are w = v − v³/3 + I and w = (v + a)/b.
  it.each<[string, (v: number) => number]>([
    ['v', (v) => v - v ** 3 / 3 + current],
    ['w', (v) => (v + p.a) / p.b],
  ])('the %s-nullcline lies on its analytic curve, in connected pieces that end on the box edge', (name, curve) => {
    const nullcline = name === 'v' ? vNull! : wNull!;
    expect(nullcline.variable).toBe(name);
    let length = 0;
    for (const line of nullcline.lines) {
      line.x.forEach((v, k) => {
        expect(Math.abs(line.y[k]! - curve(v))).toBeLessThan(1e-12);
        if (k > 0) {
          // Consecutive points share a grid cell, so stitching joined neighbours only.
          const step = Math.hypot(v - line.x[k - 1]!, line.y[k]! - line.y[k - 1]!);
          expect(step).toBeLessThanOrEqual(cell * (1 + 1e-9));
          length += Math.abs(v - line.x[k - 1]!);
        }
      });
      const onEdge = (x: number, y: number) => Math.min(Math.abs(x - box.x.min), Math.abs(x - box.x.max), Math.abs(y - box.y.min), Math.abs(y - box.y.max)) < 1e-9;
      expect(onEdge(line.x[0]!, line.y[0]!)).toBe(true);
      expect(onEdge(line.x.at(-1)!, line.y.at(-1)!)).toBe(true);
    }
    // The pieces together span every v where the analytic curve lies inside the box.
    let inside = 0;
    const n = 100_000;
    for (let k = 0; k < n; k++) {
      const v = box.x.min + ((box.x.max - box.x.min) * (k + 0.5)) / n;
      const w = curve(v);
      if (w > box.y.min && w < box.y.max) inside += (box.x.max - box.x.min) / n;
    }
    expect(Math.abs(length - inside)).toBeLessThan(1e-3);
  });
});

/** A generic model with no analytic Jacobian: the x-nullcline is the unit circle, the y-nullcline y = x. */
const circle: NeuronModel<'k'> = {
  id: 'circle',
  title: 'Circle test model',
  source: 'test only',
  params: [{ name: 'k', symbol: 'k', unit: '', default: 1, min: 0, max: 2, step: 0.1, meaning: 'Radius squared' }],
  state: [
    { name: 'x', symbol: 'x', unit: '', meaning: 'first' },
    { name: 'y', symbol: 'y', unit: '', meaning: 'second' },
  ],
  voltage: 0,
  input: { unit: '', max: 5, step: 0.01 },
  defaultMethod: 'rk4',
  defaultDt: 0.1,
  initialState: () => Float64Array.of(Math.SQRT1_2, Math.SQRT1_2),
  rhs: (_t, y, dydt, p, input) => {
    dydt[0] = p.k - y[0]! ** 2 - y[1]! ** 2 + input;
    dydt[1] = y[0]! - y[1]!;
  },
};

describe('a generic model (numeric Jacobian, a closed nullcline)', () => {
  const square: PlaneBox = { x: { min: -2, max: 2 }, y: { min: -2, max: 2 } };

  it('draws the circle as one closed polyline on the circle', () => {
    const [xNull] = nullclines(circle, { k: 1 }, 0, square, 64, 64);
    expect(xNull!.lines).toHaveLength(1);
    const line = xNull!.lines[0]!;
    expect([line.x[0], line.y[0]]).toEqual([line.x.at(-1), line.y.at(-1)]);
    line.x.forEach((x, k) => expect(Math.abs(Math.hypot(x, line.y[k]!) - 1)).toBeLessThan(1e-12));
  });

  it('finds both fixed points (±1/√2 on the diagonal): a saddle and a stable focus', () => {
    const points = fixedPoints(circle, { k: 1 }, 0, square);
    expect(points.map((q) => q.type)).toEqual(['saddle', 'stable-focus']);
    points.forEach((q, k) => {
      const s = (k === 0 ? -1 : 1) * Math.SQRT1_2;
      expect(Math.abs(q.state[0]! - s) + Math.abs(q.state[1]! - s)).toBeLessThan(1e-12);
      // Central differences on a quadratic are exact up to rounding: J = [[−2x, −2y], [1, −1]].
      expect(Math.abs(q.determinant - 4 * s)).toBeLessThan(1e-8);
    });
  });

  it('locates the saddle-node where the circle shrinks to a point (I = −k) with the numeric Jacobian', () => {
    const found = findBifurcations(circle, { k: 1 }, square, { from: -1.5, to: 0.5, steps: 40 });
    expect(found.map((b) => b.type)).toEqual(['saddle-node']);
    // x² + y² = k + I with x = y: the two points merge at the origin when I = −k.
    expect(Math.abs(found[0]!.current + 1)).toBeLessThan(1e-9);
  });
});

describe('fixed points of FitzHugh–Nagumo against the roots of the cubic', () => {
  /** Roots of v − v³/3 − (v + a)/b + I by bisection on a fine scan: independent of the engine's Newton. */
  const roots = (q: FitzhughNagumoParams, current: number): number[] => {
    const g = (v: number) => v - v ** 3 / 3 - (v + q.a) / q.b + current;
    const found: number[] = [];
    for (let k = 0; k < 6000; k++) {
      let [lo, hi] = [-3 + k * 1e-3, -3 + (k + 1) * 1e-3];
      if (Math.sign(g(lo)) === Math.sign(g(hi))) continue;
      for (let i = 0; i < 80; i++) [lo, hi] = Math.sign(g(0.5 * (lo + hi))) === Math.sign(g(lo)) ? [0.5 * (lo + hi), hi] : [lo, 0.5 * (lo + hi)];
      found.push(0.5 * (lo + hi));
    }
    return found;
  };

  it.each<[number, number, FixedPointType[]]>([
    // Defaults: one fixed point, stable below the lower Hopf point and above the upper one.
    [0.8, 0, ['stable-focus']],
    [0.8, 0.5, ['unstable-focus']],
    // Far from the Hopf points the trace outgrows 2√det: the unstable point is a node (tr 0.769, det 0.0267).
    [0.8, 1.0, ['unstable-node']],
    [0.8, 1.6, ['stable-focus']],
    // b = 2: the straight nullcline is flatter than the cubic's middle branch, so three crossings.
    [2, 0.3, ['stable-focus', 'saddle', 'stable-focus']],
  ])('b = %s, I = %s', (b, current, types) => {
    const q = { ...p, b };
    const points = fixedPoints(fitzhughNagumo, q, current, box);
    expect(points.map((point) => point.type)).toEqual(types);
    const expected = roots(q, current);
    points.forEach((point, k) => {
      expect(Math.abs(point.state[0]! - expected[k]!)).toBeLessThan(1e-10);
      // The model's analytic Jacobian against central differences (error ~1e-9 from rounding over h = 1e-6).
      const numeric = jacobian(fitzhughNagumo, q, point.state, current);
      jacobianAt(fitzhughNagumo, q, point.state, current).forEach((x, i) => expect(Math.abs(x - numeric[i]!)).toBeLessThan(1e-8));
    });
  });
});

describe('bifurcations of FitzHugh–Nagumo against the current', () => {
  // Independent derivation: J = [[1 − v², −1], [1/tau, −b/tau]] has trace 1 − v² − b/tau, zero at
  // v*² = 1 − b/tau, and the fixed point there needs I = (v* + a)/b − v* + v*³/3.
  const hopfCurrent = (q: FitzhughNagumoParams, v: number) => (v + q.a) / q.b - v + v ** 3 / 3;
  const vHopf = Math.sqrt(1 - p.b / p.tau);
  const found = findBifurcations(fitzhughNagumo, p, box, { from: 0, to: 2, steps: 100 });

  it('finds exactly the two Hopf points', () => {
    expect(found.map((b) => b.type)).toEqual(['hopf', 'hopf']);
  });

  it.each(['lower', 'upper'] as const)('the %s Hopf point matches the reference within 1e-7 (measured 2.3e-11)', (side) => {
    const hopf = found[side === 'lower' ? 0 : 1]!;
    const ref = reference.hopf_points[side];
    const v = side === 'lower' ? -vHopf : vHopf;
    // Located by bisection to a 1e-10 bracket on exact (analytic-Jacobian) traces.
    expect(Math.abs(hopf.current - ref.I_hopf)).toBeLessThan(1e-7);
    expect(Math.abs(hopf.current - hopfCurrent(p, v))).toBeLessThan(1e-9);
    expect(Math.abs(ref.I_hopf - hopfCurrent(p, v))).toBeLessThan(1e-12);
    expect(Math.abs(hopf.state[0]! - ref.v_star)).toBeLessThan(1e-8);
    expect(Math.abs(hopf.state[1]! - ref.w_star)).toBeLessThan(1e-8);
    // ω² = det at the Hopf point; 1e-9 covers the 1e-10 current bracket times dω/dI ≈ 0.1.
    expect(Math.abs(hopf.omega! - ref.omega)).toBeLessThan(1e-9);
    expect(Math.abs((2 * Math.PI) / hopf.omega! - ref.period_at_hopf)).toBeLessThan(1e-7);
    // Rest loses stability as I rises through the lower point and regains it above the upper one.
    expect(hopf.stableBelow).toBe(side === 'lower');
  });

  it('with b = 2 finds the two saddle-nodes and two Hopf points at their analytic currents', () => {
    const q = { ...p, b: 2 };
    const result = findBifurcations(fitzhughNagumo, q, box, { from: -1, to: 1, steps: 100 });
    // Folds where the slopes match: 1 − v² = 1/b, so v = ±√(1 − 1/b); Hopf at v² = 1 − b/tau.
    const fold = (v: number) => hopfCurrent(q, v);
    const vFold = Math.sqrt(1 - 1 / q.b);
    const vHopf2 = Math.sqrt(1 - q.b / q.tau);
    const expected: [string, number][] = [
      ['saddle-node', fold(vFold)],
      ['hopf', hopfCurrent(q, vHopf2)],
      ['hopf', hopfCurrent(q, -vHopf2)],
      ['saddle-node', fold(-vFold)],
    ];
    expect(result.map((b) => b.type)).toEqual(expected.map((e) => e[0]));
    // Folds by Newton on the extended system converge to rounding; Hopf points to the 1e-10 bracket.
    result.forEach((b, k) => expect(Math.abs(b.current - expected[k]![1])).toBeLessThan(1e-9));
  });
});
