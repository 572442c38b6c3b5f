/**
 * Types shared by the procedural generators: what a generator receives (resolved params, a seeded RNG, the
 * sample rate, the bed length) and what it returns before finalization (raw channels + sync sample + the
 * class-typical peak level). Generators never normalize or remove DC themselves; `finalizeSound` does.
 */
import type { Rng } from '../../../core/rng';
import type { ResolvedParams } from './catalogue';

export interface SynthContext {
  sampleRateHz: number;
  rng: Rng;
  /** beds: the length to render in seconds (finalization adds the loop crossfade on top) */
  durationSec: number;
}

export interface RawSound {
  channels: Float32Array[];
  /** sample index of the perceptual onset (first sample of the attack) */
  syncSample: number;
  /** class-typical peak level the take is normalized to (before the per-seed level variation) */
  peakDb: number;
  /**
   * beds: the channels hold `loopSamples + crossfadeSamples` samples, to be folded into a seamless loop; they
   * must be the generator's own buffers (not scratch): the take's channels are views of them
   */
  loop?: { crossfadeSamples: number };
}

export type SoundGenerator = (params: ResolvedParams, ctx: SynthContext) => RawSound;

export function numParam(p: ResolvedParams, name: string, fallback = 0.5): number {
  const v = p[name];
  return typeof v === 'number' ? v : fallback;
}

export function strParam(p: ResolvedParams, name: string, fallback: string): string {
  const v = p[name];
  return typeof v === 'string' ? v : fallback;
}

/** Silence before every one-shot's onset: gives onset detectors and the align stage a clean lead-in. */
export const PREROLL_SEC = 0.01;
