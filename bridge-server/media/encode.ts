/**
 * Encodes raw frames (and optional audio) into a video file. Used to make example clips, test scenes
 * and fixtures; frames are written to ffmpeg's stdin with backpressure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PcmAudio } from '../core/audio';
import { FoleyError } from '../core/errors';
import { type Rational, formatRational } from '../core/rational';
import { writeWav } from './bwf';
import { lastLine, spawnTool } from './spawn';

export type VideoCodec = 'h264' | 'prores';

export interface EncodeOptions {
  outPath: string;
  width: number;
  height: number;
  pixelFormat: 'gray' | 'rgb24';
  fps: Rational;
  codec?: VideoCodec;
  /** H.264 quality (lower is better) */
  crf?: number;
  frames: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  audio?: PcmAudio;
  /** e.g. "01:00:00:00" */
  timecode?: string;
  signal?: AbortSignal;
}

export function buildEncodeArgs(o: Omit<EncodeOptions, 'frames' | 'audio' | 'signal'>, audioPath: string | undefined): string[] {
  const codec = o.codec ?? 'h264';
  const video =
    codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(o.crf ?? 20), '-pix_fmt', 'yuv420p']
      : ['-c:v', 'prores_ks', '-profile:v', '1', '-pix_fmt', 'yuv422p10le'];
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', o.pixelFormat, '-s', `${o.width}x${o.height}`, '-framerate', formatRational(o.fps), '-i', 'pipe:0',
    ...(audioPath ? ['-i', audioPath] : []),
    '-map', '0:v', ...(audioPath ? ['-map', '1:a', '-c:a', codec === 'h264' ? 'aac' : 'pcm_s16le', '-shortest'] : []),
    ...video,
    ...(o.timecode ? ['-timecode', o.timecode] : []),
    o.outPath,
  ];
}

export async function encodeFrames(o: EncodeOptions): Promise<void> {
  let tmp: string | undefined;
  let audioPath: string | undefined;
  if (o.audio) {
    tmp = mkdtempSync(join(tmpdir(), 'foley-enc-'));
    audioPath = join(tmp, 'audio.wav');
    writeWav(audioPath, o.audio, { bitDepth: '32f' });
  }
  try {
    const proc = spawnTool('ffmpeg', buildEncodeArgs(o, audioPath), o.signal);
    const stdin = proc.child.stdin;
    for await (const frame of o.frames) {
      if (!stdin.write(frame)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            stdin.off('drain', done);
            proc.child.off('close', done);
            resolve();
          };
          stdin.once('drain', done);
          proc.child.once('close', done);
        });
      }
      if (proc.child.exitCode !== null) break;
    }
    stdin.end();
    const code = await proc.exited;
    if (code !== 0) throw new FoleyError('FFMPEG_FAILED', `encoding ${o.outPath} failed: ${lastLine(proc.stderrTail())}`);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
