/**
 * Closed-form results for the leaky integrate-and-fire neuron under constant or sinusoidal input
 * (Neuronal Dynamics, Sec. 1.3, Eqs. 1.8–1.11, and Exercise 1.3.2). The engine's simulations are tested
 * against these, and lessons print them next to what the widgets measure.
 */
import { atan, exp, log } from '../math/deterministic.ts';
import type { LifParams } from '../models/lif.ts';

/** Smallest constant current (nA) that ever reaches threshold: R I = theta - uRest. */
export function lifRheobase(p: LifParams): number {
  return (p.theta - p.uRest) / p.R;
}

/** u(t) (mV) for constant current I (nA) from u0 at t = 0, while below threshold. */
export function lifSubthreshold(p: LifParams, current: number, u0: number, t: number): number {
  const uInf = p.uRest + p.R * current;
  return uInf + (u0 - uInf) * exp(-t / p.tauM);
}

/** Time (ms) to go from u0 to threshold under constant current; Infinity if threshold is never reached. */
export function lifTimeToThreshold(p: LifParams, current: number, u0: number): number {
  const drive = p.R * current;
  if (drive <= p.theta - p.uRest || u0 >= p.theta) return u0 >= p.theta ? 0 : Number.POSITIVE_INFINITY;
  return p.tauM * log((drive - (u0 - p.uRest)) / (drive - (p.theta - p.uRest)));
}

/** Interspike interval (ms): T = tRef + tauM ln((R I - (uReset - uRest)) / (R I - (theta - uRest))). */
export function lifIsi(p: LifParams, current: number): number {
  return p.tRef + lifTimeToThreshold(p, current, p.uReset);
}

/** Firing rate (Hz) under constant current; 0 at or below the rheobase. */
export function lifRate(p: LifParams, current: number): number {
  const isi = lifIsi(p, current);
  return Number.isFinite(isi) ? 1000 / isi : 0;
}

/**
 * Steady-state response of the passive membrane to I1 sin(2π f t): amplitude gain R / sqrt(1 + (ω tauM)²)
 * in mV per nA, and the phase lag atan(ω tauM) in radians. The membrane is a first-order low-pass filter
 * with corner frequency 1 / (2π tauM).
 */
export function lifSineResponse(p: LifParams, frequencyHz: number): { gain: number; lag: number } {
  const omegaTau = (2 * Math.PI * frequencyHz * p.tauM) / 1000;
  return { gain: p.R / Math.sqrt(1 + omegaTau * omegaTau), lag: atan(omegaTau) };
}

/** Corner (cut-off) frequency in Hz, where the gain has fallen to 1/√2 of its value at zero frequency. */
export function lifCornerFrequency(p: LifParams): number {
  return 1000 / (2 * Math.PI * p.tauM);
}
