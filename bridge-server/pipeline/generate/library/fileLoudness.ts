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
import { channelWeights } from '../../../dsp/kWeighting';
import { accumulateKWeightedEnergy, gatedLoudness, subBlockBounds } from '../../../dsp/loudness';

const BLOCK_SUBS = 40;
const BLOCK_STEP_SUBS = 10;

/** Integrated loudness in LUFS (−Infinity for silence or < 400 ms), identical to `measureLoudness(...).integratedLufs`. */
export function integratedLoudness(audio: PcmAudio): number {
  const sr = audio.sampleRateHz;
  const length = audio.channels[0]?.length ?? 0;
  const weights = channelWeights(audio.channels.length);
  const bounds = subBlockBounds(length, sr);
  const count = bounds.length - 1;
  const energy = new Float64Array(count);
  audio.channels.forEach((ch, c) => {
    const w = weights[c] as number;
    if (w !== 0) accumulateKWeightedEnergy(ch, sr, w, bounds, energy); // its sample peak is not needed here
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
