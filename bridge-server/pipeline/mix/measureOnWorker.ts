/**
 * Read-only measurements the mix can run on a worker thread while it does something else (core
 * syncWorker): the bed's loudness while the transient stems are summed and measured, and the raw mix's
 * K-weighted power while its limiter peaks are analysed. The audio must be in SharedArrayBuffers (the
 * mix allocates it so); the worker only reads it. Without a worker, or if it fails or is late, the
 * measurement runs here when its result is asked for: same code, same result.
 */
import { join } from 'node:path';
import type { PcmAudio } from '../../core/audio';
import { startSyncJob, type SyncJob } from '../../core/syncWorker';
import { kWeightedPower, measureLoudness, type LoudnessMeasurement, type LoudnessOptions } from '../../dsp/loudness';

export type KWeightedPower = ReturnType<typeof kWeightedPower>;

export type MeasureTask =
  | { task: 'measure'; audio: PcmAudio; options: LoudnessOptions }
  | { task: 'kWeightedPower'; audio: PcmAudio };

/** Worker side: runs one task (the power buffer is allocated shared so it comes back without a copy). */
export function runMeasureTask(t: MeasureTask): LoudnessMeasurement | KWeightedPower {
  return t.task === 'measure' ? measureLoudness(t.audio, t.options) : kWeightedPower(t.audio, { sharedPower: true });
}

/** Measurements take ~1 s per 10 minutes of stereo; a worker silent this long has died. */
const WORKER_TIMEOUT_MS = 600_000;

export interface Pending<T> {
  result(): T;
}

function start<T>(task: MeasureTask, here: () => T): Pending<T> {
  const shared = task.audio.channels.every((ch) => ch.buffer instanceof SharedArrayBuffer);
  const job: SyncJob<T> | undefined = shared ? startSyncJob<MeasureTask, T>(join(__dirname, 'measureWorker.js'), task, __filename) : undefined;
  return { result: () => job?.wait(WORKER_TIMEOUT_MS) ?? here() };
}

export function startMeasure(audio: PcmAudio, options: LoudnessOptions): Pending<LoudnessMeasurement> {
  return start({ task: 'measure', audio, options }, () => measureLoudness(audio, options));
}

export function startKWeightedPower(audio: PcmAudio): Pending<KWeightedPower> {
  return start({ task: 'kWeightedPower', audio }, () => kWeightedPower(audio));
}
