/**
 * Populations of any single-neuron model (engine/network/population.ts) and networks of them: against the
 * single-neuron engine (`simulate`), against the Ornstein–Uhlenbeck variance of a free LIF under white noise,
 * and against the exact arrival step of a delayed spike.
 */
import { describe, expect, it } from 'vitest';
import { adex } from '../../engine/models/adex.ts';
import { hodgkinHuxley } from '../../engine/models/hodgkin-huxley.ts';
import { izhikevich } from '../../engine/models/izhikevich.ts';
import { lif } from '../../engine/models/lif.ts';
import type { NeuronModel } from '../../engine/models/model.ts';
import { fixedProbability, fromTriples } from '../../engine/network/connectivity.ts';
import { createNetwork } from '../../engine/network/network.ts';
import { createPopulation, type Population, type PopulationMethod } from '../../engine/network/population.ts';
import { exp } from '../../engine/math/deterministic.ts';
import { createRandom } from '../../engine/random/rng.ts';
import { simulate, SpecError } from '../../engine/simulate.ts';

/** Neuron k's spike times from the population's record. */
function spikesOf(population: Population, k: number): number[] {
  const record = population.spikes!;
  const times: number[] = [];
  for (let q = 0; q < record.count; q++) if (record.i[q] === k) times.push(record.t[q]!);
  return times;
}

function run(population: Population, duration: number, input: number | Float64Array = 0): void {
  const steps = Math.round(duration / population.dt);
  for (let j = 0; j < steps; j++) population.step(input);
}

describe('uncoupled neurons with constant input reproduce simulate', () => {
  // Each case: model, method, dt, constant input in the model's unit, duration. The population runs the
  // single-neuron driver's event loop on the same grid with the same arithmetic, so spike times and the final
  // state must agree to the bit (tolerance 0).
  const cases: [string, NeuronModel, PopulationMethod, number, number, number][] = [
    ['LIF, Euler', lif as NeuronModel, 'euler', 0.1, 2, 200],
    ['LIF, exact (refractory period ends inside steps)', lif as NeuronModel, 'exact', 0.1, 2, 200],
    ['Izhikevich, RK4 at 0.01 ms', izhikevich as NeuronModel, 'rk4', 0.01, 10, 200],
    ['Izhikevich, Euler at 0.1 ms', izhikevich as NeuronModel, 'euler', 0.1, 10, 200],
    ['AdEx, RK4 (exponential spike initiation)', adex as NeuronModel, 'rk4', 0.05, 500, 300],
    ['Hodgkin–Huxley, RK4 (no reset: crossings only)', hodgkinHuxley as NeuronModel, 'rk4', 0.01, 2, 100],
  ];
  it.each(cases)('%s', (_label, model, method, dt, input, duration) => {
    const n = 3;
    const population = createPopulation(model, n, { method, dt });
    run(population, duration, input);
    const reference = simulate({ model, method, dt, stimulus: input, duration });
    expect(reference.spikes.length).toBeGreaterThan(2);
    for (let k = 0; k < n; k++) {
      expect(spikesOf(population, k)).toEqual(Array.from(reference.spikes));
      model.state.forEach((variable, i) => expect(population.state[i]![k]).toBe(reference.traces[variable.name]!.at(-1)));
    }
    expect(population.t).toBe(duration);
    expect(population.divergence).toBeUndefined();
  });

  it('spiked and spikeTimes list the last step’s spikes', () => {
    const population = createPopulation(lif, 2, { method: 'exact', dt: 0.1 });
    const input = Float64Array.of(2, 0);
    let seen = 0;
    for (let j = 0; j < 200; j++) {
      population.step(input);
      for (let q = 0; q < population.spikeCount; q++) {
        expect(population.spiked[q]).toBe(0);
        // Located inside the step just taken.
        expect(population.spikeTimes[q]).toBeGreaterThan(population.t - population.dt);
        expect(population.spikeTimes[q]).toBeLessThanOrEqual(population.t);
        seen++;
      }
    }
    expect(seen).toBe(population.spikes!.count);
    expect(seen).toBeGreaterThan(0);
  });
});

describe('heterogeneous parameters', () => {
  it('Izhikevich: neuron k with parameter set k equals a single-neuron run with that set (bit for bit)', () => {
    // Regular spiking, intrinsically bursting, chattering, fast spiking, low-threshold spiking (Izhikevich 2003, Fig. 2).
    const sets = [
      { a: 0.02, b: 0.2, c: -65, d: 8 },
      { a: 0.02, b: 0.2, c: -55, d: 4 },
      { a: 0.02, b: 0.2, c: -50, d: 2 },
      { a: 0.1, b: 0.2, c: -65, d: 2 },
      { a: 0.02, b: 0.25, c: -65, d: 2 },
    ];
    const column = (name: 'a' | 'b' | 'c' | 'd') => Float64Array.from(sets, (s) => s[name]);
    const population = createPopulation(izhikevich, sets.length, { method: 'rk4', dt: 0.01, params: { a: column('a'), b: column('b'), c: column('c'), d: column('d'), k0: 140 } });
    run(population, 200, 10);
    sets.forEach((set, k) => {
      const reference = simulate({ model: izhikevich, method: 'rk4', dt: 0.01, stimulus: 10, duration: 200, params: { ...set, k0: 140 } });
      expect(reference.spikes.length).toBeGreaterThan(2);
      expect(spikesOf(population, k)).toEqual(Array.from(reference.spikes));
      expect(population.v[k]).toBe(reference.traces['v']!.at(-1));
    });
  });

  it('LIF: per-neuron tauM, tRef, initial potential and input, each equal to its own single-neuron run', () => {
    const tauM = Float64Array.of(5, 10, 20);
    const tRef = Float64Array.of(0, 2, 4.05);
    const initial = Float64Array.of(-65, -60, -52);
    const input = Float64Array.of(2, 2.5, 4);
    const population = createPopulation(lif, 3, { method: 'exact', dt: 0.1, params: { tauM, tRef }, initial: { u: initial } });
    run(population, 150, input);
    for (let k = 0; k < 3; k++) {
      const reference = simulate({ model: lif, method: 'exact', dt: 0.1, stimulus: input[k]!, duration: 150, params: { tauM: tauM[k]!, tRef: tRef[k]! }, initial: { u: initial[k]! } });
      expect(spikesOf(population, k)).toEqual(Array.from(reference.spikes));
    }
  });

  it('setParam changes a parameter from the next step, checked like the spec', () => {
    // Neuron 1 switched to tauM = 20 ms at t = 0 must then match a single run with tauM = 20 from the start.
    const population = createPopulation(lif, 2, { method: 'exact', dt: 0.1 });
    population.setParam('tauM', Float64Array.of(10, 20));
    run(population, 100, 2);
    const reference = simulate({ model: lif, method: 'exact', dt: 0.1, stimulus: 2, duration: 100, params: { tauM: 20 } });
    expect(spikesOf(population, 1)).toEqual(Array.from(reference.spikes));
    expect(() => population.setParam('uReset', -40)).toThrow(/Neuron 0/);
    expect(population.params.uReset).toBe(-70);
  });

  it('rejects a value outside the registry for one neuron, naming the neuron', () => {
    expect(() => createPopulation(lif, 3, { params: { tauM: Float64Array.of(10, 0.1, 10) } })).toThrow(/Neuron 1: tauM/);
    expect(() => createPopulation(lif, 3, { params: { tauM: Float64Array.of(10, 10) } })).toThrow(SpecError);
    // The reset must lie below threshold, checked neuron by neuron.
    expect(() => createPopulation(lif, 2, { params: { uReset: Float64Array.of(-70, -45) } })).toThrow(/Neuron 1/);
  });
});

describe('noise', () => {
  const far = { theta: -20 };

  it('is seeded: the same seed gives the same trajectories, another seed others', () => {
    const make = (seed: number) => {
      const population = createPopulation(lif, 50, { method: 'exact', dt: 0.1, seed, noise: { mean: 1.4, sigma: 1 } });
      run(population, 100);
      return Array.from(population.v);
    };
    expect(make(7)).toEqual(make(7));
    expect(make(7)).not.toEqual(make(8));
  });

  // The free LIF under white noise of intensity sigma is an Ornstein–Uhlenbeck process with stationary mean
  // uRest + R mean and variance R² sigma² / (2 tauM) (Neuronal Dynamics, Sec. 8.2). The exact update with the
  // current held over each step has the variance R² sigma² tanh(dt / 2 tauM) / dt: within 2e-5 (dt 0.1) and
  // 2e-4 (dt 0.5) of the continuous value, so the bound below is set by sampling alone. 2000 neurons × 20
  // samples 10 ms apart (correlation e^-1 between neighbours) give about 2·10⁴ independent samples, a relative
  // standard error of the variance of about 1 %; the bound, 4 %, is four of those.
  it.each([0.1, 0.5])('a free LIF has the Ornstein–Uhlenbeck variance R² σ² / (2 τm) at dt = %s ms', (dt) => {
    const n = 2000;
    const sigma = 1;
    const mean = 0.5;
    const population = createPopulation(lif, n, { method: 'exact', dt, seed: 3, params: far, noise: { mean, sigma } });
    run(population, 50); // 5 τm: the start (at rest, the mean minus R mean) has relaxed to within e^-5 of R mean.
    let sum = 0;
    let sumSquares = 0;
    let count = 0;
    for (let sample = 0; sample < 20; sample++) {
      run(population, 10);
      for (let k = 0; k < n; k++) {
        const u = population.v[k]!;
        sum += u;
        sumSquares += u * u;
        count++;
      }
    }
    const { R, tauM, uRest } = { R: 10, tauM: 10, uRest: -65 };
    const average = sum / count;
    const variance = sumSquares / count - average * average;
    const predicted = (R * R * sigma * sigma) / (2 * tauM);
    expect(population.spikes!.count).toBe(0);
    expect(Math.abs(variance / predicted - 1)).toBeLessThan(0.04);
    // The mean's standard error is √(5 / 2·10⁴) ≈ 0.016 mV; 0.07 mV is four of them (plus e^-5 R mean ≈ 0.03 mV of start).
    expect(Math.abs(average - (uRest + R * mean))).toBeLessThan(0.07 + 5 * exp(-5));
  });

  it('a per-neuron sigma of 0 leaves that neuron noiseless', () => {
    const population = createPopulation(lif, 2, { method: 'exact', dt: 0.1, seed: 1, params: far, noise: { sigma: Float64Array.of(1, 0) } });
    run(population, 20);
    expect(population.v[0]).not.toBe(-65);
    expect(population.v[1]).toBe(-65);
  });
});

describe('networks', () => {
  // Neuron 0 fires (3 nA, twice the rheobase); neuron 1 is at rest with no input, where the exact update keeps
  // it at uRest to the bit, so the arriving jump w = 2 mV shows exactly.
  describe.each([
    ['a projection delay of 1.5 ms', 1.5, undefined],
    ['a projection delay of 0', 0, undefined],
    ['per-synapse delays of 15 steps', undefined, Uint16Array.of(15)],
  ])('a delta synapse with %s', (_label, delay, own) => {
    it('makes the target jump by w exactly d steps after the end of the step that spiked', () => {
      const cells = createPopulation(lif, 2, { method: 'exact', dt: 0.1 });
      const connectivity = fromTriples(2, 2, Int32Array.of(0), Int32Array.of(1), [2], own);
      const network = createNetwork({
        populations: { cells },
        projections: [{ from: 'cells', to: 'cells', connectivity, synapse: { kind: 'current-delta' }, ...(delay !== undefined ? { delay } : {}) }],
      });
      const d = own ? own[0]! : Math.round(delay! / 0.1);
      const input = Float64Array.of(3, 0);
      let spikeStep = -1;
      let spikeTime = Number.NaN;
      while (spikeStep < 0) {
        network.step({ cells: input });
        if (cells.spikeCount > 0) {
          spikeStep = network.steps - 1;
          spikeTime = cells.spikeTimes[0]!;
        } else {
          expect(cells.v[1]).toBe(-65);
        }
      }
      // Steps spikeStep + 1 … spikeStep + d − 1 leave it at rest; the end of step spikeStep + d brings the jump.
      if (d > 0) {
        expect(cells.v[1]).toBe(-65);
        while (network.steps < spikeStep + d) {
          network.step({ cells: input });
          expect(cells.v[1]).toBe(-65);
        }
        network.step({ cells: input });
      }
      expect(cells.v[1]).toBe(-65 + 2);
      // The arrival is d to d + 1 steps after the located spike time.
      const latency = network.t - spikeTime;
      expect(latency).toBeGreaterThanOrEqual(d * 0.1 - 1e-12);
      expect(latency).toBeLessThan((d + 1) * 0.1);
    });
  });

  it('a conductance synapse hyperpolarises a cell held above E, depolarises one below, and leaves one at E alone', () => {
    const pre = createPopulation(lif, 1, { method: 'exact', dt: 0.1 });
    // Held at −55, −65 and −75 mV by 1, 0 and −1 nA from their steady state (exact: they stay there to the bit).
    const held = Float64Array.of(-55, -65, -75);
    const post = createPopulation(lif, 3, { method: 'exact', dt: 0.1, initial: { u: held } });
    const network = createNetwork({
      populations: { pre, post },
      projections: [{ from: 'pre', to: 'post', connectivity: fromTriples(1, 3, Int32Array.of(0, 0, 0), Int32Array.of(0, 1, 2), [0.05, 0.05, 0.05]), synapse: { kind: 'conductance-exp', tau: 5, E: -65 }, delay: 1 }],
    });
    const input = { pre: 3, post: Float64Array.of(1, 0, -1) };
    const lowest = Float64Array.from(held);
    const highest = Float64Array.from(held);
    let arrived = false;
    for (let j = 0; j < 300; j++) {
      network.step(input);
      arrived ||= pre.spikes!.count > 0 && network.t >= pre.spikes!.t[0]! + 1;
      for (let k = 0; k < 3; k++) {
        if (!arrived) expect(post.v[k]).toBe(held[k]);
        lowest[k] = Math.min(lowest[k]!, post.v[k]!);
        highest[k] = Math.max(highest[k]!, post.v[k]!);
      }
    }
    expect(arrived).toBe(true);
    // A PSP of g (E − v) ≈ 0.05 µS · 10 mV = 0.5 nA for ~5 ms moves v by about 1 mV; 0.1 mV is a clear sign.
    expect(lowest[0]).toBeLessThan(-55 - 0.1);
    expect(highest[0]).toBe(-55);
    expect(lowest[1]).toBe(-65);
    expect(highest[1]).toBe(-65);
    expect(highest[2]).toBeGreaterThan(-75 + 0.1);
    expect(lowest[2]).toBe(-75);
  });

  /** Brunel-style E/I network of 400 LIF neurons, delta synapses, p = 0.1, noisy drive just below rheobase. */
  function brunel(seed: number) {
    const random = createRandom(seed);
    const noise = { mean: 1.4, sigma: 0.8 };
    const E = createPopulation(lif, 320, { method: 'exact', dt: 0.1, seed: seed + 1, noise });
    const I = createPopulation(lif, 80, { method: 'exact', dt: 0.1, seed: seed + 2, noise });
    const excitatory = (_: unknown) => 0.2;
    const inhibitory = (_: unknown) => -1;
    const synapse = { kind: 'current-delta' } as const;
    const network = createNetwork({
      populations: { E, I },
      projections: [
        { from: 'E', to: 'E', connectivity: fixedProbability(320, 320, 0.1, excitatory, random), synapse, delay: 1.5 },
        { from: 'E', to: 'I', connectivity: fixedProbability(320, 80, 0.1, excitatory, random), synapse, delay: 1.5 },
        { from: 'I', to: 'E', connectivity: fixedProbability(80, 320, 0.1, inhibitory, random), synapse, delay: 1.5 },
        { from: 'I', to: 'I', connectivity: fixedProbability(80, 80, 0.1, inhibitory, random), synapse, delay: 1.5 },
      ],
    });
    for (let j = 0; j < 5000; j++) network.step();
    return { E, I, network };
  }

  it('a seeded E/I network of 400 LIF neurons is reproducible and fires at finite rates', () => {
    const first = brunel(11);
    const again = brunel(11);
    const other = brunel(12);
    for (const name of ['E', 'I'] as const) {
      const a = first[name].spikes!;
      const b = again[name].spikes!;
      expect(b.count).toBe(a.count);
      expect(Array.from(b.t.subarray(0, b.count))).toEqual(Array.from(a.t.subarray(0, a.count)));
      expect(Array.from(b.i.subarray(0, b.count))).toEqual(Array.from(a.i.subarray(0, a.count)));
      expect(first[name].divergence).toBeUndefined();
      // Rate per neuron over 500 ms, in Hz: asynchronous irregular firing of a few Hz to tens of Hz.
      const rate = a.count / first[name].n / 0.5;
      expect(rate).toBeGreaterThan(0.5);
      expect(rate).toBeLessThan(100);
    }
    expect(first.network.t).toBeCloseTo(500, 9);
    expect(Array.from(other.E.spikes!.t.subarray(0, 50))).not.toEqual(Array.from(first.E.spikes!.t.subarray(0, 50)));
  });

  it('rejects mismatched sizes, unknown populations and delays off the grid', () => {
    const a = createPopulation(lif, 2, { dt: 0.1 });
    const b = createPopulation(lif, 3, { dt: 0.1 });
    const c = createPopulation(lif, 2, { dt: 0.2 });
    const connectivity = fromTriples(2, 2, Int32Array.of(0), Int32Array.of(1), [1]);
    const synapse = { kind: 'current-delta' } as const;
    expect(() => createNetwork({ populations: { a, b }, projections: [{ from: 'a', to: 'b', connectivity, synapse }] })).toThrow(/2 × 2/);
    expect(() => createNetwork({ populations: { a }, projections: [{ from: 'a', to: 'x', connectivity, synapse }] })).toThrow(/not in the network/);
    expect(() => createNetwork({ populations: { a }, projections: [{ from: 'a', to: 'a', connectivity, synapse, delay: 0.15 }] })).toThrow(/whole number of steps/);
    expect(() => createNetwork({ populations: { a, c }, projections: [] })).toThrow(/one dt/);
    expect(() => createNetwork({ populations: { a }, projections: [{ from: 'a', to: 'a', connectivity, synapse: { kind: 'conductance-exp', tau: 5, E: Number.NaN } }] })).toThrow(/reversal/);
  });
});
