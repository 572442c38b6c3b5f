/**
 * A take: one rendered candidate for one cue, with the sample index of its perceptual onset.
 * Every generation backend returns takes; the align stage only ever sees takes.
 */
import type { PcmAudio } from '../core/audio';
import type { BackendId } from './plan';

export interface TakeProvenance {
  backend: BackendId;
  /** catalogue class the take was rendered for */
  class: string;
  seed: number;
  params: Record<string, string | number | boolean>;
  /** library backend: the source file and the slice inside it */
  sourceFile?: string;
  sourceOffsetSec?: number;
  /** onnx backend: the bundle name */
  bundle?: string;
}

export interface Take {
  audio: PcmAudio;
  /** sample index (in `audio`) of the perceptual onset that must land on the cue time */
  syncSample: number;
  /** true for beds that can be looped seamlessly to any length */
  loopable?: boolean;
  provenance: TakeProvenance;
}
