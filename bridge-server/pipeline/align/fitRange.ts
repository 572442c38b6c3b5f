/**
 * Shaping placed audio: gain, trimming beds to their cue range with short fades, looping a bed that is
 * shorter than its range with equal-power crossfades, and (rarely needed) resampling a take whose rate
 * differs from the output's. Pure functions on planar Float32 audio.
 */
import { createPcm, type PcmAudio } from '../../core/audio';

const FADE_IN_SEC = 0.02;
const FADE_OUT_SEC = 0.05;
const LOOP_CROSSFADE_SEC = 0.25;

/** Copies `audio` × gain (a fresh buffer the mix may own). */
export function withGain(audio: PcmAudio, gain: number): PcmAudio {
  return {
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels.map((ch) => {
      const out = new Float32Array(ch.length);
      for (let i = 0; i < ch.length; i++) out[i] = (ch[i] as number) * gain;
      return out;
    }),
  };
}

function applyFades(ch: Float32Array, fadeIn: number, fadeOut: number): void {
  const n = ch.length;
  for (let i = 0; i < fadeIn && i < n; i++) ch[i] = (ch[i] as number) * (i / fadeIn);
  for (let i = 0; i < fadeOut && i < n; i++) ch[n - 1 - i] = (ch[n - 1 - i] as number) * (i / fadeOut);
}

/**
 * Fits a bed to exactly `length` samples starting at `offset` in the take: trimmed when long enough,
 * otherwise looped with an equal-power crossfade (sin/cos) of up to 250 ms; short fades at both ends.
 */
export function fitBedToLength(audio: PcmAudio, length: number, gain: number, offset = 0): PcmAudio {
  const src = audio.channels;
  const srcLen = (src[0]?.length ?? 0) - offset;
  const sr = audio.sampleRateHz;
  // programme-length and shared, so the mix can keep it as a stem and delivery can write it on a
  // worker thread without a copy
  const out = createPcm(src.length, Math.max(0, length), sr, { shared: true }).channels;
  if (srcLen <= 0 || length <= 0) return { sampleRateHz: sr, channels: out };
  const xf = Math.max(0, Math.min(Math.round(LOOP_CROSSFADE_SEC * sr), Math.floor(srcLen / 4)));
  const period = srcLen - xf; // each repetition starts `period` after the previous
  // equal-power crossfade weights, the same for every seam and channel
  const fadeInW = new Float64Array(xf);
  const fadeOutW = new Float64Array(xf);
  for (let i = 0; i < xf; i++) {
    fadeInW[i] = Math.sin((Math.PI / 2) * (i / xf));
    fadeOutW[i] = Math.cos((Math.PI / 2) * (i / xf));
  }
  src.forEach((s, c) => {
    const o = out[c] as Float32Array;
    if (srcLen >= length || period <= 0) {
      const m = Math.min(length, srcLen);
      for (let i = 0; i < m; i++) o[i] = (s[offset + i] as number) * gain;
    } else {
      for (let start = 0; start < length; start += period) {
        const first = start === 0;
        const last = start + period >= length;
        const end = Math.min(srcLen, length - start);
        // each new copy fades in over xf while the previous tail fades out; three plain loops (fade-in
        // head, body, fade-out tail) instead of a branch per sample. Only the head and tail overlap
        // another copy, so the body is written directly (0 + v keeps a −0 from showing up as before).
        const headEnd = first ? 0 : Math.min(xf, end);
        const bodyEnd = last ? end : Math.min(period, end);
        for (let i = 0; i < headEnd; i++) {
          o[start + i] = (o[start + i] as number) + (s[offset + i] as number) * gain * (fadeInW[i] as number);
        }
        for (let i = headEnd; i < bodyEnd; i++) o[start + i] = 0 + (s[offset + i] as number) * gain;
        for (let i = bodyEnd; i < end; i++) {
          o[start + i] = (o[start + i] as number) + (s[offset + i] as number) * gain * (fadeOutW[i - period] as number);
        }
      }
    }
    applyFades(o, Math.min(Math.round(FADE_IN_SEC * sr), Math.floor(length / 4)), Math.min(Math.round(FADE_OUT_SEC * sr), Math.floor(length / 4)));
  });
  return { sampleRateHz: sr, channels: out };
}

/** Linear-interpolation resampling (only for takes not rendered at the output rate). */
export function resampleLinear(audio: PcmAudio, targetHz: number): PcmAudio {
  if (audio.sampleRateHz === targetHz) return audio;
  const ratio = audio.sampleRateHz / targetHz;
  const n = Math.floor(((audio.channels[0]?.length ?? 0) - 1) / ratio) + 1;
  return {
    sampleRateHz: targetHz,
    channels: audio.channels.map((ch) => {
      const out = new Float32Array(Math.max(0, n));
      for (let i = 0; i < n; i++) {
        const p = i * ratio;
        const j = Math.floor(p);
        const f = p - j;
        out[i] = (ch[j] as number) * (1 - f) + ((ch[j + 1] ?? ch[j]) as number) * f;
      }
      return out;
    }),
  };
}
