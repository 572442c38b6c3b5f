/**
 * Mix stage: placed takes → stereo stems (one per placement.stem, constant-power panned from the cue's
 * pan) → full mix = sum of stems → loudness normalization of the full mix to preset.targetLufs with a
 * true-peak limiter at preset.truePeakDbtp (dsp/limiter.ts), verified by the meter and iterated so the
 * result lands within ±0.2 LU of target. The same gain and limiter curve are applied to every stem so
 * stems still sum to the mix (EBU Tech 3343: stems keep their natural balance, not −23 each); a stem
 * that would still exceed the ceiling is trimmed on its own. Beds sit at least 6 LU under the transient
 * stems, and are optionally ducked where the production sound has speech.
 */
import type { Preset } from '../../contracts/preset';
import type { AlignOutput, LoudnessSummary, MixOutput } from '../../contracts/stages';
import { createPcm, type PcmAudio } from '../../core/audio';
import { measureLoudness, type LoudnessMeasurement } from '../../dsp/loudness';
import { applyGainCurve, limiterGainCurve } from '../../dsp/limiter';
import { constantPowerGains, stereoBalanceGains } from '../../dsp/pan';
import { speechDuckingCurve } from './speechDucking';

export interface MixInput {
  aligned: AlignOutput;
  preset: Preset;
  productionSound?: PcmAudio;
}

/**
 * Safety margin under the ceiling: ffmpeg's ebur128 (192 kHz swresample) reads abrupt onsets up to
 * ~0.45 dB above an ideal reconstruction (which our meter matches), and delivery is checked with ffmpeg.
 */
const CEILING_MARGIN_DB = 0.5;
const BED_HEADROOM_LU = 6;
const MAX_PASSES = 5;
const LOUDNESS_TOLERANCE_LU = 0.05;

function addPlacement(stem: PcmAudio, audio: PcmAudio, startSample: number, pan: number): void {
  const left = stem.channels[0] as Float32Array;
  const right = stem.channels[1] as Float32Array;
  const n = left.length;
  const srcLen = audio.channels[0]?.length ?? 0;
  const from = Math.max(0, -startSample);
  const to = Math.min(srcLen, n - startSample);
  if (to <= from) return;
  if (audio.channels.length === 1) {
    const g = constantPowerGains(pan);
    const src = audio.channels[0] as Float32Array;
    for (let i = from; i < to; i++) {
      const v = src[i] as number;
      left[startSample + i] = (left[startSample + i] as number) + v * g.left;
      right[startSample + i] = (right[startSample + i] as number) + v * g.right;
    }
  } else {
    const g = stereoBalanceGains(pan);
    const l = audio.channels[0] as Float32Array;
    const r = audio.channels[1] as Float32Array;
    for (let i = from; i < to; i++) {
      left[startSample + i] = (left[startSample + i] as number) + (l[i] as number) * g.left;
      right[startSample + i] = (right[startSample + i] as number) + (r[i] as number) * g.right;
    }
  }
}

function sumStems(stems: PcmAudio[], length: number, sampleRateHz: number): PcmAudio {
  const mix = createPcm(2, length, sampleRateHz);
  for (const s of stems) for (let c = 0; c < 2; c++) {
    const dst = mix.channels[c] as Float32Array;
    const src = s.channels[c] as Float32Array;
    for (let i = 0; i < length; i++) dst[i] = (dst[i] as number) + (src[i] as number);
  }
  return mix;
}

function scaleInPlace(a: PcmAudio, gain: number): void {
  if (gain === 1) return;
  for (const ch of a.channels) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain;
}

export function toSummary(m: LoudnessMeasurement): LoudnessSummary {
  return {
    integratedLufs: m.integratedLufs,
    loudnessRangeLu: m.loudnessRangeLu,
    truePeakDbtp: m.truePeakDbtp,
    maxMomentaryLufs: m.maxMomentaryLufs,
    maxShortTermLufs: m.maxShortTermLufs,
  };
}

export function mixStems(input: MixInput): MixOutput {
  const { aligned, preset } = input;
  const sr = aligned.sampleRateHz;
  const length = aligned.lengthSamples;
  const stems: Record<string, PcmAudio> = {};
  const bedStems = new Set<string>();
  const transientStems = new Set<string>();
  for (const p of aligned.placements) {
    stems[p.stem] ??= createPcm(2, length, sr);
    addPlacement(stems[p.stem] as PcmAudio, p.audio, p.startSample, p.pan);
    (p.kind === 'loop' || p.kind === 'ambience' ? bedStems : transientStems).add(p.stem);
  }
  const bedOnly = [...bedStems].filter((s) => !transientStems.has(s));
  // ambience under transient cues: beds at least BED_HEADROOM_LU below the transient stems
  if (bedOnly.length > 0 && transientStems.size > 0) {
    const transientLufs = measureLoudness(sumStems([...transientStems].map((s) => stems[s] as PcmAudio), length, sr), { truePeak: false }).integratedLufs;
    const bedLufs = measureLoudness(sumStems(bedOnly.map((s) => stems[s] as PcmAudio), length, sr), { truePeak: false }).integratedLufs;
    if (Number.isFinite(transientLufs) && Number.isFinite(bedLufs) && bedLufs > transientLufs - BED_HEADROOM_LU) {
      const g = Math.pow(10, (transientLufs - BED_HEADROOM_LU - bedLufs) / 20);
      for (const s of bedOnly) scaleInPlace(stems[s] as PcmAudio, g);
    }
  }
  if (preset.duckUnderSpeech && input.productionSound && bedOnly.length > 0) {
    const curve = speechDuckingCurve(input.productionSound, length);
    if (curve) for (const s of bedOnly) applyGainCurve((stems[s] as PcmAudio).channels, curve);
  }
  const names = Object.keys(stems).sort();
  const raw = sumStems(names.map((n) => stems[n] as PcmAudio), length, sr);
  const ceilingDb = preset.truePeakDbtp - CEILING_MARGIN_DB;
  const first = measureLoudness(raw, { truePeak: false });
  let gainDb = 0;
  let mix = raw;
  let curve: Float32Array | undefined;
  let measured: LoudnessMeasurement = first;
  if (Number.isFinite(first.integratedLufs)) {
    // iterate: gain → limit → measure; limiting lowers loudness, so push the gain by the shortfall
    let nextGainDb = preset.targetLufs - first.integratedLufs;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      gainDb = nextGainDb;
      const g = Math.pow(10, gainDb / 20);
      const trial: PcmAudio = { sampleRateHz: sr, channels: raw.channels.map((ch) => ch.map((v) => v * g)) };
      curve = limiterGainCurve(trial.channels, sr, { ceilingDbtp: ceilingDb });
      if (curve) applyGainCurve(trial.channels, curve);
      mix = trial;
      // integrated only inside the loop; the true peak is measured once after it
      measured = measureLoudness(mix, { truePeak: false });
      const error = preset.targetLufs - measured.integratedLufs;
      if (Math.abs(error) <= LOUDNESS_TOLERANCE_LU || !Number.isFinite(error)) break;
      nextGainDb = gainDb + error;
    }
  }
  measured = measureLoudness(mix);
  // final guard: the limiter's smoothing leaves tiny residual overs; trim statically if any remain
  if (measured.truePeakDbtp > ceilingDb) {
    const trim = Math.pow(10, (ceilingDb - measured.truePeakDbtp) / 20);
    scaleInPlace(mix, trim);
    gainDb += ceilingDb - measured.truePeakDbtp;
    measured = measureLoudness(mix);
  }
  const staticGain = Math.pow(10, gainDb / 20);
  const stemSummaries: Record<string, LoudnessSummary> = {};
  const outStems: Record<string, PcmAudio> = {};
  for (const name of names) {
    const s = stems[name] as PcmAudio;
    scaleInPlace(s, staticGain);
    if (curve) applyGainCurve(s.channels, curve);
    let m = measureLoudness(s);
    if (m.truePeakDbtp > ceilingDb) {
      const c2 = limiterGainCurve(s.channels, sr, { ceilingDbtp: ceilingDb });
      if (c2) applyGainCurve(s.channels, c2);
      m = measureLoudness(s);
      if (m.truePeakDbtp > ceilingDb) {
        scaleInPlace(s, Math.pow(10, (ceilingDb - m.truePeakDbtp) / 20));
        m = measureLoudness(s);
      }
    }
    outStems[name] = s;
    stemSummaries[name] = toSummary(m);
  }
  return { mix, stems: outStems, loudness: { mix: toSummary(measured), stems: stemSummaries }, normalizationGainDb: gainDb };
}
