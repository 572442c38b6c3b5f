/**
 * The procedural GenerationBackend: renders any cue whose class is in the catalogue, on the CPU, with no
 * weights. Take i of a cue uses the seed mixSeed(request.seed, cue.id, i, cue.seed ?? 0) so reruns are
 * identical and "regenerate this cue" (a new cue.seed) gives new takes. Loop/ambience cues get the cue's
 * length as the bed duration.
 */
import { throwIfAborted } from '../../../core/errors';
import { mixSeed } from '../../../core/rng';
import type { GenerationBackend, RenderRequest } from '../../../contracts/backend';
import type { Cue } from '../../../contracts/plan';
import type { Take } from '../../../contracts/take';
import { findSoundClass } from './catalogue';
import { renderSound } from './renderSound';

export function createProceduralBackend(): GenerationBackend {
  return {
    id: 'procedural',
    canRender(cue: Cue): boolean {
      return findSoundClass(cue.sound.class) !== undefined;
    },
    async render(request: RenderRequest): Promise<Take[]> {
      const { cue } = request;
      const isBed = cue.kind === 'loop' || cue.kind === 'ambience';
      const durationSec = isBed && cue.end !== undefined ? Math.max(0.5, cue.end - cue.start) : undefined;
      const takes: Take[] = [];
      for (let i = 0; i < Math.max(0, Math.floor(request.count)); i++) {
        throwIfAborted(request.signal);
        const seed = mixSeed(request.seed, cue.id, i, cue.seed ?? 0);
        takes.push(renderSound({ class: cue.sound.class, params: cue.sound.params, seed, sampleRateHz: request.sampleRateHz, durationSec }));
        // Yield between takes so a long batch does not starve the event loop (progress, cancel).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return takes;
    },
  };
}
