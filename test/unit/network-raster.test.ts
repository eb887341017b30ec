/**
 * The network raster's pure parts (widgets/network-raster/state.ts and render.ts's painting): props and
 * untrusted state are checked against the engine's registry and validation, the job is the engine's spec,
 * the probe's cell type is the network's own, streamed pieces accumulate into the same spikes and 1 ms
 * counts as the engine's analysis, and the painter puts every spike on the pixel buffer in its colour.
 */
import { describe, expect, it } from 'vitest';
import { binnedCounts } from '../../engine/network/analysis.ts';
import { createIzhikevich2003, izhikevich2003Params } from '../../engine/network/izhikevich-2003.ts';
import { findParam } from '../../engine/params/registry.ts';
import type { NetworkPartial } from '../../engine/worker/network-jobs.ts';
import { packColour, paintSpikes, rasterGeometry } from '../../widgets/network-raster/render.ts';
import {
  appendPartial,
  autoRuns,
  createRunData,
  defaultState,
  initialNetworkState,
  jobFor,
  networkControls,
  networkReadouts,
  networkSummary,
  parseNetworkState,
  populationRates,
  probeInfo,
  progressText,
  withField,
} from '../../widgets/network-raster/state.ts';

describe('props and state', () => {
  it("defaults to net.m: 800 + 200 neurons, 1 s, published numerics, all-to-all, and runs by itself", () => {
    const state = initialNetworkState({}, 'test');
    expect(state).toEqual({ Ne: 800, Ni: 200, duration: 1000, method: 'published', dt: 1, seed: 1, connectivity: 'all-to-all', probe: 0 });
    expect(jobFor(state)).toEqual({ spec: { params: { Ne: 800, Ni: 200, dt: 1 }, seed: 1, method: 'published', connectivity: 'all-to-all', probe: 0 }, duration: 1000 });
    expect(autoRuns(state)).toBe(true);
    // The largest network never starts by itself.
    expect(autoRuns({ ...state, Ne: 8000, Ni: 2000 })).toBe(false);
  });

  it('passes the step to Euler and RK4, and K = 1000 (or all neurons) to the sparse network', () => {
    expect(jobFor({ ...defaultState(), method: 'rk4', dt: 0.1 }).spec.params).toEqual({ Ne: 800, Ni: 200, dt: 0.1 });
    expect(jobFor({ ...defaultState(), connectivity: 'fixed-indegree', Ne: 400, Ni: 100 }).spec.params).toEqual({ Ne: 400, Ni: 100, dt: 1, inDegree: 500 });
    expect(jobFor({ ...defaultState(), connectivity: 'fixed-indegree', Ne: 4000, Ni: 1000 }).spec.params).toMatchObject({ inDegree: 1000 });
  });

  // Each case: a bad state and the words expected back.
  it.each<[string, unknown, RegExp]>([
    ['not an object', 7, /The state must be an object/],
    ['an unknown field', { colour: 'red' }, /Unknown state field "colour"/],
    ['too many excitatory neurons', { Ne: 9000 }, /Ne = 9000 is outside the allowed range 0 to 8000/],
    ['no neurons', { Ne: 0, Ni: 0 }, /at least one neuron/],
    ['a small dt with net.m numerics', { dt: 0.5 }, /published numerics step 1 ms/],
    ['a dt not offered', { method: 'euler', dt: 0.2 }, /dt = 0.2 ms must be one of 1, 0.5, 0.25, 0.1, 0.05 ms/],
    ['an unknown method', { method: 'leapfrog' }, /method must be one of published, euler, rk4/],
    ['a long duration', { duration: 8000 }, /duration = 8000 ms must be a whole number of ms from 100 to 5000/],
    ['a probe outside the network', { probe: 1000 }, /probe must be a neuron index from 0 to 999/],
    ['a fractional seed', { seed: 1.5 }, /seed must be a whole number/],
    ['a text for a number', { Ne: '800' }, /Ne must be a number, got "800"/],
  ])('refuses %s', (_what, input, message) => {
    const parsed = parseNetworkState(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toMatch(message);
  });

  it('fails the build with the place in the lesson', () => {
    expect(() => initialNetworkState({ Ne: 0, Ni: 0 }, 'NetworkRaster "net" in /lessons/12/')).toThrow(/^NetworkRaster "net" in \/lessons\/12\/: .*at least one neuron/);
  });

  it("takes the sliders' ranges from the engine's registry, with units", () => {
    const [ne, ni, duration] = networkControls(defaultState());
    const registryNe = findParam(izhikevich2003Params, 'Ne')!;
    expect(ne!.spec).toMatchObject({ min: registryNe.min, max: registryNe.max, step: registryNe.step, unit: 'neurons', default: 800 });
    expect(ni!.spec).toMatchObject({ min: 0, max: 2000, step: 50, unit: 'neurons', default: 200 });
    expect(duration!.spec).toMatchObject({ min: 100, max: 5000, unit: 'ms' });
  });

  it('keeps the probe inside a network that shrinks', () => {
    expect(withField({ ...defaultState(), probe: 950 }, 'Ni', 100)).toMatchObject({ Ni: 100, probe: 899 });
    expect(withField({ ...defaultState(), probe: 5 }, 'Ni', 100)).toMatchObject({ probe: 5 });
  });
});

describe('the probe neuron', () => {
  it("names the neuron's population and type from its own parameters, in sparse networks too", () => {
    const state = { ...defaultState(), seed: 3 };
    const network = createIzhikevich2003({ seed: 3, connectivity: 'fixed-indegree', params: { inDegree: 100 } }, 1);
    for (const k of [0, 1, 2, 799, 800, 999]) {
      const info = probeInfo({ ...state, probe: k })!;
      expect(info.c).toBe(network.c[k]);
      expect(info.d).toBe(network.d[k]);
      expect(info.a).toBe(network.a[k]);
      expect(info.excitatory).toBe(k < 800);
      if (k < 800) {
        // c = −65 + 15 r², d = 8 − 6 r²: the r read back from c gives d (to rounding, 1e-12).
        expect(8 - 6 * info.r * info.r).toBeCloseTo(info.d, 12);
        expect(info.type).toBe(info.r * info.r < 0.5 ? 'regular spiking' : 'chattering');
      } else expect(info.type).toBe(info.r < 0.5 ? 'low-threshold spiking' : 'fast spiking');
      expect(info.text).toMatch(new RegExp(`^Neuron ${k} is (excitatory|inhibitory), `));
    }
  });
});

describe('the streamed run', () => {
  it('accumulates pieces into the spikes and 1 ms counts of the engine, at linear cost', () => {
    const state = { ...defaultState(), Ne: 200, Ni: 50, duration: 300, probe: 10 };
    const network = createIzhikevich2003(jobFor(state).spec, state.duration);
    const data = createRunData(state);
    let sent = 0;
    let sentProbe = 0;
    for (let ms = 0; ms < state.duration; ms += 37) {
      network.advance(Math.min(37, state.duration - ms));
      const spikes = network.spikes.since(sent);
      sent = network.spikes.count;
      const piece: NetworkPartial = { ms: network.ms, spikesT: spikes.t, spikesI: spikes.i, probeT: network.probeT.slice(sentProbe, network.probeCount), probeV: network.probeV.slice(sentProbe, network.probeCount) };
      sentProbe = network.probeCount;
      appendPartial(data, piece);
    }
    expect(data.ms).toBe(300);
    expect(data.spikeCount).toBe(network.spikes.count);
    expect(data.spikeT.subarray(0, data.spikeCount)).toEqual(network.spikes.t.subarray(0, network.spikes.count));
    expect(data.counts).toEqual(binnedCounts(network.spikes, 300, 1));
    expect(data.probeV.subarray(0, data.probeCount)).toEqual(network.probeV.subarray(0, network.probeCount));
    const rates = populationRates(data);
    // Rate in Hz: count per 1 ms bin × 1000 / N (exact arithmetic on small integers: equal to 1e-12).
    expect(rates.rate[5]).toBeCloseTo((data.counts[5]! * 1000) / 250, 12);
    // The 5 ms mean is centred: bin 10 averages bins 8 to 12.
    expect(rates.smooth[10]).toBeCloseTo((rates.rate[8]! + rates.rate[9]! + rates.rate[10]! + rates.rate[11]! + rates.rate[12]!) / 5, 12);
    const readouts = networkReadouts(data, undefined);
    expect(readouts.get('spikes')!.value).toBe(network.spikes.count);
    expect(readouts.get('alpha')!.text).toBe('…');
  });

  it('words the progress and the summary', () => {
    expect(progressText(340, 1000, 2541, 1.84)).toBe('340 of 1,000 ms · 2,541 spikes · 1.8× real time');
    expect(progressText(0, 1000, 0, undefined)).toBe('0 of 1,000 ms · 0 spikes');
    const state = defaultState();
    expect(networkSummary(state, undefined, undefined, 'idle')).toMatch(/^Spike raster of Izhikevich's network: 800 excitatory and 200 inhibitory neurons, all-to-all, as net.m, published numerics, 1,000 ms, seed 1\. Not run yet/);
    const data = createRunData(state);
    expect(networkSummary(state, data, undefined, 'running')).toMatch(/Running\.$/);
  });
});

describe('painting the raster', () => {
  const exc = packColour(0, 90, 140);
  const inh = packColour(213, 94, 0);

  it('puts every spike on the buffer in its population colour, neuron 0 at the bottom', () => {
    const geometry = rasterGeometry(56 + 14 + 500, 1, 1000);
    expect(geometry).toMatchObject({ width: 500, height: 250, markWidth: 2, markHeight: 1 });
    const pixels = new Uint32Array(geometry.width * geometry.height);
    const t = [1, 500, 1000];
    const i = [0, 799, 999];
    const strip = paintSpikes({ pixels, geometry, duration: 1000, Ne: 800, Ni: 200, excitatory: exc, inhibitory: inh }, t, i, 0, 3);
    expect(strip).toEqual([0, 500]);
    expect(pixels[249 * 500 + 0]).toBe(exc); // neuron 0, t = 1 ms: bottom-left
    expect(pixels[0 * 500 + 498]).toBe(inh); // neuron 999, t = 1000 ms: top-right
    const painted = pixels.reduce((sum, p) => sum + (p !== 0 ? 1 : 0), 0);
    expect(painted).toBe(3 * 2); // three marks of 2 × 1 pixels
  });

  it('paints 100,000 spikes of a 10,000-neuron network as 1-pixel marks, all of them', () => {
    const geometry = rasterGeometry(1000, 2, 10_000);
    expect(geometry).toMatchObject({ markWidth: 1, markHeight: 1 });
    const pixels = new Uint32Array(geometry.width * geometry.height);
    const count = 100_000;
    const t = new Float64Array(count);
    const i = new Int32Array(count);
    // Spikes on distinct pixels: one per (column, row) cell, so the painted pixel count equals the spike count.
    for (let s = 0; s < count; s++) {
      t[s] = 1 + (s % 1000);
      i[s] = Math.floor(s / 1000) * 50;
    }
    paintSpikes({ pixels, geometry, duration: 1000, Ne: 8000, Ni: 2000, excitatory: exc, inhibitory: inh }, t, i, 0, count);
    const columns = new Set<number>();
    for (let s = 0; s < 1000; s++) columns.add(Math.floor((t[s]! - 0.5) * (geometry.width / 1000)));
    const rows = 100;
    expect(pixels.reduce((sum, p) => sum + (p !== 0 ? 1 : 0), 0)).toBe(Math.min(count, columns.size * rows));
  });
});
