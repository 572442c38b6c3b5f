/**
 * The job runner: calls the stages in order (media → analyze → plan → generate → align → mix →
 * deliver), times each one for report.json, forwards progress and cancellation. It is the only
 * place that knows the order of the line; stages never call each other.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import type { AnalysisResult } from '../contracts/events';
import type { PipelineRequest, PipelineResult } from '../contracts/job';
import type { ClipInfo, FoleyPlan } from '../contracts/plan';
import type { ProgressListener, StageName } from '../contracts/stages';
import { writeFileAtomic } from '../core/atomic';
import { FoleyError, throwIfAborted } from '../core/errors';
import { rational } from '../core/rational';
import { timecodeToSeconds } from '../core/timecode';
import { ENGINE_VERSION } from '../version';
import { analyzeClip } from './analyze';
import { noticesForPlan, planFoley } from './plan';
import { createBackends, disposeBackends, generateTakes } from './generate';
import { alignTakes } from './align';
import { mixStems } from './mix';
import { deliverOutputs } from './deliver';
import { type OpenedSource, openSource } from './source';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Share of the whole job each stage usually takes, for one overall fraction/ETA. */
export const STAGE_WEIGHTS: Readonly<Record<StageName, number>> = {
  media: 0.05,
  analyze: 0.35,
  plan: 0.02,
  generate: 0.33,
  align: 0.08,
  mix: 0.07,
  deliver: 0.1,
};

const TEXT_ONLY_FPS = rational(24, 1);

class StageClock {
  readonly ms: Partial<Record<StageName, number>> = {};
  constructor(private readonly options: RunOptions) {}

  progress(stage: StageName, fraction: number, message?: string): void {
    this.options.onProgress?.({ stage, fraction: Math.max(0, Math.min(1, fraction)), message });
  }

  async run<T>(stage: StageName, fn: () => Promise<T> | T): Promise<T> {
    throwIfAborted(this.options.signal);
    this.progress(stage, 0);
    const t0 = performance.now();
    const result = await fn();
    this.ms[stage] = Math.round((performance.now() - t0) * 100) / 100;
    this.progress(stage, 1);
    return result;
  }
}

function clipInfoFor(req: PipelineRequest, source: OpenedSource | undefined): ClipInfo {
  if (source) {
    return {
      path: source.probe.path,
      inSec: source.range.inSec,
      outSec: source.range.outSec,
      fps: source.probe.video.fps,
      timelineStartSec: req.timelineStartSec,
      startTimecode: req.startTimecode,
    };
  }
  const duration = req.durationSec ?? (req.plan ? req.plan.clip.outSec - req.plan.clip.inSec : 10);
  return { path: null, inSec: 0, outSec: duration, fps: req.plan?.clip.fps ?? TEXT_ONLY_FPS, timelineStartSec: req.timelineStartSec, startTimecode: req.startTimecode };
}

/**
 * bext TimeReference (samples since midnight) for the first sample of the result: the host's timeline
 * position (start timecode + offset) when given, else the source clip's own timecode at the in point.
 */
export function timeReferenceSamples(clip: ClipInfo, sourceTimecode: string | undefined, sampleRateHz: number): number {
  let seconds = 0;
  if (clip.startTimecode) seconds = timecodeToSeconds(clip.startTimecode, clip.fps) + clip.timelineStartSec;
  else if (sourceTimecode) seconds = timecodeToSeconds(sourceTimecode, clip.fps) + clip.inSec;
  else seconds = clip.timelineStartSec;
  return Math.max(0, Math.round(seconds * sampleRateHz));
}

function safeTimecodeSamples(clip: ClipInfo, sourceTc: string | undefined, rate: number): number {
  try {
    return timeReferenceSamples(clip, sourceTc, rate);
  } catch {
    return Math.round(clip.timelineStartSec * rate);
  }
}

/** Media → analyze → plan, shared by `foley plan` and the full run. */
async function prepare(req: PipelineRequest, clock: StageClock, options: RunOptions): Promise<{ source?: OpenedSource; analysis?: AnalysisResult; plan: FoleyPlan; notices: string[] }> {
  const source = req.videoPath
    ? await clock.run('media', () => openSource(req.videoPath as string, req.inSec, req.outSec, { readSound: true, signal: options.signal }))
    : undefined;
  let analysis: AnalysisResult | undefined;
  if (source && !req.plan) {
    analysis = await clock.run('analyze', () =>
      analyzeClip({
        probe: source.probe,
        range: source.range,
        productionSound: source.productionSound,
        signal: options.signal,
        onProgress: (f) => clock.progress('analyze', f),
      }),
    );
  }
  const clip = clipInfoFor(req, source);
  const plan = req.plan
    ? { ...req.plan, clip: { ...req.plan.clip, path: clip.path ?? req.plan.clip.path, timelineStartSec: req.plan.clip.timelineStartSec || clip.timelineStartSec } }
    : await clock.run('plan', () => planFoley({ analysis, prompt: req.prompt, markers: req.markers, clip, preset: req.preset }));
  // what the editor's words asked for and the plan could not give; a given plan was already read by a person
  const notices = req.plan ? [] : noticesForPlan(plan, req.markers);
  return { source, analysis, plan, notices };
}

/**
 * Cue ids asked to be regenerated must exist: an id that is not in the plan (a typo, a plan from another
 * clip) would otherwise render an empty result without a word.
 */
function checkOnlyCues(plan: FoleyPlan, only: readonly string[] | undefined): void {
  if (!only) return;
  const ids = new Set(plan.cues.map((c) => c.id));
  const unknown = only.filter((id) => !ids.has(id));
  if (unknown.length === 0) return;
  const known = plan.cues.slice(0, 8).map((c) => c.id).join(', ') + (plan.cues.length > 8 ? ', …' : '');
  throw new FoleyError(
    'INPUT_INVALID',
    `The plan has no cue ${unknown.map((id) => `"${id}"`).join(', ')} to regenerate (its cues: ${known || 'none'}); check the cue ids.`,
  );
}

/** `foley plan`: the cue sheet only. */
export async function planOnly(req: PipelineRequest, options: RunOptions = {}): Promise<{ plan: FoleyPlan; analysis?: AnalysisResult; notices: string[] }> {
  const clock = new StageClock(options);
  const { plan, analysis, notices } = await prepare(req, clock, options);
  return { plan, analysis, notices };
}

export async function runPipeline(req: PipelineRequest, options: RunOptions = {}): Promise<PipelineResult> {
  const clock = new StageClock(options);
  const startedAt = new Date();
  const { source, analysis, plan, notices } = await prepare(req, clock, options);
  checkOnlyCues(plan, req.onlyCues);
  const backends = createBackends(req.preset);
  try {
    const variations = req.variations ?? req.preset.variations;
    const generated = await clock.run('generate', () =>
      generateTakes({
        plan,
        preset: req.preset,
        seed: req.seed,
        variations,
        backends,
        onlyCues: req.onlyCues,
        signal: options.signal,
        onProgress: (f, m) => clock.progress('generate', f, m),
      }),
    );
    const aligned = await clock.run('align', async () => {
      // An installed audio–text scorer bundle replaces the spectral class-fit reward (undefined otherwise).
      const { externalClassFit } = require('./generate/onnx/classFit') as typeof import('./generate/onnx/classFit');
      return alignTakes({ generated, sampleRateHz: plan.sampleRateHz, externalClassFit: await externalClassFit(generated.candidates) });
    });
    const mixed = await clock.run('mix', () => mixStems({ aligned, preset: req.preset, productionSound: source?.productionSound }));
    const report: Record<string, unknown> = {
      engineVersion: ENGINE_VERSION,
      startedAt: startedAt.toISOString(),
      source: source
        ? {
            path: source.probe.path,
            fps: source.probe.video.fps,
            durationSec: source.probe.durationSec,
            range: { inSec: source.range.inSec, outSec: source.range.outSec },
            startTimecode: source.probe.startTimecode ?? null,
            isVfr: source.probe.video.isVfr,
          }
        : null,
      preset: req.preset.name,
      seed: req.seed,
      variations,
      events: analysis ? { count: analysis.events.length, cuts: analysis.cuts.length } : null,
      stagesMs: clock.ms,
    };
    const delivered = await clock.run('deliver', () =>
      deliverOutputs({
        outDir: req.outDir,
        mixed,
        plan,
        aligned,
        preset: req.preset,
        timeReferenceSamples: safeTimecodeSamples(plan.clip, source?.probe.startTimecode, plan.sampleRateHz),
        report,
        preview:
          req.preview && source
            ? { videoPath: source.probe.path, inSec: source.range.inSec, outSec: source.range.outSec, withProductionSound: source.productionSound !== undefined }
            : undefined,
        signal: options.signal,
      }),
    );
    // deliver cannot time itself into the report it writes: add its time afterwards (atomic rewrite).
    const finalReport = JSON.parse(readFileSync(delivered.files.report, 'utf8')) as Record<string, unknown>;
    finalReport.stagesMs = { ...clock.ms };
    finalReport.totalMs = Math.round(Object.values(clock.ms).reduce((a, b) => a + (b ?? 0), 0));
    writeFileAtomic(delivered.files.report, `${JSON.stringify(finalReport, null, 2)}\n`);
    return { outDir: req.outDir, files: delivered.files, plan, report: finalReport, notices };
  } finally {
    await disposeBackends(backends);
  }
}
