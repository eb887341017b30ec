/**
 * The engine as a library: Izhikevich's net.m (1000 neurons, 1 s) with its published numerics, then the
 * population rate's spectrum. Run it with `npx tsx examples/library/net-m.ts [seed]`; it prints one JSON line.
 */
import { populationRate, powerSpectrum, runIzhikevich2003, spectralPeak } from '../../engine/index.ts';

const seed = Number(process.argv[2] ?? 1);
const run = runIzhikevich2003({ seed, method: 'published' }, 1000);
const rate = populationRate(run.spikes, run.Ne + run.Ni, 1000, 1);
const spectrum = powerSpectrum(rate, 1);
console.log(
  JSON.stringify({
    seed,
    spikes: run.spikes.count,
    ratesHz: run.rates,
    gammaPeakHz: spectralPeak(spectrum, 20, 60),
    wallMs: Math.round(run.wallMs),
  }),
);
