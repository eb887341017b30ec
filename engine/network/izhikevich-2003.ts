/**
 * Izhikevich's network of 1000 randomly coupled spiking neurons: net.m of "Simple model of spiking neurons",
 * IEEE TNN 14:1569 (2003), Fig. 3.
 *
 *   800 excitatory neurons:  a = 0.02,            b = 0.2,             c = −65 + 15 r²,  d = 8 − 6 r²
 *   200 inhibitory neurons:  a = 0.02 + 0.08 r,   b = 0.25 − 0.05 r,   c = −65,          d = 2
 *   (r uniform on [0, 1), one per neuron), v = −65, u = b v at the start.
 *   S(post, pre) = 0.5 · rand for an excitatory pre, −rand for an inhibitory one, all-to-all (self included).
 *   Each 1 ms step: thalamic input I = 5 · randn (excitatory) or 2 · randn (inhibitory); neurons with v ≥ 30
 *   fire (recorded at this step's t), v ← c, u ← u + d; I ← I + Σ S(:, fired); v advances by two Euler
 *   half-steps of 0.5 ms with the same u and I; u by one 1 ms step with the new v.
 *
 * `published` is that loop, step for step. `euler` and `rk4` keep the network model — inputs (thalamic noise
 * and the summed synaptic kicks of the spikes of the previous millisecond) piecewise constant over each
 * millisecond, as net.m defines them — and integrate every neuron's (v, u) accurately at a dt that divides
 * 1 ms, with the spike and reset at the step where v reaches 30 mV. Spikes are recorded at the end of that
 * step and delivered during the next millisecond, as in net.m.
 *
 * Scaled up, each neuron receives K inputs: all N (all-to-all, net.m) or a fixed in-degree K drawn at random in
 * net.m's excitatory:inhibitory proportion; weights are scaled by 1000 / K so the summed input a neuron receives
 * keeps net.m's mean and the dynamics keep their character. K = N = 1000 is net.m exactly.
 *
 * All-to-all weights are procedural (GeNN's procedural connectivity, Knight and Nowotny 2021): row pre of S,
 * 0.5 · U or −U, is the stream of uniforms of createRandom(rowSeed(seed, pre)), regenerated each time pre fires
 * instead of stored. They are independent uniform draws, as net.m's rand, but take no memory and no
 * construction time (regenerating a row costs about as much as reading it from memory): on this
 * project's machines the first touch of fresh memory costs about 3 ms per MB (page faults in the VM), so
 * net.m's 8 MB matrix cost 25 ms before the first step, and a 10,000-neuron all-to-all network could not be
 * stored at all. The thalamic noise is a million normal draws per simulated second (the ziggurat in rng.ts).
 */
import type { ParamValues, Registry } from '../params/registry.ts';
import { resolveParams, type ParamProblem } from '../params/registry.ts';
import { createRandom, sfc32State, type RandomSource } from '../random/rng.ts';
import { fixedInDegree, type SparseConnectivity } from './connectivity.ts';
import { SpikeRecord } from './spike-record.ts';

export const netMethods = ['published', 'euler', 'rk4'] as const;
export type NetMethod = (typeof netMethods)[number];

export const izhikevich2003Params = [
  { name: 'Ne', symbol: 'N_E', unit: '', default: 800, min: 0, max: 8000, step: 100, meaning: 'Number of excitatory neurons (regular spiking to chattering)' },
  { name: 'Ni', symbol: 'N_I', unit: '', default: 200, min: 0, max: 2000, step: 50, meaning: 'Number of inhibitory neurons (fast spiking to low-threshold spiking)' },
  { name: 'noiseE', symbol: '\\sigma_E', unit: '', default: 5, min: 0, max: 10, step: 0.1, meaning: 'Standard deviation of the thalamic input to excitatory neurons, redrawn each ms' },
  { name: 'noiseI', symbol: '\\sigma_I', unit: '', default: 2, min: 0, max: 10, step: 0.1, meaning: 'Standard deviation of the thalamic input to inhibitory neurons, redrawn each ms' },
  { name: 'dt', symbol: '\\Delta t', unit: 'ms', default: 1, min: 0.01, max: 1, step: 0.01, meaning: 'Time step (net.m: 1 ms, with v in two half-steps); must divide 1 ms' },
  { name: 'inDegree', symbol: 'K', unit: '', default: 1000, min: 10, max: 2000, step: 10, meaning: 'Inputs per neuron in a sparse network (ignored all-to-all)' },
] as const satisfies Registry;

export type Izhikevich2003Param = (typeof izhikevich2003Params)[number]['name'];

export interface Izhikevich2003Spec {
  /** Parameters that differ from net.m's (see the registry). */
  readonly params?: Readonly<Partial<Record<Izhikevich2003Param, number>>>;
  readonly seed: number;
  readonly method?: NetMethod;
  /** All-to-all (net.m) or a fixed number of random inputs per neuron. */
  readonly connectivity?: 'all-to-all' | 'fixed-indegree';
  /** Neuron whose membrane potential is kept at every step (for plotting), or −1 for none. */
  readonly probe?: number;
}

const V_PEAK = 30;

/** net.m's all-to-all matrix, computed on demand (see the header). */
export interface ProceduralAllToAll {
  readonly kind: 'procedural';
  readonly n: number;
  readonly Ne: number;
  readonly seed: number;
  /** Factors of U for an excitatory and an inhibitory presynaptic neuron: 0.5 · 1000/N and −1000/N. */
  readonly excitatory: number;
  readonly inhibitory: number;
}

export type NetConnectivity = ProceduralAllToAll | SparseConnectivity;

const TWO_TO_32 = 4294967296;

/** The seed of row `pre`'s stream: distinct for every row of a network (pre times an odd constant). */
export function rowSeed(seed: number, pre: number): number {
  return (seed + Math.imul(pre, 0x9e3779b9)) | 0;
}

/** Row `pre` of S: the weights a spike of `pre` adds to the inputs of neurons 0 … N − 1. */
export function proceduralRow(c: ProceduralAllToAll, pre: number): Float64Array {
  const row = new Float64Array(c.n);
  createRandom(rowSeed(c.seed, pre)).fillUniform(row, 0, c.n, pre < c.Ne ? c.excitatory : c.inhibitory);
  return row;
}

/** Problems with a spec, in words; empty when it can run. */
export function validateIzhikevich2003(spec: Izhikevich2003Spec): ParamProblem[] {
  const { values, problems } = resolveParams(izhikevich2003Params, spec.params ?? {});
  if (problems.length > 0) return problems;
  const n = values.Ne + values.Ni;
  if (!Number.isInteger(values.Ne) || !Number.isInteger(values.Ni)) problems.push({ name: 'Ne', message: 'Ne and Ni must be whole numbers.' });
  if (n < 1) problems.push({ name: 'Ne', message: 'The network needs at least one neuron (Ne + Ni ≥ 1).' });
  const method = spec.method ?? 'published';
  if (!netMethods.includes(method)) problems.push({ name: 'method', message: `method must be one of ${netMethods.join(', ')}, got ${JSON.stringify(method)}.` });
  const stepsPerMs = Math.round(1 / values.dt);
  if (Math.abs(stepsPerMs * values.dt - 1) > 1e-9) problems.push({ name: 'dt', message: `dt = ${values.dt} ms must divide 1 ms (1, 0.5, 0.25, 0.2, 0.1, …).` });
  if (method === 'published' && values.dt !== 1) problems.push({ name: 'dt', message: 'The published numerics run at dt = 1 ms (v in two 0.5 ms half-steps); choose euler or rk4 for a smaller dt.' });
  const connectivity = spec.connectivity ?? 'all-to-all';
  if (connectivity !== 'all-to-all' && connectivity !== 'fixed-indegree') problems.push({ name: 'connectivity', message: `connectivity must be "all-to-all" or "fixed-indegree", got ${JSON.stringify(connectivity)}.` });
  if (connectivity === 'fixed-indegree' && values.inDegree > n) problems.push({ name: 'inDegree', message: `inDegree = ${values.inDegree} exceeds the number of neurons (${n}).` });
  if (!Number.isInteger(spec.seed)) problems.push({ name: 'seed', message: `seed must be a whole number, got ${spec.seed}.` });
  const probe = spec.probe ?? -1;
  if (!Number.isInteger(probe) || probe < -1 || probe >= n) problems.push({ name: 'probe', message: `probe must be a neuron index from 0 to ${n - 1} (or −1 for none), got ${probe}.` });
  return problems;
}

/** A running net.m: its heterogeneous parameters, state and connectivity, advanced one millisecond at a time. */
export interface Izhikevich2003 {
  readonly Ne: number;
  readonly Ni: number;
  readonly params: ParamValues<Izhikevich2003Param>;
  readonly method: NetMethod;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  readonly v: Float64Array;
  readonly u: Float64Array;
  readonly connectivity: NetConnectivity;
  /** Synapses each neuron receives; the weights carry the factor 1000 / inputs. */
  readonly inputs: number;
  readonly spikes: SpikeRecord;
  /** The probe's v at the end of every step (cut at 30 mV, where a spike is detected), with `probeT`. */
  readonly probeV: Float64Array;
  readonly probeT: Float64Array;
  probeCount: number;
  /** Whole milliseconds simulated so far. */
  ms: number;
  /** Advances by `ms` milliseconds. */
  advance(ms: number): void;
}

/** Builds net.m (or its scaled or accurate variants); throws a RangeError with the problems if the spec is invalid. */
export function createIzhikevich2003(spec: Izhikevich2003Spec, capacityMs = 1000): Izhikevich2003 {
  const problems = validateIzhikevich2003(spec);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  const params = resolveParams(izhikevich2003Params, spec.params ?? {}).values;
  const { Ne, Ni } = params;
  const n = Ne + Ni;
  const method = spec.method ?? 'published';
  const random = createRandom(spec.seed);

  // net.m's draw order: re, ri, then the weights column by column (S(:, pre) is our row pre).
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  const r = new Float64Array(n);
  random.fillUniform(r, 0, n, 1);
  for (let k = 0; k < Ne; k++) {
    const re2 = r[k]! * r[k]!;
    a[k] = 0.02;
    b[k] = 0.2;
    c[k] = -65 + 15 * re2;
    d[k] = 8 - 6 * re2;
  }
  for (let k = Ne; k < n; k++) {
    a[k] = 0.02 + 0.08 * r[k]!;
    b[k] = 0.25 - 0.05 * r[k]!;
    c[k] = -65;
    d[k] = 2;
  }

  const sparse = (spec.connectivity ?? 'all-to-all') === 'fixed-indegree';
  const inputs = sparse ? params.inDegree : n;
  const scale = 1000 / inputs;
  const connectivity: NetConnectivity = sparse ? sparseInputs(Ne, Ni, params.inDegree, scale, random) : { kind: 'procedural', n, Ne, seed: spec.seed, excitatory: 0.5 * scale, inhibitory: -scale };

  const v = new Float64Array(n).fill(-65);
  const u = new Float64Array(n);
  for (let k = 0; k < n; k++) u[k] = b[k]! * v[k]!;

  const stepsPerMs = method === 'published' ? 1 : Math.round(1 / params.dt);
  const probe = spec.probe ?? -1;
  const network: Izhikevich2003 = {
    Ne,
    Ni,
    params,
    method,
    a,
    b,
    c,
    d,
    v,
    u,
    connectivity,
    inputs,
    spikes: new SpikeRecord(Math.max(4096, Math.round(n * capacityMs * 0.01))),
    probeV: new Float64Array(probe >= 0 ? capacityMs * stepsPerMs : 0),
    probeT: new Float64Array(probe >= 0 ? capacityMs * stepsPerMs : 0),
    probeCount: 0,
    ms: 0,
    advance(ms: number) {
      if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`advance takes a whole number of ms, got ${ms}.`);
      simulateMilliseconds(this, work, ms);
    },
  };
  const noiseSd = new Float64Array(n);
  noiseSd.fill(params.noiseE, 0, Ne);
  noiseSd.fill(params.noiseI, Ne, n);
  const work: Workspace = {
    random,
    stepsPerMs,
    probe,
    noiseSd,
    noise: new Float64Array(n * NOISE_BLOCK_MS),
    noiseMs: NOISE_BLOCK_MS,
    synaptic: new Float64Array(n),
    next: new Float64Array(n),
    fired: new Int32Array(n),
  };
  return network;
}

/** Thalamic noise is drawn for this many milliseconds at once: one long ziggurat loop rather than 1000 short ones. */
const NOISE_BLOCK_MS = 25;

interface Workspace {
  readonly random: RandomSource;
  readonly stepsPerMs: number;
  readonly probe: number;
  readonly noiseSd: Float64Array;
  /** Standard normals for `noiseMs` milliseconds, neuron-major within each millisecond; consumed in order. */
  readonly noise: Float64Array;
  noiseMs: number;
  /** Summed synaptic kicks delivered during the current millisecond. */
  readonly synaptic: Float64Array;
  /** Kicks of the spikes of the current millisecond, delivered during the next (accurate numerics). */
  readonly next: Float64Array;
  readonly fired: Int32Array;
}

/**
 * The whole time loop in one function, so V8 optimises it once, early (on-stack replacement of a long loop),
 * instead of interpreting a per-millisecond closure a thousand times before it warms up.
 */
function simulateMilliseconds(network: Izhikevich2003, work: Workspace, ms: number): void {
  const { Ne, Ni, a, b, c, d, v, u, connectivity, spikes, method } = network;
  const n = Ne + Ni;
  const { random, stepsPerMs, probe, noiseSd, noise, synaptic, next, fired } = work;
  const dt = 1 / stepsPerMs;
  const rk4 = method === 'rk4';
  for (let step = 0; step < ms; step++) {
    if (work.noiseMs === NOISE_BLOCK_MS) {
      random.fillNormal(noise, 0, noise.length, 1);
      work.noiseMs = 0;
    }
    const offset = work.noiseMs * n;
    work.noiseMs++;
    const t0 = network.ms;
    let count = 0;
    if (method === 'published') {
      // net.m: the neurons that reached 30 mV in the previous step fire now, labelled t = t0 + 1.
      for (let k = 0; k < n; k++) {
        if (v[k]! >= V_PEAK) {
          fired[count++] = k;
          spikes.push(t0 + 1, k);
          v[k] = c[k]!;
          u[k]! += d[k]!;
        }
      }
      synaptic.fill(0);
      deliver(connectivity, fired, count, synaptic);
      for (let k = 0; k < n; k++) {
        let vk = v[k]!;
        const uk = u[k]!;
        const ik = noiseSd[k]! * noise[offset + k]! + synaptic[k]!;
        vk += 0.5 * (0.04 * vk * vk + 5 * vk + 140 - uk + ik);
        vk += 0.5 * (0.04 * vk * vk + 5 * vk + 140 - uk + ik);
        v[k] = vk;
        u[k] = uk + a[k]! * (b[k]! * vk - uk);
      }
      if (probe >= 0) keepProbe(network, t0 + 1, v[probe]!);
    } else {
      synaptic.set(next);
      next.fill(0);
      for (let sub = 0; sub < stepsPerMs; sub++) {
        const time = t0 + (sub + 1) * dt;
        count = 0;
        for (let k = 0; k < n; k++) {
          let vk = v[k]!;
          let uk = u[k]!;
          const ak = a[k]!;
          const bk = b[k]!;
          const ik = noiseSd[k]! * noise[offset + k]! + synaptic[k]!;
          if (rk4) {
            const v1 = 0.04 * vk * vk + 5 * vk + 140 - uk + ik;
            const u1 = ak * (bk * vk - uk);
            let vs = vk + 0.5 * dt * v1;
            let us = uk + 0.5 * dt * u1;
            const v2 = 0.04 * vs * vs + 5 * vs + 140 - us + ik;
            const u2 = ak * (bk * vs - us);
            vs = vk + 0.5 * dt * v2;
            us = uk + 0.5 * dt * u2;
            const v3 = 0.04 * vs * vs + 5 * vs + 140 - us + ik;
            const u3 = ak * (bk * vs - us);
            vs = vk + dt * v3;
            us = uk + dt * u3;
            const v4 = 0.04 * vs * vs + 5 * vs + 140 - us + ik;
            const u4 = ak * (bk * vs - us);
            vk += (dt / 6) * (v1 + 2 * v2 + 2 * v3 + v4);
            uk += (dt / 6) * (u1 + 2 * u2 + 2 * u3 + u4);
          } else {
            const dv = 0.04 * vk * vk + 5 * vk + 140 - uk + ik;
            uk += dt * ak * (bk * vk - uk);
            vk += dt * dv;
          }
          if (vk >= V_PEAK) {
            fired[count++] = k;
            spikes.push(time, k);
            // The probe shows the spike's peak at its time; the reset follows within the step.
            if (k === probe) keepProbe(network, time, V_PEAK);
            vk = c[k]!;
            uk += d[k]!;
          }
          v[k] = vk;
          u[k] = uk;
        }
        deliver(connectivity, fired, count, next);
        if (probe >= 0) keepProbe(network, time, v[probe]!);
      }
    }
    network.ms++;
  }
}

const rowState = new Int32Array(4);

/** Adds the weights of the `count` neurons in `fired` onto their targets' input `into`. */
function deliver(connectivity: NetConnectivity, fired: Int32Array, count: number, into: Float64Array): void {
  if (connectivity.kind === 'procedural') {
    const { n, Ne, seed } = connectivity;
    for (let f = 0; f < count; f++) {
      const pre = fired[f]!;
      const unit = (pre < Ne ? connectivity.excitatory : connectivity.inhibitory) / TWO_TO_32;
      sfc32State(rowSeed(seed, pre), rowState);
      let a = rowState[0]!;
      let b = rowState[1]!;
      let c = rowState[2]!;
      let d = rowState[3]!;
      // proceduralRow(connectivity, pre), inlined (rng.ts's sfc32 step): this runs 7.5 million times a second.
      for (let post = 0; post < n; post++) {
        const bits = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + bits) | 0;
        into[post]! += (bits >>> 0) * unit;
      }
    }
  } else {
    const { rowStart, target, weight } = connectivity;
    for (let f = 0; f < count; f++) {
      const end = rowStart[fired[f]! + 1]!;
      for (let s = rowStart[fired[f]!]!; s < end; s++) into[target[s]!]! += weight[s]!;
    }
  }
}

/** Appends one probe sample, cut at 30 mV (where net.m detects a spike), growing the arrays when full. */
function keepProbe(network: Izhikevich2003, time: number, value: number): void {
  const writable = network as { probeV: Float64Array; probeT: Float64Array; probeCount: number };
  if (writable.probeCount === writable.probeV.length) {
    const longerV = new Float64Array(writable.probeV.length * 2 + 64);
    const longerT = new Float64Array(longerV.length);
    longerV.set(writable.probeV);
    longerT.set(writable.probeT);
    writable.probeV = longerV;
    writable.probeT = longerT;
  }
  writable.probeV[writable.probeCount] = Math.min(value, V_PEAK);
  writable.probeT[writable.probeCount] = time;
  writable.probeCount++;
}

function sparseInputs(Ne: number, Ni: number, k: number, scale: number, random: RandomSource): SparseConnectivity {
  const n = Ne + Ni;
  // net.m's proportion of excitatory inputs, Ne / N, rounded; the rest inhibitory.
  const kE = Math.min(Ne, Math.round((k * Ne) / n));
  const kI = Math.min(Ni, k - kE);
  return fixedInDegree(
    n,
    n,
    [
      { from: 0, to: Ne, k: kE, weight: (rng) => 0.5 * scale * rng.uniform() },
      { from: Ne, to: n, k: kI, weight: (rng) => -scale * rng.uniform() },
    ],
    random,
  );
}

const RUN_CHUNK_MS = 10;

export interface Izhikevich2003Result {
  readonly spikes: SpikeRecord;
  readonly Ne: number;
  readonly Ni: number;
  readonly duration: number;
  /** Mean rates over the run, Hz. */
  readonly rates: { readonly exc: number; readonly inh: number };
  /** From building the weights to the last step, all random draws included. */
  readonly wallMs: number;
  readonly network: Izhikevich2003;
}

/** Runs net.m for `duration` ms (whole milliseconds) and times it. */
export function runIzhikevich2003(spec: Izhikevich2003Spec, duration: number, now: () => number = () => performance.now()): Izhikevich2003Result {
  if (!Number.isInteger(duration) || duration < 1 || duration > 100_000) throw new RangeError(`duration must be a whole number of ms from 1 to 100000, got ${duration}.`);
  const start = now();
  const network = createIzhikevich2003(spec, duration);
  // In chunks, as a worker streams it: the JIT then compiles the loop once for every call rather than for one
  // on-stack replacement, and a warmed-up process runs optimised code from the first chunk.
  for (let done = 0; done < duration; done += RUN_CHUNK_MS) network.advance(Math.min(RUN_CHUNK_MS, duration - done));
  const wallMs = now() - start;
  let exc = 0;
  for (let s = 0; s < network.spikes.count; s++) if (network.spikes.i[s]! < network.Ne) exc++;
  const inh = network.spikes.count - exc;
  return {
    spikes: network.spikes,
    Ne: network.Ne,
    Ni: network.Ni,
    duration,
    rates: { exc: network.Ne > 0 ? exc / network.Ne / (duration / 1000) : 0, inh: network.Ni > 0 ? inh / network.Ni / (duration / 1000) : 0 },
    wallMs,
    network,
  };
}
