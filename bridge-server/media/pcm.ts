/**
 * Production sound as Float32 PCM at 48 kHz (mono or stereo) for a source range.
 */
import { basename } from 'node:path';
import { type PcmAudio, DEFAULT_SAMPLE_RATE_HZ, deinterleave } from '../core/audio';
import { FoleyError } from '../core/errors';
import type { MediaProbe } from './probe';
import type { SourceRange } from './range';
import { runTool } from './spawn';

export interface ReadPcmOptions {
  probe: MediaProbe;
  range?: Pick<SourceRange, 'inSec' | 'outSec'>;
  channels: 1 | 2;
  sampleRateHz?: number;
  signal?: AbortSignal;
}

export function buildPcmArgs(path: string, range: Pick<SourceRange, 'inSec' | 'outSec'> | undefined, channels: 1 | 2, rate: number): string[] {
  const seek = range ? ['-ss', range.inSec.toFixed(6)] : [];
  const dur = range ? ['-t', (range.outSec - range.inSec).toFixed(6)] : [];
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    ...seek, '-i', path, ...dur,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-ac', String(channels), '-ar', String(rate),
    '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1',
  ];
}

/** Returns undefined when the file has no audio stream. */
export async function readPcm(opts: ReadPcmOptions): Promise<PcmAudio | undefined> {
  if (opts.probe.audio.length === 0) return undefined;
  const rate = opts.sampleRateHz ?? DEFAULT_SAMPLE_RATE_HZ;
  try {
    const { stdout } = await runTool('ffmpeg', buildPcmArgs(opts.probe.path, opts.range, opts.channels, rate), { signal: opts.signal });
    const aligned = new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + (stdout.length - (stdout.length % 4))));
    return deinterleave(aligned, opts.channels, rate);
  } catch (e) {
    if (e instanceof FoleyError && e.code === 'CANCELLED') throw e;
    throw new FoleyError('MEDIA_UNREADABLE', `${basename(opts.probe.path)}: the audio cannot be decoded.`, { cause: e });
  }
}

/** Decodes any audio file (library sounds, reference recordings) to Float32 PCM. */
export async function decodeAudioFile(path: string, channels: 1 | 2, sampleRateHz = DEFAULT_SAMPLE_RATE_HZ, signal?: AbortSignal): Promise<PcmAudio> {
  const { stdout } = await runTool('ffmpeg', buildPcmArgs(path, undefined, channels, sampleRateHz), { signal });
  const aligned = new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + (stdout.length - (stdout.length % 4))));
  return deinterleave(aligned, channels, sampleRateHz);
}
