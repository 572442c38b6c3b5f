/**
 * Broadcast WAV (EBU Tech 3285 v2) writing and reading through `wavefile`.
 * 48 kHz 24-bit PCM by default (32-bit float optional), a bext chunk with TimeReference (samples since
 * midnight) and loudness fields, and an iXML chunk mirroring the timestamp and timecode rate.
 * Pitfalls handled here (see shared/reference/standards.md §3.4): timeReference is [low, high];
 * loudness words are written unsigned, so negative values are passed as `v & 0xFFFF`.
 */
import { close, closeSync, fsync, ftruncateSync, mkdirSync, openSync, readFileSync, rename, rm, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { WaveFile } from 'wavefile';
import type { PcmAudio } from '../core/audio';
import { tempPathFor, writeAllAt, writeFileAtomicWith } from '../core/atomic';
import { type Rational, formatRational } from '../core/rational';

export type WavBitDepth = '24' | '32f' | '16';

export interface BextInfo {
  description?: string;
  originatorReference?: string;
  /** origination time; defaults to now */
  date?: Date;
  /** first sample's position in samples since midnight at the file's sample rate */
  timeReferenceSamples?: number;
  loudness?: {
    integratedLufs?: number;
    loudnessRangeLu?: number;
    truePeakDbtp?: number;
    maxMomentaryLufs?: number;
    maxShortTermLufs?: number;
  };
  /** timecode rate for iXML (e.g. 30000/1001) */
  timecodeRate?: Rational;
  dropFrame?: boolean;
}

export interface WriteWavOptions {
  bitDepth?: WavBitDepth;
  bext?: BextInfo;
}

const UNUSED_LOUDNESS = 0x7fff;

/** int16 ×100 value (round half away from zero) packed unsigned, or 0x7FFF when unknown. */
export function loudnessWord(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return UNUSED_LOUDNESS;
  const v = Math.trunc(value * 100 + Math.sign(value) * 0.5);
  const clamped = Math.max(-9999, Math.min(9999, v));
  return clamped & 0xffff;
}

export function readLoudnessWord(word: number): number | undefined {
  if (word === UNUSED_LOUDNESS) return undefined;
  const signed = word > 0x7fff ? word - 0x10000 : word;
  return signed / 100;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Typed-array views write little-endian words only on a little-endian machine (all Node targets in practice). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** 2^23 + 0.5 and 2^23: |v·max| < 2^23 for every supported depth. */
const OFFSET = 8388608.5;
const OFFSET_INT = 8388608;

/** A zeroed byte buffer whose backing store is a whole number of 32-bit words (for word views). */
function wordBackedBytes(length: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(Math.ceil(length / 4) * 4), 0, length);
}

/** Signed integer code of a float sample (round half up, clamped to the format's range). */
function quantize(v: number, max: number): number {
  // inside (−1, 1): floor(x + 0.5) through an int32 conversion of a positive number, several times
  // faster than Math.round; adding the offset can only round up across an integer (x just under a
  // half-integer), which the compare undoes, so the result equals Math.round. Other values (and NaN)
  // take Math.round.
  if (v > -1 && v < 1) {
    const x = v * max;
    const q = ((x + OFFSET) | 0) - OFFSET_INT;
    return q - 0.5 > x ? q - 1 : q;
  }
  const q = Math.round(v * max);
  return q > max ? max : q < -max - 1 ? -max - 1 : q;
}

/**
 * Interleaved 24-bit samples of frames [from, to), four at a time into three little-endian words (samples
 * in interleaved order s = i·channels + c), written to `out` from its start; `from · channels` must be a
 * multiple of 4. Groups of four zeros skip the rounding (Foley stems are mostly silence).
 */
function pack24(ch: Float32Array[], from: number, to: number, out: Uint8Array): void {
  const nCh = ch.length;
  const base = from * nCh;
  const total = (to - from) * nCh;
  const words = new Uint32Array(out.buffer, out.byteOffset, Math.floor(out.byteLength / 4));
  const max = 8388607;
  const at = (s: number): number => (ch[(base + s) % nCh] as Float32Array)[Math.floor((base + s) / nCh)] as number;
  let s = 0;
  let w = 0;
  if (nCh === 2) {
    const l = ch[0] as Float32Array;
    const r = ch[1] as Float32Array;
    const pairs = (to - from) >> 1;
    for (let i2 = from; i2 < from + 2 * pairs; i2 += 2, w += 3) {
      const a = l[i2] as number, b = r[i2] as number, c = l[i2 + 1] as number, d = r[i2 + 1] as number;
      if (a === 0 && b === 0 && c === 0 && d === 0) {
        words[w] = 0;
        words[w + 1] = 0;
        words[w + 2] = 0;
        continue;
      }
      const v0 = quantize(a, max), v1 = quantize(b, max), v2 = quantize(c, max), v3 = quantize(d, max);
      words[w] = (v0 & 0xffffff) | (v1 << 24);
      words[w + 1] = ((v1 >> 8) & 0xffff) | (v2 << 16);
      words[w + 2] = ((v2 >> 16) & 0xff) | (v3 << 8);
    }
    s = pairs * 4;
  } else {
    for (; s + 4 <= total; s += 4, w += 3) {
      const v0 = quantize(at(s), max), v1 = quantize(at(s + 1), max), v2 = quantize(at(s + 2), max), v3 = quantize(at(s + 3), max);
      words[w] = (v0 & 0xffffff) | (v1 << 24);
      words[w + 1] = ((v1 >> 8) & 0xffff) | (v2 << 16);
      words[w + 2] = ((v2 >> 16) & 0xff) | (v3 << 8);
    }
  }
  for (; s < total; s++) {
    const v = quantize(at(s), max);
    const o = s * 3;
    out[o] = v & 0xff;
    out[o + 1] = (v >> 8) & 0xff;
    out[o + 2] = (v >> 16) & 0xff;
  }
}

/** Bytes per interleaved sample of a depth. */
function sampleBytes(depth: WavBitDepth): number {
  return depth === '32f' ? 4 : depth === '24' ? 3 : 2;
}

/**
 * Sample bytes of frames [from, to), interleaved little-endian, into `out` (from its start; every byte of
 * the range is written, so `out` may be reused). For 24 bit, `from · channels` must be a multiple of 4.
 */
function packFrames(ch: Float32Array[], depth: WavBitDepth, from: number, to: number, out: Uint8Array): void {
  const nCh = ch.length;
  if (depth === '24' && LITTLE_ENDIAN && out.byteOffset % 4 === 0) {
    pack24(ch, from, to, out);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const bytes = sampleBytes(depth);
  const max = depth === '24' ? 8388607 : 32767;
  const stride = nCh * bytes;
  for (let c = 0; c < nCh; c++) {
    const src = ch[c] as Float32Array;
    let o = c * bytes;
    if (depth === '32f') {
      for (let i = from; i < to; i++, o += stride) view.setFloat32(o, src[i] as number, true);
      continue;
    }
    for (let i = from; i < to; i++, o += stride) {
      const v = quantize(src[i] as number, max);
      out[o] = v & 0xff;
      out[o + 1] = (v >> 8) & 0xff;
      if (bytes === 3) out[o + 2] = (v >> 16) & 0xff;
    }
  }
}

/**
 * Sample data for the `data` chunk, interleaved little-endian. wavefile writes the metadata chunks
 * (bext, iXML, fmt) but packs samples one at a time through generic code, which costs seconds per
 * minute of audio; typed-array packing here is byte-identical.
 */
export function packSamples(audio: PcmAudio, depth: WavBitDepth): Uint8Array {
  const n = audio.channels[0]?.length ?? 0;
  const length = n * audio.channels.length * sampleBytes(depth);
  const out = wordBackedBytes(length + (length % 2));
  packFrames(audio.channels, depth, 0, n, out);
  return out.subarray(0, length);
}

/** Fixes the sizes of a header whose last chunk is an empty `data` chunk for `dataLength` sample bytes. */
function finishHeader(header: Uint8Array, dataLength: number): Uint8Array {
  const tag = String.fromCharCode(...header.subarray(header.length - 8, header.length - 4));
  if (tag !== 'data') throw new Error('WAV header does not end with an empty data chunk');
  const out = header.slice();
  const view = new DataView(out.buffer);
  view.setUint32(out.length - 4, dataLength, true);
  view.setUint32(4, out.length + dataLength + (dataLength % 2) - 8, true);
  return out;
}

/** A WAV file as two parts written back to back: header (sizes set) and sample bytes (+ pad byte). */
export interface WavParts {
  header: Uint8Array;
  data: Uint8Array;
}

/** The header (sizes set) of the file for `audio`; `dataLength` sample bytes (+ pad byte) follow it. */
function wavHeader(audio: PcmAudio, options: WriteWavOptions): { header: Uint8Array; dataLength: number } {
  const depth = options.bitDepth ?? '24';
  const wav = new WaveFile();
  // metadata through wavefile with an empty data chunk; samples are packed by packSamples
  wav.fromScratch(audio.channels.length, audio.sampleRateHz, depth, audio.channels.map(() => new Float64Array(0)));
  const b = options.bext;
  if (b) {
    const date = b.date ?? new Date();
    const tr = Math.max(0, Math.round(b.timeReferenceSamples ?? 0));
    const low = tr % 0x100000000;
    const high = Math.floor(tr / 0x100000000);
    const bext = wav.bext as Record<string, unknown>;
    bext.description = toBextAscii(b.description ?? '', 255);
    bext.originator = 'foley-bridge';
    bext.originatorReference = toBextAscii(b.originatorReference ?? '', 31);
    bext.originationDate = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
    bext.originationTime = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
    bext.timeReference = [low, high];
    bext.version = 2;
    bext.loudnessValue = loudnessWord(b.loudness?.integratedLufs);
    bext.loudnessRange = b.loudness?.loudnessRangeLu === undefined ? UNUSED_LOUDNESS : loudnessWord(Math.max(0, b.loudness.loudnessRangeLu));
    bext.maxTruePeakLevel = loudnessWord(b.loudness?.truePeakDbtp);
    bext.maxMomentaryLoudness = loudnessWord(b.loudness?.maxMomentaryLufs);
    bext.maxShortTermLoudness = loudnessWord(b.loudness?.maxShortTermLufs);
    const bits = depth === '32f' ? 32 : Number(depth);
    const mode = audio.channels.length === 1 ? 'mono' : 'stereo';
    bext.codingHistory = `A=PCM,F=${audio.sampleRateHz},W=${bits},M=${mode},T=foley-bridge\r\n`;
    const rate = b.timecodeRate ? formatRational(b.timecodeRate) : undefined;
    wav.setiXML(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<BWFXML><IXML_VERSION>1.61</IXML_VERSION>',
        '<SPEED>',
        rate ? `<TIMECODE_RATE>${rate}</TIMECODE_RATE><TIMECODE_FLAG>${b.dropFrame ? 'DF' : 'NDF'}</TIMECODE_FLAG>` : '',
        `<FILE_SAMPLE_RATE>${audio.sampleRateHz}</FILE_SAMPLE_RATE><AUDIO_BIT_DEPTH>${bits}</AUDIO_BIT_DEPTH>`,
        `<TIMESTAMP_SAMPLE_RATE>${audio.sampleRateHz}</TIMESTAMP_SAMPLE_RATE>`,
        `<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>${high}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>`,
        `<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${low}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>`,
        '</SPEED></BWFXML>',
      ].join(''),
    );
  }
  const dataLength = (audio.channels[0]?.length ?? 0) * audio.channels.length * sampleBytes(depth);
  return { header: finishHeader(wav.toBuffer(), dataLength), dataLength };
}

export function encodeWavParts(audio: PcmAudio, options: WriteWavOptions = {}): WavParts {
  const { header, dataLength } = wavHeader(audio, options);
  const samples = packSamples(audio, options.bitDepth ?? '24');
  // the pad byte (odd sizes) is already zero in the word-backed buffer
  return { header, data: dataLength % 2 === 0 ? samples : new Uint8Array(samples.buffer, 0, dataLength + 1) };
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The whole file as one buffer. */
export function encodeWav(audio: PcmAudio, options: WriteWavOptions = {}): Uint8Array {
  const parts = encodeWavParts(audio, options);
  return concatBytes([parts.header, parts.data]);
}

/** Frames packed per write: the chunk buffer stays in cache and no file-sized buffer is allocated. */
const FRAMES_PER_CHUNK = 1 << 16;
/**
 * Frames per silence test. Runs of all-zero blocks are not written at all: the file is extended over
 * them at the end, so the filesystem keeps them as holes that read back as zero bytes (a Foley stem is
 * mostly digital silence; its file costs neither packing nor disk writes there). A block of 2048 stereo
 * 24-bit frames is 12 KiB, three 4 KiB pages.
 */
const SILENCE_BLOCK_FRAMES = 2048;

/** 32-bit patterns of a float channel: a sample is silent only when its bits are all 0 (+0.0, so -0.0 in a 32f file is written). */
function bitViews(channels: Float32Array[]): Uint32Array[] {
  return channels.map((c) => new Uint32Array(c.buffer, c.byteOffset, c.length));
}

/** True when frames [from, to) of every channel are +0.0 (stops at the first other sample, so dense audio costs one compare). */
function isSilentBlock(bits: Uint32Array[], from: number, to: number): boolean {
  for (const b of bits) for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Header, then the samples packed chunk by chunk into one reused buffer and written at their offsets
 * (this thread); silent blocks are skipped and the final size is set with ftruncate, which leaves them
 * as zero-filled holes. The bytes read back are exactly those of a file written in full.
 */
function writeWavBody(fd: number, audio: PcmAudio, options: WriteWavOptions): void {
  const depth = options.bitDepth ?? '24';
  const { header, dataLength } = wavHeader(audio, options);
  writeAllAt(fd, header, 0);
  const n = audio.channels[0]?.length ?? 0;
  const frameBytes = audio.channels.length * sampleBytes(depth);
  const chunk = wordBackedBytes(FRAMES_PER_CHUNK * frameBytes + 1);
  const bits = bitViews(audio.channels);
  // [from, to) of sound not yet written; flushed in chunks, and whenever silence follows it
  let runFrom = 0;
  const flush = (to: number): void => {
    for (let from = runFrom; from < to; from += FRAMES_PER_CHUNK) {
      const end = Math.min(to, from + FRAMES_PER_CHUNK);
      packFrames(audio.channels, depth, from, end, chunk);
      writeAllAt(fd, chunk.subarray(0, (end - from) * frameBytes), header.length + from * frameBytes);
    }
  };
  for (let from = 0; from < n; from += SILENCE_BLOCK_FRAMES) {
    const to = Math.min(n, from + SILENCE_BLOCK_FRAMES);
    if (!isSilentBlock(bits, from, to)) continue;
    flush(from);
    runFrom = to;
  }
  flush(n);
  // the size covers every skipped block and the pad byte (odd sizes), which all read as zeros
  ftruncateSync(fd, header.length + dataLength + (dataLength % 2));
}

/** Writes a (Broadcast) WAV atomically (temporary file, fsync, rename), packing samples chunk by chunk. */
export function writeWav(path: string, audio: PcmAudio, options: WriteWavOptions = {}): void {
  writeFileAtomicWith(path, (fd) => writeWavBody(fd, audio, options));
}

/**
 * writeWav whose slow tail (fsync, close, rename) runs on libuv's thread pool: the samples are packed
 * and handed to the kernel before this returns (so the audio may change afterwards), and the caller can
 * pack the next file while this one goes to disk.
 */
export function writeWavAsync(path: string, audio: PcmAudio, options: WriteWavOptions = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    writeWavBody(fd, audio, options);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return Promise.reject(e);
  }
  const handle = fd;
  return new Promise<void>((resolve, reject) => {
    fsync(handle, (syncErr) => {
      close(handle, (closeErr) => {
        const err = syncErr ?? closeErr;
        if (err) {
          rm(tmp, { force: true }, () => reject(err));
          return;
        }
        rename(tmp, path, (renameErr) => {
          if (renameErr) rm(tmp, { force: true }, () => reject(renameErr));
          else resolve();
        });
      });
    });
  });
}

export interface ReadWavResult {
  audio: PcmAudio;
  bitDepth: string;
  bext:
    | {
        description: string;
        originator: string;
        originationDate: string;
        originationTime: string;
        timeReferenceSamples: number;
        version: number;
        loudnessValue: number | undefined;
        loudnessRange: number | undefined;
        maxTruePeakLevel: number | undefined;
        maxMomentaryLoudness: number | undefined;
        maxShortTermLoudness: number | undefined;
        codingHistory: string;
      }
    | undefined;
  ixml: string;
}

/** bext text fields are ASCII: keep printable ASCII, map common punctuation, drop the rest. */
export function toBextAscii(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, max);
}

function trimField(v: unknown): string {
  return String(v ?? '').replace(/[\0\s]+$/, '');
}

function asNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function decodePcmGeneric(wav: WaveFile, numChannels: number, bitDepth: string): Float32Array[] {
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array[] | Float64Array;
  const planar = numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  const scale = bitDepth === '32f' || bitDepth === '64' ? 1 : 1 / 2 ** (Number(bitDepth) - 1);
  const offset = bitDepth === '8' ? 128 : 0;
  return planar.map((c) => {
    const out = new Float32Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = ((c[i] as number) - offset) * scale;
    return out;
  });
}

/**
 * Direct little-endian decode of plain PCM/float sample bytes (about 15x faster than wavefile's
 * per-sample unpacking, which the sound-library indexer needs); undefined for other codings.
 */
function decodePcmFast(wav: WaveFile, numChannels: number, bitDepth: string): Float32Array[] | undefined {
  const bytesPer = ({ '8': 1, '16': 2, '24': 3, '32': 4, '32f': 4, '64': 8 } as Record<string, number>)[bitDepth];
  const data = (wav.data as { samples?: Uint8Array }).samples;
  if (bytesPer === undefined || !data || numChannels < 1) return undefined;
  const frames = Math.floor(data.length / (bytesPer * numChannels));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels: Float32Array[] = [];
  for (let c = 0; c < numChannels; c++) channels.push(new Float32Array(frames));
  const stride = bytesPer * numChannels;
  for (let c = 0; c < numChannels; c++) {
    const out = channels[c] as Float32Array;
    let p = c * bytesPer;
    if (bitDepth === '16') for (let i = 0; i < frames; i++, p += stride) out[i] = view.getInt16(p, true) / 32768;
    else if (bitDepth === '24') {
      for (let i = 0; i < frames; i++, p += stride) {
        const v = (data[p] as number) | ((data[p + 1] as number) << 8) | ((data[p + 2] as number) << 16);
        out[i] = ((v << 8) >> 8) / 8388608;
      }
    } else if (bitDepth === '32') for (let i = 0; i < frames; i++, p += stride) out[i] = view.getInt32(p, true) / 2147483648;
    else if (bitDepth === '32f') for (let i = 0; i < frames; i++, p += stride) out[i] = view.getFloat32(p, true);
    else if (bitDepth === '64') for (let i = 0; i < frames; i++, p += stride) out[i] = view.getFloat64(p, true);
    else for (let i = 0; i < frames; i++, p += stride) out[i] = ((data[p] as number) - 128) / 128;
  }
  return channels;
}

/** Reads a WAV written by us or anyone else (PCM 8–32 bit or float) into Float32 PCM plus its bext/iXML. */
export function readWav(pathOrBytes: string | Uint8Array): ReadWavResult {
  const wav = new WaveFile(typeof pathOrBytes === 'string' ? readFileSync(pathOrBytes) : pathOrBytes);
  const fmt = wav.fmt as { numChannels: number; sampleRate: number };
  const bitDepth = wav.bitDepth;
  const channels = decodePcmFast(wav, fmt.numChannels, bitDepth) ?? decodePcmGeneric(wav, fmt.numChannels, bitDepth);
  const bx = wav.bext as Record<string, unknown>;
  const has = trimField(bx.originator).length > 0;
  const tr = (bx.timeReference as number[] | undefined) ?? [0, 0];
  return {
    audio: { sampleRateHz: fmt.sampleRate, channels },
    bitDepth,
    ixml: wav.getiXML(),
    bext: has
      ? {
          description: trimField(bx.description),
          originator: trimField(bx.originator),
          originationDate: trimField(bx.originationDate),
          originationTime: trimField(bx.originationTime),
          timeReferenceSamples: asNumber(tr[0]) + asNumber(tr[1]) * 0x100000000,
          version: asNumber(bx.version),
          loudnessValue: readLoudnessWord(asNumber(bx.loudnessValue)),
          loudnessRange: readLoudnessWord(asNumber(bx.loudnessRange)),
          maxTruePeakLevel: readLoudnessWord(asNumber(bx.maxTruePeakLevel)),
          maxMomentaryLoudness: readLoudnessWord(asNumber(bx.maxMomentaryLoudness)),
          maxShortTermLoudness: readLoudnessWord(asNumber(bx.maxShortTermLoudness)),
          codingHistory: trimField(bx.codingHistory),
        }
      : undefined,
  };
}
