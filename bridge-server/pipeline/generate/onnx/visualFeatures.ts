/**
 * Frames for video-conditioned bundles: each visual stream of the manifest is read through the media
 * module at the stream's exact fps (rgb24), from the clip range the cue needs, and brought to the
 * stream's size the way the model was trained: `squash` scales to the size ignoring aspect (MMAudio's
 * CLIP branch); `shortSideCrop` scales the short side to the target and keeps the centre (MMAudio's
 * Synchformer branch, eval_utils.py). Normalization happens in the worker (flowRuntime.ts).
 */
import type { VisualStream } from './bundleSchema';
import type { FrameSet } from './flowRuntime';
import { probeVideo, resolveRange, streamFrames } from '../../../media';

/** Scaled size whose short side matches the target and whose long side covers it (even sizes). */
export function shortSideSize(srcWidth: number, srcHeight: number, width: number, height: number): { width: number; height: number } {
  const scale = Math.max(width / srcWidth, height / srcHeight);
  const even = (v: number, min: number): number => Math.max(min, Math.ceil(v / 2) * 2);
  return { width: even(srcWidth * scale, width), height: even(srcHeight * scale, height) };
}

/** The centre width×height of an rgb24 frame. */
export function cropCenter(data: Uint8Array, srcWidth: number, srcHeight: number, width: number, height: number): Uint8Array {
  if (srcWidth === width && srcHeight === height) return data;
  const x0 = Math.floor((srcWidth - width) / 2);
  const y0 = Math.floor((srcHeight - height) / 2);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * srcWidth + x0) * 3;
    out.set(data.subarray(from, from + width * 3), y * width * 3);
  }
  return out;
}

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
    const size = s.resize === 'shortSideCrop' ? shortSideSize(probe.video.displayWidth, probe.video.displayHeight, s.width, s.height) : { width: s.width, height: s.height };
    const frames: Uint8Array[] = [];
    for await (const f of streamFrames({ probe, range, width: size.width, height: size.height, pixelFormat: 'rgb24', fps: s.fps, signal: o.signal })) {
      frames.push(cropCenter(f.data, f.width, f.height, s.width, s.height));
    }
    out[s.feature] = { width: s.width, height: s.height, frames };
  }
  return out;
}
