/**
 * Deliver stage: writes foley.wav (full mix) and stems/<group>.wav as Broadcast WAV (bext TimeReference
 * = the clip's timeline position, description = clip + stem, loudness fields from our meter; iXML speed),
 * plan.json, report.json and, when asked, preview.mp4 (picture + Foley, for a sync check).
 * Everything is first written into a temporary sibling folder and then renamed into place, so a failure
 * or cancellation never leaves half-written results in outDir; when outDir exists only our files are
 * replaced (each by an atomic rename), anything else there is left alone.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FoleyPlan } from '../../contracts/plan';
import type { Preset } from '../../contracts/preset';
import type { AlignOutput, LoudnessSummary, MixOutput } from '../../contracts/stages';
import { FoleyError, throwIfAborted, toFoleyError } from '../../core/errors';
import { muxPreview, writeWavBatch, type BextInfo, type WavJob } from '../../media';
import { buildReport } from './buildReport';

export interface DeliverInput {
  outDir: string;
  mixed: MixOutput;
  plan: FoleyPlan;
  aligned: AlignOutput;
  preset: Preset;
  timeReferenceSamples: number;
  report: Record<string, unknown>;
  preview?: { videoPath: string; inSec: number; outSec: number; withProductionSound: boolean };
  signal?: AbortSignal;
}

export interface DeliverOutput {
  files: { mix: string; stems: Record<string, string>; plan: string; report: string; preview?: string };
}

const MIX_NAME = 'foley.wav';
const STEM_DIR = 'stems';

/** A stem group name as a safe file name (letters, digits, - and _). */
export function stemFileName(stem: string): string {
  const safe = stem.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${safe || 'stem'}.wav`;
}

function clipLabel(plan: FoleyPlan): string {
  return plan.clip.path ? basename(plan.clip.path) : 'text-only';
}

function bextLoudness(s: LoudnessSummary): BextInfo['loudness'] {
  const finite = (v: number): number | undefined => (Number.isFinite(v) ? v : undefined);
  return {
    integratedLufs: finite(s.integratedLufs),
    loudnessRangeLu: finite(s.loudnessRangeLu),
    truePeakDbtp: finite(s.truePeakDbtp),
    maxMomentaryLufs: finite(s.maxMomentaryLufs),
    maxShortTermLufs: finite(s.maxShortTermLufs),
  };
}

export async function deliverOutputs(input: DeliverInput): Promise<DeliverOutput> {
  const { outDir, mixed, plan, preset } = input;
  throwIfAborted(input.signal);
  const parent = dirname(outDir);
  const tmpPrefix = `.${basename(outDir)}.partial-`;
  const tmp = join(parent, `${tmpPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  const label = clipLabel(plan);
  const common = { timeReferenceSamples: input.timeReferenceSamples, timecodeRate: plan.clip.fps };
  const stemNames = Object.keys(mixed.stems).sort();
  const relStems: Record<string, string> = {};
  for (const s of stemNames) relStems[s] = join(STEM_DIR, stemFileName(s));
  try {
    mkdirSync(parent, { recursive: true });
    removeStalePartials(parent, tmpPrefix);
    mkdirSync(join(tmp, STEM_DIR), { recursive: true });
    // the files are packed (CPU) on this thread and a worker thread (media writeWavBatch) and written +
    // fsynced while the next one is packed; all writes have finished (or failed) before anything is
    // moved or removed
    throwIfAborted(input.signal);
    const jobs: WavJob[] = [{
      path: join(tmp, MIX_NAME),
      audio: mixed.mix,
      options: { bitDepth: preset.bitDepth, bext: { ...common, description: `${label} - Foley full mix`, loudness: bextLoudness(mixed.loudness.mix) } },
    }];
    for (const s of stemNames) {
      const summary = mixed.loudness.stems[s] as LoudnessSummary;
      jobs.push({
        path: join(tmp, relStems[s] as string),
        audio: mixed.stems[s] as NonNullable<MixOutput['stems'][string]>,
        options: { bitDepth: preset.bitDepth, bext: { ...common, description: `${label} - Foley stem ${s}`, loudness: bextLoudness(summary) } },
      });
    }
    const results = await Promise.allSettled(writeWavBatch(jobs));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const fileLoudness: Record<string, LoudnessSummary> = { [MIX_NAME]: mixed.loudness.mix };
    for (const s of stemNames) fileLoudness[relStems[s] as string] = mixed.loudness.stems[s] as LoudnessSummary;
    writeFileSync(join(tmp, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
    const report = buildReport({ plan, aligned: input.aligned, mixed, preset, files: fileLoudness, extra: input.report });
    writeFileSync(join(tmp, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    if (input.preview) {
      throwIfAborted(input.signal);
      await muxPreview({ ...input.preview, mixPath: join(tmp, MIX_NAME), outPath: join(tmp, 'preview.mp4'), signal: input.signal });
    }
    throwIfAborted(input.signal);
    moveIntoPlace(tmp, outDir);
  } catch (e) {
    removeQuietly(tmp);
    const err = toFoleyError(e, 'OUTPUT_FAILED');
    if (err.code === 'OUTPUT_FAILED' && !(e instanceof FoleyError)) {
      throw new FoleyError('OUTPUT_FAILED', `the results could not be written to ${outDir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    throw err;
  }
  const files: DeliverOutput['files'] = {
    mix: join(outDir, MIX_NAME),
    stems: Object.fromEntries(stemNames.map((s) => [s, join(outDir, relStems[s] as string)])),
    plan: join(outDir, 'plan.json'),
    report: join(outDir, 'report.json'),
  };
  if (input.preview) files.preview = join(outDir, 'preview.mp4');
  return { files };
}

/** Best-effort cleanup that never hides the original error. */
/** true unless the process is known to be gone (a pid we may not signal still exists) */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * A run killed while writing (kill -9, power loss) leaves its temporary folder beside outDir; the next
 * delivery to the same place removes those of processes that no longer exist, so a crash leaves no debris
 * for long. A live process's folder (another run writing right now) is never touched.
 */
function removeStalePartials(parent: string, tmpPrefix: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(tmpPrefix)) continue;
    const pid = Number.parseInt(name.slice(tmpPrefix.length), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) removeQuietly(join(parent, name));
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // the folder could not be created in the first place
  }
}

/** Renames the finished temporary folder into outDir (whole folder when new, file by file otherwise). */
function moveIntoPlace(tmp: string, outDir: string): void {
  if (!existsSync(outDir)) {
    renameSync(tmp, outDir);
    return;
  }
  const stale = previousStemFiles(outDir);
  const fresh = new Set(readdirSync(join(tmp, STEM_DIR)).map((n) => `${STEM_DIR}/${n}`));
  mkdirSync(join(outDir, STEM_DIR), { recursive: true });
  for (const name of readdirSync(join(tmp, STEM_DIR))) renameSync(join(tmp, STEM_DIR, name), join(outDir, STEM_DIR, name));
  for (const name of readdirSync(tmp)) {
    if (name === STEM_DIR) continue;
    renameSync(join(tmp, name), join(outDir, name));
  }
  rmSync(tmp, { recursive: true, force: true });
  // stems a previous run delivered (listed in its report) but this run did not: remove, so the folder
  // never mixes results of two runs; files we did not write are never touched
  for (const rel of stale) if (!fresh.has(rel)) rmSync(join(outDir, rel), { force: true });
}

function previousStemFiles(outDir: string): string[] {
  try {
    const old = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { loudness?: Record<string, unknown> };
    return Object.keys(old.loudness ?? {}).filter((k) => /^stems\/[a-z0-9_-]+\.wav$/.test(k));
  } catch {
    return [];
  }
}
