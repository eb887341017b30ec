// The engine's public surface. Pure TypeScript: no DOM; runs in the browser, in a worker and in Node.

// Parameters and models
export * from './params/registry.ts';
export type * from './models/model.ts';
export * from './models/index.ts';
export * from './models/lif.ts';
export * from './models/nonlinear-if.ts';
export * from './models/adex.ts';
export * from './models/adex-presets.ts';
export * from './models/hodgkin-huxley.ts';
export * from './models/morris-lecar.ts';
export * from './models/fitzhugh-nagumo.ts';
export * from './models/izhikevich.ts';
export * from './models/izhikevich-features.ts';
export * from './models/synapses.ts';
export * from './models/lif-synaptic.ts';

// Input
export * from './stimuli/stimulus.ts';
export * from './stimuli/expression.ts';
export * from './stimuli/spike-trains.ts';
export * from './random/rng.ts';

// Numerics and running
export type * from './integrators/integrator.ts';
export * from './integrators/index.ts';
export * from './integrators/dopri5.ts';
export * from './simulate.ts';
export * from './scenario.ts';

// Analysis
export * from './analysis/spikes.ts';
export * from './analysis/patterns.ts';
export * from './analysis/lif-analytic.ts';
export * from './analysis/fi-curve.ts';
export * from './analysis/threshold-current.ts';
export * from './analysis/nernst.ts';
export * from './analysis/steady-state.ts';
export * from './analysis/phase-plane.ts';
export * from './analysis/bifurcation.ts';

// Learning and memory
export * from './plasticity/bounds.ts';
export * from './plasticity/rate-rules.ts';
export * from './plasticity/inputs.ts';
export * from './plasticity/learn.ts';
export * from './plasticity/principal.ts';
export * from './plasticity/bcm.ts';
export * from './plasticity/reward.ts';
export * from './plasticity/stdp.ts';
export * from './attractors/patterns.ts';
export * from './attractors/hopfield.ts';
export * from './attractors/letters.ts';
export * from './attractors/pattern-sets.ts';
export * from './attractors/weight-stats.ts';
export * from './attractors/stochastic.ts';
export * from './attractors/mean-field.ts';
export * from './attractors/low-activity.ts';
export * from './attractors/capacity.ts';
export * from './attractors/ags.ts';
export * from './math/erf.ts';

// Populations and mean fields
export * from './network/connectivity.ts';
export * from './network/spike-record.ts';
export * from './network/synapses.ts';
export * from './network/population.ts';
export * from './network/network.ts';
export * from './network/izhikevich-2003.ts';
export * from './network/analysis.ts';
export * from './network/scenario.ts';
export * from './mean-field/izhikevich-mean-field.ts';
export * from './mean-field/lorentzian-network.ts';
