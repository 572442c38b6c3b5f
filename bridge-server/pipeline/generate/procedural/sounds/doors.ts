/**
 * Doors: a door is a large plate (panel modes) in a frame, with a latch mechanism and hinges. Close/slam
 * strike the panel and the frame then snap the latch; open is the latch then a short hinge movement; knock is
 * 2–3 knuckle strikes on the panel; latch is the handle click then the bolt click; creak is hinge stick–slip
 * friction — a train of impulses at a drifting rate exciting the panel/hinge resonances (Farnell, "Designing
 * Sound", ch. "Creaking doors"). Wood panels are low and damped; metal ones ring.
 */
import type { Rng } from '../../../../core/rng';
import { addMode, addNoiseGrain, bandpass, biquad, randomCurve, secToSamples, vary } from '../dsp';
import { MATERIALS, addStrike } from '../materials';
import { numParam, strParam, type SoundGenerator } from '../types';
import { addThump, monoSound, oneShotBuffer } from './shared';

interface DoorSpec {
  panelModes: ReadonlyArray<readonly [number, number, number]>;
  creakFormantsHz: readonly number[];
  creakQ: number;
}

const DOORS: Readonly<Record<string, DoorSpec>> = Object.freeze({
  wood: { panelModes: [[78, 0.09, 1], [142, 0.07, 0.7], [233, 0.05, 0.5], [410, 0.035, 0.3], [690, 0.02, 0.15]], creakFormantsHz: [620, 1150, 2300], creakQ: 6 },
  metal: { panelModes: [[95, 0.35, 0.8], [188, 0.3, 0.7], [347, 0.25, 0.55], [612, 0.2, 0.4], [1040, 0.15, 0.3], [1720, 0.1, 0.2]], creakFormantsHz: [950, 1900, 3400], creakQ: 14 },
});

function addPanelHit(buf: Float32Array, at: number, door: DoorSpec, level: number, rng: Rng, sr: number, decayScale = 1): void {
  for (const [f, d, a] of door.panelModes) addMode(buf, at, f * vary(rng, 0.03), d * decayScale * vary(rng, 0.1), level * a * (rng.next() < 0.5 ? 1 : -1), sr);
  addNoiseGrain(buf, at, 0.006, level * 0.5, rng, sr, 3000, 0.2);
}

/** A latch: a small metal click (bolt snapping into the strike plate). */
function addLatch(buf: Float32Array, at: number, level: number, rng: Rng, sr: number): void {
  addStrike(buf, at, { material: MATERIALS.metal, size: 0.05, force: 0.8, gain: level, rng, sampleRateHz: sr, decayScale: 0.05 });
  addNoiseGrain(buf, at, 0.0015, level * 0.6, rng, sr, 0, 0.8);
}

function addCreak(buf: Float32Array, from: number, lengthSec: number, door: DoorSpec, level: number, rng: Rng, sr: number): void {
  const n = secToSamples(lengthSec, sr);
  const creak = new Float32Array(Math.min(buf.length - from, n));
  const rate = randomCurve(creak.length, 3, sr, rng);
  const baseRate = rng.range(60, 140);
  let phase = 0.999;
  for (let i = 0; i < creak.length; i++) {
    const t = i / creak.length;
    const env = Math.min(1, t * 12) * Math.min(1, (1 - t) * 6);
    phase += (baseRate * (1 + 0.6 * (rate[i] as number))) / sr;
    if (phase >= 1) {
      phase -= 1;
      creak[i] = env * (0.6 + 0.4 * rng.next());
    }
  }
  // Each slip impulse rings the hinge/panel formants.
  const out = new Float32Array(creak.length);
  for (const f of door.creakFormantsHz) {
    const band = creak.slice();
    biquad(band, bandpass(f * vary(rng, 0.08), door.creakQ, sr));
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (band[i] as number);
  }
  for (let i = 0; i < out.length; i++) buf[from + i] = (buf[from + i] as number) + level * 4 * (out[i] as number);
}

export const door: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const action = strParam(p, 'action', 'close');
  const isMetal = strParam(p, 'material', 'wood') === 'metal';
  const d = isMetal ? (DOORS.metal as DoorSpec) : (DOORS.wood as DoorSpec);
  const force = numParam(p, 'force');
  const tail = isMetal ? 1.2 : 0.5;
  switch (action) {
    case 'knock': {
      const b = oneShotBuffer(0.55 + tail * 0.5, sr);
      const knocks = 2 + rng.int(2);
      let t = 0;
      for (let i = 0; i < knocks; i++) {
        const at = b.sync + secToSamples(t, sr);
        addPanelHit(b.buf, at, d, (0.8 + 0.2 * force) * (i === 0 ? 1 : vary(rng, 0.15)), rng, sr, 0.6);
        addNoiseGrain(b.buf, at, 0.002, 0.6, rng, sr, 5000, 0.5);
        t += rng.range(0.15, 0.22);
      }
      return monoSound(b, -4 - 3 * (1 - force));
    }
    case 'latch': {
      const b = oneShotBuffer(0.35, sr);
      addLatch(b.buf, b.sync, 1, rng, sr);
      addLatch(b.buf, b.sync + secToSamples(rng.range(0.08, 0.16), sr), 0.8, rng, sr);
      return monoSound(b, -8);
    }
    case 'creak': {
      const lengthSec = rng.range(0.7, 1.3) * (1.2 - 0.4 * force);
      const b = oneShotBuffer(lengthSec + 0.1, sr);
      addNoiseGrain(b.buf, b.sync, 0.002, 0.3, rng, sr, 0, 0.7);
      addCreak(b.buf, b.sync, lengthSec, d, 1, rng, sr);
      return monoSound(b, -7);
    }
    case 'open': {
      const b = oneShotBuffer(0.9, sr);
      addLatch(b.buf, b.sync, 1, rng, sr);
      addCreak(b.buf, b.sync + secToSamples(0.06, sr), rng.range(0.35, 0.6), d, 0.3, rng, sr);
      addPanelHit(b.buf, b.sync + secToSamples(0.02, sr), d, 0.15, rng, sr, 0.5);
      return monoSound(b, -8);
    }
    default: {
      // close and slam: panel + frame strike, then the latch snaps, then (slam) the frame rattles.
      const slam = action === 'slam';
      const level = slam ? 1 : 0.55 + 0.3 * force;
      const b = oneShotBuffer(tail * (slam ? 1.3 : 1) + 0.15, sr);
      addPanelHit(b.buf, b.sync, d, level, rng, sr, slam ? 1.4 : 1);
      addThump(b.buf, b.sync, 60 * vary(rng, 0.06), slam ? 0.12 : 0.07, level * 0.9, sr, 0.7);
      addLatch(b.buf, b.sync + secToSamples(rng.range(0.008, 0.02), sr), level * 0.5, rng, sr);
      if (slam) {
        for (let i = 0; i < 4; i++) addPanelHit(b.buf, b.sync + secToSamples(0.05 + i * rng.range(0.03, 0.06), sr), d, 0.15 * Math.pow(0.6, i), rng, sr, 0.4);
      }
      return monoSound(b, slam ? -1.5 : -4);
    }
  }
};
