/**
 * The page's side of the engine workers. `createEngineClient()` shares one module worker per page for the
 * quick jobs (jobs.ts), created on the first run; `createNetworkClient()` another for network simulations
 * (network-jobs.ts), so a run of many seconds never holds up a quick job. `run(job, params, options)`
 * resolves to the job's result. Options: `onProgress`; `onPartial`, which receives the pieces a streaming
 * job posts, in order and all before the result resolves; `signal`, whose abort rejects at once with an
 * AbortError and asks the worker to stop; and `control`, a `RunControl` whose `pause()` holds the job at its
 * next pause in the worker until `resume()`. A job's error, or the worker failing, rejects with an
 * `EngineError` whose message is meant for the reader.
 *
 * Where Worker does not exist the same jobs run in the page, still yielding every ~10 ms.
 */
import type { JobName, JobTypes } from './jobs.ts';
import type { NetworkJobName, NetworkJobTypes } from './network-jobs.ts';
import { createJobHost, type FromWorker, type JobId, type JobRegistry, type ToWorker } from './protocol.ts';

export type { JobName, JobTypes, NetworkJobName, NetworkJobTypes };

/** What each job of a worker takes, gives and (if it streams) posts on the way. */
export type JobTypeMap<Types> = { readonly [Name in keyof Types]: { readonly params: unknown; readonly result: unknown; readonly partial?: unknown } };

/** The type of a job's partial results; `never` for a job that does not stream. */
export type PartialOf<T> = T extends { readonly partial: infer P } ? P : never;

/**
 * Pauses and resumes one run (pass it in `run`'s options). Pausing before the run starts holds it from its
 * first pause; after the run has settled, pausing does nothing.
 */
export class RunControl {
  #paused = false;
  readonly #listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    this.#set(true);
  }

  resume(): void {
    this.#set(false);
  }

  /** Called by the client: `listener` hears every change until the returned function is called. */
  subscribe(listener: (paused: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(paused: boolean): void {
    if (this.#paused === paused) return;
    this.#paused = paused;
    for (const listener of this.#listeners) listener(paused);
  }
}

export interface RunOptions<Partial = never> {
  readonly onProgress?: (fraction: number, note?: string) => void;
  readonly onPartial?: (data: Partial) => void;
  readonly signal?: AbortSignal;
  readonly control?: RunControl;
}

export interface Client<Types extends JobTypeMap<Types>> {
  run<Name extends keyof Types & string>(job: Name, params: Types[Name]['params'], options?: RunOptions<PartialOf<Types[Name]>>): Promise<Types[Name]['result']>;
}

export type EngineClient = Client<JobTypes>;
export type NetworkClient = Client<NetworkJobTypes>;

/** A job's error or a worker failure, in words for the reader. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

const abortError = (): Error => new DOMException('The computation was cancelled.', 'AbortError');

/** How the client sees a worker: so tests (and the in-page fallback) can stand in for a real one. */
export interface WorkerConnection {
  post(message: ToWorker): void;
  terminate(): void;
}
export interface WorkerHandlers {
  message(data: unknown): void;
  /** The worker failed (did not load, or threw outside a job): every pending job is rejected. */
  error(message: string): void;
}
export type WorkerFactory = (handlers: WorkerHandlers) => WorkerConnection;

/** Connects a started module worker (or, where Worker does not exist, the same jobs in the page). */
function wire(worker: Worker, handlers: WorkerHandlers): WorkerConnection {
  worker.addEventListener('message', (event) => handlers.message(event.data));
  worker.addEventListener('messageerror', () => handlers.error('A message from the simulation worker could not be read.'));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    handlers.error(
      event.message
        ? `The simulation worker stopped: ${event.message}`
        : 'The simulation worker could not be started. Reload the page; if it persists, please report it.',
    );
  });
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
}

// Each `new Worker(new URL(…))` is written out in full: that is the form the bundler recognises and builds.
function browserWorker(handlers: WorkerHandlers): WorkerConnection {
  if (typeof Worker === 'undefined') return inPageWorker(handlers, import('./jobs.ts').then((m) => m.jobs));
  return wire(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }), handlers);
}

function networkWorker(handlers: WorkerHandlers): WorkerConnection {
  if (typeof Worker === 'undefined') return inPageWorker(handlers, import('./network-jobs.ts').then((m) => m.networkJobs));
  return wire(new Worker(new URL('./network.worker.ts', import.meta.url), { type: 'module' }), handlers);
}

/** The fallback without Worker: the same host and jobs, on the page's own thread. */
function inPageWorker(handlers: WorkerHandlers, registry: Promise<JobRegistry>): WorkerConnection {
  const host = registry.then((jobs) => createJobHost(jobs, (message) => handlers.message(message)));
  return {
    post: (message) => void host.then((h) => h.receive(message), (error: unknown) => handlers.error(`The simulation code could not be loaded: ${String(error)}`)),
    terminate() {},
  };
}

const isFromWorker = (data: unknown): data is FromWorker =>
  typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'number' && typeof (data as { type?: unknown }).type === 'string';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: ((fraction: number, note?: string) => void) | undefined;
  onPartial?: ((data: never) => void) | undefined;
}

let shared: EngineClient | undefined;
let sharedNetwork: NetworkClient | undefined;

/**
 * The page's engine client. Without options every caller shares one worker; `createWorker` gives a client
 * of its own over another connection (tests use it to run the protocol in Node).
 */
export function createEngineClient(options: { createWorker?: WorkerFactory } = {}): EngineClient {
  if (options.createWorker) return connect(options.createWorker);
  shared ??= connect(browserWorker);
  return shared;
}

/** The page's client for network simulations: one worker of their own, shared by every caller on the page. */
export function createNetworkClient(options: { createWorker?: WorkerFactory } = {}): NetworkClient {
  if (options.createWorker) return connect(options.createWorker);
  sharedNetwork ??= connect(networkWorker);
  return sharedNetwork;
}

function connect<Types extends JobTypeMap<Types>>(createWorker: WorkerFactory): Client<Types> {
  const pending = new Map<JobId, Pending>();
  let worker: WorkerConnection | undefined;
  let nextId = 1;

  const handlers: WorkerHandlers = {
    message(data) {
      if (!isFromWorker(data)) return;
      const entry = pending.get(data.id);
      if (!entry) return; // Already settled: aborted, or the worker failed.
      switch (data.type) {
        case 'progress':
          entry.onProgress?.(data.fraction, data.note);
          return;
        case 'partial':
          entry.onPartial?.(data.data as never);
          return;
        case 'result':
          entry.resolve(data.result);
          return;
        case 'error':
          entry.reject(new EngineError(data.message));
          return;
        case 'cancelled':
          entry.reject(abortError());
      }
    },
    error(message) {
      // Start afresh on the next run: a worker that failed to load will not recover.
      worker?.terminate();
      worker = undefined;
      const failed = [...pending.values()];
      pending.clear();
      for (const entry of failed) entry.reject(new EngineError(message));
    },
  };

  return {
    run(job, params, options = {}) {
      const { signal, onProgress, onPartial, control } = options;
      if (signal?.aborted) return Promise.reject(abortError());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          if (!pending.has(id)) return;
          settle();
          worker?.post({ type: 'cancel', id });
          reject(abortError());
        };
        const unsubscribe = control?.subscribe((paused) => {
          if (pending.has(id)) worker?.post({ type: paused ? 'pause' : 'resume', id });
        });
        const settle = (): void => {
          pending.delete(id);
          signal?.removeEventListener('abort', onAbort);
          unsubscribe?.();
        };
        pending.set(id, {
          resolve: (result) => {
            settle();
            resolve(result as Types[typeof job]['result']);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
          onProgress,
          onPartial: onPartial as ((data: never) => void) | undefined,
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          worker ??= createWorker(handlers);
          worker.post({ type: 'run', id, job, params });
          if (control?.paused) worker.post({ type: 'pause', id });
        } catch (error) {
          pending.get(id)?.reject(new EngineError(`The computation could not be started: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    },
  };
}
