/**
 * Simple per-file features stored in the index so candidates can be compared without decoding:
 * level (peak, RMS), zero-crossing rate and the classic spectral descriptors averaged over up to
 * `maxFrames` Hann frames spread evenly over the file: centroid (brightness), 85 % roll-off and
 * flatness (tonal 0 … noisy 1), as defined in Peeters, "A large set of audio features" (CUIDADO, 2004).
 * Pure; the FFT scratch lives in the cached plan.
 */
import { createRealFftPlan, hannWindow, realMagnitudes, type RealFftPlan } from '../../../dsp/fft';

export interface SpectralFeatures {
  peakDb: number;
  rmsDb: number;
  zeroCrossingRate: number;
  centroidHz: number;
  rolloffHz: number;
  flatness: number;
}

const FRAME_SIZE = 1024;
let cachedPlan: { plan: RealFftPlan; window: Float64Array; mags: Float64Array } | undefined;

function planFor(): { plan: RealFftPlan; window: Float64Array; mags: Float64Array } {
  if (!cachedPlan) cachedPlan = { plan: createRealFftPlan(FRAME_SIZE), window: hannWindow(FRAME_SIZE), mags: new Float64Array(FRAME_SIZE / 2 + 1) };
  return cachedPlan;
}

const PEAK_BITS = new Int32Array(1);
const PEAK_FLOAT = new Float32Array(PEAK_BITS.buffer);

function toDb(v: number): number {
  return v > 1e-10 ? 20 * Math.log10(v) : -200;
}

export function spectralFeatures(mono: Float32Array, sampleRateHz: number, maxFrames = 24): SpectralFeatures {
  const n = mono.length;
  let peak = 0;
  let sumSq = 0;
  let crossings = 0;
  // Zero crossings = sign changes between consecutive non-zero samples (exact zeros do not count
  // twice). Counted on the IEEE sign bits without branches: on noisy sounds a `v * prev < 0` test is
  // mispredicted about half the time and this loop was the largest single cost of indexing.
  const bits = new Int32Array(mono.buffer, mono.byteOffset, n);
  let first = 0;
  while (first < n && ((bits[first] as number) & 0x7fffffff) === 0) first++;
  let prevBits = first < n ? (bits[first] as number) : 0;
  // level and zero crossings in one pass (same summation order as separate loops: identical results)
  for (let i = 0; i < first; i++) {
    const v = mono[i] as number;
    sumSq += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  // the peak is taken on the magnitude bits (for finite floats their integer order is the float order;
  // a branch-free integer max is cheaper than Math.abs + compare); NaNs fall back to the float loop below
  let peakBits = 0;
  for (let i = first; i < n; i++) {
    const v = mono[i] as number;
    sumSq += v * v;
    const b = bits[i] as number;
    const m = b & 0x7fffffff;
    peakBits = peakBits > m ? peakBits : m;
    // 1 when the magnitude bits are non-zero (−m < 0), else 0; mask = all ones / zero
    const nz = -m >>> 31;
    const mask = -nz;
    crossings += ((b ^ prevBits) >>> 31) & nz;
    prevBits = (b & mask) | (prevBits & ~mask);
  }
  if (peakBits > 0x7f800000) {
    for (let i = first; i < n; i++) {
      const a = Math.abs(mono[i] as number);
      if (a > peak) peak = a;
    }
  } else {
    PEAK_BITS[0] = peakBits;
    const p = PEAK_FLOAT[0] as number;
    if (p > peak) peak = p;
  }
  const { plan, window, mags } = planFor();
  const half = FRAME_SIZE / 2;
  const binHz = sampleRateHz / FRAME_SIZE;
  const frames = Math.max(1, Math.min(maxFrames, Math.floor(n / FRAME_SIZE)));
  const step = frames > 1 ? (n - FRAME_SIZE) / (frames - 1) : 0;
  let centroidSum = 0;
  let rolloffSum = 0;
  let flatnessSum = 0;
  let weightSum = 0;
  for (let f = 0; f < frames; f++) {
    const offset = Math.max(0, Math.round(f * step));
    realMagnitudes(plan, mono, offset, window, mags);
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
    // weight frames by energy so silent tails do not drag the averages
    const w = total;
    centroidSum += (weighted / total) * w;
    rolloffSum += rollK * binHz * w;
    flatnessSum += (Math.exp(logSum / half) / (total / half)) * w;
    weightSum += w;
  }
  return {
    peakDb: toDb(peak),
    rmsDb: toDb(n > 0 ? Math.sqrt(sumSq / n) : 0),
    zeroCrossingRate: n > 1 ? crossings / (n - 1) : 0,
    centroidHz: weightSum > 0 ? centroidSum / weightSum : 0,
    rolloffHz: weightSum > 0 ? rolloffSum / weightSum : 0,
    flatness: weightSum > 0 ? flatnessSum / weightSum : 0,
  };
}
