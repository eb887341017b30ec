/**
 * What the gating widget shows, computed from the engine's Hodgkin–Huxley gate functions (Neuronal Dynamics,
 * Sec. 2.2, Table 2.1): the steady states x∞(u) = α/(α+β) and time constants τx(u) = 1/(α+β) of m, h and n
 * over a voltage range, their six values at one voltage, and the model's resting potential. Pure: no DOM.
 */
import { gateSteadyState, gateTimeConstant, hodgkinHuxley, type Gate, type ParamValues } from '../../engine/index.ts';
import { formatNumber } from '../lib/format.ts';

export const GATES: readonly Gate[] = ['m', 'h', 'n'];

export const GATE_MEANING: Readonly<Record<Gate, string>> = {
  m: 'sodium activation',
  h: 'sodium inactivation',
  n: 'potassium activation',
};

export interface GatingCurves {
  readonly u: Float64Array;
  readonly inf: Readonly<Record<Gate, Float64Array>>;
  /** ms */
  readonly tau: Readonly<Record<Gate, Float64Array>>;
}

/** x∞ and τx of every gate at `count` voltages from uMin to uMax (mV). */
export function gatingCurves(uMin: number, uMax: number, count = 401): GatingCurves {
  const n = Math.max(2, count);
  const u = new Float64Array(n);
  const inf = { m: new Float64Array(n), h: new Float64Array(n), n: new Float64Array(n) };
  const tau = { m: new Float64Array(n), h: new Float64Array(n), n: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const v = uMin + ((uMax - uMin) * i) / (n - 1);
    u[i] = v;
    for (const gate of GATES) {
      inf[gate][i] = gateSteadyState(gate, v);
      tau[gate][i] = gateTimeConstant(gate, v);
    }
  }
  return { u, inf, tau };
}

export interface GateValues {
  readonly u: number;
  readonly inf: Readonly<Record<Gate, number>>;
  readonly tau: Readonly<Record<Gate, number>>;
}

export function gateValuesAt(u: number): GateValues {
  return {
    u,
    inf: { m: gateSteadyState('m', u), h: gateSteadyState('h', u), n: gateSteadyState('n', u) },
    tau: { m: gateTimeConstant('m', u), h: gateTimeConstant('h', u), n: gateTimeConstant('n', u) },
  };
}

/** The resting potential (mV) of the model with these (validated) parameters: the fixed point at zero input. */
export function restingPotential(p: ParamValues): number {
  return hodgkinHuxley.initialState(p)[0]!;
}

/** Largest time constant on the curves, for the τ axis. */
export function largestTau(curves: GatingCurves): number {
  let top = 0;
  for (const gate of GATES) for (const v of curves.tau[gate]) if (v > top) top = v;
  return top;
}

/** Four significant digits without exponent notation (x∞ spans 1e-4 to 1; τ from 0.01 to 20 ms), at most 8 decimals. */
export function formatSignificant(value: number): string {
  if (!Number.isFinite(value) || value === 0) return formatNumber(value, 0);
  const decimals = Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value)))));
  return formatNumber(value, decimals);
}

export type GateReadoutId = 'voltage' | `${Gate}Inf` | `${Gate}Tau`;

/** The readout texts and exact values at the marker voltage. */
export function gateReadouts(values: GateValues): Map<GateReadoutId, { value: number; text: string }> {
  const out = new Map<GateReadoutId, { value: number; text: string }>();
  out.set('voltage', { value: values.u, text: formatNumber(values.u, 1) });
  for (const gate of GATES) {
    out.set(`${gate}Inf`, { value: values.inf[gate], text: formatSignificant(values.inf[gate]) });
    out.set(`${gate}Tau`, { value: values.tau[gate], text: formatSignificant(values.tau[gate]) });
  }
  return out;
}

/** The screen-reader summary: the plot's range, the six values at the marker, and the resting potential. */
export function gatingSummary(uMin: number, uMax: number, values: GateValues, rest: number): string {
  const r = gateReadouts(values);
  const list = (kind: 'Inf' | 'Tau', unit: string) =>
    GATES.map((g) => `${kind === 'Inf' ? `${g}∞` : `τ${g}`} = ${r.get(`${g}${kind}`)!.text}${unit}`).join(', ');
  return (
    `Steady states and time constants of the Hodgkin–Huxley gates m, h and n from ${formatNumber(uMin, 0)} to ${formatNumber(uMax, 0)} mV. ` +
    `At u = ${formatNumber(values.u, 1)} mV: ${list('Inf', '')}; ${list('Tau', ' ms')}. ` +
    `The resting potential is ${formatNumber(rest, 2)} mV.`
  );
}
