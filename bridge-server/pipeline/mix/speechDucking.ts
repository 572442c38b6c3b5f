/**
 * Ducking beds under dialogue. A simple, dependency-free voice-activity detector on the production
 * sound: 20 ms frames are "speech" when their 300–3400 Hz band energy is ≥ 50 % of the frame energy and
 * the frame is ≥ 12 dB above the clip's noise floor (10th-percentile frame energy), with a 200 ms
 * hangover. The resulting gate drives a gain curve (−10 dB, 50 ms attack, 400 ms release) for bed stems.
 * Reference: classic energy + band-ratio VAD (cf. ITU-T G.729 Annex B features), kept deliberately simple.
 */
import { toMono, type PcmAudio } from '../../core/audio';

export interface DuckingOptions {
  depthDb: number;
  attackSec: number;
  releaseSec: number;
}

export const DEFAULT_DUCKING: Readonly<DuckingOptions> = Object.freeze({ depthDb: -10, attackSec: 0.05, releaseSec: 0.4 });

/** One-pole band split: energy of a 2nd-order band-pass (two cascaded one-poles) vs total, per frame. */
export function detectSpeechFrames(production: PcmAudio, frameSec = 0.02): { frameLength: number; speech: Uint8Array } {
  const x = toMono(production);
  const sr = production.sampleRateHz;
  const frameLength = Math.max(1, Math.round(frameSec * sr));
  const frames = Math.ceil(x.length / frameLength);
  const total = new Float64Array(frames);
  const band = new Float64Array(frames);
  // high-pass at 300 Hz then low-pass at 3400 Hz (one-pole each): cheap speech band
  const aHp = Math.exp((-2 * Math.PI * 300) / sr);
  const aLp = Math.exp((-2 * Math.PI * 3400) / sr);
  let lpForHp = 0;
  let lp = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    lpForHp = aHp * lpForHp + (1 - aHp) * v;
    const hp = v - lpForHp;
    lp = aLp * lp + (1 - aLp) * hp;
    const f = (i / frameLength) | 0;
    total[f] = (total[f] as number) + v * v;
    band[f] = (band[f] as number) + lp * lp;
  }
  const sorted = Array.from(total).sort((a, b) => a - b);
  const floor = Math.max(sorted[Math.floor(sorted.length * 0.1)] ?? 0, 1e-10 * frameLength);
  const speech = new Uint8Array(frames);
  const hangover = Math.round(0.2 / frameSec);
  let hold = 0;
  for (let f = 0; f < frames; f++) {
    const t = total[f] as number;
    const active = t > floor * 15.85 && (band[f] as number) >= 0.5 * t;
    if (active) hold = hangover;
    speech[f] = active || hold > 0 ? 1 : 0;
    if (!active && hold > 0) hold--;
  }
  return { frameLength, speech };
}

/** Gain curve (per output sample) for beds, or undefined when no speech is found. */
export function speechDuckingCurve(production: PcmAudio, lengthSamples: number, options: Partial<DuckingOptions> = {}): Float32Array | undefined {
  const o = { ...DEFAULT_DUCKING, ...options };
  const { frameLength, speech } = detectSpeechFrames(production);
  if (!speech.some((v) => v === 1)) return undefined;
  const sr = production.sampleRateHz;
  const low = Math.pow(10, o.depthDb / 20);
  const att = Math.exp(-1 / (o.attackSec * sr));
  const rel = Math.exp(-1 / (o.releaseSec * sr));
  const curve = new Float32Array(lengthSamples);
  let g = 1;
  for (let i = 0; i < lengthSamples; i++) {
    const target = speech[(i / frameLength) | 0] === 1 ? low : 1;
    const a = target < g ? att : rel;
    g = a * g + (1 - a) * target;
    curve[i] = g;
  }
  return curve;
}
