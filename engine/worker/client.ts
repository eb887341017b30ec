/**
 * The page's side of the engine worker. `createEngineClient()` shares one module worker per page, created
 * on the first run; `run(job, params, { onProgress, signal })` resolves to the job's result. Aborting the
 * signal rejects at once with an AbortError and asks the worker to stop; a job's error, or the worker
 * failing, rejects with an `EngineError` whose message is meant for the reader.
 *
 * Where Worker does not exist the same jobs run in the page, still yielding every ~10 ms.
 */
import type { JobName, JobTypes } from './jobs.ts';
import { createJobHost, type FromWorker, type JobId, type ToWorker } from './protocol.ts';

export type { JobName, JobTypes };

export interface RunOptions {
  readonly onProgress?: (fraction: number, note?: string) => void;
  readonly signal?: AbortSignal;
}

export interface EngineClient {
  run<Name extends JobName>(job: Name, params: JobTypes[Name]['params'], options?: RunOptions): Promise<JobTypes[Name]['result']>;
}

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

function browserWorker(handlers: WorkerHandlers): WorkerConnection {
  if (typeof Worker === 'undefined') return inPageWorker(handlers);
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
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

/** The fallback without Worker: the same host and jobs, on the page's own thread. */
function inPageWorker(handlers: WorkerHandlers): WorkerConnection {
  const host = import('./jobs.ts').then(({ jobs }) => createJobHost(jobs, (message) => handlers.message(message)));
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
}

let shared: EngineClient | undefined;

/**
 * The page's engine client. Without options every caller shares one worker; `createWorker` gives a client
 * of its own over another connection (tests use it to run the protocol in Node).
 */
export function createEngineClient(options: { createWorker?: WorkerFactory } = {}): EngineClient {
  if (options.createWorker) return connect(options.createWorker);
  shared ??= connect(browserWorker);
  return shared;
}

function connect(createWorker: WorkerFactory): EngineClient {
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
      const { signal, onProgress } = options;
      if (signal?.aborted) return Promise.reject(abortError());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          if (!pending.has(id)) return;
          settle();
          worker?.post({ type: 'cancel', id });
          reject(abortError());
        };
        const settle = (): void => {
          pending.delete(id);
          signal?.removeEventListener('abort', onAbort);
        };
        pending.set(id, {
          resolve: (result) => {
            settle();
            resolve(result as JobTypes[typeof job]['result']);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
          onProgress,
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          worker ??= createWorker(handlers);
          worker.post({ type: 'run', id, job, params });
        } catch (error) {
          pending.get(id)?.reject(new EngineError(`The computation could not be started: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    },
  };
}
