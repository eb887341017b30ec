/**
 * Izhikevich's net.m (engine/network/izhikevich-2003.ts) against a plain transcription of net.m (the same
 * draws, a stored weight matrix, one loop in net.m's order) and against the independent reference statistics
 * (test/reference/izh2003_network.json: numpy re-implementation, 10 seeds). The reference cannot share our
 * random stream (nor MATLAB's), so its rates and spectra are compared as seed statistics with the tolerances
 * its README gives: a mean over 10 seeds within ±0.3 Hz, single runs within ±0.7 Hz, spectral peaks in the
 * alpha (7–10 Hz) and gamma (29–39 Hz) bands.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../validation/comparisons.ts';
import { binnedCounts, finiteMean, isiCvByNeuron, neuronRates, populationRate, powerSpectrum, spectralPeak } from '../../engine/network/analysis.ts';
import { fixedInDegree } from '../../engine/network/connectivity.ts';
import {
  createIzhikevich2003,
  proceduralRow,
  rowSeed,
  runIzhikevich2003,
  validateIzhikevich2003,
  type ProceduralAllToAll,
} from '../../engine/network/izhikevich-2003.ts';
import { createRandom } from '../../engine/random/rng.ts';

const reference = JSON.parse(readFileSync(new URL('../reference/izh2003_network.json', import.meta.url), 'utf8')) as {
  results: {
    rate_exc_hz: { mean: number; std: number };
    rate_inh_hz: { mean: number; std: number };
    population_psd: { freq_hz: number[]; mean_psd_0_100hz: number[] };
  };
};

/** net.m written out as plainly as possible, with the matrix stored: the engine's loop must give the same spikes. */
function plainNetM(seed: number, Ne: number, Ni: number, duration: number): { t: number[]; i: number[] } {
  const n = Ne + Ni;
  const random = createRandom(seed);
  const r = new Float64Array(n);
  random.fillUniform(r, 0, n, 1);
  const a = Array.from(r, (ri, k) => (k < Ne ? 0.02 : 0.02 + 0.08 * ri));
  const b = Array.from(r, (ri, k) => (k < Ne ? 0.2 : 0.25 - 0.05 * ri));
  const c = Array.from(r, (ri, k) => (k < Ne ? -65 + 15 * ri * ri : -65));
  const d = Array.from(r, (ri, k) => (k < Ne ? 8 - 6 * ri * ri : 2));
  const net = { kind: 'procedural', n, Ne, seed, excitatory: 0.5 * (1000 / n), inhibitory: -(1000 / n) } as const satisfies ProceduralAllToAll;
  const S = Array.from({ length: n }, (_, pre) => proceduralRow(net, pre));
  const v = new Array<number>(n).fill(-65);
  const u = v.map((vk, k) => b[k]! * vk);
  const noise = new Float64Array(n * 25);
  const fired: { t: number[]; i: number[] } = { t: [], i: [] };
  for (let t = 1; t <= duration; t++) {
    if ((t - 1) % 25 === 0) random.fillNormal(noise, 0, noise.length, 1);
    const offset = ((t - 1) % 25) * n;
    const I = Array.from({ length: n }, (_, k) => (k < Ne ? 5 : 2) * noise[offset + k]!);
    const now: number[] = [];
    for (let k = 0; k < n; k++) {
      if (v[k]! >= 30) {
        now.push(k);
        fired.t.push(t);
        fired.i.push(k);
        v[k] = c[k]!;
        u[k]! += d[k]!;
      }
    }
    const synaptic = new Array<number>(n).fill(0);
    for (const pre of now) for (let k = 0; k < n; k++) synaptic[k]! += S[pre]![k]!;
    for (let k = 0; k < n; k++) {
      const input = I[k]! + synaptic[k]!;
      v[k]! += 0.5 * (0.04 * v[k]! * v[k]! + 5 * v[k]! + 140 - u[k]! + input);
      v[k]! += 0.5 * (0.04 * v[k]! * v[k]! + 5 * v[k]! + 140 - u[k]! + input);
      u[k]! += a[k]! * (b[k]! * v[k]! - u[k]!);
    }
  }
  return fired;
}

describe('net.m, published numerics', () => {
  it('is net.m step for step: the same spikes as a plain transcription with a stored matrix (200 neurons, 300 ms)', () => {
    const plain = plainNetM(5, 160, 40, 300);
    const run = runIzhikevich2003({ seed: 5, params: { Ne: 160, Ni: 40 } }, 300);
    expect(plain.t.length).toBeGreaterThan(100);
    expect(Array.from(run.spikes.t.subarray(0, run.spikes.count))).toEqual(plain.t);
    expect(Array.from(run.spikes.i.subarray(0, run.spikes.count))).toEqual(plain.i);
  });

  it('draws each neuron’s parameters as net.m does (r uniform; c = −65 + 15 r², d = 8 − 6 r² for excitatory cells)', () => {
    const net = createIzhikevich2003({ seed: 3 });
    for (let k = 0; k < 800; k++) {
      const r2 = (net.c[k]! + 65) / 15;
      expect(net.a[k]).toBe(0.02);
      expect(net.b[k]).toBe(0.2);
      expect(net.d[k]).toBeCloseTo(8 - 6 * r2, 12);
    }
    for (let k = 800; k < 1000; k++) {
      const r = (net.a[k]! - 0.02) / 0.08;
      expect(net.b[k]).toBeCloseTo(0.25 - 0.05 * r, 12);
      expect(net.c[k]).toBe(-65);
      expect(net.d[k]).toBe(2);
    }
  });

  it('draws weights uniform on [0, 0.5) from excitatory and (−1, 0] from inhibitory neurons (1000 × 1000 draws)', () => {
    const net = createIzhikevich2003({ seed: 4 });
    if (net.connectivity.kind !== 'procedural') throw new Error('net.m is all-to-all');
    let sumE = 0;
    let sumI = 0;
    let minE = Infinity;
    let maxE = -Infinity;
    for (let pre = 0; pre < 1000; pre++) {
      const row = proceduralRow(net.connectivity, pre);
      for (const w of row) {
        if (pre < 800) {
          sumE += w;
          minE = Math.min(minE, w);
          maxE = Math.max(maxE, w);
        } else sumI += w;
      }
    }
    // Means of 800,000 and 200,000 uniforms: standard errors 0.00016 and 0.00065; 5 SE.
    expect(sumE / 800_000).toBeCloseTo(0.25, 3);
    expect(Math.abs(sumI / 200_000 + 0.5)).toBeLessThan(0.0033);
    expect(minE).toBeGreaterThanOrEqual(0);
    expect(maxE).toBeLessThan(0.5);
  });

  it('gives rows of different seeds and neighbouring rows unrelated streams', () => {
    const net = (seed: number) => ({ kind: 'procedural', n: 1000, Ne: 800, seed, excitatory: 0.5, inhibitory: -1 }) as const;
    const correlation = (x: Float64Array, y: Float64Array): number => {
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const my = y.reduce((s, v) => s + v, 0) / y.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let k = 0; k < x.length; k++) {
        sxy += (x[k]! - mx) * (y[k]! - my);
        sxx += (x[k]! - mx) ** 2;
        syy += (y[k]! - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    // |correlation| of 1000 independent pairs exceeds 0.13 with probability below 1e-4.
    expect(Math.abs(correlation(proceduralRow(net(1), 0), proceduralRow(net(1), 1)))).toBeLessThan(0.13);
    expect(Math.abs(correlation(proceduralRow(net(1), 0), proceduralRow(net(2), 0)))).toBeLessThan(0.13);
    expect(new Set(Array.from({ length: 10_000 }, (_, pre) => rowSeed(7, pre))).size).toBe(10_000);
  });

  it('matches the reference rates and rhythms over 10 seeds (README: mean ±0.3 Hz, runs ±0.7 Hz, alpha 7–10 Hz, gamma 29–39 Hz)', () => {
    const meanPsd = new Float64Array(101);
    let exc = 0;
    let inh = 0;
    for (let seed = 0; seed < 10; seed++) {
      const run = runIzhikevich2003({ seed }, 1000);
      expect(Math.abs(run.rates.exc - reference.results.rate_exc_hz.mean)).toBeLessThan(0.7);
      expect(Math.abs(run.rates.inh - reference.results.rate_inh_hz.mean)).toBeLessThan(0.7);
      exc += run.rates.exc / 10;
      inh += run.rates.inh / 10;
      const spectrum = powerSpectrum(binnedCounts(run.spikes, 1000, 1), 1, 100);
      for (let k = 0; k <= 100; k++) meanPsd[k]! += spectrum.power[k]! / 10;
    }
    expect(Math.abs(exc - reference.results.rate_exc_hz.mean)).toBeLessThan(tolerance('network-mean-rates'));
    expect(Math.abs(inh - reference.results.rate_inh_hz.mean)).toBeLessThan(tolerance('network-mean-rates'));
    const mean = { frequency: Float64Array.from(reference.results.population_psd.freq_hz), power: meanPsd };
    expect(spectralPeak(mean, 2, 100)).toBeGreaterThanOrEqual(7);
    expect(spectralPeak(mean, 2, 100)).toBeLessThanOrEqual(10);
    expect(spectralPeak(mean, 25, 60)).toBeGreaterThanOrEqual(29);
    expect(spectralPeak(mean, 25, 60)).toBeLessThanOrEqual(39);
    // The alpha band carries the same power as the reference's: the 10-seed mean PSD summed over 5–12 Hz
    // within 25 % (each seed's PSD is a noisy periodogram; the seed-to-seed spread of that sum is about 30 %).
    const band = (power: ArrayLike<number>) => Array.from({ length: 8 }, (_, k) => power[5 + k]!).reduce((s, p) => s + p, 0);
    expect(band(meanPsd) / band(reference.results.population_psd.mean_psd_0_100hz)).toBeGreaterThan(0.75);
    expect(band(meanPsd) / band(reference.results.population_psd.mean_psd_0_100hz)).toBeLessThan(1.25);
  });

  it('is reproducible: the same seed gives the same spikes, another seed others', () => {
    const one = runIzhikevich2003({ seed: 11 }, 200).spikes;
    const again = runIzhikevich2003({ seed: 11 }, 200).spikes;
    const other = runIzhikevich2003({ seed: 12 }, 200).spikes;
    expect(Array.from(again.t.subarray(0, again.count))).toEqual(Array.from(one.t.subarray(0, one.count)));
    expect(Array.from(again.i.subarray(0, again.count))).toEqual(Array.from(one.i.subarray(0, one.count)));
    expect(Array.from(other.i.subarray(0, 50))).not.toEqual(Array.from(one.i.subarray(0, 50)));
  });

  it('gives the same spikes however the run is cut into calls of advance', () => {
    const whole = createIzhikevich2003({ seed: 2 });
    whole.advance(100);
    const pieces = createIzhikevich2003({ seed: 2 });
    for (const ms of [1, 24, 25, 7, 43]) pieces.advance(ms);
    expect(Array.from(pieces.spikes.i.subarray(0, pieces.spikes.count))).toEqual(Array.from(whole.spikes.i.subarray(0, whole.spikes.count)));
  });

  it('keeps the probe neuron’s voltage, cut at 30 mV, at every step', () => {
    const net = createIzhikevich2003({ seed: 1, probe: 0 });
    net.advance(500);
    expect(net.probeCount).toBe(500);
    const v = Array.from(net.probeV.subarray(0, 500));
    expect(Math.max(...v)).toBe(30);
    expect(Math.min(...v)).toBeGreaterThan(-90);
    const spikesOf0 = Array.from(net.spikes.i.subarray(0, net.spikes.count)).filter((i) => i === 0).length;
    // A spike labelled t is the 30 mV sample of step t − 1, so peaks and spikes pair up (except a last-step peak).
    const peaks = v.filter((x) => x === 30).length;
    expect(peaks - spikesOf0).toBeGreaterThanOrEqual(0);
    expect(peaks - spikesOf0).toBeLessThanOrEqual(1);
  });
});

describe('net.m with accurate numerics', () => {
  const rates = (method: 'euler' | 'rk4', dt: number) => {
    let exc = 0;
    let inh = 0;
    for (let seed = 0; seed < 3; seed++) {
      const run = runIzhikevich2003({ seed, method, params: { dt } }, 1000);
      exc += run.rates.exc / 3;
      inh += run.rates.inh / 3;
    }
    return { exc, inh };
  };

  it('converges: Euler and RK4 at 0.1 ms and RK4 at 0.05 ms agree within seed noise, above the published numerics', () => {
    const rk4 = rates('rk4', 0.05);
    const rk4Coarse = rates('rk4', 0.1);
    const euler = rates('euler', 0.1);
    // Three seeds: the mean rate's seed spread is about 0.2 / √3 ≈ 0.12 Hz; 0.4 Hz is three times that.
    for (const other of [rk4Coarse, euler]) {
      expect(Math.abs(other.exc - rk4.exc)).toBeLessThan(0.4);
      expect(Math.abs(other.inh - rk4.inh)).toBeLessThan(0.4);
    }
    // The 1 ms half-steps of net.m lower the rates by about 10 % (measured: 8.4 / 9.0 Hz against 7.6 / 7.3 Hz).
    expect(rk4.exc).toBeGreaterThan(reference.results.rate_exc_hz.mean + 0.4);
    expect(rk4.inh).toBeGreaterThan(reference.results.rate_inh_hz.mean + 0.8);
  });
});

describe('net.m scaled up', () => {
  it('keeps its rates when N grows with weights × 1000/N (all-to-all, 2000 neurons)', () => {
    const run = runIzhikevich2003({ seed: 1, params: { Ne: 1600, Ni: 400 } }, 1000);
    // Measured 7.55 / 6.8 Hz; the seed spread of net.m's rates is 0.2 Hz, and the larger network's mean field
    // is the same, so 0.7 Hz (a single run's tolerance) bounds it.
    expect(Math.abs(run.rates.exc - reference.results.rate_exc_hz.mean)).toBeLessThan(0.7);
    expect(Math.abs(run.rates.inh - reference.results.rate_inh_hz.mean)).toBeLessThan(0.7);
  });

  it('keeps its rates with 1000 random inputs per neuron among 4000 (fixed in-degree, net.m’s E:I proportion)', () => {
    const run = runIzhikevich2003({ seed: 1, connectivity: 'fixed-indegree', params: { Ne: 3200, Ni: 800, inDegree: 1000 } }, 1000);
    expect(run.network.inputs).toBe(1000);
    expect(Math.abs(run.rates.exc - reference.results.rate_exc_hz.mean)).toBeLessThan(0.7);
    expect(Math.abs(run.rates.inh - reference.results.rate_inh_hz.mean)).toBeLessThan(0.7);
  });
});

describe('validation', () => {
  it.each([
    [{ seed: 1, params: { Ne: 0, Ni: 0 } }, 'at least one neuron'],
    [{ seed: 1, params: { Ne: 9000 } }, 'outside the allowed range'],
    [{ seed: 1, params: { dt: 0.3 } }, 'must divide 1 ms'],
    [{ seed: 1, params: { dt: 0.5 } }, 'published numerics run at dt = 1'],
    [{ seed: 1.5 }, 'seed'],
    [{ seed: 1, probe: 1000 }, 'probe'],
    [{ seed: 1, params: { Ne: 100.5 } }, 'whole numbers'],
    [{ seed: 1, connectivity: 'fixed-indegree', params: { Ne: 400, Ni: 100, inDegree: 1000 } }, 'exceeds the number of neurons'],
  ] as const)('%j → %s', (spec, message) => {
    const problems = validateIzhikevich2003(spec as never);
    expect(problems.map((p) => p.message).join(' ')).toContain(message);
    expect(() => createIzhikevich2003(spec as never)).toThrow(RangeError);
  });
});

describe('fixed in-degree connectivity', () => {
  it('gives every target exactly k distinct partners per group, from the group’s range, reproducibly', () => {
    const build = () =>
      fixedInDegree(
        300,
        200,
        [
          { from: 0, to: 240, k: 40, weight: (rng) => rng.uniform() },
          { from: 240, to: 300, k: 10, weight: () => -1 },
        ],
        createRandom(9),
      );
    const c = build();
    const partners = Array.from({ length: 200 }, () => [] as number[]);
    for (let pre = 0; pre < 300; pre++) for (let s = c.rowStart[pre]!; s < c.rowStart[pre + 1]!; s++) partners[c.target[s]!]!.push(pre);
    for (const list of partners) {
      expect(new Set(list).size).toBe(50);
      expect(list.filter((p) => p < 240)).toHaveLength(40);
      expect(list.filter((p) => p >= 240)).toHaveLength(10);
    }
    // Targets within a row come out ascending (placement runs target by target): better memory locality.
    for (let pre = 0; pre < 300; pre++) for (let s = c.rowStart[pre]! + 1; s < c.rowStart[pre + 1]!; s++) expect(c.target[s]!).toBeGreaterThan(c.target[s - 1]!);
    expect(Array.from(build().target)).toEqual(Array.from(c.target));
  });
});

describe('population statistics', () => {
  const spikes = (t: number[], i: number[]) => ({ t, i, count: t.length });

  it('bins right-closed, as net.m labels its steps', () => {
    expect(Array.from(binnedCounts(spikes([1, 1, 2, 2.5, 3], [0, 1, 0, 1, 0]), 3, 1))).toEqual([2, 1, 2]);
    expect(Array.from(populationRate(spikes([1, 1, 2], [0, 1, 0]), 2, 2, 1))).toEqual([1000, 500]);
  });

  it('finds a sinusoid’s frequency, and its power obeys Parseval’s theorem within the window’s leakage', () => {
    const series = Array.from({ length: 1000 }, (_, j) => Math.sin((2 * Math.PI * 32 * j) / 1000));
    const spectrum = powerSpectrum(series, 1, 100);
    expect(spectralPeak(spectrum, 2, 100)).toBe(32);
    // One-sided: a unit sinusoid has variance 1/2, spread over ±f; the Hann window's main lobe holds it in
    // three bins of 1 Hz, summing (both sides) to the variance within 1 %.
    const lobe = spectrum.power[31]! + spectrum.power[32]! + spectrum.power[33]!;
    expect(2 * lobe).toBeCloseTo(0.5, 2);
  });

  it('gives CV 0 for a regular train and about 1 for a Poisson train', () => {
    const regular = spikes([10, 20, 30, 40], [0, 0, 0, 0]);
    expect(isiCvByNeuron(regular, 1)[0]).toBeCloseTo(0, 12);
    const random = createRandom(3);
    const t: number[] = [];
    let time = 0;
    for (let k = 0; k < 20_000; k++) {
      time += -Math.log(1 - random.uniform()) * 10;
      t.push(time);
    }
    // 20,000 exponential intervals: the CV's standard error is about 0.007.
    expect(isiCvByNeuron(spikes(t, t.map(() => 0)), 1)[0]).toBeCloseTo(1, 1);
    expect(Number.isNaN(isiCvByNeuron(spikes([5, 9], [0, 0]), 1)[0])).toBe(true);
    expect(finiteMean([1, Number.NaN, 3])).toBe(2);
    expect(Array.from(neuronRates(spikes([1, 2, 3], [0, 0, 1]), 2, 1000))).toEqual([2, 1]);
  });
});
