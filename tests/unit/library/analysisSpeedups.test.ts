/**
 * The indexing speed-ups must not change what is stored: the library's integrated-only loudness equals
 * the dsp meter's integrated value, and the branch-free zero-crossing count equals the plain definition.
 */
import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { createRealFftPlan, hannWindow, nextPowerOfTwo, realMagnitudes } from '../../../bridge-server/dsp/fft';
import { DEFAULT_ONSET_OPTIONS, spectralFlux, type OnsetOptions } from '../../../bridge-server/dsp/onsets';
import { integratedLoudness, measureFileLoudness } from '../../../bridge-server/pipeline/generate/library/fileLoudness';
import { spectralFeatures } from '../../../bridge-server/pipeline/generate/library/spectralFeatures';
import { burstTrain } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';
import { decimate } from '../../../bridge-server/pipeline/generate/library/fileOnsets';
import { slicesFromOnsets } from '../../../bridge-server/pipeline/generate/library/slices';

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

describe('integer-bit peaks and the unrolled 48 kHz decimation give the plain results', () => {
  function plainDecimate(samples: Float32Array, factor: number): Float32Array {
    const n = Math.floor(samples.length / factor);
    const out = new Float32Array(n);
    const k = 1 / factor;
    for (let i = 0, p = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < factor; j++, p++) acc += samples[p] as number;
      out[i] = acc * k;
    }
    return out;
  }

  it('decimate by 6 equals the generic loop bit for bit', () => {
    const x = noise(48003, 11);
    expect(Array.from(decimate(x, 6))).toEqual(Array.from(plainDecimate(x, 6)));
    expect(Array.from(decimate(x, 4))).toEqual(Array.from(plainDecimate(x, 4)));
  });

  it('spectralFeatures peak ignores NaN like the float comparison and handles negative peaks', () => {
    const x = noise(4096, 5);
    x[100] = -0.9;
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    expect(spectralFeatures(x, 48000).peakDb).toBe(20 * Math.log10(peak));
    x[200] = Number.NaN;
    expect(spectralFeatures(x, 48000).peakDb).toBe(20 * Math.log10(peak));
  });

  it('slice peaks equal max |x| over each slice (NaN ignored)', () => {
    const x = burstTrain({ sampleRateHz: 48000, durationSec: 2, onsetsSec: [0.1, 0.6, 1.2], seed: 3 });
    x[40000] = Number.NaN;
    const slices = slicesFromOnsets(x, 48000, [4800, 28800, 57600]);
    expect(slices.length).toBe(3);
    for (const s of slices) {
      let peak = 0;
      for (let i = Math.round(s.startSec * 48000); i < Math.round(s.endSec * 48000); i++) {
        const a = Math.abs(x[i] as number);
        if (a > peak) peak = a;
      }
      expect(s.peak).toBe(peak);
    }
  });
});

describe('spectralFlux skips all-zero frames without changing the activation', () => {
  /** the activation as computed before the skip: an FFT for every frame */
  function referenceFlux(samples: Float32Array, sampleRateHz: number, options: OnsetOptions): Float64Array {
    const frameSize = nextPowerOfTwo(Math.max(64, Math.round(options.frameSec * sampleRateHz)));
    const hop = Math.max(1, Math.round(options.hopSec * sampleRateHz));
    const lag = options.lagFrames > 0 ? Math.round(options.lagFrames) : Math.max(1, Math.round(frameSize / 4 / hop));
    const plan = createRealFftPlan(frameSize);
    const window = hannWindow(frameSize);
    let windowSum = 0;
    for (let i = 0; i < frameSize; i++) windowSum += window[i] as number;
    const gamma = (options.logGamma * 2) / windowSum;
    const binHz = sampleRateHz / frameSize;
    const half = frameSize >> 1;
    const kLo = Math.max(1, Math.ceil(options.minFreqHz / binHz));
    const kHi = Math.min(half - 1, Math.floor(Math.min(options.maxFreqHz, sampleRateHz / 2) / binHz));
    const binCount = Math.max(1, kHi - kLo + 1);
    const frameCount = Math.max(1, Math.ceil(samples.length / hop) + 1);
    const flux = new Float64Array(frameCount);
    const mags = new Float64Array(half + 1);
    const ring: Float64Array[] = [];
    for (let r = 0; r <= lag; r++) ring.push(new Float64Array(half + 1));
    for (let f = 0; f < frameCount; f++) {
      const cur = ring[f % (lag + 1)] as Float64Array;
      realMagnitudes(plan, samples, f * hop - (frameSize >> 1), window, mags);
      for (let k = kLo - 1; k <= kHi + 1; k++) cur[k] = Math.log10(1 + gamma * (mags[k] as number));
      if (f < lag) continue;
      const ref = ring[(f - lag) % (lag + 1)] as Float64Array;
      let sum = 0;
      for (let k = kLo; k <= kHi; k++) {
        const a = ref[k - 1] as number;
        const b = ref[k] as number;
        const c = ref[k + 1] as number;
        const m = a > b ? (a > c ? a : c) : b > c ? b : c;
        const d = (cur[k] as number) - m;
        if (d > 0) sum += d;
      }
      flux[f] = sum / binCount;
    }
    return flux;
  }

  it('gives bit-identical flux at 8 kHz (library) and 48 kHz (default) on bursts with silent gaps and -0', () => {
    const x48 = burstTrain({ sampleRateHz: 48000, durationSec: 3, onsetsSec: [0.2, 0.9, 1.7, 2.5], decaySec: 0.03, seed: 9 });
    for (let i = 0; i < 2000; i += 3) x48[i] = -0;
    const x8 = decimate(x48, 6);
    const coarse = { ...DEFAULT_ONSET_OPTIONS, frameSec: 0.016, hopSec: 0.01 };
    expect(Array.from(spectralFlux(x8, 8000, coarse).flux)).toEqual(Array.from(referenceFlux(x8, 8000, coarse)));
    expect(Array.from(spectralFlux(x48, 48000, DEFAULT_ONSET_OPTIONS).flux)).toEqual(Array.from(referenceFlux(x48, 48000, DEFAULT_ONSET_OPTIONS)));
    expect(Array.from(spectralFlux(new Float32Array(5000), 8000, coarse).flux)).toEqual(Array.from(referenceFlux(new Float32Array(5000), 8000, coarse)));
  });
});
