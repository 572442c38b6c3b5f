/**
 * `renderSound`: one request → one finalized Take. Resolves the class and its params against the catalogue
 * (synonyms mapped, numbers clamped, unknowns defaulted), seeds the generator from (seed, class, params,
 * sample rate) so the same request always gives byte-identical samples, runs the generator and finalizes
 * (DC removal, loop folding for beds, level normalization with per-seed variation).
 */
import { createRng, mixSeed } from '../../../core/rng';
import { FoleyError } from '../../../core/errors';
import type { Take } from '../../../contracts/take';
import { findSoundClass, loadCatalogue, resolveParams, type ParamValue } from './catalogue';
import { finalizeSound } from './finalize';
import { GENERATORS } from './generators';
import { resetScratch } from './scratch';

export interface RenderSoundRequest {
  class: string;
  params: Record<string, ParamValue>;
  seed: number;
  sampleRateHz: number;
  /** beds/loops: the length to render; one-shots choose their own length */
  durationSec?: number;
}

export const DEFAULT_BED_DURATION_SEC = 8;
export const MAX_BED_DURATION_SEC = 1800;

export function renderSound(req: RenderSoundRequest): Take {
  const cls = findSoundClass(req.class);
  const generate = GENERATORS[req.class];
  if (!cls || !generate) {
    const known = loadCatalogue().classes.map((c) => c.id).join(', ');
    throw new FoleyError('INPUT_INVALID', `Unknown sound class "${req.class}"; known classes: ${known}.`);
  }
  if (!Number.isFinite(req.sampleRateHz) || req.sampleRateHz < 8000 || req.sampleRateHz > 192000) {
    throw new FoleyError('INPUT_INVALID', `sampleRateHz must be between 8000 and 192000 (got ${req.sampleRateHz}).`);
  }
  const sampleRateHz = Math.round(req.sampleRateHz);
  const params = resolveParams(cls, req.params);
  const paramKey = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  const rng = createRng(mixSeed(req.seed >>> 0, cls.id, paramKey, sampleRateHz));
  const durationSec = Math.min(MAX_BED_DURATION_SEC, Math.max(0.5, Number.isFinite(req.durationSec) ? (req.durationSec as number) : DEFAULT_BED_DURATION_SEC));
  resetScratch();
  const raw = generate(params, { sampleRateHz, rng: rng.fork('synth'), durationSec });
  const final = finalizeSound(raw, sampleRateHz, rng.fork('level'));
  const take: Take = {
    audio: { sampleRateHz, channels: final.channels },
    syncSample: final.syncSample,
    provenance: { backend: 'procedural', class: cls.id, seed: req.seed >>> 0, params: { ...params } },
  };
  if (final.loopable) take.loopable = true;
  return take;
}
