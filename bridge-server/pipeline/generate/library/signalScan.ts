/**
 * One pass over a decoded library file that yields everything the indexer needs sample by sample:
 *
 * - the BS.1770 K-weighted energy of every 10 ms sub-block (first two channels, as the stored
 *   integrated loudness uses), with the dsp meter's coefficients, filter structure, operation order
 *   and denormal flush, so the integrated value equals `measureLoudness(...).integratedLufs` exactly;
 * - level on the mono mix: peak, sum of squares, zero crossings (sign changes between non-zero samples);
 * - the box-car decimated mono copy (~8 kHz) the onset detector runs on;
 * - the peak of every sub-block, so slicing finds slice peaks and silent tails without rereading samples.
 *
 * Why one loop: the K-weighting biquads are a serial chain (each output waits for the previous one),
 * which leaves execution slots idle; the level, peak and decimation work overlaps it, so the fused loop
 * costs little more than the K-weighting alone (measured), where separate passes cost a full pass
 * each (together they were about half of the indexing CPU). A second channel's K-weighting is added
 * with the dsp meter's own function.
 */
import type { PcmAudio } from '../../../core/audio';
import { rlbCoefficients, shelfCoefficients } from '../../../dsp/kWeighting';
import { accumulateKWeightedEnergy, integratedFromSubBlocks, subBlockBounds } from '../../../dsp/loudness';
import type { ScratchBuffers } from './scratch';

/** onset detection runs at about this rate (box-car decimation by an integer factor) */
export const DETECTION_RATE_HZ = 8000;

export interface SignalScan {
  sampleRateHz: number;
  mono: Float32Array;
  /** integrated loudness of the first two channels in LUFS; −Infinity for silence or < 400 ms */
  integratedLufs: number;
  peak: number;
  sumSquares: number;
  /** sign changes between consecutive non-zero mono samples */
  zeroCrossings: number;
  /** mono box-car averaged over `decimation` samples (the mono array itself when the factor is 1) */
  detection: Float32Array;
  decimation: number;
  /** block i covers mono[blockStarts[i] .. blockStarts[i+1]): the 10 ms sub-blocks, then the remainder */
  blockStarts: Int32Array;
  /** max |mono| of each block; NaN for a block that holds a NaN sample (slicing then reads its samples) */
  blockPeaks: Float32Array;
}

export function decimationFactor(sampleRateHz: number): number {
  return Math.max(1, Math.floor(sampleRateHz / DETECTION_RATE_HZ));
}

/** |x| over [from, to) with float comparisons (NaN ignored), for blocks whose magnitude bits held a NaN. */
function floatPeak(x: Float32Array, from: number, to: number): number {
  let p = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(x[i] as number);
    if (a > p) p = a;
  }
  return p;
}

/** What the sample loop reads and fills in (typed arrays, so the loop lives in a small function of its own). */
interface ScanBuffers {
  /** K-weighted: the mono file itself, or the first channel of a multichannel file */
  chain: Float32Array;
  mono: Float32Array;
  /** block bounds: the 10 ms sub-blocks, then the remainder up to the end (K-weighted but not stored) */
  starts: Int32Array;
  energy: Float64Array;
  peakBits: Int32Array;
  detection: Float32Array;
  factor: number;
  /** [sum of squares, zero crossings] */
  totals: Float64Array;
}

/**
 * The sample loop: the K-weighting chain of one channel, plus level, peak bits, zero crossings and
 * decimation of the mono signal. Kept small and apart from `scanSignal` so V8 optimises it with full
 * type feedback; integer block bounds keep the sample index an integer.
 */
function scanSamples(b: ScanBuffers, rate: number): void {
  const { chain, mono, starts, energy, peakBits, detection, factor, totals } = b;
  const sh = shelfCoefficients(rate);
  const hp = rlbCoefficients(rate);
  const sb0 = sh.b0, sb1 = sh.b1, sb2 = sh.b2, sa1 = sh.a1, sa2 = sh.a2;
  const ha1 = hp.a1, ha2 = hp.a2;
  const bits = new Int32Array(mono.buffer, mono.byteOffset, mono.length);
  const blocks = starts.length - 1;
  const invFactor = 1 / factor;
  // transposed direct form II states: shelf s1, s2 and high-pass h1, h2, as in dsp/loudness
  let s1 = 0, s2 = 0, h1 = 0, h2 = 0;
  let sumSquares = 0;
  let crossings = 0;
  let first = 0;
  while (first < mono.length && ((bits[first] as number) & 0x7fffffff) === 0) first++;
  let prevBits = first < mono.length ? (bits[first] as number) : 0;
  let decSum = 0;
  let decLeft = factor;
  let decOut = 0;
  for (let j = 0; j < blocks; j++) {
    const to = starts[j + 1] as number;
    let acc = 0;
    let top = 0;
    for (let i = starts[j] as number; i < to; i++) {
      // K-weighting with the same operations in the same order as accumulateKWeightedEnergy
      const x = chain[i] as number;
      const y = sb0 * x + s1;
      s1 = sb1 * x - sa1 * y + s2;
      s2 = sb2 * x - sa2 * y;
      const z = y + h1;
      h1 = -2 * y - ha1 * z + h2;
      h2 = y - ha2 * z;
      acc += z * z;
      const v = mono[i] as number;
      sumSquares += v * v;
      // peak and zero crossings on the IEEE bits, without a data-dependent branch (a `v * prev < 0` test
      // is mispredicted about half the time on noise): m = magnitude bits; a zero sample keeps the last
      // non-zero sign (a select, not a jump), so it neither counts nor breaks a crossing
      const w = bits[i] as number;
      const m = w & 0x7fffffff;
      top = top > m ? top : m;
      const e = m === 0 ? prevBits : w;
      crossings += (e ^ prevBits) >>> 31;
      prevBits = e;
      decSum += v;
      // counting down to 0 compares with a constant instead of the factor (fewer instructions per sample)
      if (--decLeft === 0) {
        detection[decOut++] = decSum * invFactor;
        decSum = 0;
        decLeft = factor;
      }
    }
    peakBits[j] = top;
    if (j < energy.length) energy[j] = 0 + acc;
    // written every block, not once after the loop: V8 compiles this long loop on-stack and reuses that
    // code on every call, and code after the loop that had no type feedback yet deoptimised it each time
    totals[0] = sumSquares;
    totals[1] = crossings;
    // same flush as the dsp meter: decaying IIR tails would otherwise sink into slow denormals
    if (Math.abs(s1) < 1e-25) s1 = 0;
    if (Math.abs(s2) < 1e-25) s2 = 0;
    if (Math.abs(h1) < 1e-25) h1 = 0;
    if (Math.abs(h2) < 1e-25) h2 = 0;
  }
}

/** Mono mix like core `toMono` (same sums in the same order), into a reusable buffer. */
function mixToMono(audio: PcmAudio, scratch: ScratchBuffers | undefined): Float32Array {
  const chs = audio.channels;
  if (chs.length === 1) return chs[0] as Float32Array;
  const n = chs[0]?.length ?? 0;
  const out = scratch ? scratch.float32('mono', n) : new Float32Array(n);
  const k = 1 / chs.length;
  const c0 = chs[0] as Float32Array;
  const c1 = chs[1] as Float32Array;
  // the first two channels in one pass (the sum is rounded to Float32 after each channel, as in toMono)
  for (let i = 0; i < n; i++) out[i] = Math.fround(0 + (c0[i] as number) * k) + (c1[i] as number) * k;
  for (let c = 2; c < chs.length; c++) {
    const ch = chs[c] as Float32Array;
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (ch[i] as number) * k;
  }
  return out;
}

/** Block bounds and output buffers of a scan of n mono samples (the mono and chain arrays are set by the caller). */
function scanBuffers(n: number, rate: number, mono: Float32Array, chain: Float32Array, scratch: ScratchBuffers | undefined): { buffers: ScanBuffers; sub: Float64Array } {
  const sub = subBlockBounds(n, rate);
  const subCount = sub.length - 1;
  const starts = new Int32Array(subCount + 2);
  starts.set(sub);
  starts[subCount + 1] = n;
  const factor = decimationFactor(rate);
  const detectionLength = Math.floor(n / factor);
  const buffers: ScanBuffers = {
    chain,
    mono,
    starts,
    energy: new Float64Array(subCount),
    peakBits: new Int32Array(subCount + 1),
    // at factor 1 the copy is written but not used (detection runs on the mono signal itself)
    detection: scratch ? scratch.float32('detection', detectionLength) : new Float32Array(detectionLength),
    factor,
    totals: new Float64Array(2),
  };
  return { buffers, sub };
}

/** The scan result from the filled buffers: overall peak (NaN-aware block peaks), loudness, level. */
function finishScan(b: ScanBuffers, sub: Float64Array, rate: number): SignalScan {
  const { mono, starts, peakBits, factor } = b;
  const subCount = sub.length - 1;
  // finite magnitudes compare like their bit patterns, so the block maxima are the float peaks; a
  // block with a NaN (bits above +Infinity) counts with float comparisons, which ignore NaN, and is
  // marked NaN so that slicing reads its samples
  const blockPeaks = new Float32Array(peakBits.buffer);
  let peak = 0;
  for (let j = 0; j <= subCount; j++) {
    const hasNaN = (peakBits[j] as number) > 0x7f800000;
    const p = hasNaN ? floatPeak(mono, starts[j] as number, starts[j + 1] as number) : (blockPeaks[j] as number);
    if (p > peak) peak = p;
    if (hasNaN) blockPeaks[j] = Number.NaN;
  }
  return {
    sampleRateHz: rate,
    mono,
    integratedLufs: integratedFromSubBlocks(b.energy, sub),
    peak,
    sumSquares: b.totals[0] as number,
    zeroCrossings: b.totals[1] as number,
    detection: factor > 1 ? b.detection : mono,
    decimation: factor,
    blockStarts: starts,
    blockPeaks,
  };
}

/**
 * Scans a decoded file. With `scratch`, the mono mix and the detection copy are views of its reusable
 * buffers: use the result before analysing another file, keep none of its arrays.
 */
export function scanSignal(audio: PcmAudio, scratch?: ScratchBuffers): SignalScan {
  const rate = audio.sampleRateHz;
  const mono = mixToMono(audio, scratch);
  const { buffers, sub } = scanBuffers(mono.length, rate, mono, (audio.channels[0] ?? mono) as Float32Array, scratch);
  scanSamples(buffers, rate);
  // the second channel's K-weighted energy is added exactly as the dsp meter adds a channel
  const second = audio.channels[1];
  if (second) accumulateKWeightedEnergy(second, rate, 1, sub, buffers.energy);
  return finishScan(buffers, sub, rate);
}

/**
 * Mono 16- or 24-bit PCM sample bytes, read by `scanMonoPcm` as they are scanned: the interleaved
 * integer sample at byte offset p is the top `width` bytes of the little-endian 32-bit word at p − (4 − width).
 */
export interface MonoPcmBytes {
  view: DataView;
  /** byte offset of the first sample; at least 4 − width (a RIFF data chunk starts at byte 20 or later) */
  first: number;
  width: 2 | 3;
  frames: number;
  sampleRateHz: number;
}

/**
 * Decodes and scans a mono 16/24-bit PCM file in the one sample loop: the decoded samples are written
 * to `mono` (the values `decodePlainWav` gives) and every result equals `scanSignal` of the decoded
 * audio bit for bit (tested). Decoding rides in the idle slots of the serial K-weighting chain instead
 * of costing a pass of its own (about a seventh of the indexing CPU on 24-bit files).
 */
export function scanMonoPcm(src: MonoPcmBytes, scratch?: ScratchBuffers): SignalScan {
  const rate = src.sampleRateHz;
  const mono = scratch ? scratch.float32('channel0', src.frames) : new Float32Array(src.frames);
  const { buffers, sub } = scanBuffers(src.frames, rate, mono, mono, scratch);
  scanPcmSamples(buffers, rate, src.view, src.first, src.width);
  return finishScan(buffers, sub, rate);
}

/**
 * The sample loop of `scanSamples` on integer samples read from bytes. Integers make level and
 * decimation cheaper with the same results: s·2^−(bits−1) is exact in Float32 and in double, |s| orders
 * like the float magnitudes, the sign bit of s is the float's, and a box-car sum of at most 24 such
 * values is exact in double, so (Σs · scale) · (1/factor) is the float loop's (Σv) · (1/factor).
 */
function scanPcmSamples(b: ScanBuffers, rate: number, view: DataView, first: number, width: number): void {
  const { mono, starts, energy, peakBits, detection, factor, totals } = b;
  const sh = shelfCoefficients(rate);
  const hp = rlbCoefficients(rate);
  const sb0 = sh.b0, sb1 = sh.b1, sb2 = sh.b2, sa1 = sh.a1, sa2 = sh.a2;
  const ha1 = hp.a1, ha2 = hp.a2;
  const blocks = starts.length - 1;
  const n = mono.length;
  const back = 4 - width;
  const shift = 32 - 8 * width;
  const scale = width === 3 ? 1 / 8388608 : 1 / 32768;
  const invFactor = 1 / factor;
  const blockPeaks = new Float32Array(peakBits.buffer, peakBits.byteOffset, peakBits.length);
  let s1 = 0, s2 = 0, h1 = 0, h2 = 0;
  let sumSquares = 0;
  let crossings = 0;
  // the sign of the first non-zero sample, so that it does not count as a crossing
  let prev = 0;
  for (let i = 0, p = first - back; i < n; i++, p += width) {
    prev = view.getInt32(p, true) >> shift;
    if (prev !== 0) break;
  }
  let decSum = 0;
  let decLeft = factor;
  let decOut = 0;
  let p = first - back;
  for (let j = 0; j < blocks; j++) {
    const to = starts[j + 1] as number;
    let acc = 0;
    let top = 0;
    for (let i = starts[j] as number; i < to; i++) {
      const s = view.getInt32(p, true) >> shift;
      // `| 0` on the integer sums: none can leave int32 (byte offsets < 2^31, |s| ≤ 2^23, at most 24
      // samples per box-car sum), and V8 then drops the overflow checks from the loop
      p = (p + width) | 0;
      const x = s * scale;
      mono[i] = x;
      // K-weighting with the same operations in the same order as accumulateKWeightedEnergy
      const y = sb0 * x + s1;
      s1 = sb1 * x - sa1 * y + s2;
      s2 = sb2 * x - sa2 * y;
      const z = y + h1;
      h1 = -2 * y - ha1 * z + h2;
      h2 = y - ha2 * z;
      acc += z * z;
      sumSquares += x * x;
      // |s| and the sign test of scanSamples on the integer
      const sign = s >> 31;
      const m = ((s ^ sign) - sign) | 0;
      top = top > m ? top : m;
      const e = s === 0 ? prev : s;
      crossings = (crossings + ((e ^ prev) >>> 31)) | 0;
      prev = e;
      decSum = (decSum + s) | 0;
      if (--decLeft === 0) {
        detection[decOut++] = decSum * scale * invFactor;
        decSum = 0;
        decLeft = factor;
      }
    }
    blockPeaks[j] = top * scale;
    if (j < energy.length) energy[j] = 0 + acc;
    totals[0] = sumSquares;
    totals[1] = crossings;
    if (Math.abs(s1) < 1e-25) s1 = 0;
    if (Math.abs(s2) < 1e-25) s2 = 0;
    if (Math.abs(h1) < 1e-25) h1 = 0;
    if (Math.abs(h2) < 1e-25) h2 = 0;
  }
}
