/**
 * Analyses all candidate takes of a clip (scoreTake.analyzeTake), the expensive part of the align stage
 * (onset detection, spectrum, loudness per take). Takes are independent, so when there are many and the
 * compiled worker is available, the second half is handed to a worker thread while this thread does the
 * first half (2 cores). The two share the second half through a claim per take: the worker takes them in
 * order from the front, this thread, once its own half is done, from the back, so both finish together
 * whichever is slower (the worker starts ~50 ms late and runs colder code; on a busy machine either may
 * lose its core). The stage stays synchronous: the worker hands its results over a message port and wakes
 * this thread through a shared flag (Atomics.wait / receiveMessageOnPort). Results are identical to
 * analysing inline (same code, same inputs); a take the worker did not deliver is analysed here.
 */
import { join } from 'node:path';
import type { PcmAudio } from '../../core/audio';
import { startSyncJob } from '../../core/syncWorker';
import { analyzeTake, type TakeAnalysis } from './scoreTake';

export interface TakeJob {
  audio: PcmAudio;
  syncSample: number;
  isBed: boolean;
  gainDb: number;
}

/** The worker's share: takes, and one claim word per take (0 free, 1 the worker's, 2 this thread's). */
export interface SharedTakeJobs {
  jobs: TakeJob[];
  claims: Int32Array;
}

/** What the worker returns: the index (in its share) and analysis of every take it claimed. */
export type ClaimedAnalyses = Array<[number, TakeAnalysis]>;

/** Below this many takes a worker's start-up (~50 ms) costs more than it saves. */
const MIN_TAKES_FOR_WORKER = 64;
/** A worker that has not answered by then is abandoned and its takes analysed here. */
const WORKER_TIMEOUT_MS = 120_000;
const FREE = 0;
const BY_WORKER = 1;
const BY_CALLER = 2;

export function analyzeJob(j: TakeJob): TakeAnalysis {
  return analyzeTake(j.audio, j.syncSample, j.isBed, j.gainDb);
}

/** Worker side: claims takes from the front until it meets one the caller took. */
export function analyzeClaimedFromFront(shared: SharedTakeJobs): ClaimedAnalyses {
  const out: ClaimedAnalyses = [];
  for (let k = 0; k < shared.jobs.length; k++) {
    if (Atomics.compareExchange(shared.claims, k, FREE, BY_WORKER) !== FREE) break;
    out.push([k, analyzeJob(shared.jobs[k] as TakeJob)]);
  }
  return out;
}

export function analyzeTakes(jobs: TakeJob[]): TakeAnalysis[] {
  if (jobs.length < MIN_TAKES_FOR_WORKER) return jobs.map(analyzeJob);
  const split = Math.ceil(jobs.length / 2);
  const remote = jobs.slice(split);
  const claims = new Int32Array(new SharedArrayBuffer(4 * remote.length));
  // the compiled worker sits next to this module in dist/; from sources (tests) everything runs inline
  const job = startSyncJob<SharedTakeJobs, ClaimedAnalyses>(join(__dirname, 'analyzeWorker.js'), { jobs: remote, claims }, __filename);
  if (!job) return jobs.map(analyzeJob);
  const local = jobs.slice(0, split).map(analyzeJob);
  // then the worker's share from the back; the worker claims in order from the front, so the first take
  // it already holds means it holds every one before it too
  const shared: Array<TakeAnalysis | undefined> = new Array(remote.length);
  for (let k = remote.length - 1; k >= 0; k--) {
    if (Atomics.compareExchange(claims, k, FREE, BY_CALLER) !== FREE) break;
    shared[k] = analyzeJob(remote[k] as TakeJob);
  }
  for (const [k, a] of job.wait(WORKER_TIMEOUT_MS) ?? []) if (shared[k] === undefined) shared[k] = a;
  // anything the worker claimed but did not deliver (crash, timeout) is analysed here
  return local.concat(shared.map((a, k) => a ?? analyzeJob(remote[k] as TakeJob)));
}
