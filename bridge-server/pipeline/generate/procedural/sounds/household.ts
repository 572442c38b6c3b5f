/**
 * Small everyday sounds: glass_break (crack transient, inharmonic shard rings, falling debris tinkles),
 * water (splash = noise burst + Minnaert bubbles whose pitch rises as they near the surface; drip = one
 * bubble chirp; pour = a stream of bubbles over a noisy band), keyboard (key click + bottom-out thock +
 * release, several keys), click (switch, button, mouse, lighter) and clock_tick (escapement click plus case
 * resonance). Bubble model: K. van den Doel, "Physically-based models for liquid sounds" (ICAD 2004).
 */
import type { Rng } from '../../../../core/rng';
import { addFilteredNoise, addFilteredNoiseGrain, addGrainStream, addModes, addNoiseGrain, bandpass, highpass, onePoleLowpass, secToSamples, vary, type BankMode, type ModeEvent } from '../dsp';
import { MATERIALS, addStrike } from '../materials';
import { scratch } from '../scratch';
import { numParam, strParam, type SoundGenerator } from '../types';
import { addThump, monoSound, oneShotBuffer } from './shared';

export const glassBreak: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const size = numParam(p, 'size');
  const debrisSec = 0.4 + 1.2 * size;
  const b = oneShotBuffer(debrisSec + 0.4, sr);
  const { buf, sync } = b;
  addNoiseGrain(buf, sync, 0.004, 1, rng, sr, 0, 0.6);
  addThump(buf, sync, 180 * vary(rng, 0.1), 0.02, 0.5 * size, sr);
  // Shard rings and debris tinkles are collected and rendered together (addModes: four modes per pass).
  const modes: ModeEvent[] = [];
  const shards = Math.round(10 + 22 * size);
  for (let i = 0; i < shards; i++) {
    const at = sync + secToSamples(i === 0 ? 0 : Math.pow(rng.next(), 2) * 0.06, sr);
    modes.push({ start: at, freqHz: rng.range(2200, 9000) * (1.2 - 0.3 * size), decaySec: rng.range(0.015, 0.08), amp: rng.range(0.08, 0.3) });
  }
  // Debris: small pieces landing, denser early, each a tiny glass strike.
  const debris = Math.round(25 + 60 * size);
  for (let i = 0; i < debris; i++) {
    const t = 0.05 + Math.pow(rng.next(), 1.8) * debrisSec;
    const at = sync + secToSamples(t, sr);
    const level = 0.35 * rng.next() * Math.exp(-t / debrisSec);
    modes.push({ start: at, freqHz: rng.range(2500, 10000), decaySec: rng.range(0.006, 0.03), amp: level });
    addNoiseGrain(buf, at, 0.0008, level * 0.8, rng, sr, 0, 0.8);
  }
  addModes(buf, modes, sr);
  return monoSound(b, -2);
};

/** Linear fade to zero over the last `fadeSamples` of buf[from, from + n). */
function applyLinearFadeOut(buf: Float32Array, from: number, n: number, fadeSamples: number): void {
  for (let i = Math.max(0, Math.floor(n - fadeSamples)); i < n; i++) buf[from + i] = (buf[from + i] as number) * Math.min(1, (n - i) / fadeSamples);
}

/** Queues one bubble (rendered later with the others by addModes). */
function addBubble(bubbles: ModeEvent[], at: number, radiusMm: number, level: number, rng: Rng): void {
  // Minnaert resonance f ≈ 3.26 kHz / radius(mm); damping δ = 0.043 + 0.0014·√f gives the decay time
  // 1/(π f δ) (van den Doel 2004); the pitch rises as the bubble nears the surface.
  const f = (3260 / radiusMm) * vary(rng, 0.05);
  const decay = 1 / (Math.PI * f * (0.043 + 0.0014 * Math.sqrt(f)));
  bubbles.push({ start: at, freqHz: f, decaySec: decay, amp: level, glide: 1 + rng.range(0.2, 0.6) });
}

export const water: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const action = strParam(p, 'action', 'splash');
  const size = numParam(p, 'size');
  if (action === 'drip') {
    const b = oneShotBuffer(0.25, sr);
    addNoiseGrain(b.buf, b.sync, 0.0008, 0.3, rng, sr, 0, 0.8);
    const queue: ModeEvent[] = [];
    addBubble(queue, b.sync, rng.range(1.2, 2.6) * (1.4 - 0.8 * size), 1, rng);
    addModes(b.buf, queue, sr);
    return monoSound(b, -6);
  }
  if (action === 'pour') {
    const lengthSec = (1 + size) * vary(rng, 0.15);
    const b = oneShotBuffer(lengthSec + 0.1, sr);
    const n = secToSamples(lengthSec, sr);
    // The stream's wash first, band-passed noise straight into the (still empty) output in one pass, fading
    // out over its last 0.1 s.
    const wash = b.buf;
    addFilteredNoise(wash, rng, 0.25, bandpass(1400 * vary(rng, 0.1), 0.9, sr), b.sync, b.sync + n);
    applyLinearFadeOut(wash, b.sync, n, 0.1 * sr);
    addNoiseGrain(b.buf, b.sync, 0.004, 0.5, rng, sr, 6000, 0.5);
    const bubbles = Math.round(lengthSec * (80 + 120 * size));
    const queue: ModeEvent[] = [];
    addBubble(queue, b.sync, 3, 0.6, rng);
    for (let i = 0; i < bubbles; i++) {
      const t = rng.next() * lengthSec * 0.95;
      // The vessel fills: bubbles (the resonating column) get smaller and higher over time.
      addBubble(queue, b.sync + secToSamples(t, sr), rng.range(1, 4) * (1.2 - 0.5 * (t / lengthSec)), rng.range(0.05, 0.25), rng);
    }
    addModes(b.buf, queue, sr);
    return monoSound(b, -8);
  }
  const lengthSec = 0.3 + 0.7 * size;
  const b = oneShotBuffer(lengthSec + 0.1, sr);
  const { buf, sync } = b;
  addThump(buf, sync, 90 * vary(rng, 0.1), 0.03 + 0.06 * size, 0.8 * size, sr);
  addNoiseGrain(buf, sync, 0.06 + 0.15 * size, 0.9, rng, sr, 5000, 0.6);
  const spray = Math.round(150 + 400 * size);
  const impulses = scratch(buf.length);
  for (let i = 0; i < spray; i++) {
    const t = Math.pow(rng.next(), 1.5) * lengthSec;
    const idx = sync + secToSamples(t, sr);
    impulses[idx] = (impulses[idx] as number) + 0.25 * rng.next() * Math.exp(-t / (0.4 * lengthSec));
  }
  addGrainStream(buf, impulses, 0.002, sr, rng, 0, sync);
  // Spray droplets are mid-bright, not hiss: one gentle low-pass over splash + spray (bubbles sit below it).
  onePoleLowpass(buf, 4500, sr, sync);
  const bubbles = Math.round(20 + 60 * size);
  const queue: ModeEvent[] = [];
  for (let i = 0; i < bubbles; i++) {
    const t = rng.next() * lengthSec * 0.8;
    addBubble(queue, sync + secToSamples(t, sr), rng.range(1.5, 6 + 8 * size), rng.range(0.08, 0.35) * Math.exp(-t / lengthSec), rng);
  }
  addModes(buf, queue, sr);
  return monoSound(b, -3);
};

function addKeystroke(buf: Float32Array, at: number, level: number, space: boolean, rng: Rng, sr: number): void {
  addStrike(buf, at, { material: MATERIALS.plastic, size: space ? 0.45 : 0.05, force: 0.7, gain: level, rng, sampleRateHz: sr, decayScale: 0.3 });
  addNoiseGrain(buf, at, 0.0015, level * 0.6, rng, sr, 0, 0.7);
  addThump(buf, at + secToSamples(0.004, sr), (space ? 220 : 380) * vary(rng, 0.1), 0.012, level * 0.35, sr, 0.8);
  addStrike(buf, at + secToSamples(rng.range(0.05, 0.1), sr), { material: MATERIALS.plastic, size: 0.1, force: 0.4, gain: level * 0.35, rng, sampleRateHz: sr, decayScale: 0.25 });
}

export const keyboard: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const speed = numParam(p, 'speed');
  const keys = 4 + Math.round(6 * speed);
  const meanGapSec = 0.28 - 0.19 * speed;
  const times: number[] = [0];
  for (let i = 1; i < keys; i++) times.push((times[i - 1] as number) + meanGapSec * rng.range(0.5, 1.5));
  const b = oneShotBuffer((times[keys - 1] as number) + 0.2, sr);
  times.forEach((t, i) => addKeystroke(b.buf, b.sync + secToSamples(t, sr), i === 0 ? 1 : rng.range(0.6, 1), i > 0 && rng.next() < 0.12, rng, sr));
  return monoSound(b, -8);
};

export const click: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const type = strParam(p, 'type', 'switch');
  const b = oneShotBuffer(type === 'lighter' ? 0.5 : 0.25, sr);
  const { buf, sync } = b;
  if (type === 'lighter') {
    // Flint wheel: a short rasp of sparks, then the flame catching (a soft low puff).
    addNoiseGrain(buf, sync, 0.002, 1, rng, sr, 0, 0.8);
    for (let i = 0; i < 60; i++) addNoiseGrain(buf, sync + secToSamples(rng.next() * 0.05, sr), 0.0006, rng.range(0.2, 0.7), rng, sr, 5000, 0.3);
    addFilteredNoiseGrain(buf, sync + secToSamples(0.06, sr), 0.12, 0.7, rng, sr, 600, 0, highpass(80, 0.7, sr));
    return monoSound(b, -8);
  }
  const spec = type === 'mouse' ? { size: 0.02, release: 0.5, gap: [0.06, 0.11] } : type === 'button' ? { size: 0.12, release: 0.6, gap: [0.08, 0.16] } : { size: 0.2, release: 0, gap: [0, 0] };
  addStrike(buf, sync, { material: MATERIALS.plastic, size: spec.size, force: 0.9, gain: 1, rng, sampleRateHz: sr, decayScale: 0.35 });
  addNoiseGrain(buf, sync, 0.001, 0.9, rng, sr, 0, 0.8);
  if (type === 'switch') addStrike(buf, sync, { material: MATERIALS.metal, size: 0.02, force: 0.8, gain: 0.3, rng, sampleRateHz: sr, decayScale: 0.03 });
  if (spec.release > 0) {
    const at = sync + secToSamples(rng.range(spec.gap[0] as number, spec.gap[1] as number), sr);
    addStrike(buf, at, { material: MATERIALS.plastic, size: spec.size, force: 0.6, gain: spec.release, rng, sampleRateHz: sr, decayScale: 0.3 });
    addNoiseGrain(buf, at, 0.0008, 0.5 * spec.release, rng, sr, 0, 0.8);
  }
  return monoSound(b, -9);
};

export const clockTick: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const size = numParam(p, 'size', 0.4);
  const b = oneShotBuffer(0.12 + 0.5 * size, sr);
  // The case: a wooden box that resonates more the bigger the clock; its modes ring in the strike's bank.
  const caseModes: BankMode[] = ([[180, 0.05], [410, 0.035], [760, 0.02]] as const).map(([f, d]) => ({ freqHz: f * Math.pow(2, (0.5 - size) * 1.5) * vary(rng, 0.03), decaySec: d * (0.5 + size), amps: [0.35 * size] }));
  addStrike(b.buf, b.sync, { material: MATERIALS.metal, size: 0.05 + 0.3 * size, force: 0.7, gain: 1, rng, sampleRateHz: sr, decayScale: 0.04 + 0.08 * size, pitchScale: 2.5, extraModes: caseModes });
  addNoiseGrain(b.buf, b.sync, 0.0008, 0.7, rng, sr, 0, 0.8);
  return monoSound(b, -10 + 4 * size);
};
