/**
 * Typed hand-offs between pipeline stages. Each stage folder exports one entry function taking the
 * input below and returning the output below; the runner is the only caller.
 */
import type { PcmAudio } from '../core/audio';
import type { Cue, FoleyPlan } from './plan';
import type { Take } from './take';

export type StageName = 'media' | 'analyze' | 'plan' | 'generate' | 'align' | 'mix' | 'deliver';

export interface StageProgress {
  stage: StageName;
  /** 0..1 within the stage */
  fraction: number;
  message?: string;
}

export type ProgressListener = (p: StageProgress) => void;

/** generate → align: the candidates of one cue */
export interface CueCandidates {
  cue: Cue;
  takes: Take[];
  /** set when no backend could render the cue; the cue is then skipped, never silently faked */
  error?: { code: string; message: string };
}

export interface GenerateOutput {
  plan: FoleyPlan;
  candidates: CueCandidates[];
}

/** Scores of one candidate take; every number is 0..1, higher is better. */
export interface TakeScores {
  sync: number;
  loudness: number;
  classFit: number;
  novelty: number;
  total: number;
  /** detected onset minus declared sync point, ms */
  onsetErrorMs: number | null;
  /** loudness of the take as placed (max momentary for hits, integrated for beds), LUFS; null if silent */
  loudnessLufs?: number | null;
}

/** align → mix: one chosen take placed on the output timeline */
export interface Placement {
  cueId: string;
  stem: string;
  /** sample index in the output where the placed audio begins (may be negative: the head is cut) */
  startSample: number;
  /**
   * the audio to place, already trimmed/looped to the cue range and with gain applied; a fresh buffer
   * handed over with the placement (the mix may reuse it as a stem buffer and change it)
   */
  audio: PcmAudio;
  /** -1..1 */
  pan: number;
  /** output sample where the sync point lands (cue.start × sampleRate, rounded) */
  syncSampleOut: number;
  chosenTake: number;
  scores: TakeScores[];
  provenance: Take['provenance'];
  /** where classFit came from: per-class spectral targets, an external audio–text scorer, or none known */
  classFitSource?: 'spectral' | 'external' | 'none';
  /** the cue's kind (hit / loop / ambience), so the mix can tell beds from transients */
  kind?: Cue['kind'];
}

export interface AlignOutput {
  plan: FoleyPlan;
  placements: Placement[];
  /** total output length in samples (the clip range) */
  lengthSamples: number;
  sampleRateHz: number;
  skipped: Array<{ cueId: string; code: string; message: string }>;
}

export interface LoudnessSummary {
  integratedLufs: number;
  loudnessRangeLu: number;
  truePeakDbtp: number;
  maxMomentaryLufs: number;
  maxShortTermLufs: number;
}

/** mix → deliver */
export interface MixOutput {
  mix: PcmAudio;
  stems: Record<string, PcmAudio>;
  loudness: { mix: LoudnessSummary; stems: Record<string, LoudnessSummary> };
  /** gain applied to reach the target, dB */
  normalizationGainDb: number;
}
