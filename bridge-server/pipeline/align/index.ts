/**
 * Align stage: for every enabled cue, score its candidate takes (scoreTake.ts), pick the best one —
 * never the same take as the previous cue of the same class when there is any alternative — and place
 * it on the output timeline so its sync point lands on the cue time to the sample:
 * startSample = round(cue.start · sr) − take.syncSample. Beds (loop/ambience) are trimmed or looped
 * with crossfades to exactly [start, end]. Cue gain is applied here; panning happens in the mix.
 */
import type { FoleyPlan, Cue } from '../../contracts/plan';
import type { Take } from '../../contracts/take';
import type { AlignOutput, CueCandidates, GenerateOutput, Placement, TakeScores } from '../../contracts/stages';
import { dbToGain } from '../../core/audio';
import { fingerprintSimilarity } from '../../dsp/features';
import { CLASS_TARGETS, centroidFit, type ClassTarget } from './classTargets';
import { fitBedToLength, resampleLinear, withGain } from './fitRange';
import { analyzeTakes, type TakeJob } from './analyzeTakes';
import { loudnessScore, syncScore, totalScore, type TakeAnalysis } from './scoreTake';

export interface AlignInput {
  generated: GenerateOutput;
  sampleRateHz: number;
  /** class id → spectral target; defaults to CLASS_TARGETS */
  classTargets?: Readonly<Record<string, ClassTarget>>;
  /** cue id → class-fit score per take (0..1) from an audio–text scorer; replaces the spectral fit */
  externalClassFit?: Record<string, number[]>;
}

/** Fingerprint correlation above which two takes count as the same sound. */
const SAME_TAKE_SIMILARITY = 0.995;
/** How many earlier chosen takes of a class form the loudness reference. */
const LOUDNESS_NEIGHBOURS = 4;

interface ClassHistory {
  loudness: number[];
  lastFingerprint?: Float64Array;
}

function isBed(cue: Cue): boolean {
  return cue.kind === 'loop' || cue.kind === 'ambience';
}

function median(values: number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const m = Math.floor(finite.length / 2);
  return finite.length % 2 ? finite[m] : ((finite[m - 1] as number) + (finite[m] as number)) / 2;
}

export function totalLengthSamples(plan: FoleyPlan, sampleRateHz: number): number {
  return Math.max(0, Math.round((plan.clip.outSec - plan.clip.inSec) * sampleRateHz));
}

export function alignTakes(input: AlignInput): AlignOutput {
  const sr = input.sampleRateHz;
  const plan = input.generated.plan;
  const targets = input.classTargets ?? CLASS_TARGETS;
  const placements: Placement[] = [];
  const skipped: AlignOutput['skipped'] = [];
  const history = new Map<string, ClassHistory>();
  // neighbours are defined in time, so cues are processed in start order (stable for equal starts)
  const ordered = input.generated.candidates.map((c, i) => ({ c, i })).sort((a, b) => a.c.cue.start - b.c.cue.start || a.i - b.i);
  // every take is analysed up front (in parallel where it pays, analyzeTakes.ts); scoring below is
  // cheap arithmetic that depends on the choices made for earlier cues
  const resampledByCue = new Map<CueCandidates, Take[]>();
  const jobs: TakeJob[] = [];
  const jobCue: CueCandidates[] = [];
  for (const { c } of ordered) {
    if (!c.cue.enabled || c.error || c.takes.length === 0) continue;
    const takes = c.takes.map((t) => {
      if (t.audio.sampleRateHz === sr) return t;
      const ratio = sr / t.audio.sampleRateHz;
      return { ...t, audio: resampleLinear(t.audio, sr), syncSample: Math.round(t.syncSample * ratio) };
    });
    resampledByCue.set(c, takes);
    for (const t of takes) {
      jobs.push({ audio: t.audio, syncSample: t.syncSample, isBed: isBed(c.cue), gainDb: c.cue.gainDb });
      jobCue.push(c);
    }
  }
  const analysesByCue = new Map<CueCandidates, TakeAnalysis[]>();
  analyzeTakes(jobs).forEach((a, k) => {
    const key = jobCue[k] as CueCandidates;
    const list = analysesByCue.get(key) ?? [];
    list.push(a);
    analysesByCue.set(key, list);
  });
  for (const { c } of ordered) {
    const cue = c.cue;
    if (!cue.enabled) continue;
    if (c.error) {
      skipped.push({ cueId: cue.id, code: c.error.code, message: c.error.message });
      continue;
    }
    if (c.takes.length === 0) {
      skipped.push({ cueId: cue.id, code: 'NO_TAKES', message: `no backend returned a take for cue "${cue.id}"` });
      continue;
    }
    const bed = isBed(cue);
    const takes = resampledByCue.get(c) as Take[];
    const analyses = analysesByCue.get(c) as TakeAnalysis[];
    const cls = cue.sound.class;
    const hist = history.get(cls) ?? { loudness: [] };
    // first cue of a class: the candidates' own median is the reference, so outliers still lose
    const reference = median(hist.loudness.length > 0 ? hist.loudness.slice(-LOUDNESS_NEIGHBOURS) : analyses.map((a) => a.loudnessLufs));
    const external = input.externalClassFit?.[cue.id];
    const useExternal = external !== undefined && external.length === takes.length;
    const target = targets[cls];
    const similarities = analyses.map((a) => (hist.lastFingerprint ? fingerprintSimilarity(a.features.fingerprint, hist.lastFingerprint) : -1));
    const scores: TakeScores[] = analyses.map((a, k) => {
      const classFit = useExternal ? Math.max(0, Math.min(1, external[k] as number)) : target ? centroidFit(a.features.centroidHz, target) : 1;
      const novelty = hist.lastFingerprint ? Math.max(0, Math.min(1, 1 - (similarities[k] as number))) : 1;
      const s = { sync: syncScore(a, bed), loudness: loudnessScore(a.loudnessLufs, reference), classFit, novelty };
      return { ...s, total: totalScore(s), onsetErrorMs: a.onsetErrorMs, loudnessLufs: Number.isFinite(a.loudnessLufs) ? a.loudnessLufs : null };
    });
    // never the same take twice in a row when there is an alternative
    const allowed = scores.map((_, k) => (similarities[k] as number) < SAME_TAKE_SIMILARITY);
    const anyAllowed = allowed.some(Boolean);
    let chosen = -1;
    scores.forEach((s, k) => {
      if (anyAllowed && !allowed[k]) return;
      if (chosen < 0 || s.total > (scores[chosen] as TakeScores).total) chosen = k;
    });
    const take = takes[chosen];
    const analysis = analyses[chosen];
    if (!take || !analysis) continue;
    const gain = dbToGain(cue.gainDb);
    const cueStartSample = Math.round(cue.start * sr);
    let placement: Placement;
    if (bed) {
      const endSec = cue.end ?? cue.start;
      const length = Math.max(0, Math.round(endSec * sr) - cueStartSample);
      placement = {
        cueId: cue.id, stem: cue.stem, startSample: cueStartSample, audio: fitBedToLength(take.audio, length, gain),
        pan: cue.pan, syncSampleOut: cueStartSample, chosenTake: chosen, scores, provenance: take.provenance,
      };
    } else {
      placement = {
        cueId: cue.id, stem: cue.stem, startSample: cueStartSample - take.syncSample, audio: withGain(take.audio, gain),
        pan: cue.pan, syncSampleOut: cueStartSample, chosenTake: chosen, scores, provenance: take.provenance,
      };
    }
    placement.classFitSource = useExternal ? 'external' : target ? 'spectral' : 'none';
    placement.kind = cue.kind;
    placements.push(placement);
    hist.loudness.push(analysis.loudnessLufs);
    hist.lastFingerprint = analysis.features.fingerprint;
    history.set(cls, hist);
  }
  return { plan, placements, lengthSamples: totalLengthSamples(plan, sr), sampleRateHz: sr, skipped };
}
