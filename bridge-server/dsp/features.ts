/**
 * Spectral descriptors of a take for scoring: spectral centroid, band-energy fractions and a compact
 * time–frequency fingerprint (log energies in 32 bands × 24 frames of 10 ms from the sync point, z-normalized)
 * whose correlation says whether two takes are the same sound. Reference: Peeters, "A large set of
 * audio features for sound description" (CUIDADO, 2004) for centroid and band energies.
 */
import { createRealFftPlan, realMagnitudes, sharedHannWindow } from './fft';

export const FEATURE_BAND_EDGES_HZ: readonly number[] = [0, 150, 400, 1000, 2500, 6000, 12000, 24000];
const FINGERPRINT_SEC = 0.1;
/** Frames the whole-take spectrum averages: bounded, so a long bed costs no more than a short hit. */
const MAX_FRAMES = 8;

export interface SpectralFeatures {
  /** energy-weighted mean frequency over the whole take, Hz */
  centroidHz: number;
  /** fraction of energy in each band of FEATURE_BAND_EDGES_HZ */
  bandFractions: number[];
  /** unit-energy waveform excerpt from the anchor (zeros when silent) */
  fingerprint: Float64Array;
}

/** Computes features of a mono signal; `fromSample` anchors the fingerprint (e.g. the sync point). */
export function spectralFeatures(samples: Float32Array, sampleRateHz: number, fromSample = 0): SpectralFeatures {
  const frameSize = 1024;
  const plan = createRealFftPlan(frameSize);
  const window = sharedHannWindow(frameSize);
  const mags = new Float64Array(frameSize / 2 + 1);
  const bands = FEATURE_BAND_EDGES_HZ.length - 1;
  const binHz = sampleRateHz / frameSize;
  const bandOfBin = new Int32Array(frameSize / 2 + 1);
  for (let k = 0; k <= frameSize / 2; k++) {
    const f = k * binHz;
    let b = bands - 1;
    for (let j = 0; j < bands; j++) if (f < (FEATURE_BAND_EDGES_HZ[j + 1] as number)) { b = j; break; }
    bandOfBin[k] = b;
  }
  const totalBand = new Float64Array(bands);
  let weighted = 0;
  let total = 0;
  // whole-take spectrum on a coarse hop (at most MAX_FRAMES frames) — a descriptor, not timing
  const hop = Math.max(frameSize / 2, Math.ceil(samples.length / MAX_FRAMES));
  for (let off = 0; off < Math.max(1, samples.length); off += hop) {
    realMagnitudes(plan, samples, off, window, mags);
    for (let k = 1; k <= frameSize / 2; k++) {
      const p = (mags[k] as number) * (mags[k] as number);
      weighted += p * k * binHz;
      total += p;
      const b = bandOfBin[k] as number;
      totalBand[b] = (totalBand[b] as number) + p;
    }
  }
  // fingerprint: the unit-energy waveform of the first 100 ms from the sync point. Two renders of one
  // recipe with different seeds are different audio (correlation near 0) even when their spectra match,
  // while the same take (or the same library slice at another gain) correlates to 1.
  const fpLen = Math.round(FINGERPRINT_SEC * sampleRateHz);
  const fingerprint = new Float64Array(fpLen);
  let energy = 0;
  for (let i = 0; i < fpLen; i++) {
    const v = (samples[fromSample + i] ?? 0) as number;
    fingerprint[i] = v;
    energy += v * v;
  }
  if (energy > 0) {
    const k = 1 / Math.sqrt(energy);
    for (let i = 0; i < fpLen; i++) fingerprint[i] = (fingerprint[i] as number) * k;
  }
  return {
    centroidHz: total > 0 ? weighted / total : 0,
    bandFractions: Array.from(totalBand, (v) => (total > 0 ? v / total : 0)),
    fingerprint,
  };
}

/** Normalized correlation of two fingerprints at zero lag, −1..1 (1 = the same audio). */
export function fingerprintSimilarity(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
  return Math.max(-1, Math.min(1, dot));
}
