/**
 * Footsteps: every step is two contacts, the heel strike (the sync point) and the toe/ball roll-off, 60–120 ms
 * later when walking and 25–55 ms when running (a run lands harder and pushes off with more scuff). Each
 * contact layers a weight thump, a contact click whose hardness comes from the footwear, the surface's own
 * resonances (floorboards, tile ring, grate) and, for loose surfaces, a granular crunch of many tiny grains
 * (gravel, snow, sand, grass) — the recipe from Farnell, "Designing Sound", ch. "Footsteps" and from
 * Cook, "Modeling Bill's Gait" (ICMC 2002; PhISEM particle crunch). Surfaces and footwear are data tables.
 */
import { addFilteredGrainStream, addModes, addNoiseGrain, bandpass, biquad, lowpass, secToSamples, vary, type ModeEvent } from '../dsp';
import type { Rng } from '../../../../core/rng';
import { scratch } from '../scratch';
import { numParam, strParam, type SoundGenerator } from '../types';
import { monoSound, oneShotBuffer, thumpMode } from './shared';

interface GrainSpec {
  /** grains per contact at level 1 */
  count: number;
  /** time over which grains are scattered after the contact */
  spreadSec: number;
  bandHz: number;
  bandQ: number;
  decaySec: number;
  level: number;
}

interface SurfaceSpec {
  thumpHz: number;
  thumpDecaySec: number;
  thumpLevel: number;
  clickLevel: number;
  clickDecaySec: number;
  clickLowpassHz: number;
  /** resonances: [frequency Hz, decay s, amplitude] */
  modes: ReadonlyArray<readonly [number, number, number]>;
  grains?: GrainSpec;
  /** low-pass over the whole step (soft, absorbing surfaces) */
  dullHz?: number;
  splash?: boolean;
  rattle?: boolean;
  squeaky?: boolean;
  tailSec: number;
}

const SURFACES: Readonly<Record<string, SurfaceSpec>> = Object.freeze({
  concrete: { thumpHz: 95, thumpDecaySec: 0.025, thumpLevel: 0.6, clickLevel: 0.9, clickDecaySec: 0.004, clickLowpassHz: 6000, modes: [[1800, 0.01, 0.08]], grains: { count: 10, spreadSec: 0.03, bandHz: 4500, bandQ: 0.7, decaySec: 0.0015, level: 0.25 }, squeaky: false, tailSec: 0.2 },
  wood: { thumpHz: 110, thumpDecaySec: 0.04, thumpLevel: 0.8, clickLevel: 0.6, clickDecaySec: 0.004, clickLowpassHz: 4000, modes: [[135, 0.07, 0.5], [290, 0.05, 0.35], [520, 0.035, 0.2], [910, 0.02, 0.1]], squeaky: true, tailSec: 0.28 },
  tile: { thumpHz: 120, thumpDecaySec: 0.02, thumpLevel: 0.45, clickLevel: 1.0, clickDecaySec: 0.003, clickLowpassHz: 9000, modes: [[2350, 0.03, 0.15], [3900, 0.022, 0.1], [5600, 0.015, 0.06]], squeaky: true, tailSec: 0.25 },
  gravel: { thumpHz: 85, thumpDecaySec: 0.03, thumpLevel: 0.5, clickLevel: 0.35, clickDecaySec: 0.004, clickLowpassHz: 5000, modes: [], grains: { count: 120, spreadSec: 0.14, bandHz: 3000, bandQ: 0.5, decaySec: 0.0012, level: 0.55 }, tailSec: 0.3 },
  grass: { thumpHz: 80, thumpDecaySec: 0.03, thumpLevel: 0.5, clickLevel: 0.25, clickDecaySec: 0.012, clickLowpassHz: 7000, modes: [], grains: { count: 60, spreadSec: 0.12, bandHz: 3500, bandQ: 0.6, decaySec: 0.004, level: 0.3 }, tailSec: 0.3 },
  snow: { thumpHz: 75, thumpDecaySec: 0.035, thumpLevel: 0.45, clickLevel: 0.3, clickDecaySec: 0.006, clickLowpassHz: 3500, modes: [], grains: { count: 150, spreadSec: 0.16, bandHz: 1300, bandQ: 0.9, decaySec: 0.002, level: 0.6 }, dullHz: 4500, tailSec: 0.32 },
  sand: { thumpHz: 70, thumpDecaySec: 0.03, thumpLevel: 0.55, clickLevel: 0.3, clickDecaySec: 0.015, clickLowpassHz: 2000, modes: [], grains: { count: 80, spreadSec: 0.12, bandHz: 1800, bandQ: 0.5, decaySec: 0.003, level: 0.3 }, dullHz: 2600, tailSec: 0.3 },
  metal: { thumpHz: 100, thumpDecaySec: 0.03, thumpLevel: 0.5, clickLevel: 0.8, clickDecaySec: 0.003, clickLowpassHz: 8000, modes: [[420, 0.14, 0.35], [1130, 0.11, 0.3], [1870, 0.09, 0.22], [2950, 0.07, 0.15], [4400, 0.05, 0.1]], rattle: true, tailSec: 0.45 },
  puddle: { thumpHz: 85, thumpDecaySec: 0.025, thumpLevel: 0.45, clickLevel: 0.5, clickDecaySec: 0.03, clickLowpassHz: 5000, modes: [], splash: true, tailSec: 0.4 },
  carpet: { thumpHz: 80, thumpDecaySec: 0.03, thumpLevel: 0.35, clickLevel: 0.6, clickDecaySec: 0.01, clickLowpassHz: 1800, modes: [], grains: { count: 20, spreadSec: 0.08, bandHz: 1000, bandQ: 0.7, decaySec: 0.003, level: 0.2 }, dullHz: 1500, tailSec: 0.22 },
});

interface FootwearSpec {
  /** contact hardness: scales click level and brightness */
  hardness: number;
  /** weight of the shoe/foot: scales the thump */
  mass: number;
  /** toe part level relative to the heel part */
  toeLevel: number;
  squeak: number;
}

const FOOTWEAR: Readonly<Record<string, FootwearSpec>> = Object.freeze({
  sneaker: { hardness: 0.45, mass: 0.8, toeLevel: 0.6, squeak: 0.35 },
  heel: { hardness: 1.0, mass: 0.5, toeLevel: 0.35, squeak: 0 },
  boot: { hardness: 0.8, mass: 1.2, toeLevel: 0.55, squeak: 0.05 },
  bare: { hardness: 0.15, mass: 0.7, toeLevel: 0.65, squeak: 0 },
});

/** One contact (heel or toe): noise into buf, grain impulses into grainBuf, modes (thump, surface, rattle, bubbles) queued. */
function addContact(buf: Float32Array, grainBuf: Float32Array, modes: ModeEvent[], at: number, level: number, s: SurfaceSpec, f: FootwearSpec, rng: Rng, sr: number): void {
  modes.push(thumpMode(at, s.thumpHz * vary(rng, 0.08) * (f.mass > 1 ? 0.85 : 1), s.thumpDecaySec * vary(rng, 0.15) * (0.7 + 0.4 * f.mass), level * s.thumpLevel * f.mass, 0.7));
  const hard = f.hardness;
  addNoiseGrain(buf, at, s.clickDecaySec * vary(rng, 0.2) * (1.4 - 0.5 * hard), level * s.clickLevel * (0.3 + 0.9 * hard), rng, sr, s.clickLowpassHz * (0.4 + 0.8 * hard) * vary(rng, 0.1), 0.3);
  if (f === FOOTWEAR.bare) {
    // Skin slap instead of a sole click.
    addNoiseGrain(buf, at, 0.008 * vary(rng, 0.2), level * 0.5, rng, sr, 2500, 0.5);
  }
  if (f === FOOTWEAR.heel) {
    // A stiletto is a tiny hard hammer: it rings the surface's high modes and has its own click.
    modes.push({ start: at, freqHz: 3100 * vary(rng, 0.06), decaySec: 0.012, amp: level * 0.35 });
  }
  for (const [freqHz, decaySec, amp] of s.modes) {
    modes.push({ start: at, freqHz: freqHz * vary(rng, 0.03), decaySec: decaySec * vary(rng, 0.15), amp: level * amp * (0.4 + 0.8 * hard) * (rng.next() < 0.5 ? 1 : -1) });
  }
  const g = s.grains;
  if (g) {
    const count = Math.round(g.count * (0.4 + 0.8 * level) * vary(rng, 0.2));
    // The first grain is the contact itself: strongest, exactly at the contact sample (a sharp onset).
    grainBuf[at] = (grainBuf[at] as number) + 1.5 * level * g.level;
    for (let i = 0; i < count; i++) {
      // Density falls off through the crunch (exponential spread), each grain its own level.
      const t = -Math.log(1 - 0.95 * rng.next()) * g.spreadSec * 0.35;
      const idx = Math.min(grainBuf.length - 1, at + secToSamples(t, sr));
      grainBuf[idx] = (grainBuf[idx] as number) + level * g.level * rng.next() * Math.exp(-t / g.spreadSec);
    }
  }
  if (s.splash) {
    addNoiseGrain(buf, at, 0.06 * vary(rng, 0.2), level * 0.7, rng, sr, 4500, 0.6);
    const bubbles = 5 + rng.int(6);
    for (let i = 0; i < bubbles; i++) {
      const t = rng.range(0.005, 0.15);
      const start = at + secToSamples(t, sr);
      const freqHz = rng.range(700, 2600);
      const decaySec = rng.range(0.006, 0.02);
      const amp = level * rng.range(0.1, 0.3);
      modes.push({ start, freqHz, decaySec, amp, glide: rng.range(1.2, 1.8) });
    }
  }
  if (s.rattle) {
    // A loose grate chatters: a few delayed, weaker re-strikes of its modes.
    let t = 0;
    let r = 0.35;
    for (let i = 0; i < 3; i++) {
      t += rng.range(0.012, 0.028);
      for (const [freqHz, decaySec, amp] of s.modes) modes.push({ start: at + secToSamples(t, sr), freqHz: freqHz * vary(rng, 0.05), decaySec: decaySec * 0.5, amp: level * amp * r });
      r *= 0.5;
    }
  }
}

export const footsteps: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const s = SURFACES[strParam(p, 'surface', 'concrete')] ?? (SURFACES.concrete as SurfaceSpec);
  const f = FOOTWEAR[strParam(p, 'footwear', 'sneaker')] ?? (FOOTWEAR.sneaker as FootwearSpec);
  const run = strParam(p, 'pace', 'walk') === 'run';
  const intensity = numParam(p, 'intensity');
  const gapSec = run ? rng.range(0.025, 0.055) : rng.range(0.06, 0.12);
  const b = oneShotBuffer(gapSec + s.tailSec * (run ? 0.8 : 1), sampleRateHz);
  const grainBuf = scratch(b.buf.length);
  const heelLevel = (0.6 + 0.4 * intensity) * (run ? 1.15 : 1) * vary(rng, 0.1);
  const toeLevel = heelLevel * f.toeLevel * (run ? 1.2 : 1) * vary(rng, 0.15);
  const toeAt = b.sync + secToSamples(gapSec, sampleRateHz);
  // Modes of both contacts (and the squeak) are queued and rendered together (four oscillators per pass).
  const modes: ModeEvent[] = [];
  addContact(b.buf, grainBuf, modes, b.sync, heelLevel, s, f, rng, sampleRateHz);
  addContact(b.buf, grainBuf, modes, toeAt, toeLevel, s, { ...f, mass: f.mass * 0.5 }, rng, sampleRateHz);
  // Toe roll-off scuff: a short brushed noise, longer and stronger when running.
  addNoiseGrain(b.buf, toeAt + secToSamples(0.004, sampleRateHz), run ? 0.03 : 0.018, toeLevel * 0.18, rng, sampleRateHz, 5000, 0.7);
  if (s.squeaky && f.squeak > 0 && rng.next() < f.squeak) {
    const squeakHz = rng.range(1400, 2800);
    modes.push({ start: toeAt, freqHz: squeakHz, decaySec: 0.03, amp: toeLevel * 0.2, glide: rng.range(0.85, 1.2) });
    modes.push({ start: toeAt, freqHz: squeakHz * 2, decaySec: 0.02, amp: toeLevel * 0.08 });
  }
  addModes(b.buf, modes, sampleRateHz);
  if (s.grains) {
    // grainBuf holds grain impulses: the crunch texture they gate, band-limited to the surface, in one pass.
    const band = bandpass(s.grains.bandHz * vary(rng, 0.12), s.grains.bandQ, sampleRateHz);
    addFilteredGrainStream(b.buf, grainBuf, s.grains.decaySec, sampleRateHz, rng, 0.5, band);
  }
  if (s.dullHz) biquad(b.buf, lowpass(s.dullHz * vary(rng, 0.1), 0.7, sampleRateHz));
  return monoSound(b, -7 + 4 * intensity);
};
