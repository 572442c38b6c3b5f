/**
 * Streams decoded frames at analysis size from ffmpeg's stdout. `for await` over the pipe gives
 * backpressure for free: ffmpeg blocks while the consumer is busy, so memory stays at a few frames.
 * Seeking happens before the input (-ss before -i), which is both fast and frame-exact in ffmpeg ≥ 2.1.
 */
import { basename } from 'node:path';
import { FoleyError } from '../core/errors';
import { type Rational, formatRational } from '../core/rational';
import type { MediaProbe, VideoStreamInfo } from './probe';
import type { SourceRange } from './range';
import { lastLine, spawnTool } from './spawn';

export type FramePixelFormat = 'gray' | 'rgb24';

export interface FrameStreamOptions {
  probe: MediaProbe & { video: VideoStreamInfo };
  range: SourceRange;
  /** output width in pixels; height follows the display aspect ratio, rounded to even */
  width: number;
  /** explicit output height (else derived from the aspect ratio) */
  height?: number;
  pixelFormat: FramePixelFormat;
  /** resample to this frame rate (e.g. a model's feature rate); default: the source rate, made constant */
  fps?: Rational;
  signal?: AbortSignal;
}

export interface VideoFrame {
  /** index from the start of the range */
  index: number;
  /** seconds from the range start (inSec) at which this frame starts */
  t: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export function analysisSize(video: VideoStreamInfo, width: number): { width: number; height: number } {
  const w = Math.max(2, Math.round(width / 2) * 2);
  const h = Math.max(2, Math.round((w * video.displayHeight) / video.displayWidth / 2) * 2);
  return { width: w, height: h };
}

/** The ffmpeg arguments for a frame stream; a pure function so it can be tested as an exact array. */
export function buildFrameArgs(opts: {
  path: string;
  range: SourceRange;
  width: number;
  height: number;
  pixelFormat: FramePixelFormat;
  fps: Rational | undefined;
}): string[] {
  const filters: string[] = [];
  if (opts.fps) filters.push(`fps=${formatRational(opts.fps)}`);
  filters.push(`scale=${opts.width}:${opts.height}`);
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-ss',
    opts.range.inSec.toFixed(6),
    '-i',
    opts.path,
    '-t',
    (opts.range.outSec - opts.range.inSec).toFixed(6),
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    filters.join(','),
    '-pix_fmt',
    opts.pixelFormat,
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}

export async function* streamFrames(opts: FrameStreamOptions): AsyncGenerator<VideoFrame, void, undefined> {
  const { probe, range } = opts;
  const size = opts.height ? { width: opts.width, height: opts.height } : analysisSize(probe.video, opts.width);
  // VFR sources are resampled to their nominal rate so frame index ↔ time stays exact.
  const fps = opts.fps ?? (probe.video.isVfr ? probe.video.fps : undefined);
  const outFps = fps ?? probe.video.fps;
  const args = buildFrameArgs({ path: probe.path, range, ...size, pixelFormat: opts.pixelFormat, fps });
  const proc = spawnTool('ffmpeg', args, opts.signal);
  proc.child.stdin.end();
  const frameBytes = size.width * size.height * (opts.pixelFormat === 'gray' ? 1 : 3);
  const offset = opts.fps ? 0 : range.firstFrameOffsetSec;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let finished = false;
  try {
    for await (const chunk of proc.child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let pos = 0;
      while (pending.length - pos >= frameBytes) {
        const data = new Uint8Array(frameBytes);
        data.set(pending.subarray(pos, pos + frameBytes));
        pos += frameBytes;
        yield { index, t: offset + (index * outFps.den) / outFps.num, width: size.width, height: size.height, data };
        index++;
      }
      pending = pos === pending.length ? Buffer.alloc(0) : pending.subarray(pos);
    }
    finished = true;
  } finally {
    if (!finished) proc.child.kill('SIGKILL');
  }
  const code = await proc.exited;
  if (opts.signal?.aborted) throw new FoleyError('CANCELLED', 'The job was cancelled.');
  if (index === 0) {
    if (code !== 0) {
      throw new FoleyError('MEDIA_UNREADABLE', `${basename(probe.path)}: the video cannot be decoded (${lastLine(proc.stderrTail())}).`);
    }
    throw new FoleyError('MEDIA_RANGE', `${basename(probe.path)}: no video frames between ${range.inSec}s and ${range.outSec}s.`);
  }
  // A truncated file still yields the frames that could be decoded; the caller sees the shorter count.
}
