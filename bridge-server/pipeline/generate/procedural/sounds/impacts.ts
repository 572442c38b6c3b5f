/**
 * Struck-object classes: impact (material × size × force), object_drop (a strike plus ballistic rebounds
 * whose intervals and levels shrink by the coefficient of restitution), ball_bounce (cavity "pung" + shell
 * ring + surface response), punch (low body thump + skin slap) and body_fall (heavy thud, secondary limb
 * impacts and clothing). All built on the modal strike in ../materials.ts.
 */
import { addFilteredGrainStream, addMode, addModes, addNoiseGrain, bandpass, biquad, lowpass, secToSamples, vary, type ModeEvent } from '../dsp';
import { MATERIALS, addStrike, addStrikes, isMaterialId, strikeLengthSec, type MaterialSpec } from '../materials';
import { scratch } from '../scratch';
import { numParam, strParam, type SoundGenerator } from '../types';
import { addThump, monoSound, oneShotBuffer, thumpMode } from './shared';

function material(id: string): MaterialSpec {
  return isMaterialId(id) ? MATERIALS[id] : MATERIALS.wood;
}

export const impact: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const m = material(strParam(p, 'material', 'wood'));
  const size = numParam(p, 'size');
  const force = numParam(p, 'force', 0.6);
  const b = oneShotBuffer(strikeLengthSec(m, size), sampleRateHz);
  addStrike(b.buf, b.sync, { material: m, size, force, gain: 1, rng, sampleRateHz });
  // Heavier objects also move air and the surface: a low body thump scaled by size.
  addThump(b.buf, b.sync, 90 * Math.pow(2, (0.5 - size) * 1.5) * vary(rng, 0.05), 0.04 + 0.05 * size, 0.5 * size * (0.4 + 0.6 * force), sampleRateHz);
  return monoSound(b, -3 - 4 * (1 - force));
};

export const objectDrop: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const m = material(strParam(p, 'material', 'wood'));
  const size = numParam(p, 'size', 0.4);
  const restitution = m === MATERIALS.cardboard ? 0.3 : m === MATERIALS.metal || m === MATERIALS.glass ? 0.55 : 0.45;
  const bounces = m === MATERIALS.cardboard ? 1 : 2 + rng.int(3);
  let intervalSec = (0.09 + 0.12 * (1 - size)) * vary(rng, 0.2);
  let t = 0;
  const times: number[] = [0];
  for (let i = 0; i < bounces; i++) {
    t += intervalSec;
    times.push(t);
    intervalSec *= restitution * vary(rng, 0.15);
  }
  const b = oneShotBuffer(t + strikeLengthSec(m, size, 0.8), sampleRateHz);
  let force = 0.75;
  const hits = times.map((when) => {
    const hit = { at: b.sync + secToSamples(when, sampleRateHz), force, gain: force };
    force *= 0.55 * vary(rng, 0.15);
    return hit;
  });
  addStrikes(b.buf, hits, { material: m, size, force: 0.75, gain: 1, rng, sampleRateHz, decayScale: 0.8 });
  addThump(b.buf, b.sync, 100 * Math.pow(2, (0.5 - size)) * vary(rng, 0.05), 0.035 + 0.04 * size, 0.4 * size, sampleRateHz);
  return monoSound(b, -4);
};

interface BallSpec {
  cavityHz: number;
  shellHz: number;
  shellDecaySec: number;
  slap: number;
}
const BALLS: Readonly<Record<string, BallSpec>> = Object.freeze({
  basketball: { cavityHz: 140, shellHz: 620, shellDecaySec: 0.06, slap: 0.6 },
  tennis: { cavityHz: 520, shellHz: 1450, shellDecaySec: 0.012, slap: 0.9 },
  rubber: { cavityHz: 300, shellHz: 880, shellDecaySec: 0.03, slap: 0.4 },
  football: { cavityHz: 110, shellHz: 480, shellDecaySec: 0.025, slap: 0.8 },
});

export const ballBounce: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const ball = BALLS[strParam(p, 'ball', 'basketball')] ?? (BALLS.basketball as BallSpec);
  const surface = strParam(p, 'surface', 'hard');
  const size = numParam(p, 'size');
  const pitch = Math.pow(2, (0.5 - size) * 1.2) * vary(rng, 0.04);
  const b = oneShotBuffer(0.4, sampleRateHz);
  const { buf, sync } = b;
  // Cavity "pung": the enclosed air column rings briefly; shell modes give the bright ring.
  addMode(buf, sync, ball.cavityHz * pitch, 0.03 * vary(rng, 0.1), 0.9, sampleRateHz, 0.9);
  addMode(buf, sync, ball.shellHz * pitch, ball.shellDecaySec * vary(rng, 0.15), 0.5, sampleRateHz);
  addMode(buf, sync, ball.shellHz * pitch * 2.13, ball.shellDecaySec * 0.5, 0.25, sampleRateHz);
  addNoiseGrain(buf, sync, 0.003, ball.slap, rng, sampleRateHz, surface === 'grass' ? 1200 : 7000, 0.3);
  if (surface === 'wood') {
    // A sprung wooden floor answers with its own low resonances.
    addMode(buf, sync, 95 * vary(rng, 0.05), 0.07, 0.45, sampleRateHz);
    addMode(buf, sync, 230 * vary(rng, 0.05), 0.045, 0.3, sampleRateHz);
  } else if (surface === 'hard') {
    addNoiseGrain(buf, sync, 0.0012, 0.5, rng, sampleRateHz, 0, 0.85);
  }
  if (surface === 'grass') biquad(buf, lowpass(1500, 0.7, sampleRateHz));
  return monoSound(b, -4);
};

export const punch: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const force = numParam(p, 'force', 0.7);
  const face = strParam(p, 'target', 'body') === 'face';
  const b = oneShotBuffer(0.35, sampleRateHz);
  const { buf, sync } = b;
  addThump(buf, sync, (face ? 120 : 85) * vary(rng, 0.06), 0.05 + 0.05 * force, 1, sampleRateHz, 0.55);
  addMode(buf, sync, (face ? 240 : 180) * vary(rng, 0.06), 0.025, 0.4, sampleRateHz);
  // Skin slap: a bright, fast noise burst whose brightness follows force.
  addNoiseGrain(buf, sync, 0.006 * vary(rng, 0.2), 0.5 + 0.5 * force, rng, sampleRateHz, 2500 + 4000 * force, 0.4);
  // Clothing / knuckle texture just after contact.
  for (let i = 0; i < 6; i++) {
    addNoiseGrain(buf, sync + secToSamples(rng.range(0.002, 0.04), sampleRateHz), 0.004, 0.15 * rng.next(), rng, sampleRateHz, 5000, 0.6);
  }
  if (face) {
    // Jaw/bone: a couple of short hard, high modes.
    addMode(buf, sync, 900 * vary(rng, 0.1), 0.012, 0.25 * force, sampleRateHz);
    addMode(buf, sync, 1650 * vary(rng, 0.1), 0.008, 0.2 * force, sampleRateHz);
  }
  return monoSound(b, -2.5 - 3 * (1 - force));
};

export const bodyFall: SoundGenerator = (p, { sampleRateHz, rng }) => {
  const surface = strParam(p, 'surface', 'hard');
  const weight = numParam(p, 'weight', 0.6);
  const b = oneShotBuffer(0.9, sampleRateHz);
  const { buf, sync } = b;
  const hits = [0, rng.range(0.05, 0.12), rng.range(0.15, 0.3), rng.range(0.3, 0.45)];
  // Thumps and floor modes of all hits are queued and rendered together (four oscillators per pass).
  const modes: ModeEvent[] = [];
  hits.forEach((t, i) => {
    const at = sync + secToSamples(t, sampleRateHz);
    const level = i === 0 ? 1 : 0.5 * Math.pow(0.7, i) * vary(rng, 0.3);
    modes.push(thumpMode(at, (55 + 40 * (1 - weight)) * vary(rng, 0.08) * (i === 0 ? 1 : 1.4), 0.08 + 0.08 * weight, level, 0.6));
    const bright = surface === 'carpet' || surface === 'grass' ? 900 : surface === 'dirt' ? 2500 : 4500;
    addNoiseGrain(buf, at, 0.01 * vary(rng, 0.3), level * (surface === 'carpet' ? 0.25 : 0.6), rng, sampleRateHz, bright, 0.2);
    if (surface === 'wood') {
      modes.push({ start: at, freqHz: 110 * vary(rng, 0.05), decaySec: 0.08, amp: level * 0.5 });
      modes.push({ start: at, freqHz: 260 * vary(rng, 0.05), decaySec: 0.05, amp: level * 0.3 });
    }
  });
  addModes(buf, modes, sampleRateHz);
  // Clothing and small debris settling after the fall.
  const grains = surface === 'dirt' ? 90 : 40;
  const impulses = scratch(buf.length);
  for (let i = 0; i < grains; i++) {
    const t = rng.range(0.01, 0.6);
    const idx = sync + secToSamples(t, sampleRateHz);
    impulses[idx] = (impulses[idx] as number) + 0.08 * Math.exp(-t * 4) * rng.next();
  }
  addFilteredGrainStream(buf, impulses, 0.003, sampleRateHz, rng, 0.5, bandpass(surface === 'dirt' ? 2500 : 1800, 0.8, sampleRateHz), sync);
  return monoSound(b, -2 - 2 * (1 - weight));
};
