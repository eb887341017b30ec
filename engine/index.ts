// The engine's public surface. Pure TypeScript: no DOM, runs in the browser, a worker and Node.
export * from './params/registry.ts';
export type * from './models/model.ts';
export * from './models/lif.ts';
export * from './models/index.ts';
export type * from './integrators/integrator.ts';
export * from './integrators/index.ts';
export * from './stimuli/stimulus.ts';
export * from './random/rng.ts';
export * from './simulate.ts';
export * from './analysis/spikes.ts';
export * from './analysis/lif-analytic.ts';
export * from './analysis/fi-curve.ts';
export * from './scenario.ts';
