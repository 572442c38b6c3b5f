/**
 * Material table and the modal strike. A struck object is a bank of exponentially decaying modes (frequency
 * ratios and damping per material) excited by a contact whose duration low-passes the excitation: a hard,
 * forceful hit reaches high modes (bright), a soft one only the low ones (van den Doel & Pai, "The sounds of
 * physical shapes", Presence 1998; Avanzini & Rocchesso on contact stiffness). Higher modes decay faster in
 * proportion to the material's internal friction (wood/cardboard high, metal/glass low), which is what makes
 * metal ring long and bright and wood knock short. Bigger objects scale every mode down in pitch.
 * A short band-limited contact noise burst gives the "click" of the contact itself.
 */
import type { Rng } from '../../../core/rng';
import { ModeBank, addModeBank, addNoiseGrain, vary, type BankMode } from './dsp';

export type MaterialId = 'wood' | 'metal' | 'glass' | 'stone' | 'plastic' | 'cardboard' | 'flesh';

export interface MaterialSpec {
  /** mode frequency ratios relative to the fundamental */
  ratios: readonly number[];
  /** relative amplitude of each mode before the contact filter */
  gains: readonly number[];
  /** fundamental at size 0.5 */
  f0Hz: number;
  /** pitch span in octaves from size 0 to size 1 */
  sizeOctaves: number;
  /** decay time constant of the fundamental at size 0.5 */
  decaySec: number;
  /** internal friction: decay_k = decay / (1 + damping * (ratio_k - 1)) */
  damping: number;
  /** contact stiffness: excitation corner frequency at force 1 */
  hardnessHz: number;
  /** contact noise: level relative to the modes, grain decay, colour */
  noiseLevel: number;
  noiseDecaySec: number;
  noiseLowpassHz: number;
  noiseTilt: number;
  /** metal/glass: each mode gets a slightly detuned twin (beating, shimmer of real objects) */
  beating: number;
}

/** Data table: struck-object materials. Ratios: wood/glass ≈ free-bar/plate, metal ≈ plate/bell partials. */
export const MATERIALS: Readonly<Record<MaterialId, MaterialSpec>> = Object.freeze({
  wood: { ratios: [1, 2.32, 4.25, 6.63, 9.38], gains: [1, 0.6, 0.35, 0.2, 0.12], f0Hz: 380, sizeOctaves: 3, decaySec: 0.05, damping: 0.9, hardnessHz: 2500, noiseLevel: 0.6, noiseDecaySec: 0.0025, noiseLowpassHz: 4000, noiseTilt: 0.3, beating: 0 },
  metal: { ratios: [1, 1.59, 2.14, 2.3, 2.65, 2.92, 3.16, 3.5, 4.15, 5.2, 6.8, 8.9], gains: [1, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2], f0Hz: 520, sizeOctaves: 3, decaySec: 0.9, damping: 0.3, hardnessHz: 9000, noiseLevel: 0.35, noiseDecaySec: 0.0015, noiseLowpassHz: 0, noiseTilt: 0.8, beating: 0.004 },
  glass: { ratios: [1, 2.32, 4.25, 6.63, 9.38, 12.8], gains: [1, 0.7, 0.5, 0.35, 0.25, 0.15], f0Hz: 1500, sizeOctaves: 2.5, decaySec: 0.45, damping: 0.25, hardnessHz: 12000, noiseLevel: 0.4, noiseDecaySec: 0.001, noiseLowpassHz: 0, noiseTilt: 0.9, beating: 0.002 },
  stone: { ratios: [1, 1.83, 2.61, 3.72, 4.9, 6.4, 8.3], gains: [1, 0.8, 0.7, 0.5, 0.4, 0.3, 0.2], f0Hz: 300, sizeOctaves: 2.5, decaySec: 0.03, damping: 1.2, hardnessHz: 6000, noiseLevel: 1.3, noiseDecaySec: 0.006, noiseLowpassHz: 6000, noiseTilt: 0.4, beating: 0 },
  plastic: { ratios: [1, 1.94, 3.1, 4.6, 6.2], gains: [1, 0.7, 0.45, 0.3, 0.2], f0Hz: 520, sizeOctaves: 2.5, decaySec: 0.045, damping: 0.7, hardnessHz: 5000, noiseLevel: 0.5, noiseDecaySec: 0.002, noiseLowpassHz: 7000, noiseTilt: 0.5, beating: 0 },
  cardboard: { ratios: [1, 1.6, 2.7, 3.9], gains: [1, 0.6, 0.35, 0.2], f0Hz: 190, sizeOctaves: 2, decaySec: 0.028, damping: 1.6, hardnessHz: 1500, noiseLevel: 1.0, noiseDecaySec: 0.012, noiseLowpassHz: 2500, noiseTilt: 0.2, beating: 0 },
  flesh: { ratios: [1, 1.5, 2.3], gains: [1, 0.4, 0.15], f0Hz: 110, sizeOctaves: 1.5, decaySec: 0.035, damping: 2.5, hardnessHz: 900, noiseLevel: 0.9, noiseDecaySec: 0.009, noiseLowpassHz: 3500, noiseTilt: 0.3, beating: 0 },
});

export function isMaterialId(v: string): v is MaterialId {
  return v in MATERIALS;
}

export interface StrikeOptions {
  material: MaterialSpec;
  /** 0..1: bigger → lower and longer */
  size: number;
  /** 0..1: harder → brighter and louder */
  force: number;
  /** output level scale */
  gain: number;
  rng: Rng;
  sampleRateHz: number;
  /** extra multiplier on the decay times (e.g. a damped, held object < 1) */
  decayScale?: number;
  /** extra multiplier on all mode frequencies */
  pitchScale?: number;
  /**
   * Further modes excited by the same hits (amps per hit), e.g. a clock's case under its escapement: they join
   * the strike's bank, so they share its four-oscillator passes instead of running one by one.
   */
  extraModes?: readonly BankMode[];
}

/** Length in seconds a strike needs to ring down by ~60 dB. */
export function strikeLengthSec(material: MaterialSpec, size: number, decayScale = 1): number {
  const sizeDecay = Math.pow(2, (size - 0.5) * 1.4);
  return Math.min(4, Math.max(0.08, material.decaySec * sizeDecay * decayScale * 7 + material.noiseDecaySec * 7));
}

/** addStrikes' mode bank, reused by every strike (rendering is synchronous). */
const STRIKE_BANK = new ModeBank();

export interface StrikeHit {
  /** sample index of the contact */
  at: number;
  /** 0..1 contact force of this hit (brightness and level) */
  force: number;
  /** level scale of this hit */
  gain: number;
}

/** Adds one modal strike starting exactly at `start`. */
export function addStrike(out: Float32Array, start: number, o: StrikeOptions): void {
  addStrikes(out, [{ at: start, force: o.force, gain: 1 }], o);
}

/**
 * Adds several strikes of the same object (bounces, rattles): every hit re-excites the same modes, so the
 * object keeps its pitch across hits and each mode is one oscillator however many hits there are.
 * Hits must be in ascending order of `at`.
 */
export function addStrikes(out: Float32Array, hits: readonly StrikeHit[], o: StrikeOptions): void {
  const bank = strikeModes(hits, o.material, o.size, o.gain, o.rng, o.sampleRateHz, o.decayScale ?? 1, o.pitchScale ?? 1);
  if (o.extraModes) appendModes(bank, o.extraModes);
  addModeBank(out, bank, o.sampleRateHz);
  addContactNoise(out, hits, o.material, o.size, o.gain, o.rng, o.sampleRateHz);
}

// addStrikes is split so that its parts see the same kinds of values on every call. Callers build their
// options as object literals of different shapes (with or without decayScale, pitchScale, extraModes), and
// optimized code that meets an object of a shape it has not seen, or runs a path it has never run (the clock's
// extraModes), is thrown away and recompiled: 50-90 ms of CPU for the whole of addStrikes, on a background
// thread whose time the bench counts, in the renders of whichever class came first with the new shape. Only
// the small addStrikes reads the options; the parts below take plain arguments.

/**
 * The object's modes for `hits`, in the reused STRIKE_BANK (returned): per material partial its frequency,
 * decay and amplitude per hit (the contact low-passes the excitation), metal and glass with a detuned twin.
 */
function strikeModes(hits: readonly StrikeHit[], m: MaterialSpec, size: number, gain: number, rng: Rng, sampleRateHz: number, decayScale: number, pitchScale: number): ModeBank {
  const f0 = m.f0Hz * Math.pow(2, (0.5 - size) * m.sizeOctaves) * vary(rng, 0.04) * pitchScale;
  const sizeDecay = Math.pow(2, (size - 0.5) * 1.4) * decayScale;
  const nh = hits.length;
  const bank = STRIKE_BANK;
  bank.reset(nh);
  for (let h = 0; h < nh; h++) bank.starts[h] = (hits[h] as StrikeHit).at;
  for (let k = 0; k < m.ratios.length; k++) {
    const ratio = (m.ratios[k] as number) * vary(rng, 0.012);
    const f = f0 * ratio;
    const modeGain = gain * (m.gains[k] as number) * vary(rng, 0.3) * (k === 0 ? 1 : rng.next() < 0.5 ? 1 : -1);
    const kb = bank.addMode(f, 0);
    for (let h = 0; h < nh; h++) {
      const hit = hits[h] as StrikeHit;
      // Contact time shortens with force (Hertzian contact), so the excitation corner rises steeply with it.
      const contactHz = m.hardnessHz * (0.12 + 1.3 * hit.force * hit.force);
      const contact = 1 / Math.sqrt(1 + Math.pow(f / contactHz, 4));
      bank.amps[kb * nh + h] = modeGain * hit.gain * (0.35 + 0.65 * hit.force) * contact * vary(rng, 0.1);
    }
    const decay = (m.decaySec * sizeDecay * vary(rng, 0.15)) / (1 + m.damping * (ratio - 1));
    bank.decaySec[kb] = decay;
    if (m.beating > 0 && k < 6) {
      // The detuned twin takes 0.4 of the mode's amplitude, the mode keeps 0.6.
      const kt = bank.addMode(f * (1 + m.beating * vary(rng, 0.5)), decay * 0.9);
      const amps = bank.amps;
      for (let h = 0; h < nh; h++) {
        const a = amps[kb * nh + h] as number;
        amps[kt * nh + h] = a * 0.4;
        amps[kb * nh + h] = a * 0.6;
      }
    }
  }
  return bank;
}

/** Appends further modes (amplitude per hit) to the bank. */
function appendModes(bank: ModeBank, modes: readonly BankMode[]): void {
  const nh = bank.hits;
  for (const e of modes) {
    const k = bank.addMode(e.freqHz, e.decaySec);
    for (let h = 0; h < nh; h++) bank.amps[k * nh + h] = e.amps[h] as number;
  }
}

/** The contact noise of every hit: a short grain, brighter and louder the harder the hit. */
function addContactNoise(out: Float32Array, hits: readonly StrikeHit[], m: MaterialSpec, size: number, gain: number, rng: Rng, sampleRateHz: number): void {
  for (const h of hits) {
    const level = gain * h.gain * (0.35 + 0.65 * h.force);
    const noiseBright = m.noiseLowpassHz > 0 ? m.noiseLowpassHz * (0.5 + h.force) : 0;
    addNoiseGrain(out, h.at, m.noiseDecaySec * vary(rng, 0.2) * (0.7 + 0.6 * size), level * m.noiseLevel * (0.25 + 0.75 * h.force), rng, sampleRateHz, noiseBright, m.noiseTilt);
  }
}
