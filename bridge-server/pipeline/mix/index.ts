/**
 * Mix stage: placed takes → stereo stems (one per placement.stem, constant-power panned from the cue's
 * pan) → full mix = sum of stems → loudness normalization of the full mix to preset.targetLufs with a
 * true-peak limiter at preset.truePeakDbtp (dsp/limiter.ts), verified by the meter and iterated so the
 * result lands within ±0.2 LU of target. The limiter curve is driven by the peaks of the mix and of every
 * stem, and the same gain and curve are applied to every stem, so every file stays under the ceiling and
 * stems still sum to the mix (EBU Tech 3343: stems keep their natural balance, not −23 each); a residual
 * over (curve smoothing) is trimmed statically. Beds sit at least 6 LU under the transient stems, and
 * are optionally ducked where the production sound has speech. Stems and the mix live in SharedArrayBuffers:
 * the stems are finished (gain, curve, measurement) partly on a worker thread while the mix is rendered and
 * measured (finishStems.ts), and delivery packs files on a worker without copying them.
 */
import type { Preset } from '../../contracts/preset';
import type { AlignOutput, LoudnessSummary, MixOutput } from '../../contracts/stages';
import { createPcm, type PcmAudio } from '../../core/audio';
import { integratedFromSubBlocks, measureLoudness, type LoudnessMeasurement } from '../../dsp/loudness';
import { applyGainCurve, limiterCurveFromPeaks, limiterPeaks, type ChannelHint, type LimiterPeaks } from '../../dsp/limiter';
import { constantPowerGains, stereoBalanceGains } from '../../dsp/pan';
import { addOverSpans, gainOverSpans, mergeSpans, regainOverSpans, unionSpans, type Spans } from './spans';
import { speechDuckingCurve } from './speechDucking';
import { startKWeightedPower, startMeasure } from './measureOnWorker';
import { measureStem, startFinishingStems, toSummary, type StemGain, type StemJob, type StemsInFlight } from './finishStems';

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
/** Tighter tolerance for the power-based estimate, so the verification on the real mix rarely iterates. */
const ESTIMATE_TOLERANCE_LU = 0.01;
/** The limiter's peak analysis covers ceilings down to 3 dB under the first one tried. */
const PEAK_FLOOR_FACTOR = Math.pow(10, -3 / 20);


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

/** Stereo audio at the output rate that spans exactly [0, length) (a bed fitted to the whole programme). */
function coversProgramme(audio: PcmAudio, startSample: number, length: number, sampleRateHz: number): boolean {
  return startSample === 0 && audio.sampleRateHz === sampleRateHz && audio.channels.length === 2 && audio.channels.every((ch) => ch.length === length);
}

/**
 * The placement's own buffers as its stem, panned in place: the values addPlacement would add onto a
 * silent stem (0 + v·g; a −0 sample stays −0, which nothing downstream tells apart).
 */
function adoptAsStem(audio: PcmAudio, pan: number): PcmAudio {
  const g = stereoBalanceGains(pan);
  [g.left, g.right].forEach((gain, c) => {
    const ch = audio.channels[c] as Float32Array;
    if (gain !== 1) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain;
  });
  return { sampleRateHz: audio.sampleRateHz, channels: [audio.channels[0] as Float32Array, audio.channels[1] as Float32Array] };
}

/** A fresh sum of the named stems, added in the given order over each stem's spans. */
function sumOverSpans(list: string[], stems: Record<string, PcmAudio>, spans: Record<string, Spans>, length: number, sampleRateHz: number): PcmAudio {
  const sum = createPcm(2, length, sampleRateHz, { shared: true });
  for (const name of list) addOverSpans(sum.channels, (stems[name] as PcmAudio).channels, spans[name] as Spans);
  return sum;
}

/** One stem or the sum of several (a single stem is used as is: no full-length copy). */
function stemSum(list: string[], stems: Record<string, PcmAudio>, spans: Record<string, Spans>, length: number, sampleRateHz: number): PcmAudio {
  return list.length === 1 ? (stems[list[0] as string] as PcmAudio) : sumOverSpans(list, stems, spans, length, sampleRateHz);
}

/** x · gain · curve in place, one pass. */
function renderInPlace(a: PcmAudio, gain: number, curve: Float32Array | undefined): void {
  for (const ch of a.channels) {
    if (curve) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain * (curve[i] as number);
    else if (gain !== 1) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain;
  }
}

function scaleInPlace(a: PcmAudio, gain: number): void {
  if (gain === 1) return;
  for (const ch of a.channels) for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain;
}


/**
 * The summary of a file after a static gain of `db`: every level moves by `db`, the range does not. (Exact
 * but for the float32 rounding of the scaled samples, ~1e-7 dB; saves measuring the file again.)
 */
function shiftSummary(m: LoudnessSummary, db: number): LoudnessSummary {
  return {
    integratedLufs: m.integratedLufs + db,
    loudnessRangeLu: m.loudnessRangeLu,
    truePeakDbtp: m.truePeakDbtp + db,
    maxMomentaryLufs: m.maxMomentaryLufs + db,
    maxShortTermLufs: m.maxShortTermLufs + db,
  };
}

export function mixStems(input: MixInput): MixOutput {
  const { aligned, preset } = input;
  const sr = aligned.sampleRateHz;
  const length = aligned.lengthSamples;
  const stems: Record<string, PcmAudio> = {};
  const ranges: Record<string, Array<[number, number]>> = {};
  const bedStems = new Set<string>();
  const transientStems = new Set<string>();
  const placementsPerStem = new Map<string, number>();
  for (const p of aligned.placements) placementsPerStem.set(p.stem, (placementsPerStem.get(p.stem) ?? 0) + 1);
  for (const p of aligned.placements) {
    if (!stems[p.stem] && placementsPerStem.get(p.stem) === 1 && coversProgramme(p.audio, p.startSample, length, sr)) {
      // a bed alone in its stem over the whole programme: its buffers become the stem (no 230 MB copy
      // per 10 minutes); placement audio is a fresh buffer the mix owns (contracts/stages Placement)
      stems[p.stem] = adoptAsStem(p.audio, p.pan);
    } else {
      stems[p.stem] ??= createPcm(2, length, sr, { shared: true });
      addPlacement(stems[p.stem] as PcmAudio, p.audio, p.startSample, p.pan);
    }
    (ranges[p.stem] ??= []).push([p.startSample, p.startSample + (p.audio.channels[0]?.length ?? 0)]);
    (p.kind === 'loop' || p.kind === 'ambience' ? bedStems : transientStems).add(p.stem);
  }
  const spans: Record<string, Spans> = {};
  for (const name of Object.keys(stems)) spans[name] = mergeSpans(ranges[name] ?? [], length);
  const bedOnly = [...bedStems].filter((s) => !transientStems.has(s));
  const names = Object.keys(stems).sort();
  // ambience under transient cues: beds at least BED_HEADROOM_LU below the transient stems
  // a known bound on each stem's |x| (from a measurement's sample peak) lets the limiter analysis skip it
  const maxAbs: Record<string, number> = {};
  // the raw mix starts as the sum of the transient stems, which is also what the bed headroom measures;
  // the beds are added once they are scaled
  let raw: PcmAudio | undefined;
  let rawLufsGuess = NaN;
  if (bedOnly.length > 0 && transientStems.size > 0) {
    const transient = [...transientStems];
    // the bed is measured on a worker while the transient stems are summed and measured here
    const bedMeasure = startMeasure(stemSum(bedOnly, stems, spans, length, sr), { truePeak: false, activeSpans: unionSpans(bedOnly, spans) });
    raw = sumOverSpans(transient, stems, spans, length, sr);
    const transientLufs = measureLoudness(raw, { truePeak: false, activeSpans: unionSpans(transient, spans) }).integratedLufs;
    const bed = bedMeasure.result();
    let g = 1;
    if (Number.isFinite(transientLufs) && Number.isFinite(bed.integratedLufs) && bed.integratedLufs > transientLufs - BED_HEADROOM_LU) {
      g = Math.pow(10, (transientLufs - BED_HEADROOM_LU - bed.integratedLufs) / 20);
      for (const s of bedOnly) gainOverSpans((stems[s] as PcmAudio).channels, spans[s] as Spans, g);
    }
    // float32 rounding of the scaled samples stays far inside the 1e-6 margin
    if (bedOnly.length === 1) maxAbs[bedOnly[0] as string] = Math.pow(10, bed.samplePeakDbfs / 20) * g * (1 + 1e-6);
    // the raw mix will be the transient sum plus the scaled bed: its loudness, as if uncorrelated, lets
    // the limiter's peak analysis start before the raw mix's own measurement is back
    rawLufsGuess = 10 * Math.log10(Math.pow(10, transientLufs / 10) + Math.pow(10, (bed.integratedLufs + 20 * Math.log10(g)) / 10));
  }
  if (preset.duckUnderSpeech && input.productionSound && bedOnly.length > 0) {
    const curve = speechDuckingCurve(input.productionSound, length);
    // ducking only lowers (gains ≤ 1), so the bounds above still hold
    if (curve) {
      for (const s of bedOnly) applyGainCurve((stems[s] as PcmAudio).channels, curve);
      rawLufsGuess = NaN;
    }
  }
  if (raw) for (const name of bedOnly) addOverSpans(raw.channels, (stems[name] as PcmAudio).channels, spans[name] as Spans);
  else raw = sumOverSpans(names, stems, spans, length, sr);
  const ceilingDb = preset.truePeakDbtp - CEILING_MARGIN_DB;
  // one K-weighting pass over the raw mix: per-sample power, so each trial (gain, limiter curve) is
  // evaluated as Σ g²·curve²·p per sub-block instead of re-filtering 2 × length samples per pass; it
  // runs on a worker while the limiter's peak analysis runs here
  const kpPending = startKWeightedPower(raw);
  // the raw mix's peak per sample is analysed once (above a floor 3 dB under the first ceiling tried)
  // and every trial's limiter curve is derived from it; a trial below the floor re-analyses
  // The stems are analysed with it: one shared curve then keeps the mix and every stem under the
  // ceiling (a stem can peak higher than the mix where other stems cancel it), and stems still sum to
  // the mix exactly — no stem needs a limiter of its own.
  const peakChannels = [...raw.channels, ...names.flatMap((n) => (stems[n] as PcmAudio).channels)];
  const peakHints: ChannelHint[] = [{}, {}, ...names.flatMap((n) => [0, 1].map(() => ({ spans: spans[n], maxAbs: maxAbs[n] })))];
  let peaks: LimiterPeaks | undefined;
  if (Number.isFinite(rawLufsGuess)) {
    // from the guess, with 1 dB more room for its error; the curve of any ceiling above the floor does
    // not depend on where the floor is, so a guess changes nothing but the time taken
    const firstCeilingDb = ceilingDb - (preset.targetLufs - rawLufsGuess);
    peaks = limiterPeaks(peakChannels, sr, Math.pow(10, (firstCeilingDb - 1) / 20) * PEAK_FLOOR_FACTOR, peakHints);
  }
  const kp = kpPending.result();
  const rawLufs = integratedFromSubBlocks(kp.energy, kp.bounds);
  // shared: the first curve is also read by the worker finishing the stems (finishStems.ts)
  let curveBuffer: Float32Array | undefined = new Float32Array(new SharedArrayBuffer(4 * length));
  const limiterCurve = (ceilDb: number): Float32Array | undefined => {
    const c = Math.pow(10, ceilDb / 20);
    if (!peaks || c < peaks.floor) peaks = limiterPeaks(peakChannels, sr, c * PEAK_FLOOR_FACTOR, peakHints);
    const curve = limiterCurveFromPeaks(peaks, sr, { ceilingDbtp: ceilDb }, curveBuffer);
    if (curve) curveBuffer = curve;
    return curve;
  };
  const stemJobs: StemJob[] = names.map((name) => ({ name, sampleRateHz: sr, channels: (stems[name] as PcmAudio).channels, spans: spans[name] as Spans }));
  let gainDb = 0;
  const mix = raw;
  let curve: Float32Array | undefined;
  let measured: LoudnessMeasurement;
  let stemsInFlight: StemsInFlight;
  /** the gain and curve the stems were started with, when the mix had to be corrected afterwards */
  let stemsStartedWith: StemGain | undefined;
  if (Number.isFinite(rawLufs)) {
    const trialEnergy = new Float64Array(kp.energy.length);
    // loudness of raw · 10^(gainDb/20) · curve; the limiter is scale-invariant, so the curve for the gained
    // mix is the curve of the raw mix at a ceiling lowered by the gain (no full-length trial copy)
    const trial = (gDb: number): { lufs: number; curve: Float32Array | undefined } => {
      const c = limiterCurve(ceilingDb - gDb);
      if (!c) return { lufs: rawLufs + gDb, curve: undefined };
      const g2 = Math.pow(10, gDb / 10);
      const p = kp.power;
      const b = kp.bounds;
      for (let j = 0; j < trialEnergy.length; j++) {
        let acc = 0;
        const e = (b[j + 1] as number) | 0;
        for (let i = (b[j] as number) | 0; i < e; i++) {
          const cv = c[i] as number;
          acc += cv * cv * (p[i] as number);
        }
        trialEnergy[j] = g2 * acc;
      }
      return { lufs: integratedFromSubBlocks(trialEnergy, b), curve: c };
    };
    // limiting lowers loudness, so push the gain by the shortfall (secant steps: the loudness-vs-gain
    // slope is below 1 dB/dB when the limiter works hard); verified on the real mix below
    let g0 = preset.targetLufs - rawLufs;
    let t0 = trial(g0);
    gainDb = g0;
    curve = t0.curve;
    let prev: { g: number; lufs: number } | undefined;
    for (let pass = 1; pass < MAX_PASSES; pass++) {
      const error = preset.targetLufs - t0.lufs;
      if (Math.abs(error) <= ESTIMATE_TOLERANCE_LU || !Number.isFinite(error)) break;
      let slope = 1;
      if (prev && t0.lufs !== prev.lufs && g0 !== prev.g) slope = Math.min(1, Math.max(0.2, (t0.lufs - prev.lufs) / (g0 - prev.g)));
      prev = { g: g0, lufs: t0.lufs };
      g0 += error / slope;
      t0 = trial(g0);
      gainDb = g0;
      curve = t0.curve;
    }
    // the stems get this gain and curve (some on a worker) while the mix is rendered in place and measured
    const started: StemGain = { gain: Math.pow(10, gainDb / 20), curve };
    stemsInFlight = startFinishingStems(stemJobs, started, length);
    renderInPlace(mix, started.gain, curve);
    measured = measureLoudness(mix);
    // the estimate ignores that filtering and the gain curve do not commute; correct on the real mix by
    // re-gaining it (the stems in flight keep the first curve; they are re-gained the same way below)
    for (let pass = 0; pass < MAX_PASSES && Math.abs(preset.targetLufs - measured.integratedLufs) > LOUDNESS_TOLERANCE_LU; pass++) {
      const before = { gain: Math.pow(10, gainDb / 20), curve };
      gainDb += preset.targetLufs - measured.integratedLufs;
      curveBuffer = undefined;
      curve = limiterCurve(ceilingDb - gainDb);
      regainOverSpans(mix.channels, undefined, before, { gain: Math.pow(10, gainDb / 20), curve });
      measured = measureLoudness(mix);
      stemsStartedWith = started;
    }
  } else {
    stemsInFlight = startFinishingStems(stemJobs, { gain: 1, curve: undefined }, length);
    measured = measureLoudness(mix);
  }
  const finalGain: StemGain = { gain: Math.pow(10, gainDb / 20), curve };
  // final guard: the limiter's smoothing leaves tiny residual overs; trim statically if any remain
  let mixSummary = toSummary(measured);
  let mixTrimDb = 0;
  if (measured.truePeakDbtp > ceilingDb) {
    mixTrimDb = ceilingDb - measured.truePeakDbtp;
    scaleInPlace(mix, Math.pow(10, mixTrimDb / 20));
    gainDb += mixTrimDb;
    mixSummary = shiftSummary(mixSummary, mixTrimDb);
  }
  const stemSummaries = stemsInFlight.finish();
  const outStems: Record<string, PcmAudio> = {};
  for (const job of stemJobs) {
    if (stemsStartedWith) {
      // the mix was corrected after the stems were started: same re-gain as the mix, then measure again
      regainOverSpans(job.channels, job.spans, stemsStartedWith, finalGain);
      stemSummaries[job.name] = measureStem(job);
    }
    // the mix's trim (stems keep summing to the mix), or more where the shared curve's smoothing left
    // a residual over in this stem: one static trim of min(mix trim, ceiling − stem true peak)
    const summary = stemSummaries[job.name] as LoudnessSummary;
    const trimDb = Math.min(mixTrimDb, ceilingDb - summary.truePeakDbtp);
    if (trimDb < 0) {
      gainOverSpans(job.channels, job.spans, Math.pow(10, trimDb / 20));
      stemSummaries[job.name] = shiftSummary(summary, trimDb);
    }
    outStems[job.name] = stems[job.name] as PcmAudio;
  }
  return { mix, stems: outStems, loudness: { mix: mixSummary, stems: stemSummaries }, normalizationGainDb: gainDb };
}
