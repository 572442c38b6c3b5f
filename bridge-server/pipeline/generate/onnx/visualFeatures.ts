/**
 * Frames for video-conditioned bundles: each visual stream of the manifest is read through the media
 * module at the stream's exact fps and size (rgb24, squashed to the size as MMAudio's CLIP branch
 * does), from the clip range the cue needs. Normalization happens in the worker (flowRuntime).
 */
import type { VisualStream } from './bundleSchema';
import type { FrameSet } from './flowRuntime';
import { probeVideo, resolveRange, streamFrames } from '../../../media';

export async function readVisualFrames(o: {
  path: string;
  inSec: number;
  outSec: number;
  streams: readonly VisualStream[];
  signal?: AbortSignal;
}): Promise<Record<string, FrameSet>> {
  const probe = await probeVideo(o.path, o.signal);
  const out: Record<string, FrameSet> = {};
  for (const s of o.streams) {
    const range = resolveRange(probe.path, probe.durationSec, s.fps, o.inSec, Math.min(o.outSec, probe.durationSec));
    const frames: Uint8Array[] = [];
    for await (const f of streamFrames({ probe, range, width: s.width, height: s.height, pixelFormat: 'rgb24', fps: s.fps, signal: o.signal })) {
      frames.push(f.data);
    }
    out[s.feature] = { width: s.width, height: s.height, frames };
  }
  return out;
}
