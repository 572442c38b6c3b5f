/**
 * report.json: what was placed where and why (per cue: time, class, chosen take, sync point, every
 * candidate's scores, provenance incl. library source file), the loudness of each delivered file and
 * whatever the runner adds (per-stage milliseconds …). Non-finite numbers (the −∞ LUFS of a silent
 * file) become null so the JSON is valid and readers see "not measurable" rather than a fake number.
 */
import type { FoleyPlan } from '../../contracts/plan';
import type { AlignOutput, LoudnessSummary, MixOutput } from '../../contracts/stages';
import type { Preset } from '../../contracts/preset';

export const REPORT_VERSION = 1;

/** Deep copy with non-finite numbers replaced by null (JSON.stringify would write them as null anyway, but silently). */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

export interface ReportInput {
  plan: FoleyPlan;
  aligned: AlignOutput;
  mixed: MixOutput;
  preset: Preset;
  /** relative file name → loudness */
  files: Record<string, LoudnessSummary>;
  extra: Record<string, unknown>;
}

export function buildReport(r: ReportInput): Record<string, unknown> {
  const sr = r.aligned.sampleRateHz;
  const cuesById = new Map(r.plan.cues.map((c) => [c.id, c]));
  const cues = r.aligned.placements.map((p) => {
    const cue = cuesById.get(p.cueId);
    return {
      id: p.cueId,
      timeSec: cue?.start ?? p.syncSampleOut / sr,
      endSec: cue?.end,
      kind: cue?.kind,
      class: cue?.sound.class ?? p.provenance.class,
      stem: p.stem,
      pan: p.pan,
      gainDb: cue?.gainDb,
      chosenTake: p.chosenTake,
      syncSampleOut: p.syncSampleOut,
      startSample: p.startSample,
      takeSyncSample: p.syncSampleOut - p.startSample,
      classFitSource: p.classFitSource,
      scores: p.scores,
      provenance: p.provenance,
    };
  });
  return jsonSafe({
    ...r.extra,
    reportVersion: REPORT_VERSION,
    sampleRateHz: sr,
    lengthSamples: r.aligned.lengthSamples,
    targets: { integratedLufs: r.preset.targetLufs, truePeakDbtp: r.preset.truePeakDbtp, variations: r.preset.variations },
    normalizationGainDb: r.mixed.normalizationGainDb,
    loudness: r.files,
    cues,
    skipped: r.aligned.skipped,
  }) as Record<string, unknown>;
}
