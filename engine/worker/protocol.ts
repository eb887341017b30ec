/**
 * The messages between the page and the engine worker, and the worker's side of them. Only a job's name
 * and structured-clone data cross the boundary, never code: the worker runs jobs from its own registry.
 *
 * `createJobHost` is pure (no Worker, no DOM), so the whole protocol runs in Node for the unit tests.
 * Jobs run concurrently, interleaved at their pauses: the worker is one thread, so each job gets a share
 * of it and a short job is not held up behind a long one. A job pauses (yields to the event loop) after
 * about `sliceMs` of work, so a `cancel` is read within that time; a cancelled job stops at its next pause,
 * and only `cancelled` is posted for it, never a result or an error.
 *
 * A long job may stream: `context.partial(data)` posts `partial` messages, which the page receives in order
 * and always before the job's result (one port, one queue). A `pause` message holds the job at its next
 * pause until `resume` (or `cancel`) arrives: the thread is then free for other jobs, and nothing is lost.
 */

export type JobId = number;

/** Page → worker. */
export type ToWorker =
  | { readonly type: 'run'; readonly id: JobId; readonly job: string; readonly params: unknown }
  | { readonly type: 'cancel'; readonly id: JobId }
  | { readonly type: 'pause'; readonly id: JobId }
  | { readonly type: 'resume'; readonly id: JobId };

/** Worker → page. An error carries the message text only, never a stack. */
export type FromWorker =
  | { readonly type: 'progress'; readonly id: JobId; readonly fraction: number; readonly note?: string }
  | { readonly type: 'partial'; readonly id: JobId; readonly data: unknown }
  | { readonly type: 'result'; readonly id: JobId; readonly result: unknown }
  | { readonly type: 'error'; readonly id: JobId; readonly message: string }
  | { readonly type: 'cancelled'; readonly id: JobId };

export interface JobContext {
  /** Reports the fraction done, 0 to 1 (clamped), with an optional note for the reader. */
  progress(fraction: number, note?: string): void;
  /**
   * Streams part of the result to the page now (typed arrays in it are transferred: do not touch them
   * afterwards). Throws if the data cannot be cloned; does nothing once the job is cancelled.
   */
  partial(data: unknown): void;
  /** True once the page has asked to cancel this job. */
  cancelled(): boolean;
  /**
   * Call between chunks of work. Yields to the event loop if about `sliceMs` passed since the last yield
   * (otherwise it returns at once); while the page holds the job paused, waits until it is resumed; then
   * throws `JobCancelled` if the job was cancelled meanwhile.
   */
  pause(): Promise<void>;
}

/** A job takes untrusted params (it must validate them) and resolves to structured-clone data. */
export type Job<Result = unknown> = (params: unknown, context: JobContext) => Promise<Result>;

export type JobRegistry = Readonly<Record<string, Job>>;

/** Posts a message; `transfer` lists the ArrayBuffers of typed arrays in a result, moved rather than copied. */
export type Post = (message: FromWorker, transfer: ArrayBuffer[]) => void;

export interface JobHostOptions {
  /** Work between two yields to the event loop, ms. */
  readonly sliceMs?: number;
  /** Resolves in a later task, after pending messages (a cancel) have been handled. */
  readonly yieldToEvents?: () => Promise<void>;
  readonly now?: () => number;
}

export interface JobHost {
  /** Handles one incoming message (untrusted: malformed ones are answered with an error or ignored). */
  receive(message: unknown): void;
  /** Ids of the jobs running now. */
  running(): JobId[];
}

/** Thrown by `pause()` in a cancelled job; the host answers with `cancelled`. */
export class JobCancelled extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'JobCancelled';
  }
}

/**
 * A MessageChannel message is a new task, so messages queued before it (a cancel) are handled first.
 * Unlike a chain of setTimeout(0), it is not clamped to 4 ms after a few nested calls.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isJobId = (value: unknown): value is JobId => typeof value === 'number' && Number.isFinite(value);

/** The text of an error for the reader: its message only (a stack would show the page nothing useful). */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return text.trim() === '' ? 'The computation failed for an unknown reason.' : text;
}

/** The ArrayBuffers behind the typed arrays in a result, each once (arrays may share a buffer). */
export function transferables(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (item: unknown, depth: number): void => {
    if (typeof item !== 'object' || item === null || depth > 8 || seen.has(item)) return;
    seen.add(item);
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) found.add(item.buffer);
      return;
    }
    if (item instanceof ArrayBuffer) {
      found.add(item);
      return;
    }
    for (const child of Array.isArray(item) ? item : Object.values(item)) visit(child, depth + 1);
  };
  visit(value, 0);
  return [...found];
}

interface JobState {
  cancelled: boolean;
  paused: boolean;
  /** Wakes the job waiting in a paused `pause()`, when it is resumed or cancelled. */
  wake: (() => void) | undefined;
}

export function createJobHost(jobs: JobRegistry, post: Post, options: JobHostOptions = {}): JobHost {
  const { sliceMs = 10, yieldToEvents = nextTask, now = () => performance.now() } = options;
  const running = new Map<JobId, JobState>();
  // One clock for the whole host: concurrent jobs share the thread, so any job's yield counts for all.
  let lastYield = now();

  const fail = (id: JobId, message: string): void => post({ type: 'error', id, message }, []);

  async function run(id: JobId, name: string, params: unknown): Promise<void> {
    const job = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
    if (!job) {
      fail(id, `Unknown job "${name}". Known jobs: ${Object.keys(jobs).join(', ')}.`);
      return;
    }
    const state: JobState = { cancelled: false, paused: false, wake: undefined };
    running.set(id, state);
    const context: JobContext = {
      progress(fraction, note) {
        if (state.cancelled || !Number.isFinite(fraction)) return;
        const clamped = Math.min(1, Math.max(0, fraction));
        post(note === undefined ? { type: 'progress', id, fraction: clamped } : { type: 'progress', id, fraction: clamped, note }, []);
      },
      partial(data) {
        if (state.cancelled) return;
        try {
          post({ type: 'partial', id, data }, transferables(data));
        } catch (error) {
          throw new Error(`A partial result could not be sent to the page: ${errorMessage(error)}`);
        }
      },
      cancelled: () => state.cancelled,
      async pause() {
        if (now() - lastYield >= sliceMs) {
          await yieldToEvents();
          lastYield = now();
        }
        while (state.paused && !state.cancelled) {
          await new Promise<void>((resolve) => (state.wake = resolve));
          state.wake = undefined;
          lastYield = now();
        }
        if (state.cancelled) throw new JobCancelled();
      },
    };
    try {
      // A job that ignores its pauses still never reports after a cancel.
      const result = await job(params, context);
      if (state.cancelled) post({ type: 'cancelled', id }, []);
      else {
        try {
          post({ type: 'result', id, result }, transferables(result));
        } catch (error) {
          fail(id, `The result could not be sent to the page: ${errorMessage(error)}`);
        }
      }
    } catch (error) {
      if (state.cancelled) post({ type: 'cancelled', id }, []);
      else fail(id, errorMessage(error));
    } finally {
      running.delete(id);
    }
  }

  return {
    receive(message) {
      if (!isRecord(message) || !isJobId(message['id'])) return; // Nothing to answer to.
      const id = message['id'];
      switch (message['type']) {
        case 'run':
          if (running.has(id)) fail(id, `A job with id ${id} is already running.`);
          else if (typeof message['job'] !== 'string') fail(id, 'A run message needs the name of a job.');
          else void run(id, message['job'], message['params']);
          return;
        case 'cancel': {
          // A job that already finished has posted its answer; the page ignores that once it cancelled.
          const state = running.get(id);
          if (state) {
            state.cancelled = true;
            state.wake?.();
          }
          return;
        }
        case 'pause':
        case 'resume': {
          // Like a cancel, a pause for a job that has finished (or never ran) has nothing to act on.
          const state = running.get(id);
          if (!state) return;
          state.paused = message['type'] === 'pause';
          if (!state.paused) state.wake?.();
          return;
        }
        default:
          fail(id, `Unknown message type ${JSON.stringify(message['type'])}.`);
      }
    },
    running: () => [...running.keys()],
  };
}
