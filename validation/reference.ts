/**
 * The reference set in test/reference/ (Brian2 2.5.1 / SciPy results; REFERENCE-README.md), typed for the
 * fields the comparisons read. The files come in as text through Vite's `?raw` import, which the unit tests
 * (Vitest) and the site build (Astro) both resolve at bundle time, so no path depends on the working
 * directory or on where the bundler puts this module. Each file is parsed on first use only.
 */
import adexText from '../test/reference/adex.json?raw';
import bcmText from '../test/reference/bcm.json?raw';
import fhnText from '../test/reference/fhn.json?raw';
import hhText from '../test/reference/hh.json?raw';
import hopfieldText from '../test/reference/hopfield.json?raw';
import meanFieldText from '../test/reference/ik_meanfield.json?raw';
import networkText from '../test/reference/izh2003_network.json?raw';
import featuresText from '../test/reference/izh2004_features.json?raw';
import lifText from '../test/reference/lif.json?raw';
import { once } from './types.ts';

export interface Segment {
  t_start: number;
  t_end: number;
  kind: string;
  value?: number;
  value_at_start?: number;
  value_at_end?: number;
}

export interface LifReference {
  rheobase_nA: number;
  f_I_curve_analytic: { I_nA: number; rate_hz: number }[];
  scenarios: {
    id: string;
    stimulus: { segments: Segment[] };
    results: { analytic: { isi_ms: number; spike_times_ms: number[] } } & Record<string, { spike_times_ms: number[] }>;
  }[];
}

export interface HhReference {
  resting_state: { u_mV: number };
  f_I_curve: { points: { I_uA_per_cm2: number; rate_hz: number; n_spikes_1000ms: number; first_spike_latency_ms: number }[] };
  scenarios: {
    id: string;
    stimulus: { segments: Segment[] };
    duration: { value: number };
    results: { converged: { spike_times_ms: number[] }; 'brian2_exponential_euler_dt0.01': { spike_times_ms: number[] } };
  }[];
}

export interface AdexScenario {
  id: string;
  model: string;
  parameters: Record<string, { value: number }>;
  initial_state: { V_mV: number; w_pA: number };
  stimulus: { segments: Segment[] };
  duration: { value: number };
  results: { converged: { spike_times_ms: number[] } };
}

export interface FhnReference {
  initial_state: { v: number; w: number };
  hopf_points: Record<'lower' | 'upper', { I_hopf: number }>;
  periods: { points: { I: number; period: number }[] };
}

export interface FeatureScenario {
  id: string;
  stimulus: { segments_continuous: Segment[] };
  results: {
    figure1_loop: { spike_step_index: number[] };
    converged_continuous: { spike_times: number[] };
  };
}

export interface BcmScenario {
  id: string;
  parameters: { eta: { value: number }; tau_theta: { value: number }; y0: { value: number } };
  patterns: { x1: number[]; x2: number[] };
  initial_state: { w: number[]; theta: number };
  duration: number;
  results: {
    averaged_ode: {
      final_w: number[];
      final_theta: number;
      winner_pattern: number;
      analytic_fixed_point_w: number[];
      analytic_theta: number;
      trajectory_every_50: { t: number[]; w1: number[]; w2: number[]; theta: number[] };
    };
    stochastic_euler_dt1: { steps: number; mean_w_last_100000: number[] };
  };
}

export interface HopfieldReference {
  parameters: { N: number; cue_flip_fraction: number; seeds: number[] };
  results: {
    overlap_vs_load: {
      alpha: number;
      P: number;
      sync_mean_m: number;
      sync_std_m: number;
      async_mean_m: number;
      async_std_m: number;
      ags_replica_symmetric_T0_m?: number | null;
    }[];
  };
  mean_field_stochastic: { points: { beta: number; m: number }[] };
}

export interface NetworkReference {
  results: {
    rate_exc_hz: { mean: number };
    rate_inh_hz: { mean: number };
    population_psd: { freq_hz: number[]; mean_psd_0_100hz: number[] };
  };
}

export interface MeanFieldScenario {
  id: string;
  parameters: Record<string, { value: number }>;
  results: { mean_field: { t: number[]; r: number[]; v: number[]; u: number[]; s: number[] } };
}

const parse = <T>(text: string) => once(() => JSON.parse(text) as T);

export const lifReference = parse<LifReference>(lifText);
export const hhReference = parse<HhReference>(hhText);
export const adexReference = parse<{ scenarios: AdexScenario[] }>(adexText);
export const fhnReference = parse<FhnReference>(fhnText);
export const featuresReference = parse<{ scenarios: FeatureScenario[] }>(featuresText);
export const bcmReference = parse<{ scenarios: BcmScenario[] }>(bcmText);
export const hopfieldReference = parse<HopfieldReference>(hopfieldText);
export const networkReference = parse<NetworkReference>(networkText);
export const meanFieldReference = parse<{ scenarios: MeanFieldScenario[] }>(meanFieldText);
