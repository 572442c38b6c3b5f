/**
 * Test material for align/mix/deliver: procedural-like takes with a known onset (decaying filtered noise
 * after a silent pre-roll, so the sync point is exact), and plans/candidates around them.
 */
import type { Cue, FoleyPlan } from '../../../bridge-server/contracts/plan';
import type { Take } from '../../../bridge-server/contracts/take';
import type { CueCandidates, GenerateOutput } from '../../../bridge-server/contracts/stages';
import { createRng } from '../../../bridge-server/core/rng';

export const SR = 48000;

export interface TakeSpec {
  seed: number;
  /** silent samples before the onset */
  preroll?: number;
  decayMs?: number;
  /** one-pole low-pass coefficient 0..0.99 (higher = darker) */
  darkness?: number;
  amplitude?: number;
  lengthSec?: number;
  /** declared sync point minus the true onset, samples */
  syncOffset?: number;
  className?: string;
  channels?: 1 | 2;
}

export function synthTake(spec: TakeSpec): Take {
  const rng = createRng(spec.seed);
  const n = Math.round((spec.lengthSec ?? 0.4) * SR);
  const preroll = spec.preroll ?? 480;
  const decay = ((spec.decayMs ?? 40) / 1000) * SR;
  const dark = spec.darkness ?? 0.5;
  const amp = spec.amplitude ?? 0.5;
  const x = new Float32Array(n);
  let lp = 0;
  for (let i = preroll; i < n; i++) {
    lp = dark * lp + (1 - dark) * rng.gauss();
    x[i] = amp * lp * Math.exp(-(i - preroll) / decay);
  }
  const channels = spec.channels === 2 ? [x, x.slice()] : [x];
  return {
    audio: { sampleRateHz: SR, channels },
    syncSample: preroll + (spec.syncOffset ?? 0),
    provenance: { backend: 'procedural', class: spec.className ?? 'impact', seed: spec.seed, params: {} },
  };
}

/** A stationary bed (filtered noise) of the given length. */
export function synthBed(seed: number, lengthSec: number, amplitude = 0.1): Take {
  const rng = createRng(seed);
  const n = Math.round(lengthSec * SR);
  const x = new Float32Array(n);
  let lp = 0;
  for (let i = 0; i < n; i++) {
    lp = 0.9 * lp + 0.1 * rng.gauss();
    x[i] = amplitude * lp * 3;
  }
  return { audio: { sampleRateHz: SR, channels: [x, x.slice()] }, syncSample: 0, loopable: true, provenance: { backend: 'procedural', class: 'rain', seed, params: {} } };
}

export function makeCue(partial: Partial<Cue> & { id: string; start: number }): Cue {
  return {
    kind: 'hit',
    sound: { class: 'impact', params: {} },
    prompt: '',
    gainDb: 0,
    pan: 0,
    stem: 'hits',
    source: 'visual',
    confidence: 1,
    enabled: true,
    ...partial,
  };
}

export function makePlan(cues: Cue[], durationSec: number, path: string | null = '/media/clip.mov'): FoleyPlan {
  return {
    version: 1,
    clip: { path, inSec: 10, outSec: 10 + durationSec, fps: { num: 25, den: 1 }, timelineStartSec: 3600 },
    sampleRateHz: SR,
    prompt: '',
    cues,
  };
}

export function generated(plan: FoleyPlan, candidates: CueCandidates[]): GenerateOutput {
  return { plan, candidates };
}
