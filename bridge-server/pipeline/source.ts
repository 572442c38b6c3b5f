/**
 * Opening a clip for a run: probe, check the range, and read the production sound once
 * (the analyze stage uses it as a guide track, the mix stage for ducking, deliver for the preview).
 */
import { type PcmAudio } from '../core/audio';
import type { MediaProbe, SourceRange, VideoStreamInfo } from '../media';
import { probeVideo, readPcm, resolveRange } from '../media';

export interface OpenedSource {
  probe: MediaProbe & { video: VideoStreamInfo };
  range: SourceRange;
  productionSound: PcmAudio | undefined;
}

export async function openSource(
  videoPath: string,
  inSec: number | undefined,
  outSec: number | undefined,
  options: { readSound: boolean; signal?: AbortSignal },
): Promise<OpenedSource> {
  const probe = await probeVideo(videoPath, options.signal);
  const range = resolveRange(videoPath, probe.durationSec, probe.video.fps, inSec, outSec);
  const productionSound = options.readSound ? await readPcm({ probe, range, channels: 1, signal: options.signal }) : undefined;
  return { probe, range, productionSound };
}
