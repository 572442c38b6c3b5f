/**
 * Thunder and explosions: long low-frequency events. Thunder is a crack (close strikes only: a broadband
 * tearing burst) followed by a rolling rumble — brown noise under a sum of random "rolls", low-passed more the
 * farther away it is (air absorbs highs; distant thunder only rumbles). An explosion is a pressure front (sharp
 * broadband onset), a pitch-dropping low boom, a noisy decaying body and a tail of debris; distance again
 * darkens and softens it. Farnell, "Designing Sound", chs. "Thunder", "Explosions".
 */
import { addBrownNoise, addMode, addNoiseGrain, biquad, lowpass, randomCurve, secToSamples, vary } from '../dsp';
import { scratch } from '../scratch';
import { numParam, type SoundGenerator } from '../types';
import { monoSound, oneShotBuffer } from './shared';

/**
 * Thunder rumble envelope over buf[from, from + n): linear attack from 0.15 over `attack` samples, the rolls
 * (|curve|) and an exponential fall by `fall` per sample. (Per-sample loops stay out of the generators, see
 * movement.ts applyPassByEnvelope.)
 */
function shapeRumble(buf: Float32Array, from: number, n: number, rolls: Float32Array, attack: number, fall: number): void {
  let env = 1;
  for (let i = 0; i < n; i++) {
    const a = i < attack ? 0.15 + 0.85 * (i / attack) : 1;
    buf[from + i] = (buf[from + i] as number) * a * (0.35 + 0.65 * Math.abs(rolls[i] as number)) * env;
    env *= fall;
  }
}

/** Multiplies buf[from, from + n) by an envelope falling by `slow` per sample for `knee` samples, then by `fast`. */
function applyTwoSlopeDecay(buf: Float32Array, from: number, n: number, knee: number, slow: number, fast: number): void {
  let env = 1;
  for (let i = 0; i < n; i++) {
    buf[from + i] = (buf[from + i] as number) * env;
    env *= i < knee ? slow : fast;
  }
}

export const thunder: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const distance = numParam(p, 'distance');
  const lengthSec = (3.5 + 2.5 * distance) * vary(rng, 0.15);
  const b = oneShotBuffer(lengthSec, sr);
  const { buf, sync } = b;
  const n = buf.length - sync;
  // The rumble straight into the (still empty) output; the crack is added on top below.
  const rumble = buf;
  addBrownNoise(rumble, rng, 1, 40, sr, sync, buf.length);
  const rolls = randomCurve(n, 1.5 + rng.next(), sr, rng, scratch(n));
  const attackSec = 0.005 + 0.25 * distance * distance;
  const attack = secToSamples(attackSec, sr);
  const decaySec = lengthSec * 0.3;
  const fall = Math.exp(-1 / (decaySec * sr));
  shapeRumble(rumble, sync, n, rolls, attack, fall);
  biquad(rumble, lowpass(2500 * Math.pow(0.12, distance), 0.7, sr));
  // The onset: a crack for close strikes, a soft front for distant ones (still a definite start).
  const crack = 1 - distance;
  addNoiseGrain(buf, sync, 0.05 + 0.1 * crack, 1.5 * crack + 0.15, rng, sr, 700 + 2300 * crack, 0.1);
  const tears = Math.round(80 * crack);
  for (let i = 0; i < tears; i++) addNoiseGrain(buf, sync + secToSamples(Math.pow(rng.next(), 2) * 0.35, sr), 0.002, 0.6 * crack * rng.next(), rng, sr, 2500, 0.2);
  return monoSound(b, -2 - 6 * distance);
};

export const explosion: SoundGenerator = (p, { sampleRateHz: sr, rng }) => {
  const size = numParam(p, 'size', 0.6);
  const distance = numParam(p, 'distance', 0.3);
  const lengthSec = (1.5 + 3 * size) * (1 + 0.5 * distance);
  const b = oneShotBuffer(lengthSec, sr);
  const { buf, sync } = b;
  // The body straight into the (still empty) output; boom, front and debris are added on top below.
  const body = buf;
  addNoiseGrain(body, sync, (0.25 + 0.6 * size) * (1 + distance), 1, rng, sr, 0, 0);
  addBrownNoise(body, rng, 0.5 * size, 50, sr, sync, buf.length);
  const n = buf.length - sync;
  const decay = lengthSec * 0.25 * sr;
  // Two-slope envelope: slow decay over the body, then a faster fall (multiplicative, no exp per sample).
  const slow = Math.exp(-1 / (4 * decay));
  const fast = Math.exp(-1 / decay);
  applyTwoSlopeDecay(body, sync, n, Math.ceil(4 * decay), slow, fast);
  biquad(body, lowpass(6000 * Math.pow(0.15, distance) * (1.2 - 0.4 * size), 0.7, sr));
  // The boom: a low mode falling in pitch as the fireball expands.
  addMode(buf, sync, (60 - 25 * size) * vary(rng, 0.08), 0.25 + 0.5 * size, 1.2 + size, sr, 0.55);
  addMode(buf, sync, (110 - 40 * size) * vary(rng, 0.08), 0.15 + 0.3 * size, 0.6, sr, 0.6);
  // Pressure front: a very short broadband burst (absorbed with distance).
  addNoiseGrain(buf, sync, 0.003, 1.5 * (1 - distance) + 0.2, rng, sr, 0, 0);
  const debris = Math.round(60 + 200 * size);
  for (let i = 0; i < debris; i++) {
    const t = 0.1 + Math.pow(rng.next(), 1.5) * lengthSec * 0.7;
    addNoiseGrain(buf, sync + secToSamples(t, sr), rng.range(0.001, 0.006), 0.15 * rng.next() * (1 - 0.7 * distance) * Math.exp(-t / lengthSec), rng, sr, 4000, 0.3);
  }
  return monoSound(b, -1 - 5 * distance);
};
