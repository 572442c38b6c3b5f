/**
 * The analyze stage: what happens in the picture, and exactly when. Frames are streamed at a small
 * analysis size (never the whole video in memory) and reduced to per-frame motion (`frameMotion.ts`),
 * cuts (`cuts.ts`), tracked regions and their contacts with sub-frame times (`tracker.ts`,
 * `contactFit.ts`), then classified (`classify.ts`) and, when the clip has production sound, snapped to
 * its onsets (`guideTrack.ts`). Output numbers are rounded so the same input gives byte-identical JSON.
 * `analyzeClip` is the stage entry; `analyzeFrameSequence` is the pure core for any frame source.
 */
import type { PcmAudio } from '../../core/audio';
import { throwIfAborted } from '../../core/errors';
import { type Rational, toNumber } from '../../core/rational';
import type { AnalysisResult, Cut, VisualEvent } from '../../contracts/events';
import { type MediaProbe, type SourceRange, type VideoFrame, type VideoStreamInfo, streamFrames } from '../../media';
import { classifyContacts } from './classify';
import { CutDetector } from './cuts';
import { FrameMotionExtractor } from './frameMotion';
import { snapToOnsets, trustedOnsets } from './guideTrack';
import { type AnalyzeOptions, resolveAnalyzeOptions } from './options';
import { RegionTracker, frameScaleOf } from './tracker';

export { DEFAULT_ANALYZE_OPTIONS, type AnalyzeOptions } from './options';
export type { FrameMotion, MotionRegion } from './frameMotion';

export interface AnalyzeSequenceInput {
  fps: Rational;
  /** analysed duration in seconds (defaults to frames × frame duration) */
  durationSec?: number;
  productionSound?: PcmAudio;
  signal?: AbortSignal;
  /** called with 0..1 as frames arrive (needs expectedFrames) */
  onProgress?: (fraction: number) => void;
  expectedFrames?: number;
  options?: Partial<AnalyzeOptions>;
}

const round = (v: number, step: number): number => Math.round(v / step) * step;
const r6 = (v: number): number => Number(round(v, 1e-6).toFixed(6));
const r4 = (v: number): number => Number(round(v, 1e-4).toFixed(4));
const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Analyses any stream of gray frames of one size at a constant rate. */
export async function analyzeFrameSequence(frames: AsyncIterable<VideoFrame>, input: AnalyzeSequenceInput): Promise<AnalysisResult> {
  const options = resolveAnalyzeOptions(input.options);
  const fpsNum = toNumber(input.fps);
  const frameSec = 1 / fpsNum;
  let extractor: FrameMotionExtractor | undefined;
  let tracker: RegionTracker | undefined;
  const cutDetector = new CutDetector(options.cutThreshold, options.cutContrast);
  const cuts: Cut[] = [];
  const motion: number[] = [];
  let firstT: number | undefined;
  let count = 0;
  let width = 0;
  let height = 0;
  let camX = 0;
  let camY = 0;
  for await (const frame of frames) {
    if ((count & 15) === 0) throwIfAborted(input.signal);
    if (!extractor) {
      width = frame.width;
      height = frame.height;
      // at 50/60 fps a frame-to-frame move is small against the noise: difference two frames apart; above
      // 60 fps as many frames apart as make the same time span (4 at 100/120 fps)
      const frameScale = frameScaleOf(fpsNum);
      const stride = (fpsNum / frameScale > 40 ? 2 : 1) * frameScale;
      extractor = new FrameMotionExtractor(width, height, options, stride);
      const minSpeed = (options.minContactSpeedWps * width) / fpsNum;
      tracker = new RegionTracker({
        minSpeed,
        minSpeedChangeRatio: options.minSpeedChangeRatio,
        spanSpeed: (options.spanSpeedWps * width) / fpsNum,
        minSpanFrames: Math.max(2, Math.round(options.minSpanSec * fpsNum)),
        width,
        height,
        stride,
        frameScale,
      });
      firstT = frame.t - frame.index * frameSec;
    }
    const fm = extractor.process(frame.index, frame.t, frame.data);
    const decision = cutDetector.push(fm.changeScore);
    const tr = tracker as RegionTracker;
    let energy = fm.energy;
    if (decision.isCut) {
      cuts.push({ t: r6(frame.t), frame: frame.index, score: r4(decision.score) });
      // a new shot: nothing that moved before can stop now; motion of this frame is meaningless
      tr.endAll(false);
      extractor.markCut();
      energy = 0;
      camX = 0;
      camY = 0;
    } else if (fm.flat) {
      tr.endAll(false);
    } else {
      camX += fm.shift.dx;
      camY += fm.shift.dy;
      tr.update(frame.index, fm.regions, camX, camY);
    }
    const bin = Math.floor((frame.t + 1e-9) * options.motionRateHz);
    while (motion.length <= bin) motion.push(0);
    if (energy > (motion[bin] as number)) motion[bin] = energy;
    count++;
    if (input.onProgress && input.expectedFrames) input.onProgress(Math.min(1, count / input.expectedFrames));
  }
  throwIfAborted(input.signal);
  // the decoder may deliver a frame fewer than the container promised; the stage is done either way
  if (input.onProgress && input.expectedFrames) input.onProgress(1);
  const durationSec = input.durationSec ?? count * frameSec;
  if (!tracker || firstT === undefined) {
    return { fps: input.fps, duration: r6(durationSec), events: [], cuts: [], motion: [], motionRateHz: options.motionRateHz };
  }
  tracker.endAll(true);
  const t0 = firstT;
  const toSec = (tFrames: number): number => t0 + tFrames * frameSec;
  const frameOf = (t: number): number => Math.max(0, Math.ceil((t - t0) / frameSec - 1e-6));

  const classified = classifyContacts(tracker.contacts, width, height, fpsNum);
  const times = classified.map((c) => toSec(c.t));
  let snapped: Array<number | undefined> = times.map(() => undefined);
  if (input.productionSound && input.productionSound.channels.length > 0) {
    const onsets = trustedOnsets(input.productionSound, options.snapMinRiseDb);
    snapped = snapToOnsets(times, onsets, options.snapFrames * frameSec);
  }
  const events: VisualEvent[] = classified.map((c, i) => {
    const s = snapped[i];
    const t = Math.max(0, s ?? (times[i] as number));
    const ev: VisualEvent = {
      t: r6(t),
      frame: frameOf(t),
      kind: c.eventKind,
      strength: r4(clamp01(c.strength)),
      x: r4(clamp01(c.x / width)),
      y: r4(clamp01(c.y / height)),
      size: r4(clamp01(c.size / Math.sqrt(width * height))),
    };
    if (s !== undefined) ev.snapped = true;
    return ev;
  });
  for (const sp of tracker.spans) {
    const t = Math.max(0, toSec(sp.startFrame));
    events.push({
      t: r6(t),
      frame: frameOf(t),
      kind: 'motion',
      strength: r4(clamp01(1 - Math.exp(-(sp.peakSpeed * fpsNum) / width / 2))),
      x: r4(clamp01(sp.x / width)),
      y: r4(clamp01(sp.y / height)),
      end: r6(toSec(sp.endFrame)),
      size: r4(clamp01(sp.size / Math.sqrt(width * height))),
    });
  }
  events.sort((a, b) => a.t - b.t || a.x - b.x || a.y - b.y || a.kind.localeCompare(b.kind));
  return { fps: input.fps, duration: r6(durationSec), events, cuts, motion: motion.map(r4), motionRateHz: options.motionRateHz };
}

export interface AnalyzeClipInput {
  probe: MediaProbe & { video: VideoStreamInfo };
  range: SourceRange;
  productionSound?: PcmAudio;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  options?: Partial<AnalyzeOptions>;
}

/** The stage entry: streams the range's frames at analysis size from the media module and analyses them. */
export async function analyzeClip(input: AnalyzeClipInput): Promise<AnalysisResult> {
  const options = resolveAnalyzeOptions(input.options);
  const frames = streamFrames({ probe: input.probe, range: input.range, width: Math.min(options.analysisWidth, input.probe.video.displayWidth), pixelFormat: 'gray', signal: input.signal });
  return analyzeFrameSequence(frames, {
    fps: input.probe.video.fps,
    durationSec: input.range.outSec - input.range.inSec,
    productionSound: input.productionSound,
    signal: input.signal,
    onProgress: input.onProgress,
    expectedFrames: input.range.frameCount,
    options: input.options,
  });
}
