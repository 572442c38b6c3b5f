/**
 * The one value type audio moves in: planar Float32 channels plus the sample rate.
 * Helpers here are pure and allocate only their result.
 */
export interface PcmAudio {
  readonly sampleRateHz: number;
  /** planar channels, all the same length; 1 = mono, 2 = stereo (L, R) */
  readonly channels: Float32Array[];
}

export const DEFAULT_SAMPLE_RATE_HZ = 48000;

/**
 * Silent audio. `shared` backs the channels with SharedArrayBuffers, so a worker thread can read them
 * without a copy (long, programme-length buffers such as stems that are later written on a worker).
 */
export function createPcm(channelCount: number, length: number, sampleRateHz = DEFAULT_SAMPLE_RATE_HZ, options: { shared?: boolean } = {}): PcmAudio {
  const channels: Float32Array[] = [];
  for (let c = 0; c < channelCount; c++) channels.push(options.shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length));
  return { sampleRateHz, channels };
}

export function pcmLength(a: PcmAudio): number {
  return a.channels[0]?.length ?? 0;
}

export function pcmDurationSec(a: PcmAudio): number {
  return pcmLength(a) / a.sampleRateHz;
}

export function dbToGain(db: number): number {
  return Math.pow(10, db / 20);
}

export function gainToDb(gain: number): number {
  return gain > 0 ? 20 * Math.log10(gain) : -Infinity;
}

/** Largest absolute sample value over all channels. */
export function samplePeak(a: PcmAudio): number {
  let peak = 0;
  for (const ch of a.channels) {
    for (let i = 0; i < ch.length; i++) {
      const v = Math.abs(ch[i] as number);
      if (v > peak) peak = v;
    }
  }
  return peak;
}

/** Mono mixdown (average of channels); returns the same array for mono input. */
export function toMono(a: PcmAudio): Float32Array {
  if (a.channels.length === 1) return a.channels[0] as Float32Array;
  const n = pcmLength(a);
  const out = new Float32Array(n);
  const k = 1 / a.channels.length;
  for (const ch of a.channels) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (ch[i] as number) * k;
  return out;
}

export function scalePcm(a: PcmAudio, gain: number): PcmAudio {
  return { sampleRateHz: a.sampleRateHz, channels: a.channels.map((ch) => ch.map((v) => v * gain)) };
}

/** Interleaves planar channels (for writers and ffmpeg pipes). */
export function interleave(a: PcmAudio): Float32Array {
  const n = pcmLength(a);
  const c = a.channels.length;
  const out = new Float32Array(n * c);
  for (let ch = 0; ch < c; ch++) {
    const src = a.channels[ch] as Float32Array;
    for (let i = 0; i < n; i++) out[i * c + ch] = src[i] as number;
  }
  return out;
}

export function deinterleave(data: Float32Array, channelCount: number, sampleRateHz: number): PcmAudio {
  const n = Math.floor(data.length / channelCount);
  const pcm = createPcm(channelCount, n, sampleRateHz);
  for (let ch = 0; ch < channelCount; ch++) {
    const dst = pcm.channels[ch] as Float32Array;
    for (let i = 0; i < n; i++) dst[i] = data[i * channelCount + ch] as number;
  }
  return pcm;
}
