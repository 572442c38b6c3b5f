/**
 * Beds: stereo textures of any length that loop seamlessly. Each generator renders `loop + crossfade`
 * samples of a stationary texture; `finalizeSound` folds the tail into the head (equal-power crossfade), so the
 * last sample flows into the first. Periodic parts (hum) use a whole number of cycles per loop so they are
 * periodic by construction. Recipes after Farnell, "Designing Sound": rain (filtered wash + thousands of drop
 * grains, some bubbly), wind (gust-modulated low-passed noise + a whistling resonant band), fire (roar +
 * crackle clusters + pops), room tone (pink-ish air + low rumble + faint hum), traffic (rumble + individual
 * cars passing across the stereo field), crowd (walla: glottal-pulse voices through per-syllable formants).
 */
import type { Rng } from '../../../../core/rng';
import { addBrownNoise, addGrainStream, addMode, addNoise, bandpass, biquad, lowpass, noiseTable, randomCurve, secToSamples, sweptBandpass, vary } from '../dsp';
import { numParam, type RawSound, type SoundGenerator } from '../types';

const MAX_CROSSFADE_SEC = 1.5;
const MIN_LOOP_SEC = 0.5;

interface BedBuffers {
  left: Float32Array;
  right: Float32Array;
  length: number;
  crossfade: number;
  loopSamples: number;
}

function bedBuffers(durationSec: number, sr: number): BedBuffers {
  const loopSamples = secToSamples(Math.max(MIN_LOOP_SEC, durationSec), sr);
  const crossfade = Math.min(secToSamples(MAX_CROSSFADE_SEC, sr), Math.floor(loopSamples / 3));
  const length = loopSamples + crossfade;
  return { left: new Float32Array(length), right: new Float32Array(length), length, crossfade, loopSamples };
}

function bedSound(b: BedBuffers, peakDb: number): RawSound {
  return { channels: [b.left, b.right], syncSample: 0, peakDb, loop: { crossfadeSamples: b.crossfade } };
}

function panGains(pan: number): [number, number] {
  return [Math.cos((pan + 1) * 0.25 * Math.PI), Math.sin((pan + 1) * 0.25 * Math.PI)];
}

export const rain: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  const b = bedBuffers(durationSec, sr);
  for (const ch of [b.left, b.right]) {
    // One broad band-pass (≈ 400 Hz–9 kHz) shapes the wash.
    addNoise(ch, rng, 0.25 + 0.5 * intensity);
    biquad(ch, bandpass(1900 + 600 * intensity, 0.32, sr));
    if (intensity > 0.5) addBrownNoise(ch, rng, 0.3 * (intensity - 0.5), 120, sr);
  }
  // Drops: impulses per channel (panned), two decay classes (sharp ticks, softer splats), as grain streams.
  const drops = Math.round((b.length / sr) * (250 + 2500 * intensity));
  const drops2 = [new Float32Array(b.length), new Float32Array(b.length)] as const;
  for (let i = 0; i < drops; i++) {
    const at = rng.int(b.length);
    const level = 0.6 * Math.pow(rng.next(), 3);
    const [gl, gr] = panGains(2 * rng.next() - 1);
    if (rng.next() < 0.03) {
      // A drop landing in water: a small bubble "plink".
      const f = rng.range(1500, 4500);
      addMode(b.left, at, f, 0.004, level * gl, sr, 1.4);
      addMode(b.right, at, f, 0.004, level * gr, sr, 1.4);
    } else {
      drops2[0][at] = (drops2[0][at] as number) + level * gl;
      drops2[1][at] = (drops2[1][at] as number) + level * gr;
    }
  }
  addGrainStream(b.left, drops2[0], 0.0008, sr, rng, 0.6);
  addGrainStream(b.right, drops2[1], 0.0008, sr, rng, 0.6);
  return bedSound(b, -14 + 6 * intensity);
};

export const wind: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  const b = bedBuffers(durationSec, sr);
  const gust = randomCurve(b.length, 0.15 + 0.35 * intensity, sr, rng);
  const whistleDrift = randomCurve(b.length, 0.2, sr, rng);
  const whistleHz = rng.range(350, 800) * (0.8 + 0.5 * intensity);
  // Whistle: one narrow band riding the gusts (shared by both channels), louder in strong wind.
  const whistle = new Float32Array(b.length);
  addNoise(whistle, rng, 1);
  sweptBandpass(whistle, 0, b.length, 12, sr, (t) => whistleHz * (1 + 0.25 * (whistleDrift[Math.min(b.length - 1, Math.floor(t * b.length))] as number)));
  const wLevel = 0.3 + 0.9 * intensity;
  for (let i = 0; i < b.length; i++) {
    const g = Math.max(0, gust[i] as number);
    whistle[i] = wLevel * g * g * (whistle[i] as number);
  }
  [b.left, b.right].forEach((ch) => {
    addNoise(ch, rng, 1);
    // Gust-following low-pass: stronger gusts open the filter (block-updated one-pole, two in series).
    let y1 = 0;
    let y2 = 0;
    for (let start = 0; start < b.length; start += 64) {
      const g = 0.5 + 0.5 * (gust[start] as number);
      const cutoff = 150 + (400 + 1800 * intensity) * g;
      const a = Math.exp((-2 * Math.PI * cutoff) / sr);
      const end = Math.min(b.length, start + 64);
      for (let i = start; i < end; i++) {
        const level = 0.625 + 0.375 * (gust[i] as number);
        y1 = (ch[i] as number) + a * (y1 - (ch[i] as number));
        y2 = y1 + a * (y2 - y1);
        ch[i] = y2 * level * 3 + (whistle[i] as number);
      }
    }
  });
  return bedSound(b, -12 + 6 * intensity);
};

export const fire: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  const b = bedBuffers(durationSec, sr);
  const flutter = randomCurve(b.length, 6, sr, rng);
  for (const ch of [b.left, b.right]) {
    addBrownNoise(ch, rng, 0.5 + 0.5 * intensity, 90, sr);
    biquad(ch, lowpass(500 + 1500 * intensity, 0.6, sr));
    for (let i = 0; i < b.length; i++) ch[i] = (ch[i] as number) * (0.7 + 0.3 * (flutter[i] as number));
  }
  // Crackles come in small clusters (resin pockets bursting); pops are low, resonant.
  const clusters = Math.round((b.length / sr) * (6 + 40 * intensity));
  const crackleL = new Float32Array(b.length);
  const crackleR = new Float32Array(b.length);
  for (let c = 0; c < clusters; c++) {
    const at = rng.int(b.length);
    const pan = rng.range(-0.8, 0.8);
    const count = 1 + rng.int(5);
    const level = 0.9 * Math.pow(rng.next(), 2);
    const [cl, cr] = panGains(pan);
    for (let i = 0; i < count; i++) {
      const idx = Math.min(b.length - 1, at + rng.int(secToSamples(0.04, sr)));
      const amp = level * rng.next();
      crackleL[idx] = (crackleL[idx] as number) + amp * cl;
      crackleR[idx] = (crackleR[idx] as number) + amp * cr;
    }
    if (rng.next() < 0.15) {
      const [gl, gr] = panGains(pan);
      const f = rng.range(150, 450);
      addMode(b.left, at, f, 0.012, level * 0.6 * gl, sr);
      addMode(b.right, at, f, 0.012, level * 0.6 * gr, sr);
    }
  }
  addGrainStream(b.left, crackleL, 0.0006, sr, rng, 0.6);
  addGrainStream(b.right, crackleR, 0.0006, sr, rng, 0.6);
  return bedSound(b, -10 + 4 * intensity);
};

export const roomTone: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const size = numParam(p, 'size', 0.4);
  const b = bedBuffers(durationSec, sr);
  // Hum at a whole number of cycles per loop, so it is periodic over the loop by construction.
  const loopSec = b.loopSamples / sr;
  const humHz = Math.round((rng.next() < 0.5 ? 50 : 60) * loopSec) / loopSec;
  const hum = new Float32Array(b.length);
  addMode(hum, 0, humHz, 1e6, 0.02, sr);
  addMode(hum, 0, 2 * humHz, 1e6, 0.008, sr);
  for (const ch of [b.left, b.right]) {
    // Air: brown noise with a gentle corner (pink-ish), then one low-pass darker for bigger rooms.
    addBrownNoise(ch, rng, 0.6 + 0.8 * size, 200 - 150 * size, sr);
    biquad(ch, lowpass(4500 - 3000 * size, 0.6, sr));
    for (let i = 0; i < b.length; i++) ch[i] = (ch[i] as number) + (hum[i] as number);
  }
  return bedSound(b, -28 + 4 * size);
};



export const traffic: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const density = numParam(p, 'density');
  const b = bedBuffers(durationSec, sr);
  const swell = randomCurve(b.length, 0.1, sr, rng);
  for (const ch of [b.left, b.right]) {
    // Rumble: brown noise through a one-pole at 300 Hz, breathing with the slow swell, in one pass.
    addBrownNoise(ch, rng, 0.6 + 0.6 * density, 60, sr);
    const a = Math.exp((-2 * Math.PI * 300) / sr);
    let y = 0;
    for (let i = 0; i < b.length; i++) {
      y = (ch[i] as number) + a * (y - (ch[i] as number));
      ch[i] = y * (0.8 + 0.2 * (swell[i] as number));
    }
  }
  const lengthSec = b.length / sr;
  const cars = Math.max(1, Math.round(lengthSec * (0.05 + 0.3 * density) * vary(rng, 0.2)));
  const car = new Float32Array(b.length);
  for (let c = 0; c < cars; c++) {
    const passSec = rng.range(3, 8);
    const centre = rng.int(b.length);
    const half = secToSamples(passSec, sr);
    const from = Math.max(0, centre - half);
    const to = Math.min(b.length, centre + half);
    car.fill(0, from, to);
    addNoise(car, rng, 1, from, to);
    biquad(car, bandpass(rng.range(500, 1100), 0.8, sr), from, to);
    const level = rng.range(0.3, 1) * (0.5 + 0.5 * density);
    const dir = rng.next() < 0.5 ? -1 : 1;
    const sigma = half / 2.5;
    // Envelope and pan move slowly (seconds): computed every 64 samples and interpolated linearly.
    const gainsAt = (i: number): [number, number] => {
      const x = (i - centre) / sigma;
      const env = level * Math.exp(-0.5 * x * x);
      const [gl, gr] = panGains(dir * Math.max(-1, Math.min(1, x / 2.5)));
      return [env * gl, env * gr];
    };
    let [l0, r0] = gainsAt(from);
    for (let blockStart = from; blockStart < to; blockStart += 64) {
      const blockEnd = Math.min(to, blockStart + 64);
      const [l1, r1] = gainsAt(blockEnd);
      const dl = (l1 - l0) / 64;
      const dr = (r1 - r0) / 64;
      for (let i = blockStart; i < blockEnd; i++) {
        const v = car[i] as number;
        b.left[i] = (b.left[i] as number) + v * l0;
        b.right[i] = (b.right[i] as number) + v * r0;
        l0 += dl;
        r0 += dr;
      }
      l0 = l1;
      r0 = r1;
    }
  }
  return bedSound(b, -14 + 4 * density);
};

/** Vowel formants (F1, F2) of a generic adult voice; syllables pick one per syllable. */
const VOWELS: ReadonlyArray<readonly [number, number]> = [[730, 1090], [530, 1840], [270, 2290], [570, 840], [300, 870], [640, 1190], [440, 1020], [660, 1720]];

export const crowd: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const density = numParam(p, 'density');
  const b = bedBuffers(durationSec, sr);
  // Voices are rendered at a third of the rate (speech energy of a murmur is below ~4 kHz), then upsampled.
  const low = Math.floor(sr / 3);
  const lowLength = Math.ceil(b.length / 3) + 2;
  const lowL = new Float32Array(lowLength);
  const lowR = new Float32Array(lowLength);
  const voices = Math.round(3 + 8 * density);
  const table = noiseTable();
  const mask = table.length - 1;
  let noiseIndex = rng.int(table.length);
  const voice = new Float32Array(lowLength);
  const blockSize = 32;
  for (let v = 0; v < voices; v++) {
    const f0 = rng.next() < 0.5 ? rng.range(95, 140) : rng.range(170, 240);
    const [gl, gr] = panGains(rng.range(-0.9, 0.9));
    const level = rng.range(0.3, 1) * (1 / Math.sqrt(voices));
    let phase = rng.next();
    let i = 0;
    voice.fill(0);
    let f1 = bandpass(500, 4, low);
    let f2 = bandpass(1500, 6, low);
    let z11 = 0, z12 = 0, z21 = 0, z22 = 0;
    while (i < lowLength) {
      const sylLen = Math.round(low * rng.range(0.12, 0.28));
      const talking = rng.next() < 0.75;
      const vowel = VOWELS[rng.int(VOWELS.length)] as readonly [number, number];
      f1 = bandpass(vowel[0] * vary(rng, 0.08), 5, low);
      f2 = bandpass(vowel[1] * vary(rng, 0.08), 7, low);
      const pitch = f0 * vary(rng, 0.12);
      const end = Math.min(lowLength, i + sylLen);
      for (let j = i; j < end; j += blockSize) {
        const blockEnd = Math.min(end, j + blockSize);
        for (let k = j; k < blockEnd; k++) {
          const x = (k - i) / sylLen;
          const env = talking ? 4 * x * (1 - x) : 0;
          phase += pitch / low;
          if (phase >= 1) phase -= 1;
          const src = env * (phase - 0.5 + 0.3 * (table[noiseIndex++ & mask] as number));
          const y1 = f1.b0 * src + z11;
          z11 = f1.b1 * src - f1.a1 * y1 + z12;
          z12 = f1.b2 * src - f1.a2 * y1;
          const y2 = f2.b0 * src + z21;
          z21 = f2.b1 * src - f2.a1 * y2 + z22;
          z22 = f2.b2 * src - f2.a2 * y2;
          voice[k] = y1 + 0.6 * y2;
        }
      }
      i = end;
    }
    for (let k = 0; k < lowLength; k++) {
      const s = level * (voice[k] as number);
      lowL[k] = (lowL[k] as number) + gl * s;
      lowR[k] = (lowR[k] as number) + gr * s;
    }
  }
  // A diffuse babble wash (at the low rate too), then upsample ×3: linear interpolation + one low-pass.
  for (const dst of [lowL, lowR]) {
    const wash = new Float32Array(lowLength);
    addNoise(wash, rng, 0.05 + 0.05 * density);
    biquad(wash, bandpass(700, 0.7, low));
    for (let i = 0; i < lowLength; i++) dst[i] = (dst[i] as number) + (wash[i] as number);
  }
  const lp = lowpass(low * 0.4, 0.7, sr);
  for (const [src, dst] of [[lowL, b.left], [lowR, b.right]] as const) {
    // Three output samples per input sample at fixed fractions 0, 1/3, 2/3 (no division per sample).
    for (let k = 0, i = 0; i < b.length; k++, i += 3) {
      const a = src[k] as number;
      const d = (src[k + 1] as number) - a;
      dst[i] = a;
      if (i + 1 < b.length) dst[i + 1] = a + d / 3;
      if (i + 2 < b.length) dst[i + 2] = a + (2 * d) / 3;
    }
    biquad(dst, lp);
  }
  return bedSound(b, -14 + 4 * density);
};
