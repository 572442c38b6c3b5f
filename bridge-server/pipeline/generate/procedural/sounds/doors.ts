/**
 * Doors: a door is a large plate (panel modes) in a frame, with a latch mechanism and hinges. Close/slam
 * strike the panel and the frame then snap the latch; open is the latch then a short hinge movement; knock is
 * 2–3 knuckle strikes on the panel; latch is the handle click then the bolt click; creak is hinge stick–slip
 * friction — a train of impulses at a drifting rate exciting the panel/hinge resonances (Farnell, "Designing
 * Sound", ch. "Creaking doors"). Wood panels are low and damped; metal ones ring.
 */
import type { Rng } from '../../../../core/rng';
import { addModes, addNoiseGrain, bandpass, randomCurve, secToSamples, vary, type BiquadCoeffs, type ModeEvent } from '../dsp';
import { MATERIALS, addStrike } from '../materials';
import { scratch } from '../scratch';
import { numParam, strParam, type SoundGenerator } from '../types';
import { monoSound, oneShotBuffer, thumpMode } from './shared';

interface DoorSpec {
  panelModes: ReadonlyArray<readonly [number, number, number]>;
  /** three hinge/panel formants */
  creakFormantsHz: readonly [number, number, number];
  creakQ: number;
}

const DOORS: Readonly<Record<string, DoorSpec>> = Object.freeze({
  wood: { panelModes: [[78, 0.09, 1], [142, 0.07, 0.7], [233, 0.05, 0.5], [410, 0.035, 0.3], [690, 0.02, 0.15]], creakFormantsHz: [620, 1150, 2300], creakQ: 6 },
  metal: { panelModes: [[95, 0.35, 0.8], [188, 0.3, 0.7], [347, 0.25, 0.55], [612, 0.2, 0.4], [1040, 0.15, 0.3], [1720, 0.1, 0.2]], creakFormantsHz: [950, 1900, 3400], creakQ: 14 },
});

/** A hit on the panel: its modes are queued in `modes` (rendered together by addModes), the contact noise added to buf. */
function addPanelHit(buf: Float32Array, modes: ModeEvent[], at: number, door: DoorSpec, level: number, rng: Rng, sr: number, decayScale = 1): void {
  for (const [f, d, a] of door.panelModes) modes.push({ start: at, freqHz: f * vary(rng, 0.03), decaySec: d * decayScale * vary(rng, 0.1), amp: level * a * (rng.next() < 0.5 ? 1 : -1) });
  addNoiseGrain(buf, at, 0.006, level * 0.5, rng, sr, 3000, 0.2);
}

/** A latch: a small metal click (bolt snapping into the strike plate). */
function addLatch(buf: Float32Array, at: number, level: number, rng: Rng, sr: number): void {
  addStrike(buf, at, { material: MATERIALS.metal, size: 0.05, force: 0.8, gain: level, rng, sampleRateHz: sr, decayScale: 0.05 });
  addNoiseGrain(buf, at, 0.0015, level * 0.6, rng, sr, 0, 0.8);
}

function addCreak(buf: Float32Array, from: number, lengthSec: number, door: DoorSpec, level: number, rng: Rng, sr: number): void {
  const n = Math.min(buf.length - from, secToSamples(lengthSec, sr));
  if (n <= 0) return;
  const rate = randomCurve(n, 3, sr, rng, scratch(n));
  const baseRate = rng.range(60, 140);
  // Each slip impulse rings the hinge/panel formants: three band-passes in direct form I sharing the input
  // history (RBJ band-pass: b1 = 0, b2 = -b0), run in the same pass that makes the impulses, straight into buf.
  const [fa, fb, fc] = door.creakFormantsHz.map((f) => bandpass(f * vary(rng, 0.08), door.creakQ, sr)) as [BiquadCoeffs, BiquadCoeffs, BiquadCoeffs];
  const g = level * 4;
  let x1 = 0, x2 = 0, ya1 = 0, ya2 = 0, yb1 = 0, yb2 = 0, yc1 = 0, yc2 = 0;
  let phase = 0.999;
  const rateScale = baseRate / sr;
  const dt = 1 / n;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, t * 12) * Math.min(1, (1 - t) * 6);
    t += dt;
    phase += rateScale * (1 + 0.6 * (rate[i] as number));
    let x = 0;
    if (phase >= 1) {
      phase -= 1;
      x = env * (0.6 + 0.4 * rng.next());
    }
    const d = x - x2;
    x2 = x1;
    x1 = x;
    const ya = fa.b0 * d - fa.a2 * ya2 - fa.a1 * ya1;
    ya2 = ya1;
    ya1 = ya;
    const yb = fb.b0 * d - fb.a2 * yb2 - fb.a1 * yb1;
    yb2 = yb1;
    yb1 = yb;
    const yc = fc.b0 * d - fc.a2 * yc2 - fc.a1 * yc1;
    yc2 = yc1;
    yc1 = yc;
    buf[from + i] = (buf[from + i] as number) + g * (ya + yb + yc);
  }
}

export const door: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const action = strParam(p, 'action', 'close');
  const isMetal = strParam(p, 'material', 'wood') === 'metal';
  const d = isMetal ? (DOORS.metal as DoorSpec) : (DOORS.wood as DoorSpec);
  const force = numParam(p, 'force');
  const tail = isMetal ? 1.2 : 0.5;
  // Panel modes and thumps of every hit are queued and rendered together (four oscillators per pass).
  const modes: ModeEvent[] = [];
  switch (action) {
    case 'knock': {
      const b = oneShotBuffer(0.55 + tail * 0.5, sr);
      const knocks = 2 + rng.int(2);
      let t = 0;
      for (let i = 0; i < knocks; i++) {
        const at = b.sync + secToSamples(t, sr);
        addPanelHit(b.buf, modes, at, d, (0.8 + 0.2 * force) * (i === 0 ? 1 : vary(rng, 0.15)), rng, sr, 0.6);
        addNoiseGrain(b.buf, at, 0.002, 0.6, rng, sr, 5000, 0.5);
        t += rng.range(0.15, 0.22);
      }
      addModes(b.buf, modes, sr);
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
      addPanelHit(b.buf, modes, b.sync + secToSamples(0.02, sr), d, 0.15, rng, sr, 0.5);
      addModes(b.buf, modes, sr);
      return monoSound(b, -8);
    }
    default: {
      // close and slam: panel + frame strike, then the latch snaps, then (slam) the frame rattles.
      const slam = action === 'slam';
      const level = slam ? 1 : 0.55 + 0.3 * force;
      const b = oneShotBuffer(tail * (slam ? 1.3 : 1) + 0.15, sr);
      addPanelHit(b.buf, modes, b.sync, d, level, rng, sr, slam ? 1.4 : 1);
      modes.push(thumpMode(b.sync, 60 * vary(rng, 0.06), slam ? 0.12 : 0.07, level * 0.9, 0.7));
      addLatch(b.buf, b.sync + secToSamples(rng.range(0.008, 0.02), sr), level * 0.5, rng, sr);
      if (slam) {
        for (let i = 0; i < 4; i++) addPanelHit(b.buf, modes, b.sync + secToSamples(0.05 + i * rng.range(0.03, 0.06), sr), d, 0.15 * Math.pow(0.6, i), rng, sr, 0.4);
      }
      addModes(b.buf, modes, sr);
      return monoSound(b, slam ? -1.5 : -4);
    }
  }
};
