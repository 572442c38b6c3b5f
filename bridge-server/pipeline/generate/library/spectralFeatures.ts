/**
 * Simple per-file features stored in the index so candidates can be compared without decoding:
 * level (peak, RMS), zero-crossing rate and the classic spectral descriptors averaged over up to
 * `maxFrames` Hann frames spread evenly over the file: centroid (brightness), 85 % roll-off and
 * flatness (tonal 0 … noisy 1), as defined in Peeters, "A large set of audio features" (CUIDADO, 2004).
 * Level and zero crossings come from the file's one-pass scan (`signalScan.ts`); the spectral shape
 * needs only these few frames (library frame FFT, table logarithm). Pure apart from reused scratch arrays.
 */
import { log2Positive } from './fastLog';
import { createRealFftPlan, realMagnitudes, sharedHannWindow } from '../../../dsp/fft';
import type { SignalScan } from './signalScan';

export interface SpectralFeatures {
  peakDb: number;
  rmsDb: number;
  zeroCrossingRate: number;
  centroidHz: number;
  rolloffHz: number;
  flatness: number;
}

const FRAME_SIZE = 1024;
const magnitudes = new Float64Array(FRAME_SIZE / 2 + 1);

function toDb(v: number): number {
  return v > 1e-10 ? 20 * Math.log10(v) : -200;
}

/** The stored features of a scanned file: level from the scan's one pass, spectral shape from up to `maxFrames` frames. */
export function featuresFromScan(scan: SignalScan, maxFrames = 24): SpectralFeatures {
  const n = scan.mono.length;
  return {
    peakDb: toDb(scan.peak),
    rmsDb: toDb(n > 0 ? Math.sqrt(scan.sumSquares / n) : 0),
    zeroCrossingRate: n > 1 ? scan.zeroCrossings / (n - 1) : 0,
    ...spectralShape(scan.mono, scan.sampleRateHz, maxFrames),
  };
}

/** [total magnitude, magnitude-weighted frequency, Σ log2 magnitude, roll-off bin] of one frame's bins 1 … half. */
const frameStats = new Float64Array(4);

/**
 * The sums of one magnitude spectrum. A function of its own so that its loops are optimised with full
 * type feedback (inside `spectralShape`, V8 compiled them on-stack and deoptimised on the code after).
 */
function spectrumSums(mags: Float64Array, half: number, binHz: number): void {
  let total = 0;
  let weighted = 0;
  let logSum = 0;
  for (let k = 1; k <= half; k++) {
    const m = (mags[k] as number) + 1e-12;
    total += m;
    weighted += m * k * binHz;
    logSum += log2Positive(m); // table log2 (|error| < 2e-7), scaled to ln by the caller
  }
  let acc = 0;
  let rollK = half;
  for (let k = 1; k <= half; k++) {
    acc += mags[k] as number;
    if (acc >= 0.85 * total) {
      rollK = k;
      break;
    }
  }
  frameStats[0] = total;
  frameStats[1] = weighted;
  frameStats[2] = logSum;
  frameStats[3] = rollK;
}

/** Centroid, 85 % roll-off and flatness, energy-weighted over up to `maxFrames` Hann frames spread evenly over the signal. */
export function spectralShape(mono: Float32Array, sampleRateHz: number, maxFrames = 24): Pick<SpectralFeatures, 'centroidHz' | 'rolloffHz' | 'flatness'> {
  const n = mono.length;
  const plan = createRealFftPlan(FRAME_SIZE);
  const window = sharedHannWindow(FRAME_SIZE);
  const mags = magnitudes;
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
    spectrumSums(mags, half, binHz);
    const total = frameStats[0] as number;
    if (total < 1e-6) continue;
    // weight frames by energy so silent tails do not drag the averages
    const w = total;
    centroidSum += ((frameStats[1] as number) / total) * w;
    rolloffSum += (frameStats[3] as number) * binHz * w;
    flatnessSum += (Math.exp(((frameStats[2] as number) * Math.LN2) / half) / (total / half)) * w;
    weightSum += w;
  }
  return {
    centroidHz: weightSum > 0 ? centroidSum / weightSum : 0,
    rolloffHz: weightSum > 0 ? rolloffSum / weightSum : 0,
    flatness: weightSum > 0 ? flatnessSum / weightSum : 0,
  };
}
