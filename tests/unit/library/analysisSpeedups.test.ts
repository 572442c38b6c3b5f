/**
 * The indexing fast paths must not change what is stored: the one-pass scan gives the dsp meter's
 * integrated loudness exactly, the plain definitions of level, zero crossings and decimation bit for
 * bit; the library's flux agrees with dsp `spectralFlux` (to the fast logarithm's error) and finds the
 * same onsets; block-peak slicing equals sample-by-sample slicing; the own WAV reader decodes exactly
 * what media `readWav` decodes; reused scratch buffers do not leak one file into the next.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMono } from '../../../bridge-server/core/audio';
import { createRealFftPlan, hannWindow, nextPowerOfTwo, realMagnitudes } from '../../../bridge-server/dsp/fft';
import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { DEFAULT_ONSET_OPTIONS, detectOnsets, spectralFlux, type OnsetOptions } from '../../../bridge-server/dsp/onsets';
import { readWav } from '../../../bridge-server/media';
import { analyzeFile } from '../../../bridge-server/pipeline/generate/library/analyzeFile';
import { coarseOnsets } from '../../../bridge-server/pipeline/generate/library/fileOnsets';
import { log2Positive } from '../../../bridge-server/pipeline/generate/library/fastLog';
import { onsetFlux } from '../../../bridge-server/pipeline/generate/library/onsetFlux';
import { spectralShape } from '../../../bridge-server/pipeline/generate/library/spectralFeatures';
import { ScratchBuffers } from '../../../bridge-server/pipeline/generate/library/scratch';
import { scanMonoPcm, scanSignal } from '../../../bridge-server/pipeline/generate/library/signalScan';
import { slicesFromOnsets } from '../../../bridge-server/pipeline/generate/library/slices';
import { burstTrain } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';
import { decodePlainWav, monoPcmBytes, parsePlainWav } from '../../../bridge-server/pipeline/generate/library/wavPcm';

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

function withNaN(x: Float32Array): Float32Array {
  for (let i = 10000; i < 10020; i++) x[i] = Number.NaN;
  return x;
}

const bursts48 = (): Float32Array => burstTrain({ sampleRateHz: 48000, durationSec: 5, onsetsSec: [0.2, 1.1, 2.5, 4], seed: 3, lowpass: 0.2 });

describe('one-pass scan: loudness', () => {
  it.each([
    ['mono 48 kHz bursts', { sampleRateHz: 48000, channels: [bursts48()] }],
    ['stereo 44.1 kHz noise', { sampleRateHz: 44100, channels: [noise(44100 * 3, 1), noise(44100 * 3, 2, 0.05)] }],
    ['mono 22.05 kHz, 0.5 s', { sampleRateHz: 22050, channels: [noise(11025, 5)] }],
    ['too short (300 ms)', { sampleRateHz: 48000, channels: [noise(14400, 7)] }],
    ['silence', { sampleRateHz: 48000, channels: [new Float32Array(48000)] }],
  ])('equals dsp measureLoudness on %s', (_name, audio) => {
    expect(scanSignal(audio).integratedLufs).toBe(measureLoudness(audio, { truePeak: false }).integratedLufs);
  });

  it('uses the first two channels only', () => {
    const a = noise(48000, 9);
    const b = noise(48000, 10, 0.1);
    const full = measureLoudness({ sampleRateHz: 48000, channels: [a, b] }, { truePeak: false }).integratedLufs;
    expect(scanSignal({ sampleRateHz: 48000, channels: [a, b, noise(48000, 11, 0.9)] }).integratedLufs).toBe(full);
  });
});

describe('one-pass scan: level, zero crossings, decimation, block peaks', () => {
  it('counts sign changes between non-zero samples and takes peak and energy like the plain definitions', () => {
    const x = noise(10007, 4);
    // exact zeros (both signs) inside and at the start must not count twice
    for (let i = 0; i < 40; i++) x[i] = 0;
    x[40] = -0;
    for (let i = 500; i < 2000; i += 7) x[i] = i % 2 === 0 ? 0 : -0;
    x[700] = -0.9;
    const s = scanSignal({ sampleRateHz: 48000, channels: [x] });
    expect(s.zeroCrossings).toBe(referenceCrossings(x));
    let peak = 0;
    let sumSq = 0;
    for (const v of x) {
      peak = Math.max(peak, Math.abs(v));
      sumSq += v * v;
    }
    expect(s.peak).toBe(peak);
    expect(s.sumSquares).toBe(sumSq);
  });

  it('handles silence, a single sample and a sub-array view', () => {
    expect(scanSignal({ sampleRateHz: 48000, channels: [new Float32Array(2048)] }).zeroCrossings).toBe(0);
    expect(scanSignal({ sampleRateHz: 48000, channels: [new Float32Array([0.5])] }).peak).toBe(0.5);
    const view = noise(5000, 8).subarray(3, 4003);
    expect(scanSignal({ sampleRateHz: 48000, channels: [view] }).zeroCrossings).toBe(referenceCrossings(view));
  });

  it('mixes multichannel files like toMono and decimates like the plain box-car loop, bit for bit', () => {
    const audio = { sampleRateHz: 44100, channels: [noise(44103, 11), noise(44103, 12), noise(44103, 13)] };
    const mono = toMono(audio);
    const s = scanSignal(audio, new ScratchBuffers());
    expect(Array.from(s.mono)).toEqual(Array.from(mono));
    expect(s.decimation).toBe(5);
    expect(Array.from(s.detection)).toEqual(Array.from(plainDecimate(mono, 5)));
    const x = bursts48();
    expect(Array.from(scanSignal({ sampleRateHz: 48000, channels: [x] }).detection)).toEqual(Array.from(plainDecimate(x, 6)));
    const stereo = { sampleRateHz: 48000, channels: [noise(4801, 14), noise(4801, 15, 0.01)] };
    expect(Array.from(scanSignal(stereo, new ScratchBuffers()).mono)).toEqual(Array.from(toMono(stereo)));
  });

  it('ignores NaN in the peak like the float comparison, and marks its block for slicing', () => {
    const x = noise(4096, 5);
    x[100] = -0.9;
    x[2000] = Number.NaN;
    const s = scanSignal({ sampleRateHz: 48000, channels: [x] });
    expect(s.peak).toBe(Math.fround(0.9));
    expect(Number.isNaN(s.blockPeaks[Math.floor(2000 / 480)])).toBe(true);
  });
});

describe('slicing with block peaks', () => {
  it('gives exactly the sample-by-sample slices (noise tails, silence, NaN, odd lengths)', () => {
    const rate = 48000;
    const x = burstTrain({ sampleRateHz: rate, durationSec: 3, onsetsSec: [0.1, 0.6, 1.2, 2.9], decaySec: 0.08, seed: 3 });
    const floorNoise = noise(x.length, 21, 1e-4);
    for (let i = 0; i < x.length; i++) if (i > 100000) x[i] = (x[i] as number) + (floorNoise[i] as number);
    x[40000] = Number.NaN;
    const onsets = [4800, 28800, 57600, 100000, 139200];
    const s = scanSignal({ sampleRateHz: rate, channels: [x] });
    const blocks = { starts: s.blockStarts, peaks: s.blockPeaks };
    for (const options of [{}, { tailDb: -20 }, { tailDb: -100 }, { maxSliceSec: 0.013 }]) {
      expect(slicesFromOnsets(x, rate, onsets, options, blocks)).toEqual(slicesFromOnsets(x, rate, onsets, options));
    }
  });
});

describe('library onset activation', () => {
  /** dsp spectralFlux as it was before any fast path: an FFT for every frame */
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

  const coarse = { ...DEFAULT_ONSET_OPTIONS, frameSec: 0.016, hopSec: 0.01 };

  it('log2 from the exponent and table is within 2e-7 of Math.log2', () => {
    let worst = 0;
    for (let y = 1e-13; y < 1e7; y *= 1.0007) worst = Math.max(worst, Math.abs(log2Positive(y) - Math.log2(y)));
    expect(worst).toBeLessThan(2e-7);
    expect(log2Positive(1)).toBe(0);
    expect(log2Positive(0.25)).toBe(-2);
    expect(log2Positive(Number.NaN)).toBeNaN();
    expect(log2Positive(Infinity)).toBe(Infinity);
  });

  it('dsp spectralFlux skips all-zero frames without changing the activation', () => {
    const x48 = burstTrain({ sampleRateHz: 48000, durationSec: 3, onsetsSec: [0.2, 0.9, 1.7, 2.5], decaySec: 0.03, seed: 9 });
    for (let i = 0; i < 2000; i += 3) x48[i] = -0;
    const x8 = plainDecimate(x48, 6);
    expect(Array.from(spectralFlux(x8, 8000, coarse).flux)).toEqual(Array.from(referenceFlux(x8, 8000, coarse)));
    expect(Array.from(spectralFlux(x48, 48000, DEFAULT_ONSET_OPTIONS).flux)).toEqual(Array.from(referenceFlux(x48, 48000, DEFAULT_ONSET_OPTIONS)));
    expect(Array.from(spectralFlux(new Float32Array(5000), 8000, coarse).flux)).toEqual(Array.from(referenceFlux(new Float32Array(5000), 8000, coarse)));
  });

  it.each([
    ['bursts at 8 kHz', plainDecimate(burstTrain({ sampleRateHz: 48000, durationSec: 3, onsetsSec: [0.2, 0.9, 1.7, 2.5], decaySec: 0.03, seed: 9 }), 6), 8000],
    ['noise bursts at 8.82 kHz (256-sample frames)', plainDecimate(toMono({ sampleRateHz: 44100, channels: [noise(44100 * 2, 3)] }), 5), 8820],
    ['silence', new Float32Array(5000), 8000],
    ['bursts with NaN samples (a corrupt float file)', withNaN(plainDecimate(burstTrain({ sampleRateHz: 48000, durationSec: 3, onsetsSec: [0.2, 0.9, 1.7, 2.5], seed: 2 }), 6)), 8000],
  ])('agrees with dsp spectralFlux to 1e-6 and finds the same onsets: %s', (_name, x, rate) => {
    const ours = onsetFlux(x, rate, coarse).flux;
    const ref = spectralFlux(x, rate, coarse).flux;
    expect(ours.length).toBe(ref.length);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (ref[i] as number)));
    expect(worst).toBeLessThan(1e-6);
    expect(coarseOnsets(x, rate, coarse)).toEqual(detectOnsets(x, rate, coarse).map((o) => o.sample));
  });
});

describe('spectral shape on the library frame FFT', () => {
  /** the definition on dsp realMagnitudes and Math.log */
  function referenceShape(mono: Float32Array, rate: number, maxFrames: number): { centroidHz: number; rolloffHz: number; flatness: number } {
    const size = 1024;
    const half = size / 2;
    const plan = createRealFftPlan(size);
    const window = hannWindow(size);
    const mags = new Float64Array(half + 1);
    const binHz = rate / size;
    const frames = Math.max(1, Math.min(maxFrames, Math.floor(mono.length / size)));
    const step = frames > 1 ? (mono.length - size) / (frames - 1) : 0;
    let c = 0;
    let r = 0;
    let fl = 0;
    let ws = 0;
    for (let f = 0; f < frames; f++) {
      realMagnitudes(plan, mono, Math.max(0, Math.round(f * step)), window, mags);
      let total = 0;
      let weighted = 0;
      let logSum = 0;
      for (let k = 1; k <= half; k++) {
        const m = (mags[k] as number) + 1e-12;
        total += m;
        weighted += m * k * binHz;
        logSum += Math.log(m);
      }
      if (total < 1e-6) continue;
      let acc = 0;
      let rollK = half;
      for (let k = 1; k <= half; k++) {
        acc += mags[k] as number;
        if (acc >= 0.85 * total) {
          rollK = k;
          break;
        }
      }
      c += weighted;
      r += rollK * binHz * total;
      fl += (Math.exp(logSum / half) / (total / half)) * total;
      ws += total;
    }
    return { centroidHz: ws > 0 ? c / ws : 0, rolloffHz: ws > 0 ? r / ws : 0, flatness: ws > 0 ? fl / ws : 0 };
  }

  it.each([
    ['bursts', bursts48(), 48000],
    ['noise', noise(30000, 17), 44100],
    ['shorter than a frame', noise(700, 18), 48000],
    ['silence', new Float32Array(5000), 48000],
  ])('matches the dsp-based definition on %s', (_name, x, rate) => {
    const ours = spectralShape(x, rate, 16);
    const ref = referenceShape(x, rate, 16);
    expect(ours.centroidHz).toBeCloseTo(ref.centroidHz, 6);
    expect(ours.rolloffHz).toBe(ref.rolloffHz);
    expect(Math.abs(ours.flatness - ref.flatness)).toBeLessThan(1e-6 * Math.max(1e-3, ref.flatness));
  });
});

/** A RIFF WAV of the given coding, written by hand (media `encodeWav` writes only 16/24/32f). */
function handWav(channels: Float32Array[], rate: number, coding: { tag: number; bits: number; extensible?: boolean }, meta?: { description: string; originator: string; ixml: string }): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const width = coding.bits / 8;
  const chunks: Uint8Array[] = [];
  const chunk = (id: string, body: Uint8Array): void => {
    const head = new Uint8Array(8);
    head.set([...id].map((c) => c.charCodeAt(0)));
    new DataView(head.buffer).setUint32(4, body.length, true);
    chunks.push(head, body);
    if (body.length % 2) chunks.push(new Uint8Array(1));
  };
  const fmt = new DataView(new ArrayBuffer(coding.extensible ? 40 : 16));
  fmt.setUint16(0, coding.extensible ? 0xfffe : coding.tag, true);
  fmt.setUint16(2, channels.length, true);
  fmt.setUint32(4, rate, true);
  fmt.setUint32(8, rate * width * channels.length, true);
  fmt.setUint16(12, width * channels.length, true);
  fmt.setUint16(14, coding.bits, true);
  if (coding.extensible) {
    fmt.setUint16(16, 22, true);
    fmt.setUint16(18, coding.bits, true);
    fmt.setUint16(24, coding.tag, true);
  }
  chunk('fmt ', new Uint8Array(fmt.buffer));
  if (meta) {
    const bext = new Uint8Array(602);
    bext.set(Buffer.from(meta.description, 'utf8'));
    bext.set(Buffer.from(meta.originator, 'utf8'), 256);
    chunk('bext', bext);
    chunk('iXML', Buffer.from(meta.ixml, 'utf8'));
  }
  const data = new DataView(new ArrayBuffer(frames * width * channels.length));
  for (let i = 0, p = 0; i < frames; i++) {
    for (const ch of channels) {
      const v = ch[i] as number;
      const int = (scale: number): number => Math.max(-scale, Math.min(scale - 1, Math.round(v * scale)));
      if (coding.tag === 3 && coding.bits === 32) data.setFloat32(p, v, true);
      else if (coding.tag === 3) data.setFloat64(p, v, true);
      else if (coding.bits === 8) data.setUint8(p, int(128) + 128);
      else if (coding.bits === 16) data.setInt16(p, int(32768), true);
      else if (coding.bits === 24) {
        const s = int(8388608);
        data.setUint8(p, s & 0xff);
        data.setUint8(p + 1, (s >> 8) & 0xff);
        data.setInt8(p + 2, s >> 16);
      } else data.setInt32(p, int(2147483648), true);
      p += width;
    }
  }
  chunk('data', new Uint8Array(data.buffer));
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks]);
  const riff = new Uint8Array(8 + body.length);
  riff.set([82, 73, 70, 70]);
  new DataView(riff.buffer).setUint32(4, body.length, true);
  riff.set(body, 8);
  return riff;
}

describe('the library WAV reader', () => {
  // an even length: wavefile counts an odd 8-bit data chunk's pad byte as one more sample
  const left = noise(3000, 31, 0.7);
  const right = noise(3000, 32, 0.2);
  left[5] = -1;
  left[6] = 0.999;
  const meta = { description: 'Gravel boots, close', originator: 'Foley Co', ixml: '<BWFXML><USER><CATID>FEETHmn</CATID></USER></BWFXML>' };
  it.each([
    ['8-bit', { tag: 1, bits: 8 }],
    ['16-bit', { tag: 1, bits: 16 }],
    ['24-bit', { tag: 1, bits: 24 }],
    ['24-bit extensible', { tag: 1, bits: 24, extensible: true }],
    ['32-bit', { tag: 1, bits: 32 }],
    ['32-bit float', { tag: 3, bits: 32 }],
    ['64-bit float', { tag: 3, bits: 64 }],
  ])('decodes %s mono and stereo exactly as readWav, with bext description and iXML', (_name, coding) => {
    for (const chans of [[left], [left, right]]) {
      const bytes = handWav(chans, 44100, coding, meta);
      const header = parsePlainWav(bytes);
      expect(header).toBeDefined();
      const ours = decodePlainWav(bytes, header!, new ScratchBuffers());
      const theirs = readWav(bytes);
      expect(ours.sampleRateHz).toBe(theirs.audio.sampleRateHz);
      expect(ours.channels.map((c) => Array.from(c))).toEqual(theirs.audio.channels.map((c) => Array.from(c)));
      expect(header!.description).toBe(theirs.bext?.description);
      expect(header!.ixml).toBe(theirs.ixml);
    }
  });

  it('does not count the pad byte of an odd-sized 8-bit data chunk as a sample (wavefile does)', () => {
    const odd = left.subarray(0, 2999);
    const bytes = handWav([odd], 8000, { tag: 1, bits: 8 });
    const ours = decodePlainWav(bytes, parsePlainWav(bytes)!);
    expect(ours.channels[0]!.length).toBe(2999);
    expect(Array.from(ours.channels[0]!)).toEqual(Array.from(readWav(bytes).audio.channels[0]!.subarray(0, 2999)));
  });

  it('decodes extensible 32-bit float as float (wavefile takes it for integers)', () => {
    const bytes = handWav([left], 96000, { tag: 3, bits: 32, extensible: true });
    const ours = decodePlainWav(bytes, parsePlainWav(bytes)!);
    expect(Array.from(ours.channels[0]!)).toEqual(Array.from(left));
  });

  it('leaves other codings and containers to the general reader', () => {
    expect(parsePlainWav(handWav([left], 8000, { tag: 7, bits: 8 }))).toBeUndefined(); // µ-law
    expect(parsePlainWav(handWav([left], 8000, { tag: 2, bits: 16 }))).toBeUndefined(); // MS ADPCM tag
    const rf64 = handWav([left], 8000, { tag: 1, bits: 16 });
    rf64.set([82, 70, 54, 52]);
    expect(parsePlainWav(rf64)).toBeUndefined();
    expect(parsePlainWav(new Uint8Array(8))).toBeUndefined();
  });
});

describe('decoding inside the scan (mono 16/24-bit PCM)', () => {
  const sameBits = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  /** a signal with leading silence, a run of exact zeros, full-scale samples and a quiet tail of ±1 LSB */
  function awkward(n: number, seed: number): Float32Array {
    const x = noise(n, seed, 0.6);
    for (let i = 0; i < 37; i++) x[i] = 0;
    for (let i = 900; i < 1700; i++) x[i] = 0;
    x[2000] = -1;
    x[2001] = 0.9999999;
    for (let i = n - 600; i < n; i++) x[i] = i % 3 === 0 ? 0 : (i % 2 === 0 ? 1 : -1) / 8388608;
    return x;
  }
  it.each([
    ['24-bit 48 kHz', 24, 48000, 48000 * 2 + 7],
    ['24-bit 44.1 kHz', 24, 44100, 44100 + 3],
    ['24-bit 96 kHz', 24, 96000, 96000],
    ['16-bit 48 kHz', 16, 48000, 48000 + 1],
    ['16-bit 8 kHz (no decimation)', 16, 8000, 12000],
    ['24-bit, shorter than one sub-block', 24, 48000, 300],
  ])('gives exactly what decoding and then scanning gives: %s', (_name, bits, rate, n) => {
    for (const x of [awkward(n, 21), bursts48().subarray(0, n), new Float32Array(n)]) {
      const bytes = handWav([x], rate, { tag: 1, bits });
      const header = parsePlainWav(bytes)!;
      const src = monoPcmBytes(bytes, header);
      expect(src).toBeDefined();
      const fused = scanMonoPcm(src!, new ScratchBuffers());
      const plain = scanSignal(decodePlainWav(bytes, header));
      expect(sameBits(fused.mono, plain.mono)).toBe(true);
      expect(sameBits(fused.detection, plain.detection)).toBe(true);
      expect(sameBits(fused.blockPeaks, plain.blockPeaks)).toBe(true);
      expect(sameBits(fused.blockStarts, plain.blockStarts)).toBe(true);
      expect([fused.integratedLufs, fused.peak, fused.sumSquares, fused.zeroCrossings, fused.decimation]).toEqual([
        plain.integratedLufs, plain.peak, plain.sumSquares, plain.zeroCrossings, plain.decimation,
      ]);
    }
  });

  it('is used only for mono 16/24-bit PCM', () => {
    const x = noise(1000, 3);
    for (const [chans, bits] of [[[x, x], 24], [[x], 8], [[x], 32]] as const) {
      const bytes = handWav([...chans], 48000, { tag: 1, bits });
      expect(monoPcmBytes(bytes, parsePlainWav(bytes)!)).toBeUndefined();
    }
    const float = handWav([x], 48000, { tag: 3, bits: 32 });
    expect(monoPcmBytes(float, parsePlainWav(float)!)).toBeUndefined();
  });
});

describe('analyzeFile with reused buffers', () => {
  it('gives the same analysis for a file whether or not a longer, different file came before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foley-scratch-'));
    try {
      const rate = 48000;
      const short = join(dir, 'FEETHmn_Short_A_B.wav');
      const long = join(dir, 'FEETHmn_Long_A_B.wav');
      writeFileSync(short, handWav([burstTrain({ sampleRateHz: rate, durationSec: 1.5, onsetsSec: [0.2, 0.7, 1.1], seed: 4 })], rate, { tag: 1, bits: 24 }));
      writeFileSync(long, handWav([noise(rate * 4, 3), noise(rate * 4, 4)], rate, { tag: 1, bits: 16 }));
      const stat = (p: string): { path: string; sizeBytes: number; mtimeMs: number } => ({ path: p, sizeBytes: statSync(p).size, mtimeMs: 0 });
      const first = await analyzeFile(stat(short));
      await analyzeFile(stat(long));
      const again = await analyzeFile(stat(short));
      expect(again).toEqual(first);
      expect(first.ok && first.analysis.slices.length).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
