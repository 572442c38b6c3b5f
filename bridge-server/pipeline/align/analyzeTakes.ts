/**
 * Analyses all candidate takes of a clip (scoreTake.analyzeTake), the expensive part of the align stage
 * (onset detection, spectrum, loudness per take). Takes are independent, so when there are many and the
 * compiled worker is available, the second half is analysed on a worker thread while this thread does
 * the first half (2 cores). The stage stays synchronous: the worker hands its results over a message
 * port and wakes this thread through a shared flag (Atomics.wait / receiveMessageOnPort). Results are
 * identical to analysing inline (same code, same inputs); any worker failure falls back to inline.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { PcmAudio } from '../../core/audio';
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
  // the compiled worker sits next to this module in dist/; from sources (tests) everything runs inline
  const workerFile = join(__dirname, 'analyzeWorker.js');
  if (jobs.length < MIN_TAKES_FOR_WORKER || !__filename.endsWith('.js') || !existsSync(workerFile)) return jobs.map(analyzeJob);
  const split = Math.ceil(jobs.length / 2);
  const remote = jobs.slice(split);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker | undefined;
  try {
    worker = new Worker(workerFile, { workerData: { jobs: remote, flag, port: port2 }, transferList: [port2] });
    worker.unref();
  } catch {
    return jobs.map(analyzeJob);
  }
  const local = jobs.slice(0, split).map(analyzeJob);
  const woke = Atomics.wait(flag, 0, 0, WORKER_TIMEOUT_MS);
  const reply = woke === 'timed-out' ? undefined : (receiveMessageOnPort(port1)?.message as { analyses?: TakeAnalysis[] } | undefined);
  port1.close();
  void worker.terminate();
  const analyses = reply?.analyses;
  return local.concat(analyses && analyses.length === remote.length ? analyses : remote.map(analyzeJob));
}
