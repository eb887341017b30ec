/**
 * AdEx parameter sets for the classic firing patterns, each with the current step it needs and the name
 * of the pattern it shows (as `classifyFiring` names it, from rest with the step below).
 *
 * Two sources:
 * - Naud, Marcille, Clopath & Gerstner (2008), Biol. Cybern. 99:335, Table 1, in the Brette–Gerstner form,
 *   as given in Brian2's examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py ("parameters adapted
 *   by P. Müller to match figures"), with V_peak = 0 mV, V(0) = EL, w(0) = 0 and a 500 ms step from t = 0.
 *   These are the runs of the course's reference file adex.json. The current for 'transient spiking' is the
 *   least certain value: Brian2's 180 pA gives one spike (transient); ANNarchy's notebook lists 350 pA,
 *   which gives an initial burst of three spikes followed by slow tonic firing, not a transient.
 * - Neuronal Dynamics (2014), Table 6.1, in the book's own parameters: uRest -70 mV, R 500 MΩ,
 *   thetaRh -50 mV, deltaT 2 mV, and a 65 pA step (25 pA for 'delayed'). The book gives no cut-off or
 *   duration; we use uPeak 0 mV and a 500 ms step from 0 ms, from rest at uRest, like the Naud set.
 *   Two rows do not show their name with these protocols (see their notes): 'Transient' needs a weaker
 *   step, and 'Irregular' bursts regularly.
 */
import { fromBrette, type AdexParams, type BretteParams } from './adex.ts';

export interface AdexPreset {
  readonly id: string;
  /** The pattern's name in its source. */
  readonly title: string;
  readonly source: 'Naud et al. 2008 (Brian2 example)' | 'Neuronal Dynamics Table 6.1';
  /** The AdEx registry values (the others keep their defaults: the second adaptation current stays off). */
  readonly params: Readonly<Partial<AdexParams>>;
  /** The parameters as the source gives them, when it uses the Brette–Gerstner form. */
  readonly brette?: BretteParams;
  /** Step current in pA from `start` to `end` (ms). */
  readonly step: { readonly amplitude: number; readonly start: number; readonly end: number };
  readonly duration: number;
  /** The pattern's name as `classifyFiring` gives it for this run (see `FiringPattern.name`). */
  readonly expected: string;
  readonly note?: string;
}

const naudStep = (amplitude: number) => ({ amplitude, start: 0, end: 500 });

// Pure (annotated): a bundler can then drop these tables from pages that import the engine's index without using them.
/* @__NO_SIDE_EFFECTS__ */
function naud(id: string, title: string, brette: Omit<BretteParams, 'DT' | 'VT' | 'Vpeak'>, current: number, expected: AdexPreset['expected'], note?: string): AdexPreset {
  const full: BretteParams = { ...brette, VT: -50, DT: 2, Vpeak: 0 };
  return { id, title, source: 'Naud et al. 2008 (Brian2 example)', params: fromBrette(full), brette: full, step: naudStep(current), duration: 500, expected, ...(note ? { note } : {}) };
}

/** Naud et al. (2008) Table 1 as run by Brian2; ids match the scenarios of adex.json without the "adex_" prefix. */
export const naudPresets: readonly AdexPreset[] = [
  naud('tonic_spiking', 'tonic spiking', { C: 200, gL: 10, EL: -70, a: 2, tauw: 30, b: 0, Vr: -58 }, 500, 'tonic'),
  naud('adaptation', 'adaptation', { C: 200, gL: 12, EL: -70, a: 2, tauw: 300, b: 60, Vr: -58 }, 500, 'adapting'),
  naud('initial_burst', 'initial burst', { C: 130, gL: 18, EL: -58, a: 4, tauw: 150, b: 120, Vr: -50 }, 400, 'initial burst'),
  naud('regular_bursting', 'regular bursting', { C: 200, gL: 10, EL: -58, a: 2, tauw: 120, b: 100, Vr: -46 }, 210, 'bursting'),
  naud('delayed_accelerating', 'delayed accelerating', { C: 200, gL: 12, EL: -70, a: -10, tauw: 300, b: 0, Vr: -58 }, 300, 'delayed accelerating'),
  naud('delayed_regular_bursting', 'delayed regular bursting', { C: 100, gL: 10, EL: -65, a: -10, tauw: 90, b: 30, Vr: -47 }, 110, 'delayed bursting'),
  naud('transient_spiking', 'transient spiking', { C: 100, gL: 10, EL: -65, a: 10, tauw: 90, b: 100, Vr: -47 }, 180, 'transient',
    'Brian2\'s current (180 pA); the current of this row is the least certain value of the table. ANNarchy\'s 350 pA gives an initial burst instead.'),
  naud('irregular_spiking', 'irregular spiking', { C: 100, gL: 12, EL: -60, a: -11, tauw: 130, b: 30, Vr: -48 }, 160, 'irregular',
    'Chaotic: spike times after the first few depend on the integration method and step.'),
];

/** The 'transient spiking' row at ANNarchy's 350 pA, kept to show why that current is doubtful. */
export const naudTransientAt350: AdexPreset = naud('transient_spiking_I350_variant', 'transient spiking at 350 pA (ANNarchy)',
  { C: 100, gL: 10, EL: -65, a: 10, tauw: 90, b: 100, Vr: -47 }, 350, 'initial burst',
  'Not transient: three fast spikes, then tonic firing every ~83 ms.');

const bookCommon = { uRest: -70, R: 500, thetaRh: -50, deltaT: 2, uPeak: 0 } as const;

/* @__NO_SIDE_EFFECTS__ */
function book(id: string, title: string, row: { tauM: number; a: number; tauW: number; b: number; uReset: number }, current: number, expected: string, note?: string): AdexPreset {
  return { id, title, source: 'Neuronal Dynamics Table 6.1', params: { ...bookCommon, ...row }, step: { amplitude: current, start: 0, end: 500 }, duration: 500, expected, ...(note ? { note } : {}) };
}

/** Neuronal Dynamics Table 6.1 (rows in the table's order). */
export const bookPresets: readonly AdexPreset[] = [
  book('book_tonic', 'Tonic', { tauM: 20, a: 0, tauW: 30, b: 60, uReset: -55 }, 65, 'tonic'),
  book('book_adapting', 'Adapting', { tauM: 20, a: 0, tauW: 100, b: 5, uReset: -55 }, 65, 'adapting'),
  book('book_initial_burst', 'Init. burst', { tauM: 5, a: 0.5, tauW: 100, b: 7, uReset: -51 }, 65, 'initial burst'),
  book('book_bursting', 'Bursting', { tauM: 5, a: -0.5, tauW: 100, b: 7, uReset: -46 }, 65, 'bursting'),
  book('book_irregular', 'Irregular', { tauM: 9.9, a: -0.5, tauW: 100, b: 7, uReset: -46 }, 65, 'bursting',
    'Named irregular in the book (Fig. 6.5A), but from rest with a 65 pA step this row fires an 8-spike burst and then bursts of 5 spikes ' +
    'every 80.7 ms, the same with RK4 or Euler from dt 0.01 to 0.1 ms and for tauM from 9.5 to 10.5 ms. The irregular regime needs other ' +
    'conditions than the ones stated; use the Naud set for irregular firing.'),
  book('book_transient', 'Transient', { tauM: 10, a: 1, tauW: 100, b: 10, uReset: -60 }, 50, 'transient',
    'The table states 65 pA, but there R I = 32.5 mV exceeds the steady-state rheobase (28.2 mV, i.e. 56.4 pA, where the ' +
    'fixed point with w = a (u - uRest) disappears), so the neuron keeps firing. A transient needs a step between the rheobase ' +
    'with w = 0 and 56.4 pA; 50 pA gives one spike.'),
  book('book_delayed', 'Delayed', { tauM: 5, a: -1, tauW: 100, b: 10, uReset: -60 }, 25, 'delayed tonic',
    'The first spike comes at 148 ms, about 30 membrane time constants after onset, then the neuron fires every 116 ms.'),
];

export const adexPresets: readonly AdexPreset[] = [...naudPresets, ...bookPresets];
