/**
 * Movement: whoosh (noise through a band-pass swept like a pass-by: up then down, envelope swelling to the
 * passage and decaying; faster = shorter and higher, bigger = lower and wider), cloth (frictional grains
 * filtered by fabric stiffness under a gesture envelope) and paper (crinkle clicks, tear = a dense stream of
 * fibre snaps, page turn = a swish ending in a flap). Farnell, "Designing Sound", chs. "Swords", "Fabrics".
 */
import type { Rng } from '../../../../core/rng';
import { addGrainStream, addMode, addNoise, addNoiseGrain, bandpass, biquad, highpass, lowpass, secToSamples, sweptBandpass, vary } from '../dsp';
import { scratch } from '../scratch';
import { numParam, strParam, type SoundGenerator } from '../types';
import { monoSound, oneShotBuffer } from './shared';

export const whoosh: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const speed = numParam(p, 'speed');
  const size = numParam(p, 'size');
  const lengthSec = (0.85 - 0.6 * speed) * vary(rng, 0.12);
  const b = oneShotBuffer(lengthSec, sr);
  const { buf, sync } = b;
  const n = buf.length - sync;
  addNoise(buf, rng, 1, sync, buf.length);
  const peakAt = rng.range(0.4, 0.6);
  const centre = (500 + 2200 * speed) * Math.pow(2, (0.5 - size) * 1.5) * vary(rng, 0.1);
  sweptBandpass(buf, sync, buf.length, 1.2 + 2 * (1 - size), sr, (t) => centre * (0.45 + 0.55 * Math.exp(-Math.pow((t - peakAt) / 0.22, 2))));
  applyPassByEnvelope(buf, sync, n, peakAt);
  return monoSound(b, -4);
};

/**
 * Whoosh envelope over buf[from, from + n): an audible start (the sync point), swelling to the pass-by peak
 * at `peakAt` (0..1), then a faster fall. Per-sample loops live in small functions like this one, not in the
 * generators: a hot loop inside a generator gets on-stack-replaced and then deoptimizes on the generator's
 * cold tail on every render (measured: a recompile per render in `foley bench sounds`).
 */
function applyPassByEnvelope(buf: Float32Array, from: number, n: number, peakAt: number): void {
  const riseEnd = Math.min(n, Math.ceil(peakAt * n));
  const dt = 1 / n;
  // One loop per function: the fall loop, after an on-stack-compiled rise loop, had no type feedback yet
  // and stopped that compiled code on every call (15 deopts per bench run).
  applyRise(buf, from, riseEnd, dt, peakAt);
  applyFall(buf, from, riseEnd, n, dt, 1 / (1 - peakAt), peakAt);
}

function applyRise(buf: Float32Array, from: number, riseEnd: number, dt: number, peakAt: number): void {
  for (let i = 0; i < riseEnd; i++) {
    const x = (i * dt) / peakAt;
    buf[from + i] = (buf[from + i] as number) * (0.3 + 0.7 * x * x);
  }
}

function applyFall(buf: Float32Array, from: number, riseEnd: number, n: number, dt: number, fallScale: number, peakAt: number): void {
  for (let i = riseEnd; i < n; i++) {
    const x = 1 - (i * dt - peakAt) * fallScale;
    buf[from + i] = (buf[from + i] as number) * x * (0.4 + 0.6 * x);
  }
}

const FABRICS: Readonly<Record<string, { bandHz: number; q: number; grainSec: number; creaks: number }>> = Object.freeze({
  cotton: { bandHz: 2800, q: 0.6, grainSec: 0.003, creaks: 0 },
  leather: { bandHz: 1200, q: 1.5, grainSec: 0.004, creaks: 6 },
  nylon: { bandHz: 6000, q: 0.7, grainSec: 0.002, creaks: 0 },
});

/** Friction grains scattered over a gesture (swelling then fading), as one O(n) grain stream. */
function gestureGrains(buf: Float32Array, sync: number, lengthSec: number, count: number, grainSec: number, level: number, rng: Rng, sr: number, tilt = 0.3): void {
  const impulses = scratch(buf.length);
  impulses[sync] = level;
  for (let i = 0; i < count; i++) {
    const t = rng.next() * lengthSec;
    const x = t / lengthSec;
    const env = Math.sin(Math.PI * Math.min(1, x * 1.3 + 0.1));
    const idx = Math.min(buf.length - 1, sync + secToSamples(t, sr));
    impulses[idx] = (impulses[idx] as number) + level * env * rng.next();
  }
  addGrainStream(buf, impulses, grainSec, sr, rng, tilt, sync);
}

export const cloth: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const intensity = numParam(p, 'intensity');
  const fabric = FABRICS[strParam(p, 'fabric', 'cotton')] ?? FABRICS.cotton!;
  const lengthSec = (0.3 + 0.35 * intensity) * vary(rng, 0.15);
  const b = oneShotBuffer(lengthSec + 0.05, sr);
  gestureGrains(b.buf, b.sync, lengthSec, Math.round(300 + 900 * intensity), fabric.grainSec, 1, rng, sr);
  biquad(b.buf, bandpass(fabric.bandHz * vary(rng, 0.12), fabric.q, sr));
  for (let i = 0; i < fabric.creaks; i++) {
    addMode(b.buf, b.sync + secToSamples(rng.next() * lengthSec, sr), rng.range(300, 700), 0.015, 0.25 * rng.next(), sr, rng.range(0.9, 1.1));
  }
  return monoSound(b, -8 + 4 * intensity);
};

/** Page-turn swell over buf[from, from + n): 0.35·(0.25 + 0.75·sin(πt)), the sine by a rotation recurrence. */
function applySwell(buf: Float32Array, from: number, n: number): void {
  const kc = Math.cos(Math.PI / n);
  const ks = Math.sin(Math.PI / n);
  let c = 1;
  let sn = 0;
  for (let i = 0; i < n; i++) {
    buf[from + i] = (buf[from + i] as number) * (0.25 + 0.75 * sn) * 0.35;
    const nc = c * kc - sn * ks;
    sn = c * ks + sn * kc;
    c = nc;
  }
}

export const paper: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const action = strParam(p, 'action', 'rustle');
  if (action === 'tear') {
    const lengthSec = rng.range(0.4, 0.75);
    const b = oneShotBuffer(lengthSec + 0.05, sr);
    addNoiseGrain(b.buf, b.sync, 0.002, 1, rng, sr, 0, 0.6);
    // Fibre snaps: dense (2–4 k events/s), rising slightly in rate and level as the tear speeds up.
    const snaps = Math.round(lengthSec * rng.range(1800, 2600));
    const impulses = scratch(b.buf.length);
    for (let i = 0; i < snaps; i++) {
      const x = Math.sqrt(rng.next());
      const idx = b.sync + secToSamples(x * lengthSec, sr);
      impulses[idx] = (impulses[idx] as number) + (0.3 + 0.5 * x) * rng.next() * Math.min(1, (1 - x) * 15);
    }
    addGrainStream(b.buf, impulses, 0.0006, sr, rng, 0.6, b.sync);
    biquad(b.buf, bandpass(3200 * vary(rng, 0.1), 0.7, sr));
    return monoSound(b, -6);
  }
  if (action === 'page_turn') {
    const lengthSec = rng.range(0.35, 0.55);
    const b = oneShotBuffer(lengthSec + 0.08, sr);
    // The swish straight into the (still empty) output: band-passed noise under a 0.25 + 0.75·sin(πt) swell
    // (the sine by a rotation recurrence, no trig per sample).
    const swish = b.buf;
    addNoise(swish, rng, 1, b.sync, b.sync + secToSamples(lengthSec, sr));
    biquad(swish, bandpass(2200 * vary(rng, 0.15), 0.8, sr));
    const n = secToSamples(lengthSec, sr);
    applySwell(swish, b.sync, n);
    // Corner lift (the onset) and the flap as the page lands.
    addNoiseGrain(b.buf, b.sync, 0.003, 0.8, rng, sr, 0, 0.7);
    const flapAt = b.sync + secToSamples(lengthSec * rng.range(0.85, 0.95), sr);
    addNoiseGrain(b.buf, flapAt, 0.012, 0.6, rng, sr, 1800, 0.2);
    gestureGrains(b.buf, b.sync, lengthSec, 40, 0.0008, 0.35, rng, sr);
    biquad(b.buf, highpass(250, 0.7, sr));
    return monoSound(b, -9);
  }
  const lengthSec = rng.range(0.45, 0.8);
  const b = oneShotBuffer(lengthSec + 0.05, sr);
  // Crinkles come in clusters (the sheet buckling in bursts).
  addNoiseGrain(b.buf, b.sync, 0.0015, 1, rng, sr, 0, 0.7);
  const clusters = 6 + rng.int(6);
  const impulses = scratch(b.buf.length);
  for (let c = 0; c < clusters; c++) {
    const t0 = rng.next() * lengthSec * 0.9;
    const count = 15 + rng.int(40);
    const level = rng.range(0.3, 1);
    for (let i = 0; i < count; i++) {
      const idx = b.sync + secToSamples(t0 + rng.next() * 0.05, sr);
      impulses[idx] = (impulses[idx] as number) + level * rng.next();
    }
  }
  addGrainStream(b.buf, impulses, 0.0007, sr, rng, 0.7, b.sync);
  // Paper crinkle lives between ~1 and ~8 kHz (white grains alone would sound like static).
  biquad(b.buf, highpass(1200, 0.7, sr));
  biquad(b.buf, lowpass(6500, 0.7, sr));
  return monoSound(b, -8);
};
