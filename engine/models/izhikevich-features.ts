/**
 * Protocols for the Izhikevich model: the 20 neuro-computational features of Izhikevich 2004
 * (IEEE TNN 15:1063, Fig. 1) as figure1.m runs them, and the cortical and thalamic cell types of
 * Izhikevich 2003 (IEEE TNN 14:1569, Fig. 2) as the course's notebook offers them.
 *
 * Each feature keeps figure1.m's parameters, initial state (u = b V unless the script sets u), time step
 * tau and stimulus. The stimulus is an expression with the script's own strict inequalities, so sampled at
 * t_k = k tau it gives the very current the loop saw (a grid point on an edge takes the side the
 * inequality gives: `t > 10` is 0 at t = 10). The loop runs for every t in 0:tau:T, that is K + 1 steps,
 * the last one ending at T + tau: the duration is T + tau.
 *
 * Where the continuous model does something else than the figure (the figure's tau is part of the
 * result), `note` says so; the numbers come from the reference set (test/reference/izh2004_features.json).
 */
import type { IzhikevichParams } from './izhikevich.ts';

export interface IzhikevichPreset {
  /** 'A' … 'T' for the features, the cell-type abbreviation ('RS', 'TC') otherwise. */
  readonly id: string;
  readonly name: string;
  /** Overrides of the model's defaults. */
  readonly params: Readonly<Partial<IzhikevichParams>>;
  readonly initial: { readonly v: number; readonly u: number };
  /** Expression in t (ms). */
  readonly stimulus: string;
  /** Time step in ms: figure1.m's tau for a feature (the one `published` must use to reproduce it). */
  readonly dt: number;
  /** Simulated time in ms. */
  readonly duration: number;
  /** How the continuous model differs from the published figure, where it does. */
  readonly note?: string;
}

interface FeatureSpec {
  readonly params: Readonly<Partial<IzhikevichParams>> & { readonly b: number };
  readonly v0: number;
  /** figure1.m's u(0) where it is not b·V(0). */
  readonly u0?: number;
  readonly tau: number;
  /** Last point of figure1.m's tspan = 0:tau:T. */
  readonly T: number;
  readonly stimulus: string;
  readonly note?: string;
}

// Pure (annotated): a bundler can then drop these tables from pages that import the engine's index without using them.
/* @__NO_SIDE_EFFECTS__ */
function feature(id: string, name: string, spec: FeatureSpec): IzhikevichPreset {
  return {
    id,
    name,
    params: spec.params,
    initial: { v: spec.v0, u: spec.u0 ?? spec.params.b * spec.v0 },
    stimulus: spec.stimulus,
    dt: spec.tau,
    duration: spec.T + spec.tau,
    ...(spec.note !== undefined ? { note: spec.note } : {}),
  };
}

/** figure1.m's class 1 (G) and integrator (L) quadratic. */
const SHIFTED = { k1: 4.1, k0: 108 } as const;

export const izhikevichFeatures: readonly IzhikevichPreset[] = [
  feature('A', 'tonic spiking', { params: { a: 0.02, b: 0.2, c: -65, d: 6 }, v0: -70, tau: 0.25, T: 100, stimulus: '(t > 10) * 14' }),
  feature('B', 'phasic spiking', { params: { a: 0.02, b: 0.25, c: -65, d: 6 }, v0: -64, tau: 0.25, T: 200, stimulus: '(t > 20) * 0.5' }),
  feature('C', 'tonic bursting', {
    params: { a: 0.02, b: 0.2, c: -50, d: 2 }, v0: -70, tau: 0.25, T: 220, stimulus: '(t > 22) * 15',
    note: 'figure1 (tau 0.25 ms) fires 28 spikes; the continuous model fires 29.',
  }),
  feature('D', 'phasic bursting', {
    params: { a: 0.02, b: 0.25, c: -55, d: 0.05 }, v0: -64, tau: 0.2, T: 200, stimulus: '(t > 20) * 0.6',
    note: 'figure1 (tau 0.2 ms) fires a burst of 6 spikes; the continuous model fires 8.',
  }),
  feature('E', 'mixed mode', {
    params: { a: 0.02, b: 0.2, c: -55, d: 4 }, v0: -70, tau: 0.25, T: 160, stimulus: '(t > 16) * 10',
    note: 'figure1 (tau 0.25 ms) fires 6 spikes; the continuous model fires 7, its last tonic spike (155.9 ms) falling before the end.',
  }),
  feature('F', 'spike frequency adaptation', { params: { a: 0.01, b: 0.2, c: -65, d: 8 }, v0: -70, tau: 0.25, T: 85, stimulus: '(t > 8.5) * 30' }),
  feature('G', 'class 1 excitable', {
    params: { a: 0.02, b: -0.1, c: -55, d: 6, ...SHIFTED }, v0: -60, tau: 0.25, T: 300, stimulus: '(t > 30) * (0.075 * (t - 30))',
  }),
  feature('H', 'class 2 excitable', {
    params: { a: 0.2, b: 0.26, c: -65, d: 0 }, v0: -64, tau: 0.25, T: 300, stimulus: '-0.5 + (t > 30) * (0.015 * (t - 30))',
    note: 'figure1 (tau 0.25 ms) fires 14 spikes on the ramp; the continuous model fires 18, and the count creeps up as tau shrinks (15, 16, 17, 18).',
  }),
  feature('I', 'spike latency', {
    params: { a: 0.02, b: 0.2, c: -65, d: 6 }, v0: -70, tau: 0.2, T: 100, stimulus: '(t > 10 and t < 13) * 7.04',
    note: 'figure1’s spike comes at 26.8 ms, the continuous model’s at 16.6 ms. The loop samples only 2.8 ms of the 3 ms pulse; with that current the continuous model does not fire at all, so the figure’s spike rests on Euler’s error.',
  }),
  feature('J', 'subthreshold oscillations', { params: { a: 0.05, b: 0.26, c: -60, d: 0 }, v0: -62, tau: 0.25, T: 200, stimulus: '(t > 20 and t < 25) * 2' }),
  feature('K', 'resonator', {
    params: { a: 0.1, b: 0.26, c: -60, d: -1 }, v0: -62, tau: 0.25, T: 400,
    stimulus: '(t > 40 and t < 44 or t > 60 and t < 64 or t > 280 and t < 284 or t > 320 and t < 324) * 0.65',
  }),
  feature('L', 'integrator', {
    // figure1.m: T1 = tspan(end)/11 = 100/11, pulses at T1, T1 + 5, 70 and 80, each 2 ms.
    params: { a: 0.02, b: -0.1, c: -55, d: 6, ...SHIFTED }, v0: -60, tau: 0.25, T: 100,
    stimulus: '(t > 100/11 and t < 100/11 + 2 or t > 100/11 + 5 and t < 100/11 + 5 + 2 or t > 70 and t < 72 or t > 80 and t < 82) * 9',
  }),
  feature('M', 'rebound spike', {
    params: { a: 0.03, b: 0.25, c: -60, d: 4 }, v0: -64, tau: 0.2, T: 200, stimulus: '(t > 20 and t < 25) * -15',
    note: 'figure1’s rebound spike comes at 68.2 ms, the continuous model’s at 57.6 ms.',
  }),
  feature('N', 'rebound burst', {
    params: { a: 0.03, b: 0.25, c: -52, d: 0 }, v0: -64, tau: 0.2, T: 200, stimulus: '(t > 20 and t < 25) * -15',
    note: 'figure1 (tau 0.2 ms) fires a rebound burst of 7 spikes from 68.2 ms; the continuous model fires 14 from 57.6 ms.',
  }),
  feature('O', 'threshold variability', {
    params: { a: 0.03, b: 0.25, c: -60, d: 4 }, v0: -64, tau: 0.25, T: 100,
    stimulus: '(t > 10 and t < 15 or t > 80 and t < 85) * 1 + (t > 70 and t < 75) * -6',
  }),
  feature('P', 'bistability', {
    params: { a: 0.1, b: 0.26, c: -60, d: 0 }, v0: -61, tau: 0.25, T: 300,
    // 0.24 + 1 is exactly 1.24 in doubles, so this is figure1's if/else to the last bit.
    stimulus: '0.24 + (t > 37.5 and t < 42.5 or t > 216 and t < 221) * 1',
    note: 'In figure1 (tau 0.25 ms) the second pulse at 216 ms switches the spiking off (5 spikes); the continuous model keeps firing (7 spikes).',
  }),
  feature('Q', 'depolarizing after-potential', {
    // figure1.m's abs(t - 10) < 1, written as the same two strict inequalities (t - 10 is exact here) so
    // the simulator finds both edges.
    params: { a: 1, b: 0.2, c: -60, d: -21 }, v0: -70, tau: 0.1, T: 50, stimulus: '(t > 9 and t < 11) * 20',
    note: 'figure1 (tau 0.1 ms) shows one spike and an after-depolarisation; the continuous model fires tonically (8 spikes), and Euler needs dt ≈ 0.001 ms to agree.',
  }),
  feature('R', 'accommodation', {
    params: { a: 0.02, b: 1, c: -55, d: 4, vr: -65, uDecay: 0 }, v0: -65, u0: -16, tau: 0.5, T: 400,
    stimulus: '(t < 200) * t / 25 + (t >= 300 and t < 312.5) * (t - 300) / 12.5 * 4',
  }),
  feature('S', 'inhibition-induced spiking', {
    params: { a: -0.02, b: -1, c: -60, d: 8 }, v0: -63.8, tau: 0.5, T: 350, stimulus: '75 + (t < 50 or t > 250) * 5',
    note: 'figure1 (tau 0.5 ms) fires 3 spikes during the inhibition; the continuous model fires 4.',
  }),
  feature('T', 'inhibition-induced bursting', {
    params: { a: -0.026, b: -1, c: -45, d: -2 }, v0: -63.8, tau: 0.5, T: 350, stimulus: '75 + (t < 50 or t > 250) * 5',
    note: 'figure1’s bursts exist only because tau = 0.5 ms. In continuous time each spike lowers u (d = -2) and u′ = 0.026 (v + u) amplifies that: from about 85 ms u runs to -∞ and the interval between spikes shrinks to zero (runaway firing).',
  }),
];

/** Izhikevich 2003, Fig. 2, with the notebook's step of 10 from 100 ms and v(0) = -65, u(0) = b v(0). */
/* @__NO_SIDE_EFFECTS__ */
function cellType(id: string, name: string, params: Readonly<Partial<IzhikevichParams>>, extra: Partial<IzhikevichPreset> = {}): IzhikevichPreset {
  const b = params.b ?? 0.2;
  return { id, name, params, initial: { v: -65, u: b * -65 }, stimulus: '(t > 100) * 10', dt: 0.01, duration: 400, ...extra };
}

export const izhikevichCellTypes: readonly IzhikevichPreset[] = [
  cellType('RS', 'regular spiking', { a: 0.02, b: 0.2, c: -65, d: 8 }),
  cellType('IB', 'intrinsically bursting', { a: 0.02, b: 0.2, c: -55, d: 4 }),
  cellType('CH', 'chattering', { a: 0.02, b: 0.2, c: -50, d: 2 }),
  cellType('FS', 'fast spiking', { a: 0.1, b: 0.2, c: -65, d: 2 }),
  cellType('LTS', 'low-threshold spiking', { a: 0.02, b: 0.25, c: -65, d: 2 }),
  // Thalamo-cortical: tonic firing when depolarised from -63 mV, a rebound burst when released from -87 mV.
  cellType('TC', 'thalamo-cortical (tonic mode)', { a: 0.02, b: 0.25, c: -65, d: 0.05 }, {
    initial: { v: -63, u: 0.25 * -63 }, stimulus: '(t > 100) * 5',
  }),
  cellType('TC-burst', 'thalamo-cortical (burst mode)', { a: 0.02, b: 0.25, c: -65, d: 0.05 }, {
    initial: { v: -87, u: 0.25 * -87 }, stimulus: '(t < 100) * -10',
  }),
  // Resonator: a short pulse starts damped subthreshold oscillations that fire once they build up.
  cellType('RZ', 'resonator', { a: 0.1, b: 0.26, c: -65, d: 2 }, {
    initial: { v: -62, u: 0.26 * -62 }, stimulus: '(t > 100 and t < 105) * 2',
  }),
];

export const izhikevichPresets: readonly IzhikevichPreset[] = [...izhikevichFeatures, ...izhikevichCellTypes];
