/**
 * Our meter against ffmpeg's ebur128 on 20 varied signals: rates 32–96 kHz, mono/stereo/5.0/5.1,
 * noise, tones, sparse Foley-like bursts (gating matters), long silences, near-gate and near-full-scale
 * levels. Acceptance: integrated within ±0.1 LU; true peak and LRA are checked more loosely because
 * ffmpeg prints them with one decimal and resamples with a different interpolator.
 */
import type { PcmAudio } from '../../../bridge-server/core/audio';
import { createRng, type Rng } from '../../../bridge-server/core/rng';
import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { ffmpegLoudnessOfPcm } from './ffmpegEbur128';

type Gen = (rng: Rng, i: number, sr: number) => number;

function make(sr: number, channels: number, sec: number, seed: number, gen: (ch: number) => Gen, gainDb = 0): PcmAudio {
  const n = Math.round(sr * sec);
  const g = Math.pow(10, gainDb / 20);
  return {
    sampleRateHz: sr,
    channels: Array.from({ length: channels }, (_, c) => {
      const rng = createRng(seed * 31 + c);
      const f = gen(c);
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = g * f(rng, i, sr);
      return x;
    }),
  };
}

const white: Gen = (r) => 0.2 * r.gauss();
const tone = (hz: number, amp: number): Gen => (_r, i, sr) => amp * Math.sin((2 * Math.PI * hz * i) / sr);
function pinkish(): Gen {
  let b0 = 0, b1 = 0, b2 = 0;
  return (r) => {
    const w = r.gauss();
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    return 0.05 * (b0 + b1 + b2 + w * 0.1848);
  };
}
/** Foley-like: decaying bursts at random times over silence. */
function bursts(ratePerSec: number, amp: number): Gen {
  let env = 0;
  return (r, _i, sr) => {
    if (r.next() < ratePerSec / sr) env = amp * (0.3 + 0.7 * r.next());
    env *= 1 - 30 / sr;
    return env * r.gauss();
  };
}
/** Speech-like: noise modulated at 4 Hz with pauses. */
const syllables: Gen = (r, i, sr) => {
  const t = i / sr;
  const on = Math.floor(t / 1.5) % 3 !== 2 ? 1 : 0;
  return on * Math.max(0, Math.sin(2 * Math.PI * 4 * t)) * 0.3 * r.gauss();
};
const ramp: Gen = (r, i, sr) => Math.pow(10, (-50 + (i / sr) * 4) / 20) * 3 * r.gauss();
const gapped: Gen = (r, i, sr) => ((i / sr) % 4 < 1 ? 0.3 * r.gauss() : 0);

const CASES: Array<[string, () => PcmAudio]> = [
  ['white stereo 48k', () => make(48000, 2, 8, 1, () => white)],
  ['pink stereo 44.1k', () => make(44100, 2, 8, 2, () => pinkish())],
  ['pink mono 48k', () => make(48000, 1, 8, 3, () => pinkish())],
  ['tone 100 Hz stereo', () => make(48000, 2, 6, 4, () => tone(100, 0.5))],
  ['tone 10 kHz stereo', () => make(48000, 2, 6, 5, () => tone(10000, 0.3))],
  ['sparse bursts 48k', () => make(48000, 2, 12, 6, () => bursts(1.5, 0.6))],
  ['dense bursts 44.1k', () => make(44100, 2, 10, 7, () => bursts(8, 0.4))],
  ['speech-like mono', () => make(48000, 1, 12, 8, () => syllables)],
  ['level ramp -50..-10', () => make(48000, 2, 10, 9, () => ramp)],
  ['gapped noise (gating)', () => make(48000, 2, 12, 10, () => gapped)],
  ['near absolute gate', () => make(48000, 2, 8, 11, () => pinkish(), -40)],
  ['near full scale', () => make(48000, 2, 6, 12, () => white, 12)],
  ['96 kHz pink', () => make(96000, 2, 5, 13, () => pinkish())],
  ['32 kHz bursts', () => make(32000, 2, 10, 14, () => bursts(3, 0.5))],
  ['5.0 mixed', () => make(48000, 5, 6, 15, (c) => (c < 3 ? pinkish() : white))],
  ['5.1 with LFE', () => make(48000, 6, 6, 16, (c) => (c === 3 ? tone(60, 0.5) : pinkish()))],
  ['left only', () => make(48000, 2, 6, 17, (c) => (c === 0 ? pinkish() : () => 0))],
  ['chord + noise floor', () => make(44100, 2, 8, 18, () => { const a = tone(220, 0.2), b = tone(277, 0.2), d = tone(330, 0.2); return (r, i, sr) => a(r, i, sr) + b(r, i, sr) + d(r, i, sr) + 0.01 * r.gauss(); })],
  ['clicks', () => make(48000, 2, 8, 19, () => (r) => (r.next() < 0.0005 ? 0.9 : 0.001 * r.gauss()))],
  ['loud then quiet', () => make(48000, 2, 10, 20, () => (r, i, sr) => (i / sr < 3 ? 0.4 : 0.02) * r.gauss())],
];

describe('meter vs ffmpeg ebur128', () => {
  it.each(CASES)('%s', async (_name, build) => {
    const audio = build();
    const ours = measureLoudness(audio);
    const ref = await ffmpegLoudnessOfPcm(audio);
    expect(Math.abs(ours.integratedLufs - ref.integratedLufs)).toBeLessThanOrEqual(0.1);
    // true peak: ffmpeg's 192 kHz resampler over-reads abrupt onsets by up to ~0.45 dB against an ideal
    // (2001-tap sinc, 16×) reconstruction, which our 97-tap interpolator matches within 0.03 dB; the mix
    // keeps a 0.5 dB margin under the ceiling for exactly this reason
    expect(Math.abs(ours.truePeakDbtp - ref.truePeakDbtp)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(ours.loudnessRangeLu - ref.loudnessRangeLu)).toBeLessThanOrEqual(0.6);
  }, 300_000);
});
