/**
 * Integrated loudness (BS.1770 / R128) of a library file, stored so takes can be compared and
 * gain-matched without decoding. Only the integrated value is needed here, so instead of the full dsp
 * `measureLoudness` meter (which also builds momentary/short-term series, loudness range and a
 * sample-peak pass — about half of its cost on indexing profiles) this computes exactly the same
 * integrated figure: the same K-weighting coefficients (dsp `kWeighting`), the same 10 ms sub-block
 * energies with the same summation order, 400 ms blocks on a 100 ms step and dsp `gatedLoudness`.
 * A unit test checks it against `measureLoudness`. True peak is skipped (4× oversampling would cost
 * more than the rest of the indexing); silence (−∞) is stored as null.
 */
import type { PcmAudio } from '../../../core/audio';
import { channelWeights, rlbCoefficients, shelfCoefficients } from '../../../dsp/kWeighting';
import { gatedLoudness } from '../../../dsp/loudness';

const SUB_PER_SECOND = 100;
const BLOCK_SUBS = 40;
const BLOCK_STEP_SUBS = 10;

/** Adds weight·Σy² of the K-weighted channel per 10 ms sub-block into `energy` (as dsp/loudness does). */
function accumulateKWeighted(x: Float32Array, sampleRateHz: number, weight: number, bounds: Float64Array, energy: Float64Array): void {
  const s = shelfCoefficients(sampleRateHz);
  const r = rlbCoefficients(sampleRateHz);
  const sb0 = s.b0, sb1 = s.b1, sb2 = s.b2, sa1 = s.a1, sa2 = s.a2;
  const ra1 = r.a1, ra2 = r.a2;
  let s1 = 0, s2 = 0, r1 = 0, r2 = 0;
  const count = bounds.length - 1;
  for (let j = 0; j < count; j++) {
    const end = bounds[j + 1] as number;
    let acc = 0;
    for (let i = bounds[j] as number; i < end; i++) {
      const v = x[i] as number;
      const y1 = sb0 * v + s1;
      s1 = sb1 * v - sa1 * y1 + s2;
      s2 = sb2 * v - sa2 * y1;
      const y2 = y1 + r1;
      r1 = -2 * y1 - ra1 * y2 + r2;
      r2 = y1 - ra2 * y2;
      acc += y2 * y2;
    }
    energy[j] = (energy[j] as number) + weight * acc;
    // flush decaying states in silence (denormals are ~50× slower on x86)
    if (Math.abs(s1) < 1e-25) s1 = 0;
    if (Math.abs(s2) < 1e-25) s2 = 0;
    if (Math.abs(r1) < 1e-25) r1 = 0;
    if (Math.abs(r2) < 1e-25) r2 = 0;
  }
}

/** Integrated loudness in LUFS (−Infinity for silence or < 400 ms), identical to `measureLoudness(...).integratedLufs`. */
export function integratedLoudness(audio: PcmAudio): number {
  const sr = audio.sampleRateHz;
  const length = audio.channels[0]?.length ?? 0;
  const weights = channelWeights(audio.channels.length);
  const count = Math.floor((length * SUB_PER_SECOND) / sr + 1e-9);
  const bounds = new Float64Array(count + 1);
  for (let j = 0; j <= count; j++) bounds[j] = Math.min(length, Math.round((j * sr) / SUB_PER_SECOND));
  const energy = new Float64Array(count);
  audio.channels.forEach((ch, c) => {
    const w = weights[c] as number;
    if (w !== 0) accumulateKWeighted(ch, sr, w, bounds, energy);
  });
  if (count < BLOCK_SUBS) return gatedLoudness(new Float64Array(0));
  const n = Math.floor((count - BLOCK_SUBS) / BLOCK_STEP_SUBS) + 1;
  const blocks = new Float64Array(n);
  const prefix = new Float64Array(count + 1);
  for (let j = 0; j < count; j++) prefix[j + 1] = (prefix[j] as number) + (energy[j] as number);
  for (let w = 0; w < n; w++) {
    const a = w * BLOCK_STEP_SUBS;
    const b = a + BLOCK_SUBS;
    const samples = (bounds[b] as number) - (bounds[a] as number);
    blocks[w] = samples > 0 ? ((prefix[b] as number) - (prefix[a] as number)) / samples : 0;
  }
  return gatedLoudness(blocks);
}

export function measureFileLoudness(audio: PcmAudio): number | null {
  const channels = audio.channels.length > 2 ? audio.channels.slice(0, 2) : audio.channels;
  const lufs = integratedLoudness({ sampleRateHz: audio.sampleRateHz, channels });
  return Number.isFinite(lufs) ? Math.round(lufs * 100) / 100 : null;
}
