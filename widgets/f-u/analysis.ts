/**
 * The one-dimensional picture of an integrate-and-fire neuron, tauM du/dt = F(u) + R I (Neuronal Dynamics,
 * Sec. 5.1 and Fig. 5.2): the fixed points are where F(u) meets the line -R I, the flow runs right where
 * F lies above that line and left where it lies below, and the rheobase is the current at which the line
 * touches the minimum of F, so the two fixed points merge and vanish.
 *
 * F is not written out here: it is read off the model's own right-hand side at zero input,
 * F(u) = tauM · du/dt(u, I = 0) in mV, so the picture always shows the equations the simulator integrates.
 * The search for fixed points relies on F being convex (true for the LIF, QIF and EIF): one minimum, at
 * most one stable zero left of it and one unstable zero right of it. Only the part of the line below the
 * spike cut-off (uPeak, or the LIF's threshold) belongs to the dynamics: there the model spikes and resets.
 */
import type { NeuronModel, ParamValues } from '../../engine/index.ts';

export const FU_MODELS = ['qif', 'eif', 'lif'] as const;
export type FuModelId = (typeof FU_MODELS)[number];

export function isFuModel(id: string): id is FuModelId {
  return (FU_MODELS as readonly string[]).includes(id);
}

export interface FuSystem {
  /** F(u) in mV: tauM times du/dt at zero input. */
  readonly F: (u: number) => number;
  /** Membrane time constant, ms. */
  readonly tauM: number;
  /** Input resistance, MΩ, so R I is in mV for I in nA. */
  readonly R: number;
  /** Where the model spikes (uPeak for QIF/EIF, the threshold theta for the LIF), mV. */
  readonly cutoff: number;
  /** Where a spike resets u to, mV. */
  readonly reset: number;
}

/** The 1-D system of a validated parameter set of `model` (one of FU_MODELS). */
export function fuSystem(model: NeuronModel, p: ParamValues): FuSystem {
  const tauM = p['tauM'];
  const R = p['R'];
  const events = model.events;
  if (model.state.length !== 1 || tauM === undefined || R === undefined || !events?.reset) {
    throw new RangeError(`The F(u) picture needs a one-variable integrate-and-fire model; ${model.title} is not one.`);
  }
  const y = new Float64Array(1);
  const dydt = new Float64Array(1);
  const F = (u: number): number => {
    y[0] = u;
    model.rhs(0, y, dydt, p, 0);
    return tauM * dydt[0]!;
  };
  // The threshold event is the signed distance u - cutoff, so at u = 0 it reads -cutoff.
  y[0] = 0;
  const cutoff = 0 - events.threshold(y, p);
  y[0] = cutoff;
  events.reset(y, p);
  const reset = y[0];
  return { F, tauM, R, cutoff, reset };
}

/** Where F is smallest on (-∞, cutoff], and its value there; `interior` is false when that is the cut-off itself (LIF). */
export interface FuMinimum {
  readonly u: number;
  readonly F: number;
  readonly interior: boolean;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Minimises the convex F on (-∞, cutoff] by golden-section search. */
export function minimumOfF(sys: FuSystem): FuMinimum {
  const { F, cutoff } = sys;
  // Walk left until F still falls to the right of lo: then the minimum lies in [lo, cutoff].
  let width = 10;
  let lo = cutoff - width;
  while (!(F(lo) > F(lo + 1)) && width < 1e6) {
    width *= 2;
    lo = cutoff - width;
  }
  let a = lo;
  let b = cutoff;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = F(c);
  let fd = F(d);
  for (let i = 0; i < 200 && b - a > 1e-10 * Math.max(1, Math.abs(a)); i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = F(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = F(d);
    }
  }
  const u = (a + b) / 2;
  const atMin = F(u);
  const atCutoff = F(cutoff);
  // A minimum within the search tolerance of the cut-off is the cut-off itself (the LIF's linear F).
  if (atCutoff <= atMin || cutoff - u < 1e-8 * Math.max(1, Math.abs(cutoff))) return { u: cutoff, F: atCutoff, interior: false };
  return { u, F: atMin, interior: true };
}

/** Rheobase current (nA): the smallest constant current that leaves no fixed point below the cut-off, -min F / R. */
export function rheobaseOf(sys: FuSystem, min: FuMinimum = minimumOfF(sys)): number {
  return -min.F / sys.R;
}

export type Stability = 'stable' | 'unstable' | 'half-stable';

export interface FixedPoint {
  /** mV */
  readonly u: number;
  /** dF/du at the fixed point (dimensionless); the flow's eigenvalue is slope / tauM in 1/ms. */
  readonly slope: number;
  readonly stability: Stability;
}

/** Central-difference dF/du. */
export function slopeOfF(sys: FuSystem, u: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(u));
  return (sys.F(u + h) - sys.F(u - h)) / (2 * h);
}

/** Bisection for the zero of g in [lo, hi], where g(lo) and g(hi) have opposite signs (or one is zero). */
function bisect(g: (u: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let ga = g(a);
  for (let i = 0; i < 200; i++) {
    const m = (a + b) / 2;
    if (m === a || m === b) break;
    const gm = g(m);
    if (gm === 0) return m;
    if (gm > 0 === ga > 0) {
      a = m;
      ga = gm;
    } else {
      b = m;
    }
  }
  return (a + b) / 2;
}

/**
 * Fixed points below the cut-off at constant current `current` (nA), left to right: where F(u) + R I = 0.
 * Exactly at rheobase (to 1e-9 of the scale of F) the two merge into one half-stable point at F's minimum.
 */
export function fixedPointsOf(sys: FuSystem, current: number, min: FuMinimum = minimumOfF(sys)): FixedPoint[] {
  const drive = sys.R * current;
  const g = (u: number) => sys.F(u) + drive;
  const lowest = min.F + drive;
  const tolerance = 1e-9 * Math.max(1, Math.abs(min.F), Math.abs(drive));
  const classify = (u: number): FixedPoint => {
    const slope = slopeOfF(sys, u);
    return { u, slope, stability: slope < 0 ? 'stable' : 'unstable' };
  };
  if (min.interior && Math.abs(lowest) <= tolerance) return [{ u: min.u, slope: 0, stability: 'half-stable' }];
  if (lowest > 0) return [];
  const points: FixedPoint[] = [];
  let width = 10;
  let far = min.u - width;
  while (!(g(far) > 0) && width < 1e7) {
    width *= 2;
    far = min.u - width;
  }
  if (g(far) > 0) points.push(classify(bisect(g, far, min.u)));
  if (min.interior && g(sys.cutoff) > 0) points.push(classify(bisect(g, min.u, sys.cutoff)));
  return points;
}

export interface FlowSegment {
  readonly from: number;
  readonly to: number;
  /** +1: u grows (du/dt > 0), -1: u falls, 0: no flow. */
  readonly direction: 1 | -1 | 0;
}

/** The flow on the u-axis between the fixed points, within [uLo, uHi] (uHi no higher than the cut-off). */
export function flowSegments(sys: FuSystem, current: number, fixed: readonly FixedPoint[], uLo: number, uHi: number): FlowSegment[] {
  const top = Math.min(uHi, sys.cutoff);
  if (!(top > uLo)) return [];
  const edges = [uLo, ...fixed.map((f) => f.u).filter((u) => u > uLo && u < top), top];
  const segments: FlowSegment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    const value = sys.F((from + to) / 2) + sys.R * current;
    segments.push({ from, to, direction: value > 0 ? 1 : value < 0 ? -1 : 0 });
  }
  return segments;
}

/** F sampled at `count` points from uLo to min(uHi, cutoff). */
export function curveOfF(sys: FuSystem, uLo: number, uHi: number, count = 600): { u: Float64Array; F: Float64Array } {
  const top = Math.min(uHi, sys.cutoff);
  const n = top > uLo ? Math.max(2, count) : 0;
  const u = new Float64Array(n);
  const F = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = uLo + ((top - uLo) * i) / (n - 1);
    F[i] = sys.F(u[i]!);
  }
  return { u, F };
}

/**
 * The F axis: from the lowest of F's minimum and the input line at the largest current to the highest of F
 * at the left edge and the line at the smallest current, with 0 always shown. Independent of the current
 * itself, so dragging the current slider moves the line, not the axis. F's exponential upswing leaves the top.
 */
export function fDomain(sys: FuSystem, min: FuMinimum, uLo: number, uHi: number, currents: readonly [number, number]): [number, number] {
  const top = Math.min(uHi, sys.cutoff);
  const lowestShown = min.u >= uLo && min.u <= top ? min.F : Math.min(sys.F(uLo), sys.F(top));
  const lo = Math.min(0, lowestShown, -sys.R * currents[1]);
  const hi = Math.max(0, sys.F(uLo), -sys.R * currents[0]);
  const pad = 0.08 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

export interface FuAnalysis {
  readonly system: FuSystem;
  readonly minimum: FuMinimum;
  readonly rheobase: number;
  readonly current: number;
  readonly fixed: FixedPoint[];
  readonly flow: FlowSegment[];
  readonly curve: { u: Float64Array; F: Float64Array };
  readonly domain: [number, number];
}

/** Everything the widget shows for one state. */
export function analyseFu(model: NeuronModel, p: ParamValues, current: number, u: readonly [number, number], currents: readonly [number, number]): FuAnalysis {
  const system = fuSystem(model, p);
  const minimum = minimumOfF(system);
  const fixed = fixedPointsOf(system, current, minimum);
  return {
    system,
    minimum,
    rheobase: rheobaseOf(system, minimum),
    current,
    fixed,
    flow: flowSegments(system, current, fixed, u[0], u[1]),
    curve: curveOfF(system, u[0], u[1]),
    domain: fDomain(system, minimum, u[0], u[1], currents),
  };
}
