/**
 * The stems' last step: each stem gets the mix's gain and limiter curve (one shared curve, so the stems
 * still sum to the mix) and is measured. Stems are independent of each other and of the full mix, so
 * some of them are finished on a worker thread (core/syncWorker) while this thread renders and measures
 * the full mix: on two cores that takes the densest stem (usually the ambience bed) off the critical
 * path. Stems and the curve live in SharedArrayBuffers (the worker changes them in place). Results do not
 * depend on which thread ran a stem (same code, same inputs); without a worker everything runs here.
 */
import { join } from 'node:path';
import type { LoudnessSummary } from '../../contracts/stages';
import { FoleyError } from '../../core/errors';
import { startSyncJob, type SyncJob } from '../../core/syncWorker';
import { measureLoudness, type LoudnessMeasurement } from '../../dsp/loudness';
import { gainOverSpans, type GainWithCurve, type Spans } from './spans';

export interface StemJob {
  name: string;
  sampleRateHz: number;
  channels: Float32Array[];
  spans: Spans;
}

export type StemGain = GainWithCurve;

/** Far above any real programme (10 minutes of stereo take ~1 s); a worker that silent has died. */
const WORKER_TIMEOUT_MS = 600_000;

export function toSummary(m: LoudnessMeasurement): LoudnessSummary {
  return {
    integratedLufs: m.integratedLufs,
    loudnessRangeLu: m.loudnessRangeLu,
    truePeakDbtp: m.truePeakDbtp,
    maxMomentaryLufs: m.maxMomentaryLufs,
    maxShortTermLufs: m.maxShortTermLufs,
  };
}

/** The stem's loudness and true peak as it is now (measured over its spans only). */
export function measureStem(job: StemJob): LoudnessSummary {
  return toSummary(measureLoudness({ sampleRateHz: job.sampleRateHz, channels: job.channels }, { activeSpans: job.spans }));
}

/** x · gain · curve over the stem's spans, then its measurement; `onGained` runs in between. */
export function finishStem(job: StemJob, g: StemGain, onGained?: () => void): LoudnessSummary {
  gainOverSpans(job.channels, job.spans, g.gain, g.curve);
  onGained?.();
  return measureStem(job);
}

interface RemoteStems {
  jobs: StemJob[];
  gain: StemGain;
  /** per job: 1 once its samples have been gained (shared, so a failed worker's progress is known) */
  gained: Int32Array;
}

/** The worker's share, marking each stem as gained before measuring it. */
export function finishStemJobs(data: RemoteStems): LoudnessSummary[] {
  return data.jobs.map((j, k) => finishStem(j, data.gain, () => Atomics.store(data.gained, k, 1)));
}

function coverage(spans: Spans): number {
  let n = 0;
  for (let k = 0; k < spans.length; k += 2) n += (spans[k + 1] as number) - (spans[k] as number);
  return n;
}

/**
 * Which stems go to the worker: largest first (by samples inside their spans), each to the less loaded
 * side, this thread starting with the full mix (as costly as one dense stem).
 */
export function stemsForWorker(jobs: StemJob[], programmeLength: number): Set<string> {
  let here = programmeLength;
  let there = 0;
  const out = new Set<string>();
  const order = jobs.map((j) => ({ name: j.name, cost: coverage(j.spans) })).sort((a, b) => b.cost - a.cost || (a.name < b.name ? -1 : 1));
  for (const { name, cost } of order) {
    if (there < here) {
      out.add(name);
      there += cost;
    } else here += cost;
  }
  return out;
}

export interface StemsInFlight {
  /** finishes the stems kept here, collects the worker's, and returns every stem's summary (at the start gain) */
  finish(): Record<string, LoudnessSummary>;
}

/** Starts finishing `jobs` with `gain`; the worker's share begins now, this thread's share in finish(). */
export function startFinishingStems(jobs: StemJob[], gain: StemGain, programmeLength: number): StemsInFlight {
  // only stems in shared memory can be changed in place by the worker (others would reach it as copies)
  const shareable = jobs.filter((j) => j.channels.every((ch) => ch.buffer instanceof SharedArrayBuffer));
  const remoteNames = jobs.length > 1 ? stemsForWorker(shareable, programmeLength) : new Set<string>();
  const remote = jobs.filter((j) => remoteNames.has(j.name));
  const local = jobs.filter((j) => !remoteNames.has(j.name));
  const gained = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, remote.length)));
  let job: SyncJob<LoudnessSummary[]> | undefined;
  if (remote.length > 0) job = startSyncJob<RemoteStems, LoudnessSummary[]>(join(__dirname, 'finishStemsWorker.js'), { jobs: remote, gain, gained }, __filename);
  const runHere = job ? local : jobs;
  return {
    finish(): Record<string, LoudnessSummary> {
      const out: Record<string, LoudnessSummary> = {};
      for (const j of runHere) out[j.name] = finishStem(j, gain);
      if (job) {
        const results = job.wait(WORKER_TIMEOUT_MS);
        // a worker still running may be changing a stem: finishing it here too could gain it twice
        if (job.timedOut) throw new FoleyError('INTERNAL', 'the mix could not finish its stems: a worker thread did not answer');
        remote.forEach((j, k) => {
          if (results && results.length === remote.length) out[j.name] = results[k] as LoudnessSummary;
          else if (Atomics.load(gained, k) === 1) out[j.name] = measureStem(j);
          else out[j.name] = finishStem(j, gain);
        });
      }
      return out;
    },
  };
}
