/**
 * The engine worker's protocol, run in Node without a Worker: `createJobHost` with a `post` that collects
 * messages, and the page's client over an in-process connection. Results must equal the engine called
 * directly (same code, same floating-point operations, so exactly equal).
 */
import { describe, expect, it } from 'vitest';
import { getModel, lif, linspace, simulate, steadyRate, type FiPoint, type MethodId, type SimulationResult } from '../../engine/index.ts';
import { createEngineClient, EngineError, isAbortError, type WorkerFactory } from '../../engine/worker/client.ts';
import { jobs } from '../../engine/worker/jobs.ts';
import { createJobHost, type FromWorker, type JobHostOptions, type JobRegistry } from '../../engine/worker/protocol.ts';

interface Posted {
  readonly message: FromWorker;
  readonly transfer: ArrayBuffer[];
}

/** A host whose messages are collected; `done(id)` resolves with all messages once that job has finished. */
function harness(registry: JobRegistry = jobs, options: JobHostOptions = {}) {
  const posted: Posted[] = [];
  const waiting = new Map<number, () => void>();
  const host = createJobHost(
    registry,
    (message, transfer) => {
      posted.push({ message, transfer });
      if (message.type !== 'progress') waiting.get(message.id)?.();
    },
    options,
  );
  const of = (id: number) => posted.filter((p) => p.message.id === id).map((p) => p.message);
  const done = (id: number): Promise<FromWorker[]> =>
    of(id).some((m) => m.type !== 'progress') ? Promise.resolve(of(id)) : new Promise((resolve) => waiting.set(id, () => resolve(of(id))));
  return { host, posted, of, done };
}

const fiRequest = { model: 'lif', params: { tRef: 2 }, method: 'exact', dt: 0.1, duration: 1000, currents: Array.from(linspace(0, 5, 26)) } as const;

/** The f–I points as the widget computed them before the worker: one `simulate` and `steadyRate` per current. */
function direct(request: { params: Record<string, number>; method: MethodId; dt: number; duration: number; currents: readonly number[] }): FiPoint[] {
  return request.currents.map((current) => {
    const run = simulate({ model: lif, params: request.params, stimulus: [{ kind: 'constant', amplitude: current }], method: request.method, dt: request.dt, duration: request.duration });
    return { current, rate: steadyRate(run.spikes) };
  });
}

const last = <T>(list: readonly T[]): T => list[list.length - 1]!;

describe('fiCurve job', () => {
  it('gives exactly the points of the engine called directly, with progress rising to 1', async () => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 1, job: 'fiCurve', params: fiRequest });
    const messages = await done(1);
    const result = last(messages);
    expect(result.type).toBe('result');
    expect((result as { result: FiPoint[] }).result).toEqual(direct(fiRequest));

    const fractions = messages.flatMap((m) => (m.type === 'progress' ? [m.fraction] : []));
    expect(fractions).toHaveLength(fiRequest.currents.length); // One per current.
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThan(fractions[i - 1]!);
    expect(last(fractions)).toBe(1);
    expect(messages.find((m) => m.type === 'progress')).toMatchObject({ note: '1 of 26 currents' });
  });

  it('stops at its next pause when cancelled, posting cancelled and no result', async () => {
    // sliceMs 0: every pause yields, so the cancel arrives as a separate task, as it does in a worker.
    const { host, posted, done } = harness(jobs, { sliceMs: 0 });
    host.receive({ type: 'run', id: 7, job: 'fiCurve', params: fiRequest });
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.receive({ type: 'cancel', id: 7 });
    const messages = await done(7);
    expect(last(messages)).toEqual({ type: 'cancelled', id: 7 });
    expect(messages.filter((m) => m.type === 'result' || m.type === 'error')).toEqual([]);
    expect(messages.filter((m) => m.type === 'progress').length).toBeLessThan(fiRequest.currents.length);
    expect(host.running()).toEqual([]);
    // Nothing more arrives afterwards.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(posted.filter((p) => p.message.id === 7)).toHaveLength(messages.length);
  });

  it('is cancelled from a progress callback too (the pause sees the flag without yielding)', async () => {
    const posted: FromWorker[] = [];
    const h = createJobHost(jobs, (m) => {
      posted.push(m);
      if (m.type === 'progress' && m.fraction > 0.2) h.receive({ type: 'cancel', id: 3 });
    });
    h.receive({ type: 'run', id: 3, job: 'fiCurve', params: fiRequest });
    await expect.poll(() => posted.some((m) => m.type !== 'progress')).toBe(true);
    expect(last(posted)).toEqual({ type: 'cancelled', id: 3 });
    expect(posted.filter((m) => m.type === 'progress')).toHaveLength(6); // 6/26 is the first fraction above 0.2.
  });

  // Each case: untrusted params the page (or a corrupted message) might send, and the words expected back.
  it.each<[string, unknown, RegExp]>([
    ['not an object', 42, /fiCurve job needs an object/],
    ['an unknown model', { ...fiRequest, model: 'hal9000' }, /Unknown model "hal9000"/],
    ['no currents', { ...fiRequest, currents: undefined }, /currents must be a list of 1 to 1000 numbers/],
    ['a current that is not a number', { ...fiRequest, currents: [0, '1', 2] }, /currents\[1\] must be a finite number, got "1"/],
    ['a current out of range', { ...fiRequest, currents: [0, 1e6] }, /amplitude/],
    ['a negative time step', { ...fiRequest, dt: -1 }, /time step dt must be between 0 and 10 ms, got -1/],
    ['an unknown parameter', { ...fiRequest, params: { tau: 10 } }, /Unknown parameter "tau"/],
    ['params that are not an object', { ...fiRequest, params: 'fast' }, /params must be an object/],
    ['an unknown method', { ...fiRequest, method: 'leapfrog' }, /Unknown method "leapfrog"/],
    ['a stimulus of its own', { ...fiRequest, stimulus: [] }, /sets the stimulus itself/],
    ['an unknown field', { ...fiRequest, colour: 'red' }, /Unknown scenario field "colour"/],
  ])('refuses %s with a readable error', async (_what, params, message) => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 2, job: 'fiCurve', params });
    const messages = await done(2);
    expect(messages).toHaveLength(1);
    const [error] = messages;
    expect(error).toMatchObject({ type: 'error', id: 2 });
    expect((error as { message: string }).message).toMatch(message);
  });
});

describe('simulate job', () => {
  const scenario = { model: 'lif', params: {}, stimulus: [{ kind: 'step', amplitude: 3, start: 10, end: 300 }], method: 'rk4', dt: 0.01, duration: 400 } as const;

  it('gives exactly the result of simulate(), with its typed arrays in the transfer list', async () => {
    const { host, posted, done } = harness();
    host.receive({ type: 'run', id: 4, job: 'simulate', params: scenario });
    const messages = await done(4);
    const final = last(messages);
    expect(final.type).toBe('result');
    const result = (final as { result: SimulationResult }).result;
    const expected = simulate({ ...scenario, model: getModel('lif')! });
    expect(result).toEqual(expected);
    expect(result.spikes.length).toBeGreaterThan(5);

    const transfer = last(posted).transfer;
    expect(transfer).toContain(result.t.buffer);
    expect(transfer).toContain(result.traces['u']!.buffer);
    expect(transfer).toContain(result.spikes.buffer);
    expect(new Set(transfer).size).toBe(transfer.length); // Each buffer once.

    // 40000 steps in chunks: a bounded number of progress messages, rising to 1.
    const fractions = messages.flatMap((m) => (m.type === 'progress' ? [m.fraction] : []));
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.length).toBeLessThanOrEqual(101);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThan(fractions[i - 1]!);
    expect(last(fractions)).toBe(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'run it', /simulate job needs a scenario object/],
    ['a missing dt', { ...scenario, dt: undefined }, /dt( \(ms\))? must be a number/],
    ['a stimulus of an unknown kind', { ...scenario, stimulus: [{ kind: 'laser' }] }, /Stimulus 1 must have a kind/],
    ['another scenario version', { ...scenario, version: 9 }, /version must be 1, got 9/],
  ])('refuses %s with a readable error', async (_what, params, message) => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 5, job: 'simulate', params });
    const [error, ...rest] = await done(5);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ type: 'error', id: 5 });
    expect((error as { message: string }).message).toMatch(message);
  });
});

describe('the host', () => {
  const known = Object.keys(jobs).join(', ');
  it('knows the single-neuron and the attractor jobs', () => {
    expect(Object.keys(jobs)).toEqual(expect.arrayContaining(['fiCurve', 'simulate', 'hopfieldCapacity']));
  });

  it('answers an unknown job with the names of the known ones', async () => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 9, job: 'capacity', params: {} });
    expect(await done(9)).toEqual([{ type: 'error', id: 9, message: `Unknown job "capacity". Known jobs: ${known}.` }]);
  });

  it('does not run a job named after an Object.prototype member', async () => {
    const { host, done } = harness();
    host.receive({ type: 'run', id: 10, job: 'constructor', params: {} });
    expect(await done(10)).toEqual([{ type: 'error', id: 10, message: `Unknown job "constructor". Known jobs: ${known}.` }]);
  });

  it('sends the message of a thrown error, never its stack', async () => {
    const failing: JobRegistry = {
      async broken() {
        throw new TypeError('Cannot divide the membrane by zero.');
      },
      async throwsText() {
        throw 'plain text';
      },
      async throwsNothing() {
        throw undefined;
      },
    };
    const { host, done } = harness(failing);
    host.receive({ type: 'run', id: 1, job: 'broken', params: null });
    host.receive({ type: 'run', id: 2, job: 'throwsText', params: null });
    host.receive({ type: 'run', id: 3, job: 'throwsNothing', params: null });
    expect(await done(1)).toEqual([{ type: 'error', id: 1, message: 'Cannot divide the membrane by zero.' }]);
    expect(await done(2)).toEqual([{ type: 'error', id: 2, message: 'plain text' }]);
    expect(await done(3)).toEqual([{ type: 'error', id: 3, message: 'The computation failed for an unknown reason.' }]);
  });

  it('reports a result that cannot be cloned as an error', async () => {
    const registry: JobRegistry = { fn: async () => ({ f: () => 1 }) };
    const posted: FromWorker[] = [];
    // A post that clones, as postMessage does.
    const host = createJobHost(registry, (message) => posted.push(structuredClone(message)));
    host.receive({ type: 'run', id: 1, job: 'fn', params: null });
    await expect.poll(() => posted.length).toBe(1);
    expect(posted[0]).toMatchObject({ type: 'error', id: 1, message: expect.stringMatching(/^The result could not be sent to the page: /) });
  });

  it('runs jobs concurrently, and a cancel stops only its own job', async () => {
    const { host, done } = harness(jobs, { sliceMs: 0 });
    host.receive({ type: 'run', id: 1, job: 'fiCurve', params: fiRequest });
    host.receive({ type: 'run', id: 2, job: 'fiCurve', params: { ...fiRequest, params: { tRef: 4 } } });
    expect(host.running()).toEqual([1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.receive({ type: 'cancel', id: 1 });
    expect(last(await done(1))).toEqual({ type: 'cancelled', id: 1 });
    const second = last(await done(2));
    expect(second.type).toBe('result');
    expect((second as { result: FiPoint[] }).result).toEqual(direct({ ...fiRequest, params: { tRef: 4 } }));
  });

  it('answers malformed messages it can attribute, and ignores the rest', async () => {
    const { host, posted, done } = harness();
    host.receive({ type: 'launch', id: 1 });
    host.receive({ type: 'run', id: 2, job: 42 });
    host.receive('run');
    host.receive({ type: 'run', job: 'fiCurve' });
    host.receive({ type: 'cancel', id: 99 });
    expect(await done(1)).toEqual([{ type: 'error', id: 1, message: 'Unknown message type "launch".' }]);
    expect(await done(2)).toEqual([{ type: 'error', id: 2, message: 'A run message needs the name of a job.' }]);
    expect(posted).toHaveLength(2);
  });
});

describe('the client', () => {
  /** A connection to a host in this thread, delivering messages a task later as a worker would. */
  function inProcess(registry: JobRegistry = jobs, options: JobHostOptions = {}) {
    const sent: unknown[] = [];
    let terminated = 0;
    let fail: ((message: string) => void) | undefined;
    const factory: WorkerFactory = (handlers) => {
      fail = handlers.error;
      const host = createJobHost(registry, (message) => setTimeout(() => handlers.message(structuredClone(message)), 0), options);
      return {
        post(message) {
          sent.push(message);
          setTimeout(() => host.receive(structuredClone(message)), 0);
        },
        terminate: () => void terminated++,
      };
    };
    return { factory, sent, terminated: () => terminated, fail: (message: string) => fail!(message) };
  }

  it('resolves with the result and reports progress', async () => {
    const { factory } = inProcess();
    const client = createEngineClient({ createWorker: factory });
    const fractions: number[] = [];
    const points = await client.run('fiCurve', fiRequest, { onProgress: (f) => fractions.push(f) });
    expect(points).toEqual(direct(fiRequest));
    expect(last(fractions)).toBe(1);
  });

  it('rejects with an AbortError at once when aborted, and tells the worker to cancel', async () => {
    const { factory, sent } = inProcess(jobs, { sliceMs: 0 });
    const client = createEngineClient({ createWorker: factory });
    const controller = new AbortController();
    const running = client.run('fiCurve', fiRequest, { signal: controller.signal, onProgress: () => controller.abort() });
    const error = await running.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(sent).toEqual([expect.objectContaining({ type: 'run', id: 1 }), { type: 'cancel', id: 1 }]);
    // An already aborted signal never reaches the worker.
    await expect(client.run('fiCurve', fiRequest, { signal: controller.signal })).rejects.toSatisfy(isAbortError);
    expect(sent).toHaveLength(2);
  });

  it("rejects with the job's error message", async () => {
    const client = createEngineClient({ createWorker: inProcess().factory });
    const error = await client.run('fiCurve', { ...fiRequest, dt: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toMatch(/time step dt must be between 0 and 10 ms, got 0/);
  });

  it('rejects every pending job when the worker fails, and starts a new worker for the next run', async () => {
    const connection = inProcess(jobs, { sliceMs: 0 });
    const client = createEngineClient({ createWorker: connection.factory });
    const first = client.run('fiCurve', fiRequest).catch((e: unknown) => e);
    const second = client.run('simulate', { model: 'lif', params: {}, stimulus: [], method: 'exact', dt: 0.1, duration: 100 }).catch((e: unknown) => e);
    connection.fail('The simulation worker could not be started.');
    for (const error of [await first, await second]) {
      expect(error).toBeInstanceOf(EngineError);
      expect((error as Error).message).toBe('The simulation worker could not be started.');
    }
    expect(connection.terminated()).toBe(1);
    expect(await client.run('fiCurve', { ...fiRequest, currents: [3] })).toEqual(direct({ ...fiRequest, currents: [3] }));
  });
});
