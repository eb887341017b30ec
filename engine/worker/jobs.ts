/**
 * The jobs the engine worker can run, by name. Each takes plain data (untrusted: it is validated here and
 * every problem is reported in words) and resolves to plain data or typed arrays. Long runs are advanced in
 * chunks with a pause between them, so a cancel is seen within about 10 ms.
 *
 * Each job's code is imported on its first run (neuron-jobs.ts, attractors/capacity.ts, attractors/stochastic.ts):
 * the worker is bundled apart from the page, so whatever it imports statically every page with a worker fetches.
 */
import type { FiPoint } from '../analysis/fi-curve.ts';
import type { CapacityResult, CapacitySpec } from '../attractors/capacity.ts';
import type { TemperaturePoint, TemperatureSpec } from '../attractors/stochastic.ts';
import type { SCENARIO_VERSION, Scenario } from '../scenario.ts';
import type { SimulationResult } from '../simulate.ts';
import type { Job } from './protocol.ts';

/** A scenario without its version: `{ model, params, stimulus, method, dt, duration }`. */
export type SimulateParams = Omit<Scenario, 'version'> & { readonly version?: typeof SCENARIO_VERSION };

export interface FiCurveParams {
  /** Model id, e.g. 'lif'. */
  readonly model: string;
  /** Overrides of the model's defaults. */
  readonly params?: Readonly<Record<string, number>>;
  readonly method?: Scenario['method'];
  /** ms */
  readonly dt: number;
  /** Length of each run, ms. */
  readonly duration: number;
  /** Constant currents, one run each, in the model's current unit. */
  readonly currents: readonly number[];
  /** Spikes before this time (ms) are not used for the rate (see `steadyRate`); default 0. */
  readonly transient?: number;
}

/** What each job takes and gives, for the page's typed client. */
export interface JobTypes {
  fiCurve: { params: FiCurveParams; result: FiPoint[] };
  simulate: { params: SimulateParams; result: SimulationResult };
  hopfieldCapacity: { params: CapacitySpec; result: CapacityResult };
  overlapTemperature: { params: TemperatureSpec; result: TemperaturePoint[] };
}
export type JobName = keyof JobTypes;

export const jobs: { readonly [Name in JobName]: Job<JobTypes[Name]['result']> } = {
  fiCurve: async (params, context) => (await import('./neuron-jobs.ts')).fiCurveJob(params, context),
  simulate: async (params, context) => (await import('./neuron-jobs.ts')).simulateJob(params, context),
  hopfieldCapacity: async (params, context) => (await import('../attractors/capacity.ts')).runCapacityJob(params, context),
  overlapTemperature: async (params, context) => (await import('../attractors/stochastic.ts')).runTemperatureJob(params, context),
};
