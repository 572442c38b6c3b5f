/**
 * The contract every generation backend (procedural, library, onnx) implements. The generate stage
 * picks a backend per cue from the preset's preference order and what `canRender` says.
 */
import type { Cue } from './plan';
import type { Take } from './take';

export interface ClipContext {
  /** absolute path of the source video, when the plan has one (video-conditioned models need it) */
  path: string | null;
  inSec: number;
  outSec: number;
}

export interface RenderRequest {
  cue: Cue;
  /** how many candidate takes to return */
  count: number;
  /** base seed; take i should use a seed derived from (seed, cue.id, i) so reruns are identical */
  seed: number;
  sampleRateHz: number;
  clip: ClipContext;
  signal?: AbortSignal;
}

export interface GenerationBackend {
  readonly id: 'procedural' | 'library' | 'onnx';
  /** true when this backend can render the cue (class known, library has matches, a bundle is installed) */
  canRender(cue: Cue): boolean | Promise<boolean>;
  render(request: RenderRequest): Promise<Take[]>;
  /** releases sessions, databases, workers */
  dispose?(): Promise<void>;
}
