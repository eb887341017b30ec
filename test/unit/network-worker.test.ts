/**
 * Streaming, pausing and the network job, in Node without a Worker (as worker-protocol.test.ts does): the
 * host's `partial` messages arrive in order before the result; a paused job waits at its next pause until it
 * is resumed, and a cancel ends it even while paused; the client hands partials to `onPartial` and pauses
 * through a `RunControl`. The 'izhikevichNetwork' job streams every spike exactly once, in order, and its
 * concatenated pieces equal the engine run directly (same code, same floating-point operations: exactly).
 */
import { describe, expect, it } from 'vitest';
import { binnedCounts, finiteMean, isiCvByNeuron, powerSpectrum, spectralPeak } from '../../engine/network/analysis.ts';
import { createIzhikevich2003, type Izhikevich2003Spec } from '../../engine/network/izhikevich-2003.ts';
import { createNetworkClient, EngineError, isAbortError, RunControl, type WorkerFactory } from '../../engine/worker/client.ts';
import { networkJobs, type NetworkPartial, type NetworkResult } from '../../engine/worker/network-jobs.ts';
import { createJobHost, type FromWorker, type JobContext, type JobHostOptions, type JobRegistry } from '../../engine/worker/protocol.ts';

interface Posted {
  readonly message: FromWorker;
  readonly transfer: ArrayBuffer[];
}

/** A host whose messages are collected; `done(id)` resolves with that job's messages once it has finished. */
function harness(registry: JobRegistry, options: JobHostOptions = {}) {
  const posted: Posted[] = [];
  const waiting = new Map<number, () => void>();
  const host = createJobHost(
    registry,
    (message, transfer) => {
      posted.push({ message, transfer });
      if (message.type !== 'progress' && message.type !== 'partial') waiting.get(message.id)?.();
    },
    options,
  );
  const of = (id: number) => posted.filter((p) => p.message.id === id).map((p) => p.message);
  const done = (id: number): Promise<FromWorker[]> =>
    of(id).some((m) => m.type !== 'progress' && m.type !== 'partial') ? Promise.resolve(of(id)) : new Promise((resolve) => waiting.set(id, () => resolve(of(id))));
  return { host, posted, of, done };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const last = <T>(list: readonly T[]): T => list[list.length - 1]!;

/** A job of `steps` pauses that streams its step number (in a typed array) after each and counts how far it got. */
function counter(steps: number) {
  const reached = { step: 0 };
  const registry: JobRegistry = {
    async count(_params: unknown, context: JobContext) {
      for (let k = 0; k < steps; k++) {
        await context.pause();
        reached.step = k + 1;
        context.partial({ step: k, values: new Float64Array([k]) });
      }
      return { steps };
    },
  };
  return { registry, reached };
}

describe('streaming and pausing in the host', () => {
  it('posts partials in order, each with its typed arrays transferred, all before the result', async () => {
    const { registry } = counter(20);
    const { host, posted, done } = harness(registry, { sliceMs: 0 });
    host.receive({ type: 'run', id: 1, job: 'count', params: null });
    const messages = await done(1);
    expect(messages.map((m) => m.type)).toEqual([...Array<string>(20).fill('partial'), 'result']);
    expect(messages.flatMap((m) => (m.type === 'partial' ? [(m.data as { step: number }).step] : []))).toEqual([...Array(20).keys()]);
    const first = posted[0]!;
    expect(first.transfer).toEqual([(first.message as { data: { values: Float64Array } }).data.values.buffer]);
  });

  it('holds a paused job at its next pause, and a resume continues it to the same result', async () => {
    const { registry, reached } = counter(200);
    const { host, of, done } = harness(registry, { sliceMs: 0 });
    host.receive({ type: 'run', id: 2, job: 'count', params: null });
    await tick();
    host.receive({ type: 'pause', id: 2 });
    await tick();
    const held = reached.step;
    expect(held).toBeLessThan(200);
    // Several event-loop turns later the job has not moved: it waits, and the thread is free.
    await tick(30);
    expect(reached.step).toBe(held);
    expect(of(2).filter((m) => m.type === 'partial')).toHaveLength(held);
    expect(host.running()).toEqual([2]);
    host.receive({ type: 'resume', id: 2 });
    const messages = await done(2);
    expect(last(messages)).toEqual({ type: 'result', id: 2, result: { steps: 200 } });
    expect(messages.filter((m) => m.type === 'partial')).toHaveLength(200);
  });

  it('ends a paused job on cancel, posting cancelled and nothing else afterwards', async () => {
    const { registry, reached } = counter(200);
    const { host, of, done } = harness(registry, { sliceMs: 0 });
    host.receive({ type: 'run', id: 3, job: 'count', params: null });
    await tick();
    host.receive({ type: 'pause', id: 3 });
    await tick(10);
    const held = reached.step;
    host.receive({ type: 'cancel', id: 3 });
    expect(last(await done(3))).toEqual({ type: 'cancelled', id: 3 });
    expect(reached.step).toBe(held);
    expect(host.running()).toEqual([]);
    await tick(10);
    expect(of(3).filter((m) => m.type === 'partial')).toHaveLength(held);
    // A pause or resume for a job that is over is ignored, not answered with an error.
    host.receive({ type: 'resume', id: 3 });
    host.receive({ type: 'pause', id: 99 });
    expect(of(3)).toHaveLength(held + 1);
    expect(of(99)).toEqual([]);
  });

  it('lets another job run while one is paused', async () => {
    const slow = counter(100);
    const quick = counter(5);
    const { host, done } = harness({ slow: slow.registry['count']!, quick: quick.registry['count']! }, { sliceMs: 0 });
    host.receive({ type: 'run', id: 1, job: 'slow', params: null });
    host.receive({ type: 'pause', id: 1 });
    host.receive({ type: 'run', id: 2, job: 'quick', params: null });
    expect(last(await done(2))).toMatchObject({ type: 'result' });
    expect(slow.reached.step).toBe(0);
    host.receive({ type: 'cancel', id: 1 });
    expect(last(await done(1))).toEqual({ type: 'cancelled', id: 1 });
  });

  it('fails the job with a readable message when a partial cannot be cloned', async () => {
    const registry: JobRegistry = {
      async bad(_params: unknown, context: JobContext) {
        context.partial({ f: () => 1 });
        return 1;
      },
    };
    const posted: FromWorker[] = [];
    // A post that clones, as postMessage does.
    const host = createJobHost(registry, (message) => posted.push(structuredClone(message)));
    host.receive({ type: 'run', id: 1, job: 'bad', params: null });
    await expect.poll(() => posted.length).toBe(1);
    expect(posted[0]).toMatchObject({ type: 'error', id: 1, message: expect.stringMatching(/^A partial result could not be sent to the page: /) });
  });
});

/** A connection to a host in this thread, delivering messages a task later and cloned, as a worker would. */
function inProcess(registry: JobRegistry, options: JobHostOptions = {}) {
  const sent: { type: string; id: number }[] = [];
  const factory: WorkerFactory = (handlers) => {
    const host = createJobHost(registry, (message) => setTimeout(() => handlers.message(structuredClone(message)), 0), options);
    return {
      post(message) {
        sent.push(message);
        setTimeout(() => host.receive(structuredClone(message)), 0);
      },
      terminate() {},
    };
  };
  return { factory, sent };
}

const spec: Izhikevich2003Spec = { seed: 5, probe: 3 };

/** The network run directly, advanced to the end in one call. */
function direct(runSpec: Izhikevich2003Spec, duration: number) {
  const network = createIzhikevich2003(runSpec, duration);
  network.advance(duration);
  return network;
}

/** Concatenates typed arrays of one kind. */
function concat<T extends Float64Array | Int32Array>(parts: readonly T[], make: (n: number) => T): T {
  const out = make(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('the izhikevichNetwork job', () => {
  it.each<[string, Izhikevich2003Spec, number, number | undefined]>([
    // net.m itself, chunk sizes adapted to the wall time.
    ['net.m, published numerics', spec, 1000, undefined],
    // Fixed 7 ms chunks: pieces then end mid-way through bursts; RK4 at dt 0.25 records fractional times.
    ['RK4 at dt 0.25 ms, 7 ms chunks', { seed: 2, method: 'rk4', params: { dt: 0.25, Ne: 300, Ni: 100 }, probe: 350 }, 300, 7],
    // A sparse network (K = 100 inputs per neuron).
    ['fixed in-degree', { seed: 9, connectivity: 'fixed-indegree', params: { Ne: 400, Ni: 100, inDegree: 100 }, probe: 0 }, 400, undefined],
  ])('%s: the pieces hold every spike and probe sample once, in order, equal to a direct run', async (_what, runSpec, duration, chunkMs) => {
    const { host, done } = harness(networkJobs, { sliceMs: 0 });
    host.receive({ type: 'run', id: 1, job: 'izhikevichNetwork', params: { spec: runSpec, duration, ...(chunkMs ? { chunkMs } : {}) } });
    const messages = await done(1);
    const final = last(messages);
    expect(final.type).toBe('result');
    const partials = messages.flatMap((m) => (m.type === 'partial' ? [m.data as NetworkPartial] : []));
    expect(partials.length).toBeGreaterThan(0);
    // Simulated time only grows, and the last piece ends the run.
    for (let k = 1; k < partials.length; k++) expect(partials[k]!.ms).toBeGreaterThan(partials[k - 1]!.ms);
    expect(last(partials).ms).toBe(duration);
    const expected = direct(runSpec, duration);
    const t = concat(partials.map((p) => p.spikesT), (n) => new Float64Array(n));
    const i = concat(partials.map((p) => p.spikesI), (n) => new Int32Array(n));
    expect(t).toEqual(expected.spikes.t.slice(0, expected.spikes.count));
    expect(i).toEqual(expected.spikes.i.slice(0, expected.spikes.count));
    // Each piece's spikes fall in the time it covers: none is sent before its millisecond has been simulated.
    partials.forEach((p, k) => {
      const from = k === 0 ? 0 : partials[k - 1]!.ms;
      for (const time of p.spikesT) expect(time > from && time <= p.ms).toBe(true);
    });
    expect(concat(partials.map((p) => p.probeV), (n) => new Float64Array(n))).toEqual(expected.probeV.slice(0, expected.probeCount));
    expect(concat(partials.map((p) => p.probeT), (n) => new Float64Array(n))).toEqual(expected.probeT.slice(0, expected.probeCount));

    // The summary is the analysis of those spikes.
    const result = (final as { result: NetworkResult }).result;
    const { Ne, Ni, spikes } = expected;
    const exc = Array.from(i).filter((k) => k < Ne).length;
    expect(result.spikeCount).toBe(spikes.count);
    expect(result.exc.spikes).toBe(exc);
    expect(result.rates.exc).toBe(exc / Ne / (duration / 1000));
    expect(result.rates.inh).toBe((spikes.count - exc) / Ni / (duration / 1000));
    const spectrum = powerSpectrum(binnedCounts(spikes, duration, 1), 1, 100);
    expect(result.spectrum).toEqual(spectrum);
    expect(result.alphaHz).toBe(spectralPeak(spectrum, 4, 16));
    expect(result.gammaHz).toBe(spectralPeak(spectrum, 25, 60));
    expect(result.cv).toBe(finiteMean(isiCvByNeuron(spikes, Ne + Ni)));
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.simMs).toBeGreaterThan(0);
    expect(result.buildMs + result.simMs).toBeLessThanOrEqual(result.wallMs + 1e-9);

    // Progress rises to 1 with a note the page can show.
    const progress = messages.flatMap((m) => (m.type === 'progress' ? [m] : []));
    for (let k = 1; k < progress.length; k++) expect(progress[k]!.fraction).toBeGreaterThanOrEqual(progress[k - 1]!.fraction);
    expect(last(progress)).toMatchObject({ fraction: 1, note: `${duration.toLocaleString('en-US')} of ${duration.toLocaleString('en-US')} ms · ${spikes.count.toLocaleString('en-US')} spikes` });
  });

  it("gives net.m's rates and rhythms for the default network (the lesson's numbers)", async () => {
    const { host, done } = harness(networkJobs);
    host.receive({ type: 'run', id: 1, job: 'izhikevichNetwork', params: { spec: { seed: 1 }, duration: 1000 } });
    const result = (last(await done(1)) as { result: NetworkResult }).result;
    // Measured over seeds by the engine's author: exc ≈ 7.6 Hz, inh ≈ 7.3 Hz, alpha ≈ 8 Hz, gamma 30–35 Hz;
    // one seed's 1 s run varies by about ±1.5 Hz in rate and a few Hz in its peaks, hence the ranges.
    expect(result.rates.exc).toBeGreaterThan(5);
    expect(result.rates.exc).toBeLessThan(10);
    expect(result.rates.inh).toBeGreaterThan(5);
    expect(result.rates.inh).toBeLessThan(10);
    expect(result.alphaHz).toBeGreaterThanOrEqual(4);
    expect(result.alphaHz).toBeLessThanOrEqual(16);
    expect(result.gammaHz).toBeGreaterThanOrEqual(25);
    expect(result.gammaHz).toBeLessThanOrEqual(60);
  });

  it('stops when cancelled, posting cancelled and no result', async () => {
    const { host, done, of } = harness(networkJobs, { sliceMs: 0 });
    host.receive({ type: 'run', id: 4, job: 'izhikevichNetwork', params: { spec: { seed: 1 }, duration: 10_000, chunkMs: 5 } });
    await tick(20);
    host.receive({ type: 'cancel', id: 4 });
    const messages = await done(4);
    expect(last(messages)).toEqual({ type: 'cancelled', id: 4 });
    expect(messages.some((m) => m.type === 'result' || m.type === 'error')).toBe(false);
    const reached = messages.flatMap((m) => (m.type === 'partial' ? [(m.data as NetworkPartial).ms] : []));
    expect(reached.length === 0 || last(reached) < 10_000).toBe(true);
    await tick(20);
    expect(of(4)).toHaveLength(messages.length);
  });

  // Each case: untrusted params, and the words expected back (the engine's validation message where it has one).
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'go', /izhikevichNetwork job needs an object/],
    ['no spec', { duration: 1000 }, /spec must be an object/],
    ['a duration too long', { spec, duration: 20_000 }, /duration must be a whole number of ms from 100 to 10000, got 20000/],
    ['a fractional duration', { spec, duration: 150.5 }, /duration must be a whole number/],
    ['a bad chunk', { spec, duration: 1000, chunkMs: 0 }, /chunkMs must be a whole number of ms from 1 to 1000/],
    ['an unknown field', { spec, duration: 1000, colour: 'red' }, /Unknown field "colour"/],
    ['an unknown spec field', { spec: { ...spec, delay: 1 }, duration: 1000 }, /Unknown spec field "delay"/],
    ['params that are not an object', { spec: { ...spec, params: 'big' }, duration: 1000 }, /spec.params must be an object/],
    ['a missing seed', { spec: { probe: 1 }, duration: 1000 }, /seed must be a whole number, got undefined/],
    ['too many neurons', { spec: { seed: 1, params: { Ne: 9000 } }, duration: 1000 }, /Ne = 9000 is outside the allowed range 0 to 8000/],
    ['no neurons', { spec: { seed: 1, params: { Ne: 0, Ni: 0 } }, duration: 1000 }, /at least one neuron/],
    ['a small dt with the published numerics', { spec: { seed: 1, params: { dt: 0.5 } }, duration: 1000 }, /published numerics run at dt = 1 ms/],
    ['a dt that does not divide 1 ms', { spec: { seed: 1, method: 'euler', params: { dt: 0.3 } }, duration: 1000 }, /dt = 0.3 ms must divide 1 ms/],
    ['an unknown method', { spec: { seed: 1, method: 'leapfrog' }, duration: 1000 }, /method must be one of published, euler, rk4/],
    ['a probe outside the network', { spec: { seed: 1, probe: 1000 }, duration: 1000 }, /probe must be a neuron index from 0 to 999/],
    ['an unknown parameter', { spec: { seed: 1, params: { tau: 1 } }, duration: 1000 }, /Unknown parameter "tau"/],
  ])('refuses %s with a readable error', async (_what, params, message) => {
    const { host, done } = harness(networkJobs);
    host.receive({ type: 'run', id: 2, job: 'izhikevichNetwork', params });
    const messages = await done(2);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', id: 2 });
    expect((messages[0] as { message: string }).message).toMatch(message);
  });
});

describe('the network client', () => {
  it('hands every partial to onPartial in order, before the result resolves', async () => {
    const client = createNetworkClient({ createWorker: inProcess(networkJobs).factory });
    const seen: string[] = [];
    let spikes = 0;
    const result = await client.run('izhikevichNetwork', { spec, duration: 500, chunkMs: 10 }, {
      onPartial: (piece) => {
        seen.push(`partial ${piece.ms}`);
        spikes += piece.spikesT.length;
      },
    });
    seen.push('result');
    // 500 ms in chunks of 10 ms: pieces end on multiples of 10 ms, in increasing order, the result last.
    const times = seen.slice(0, -1).map((s) => Number(s.replace('partial ', '')));
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((t, k) => t % 10 === 0 && (k === 0 || t > times[k - 1]!))).toBe(true);
    expect(last(times)).toBe(500);
    expect(last(seen)).toBe('result');
    expect(spikes).toBe(result.spikeCount);
  });

  it('pauses and resumes through a RunControl, and a paused run is cancelled by its signal', async () => {
    const { factory, sent } = inProcess(networkJobs, { sliceMs: 0 });
    const client = createNetworkClient({ createWorker: factory });
    const control = new RunControl();
    let reached = 0;
    // Paused from the first piece's callback, so the pause surely arrives while the run is under way.
    const first = client.run('izhikevichNetwork', { spec, duration: 3000, chunkMs: 5 }, {
      control,
      onPartial: (p) => {
        if (reached === 0) control.pause();
        reached = p.ms;
      },
    });
    await expect.poll(() => reached).toBeGreaterThan(0);
    await tick(30);
    const held = reached;
    await tick(50);
    // A paused run posts nothing more (the pieces in flight when the pause arrived have come in by now).
    expect(reached).toBe(held);
    expect(held).toBeLessThan(3000);
    control.resume();
    const result = await first;
    expect(result.duration).toBe(3000);
    expect(reached).toBe(3000);
    expect(sent.map((m) => m.type)).toEqual(['run', 'pause', 'resume']);

    // Paused before it starts, then aborted: rejects with an AbortError and the worker is told to cancel.
    const controller = new AbortController();
    const paused = new RunControl();
    paused.pause();
    const second = client.run('izhikevichNetwork', { spec, duration: 1000 }, { control: paused, signal: controller.signal }).catch((e: unknown) => e);
    await tick(20);
    controller.abort();
    expect(isAbortError(await second)).toBe(true);
    expect(sent.slice(3)).toEqual([expect.objectContaining({ type: 'run', id: 2 }), { type: 'pause', id: 2 }, { type: 'cancel', id: 2 }]);
    // After it settled, the control no longer reaches the worker.
    paused.resume();
    expect(sent).toHaveLength(6);
  });

  it("rejects with the engine's validation message", async () => {
    const client = createNetworkClient({ createWorker: inProcess(networkJobs).factory });
    const error = await client.run('izhikevichNetwork', { spec: { seed: 1, params: { Ni: 5000 } }, duration: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toMatch(/Ni = 5000 is outside the allowed range 0 to 2000/);
  });
});
