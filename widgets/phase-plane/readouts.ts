/**
 * What the phase plane says in words and numbers: the fixed-point table (coordinates, trace, determinant,
 * eigenvalues, type) and the one-paragraph summary read by screen readers. Pure functions of the analysis.
 */
import type { Eigenvalue, FixedPointType, PlaneFixedPoint } from '../../engine/index.ts';
import { formatNumber } from '../lib/format.ts';

export const TYPE_NAMES: Readonly<Record<FixedPointType, string>> = {
  'stable-node': 'stable node',
  'unstable-node': 'unstable node',
  'stable-focus': 'stable focus',
  'unstable-focus': 'unstable focus',
  saddle: 'saddle',
  centre: 'centre (Hopf point)',
  degenerate: 'degenerate (zero eigenvalue)',
};

export function isStable(type: FixedPointType): boolean {
  return type === 'stable-node' || type === 'stable-focus';
}

/**
 * A number to `digits` significant digits with a real minus sign; very small magnitudes in powers of ten
 * (an eigenvalue of 2e-7 1/ms is not "0.000").
 */
export function formatSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return formatNumber(value, 0);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  if (magnitude < -4 || magnitude >= 6) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${formatNumber(Number(mantissa), digits - 1)} × 10${superscript(Number(exponent))}`;
  }
  return formatNumber(value, Math.max(0, digits - 1 - magnitude));
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
function superscript(n: number): string {
  return (n < 0 ? '⁻' : '') + String(Math.abs(n)).replace(/\d/g, (d) => SUPERSCRIPTS[Number(d)]!);
}

/** A pair of eigenvalues: "a ± bi" for a complex pair, "λ1, λ2" for a real one. */
export function formatEigenvalues(pair: readonly [Eigenvalue, Eigenvalue], digits = 3): string {
  const [first, second] = pair;
  if (first.im !== 0) return `${formatSignificant(first.re, digits)} ± ${formatSignificant(Math.abs(first.im), digits)}i`;
  return `${formatSignificant(first.re, digits)}, ${formatSignificant(second.re, digits)}`;
}

export interface AxisInfo {
  readonly name: string;
  /** The symbol shown for the variable ("V" for Morris–Lecar's v); defaults to the name. */
  readonly label?: string;
  readonly unit: string;
  readonly decimals: number;
}

export function formatCoordinate(value: number, axis: AxisInfo): string {
  const text = formatNumber(value, axis.decimals);
  return axis.unit ? `${text} ${axis.unit}` : text;
}

export function describePoint(point: PlaneFixedPoint, axes: readonly [AxisInfo, AxisInfo]): string {
  return `${TYPE_NAMES[point.type]} at ${axes[0].label ?? axes[0].name} = ${formatCoordinate(point.state[0]!, axes[0])}, ${axes[1].label ?? axes[1].name} = ${formatCoordinate(point.state[1]!, axes[1])}`;
}

/** A row of the fixed-point table, as text, with the raw numbers alongside for tests and exports. */
export interface FixedPointRow {
  readonly x: string;
  readonly y: string;
  readonly trace: string;
  readonly determinant: string;
  readonly eigenvalues: string;
  readonly type: string;
  readonly stable: boolean;
}

export function fixedPointRow(point: PlaneFixedPoint, axes: readonly [AxisInfo, AxisInfo]): FixedPointRow {
  return {
    x: formatNumber(point.state[0]!, axes[0].decimals),
    y: formatNumber(point.state[1]!, axes[1].decimals),
    trace: formatSignificant(point.trace),
    determinant: formatSignificant(point.determinant),
    eigenvalues: formatEigenvalues(point.eigenvalues),
    type: TYPE_NAMES[point.type],
    stable: isStable(point.type),
  };
}

export interface TrajectoryFacts {
  /** Spike times, ms (upward crossings of v = 0, or of the cut-off for a model with a reset). */
  readonly spikes: ArrayLike<number>;
  readonly duration: number;
  /** The state at the end of the run. */
  readonly end: readonly [number, number];
  /** The size of the window, to judge "close to a fixed point". */
  readonly span: readonly [number, number];
  /** True for a model with a reset (the trajectory jumps; "fires periodically" rather than "limit cycle"). */
  readonly resets: boolean;
}

/** Interspike intervals agree to this fraction before the run is called periodic. */
export const PERIOD_TOLERANCE = 0.02;
/** The run "settles" at a stable fixed point when it ends within this fraction of the window from it. */
export const SETTLE_TOLERANCE = 0.01;

/**
 * The period of regular firing: the last interspike interval, once there are at least 3 spikes and the
 * last two intervals agree within PERIOD_TOLERANCE. Undefined otherwise (nothing is claimed).
 */
export function periodOf(spikes: ArrayLike<number>): number | undefined {
  const n = spikes.length;
  if (n < 3) return undefined;
  const last = spikes[n - 1]! - spikes[n - 2]!;
  const before = spikes[n - 2]! - spikes[n - 3]!;
  return Math.abs(last - before) <= PERIOD_TOLERANCE * last ? last : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function fixedPointSentence(points: readonly PlaneFixedPoint[], axes: readonly [AxisInfo, AxisInfo]): string {
  if (points.length === 0) return 'No fixed point in the window';
  return `${plural(points.length, 'fixed point')}: ${points.map((p) => describePoint(p, axes)).join('; ')}`;
}

export function trajectorySentence(points: readonly PlaneFixedPoint[], facts: TrajectoryFacts): string {
  const n = facts.spikes.length;
  const period = periodOf(facts.spikes);
  if (period !== undefined) {
    const text = formatNumber(period, 1);
    return facts.resets
      ? `the trajectory fires periodically, ${plural(n, 'spike')} with period ${text} ms`
      : `the trajectory settles on a limit cycle of period ${text} ms`;
  }
  if (n >= 3) {
    const last = facts.spikes[n - 1]! - facts.spikes[n - 2]!;
    return `the trajectory spikes ${n} times; the interval between spikes is still changing (last ${formatNumber(last, 1)} ms)`;
  }
  const settled = points.find(
    (p) =>
      isStable(p.type) &&
      Math.abs(p.state[0]! - facts.end[0]) <= SETTLE_TOLERANCE * facts.span[0] &&
      Math.abs(p.state[1]! - facts.end[1]) <= SETTLE_TOLERANCE * facts.span[1],
  );
  const spiking = n === 0 ? '' : `spikes ${n === 1 ? 'once' : 'twice'}, then `;
  if (settled) return `the trajectory ${spiking}settles at the ${TYPE_NAMES[settled.type]}`;
  if (n > 0) return `the trajectory spikes ${n === 1 ? 'once' : 'twice'} in ${formatNumber(facts.duration, 0)} ms`;
  return `the trajectory does not settle at a fixed point within ${formatNumber(facts.duration, 0)} ms`;
}

/** "1 fixed point: unstable focus at v = −0.80, w = −0.13; the trajectory settles on a limit cycle of period 39.5 ms." */
export function planeSummary(points: readonly PlaneFixedPoint[], axes: readonly [AxisInfo, AxisInfo], facts: TrajectoryFacts): string {
  return `${fixedPointSentence(points, axes)}; ${trajectorySentence(points, facts)}.`;
}
