/**
 * Integrated loudness (BS.1770 / R128, dsp `measureLoudness`) of a library file, stored so takes can be
 * compared and gain-matched without decoding. True peak is skipped (4× oversampling would cost more
 * than the rest of the indexing); silence (−∞) is stored as null.
 */
import type { PcmAudio } from '../../../core/audio';
import { measureLoudness } from '../../../dsp/loudness';

export function measureFileLoudness(audio: PcmAudio): number | null {
  const channels = audio.channels.length > 2 ? audio.channels.slice(0, 2) : audio.channels;
  const m = measureLoudness({ sampleRateHz: audio.sampleRateHz, channels }, { truePeak: false });
  return Number.isFinite(m.integratedLufs) ? Math.round(m.integratedLufs * 100) / 100 : null;
}
