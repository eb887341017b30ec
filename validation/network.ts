/**
 * Izhikevich's net.m (1000 neurons, 1 s) against test/reference/izh2003_network.json, a NumPy
 * re-implementation over 10 seeds. The random streams differ, so rates and spectra are compared as seed
 * statistics with the README's tolerances, as in test/unit/network.test.ts. All entries share one 10-seed run.
 */
import { binnedCounts, powerSpectrum, spectralPeak } from '../engine/network/analysis.ts';
import { runIzhikevich2003 } from '../engine/network/izhikevich-2003.ts';
import { networkReference } from './reference.ts';
import { once, type Comparison } from './types.ts';

const model = 'Izhikevich network (net.m)';
const lesson = '12-populations';
const SEEDS = 10;

const runs = once(() => {
  const meanPsd = new Float64Array(101);
  const rates: { exc: number; inh: number }[] = [];
  for (let seed = 0; seed < SEEDS; seed++) {
    const run = runIzhikevich2003({ seed }, 1000);
    rates.push({ exc: run.rates.exc, inh: run.rates.inh });
    const spectrum = powerSpectrum(binnedCounts(run.spikes, 1000, 1), 1, 100);
    for (let k = 0; k <= 100; k++) meanPsd[k]! += spectrum.power[k]! / SEEDS;
  }
  const mean = (key: 'exc' | 'inh') => rates.reduce((sum, r) => sum + r[key], 0) / SEEDS;
  return { rates, exc: mean('exc'), inh: mean('inh'), psd: { frequency: Float64Array.from(networkReference().results.population_psd.freq_hz), power: meanPsd } };
});

const rates = { file: 'izh2003_network.json', what: 'mean rates over 10 seeds: excitatory 7.58 Hz, inhibitory 7.23 Hz' };
const spectrum = { file: 'izh2003_network.json', what: 'population power spectrum (1 ms bins), per-seed peaks alpha 7–10 Hz, gamma 29–39 Hz' };
/** Summed mean PSD over 5–12 Hz. */
const alphaPower = (power: ArrayLike<number>) => Array.from({ length: 8 }, (_, k) => power[5 + k]!).reduce((s, p) => s + p, 0);

export const networkComparisons: Comparison[] = [
  {
    id: 'network-mean-rates',
    model,
    lesson,
    reference: rates,
    quantity: 'excitatory and inhibitory rates, mean of 10 seeds, published numerics',
    metric: 'max |Δrate|',
    unit: 'Hz',
    tolerance: 0.3,
    why: 'The seed spread of a rate is about 0.2 Hz, so a 10-seed mean scatters by about 0.07 Hz; the README accepts ±0.3 Hz.',
    measure: () => Math.max(Math.abs(runs().exc - networkReference().results.rate_exc_hz.mean), Math.abs(runs().inh - networkReference().results.rate_inh_hz.mean)),
  },
  {
    id: 'network-single-run-rates',
    model,
    lesson,
    reference: rates,
    quantity: 'excitatory and inhibitory rates of each of the 10 runs',
    metric: 'max |Δrate| of a single run from the reference mean',
    unit: 'Hz',
    tolerance: 0.7,
    why: 'About three seed standard deviations (0.21 Hz excitatory, 0.17 Hz inhibitory): the README’s bound for a single run.',
    measure: () => {
      const { rate_exc_hz: exc, rate_inh_hz: inh } = networkReference().results;
      return Math.max(...runs().rates.map((r) => Math.max(Math.abs(r.exc - exc.mean), Math.abs(r.inh - inh.mean))));
    },
  },
  {
    id: 'network-alpha-peak',
    model,
    lesson,
    reference: spectrum,
    quantity: 'frequency of the largest peak of the 10-seed mean spectrum (2–100 Hz)',
    metric: '|peak − 8.5 Hz|, the distance from the alpha band’s centre',
    unit: 'Hz',
    tolerance: 1.5,
    why: 'The reference’s per-seed alpha peaks span 7–10 Hz, so a peak anywhere in that band agrees.',
    measure: () => Math.abs(spectralPeak(runs().psd, 2, 100) - 8.5),
  },
  {
    id: 'network-gamma-peak',
    model,
    lesson,
    reference: spectrum,
    quantity: 'frequency of the largest peak of the mean spectrum within 25–60 Hz',
    metric: '|peak − 34 Hz|, the distance from the gamma band’s centre',
    unit: 'Hz',
    tolerance: 5,
    why: 'The reference’s per-seed gamma peaks span 29–39 Hz, so a peak anywhere in that band agrees.',
    measure: () => Math.abs(spectralPeak(runs().psd, 25, 60) - 34),
  },
  {
    id: 'network-alpha-power',
    model,
    lesson,
    reference: { file: 'izh2003_network.json', what: 'mean population power spectrum, summed over 5–12 Hz' },
    quantity: 'the same sum for our 10-seed mean spectrum',
    metric: '|ratio − 1|',
    unit: '1',
    tolerance: 0.25,
    why: 'Each seed’s spectrum is a noisy periodogram whose 5–12 Hz sum varies by about 30 % between seeds; a 10-seed mean within 25 % agrees.',
    measure: () => Math.abs(alphaPower(runs().psd.power) / alphaPower(networkReference().results.population_psd.mean_psd_0_100hz) - 1),
  },
];
