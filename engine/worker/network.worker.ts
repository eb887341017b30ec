/**
 * The network worker's entry: a module worker of its own for network simulations (network-jobs.ts), so a
 * run of many seconds neither shares a thread with the quick jobs of engine.worker.ts nor makes every page
 * that has a quick job load the network code. The page creates it through `createNetworkClient()`.
 */
import { networkJobs } from './network-jobs.ts';
import { createJobHost, type FromWorker } from './protocol.ts';

/** The part of DedicatedWorkerGlobalScope used here (the webworker lib would clash with the DOM lib). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const host = createJobHost(networkJobs, (message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => host.receive(event.data);
