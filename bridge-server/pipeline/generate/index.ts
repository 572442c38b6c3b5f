/**
 * The generate stage: for every enabled cue, ask the first backend (in the preset's order) that can
 * render it for N candidate takes. A cue no backend can render is reported, never silently faked.
 */
import type { GenerationBackend, ClipContext } from '../../contracts/backend';
import type { BackendId, Cue, FoleyPlan } from '../../contracts/plan';
import type { Preset } from '../../contracts/preset';
import type { CueCandidates, GenerateOutput } from '../../contracts/stages';
import { FoleyError, throwIfAborted, toFoleyError } from '../../core/errors';

export interface GenerateInput {
  plan: FoleyPlan;
  preset: Preset;
  seed: number;
  /** candidates per cue (best-of-N) */
  variations: number;
  /** backends available to this run, keyed by id (built by `createBackends`) */
  backends: ReadonlyMap<BackendId, GenerationBackend>;
  /** only render these cue ids (regenerate one cue); others are skipped */
  onlyCues?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

/** The order in which backends are tried for a cue: the cue's forced backend, else the preset's order. */
export function backendOrder(cue: Cue, preset: Preset): BackendId[] {
  return cue.backend ? [cue.backend] : [...preset.backends];
}

async function renderCue(cue: Cue, input: GenerateInput, clip: ClipContext): Promise<CueCandidates> {
  const tried: string[] = [];
  let lastError: FoleyError | undefined;
  for (const id of backendOrder(cue, input.preset)) {
    const backend = input.backends.get(id);
    if (!backend) {
      tried.push(`${id} (not installed)`);
      continue;
    }
    try {
      if (!(await backend.canRender(cue))) {
        tried.push(`${id} (no match)`);
        continue;
      }
      const takes = await backend.render({
        cue,
        count: input.variations,
        seed: input.seed,
        sampleRateHz: input.plan.sampleRateHz,
        clip,
        signal: input.signal,
      });
      if (takes.length > 0) return { cue, takes };
      tried.push(`${id} (no takes)`);
    } catch (e) {
      const err = toFoleyError(e);
      if (err.code === 'CANCELLED') throw err;
      lastError = err;
      tried.push(`${id} (${err.code})`);
    }
  }
  const reason = lastError ? lastError.message : `no backend could render class "${cue.sound.class}" (tried ${tried.join(', ') || 'none'})`;
  return { cue, takes: [], error: { code: lastError?.code ?? 'MODEL_UNAVAILABLE', message: reason } };
}

export async function generateTakes(input: GenerateInput): Promise<GenerateOutput> {
  const only = input.onlyCues ? new Set(input.onlyCues) : undefined;
  const cues = input.plan.cues.filter((c) => c.enabled && (!only || only.has(c.id)));
  const clip: ClipContext = { path: input.plan.clip.path, inSec: input.plan.clip.inSec, outSec: input.plan.clip.outSec };
  const candidates: CueCandidates[] = [];
  for (let i = 0; i < cues.length; i++) {
    throwIfAborted(input.signal);
    const cue = cues[i] as Cue;
    candidates.push(await renderCue(cue, input, clip));
    input.onProgress?.((i + 1) / cues.length, `cue ${i + 1}/${cues.length}`);
  }
  return { plan: input.plan, candidates };
}

export { createBackends, disposeBackends } from './backends';
