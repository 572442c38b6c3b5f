/**
 * Everything the index stores about one sound file, computed from the file alone: format, content
 * hash, UCS name fields, bext/iXML text, duration/channels/rate, loudness, spectral features and the
 * onset slices. Pure with respect to the database, so it can run in a worker thread. Any problem
 * becomes `{ error }` with a one-line reason (shown by `foley library list --errors`), never a throw.
 * Plain PCM/float WAVs are decoded in-process by `wavPcm.ts` (no ffmpeg spawn, no wavefile parse:
 * indexing speed), other WAVs through media `readWav`; AIFF, FLAC, OGG and MP3 go through media
 * `probeMedia` + `decodeAudioFile`. The samples are then read once (`signalScan.ts`) for loudness,
 * level, the onset-detection copy and block peaks; onsets, slices and the spectral shape follow.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import type { PcmAudio } from '../../../core/audio';
import { decodeAudioFile, probeMedia, readWav } from '../../../media';
import { parseIxml } from './ixml';
import { ScratchBuffers } from './scratch';
import { fileOnsetSamples } from './fileOnsets';
import { scanMonoPcm, scanSignal, type SignalScan } from './signalScan';
import { slicesFromOnsets, type Slice } from './slices';
import { featuresFromScan, type SpectralFeatures } from './spectralFeatures';
import { nameWords, parseUcsName } from './ucs';
import { decodePlainWav, monoPcmBytes, parsePlainWav } from './wavPcm';

export type AudioFormat = 'wav' | 'aiff' | 'flac' | 'ogg' | 'mp3';

/** File extensions indexed, by format (lower-case, with the dot). */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, AudioFormat>> = Object.freeze({
  '.wav': 'wav',
  '.wave': 'wav',
  '.bwf': 'wav',
  '.aif': 'aiff',
  '.aiff': 'aiff',
  '.aifc': 'aiff',
  '.flac': 'flac',
  '.ogg': 'ogg',
  '.oga': 'ogg',
  '.mp3': 'mp3',
});

export function formatOfPath(path: string): AudioFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

export interface FileStat {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface FileAnalysis extends FileStat {
  format: AudioFormat;
  contentHash: string;
  /** UCS fields (empty strings when the name is not UCS and iXML has none) */
  catId: string;
  category: string;
  subcategory: string;
  fxName: string;
  creatorId: string;
  sourceId: string;
  /** the file name as words, for full-text search */
  nameText: string;
  description: string;
  keywords: string;
  durationSec: number;
  channels: number;
  sampleRateHz: number;
  loudnessLufs: number | null;
  features: SpectralFeatures;
  slices: Slice[];
}

export type AnalysisOutcome = { ok: true; analysis: FileAnalysis } | { ok: false; stat: FileStat; reason: string };

/** RIFF/FORM container sizes must fit in the file; a shorter file was cut off while copying. */
export function containerTruncation(bytes: Uint8Array, format: AudioFormat): string | undefined {
  if (bytes.length < 12) return `too short to be a ${format.toUpperCase()} file (${bytes.length} bytes)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0] as number, bytes[1] as number, bytes[2] as number, bytes[3] as number);
  if (format === 'wav') {
    if (magic !== 'RIFF' && magic !== 'RF64') return 'not a WAV file (no RIFF header)';
    const declared = view.getUint32(4, true);
    if (magic === 'RIFF' && declared + 8 > bytes.length) return `truncated: the header declares ${declared + 8} bytes but the file has ${bytes.length}`;
  } else if (format === 'aiff') {
    if (magic !== 'FORM') return 'not an AIFF file (no FORM header)';
    const declared = view.getUint32(4, false);
    if (declared + 8 > bytes.length) return `truncated: the header declares ${declared + 8} bytes but the file has ${bytes.length}`;
  }
  return undefined;
}

function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split(/\r?\n/)[0]?.slice(0, 300) ?? 'unknown error';
}

/** WAV codings read in-process (linear PCM and float); everything else is decoded by ffmpeg. */
const PLAIN_WAV_DEPTHS: ReadonlySet<string> = new Set(['8', '16', '24', '32', '32f', '64']);

export interface DecodedSound {
  audio: PcmAudio;
  description: string;
  ixml: string;
}

/**
 * Decodes a library file at its own rate (≤ 2 channels for ffmpeg formats) with its bext description
 * and iXML, into arrays of its own (the backend caches them). A WAV given as `bytes` is read from them
 * before the first await.
 */
export async function decodeSoundFile(path: string, format: AudioFormat, bytes?: Uint8Array): Promise<DecodedSound> {
  let text = { description: '', ixml: '' };
  if (format === 'wav') {
    const data = bytes ?? readFileSync(path);
    const plain = parsePlainWav(data);
    if (plain) return { audio: decodePlainWav(data, plain), description: plain.description, ixml: plain.ixml };
    const wav = readWav(data);
    text = { description: wav.bext?.description ?? '', ixml: wav.ixml ?? '' };
    if (PLAIN_WAV_DEPTHS.has(wav.bitDepth)) return { audio: wav.audio, ...text };
    // ADPCM, A-law, µ-law …: wavefile does not expand these to linear PCM; ffmpeg does
  }
  const probe = await probeMedia(path);
  const stream = probe.audio[0];
  if (!stream) throw new Error('no audio stream');
  const channels = stream.channels >= 2 ? 2 : 1;
  const audio = await decodeAudioFile(path, channels, stream.sampleRateHz > 0 ? stream.sampleRateHz : 48000);
  return { audio, ...text };
}

/** The file's bytes in the thread's reusable buffer (valid until the next file is read). */
function readPooled(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = scratch.byteBuffer(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** One set of reusable analysis buffers per thread (each worker has its own module instance). */
const scratch = new ScratchBuffers();

export async function analyzeFile(stat: FileStat): Promise<AnalysisOutcome> {
  const fail = (reason: string): AnalysisOutcome => ({ ok: false, stat, reason });
  const format = formatOfPath(stat.path);
  if (!format) return fail(`unsupported file type "${extname(stat.path)}"`);
  if (stat.sizeBytes === 0) return fail('empty file (0 bytes)');
  // From here to the plain-WAV analysis nothing awaits: the pooled bytes and sample buffers belong to
  // this file alone even when two analyses share the thread (in-process mode runs two at a time).
  let bytes: Uint8Array;
  try {
    bytes = readPooled(stat.path);
  } catch (e) {
    return fail(`cannot read the file: ${reasonOf(e)}`);
  }
  const broken = containerTruncation(bytes, format);
  if (broken) return fail(broken);
  const contentHash = createHash('sha1').update(bytes).digest('hex');
  const plain = format === 'wav' ? parsePlainWav(bytes) : undefined;
  if (plain) {
    const text = { description: plain.description, ixml: plain.ixml };
    // mono 16/24-bit (the usual one-shot recording): decoded inside the scan's sample loop
    const fused = monoPcmBytes(bytes, plain);
    if (fused && fused.frames > 0) {
      const scan = scanMonoPcm(fused, scratch);
      return describe(stat, format, contentHash, { audio: { sampleRateHz: plain.sampleRateHz, channels: [scan.mono] }, ...text }, scan);
    }
    return describe(stat, format, contentHash, { audio: decodePlainWav(bytes, plain, scratch), ...text });
  }
  let decoded: DecodedSound;
  try {
    // other WAV codings are read from the bytes before the first await; AIFF/FLAC/OGG/MP3 from the path
    decoded = await decodeSoundFile(stat.path, format, format === 'wav' ? bytes : undefined);
  } catch (e) {
    return fail(`cannot decode the audio: ${reasonOf(e)}`);
  }
  return describe(stat, format, contentHash, decoded);
}

/** Everything stored about a decoded file (synchronous: the scratch buffers stay this file's); `scanned` = its scan when already done. */
function describe(stat: FileStat, format: AudioFormat, contentHash: string, decoded: DecodedSound, scanned?: SignalScan): AnalysisOutcome {
  const { audio } = decoded;
  const length = audio.channels[0]?.length ?? 0;
  if (audio.channels.length === 0 || length === 0) return { ok: false, stat, reason: 'no audio samples' };
  const rate = audio.sampleRateHz;
  const scan = scanned ?? scanSignal(audio, scratch);
  const slices = slicesFromOnsets(scan.mono, rate, fileOnsetSamples(scan), {}, { starts: scan.blockStarts, peaks: scan.blockPeaks });
  const ixml = parseIxml(decoded.ixml);
  const ucs = parseUcsName(stat.path);
  const fromIxml = ixml.catId ? parseUcsName(`${ixml.catId}_x_x`) : undefined;
  const cat = ucs ?? fromIxml;
  return {
    ok: true,
    analysis: {
      ...stat,
      format,
      contentHash,
      catId: cat?.catId ?? '',
      category: ixml.category || cat?.category || '',
      subcategory: ixml.subcategory || cat?.subcategory || '',
      fxName: ucs?.fxName || ixml.fxName || ixml.trackTitle || '',
      creatorId: ucs?.creatorId ?? '',
      sourceId: ucs?.sourceId || ixml.library || '',
      nameText: nameWords(stat.path),
      description: [decoded.description.trim(), ixml.description, ixml.note].filter((s, i, all) => s && all.indexOf(s) === i).join(' | '),
      keywords: ixml.keywords,
      durationSec: length / rate,
      channels: audio.channels.length,
      sampleRateHz: rate,
      // stored to 0.01 LU; silence and files under 400 ms have none
      loudnessLufs: Number.isFinite(scan.integratedLufs) ? Math.round(scan.integratedLufs * 100) / 100 : null,
      features: featuresFromScan(scan, 16),
      slices,
    },
  };
}
