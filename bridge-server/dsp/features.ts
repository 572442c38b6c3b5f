/**
 * Spectral descriptors of a take for scoring: spectral centroid, band-energy fractions and a compact
 * time–frequency fingerprint (log band energies over the first 320 ms after the sync point, z-normalized)
 * whose correlation says whether two takes are the same sound. Reference: Peeters, "A large set of
 * audio features for sound description" (CUIDADO, 2004) for centroid and band energies.
 */
import { createRealFftPlan, hannWindow } from './fft';
import { realMagnitudes } from './fft';

export const FEATURE_BAND_EDGES_HZ: readonly number[] = [0, 150, 400, 1000, 2500, 6000, 12000, 24000];
const FINGERPRINT_SLOTS = 8;
const FINGERPRINT_SLOT_SEC = 0.04;

export interface SpectralFeatures {
  /** energy-weighted mean frequency over the whole take, Hz */
  centroidHz: number;
  /** fraction of energy in each band of FEATURE_BAND_EDGES_HZ */
  bandFractions: number[];
  /** z-normalized log band energies, FINGERPRINT_SLOTS × bands */
  fingerprint: Float64Array;
}

/** Computes features of a mono signal; `fromSample` anchors the fingerprint (e.g. the sync point). */
export function spectralFeatures(samples: Float32Array, sampleRateHz: number, fromSample = 0): SpectralFeatures {
  const frameSize = 1024;
  const plan = createRealFftPlan(frameSize);
  const window = hannWindow(frameSize);
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
  // whole-take spectrum on a coarse hop (at most ~200 frames) — descriptors, not timing
  const hop = Math.max(frameSize / 2, Math.ceil(samples.length / 200));
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
  const fingerprint = new Float64Array(FINGERPRINT_SLOTS * bands);
  const slot = Math.round(FINGERPRINT_SLOT_SEC * sampleRateHz);
  for (let s = 0; s < FINGERPRINT_SLOTS; s++) {
    realMagnitudes(plan, samples, fromSample + s * slot - frameSize / 4, window, mags);
    for (let k = 1; k <= frameSize / 2; k++) {
      const b = bandOfBin[k] as number;
      const idx = s * bands + b;
      fingerprint[idx] = (fingerprint[idx] as number) + (mags[k] as number) * (mags[k] as number);
    }
  }
  let mean = 0;
  for (let i = 0; i < fingerprint.length; i++) {
    fingerprint[i] = Math.log10((fingerprint[i] as number) + 1e-12);
    mean += fingerprint[i] as number;
  }
  mean /= fingerprint.length;
  let sd = 0;
  for (let i = 0; i < fingerprint.length; i++) sd += ((fingerprint[i] as number) - mean) ** 2;
  sd = Math.sqrt(sd / fingerprint.length) || 1;
  for (let i = 0; i < fingerprint.length; i++) fingerprint[i] = ((fingerprint[i] as number) - mean) / sd;
  return {
    centroidHz: total > 0 ? weighted / total : 0,
    bandFractions: Array.from(totalBand, (v) => (total > 0 ? v / total : 0)),
    fingerprint,
  };
}

/** Pearson correlation of two z-normalized fingerprints, −1..1 (1 = the same sound). */
export function fingerprintSimilarity(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let dot = 0;
  for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
  return Math.max(-1, Math.min(1, dot / n));
}
