/**
 * The indexing speed-ups must not change what is stored: the library's integrated-only loudness equals
 * the dsp meter's integrated value, and the branch-free zero-crossing count equals the plain definition.
 */
import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { integratedLoudness, measureFileLoudness } from '../../../bridge-server/pipeline/generate/library/fileLoudness';
import { spectralFeatures } from '../../../bridge-server/pipeline/generate/library/spectralFeatures';
import { burstTrain } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';

function noise(n: number, seed: number, gain = 0.3): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 4294967296) * 2 - 1) * gain;
  }
  return out;
}

function referenceCrossings(x: Float32Array): number {
  let crossings = 0;
  let prev = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v * prev < 0) crossings++;
    if (v !== 0) prev = v;
  }
  return crossings;
}

describe('integrated-only loudness', () => {
  it.each([
    ['mono 48 kHz bursts', { sampleRateHz: 48000, channels: [burstTrain({ sampleRateHz: 48000, durationSec: 5, onsetsSec: [0.2, 1.1, 2.5, 4], seed: 3, lowpass: 0.2 })] }],
    ['stereo 44.1 kHz noise', { sampleRateHz: 44100, channels: [noise(44100 * 3, 1), noise(44100 * 3, 2, 0.05)] }],
    ['mono 22.05 kHz, 0.5 s', { sampleRateHz: 22050, channels: [noise(11025, 5)] }],
    ['too short (300 ms)', { sampleRateHz: 48000, channels: [noise(14400, 7)] }],
    ['silence', { sampleRateHz: 48000, channels: [new Float32Array(48000)] }],
  ])('matches dsp measureLoudness on %s', (_name, audio) => {
    expect(integratedLoudness(audio)).toBe(measureLoudness(audio, { truePeak: false }).integratedLufs);
  });

  it('stores silence and too-short files as null, and uses the first two channels only', () => {
    expect(measureFileLoudness({ sampleRateHz: 48000, channels: [new Float32Array(48000)] })).toBeNull();
    const a = noise(48000, 9);
    const b = noise(48000, 10, 0.1);
    const full = measureLoudness({ sampleRateHz: 48000, channels: [a, b] }, { truePeak: false }).integratedLufs;
    expect(measureFileLoudness({ sampleRateHz: 48000, channels: [a, b, noise(48000, 11, 0.9)] })).toBe(Math.round(full * 100) / 100);
  });
});

describe('spectralFeatures zero-crossing rate and peak', () => {
  it('counts sign changes between non-zero samples exactly like the plain definition', () => {
    const x = noise(10007, 4);
    // exact zeros (both signs) inside and at the start must not count twice
    for (let i = 0; i < 40; i++) x[i] = 0;
    x[40] = -0;
    for (let i = 500; i < 2000; i += 7) x[i] = i % 2 === 0 ? 0 : -0;
    const f = spectralFeatures(x, 48000, 16);
    expect(f.zeroCrossingRate).toBe(referenceCrossings(x) / (x.length - 1));
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    expect(f.peakDb).toBe(20 * Math.log10(peak));
  });

  it('handles silence, a single sample and a sub-array view', () => {
    expect(spectralFeatures(new Float32Array(2048), 48000).zeroCrossingRate).toBe(0);
    expect(spectralFeatures(new Float32Array([0.5]), 48000).zeroCrossingRate).toBe(0);
    const base = noise(5000, 8);
    const view = base.subarray(3, 4003);
    expect(spectralFeatures(view, 48000).zeroCrossingRate).toBe(referenceCrossings(view) / (view.length - 1));
  });
});
