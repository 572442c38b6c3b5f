/**
 * Writes several (Broadcast) WAV files at once, sharing the work between this thread and one worker
 * thread. Packing 24-bit samples is CPU work (~0.4 s for ten minutes of dense stereo), so a delivery of a
 * full mix and its stems takes about half the wall time on two cores. Each file is still written
 * atomically by `writeWav`/`writeWavAsync` (temporary file, fsync, rename); bytes are identical whichever
 * thread writes them. Sample buffers backed by a SharedArrayBuffer reach the worker without a copy (the
 * mix stage allocates its stems that way); others are copied by postMessage, which is still correct.
 * From sources (tests under ts-jest) and for a single file everything is written here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PcmAudio } from '../core/audio';
import { writeWavAsync, type WriteWavOptions } from './bwf';

export interface WavJob {
  path: string;
  audio: PcmAudio;
  options: WriteWavOptions;
}

/** What the worker reports per job: nothing on success, else the error's message and code. */
export type WavJobResult = { ok: true } | { ok: false; message: string; code?: string };

/** Samples probed per channel to estimate how much of a file is digital silence. */
const DENSITY_PROBES = 4096;

/**
 * Relative packing cost of a file: its length, discounted where it is digital silence (silent blocks are
 * left as holes and short zero runs pack fast; what remains is the silence scan and the file's fixed I/O),
 * estimated from evenly spaced probes so the estimate costs no full pass.
 */
export function packingCost(audio: PcmAudio): number {
  const n = audio.channels[0]?.length ?? 0;
  if (n === 0) return 0;
  const step = Math.max(1, Math.floor(n / DENSITY_PROBES));
  let probes = 0;
  let nonZero = 0;
  for (const ch of audio.channels) {
    for (let i = 0; i < n; i += step) {
      probes++;
      if (ch[i] !== 0) nonZero++;
    }
  }
  const density = nonZero / probes;
  return n * audio.channels.length * (0.2 + 0.8 * density);
}

/**
 * Splits jobs between two threads (longest first, each to the less loaded side) and returns the indices
 * for the worker; this thread keeps the first (largest) job, so a lone file never waits for a worker.
 */
export function splitForWorker(costs: number[]): number[] {
  const order = costs.map((c, i) => ({ c, i })).sort((a, b) => b.c - a.c || a.i - b.i);
  let here = 0;
  let there = 0;
  const worker: number[] = [];
  order.forEach(({ c, i }, k) => {
    if (k > 0 && there < here) {
      worker.push(i);
      there += c;
    } else here += c;
  });
  return worker.sort((a, b) => a - b);
}

function workerFile(): string | undefined {
  const file = join(__dirname, 'wavBatchWorker.js');
  return __filename.endsWith('.js') && existsSync(file) ? file : undefined;
}

function failure(r: WavJobResult & { ok: false }): Error {
  const e = new Error(r.message) as Error & { code?: string };
  if (r.code) e.code = r.code;
  return e;
}

/** Runs jobs on one worker thread; resolves with one result per job (undefined if the worker died). */
function runOnWorker(file: string, jobs: WavJob[]): Promise<Array<WavJobResult | undefined>> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (results: Array<WavJobResult | undefined>): void => {
      if (settled) return;
      settled = true;
      resolve(results);
    };
    let worker: Worker;
    try {
      worker = new Worker(file, { workerData: { jobs: jobs.map((j) => ({ path: j.path, audio: j.audio, options: j.options })) } });
    } catch {
      done(jobs.map(() => undefined));
      return;
    }
    worker.once('message', (m: { results?: WavJobResult[] }) => done(m.results?.length === jobs.length ? m.results : jobs.map(() => undefined)));
    worker.once('error', () => done(jobs.map(() => undefined)));
    worker.once('exit', () => done(jobs.map(() => undefined)));
  });
}

/**
 * Writes every job; one promise per job, in order, each settling when its file is complete (or failed).
 * A job the worker could not run (no worker, worker crash) is written on this thread instead.
 */
export function writeWavBatch(jobs: WavJob[]): Array<Promise<void>> {
  const file = jobs.length > 1 ? workerFile() : undefined;
  const remote = new Set(file ? splitForWorker(jobs.map((j) => packingCost(j.audio))) : []);
  const remoteJobs = jobs.filter((_, i) => remote.has(i));
  // the worker starts first, so its start-up overlaps the packing done here
  const remoteResults = file && remoteJobs.length > 0 ? runOnWorker(file, remoteJobs) : Promise.resolve([]);
  const out: Array<Promise<void>> = [];
  let r = 0;
  jobs.forEach((job, i) => {
    if (!remote.has(i)) {
      out.push(writeWavAsync(job.path, job.audio, job.options));
      return;
    }
    const k = r++;
    out.push(remoteResults.then((results) => {
      const res = results[k];
      if (res === undefined) return writeWavAsync(job.path, job.audio, job.options);
      if (!res.ok) throw failure(res);
      return undefined;
    }));
  });
  return out;
}
