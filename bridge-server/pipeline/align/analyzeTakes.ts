/**
 * Analyses all candidate takes of a clip (scoreTake.analyzeTake), the expensive part of the align stage
 * (onset detection, spectrum, loudness per take). Takes are independent, so when there are many and the
 * compiled worker is available, the second half is analysed on a worker thread while this thread does
 * the first half (2 cores). The stage stays synchronous: the worker hands its results over a message
 * port and wakes this thread through a shared flag (Atomics.wait / receiveMessageOnPort). Results are
 * identical to analysing inline (same code, same inputs); any worker failure falls back to inline.
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

/** Below this many takes a worker's start-up (~50 ms) costs more than it saves. */
const MIN_TAKES_FOR_WORKER = 64;
/** A worker that has not answered by then is abandoned and its half analysed here. */
const WORKER_TIMEOUT_MS = 120_000;

export function analyzeJob(j: TakeJob): TakeAnalysis {
  return analyzeTake(j.audio, j.syncSample, j.isBed, j.gainDb);
}

export function analyzeTakes(jobs: TakeJob[]): TakeAnalysis[] {
  if (jobs.length < MIN_TAKES_FOR_WORKER) return jobs.map(analyzeJob);
  const split = Math.ceil(jobs.length / 2);
  const remote = jobs.slice(split);
  // the compiled worker sits next to this module in dist/; from sources (tests) everything runs inline
  const job = startSyncJob<TakeJob[], TakeAnalysis[]>(join(__dirname, 'analyzeWorker.js'), remote, __filename);
  if (!job) return jobs.map(analyzeJob);
  const local = jobs.slice(0, split).map(analyzeJob);
  const analyses = job.wait(WORKER_TIMEOUT_MS);
  return local.concat(analyses && analyses.length === remote.length ? analyses : remote.map(analyzeJob));
}
