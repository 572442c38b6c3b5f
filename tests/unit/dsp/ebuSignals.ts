/**
 * Synthesizers for the EBU Tech 3341 / 3342 minimum-requirement signals (standards.md §2), used by the
 * loudness tests. Tones are 1 kHz sines at a per-channel peak level in dBFS, in phase on every channel.
 */
import type { PcmAudio } from '../../../bridge-server/core/audio';

export const EBU_SR = 48000;

export interface Segment {
  sec: number;
  /** peak level dBFS, or null for silence */
  dbfs: number | null;
}

/** Back-to-back 1 kHz tone segments (phase continuous), on `channels` channels, optional per-channel dB offsets. */
export function toneSequence(segments: Segment[], channels = 2, channelDb: number[] = []): PcmAudio {
  const total = segments.reduce((n, s) => n + Math.round(s.sec * EBU_SR), 0);
  const mono = new Float32Array(total);
  // 1 kHz at 48 kHz has an exact 48-sample period: one table keeps synthesis cheap
  const period = Float64Array.from({ length: 48 }, (_, i) => Math.sin((2 * Math.PI * i) / 48));
  let pos = 0;
  for (const s of segments) {
    const len = Math.round(s.sec * EBU_SR);
    if (s.dbfs !== null) {
      const amp = Math.pow(10, s.dbfs / 20);
      for (let i = 0; i < len; i++) mono[pos + i] = amp * (period[(pos + i) % 48] as number);
    }
    pos += len;
  }
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const g = Math.pow(10, (channelDb[c] ?? 0) / 20);
    out.push(g === 1 ? mono.slice() : mono.map((v) => v * g));
  }
  return { sampleRateHz: EBU_SR, channels: out };
}

/** Tech 3341 cases 15–19: stereo sine at fs/div, amplitude, start phase, 10 ms linear fades, 1 s. */
export function truePeakSine(div: number, amplitude: number, phaseDeg: number): PcmAudio {
  const n = EBU_SR;
  const fade = Math.round(0.01 * EBU_SR);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.min(1, i / fade, (n - 1 - i) / fade);
    x[i] = g * amplitude * Math.sin((2 * Math.PI * i) / div + (phaseDeg * Math.PI) / 180);
  }
  return { sampleRateHz: EBU_SR, channels: [x, x.slice()] };
}

/**
 * Tech 3341 cases 20–23: synthesized at 4·fs — fs/6 at 0.5 with one period of fs/4 at 1.0 inserted at a
 * rising zero crossing (phase continuous), 10 ms fades, anti-alias low-pass (1023-tap Blackman sinc at
 * 0.98·fs/2), decimated by 4 with the given sample offset.
 */
export function truePeakBurstSet(): PcmAudio[] {
  const hi = 4 * EBU_SR;
  const n = Math.round(0.25 * hi);
  const x = new Float64Array(n);
  const p1 = 24; // fs/6 at 4·fs
  const p2 = 16; // fs/4 at 4·fs
  const n0 = p1 * Math.round(n / 2 / p1);
  for (let i = 0; i < n; i++) {
    if (i < n0) x[i] = 0.5 * Math.sin((2 * Math.PI * i) / p1);
    else if (i < n0 + p2) x[i] = Math.sin((2 * Math.PI * (i - n0)) / p2);
    else x[i] = 0.5 * Math.sin((2 * Math.PI * (i - n0 - p2)) / p1);
  }
  const fade = Math.round(0.01 * hi);
  for (let i = 0; i < fade; i++) {
    x[i] = (x[i] as number) * (i / fade);
    x[n - 1 - i] = (x[n - 1 - i] as number) * (i / fade);
  }
  const taps = 1023;
  const c = (taps - 1) / 2;
  const fc = (0.98 * 0.5) / 4; // cycles per sample at 4·fs
  const h = new Float64Array(taps);
  for (let j = 0; j < taps; j++) {
    const m = j - c;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * j) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * j) / (taps - 1));
    h[j] = sinc * w;
  }
  const out: PcmAudio[] = [];
  for (let offset = 0; offset < 4; offset++) {
    const len = Math.floor((n - offset) / 4);
    const y = new Float32Array(len);
    for (let k = 0; k < len; k++) {
      const i = offset + 4 * k;
      let acc = 0;
      // only the part of the filter that overlaps the burst region matters for the peak; compute fully near it
      const lo = Math.max(0, i - taps + 1);
      for (let j = lo; j <= i; j++) acc += (h[i - j] as number) * (x[j] as number);
      y[k] = acc;
    }
    out.push({ sampleRateHz: EBU_SR, channels: [y, y.slice()] });
  }
  return out;
}
