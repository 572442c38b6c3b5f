/**
 * The indexer's own reader for plain PCM/float WAVs (by far the most common library format): walks the
 * RIFF chunks once, takes the bext description and the iXML text, and decodes the sample bytes straight
 * into planar Float32 channels, without wavefile's copy of the data chunk or its per-field parsing.
 * Sample values are exactly those of media `readWav` (integer / 2^(bits−1), float as stored).
 * Anything it does not know for certain (RF64, RIFX, compressed or unusual codings, odd block sizes,
 * a missing chunk) returns undefined and the caller takes the general `readWav`/ffmpeg path, which also
 * produces the error reasons for broken files.
 */
import type { PcmAudio } from '../../../core/audio';
import type { ScratchBuffers } from './scratch';
import type { MonoPcmBytes } from './signalScan';

type SampleCoding = 'u8' | 'i16' | 'i24' | 'i32' | 'f32' | 'f64';

export interface PlainWav {
  sampleRateHz: number;
  channelCount: number;
  coding: SampleCoding;
  /** byte offset of the first sample frame and the number of whole frames in the file */
  dataStart: number;
  frames: number;
  /** bext description (trailing NULs and spaces trimmed), '' when there is no bext chunk */
  description: string;
  /** raw iXML text, '' when there is none */
  ixml: string;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
const BEXT_DESCRIPTION_BYTES = 256;

const utf8 = new TextDecoder('utf-8');

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number, bytes[at + 3] as number);
}

function codingOf(formatTag: number, bits: number): SampleCoding | undefined {
  if (formatTag === FORMAT_PCM) return bits === 8 ? 'u8' : bits === 16 ? 'i16' : bits === 24 ? 'i24' : bits === 32 ? 'i32' : undefined;
  if (formatTag === FORMAT_FLOAT) return bits === 32 ? 'f32' : bits === 64 ? 'f64' : undefined;
  return undefined;
}

const BYTES_PER_SAMPLE: Readonly<Record<SampleCoding, number>> = { u8: 1, i16: 2, i24: 3, i32: 4, f32: 4, f64: 8 };

/** Header of a plain PCM/float RIFF WAV, or undefined when the general reader should handle the file. */
export function parsePlainWav(bytes: Uint8Array): PlainWav | undefined {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WAVE') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { coding: SampleCoding; channelCount: number; sampleRateHz: number } | undefined;
  let data: { start: number; end: number } | undefined;
  let description = '';
  let ixml = '';
  const seen = new Set<string>();
  // same walk as wavefile: chunks padded to even sizes; the first chunk of each id wins
  for (let p = 12; p <= bytes.length - 8; ) {
    const id = fourCc(bytes, p);
    const size = view.getUint32(p + 4, true);
    const start = p + 8;
    const end = Math.min(bytes.length, start + size);
    if (!seen.has(id)) {
      seen.add(id);
      if (id === 'fmt ') {
        if (end - start < 16) return undefined;
        let tag = view.getUint16(start, true);
        const channelCount = view.getUint16(start + 2, true);
        const sampleRateHz = view.getUint32(start + 4, true);
        const blockAlign = view.getUint16(start + 12, true);
        const bits = view.getUint16(start + 14, true);
        if (tag === FORMAT_EXTENSIBLE) {
          // the sub-format GUID starts with the plain format tag
          if (end - start < 40) return undefined;
          tag = view.getUint16(start + 24, true);
        }
        const coding = codingOf(tag, bits);
        if (!coding || channelCount < 1 || sampleRateHz <= 0 || blockAlign !== channelCount * BYTES_PER_SAMPLE[coding]) return undefined;
        fmt = { coding, channelCount, sampleRateHz };
      } else if (id === 'data') {
        data = { start, end };
      } else if (id === 'bext') {
        description = utf8.decode(bytes.subarray(start, Math.min(end, start + BEXT_DESCRIPTION_BYTES))).replace(/[\0\s]+$/, '');
      } else if (id === 'iXML') {
        ixml = utf8.decode(bytes.subarray(start, end));
      }
    }
    p = start + size + (size & 1);
  }
  if (!fmt || !data) return undefined;
  const frameBytes = fmt.channelCount * BYTES_PER_SAMPLE[fmt.coding];
  return {
    sampleRateHz: fmt.sampleRateHz,
    channelCount: fmt.channelCount,
    coding: fmt.coding,
    dataStart: data.start,
    frames: Math.floor((data.end - data.start) / frameBytes),
    description,
    ixml,
  };
}

/**
 * One channel of interleaved sample bytes → Float32 (`first` = byte offset of its first sample,
 * `stride` = bytes per frame). One small function per coding keeps every loop monomorphic for the JIT.
 * The scales are powers of two, so multiplying equals readWav's division bit for bit.
 */
type ChannelDecoder = (bytes: Uint8Array, view: DataView, first: number, stride: number, out: Float32Array) => void;

const DECODERS: Readonly<Record<SampleCoding, ChannelDecoder>> = {
  i24(bytes, view, first, stride, out) {
    // one little-endian 32-bit read ending on the sample's top byte, shifted down with sign: the data
    // chunk never starts at byte 0, so first − 1 is inside the file
    if (first < 1) {
      for (let i = 0, p = first; i < out.length; i++, p += stride) {
        const v = (bytes[p] as number) | ((bytes[p + 1] as number) << 8) | ((bytes[p + 2] as number) << 16);
        out[i] = ((v << 8) >> 8) * (1 / 8388608);
      }
      return;
    }
    for (let i = 0, p = first - 1; i < out.length; i++, p += stride) out[i] = (view.getInt32(p, true) >> 8) * (1 / 8388608);
  },
  i16(_bytes, view, first, stride, out) {
    for (let i = 0, p = first; i < out.length; i++, p += stride) out[i] = view.getInt16(p, true) * (1 / 32768);
  },
  i32(_bytes, view, first, stride, out) {
    for (let i = 0, p = first; i < out.length; i++, p += stride) out[i] = view.getInt32(p, true) * (1 / 2147483648);
  },
  f32(_bytes, view, first, stride, out) {
    for (let i = 0, p = first; i < out.length; i++, p += stride) out[i] = view.getFloat32(p, true);
  },
  f64(_bytes, view, first, stride, out) {
    for (let i = 0, p = first; i < out.length; i++, p += stride) out[i] = view.getFloat64(p, true);
  },
  u8(bytes, _view, first, stride, out) {
    for (let i = 0, p = first; i < out.length; i++, p += stride) out[i] = ((bytes[p] as number) - 128) * (1 / 128);
  },
};

/**
 * The sample frames of a parsed plain WAV as planar Float32 channels (values identical to media
 * `readWav`). With `scratch`, the first two channels are views of its reusable buffers (see scratch.ts).
 */
export function decodePlainWav(bytes: Uint8Array, wav: PlainWav, scratch?: ScratchBuffers): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = BYTES_PER_SAMPLE[wav.coding];
  const decode = DECODERS[wav.coding];
  const channels: Float32Array[] = [];
  for (let c = 0; c < wav.channelCount; c++) {
    const out = scratch && c < 2 ? scratch.float32(c === 0 ? 'channel0' : 'channel1', wav.frames) : new Float32Array(wav.frames);
    decode(bytes, view, wav.dataStart + c * width, width * wav.channelCount, out);
    channels.push(out);
  }
  return { sampleRateHz: wav.sampleRateHz, channels };
}

/** The sample bytes of a mono 16/24-bit WAV for the fused decode-and-scan (`scanMonoPcm`); undefined for other layouts. */
export function monoPcmBytes(bytes: Uint8Array, wav: PlainWav): MonoPcmBytes | undefined {
  if (wav.channelCount !== 1 || (wav.coding !== 'i16' && wav.coding !== 'i24')) return undefined;
  const width = wav.coding === 'i24' ? 3 : 2;
  // the 32-bit reads start up to 4 − width bytes before a sample: inside the RIFF header; the scan
  // keeps byte offsets in int32
  if (wav.dataStart < 4 - width || wav.dataStart + wav.frames * width > 0x7fffffff) return undefined;
  return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), first: wav.dataStart, width, frames: wav.frames, sampleRateHz: wav.sampleRateHz };
}
