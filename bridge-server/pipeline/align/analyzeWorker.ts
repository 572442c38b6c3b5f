/**
 * Worker side of analyzeTakes: analyses the takes it was given, posts the results on the port, then
 * raises the shared flag so the waiting align stage wakes up (also after a failure: it then analyses
 * those takes itself).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { analyzeJob, type TakeJob } from './analyzeTakes';

const { jobs, flag, port } = workerData as { jobs: TakeJob[]; flag: Int32Array; port: MessagePort };
try {
  port.postMessage({ analyses: jobs.map(analyzeJob) });
} catch (e) {
  port.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  port.close();
}
