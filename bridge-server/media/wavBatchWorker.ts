/**
 * Worker side of writeWavBatch: writes the WAV files it was given (writeWav: atomic, fsynced) and posts
 * one result per file; an error in one file does not stop the others.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeWav } from './bwf';
import type { WavJob, WavJobResult } from './wavBatch';

const { jobs } = workerData as { jobs: WavJob[] };
const results: WavJobResult[] = jobs.map((job) => {
  try {
    writeWav(job.path, job.audio, job.options);
    return { ok: true };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { ok: false, message: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' ? { code } : {}) };
  }
});
parentPort?.postMessage({ results });
