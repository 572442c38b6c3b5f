/**
 * The onnx generation backend: renders cues with an installed flow bundle (video-to-audio when the
 * cue has a clip and a v2a bundle is installed, text-to-audio otherwise) inside the shared inference
 * worker, and returns ordinary takes whose sync point is the first detected onset (0 for beds).
 * Also exports the runtime status for `/health` and the scorer used for the align stage's class fit.
 */
import { type PcmAudio, toMono } from '../../../core/audio';
import { FoleyError, throwIfAborted } from '../../../core/errors';
import { modelsDir as defaultModelsDir } from '../../../core/paths';
import { mixSeed } from '../../../core/rng';
import type { GenerationBackend, RenderRequest } from '../../../contracts/backend';
import type { Cue } from '../../../contracts/plan';
import type { Take } from '../../../contracts/take';
import { detectOnsets } from '../../../dsp/onsets';
import type { FlowBundle } from './bundleSchema';
import { type InstalledBundle, isFlowBundle, listInstalledBundles } from './bundleManifest';
import { configuredProviders } from './providers';
import { resampleSinc } from './resample';
import { planWindows } from './sampler';
import { readVisualFrames } from './visualFeatures';
import { type InferenceWorker, acquireWorker } from './workerClient';

export interface OnnxBackendOptions {
  modelsDir?: string;
  /** preferred bundle (folder name or manifest id) */
  bundle?: string;
  providers?: string[];
  log?: (line: string) => void;
}

/** Seconds of audio a take needs for a cue. */
export function takeDurationSec(cue: Cue): number {
  const span = cue.end !== undefined ? cue.end - cue.start : 0;
  if (cue.kind === 'hit') return Math.min(4, Math.max(1, span));
  return Math.min(60, Math.max(0.5, span));
}

/** The text a neural model is prompted with. */
export function cuePrompt(cue: Cue): string {
  if (cue.sound.neuralPrompt) return cue.sound.neuralPrompt;
  if (cue.prompt) return cue.prompt;
  const params = Object.values(cue.sound.params).filter((v) => typeof v === 'string');
  return [cue.sound.class.replace(/[-_]/g, ' '), ...params].join(' ');
}

/** Pre-roll before a hit so a video model sees the motion leading into it. */
const HIT_PREROLL_SEC = 0.25;

type UsableBundle = InstalledBundle & { bundle: FlowBundle };

export function createOnnxBackend(options: OnnxBackendOptions = {}): GenerationBackend {
  const dir = options.modelsDir ?? defaultModelsDir();
  const providers = options.providers ?? configuredProviders();
  let installed: UsableBundle[] | undefined;
  let worker: InferenceWorker | undefined;
  const warmed = new Set<string>();

  const bundles = (): UsableBundle[] => {
    installed ??= listInstalledBundles(dir).filter((b): b is UsableBundle => !!b.bundle && isFlowBundle(b.bundle));
    if (options.bundle) return installed.filter((b) => b.name === options.bundle || b.bundle.id === options.bundle);
    return installed;
  };

  const pick = (hasClip: boolean): UsableBundle | undefined => {
    const list = bundles();
    return (hasClip ? list.find((b) => b.bundle.kind === 'v2a-flow') : undefined) ?? list.find((b) => b.bundle.kind === 't2a-flow');
  };

  return {
    id: 'onnx',
    canRender(cue: Cue): boolean {
      return cuePrompt(cue).trim().length > 0 && bundles().length > 0;
    },
    async render(req: RenderRequest): Promise<Take[]> {
      throwIfAborted(req.signal);
      const chosen = pick(!!req.clip.path);
      if (!chosen) {
        const why = options.bundle ? `no usable bundle named "${options.bundle}"` : 'no usable text-to-audio bundle (video-to-audio needs a clip)';
        throw new FoleyError('MODEL_UNAVAILABLE', `${dir}: ${why}; run "foley models list".`);
      }
      const { bundle } = chosen;
      const durationSec = takeDurationSec(req.cue);
      let frames: Awaited<ReturnType<typeof readVisualFrames>> | undefined;
      let preRollSec = 0;
      if (bundle.kind === 'v2a-flow' && req.clip.path) {
        preRollSec = req.cue.kind === 'hit' ? Math.min(HIT_PREROLL_SEC, req.cue.start) : 0;
        const inSec = req.clip.inSec + req.cue.start - preRollSec;
        // A short take still runs a whole exported window: give the model the real picture for all of it
        // (up to the clip's end) rather than a held last frame.
        const windowSec = planWindows(durationSec, bundle.windows, bundle.windowOverlapSec)[0]?.window.durationSec ?? durationSec;
        const spanSec = Math.max(durationSec, windowSec);
        frames = await readVisualFrames({ path: req.clip.path, inSec, outSec: Math.max(inSec + durationSec, Math.min(req.clip.outSec, inSec + spanSec)), streams: bundle.video, signal: req.signal });
      }
      worker ??= acquireWorker(providers, options.log);
      if (!warmed.has(chosen.dir)) {
        await worker.request('warmUp', { dir: chosen.dir }, { signal: req.signal });
        warmed.add(chosen.dir);
      }
      const takes: Take[] = [];
      for (let i = 0; i < req.count; i++) {
        throwIfAborted(req.signal);
        const seed = mixSeed(req.seed, req.cue.id, i, req.cue.seed ?? 0);
        const r = await worker.request('generate', { dir: chosen.dir, request: { prompt: cuePrompt(req.cue), durationSec, seed, frames } }, { signal: req.signal });
        const audio: PcmAudio = {
          sampleRateHz: req.sampleRateHz,
          channels: r.channels.map((c) => resampleSinc(c, r.sampleRateHz, req.sampleRateHz)),
        };
        let syncSample = 0;
        if (req.cue.kind === 'hit') {
          const onsets = detectOnsets(toMono(audio), audio.sampleRateHz);
          syncSample = onsets[0]?.sample ?? Math.round(preRollSec * audio.sampleRateHz);
        }
        takes.push({
          audio,
          syncSample,
          loopable: req.cue.kind !== 'hit' ? false : undefined,
          provenance: {
            backend: 'onnx',
            class: req.cue.sound.class,
            seed,
            params: { steps: r.steps, windows: r.windows, msPerStep: Math.round(r.msPerStep * 100) / 100, bundleKind: bundle.kind },
            bundle: bundle.id,
          },
        });
      }
      return takes;
    },
    async dispose(): Promise<void> {
      const w = worker;
      worker = undefined;
      warmed.clear();
      if (w) await w.releaseRef();
    },
  };
}

export interface OnnxRuntimeStatus {
  /** providers sessions use, best first (always ends with cpu) */
  providers: string[];
  /** where inference runs: the first provider */
  device: string;
  /** requested providers that could not load, e.g. "cuda: Failed to load shared library" */
  dropped: string[];
}

let statusCache: Promise<OnnxRuntimeStatus> | undefined;

/** Execution providers actually usable in this process (probed once, in a worker), for `/health`. */
export function onnxRuntimeStatus(providers: string[] = configuredProviders()): Promise<OnnxRuntimeStatus> {
  statusCache ??= (async () => {
    const w = acquireWorker(providers);
    try {
      const s = await w.request('status', {});
      return { providers: s.providers, device: s.device, dropped: s.dropped.map((d) => `${d.provider}: ${d.reason}`) };
    } finally {
      await w.releaseRef();
    }
  })();
  return statusCache;
}

export interface AudioTextScorer {
  /** 0..1: cosine similarity of the audio and text embeddings mapped from [-1, 1] */
  score(audio: PcmAudio, text: string): Promise<number>;
  dispose(): Promise<void>;
}

/** A scorer over an installed audio-text bundle, for the align stage's class-fit reward. */
export async function createScorer(bundleDir: string, options: { providers?: string[]; log?: (line: string) => void } = {}): Promise<AudioTextScorer> {
  const w = acquireWorker(options.providers ?? configuredProviders(), options.log);
  const report = await w.request('check', { dir: bundleDir });
  if (!report.ok || report.kind !== 'audio-text-scorer') {
    await w.releaseRef();
    const first = report.stages.flatMap((s) => s.problems)[0] ?? report.problems[0] ?? `${report.id} is a ${report.kind}, not an audio-text scorer`;
    throw new FoleyError('MODEL_INVALID', first);
  }
  return {
    score: (audio, text) => w.request('score', { dir: bundleDir, mono: Float32Array.from(toMono(audio)), sampleRateHz: audio.sampleRateHz, text }),
    dispose: () => w.releaseRef(),
  };
}

/** The first installed scorer bundle's folder, if any. */
export function findScorerBundle(dir: string = defaultModelsDir()): string | undefined {
  return listInstalledBundles(dir).find((b) => b.bundle?.kind === 'audio-text-scorer')?.dir;
}
