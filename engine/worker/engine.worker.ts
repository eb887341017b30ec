/**
 * The engine worker's entry: a module worker (same-origin file, so the site's `script-src 'self'` allows
 * it) that runs jobs from its own registry. The page creates it through `client.ts`.
 */
import { jobs } from './jobs.ts';
import { createJobHost, type FromWorker } from './protocol.ts';

/** The part of DedicatedWorkerGlobalScope used here (the webworker lib would clash with the DOM lib). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const host = createJobHost(jobs, (message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => host.receive(event.data);
