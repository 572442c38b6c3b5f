/**
 * DSP primitives for the procedural engine: RBJ biquads, one-pole smoothers, seeded noise, exponentially
 * decaying sinusoids (the building block of modal synthesis) and short noise grains. Everything works in place
 * on Float32Array ranges so generators can layer components into one buffer without allocating in hot loops.
 * References: R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients"; K. van den Doel,
 * P. Kry, D. Pai, "FoleyAutomatic: physically-based sound effects for interactive simulation" (SIGGRAPH 2001)
 * for modal resonators; A. Farnell, "Designing Sound" (MIT Press 2010) for the noise/grain recipes.
 */
import type { Rng } from '../../../core/rng';

export interface BiquadCoeffs {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function clampFreq(fHz: number, sampleRateHz: number): number {
  return Math.min(Math.max(fHz, 5), sampleRateHz * 0.45);
}

function normalize(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): BiquadCoeffs {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

export function lowpass(fHz: number, q: number, sampleRateHz: number): BiquadCoeffs {
  const w = (2 * Math.PI * clampFreq(fHz, sampleRateHz)) / sampleRateHz;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalize((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

export function highpass(fHz: number, q: number, sampleRateHz: number): BiquadCoeffs {
  const w = (2 * Math.PI * clampFreq(fHz, sampleRateHz)) / sampleRateHz;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalize((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

/** Band-pass with 0 dB peak gain at fHz. */
export function bandpass(fHz: number, q: number, sampleRateHz: number): BiquadCoeffs {
  const w = (2 * Math.PI * clampFreq(fHz, sampleRateHz)) / sampleRateHz;
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalize(alpha, 0, -alpha, 1 + alpha, -2 * c, 1 - alpha);
}

export function peaking(fHz: number, q: number, gainDb: number, sampleRateHz: number): BiquadCoeffs {
  const w = (2 * Math.PI * clampFreq(fHz, sampleRateHz)) / sampleRateHz;
  const a = Math.pow(10, gainDb / 40);
  const alpha = Math.sin(w) / (2 * q);
  const c = Math.cos(w);
  return normalize(1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a);
}

/** Runs a biquad (transposed direct form II) over buf[from, to) in place. */
export function biquad(buf: Float32Array, k: BiquadCoeffs, from = 0, to = buf.length): void {
  const { b0, b1, b2, a1, a2 } = k;
  let z1 = 0;
  let z2 = 0;
  for (let i = from; i < to; i++) {
    const x = buf[i] as number;
    const y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    buf[i] = y;
  }
}

/**
 * Band-pass whose centre follows `centreHz(t)` (t in 0..1 over the range); coefficients are recomputed every
 * 32 samples, which is smooth enough for sweeps and keeps the cost near a fixed biquad.
 */
export function sweptBandpass(buf: Float32Array, from: number, to: number, q: number, sampleRateHz: number, centreHz: (t: number) => number): void {
  let z1 = 0;
  let z2 = 0;
  const span = Math.max(1, to - from);
  for (let blockStart = from; blockStart < to; blockStart += 32) {
    const k = bandpass(centreHz((blockStart - from) / span), q, sampleRateHz);
    const end = Math.min(to, blockStart + 32);
    for (let i = blockStart; i < end; i++) {
      const x = buf[i] as number;
      const y = k.b0 * x + z1;
      z1 = k.b1 * x - k.a1 * y + z2;
      z2 = k.b2 * x - k.a2 * y;
      buf[i] = y;
    }
  }
}

/** One-pole low-pass (6 dB/oct) in place; cheap smoothing for noise colour and envelopes. */
export function onePoleLowpass(buf: Float32Array, cutoffHz: number, sampleRateHz: number, from = 0, to = buf.length): void {
  const a = Math.exp((-2 * Math.PI * cutoffHz) / sampleRateHz);
  const g = 1 - a;
  let y = 0;
  // y = a·y + (1 - a)·x: one multiply-add on the serial chain (x + a·(y - x) has three operations on it).
  for (let i = from; i < to; i++) {
    y = a * y + g * (buf[i] as number);
    buf[i] = y;
  }
}

const NOISE_TABLE_BITS = 18;
const NOISE_MASK = (1 << NOISE_TABLE_BITS) - 1;
let noiseTableCache: Float32Array | undefined;

/**
 * A fixed table of white noise (2^18 samples, uniform in [-1, 1)), built once on first use from a constant
 * seed. Noise is read from it at seeded random offsets, in chunks for continuous noise (white noise has no
 * continuity to break, so chunk joins are inaudible and nothing repeats periodically), which costs a table read
 * per sample instead of a generator call. Deterministic: the offsets come from the caller's seeded Rng.
 */
export function noiseTable(): Float32Array {
  if (noiseTableCache) return noiseTableCache;
  const table = new Float32Array(1 << NOISE_TABLE_BITS);
  let state = 0x5eed1234;
  for (let i = 0; i < table.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    table[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  noiseTableCache = table;
  return table;
}

/** Adds uniform white noise in [-amp, amp) to buf[from, to). */
export function addNoise(buf: Float32Array, rng: Rng, amp: number, from = 0, to = buf.length): void {
  const table = noiseTable();
  let i = from;
  while (i < to) {
    const chunk = Math.min(to - i, 2048 + rng.int(6144));
    let k = rng.int(table.length);
    const end = i + chunk;
    for (; i < end; i++) {
      buf[i] = (buf[i] as number) + amp * (table[k & NOISE_MASK] as number);
      k++;
    }
  }
}

/**
 * Adds white noise of amplitude amp through the biquad k (transposed direct form II) to buf[from, to): the
 * same noise as addNoise (same rng draws) filtered as biquad would, in one pass instead of three (noise into
 * a work buffer, filter it, mix it in).
 */
export function addFilteredNoise(buf: Float32Array, rng: Rng, amp: number, k: BiquadCoeffs, from = 0, to = buf.length): void {
  const table = noiseTable();
  const { b0, b1, b2, a1, a2 } = k;
  let z1 = 0;
  let z2 = 0;
  let i = from;
  while (i < to) {
    const chunk = Math.min(to - i, 2048 + rng.int(6144));
    let kn = rng.int(table.length);
    const end = i + chunk;
    for (; i < end; i++) {
      const x = amp * (table[kn & NOISE_MASK] as number);
      kn++;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      buf[i] = (buf[i] as number) + y;
    }
  }
}

/**
 * Adds brown-ish (integrated, leaky) noise: a -6 dB/oct slope above `cornerHz`, for rumbles. A one-pole
 * 20 Hz high-pass runs in the same loop so rumbles carry no infrasound (and beds need no extra DC pass).
 */
export function addBrownNoise(buf: Float32Array, rng: Rng, amp: number, cornerHz: number, sampleRateHz: number, from = 0, to = buf.length): void {
  const a = Math.exp((-2 * Math.PI * cornerHz) / sampleRateHz);
  const g = amp * (1 - a) * 3;
  const table = noiseTable();
  const hpA = Math.exp((-2 * Math.PI * 20) / sampleRateHz);
  let y = 0;
  let yPrev = 0;
  let hp = 0;
  let i = from;
  while (i < to) {
    const chunk = Math.min(to - i, 2048 + rng.int(6144));
    let k = rng.int(table.length);
    const end = i + chunk;
    for (; i < end; i++) {
      y = a * y + g * (table[k & NOISE_MASK] as number);
      k++;
      hp = hpA * (hp + y - yPrev);
      yPrev = y;
      buf[i] = (buf[i] as number) + hp;
    }
  }
}

/** Samples until a decaying component of amplitude `amp` (decay factor r per sample) is inaudible. */
function lifeSamples(amp: number, r: number, relativeFloor = 3e-4): number {
  // Stop 70 dB below the start (or at relativeFloor) or at an absolute 1e-5 (≈ -100 dBFS before
  // normalization), whichever is first.
  const floor = Math.max(relativeFloor, 1e-5 / Math.max(Math.abs(amp), 1e-9));
  return floor >= 1 ? 0 : Math.ceil(Math.log(floor) / Math.log(r));
}

/** Highest angular frequency (radians/sample) a mode may glide to: 0.48 of the sample rate, as mode setup allows. */
const W_MAX = 2 * Math.PI * 0.48;

/**
 * A gliding mode's pitch per block, without trig per block: `ph[o]` holds the unclamped angular frequency w
 * (radians/sample), `ph[o+1]`, `ph[o+2]` the unit phasor (cos, sin) of min(w, W_MAX). glideStep multiplies w
 * by `g` and turns the phasor by the change d; glides spread over ≥ 16-sample blocks make |d| tiny, so cos d
 * and sin d come from their Taylor series (error < 1e-13 for |d| < 0.02), else from Math.cos/sin. Blocks used
 * to recompute Math.cos and Math.sin of the new frequency, which cost more than the 16 samples themselves.
 */
function glideInit(ph: Float64Array, o: number, w: number): void {
  ph[o] = w;
  const e = Math.min(w, W_MAX);
  ph[o + 1] = Math.cos(e);
  ph[o + 2] = Math.sin(e);
}

function glideStep(ph: Float64Array, o: number, g: number): void {
  const w0 = ph[o] as number;
  const w1 = w0 * g;
  ph[o] = w1;
  const d = Math.min(w1, W_MAX) - Math.min(w0, W_MAX);
  if (d === 0) return;
  let cd: number;
  let sd: number;
  if (Math.abs(d) < 0.02) {
    const d2 = d * d;
    cd = 1 - d2 * (0.5 - d2 / 24);
    sd = d * (1 - (d2 / 6) * (1 - d2 / 20));
  } else {
    cd = Math.cos(d);
    sd = Math.sin(d);
  }
  const c = ph[o + 1] as number;
  const sn = ph[o + 2] as number;
  ph[o + 1] = c * cd - sn * sd;
  ph[o + 2] = sn * cd + c * sd;
}

/**
 * Samples per pitch update of a gliding mode whose frequency changes by `glide` over `life` samples: 16, or a
 * multiple of 16 up to 256 while each step stays under 0.3 % (a slow thump drop then needs a sixteenth of the
 * updates; a fast bubble chirp keeps 16-sample steps).
 */
function glideBlock(glide: number, life: number): number {
  const per16 = Math.abs(Math.log(glide)) * (16 / Math.max(1, life));
  const k = per16 > 0 ? Math.floor(Math.log(1.003) / per16) : 16;
  return 16 * Math.max(1, Math.min(16, k));
}

/**
 * Adds an exponentially decaying sinusoid starting at `start` (sine phase, so it begins at zero with a steep
 * slope: the attack of a struck mode): the sound of addModeStereo into one channel, up to float rounding.
 * `glide` multiplies the frequency over the mode's life (e.g. 1.5 = rises by half, for bubbles); 1 = fixed.
 * One damped rotation per sample is a serial chain (each sample needs the previous one: ~4.8 ns per sample
 * here). Within each pitch block the mode instead runs as four interleaved chains, one per sample index
 * mod 4, each a two-pole resonator stepping 4 samples at a time, y[i+4] = 2r⁴cos(4w)·y[i] - r⁸·y[i-4]: four
 * independent chains overlap in the CPU (~2.4 ns per sample). The block's complex state (re, im) is turned
 * into the chains' eight start values and recovered from their last two values (see modeChainsInit/End).
 */
export function addMode(out: Float32Array, start: number, freqHz: number, decaySec: number, amp: number, sampleRateHz: number, glide = 1): void {
  if (freqHz <= 0 || freqHz >= sampleRateHz * 0.48 || amp === 0) return;
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-4) * sampleRateHz));
  const first = Math.max(0, start);
  const end = Math.min(out.length, start + lifeSamples(Math.abs(amp), r));
  if (end <= first) return;
  const blockLength = glide === 1 ? end - first : glideBlock(glide, end - first);
  const glidePerBlock = glide === 1 ? 1 : Math.pow(glide, blockLength / Math.max(1, end - first));
  const ph = MONO_MODE_PHASE;
  glideInit(ph, 0, (2 * Math.PI * freqHz) / sampleRateHz);
  // (re, im) at the block start; the hit lands at `start` (re = amp, im = 0) as in addModeStereo.
  const z = MONO_MODE_STATE;
  z[0] = amp;
  z[1] = 0;
  for (let blockStart = first; blockStart < end; blockStart += blockLength) {
    const blockEnd = Math.min(end, blockStart + blockLength);
    const chainsEnd = blockStart + 8 * Math.floor((blockEnd - blockStart) / 8);
    const c = ph[1] as number;
    const sn = ph[2] as number;
    if (chainsEnd - blockStart >= 16) {
      const chains = MONO_MODE_CHAINS;
      modeChainsInit(chains, z, r, c, sn);
      // (r·e^{iw})⁴ by two complex squarings: its real part gives 2r⁴cos(4w)/2.
      const re2 = r * r * (c * c - sn * sn);
      const im2 = r * r * (2 * c * sn);
      const r4 = r * r * r * r;
      runModeChains(out, blockStart, chainsEnd, chains, 2 * (re2 * re2 - im2 * im2), r4 * r4);
      modeChainsEnd(chains, z, r, c, sn);
      rotateMode(out, chainsEnd, blockEnd, z, r * c, r * sn);
    } else {
      rotateMode(out, blockStart, blockEnd, z, r * c, r * sn);
    }
    if (glidePerBlock !== 1) glideStep(ph, 0, glidePerBlock);
  }
}

/** addMode's pitch phasor, complex state and chain state, reused (rendering is synchronous). */
const MONO_MODE_PHASE = new Float64Array(3);
const MONO_MODE_STATE = new Float64Array(2);
const MONO_MODE_CHAINS = new Float64Array(8);

/**
 * The chains' start values from the complex state z = (re, im) at sample b: y[b+m] = Im(z·(r·e^{iw})^m) for
 * m = 0..3 (chain m's current value, at 2m) and m = -4..-1 (chain m+4's previous value, at 2(m+4)+1).
 */
function modeChainsInit(ch: Float64Array, z: Float64Array, r: number, c: number, sn: number): void {
  const kc = r * c;
  const ks = r * sn;
  let re = z[0] as number;
  let im = z[1] as number;
  for (let m = 0; m < 4; m++) {
    ch[2 * m] = im;
    const t = re * kc - im * ks;
    im = re * ks + im * kc;
    re = t;
  }
  // Backwards: multiply by (r·e^{iw})^-1 = e^{-iw}/r.
  const bc = c / r;
  const bs = sn / r;
  re = z[0] as number;
  im = z[1] as number;
  for (let m = 3; m >= 0; m--) {
    const t = re * bc + im * bs;
    im = im * bc - re * bs;
    re = t;
    ch[2 * m + 1] = im;
  }
}

/**
 * The complex state at the sample after the chains (chain 0's current value y[e] is its imaginary part, and
 * y[e-1] = Im(z·e^{-iw}/r) = (im·cos w - re·sin w)/r gives the real part).
 */
function modeChainsEnd(ch: Float64Array, z: Float64Array, r: number, c: number, sn: number): void {
  const im = ch[0] as number;
  const prev = ch[7] as number;
  z[0] = (im * c - r * prev) / sn;
  z[1] = im;
}

/**
 * Four interleaved two-pole chains over out[from, to) (to - from a multiple of 8): chain j holds y[i+j] at
 * 2j and y[i+j-4] at 2j+1; y[i+4] = a·y[i] - b·y[i-4], two steps per iteration with the roles swapping.
 */
function runModeChains(out: Float32Array, from: number, to: number, ch: Float64Array, a: number, b: number): void {
  let y0 = ch[0] as number, p0 = ch[1] as number, y1 = ch[2] as number, p1 = ch[3] as number;
  let y2 = ch[4] as number, p2 = ch[5] as number, y3 = ch[6] as number, p3 = ch[7] as number;
  for (let i = from; i < to; i += 8) {
    out[i] = (out[i] as number) + y0;
    out[i + 1] = (out[i + 1] as number) + y1;
    out[i + 2] = (out[i + 2] as number) + y2;
    out[i + 3] = (out[i + 3] as number) + y3;
    p0 = a * y0 - b * p0; p1 = a * y1 - b * p1; p2 = a * y2 - b * p2; p3 = a * y3 - b * p3;
    out[i + 4] = (out[i + 4] as number) + p0;
    out[i + 5] = (out[i + 5] as number) + p1;
    out[i + 6] = (out[i + 6] as number) + p2;
    out[i + 7] = (out[i + 7] as number) + p3;
    y0 = a * p0 - b * y0; y1 = a * p1 - b * y1; y2 = a * p2 - b * y2; y3 = a * p3 - b * y3;
  }
  ch[0] = y0; ch[1] = p0; ch[2] = y1; ch[3] = p1; ch[4] = y2; ch[5] = p2; ch[6] = y3; ch[7] = p3;
}

/** One damped rotation over out[from, to) from the complex state z (updated), adding its imaginary part. */
function rotateMode(out: Float32Array, from: number, to: number, z: Float64Array, kc: number, ks: number): void {
  let re = z[0] as number;
  let im = z[1] as number;
  for (let i = from; i < to; i++) {
    out[i] = (out[i] as number) + im;
    const t = re * kc - im * ks;
    im = re * ks + im * kc;
    re = t;
  }
  z[0] = re;
  z[1] = im;
}

/**
 * One struck mode added to two channels with gains gl, gr (a panned source): the oscillator runs once for
 * both channels, and a single hit needs none of addModeHits' hit bookkeeping or array allocation (modes are
 * the inner loop of bubbles, shards and drops). `right` undefined = mono into `left` (gr ignored).
 * `relativeFloor`: the mode stops this far below its start (default 3e-4, -70 dB; a mode masked by a louder
 * texture, such as a drop's plink under the rain's wash, may stop earlier).
 */
export function addModeStereo(left: Float32Array, right: Float32Array | undefined, start: number, freqHz: number, decaySec: number, amp: number, gl: number, gr: number, sampleRateHz: number, glide = 1, relativeFloor = 3e-4): void {
  if (freqHz <= 0 || freqHz >= sampleRateHz * 0.48 || amp === 0) return;
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-4) * sampleRateHz));
  const first = Math.max(0, start);
  const end = Math.min(left.length, right ? right.length : left.length, start + lifeSamples(Math.abs(amp), r, relativeFloor));
  if (end <= first) return;
  const blockLength = glide === 1 ? end - first : glideBlock(glide, end - first);
  const glidePerBlock = glide === 1 ? 1 : Math.pow(glide, blockLength / Math.max(1, end - first));
  const ph = new Float64Array(3);
  glideInit(ph, 0, (2 * Math.PI * freqHz) / sampleRateHz);
  // The hit lands at `start` (re = amp, im = 0); a start before 0 only matters for its later samples, as before.
  let re = amp;
  let im = 0;
  for (let blockStart = first; blockStart < end; blockStart += blockLength) {
    const kc = r * (ph[1] as number);
    const ks = r * (ph[2] as number);
    const blockEnd = Math.min(end, blockStart + blockLength);
    if (right) {
      for (let i = blockStart; i < blockEnd; i++) {
        left[i] = (left[i] as number) + gl * im;
        right[i] = (right[i] as number) + gr * im;
        const nr = re * kc - im * ks;
        im = re * ks + im * kc;
        re = nr;
      }
    } else {
      for (let i = blockStart; i < blockEnd; i++) {
        left[i] = (left[i] as number) + im;
        const nr = re * kc - im * ks;
        im = re * ks + im * kc;
        re = nr;
      }
    }
    if (glidePerBlock !== 1) glideStep(ph, 0, glidePerBlock);
  }
}

/**
 * One mode struck several times (an object bouncing: the same resonances re-excited): each hit adds its
 * amplitude to the running oscillator state, so repeated strikes cost one oscillator, not one per hit.
 * `starts` must be ascending.
 */
export function addModeHits(out: Float32Array, starts: readonly number[], amps: readonly number[], freqHz: number, decaySec: number, sampleRateHz: number, glide = 1): void {
  if (freqHz <= 0 || freqHz >= sampleRateHz * 0.48 || starts.length === 0) return;
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-4) * sampleRateHz));
  let maxAmp = 0;
  for (const a of amps) maxAmp = Math.max(maxAmp, Math.abs(a));
  if (maxAmp === 0) return;
  const first = Math.max(0, starts[0] as number);
  const last = starts[starts.length - 1] as number;
  const end = Math.min(out.length, last + lifeSamples(maxAmp, r));
  const blockLength = glide === 1 ? 1 << 30 : glideBlock(glide, end - first);
  const glidePerBlock = glide === 1 ? 1 : Math.pow(glide, blockLength / Math.max(1, end - first));
  const ph = new Float64Array(3);
  glideInit(ph, 0, (2 * Math.PI * freqHz) / sampleRateHz);
  let re = 0;
  let im = 0;
  let hit = 0;
  let nextHit = starts[0] as number;
  for (let blockStart = first; blockStart < end; blockStart += blockLength) {
    const kc = r * (ph[1] as number);
    const ks = r * (ph[2] as number);
    const blockEnd = Math.min(end, blockStart + blockLength);
    let i = blockStart;
    while (i < blockEnd) {
      const stop = Math.min(blockEnd, nextHit);
      for (; i < stop; i++) {
        out[i] = (out[i] as number) + im;
        const nr = re * kc - im * ks;
        im = re * ks + im * kc;
        re = nr;
      }
      if (i === nextHit && i < blockEnd) {
        re += amps[hit] as number;
        hit++;
        nextHit = hit < starts.length ? (starts[hit] as number) : Number.MAX_SAFE_INTEGER;
      }
    }
    if (glidePerBlock !== 1) glideStep(ph, 0, glidePerBlock);
  }
}

/** A mode given by its fields, e.g. StrikeOptions.extraModes (copied into a ModeBank). */
export interface BankMode {
  freqHz: number;
  decaySec: number;
  /** amplitude per hit (same order as the bank's hits) */
  amps: readonly number[];
}

/**
 * Runs `n` (1–4) two-pole resonators over out[from, to), adding their outputs: y[i+1] = c1·y[i] - c2·y[i-1]
 * with c1 = 2r·cos w, c2 = r² (the recurrence a damped sinusoid r^i·sin(wi + φ) satisfies). `st` holds
 * y[i], y[i-1] per resonator (at 2j, 2j+1) and is loaded into locals for the loop. Per resonator and sample
 * this is two multiplies and a subtract, against four multiplies and two adds for a damped rotation (as
 * addModeStereo runs). Two samples per iteration, the two state variables swapping roles (y holds the even
 * samples, p the odd ones), so no register moves; an odd last sample is done after the loop. Fixed
 * coefficients over the range (a pitch change needs the state converted, see ModeLanes.step).
 */
function runResonators(out: Float32Array, from: number, to: number, n: number, st: Float64Array, c1: Float64Array, c2: Float64Array): void {
  let y0 = st[0] as number, p0 = st[1] as number, y1 = st[2] as number, p1 = st[3] as number;
  let y2 = st[4] as number, p2 = st[5] as number, y3 = st[6] as number, p3 = st[7] as number;
  const a0 = c1[0] as number, b0 = c2[0] as number, a1 = c1[1] as number, b1 = c2[1] as number;
  const a2 = c1[2] as number, b2 = c2[2] as number, a3 = c1[3] as number, b3 = c2[3] as number;
  // Lanes at n and beyond are never output again (ended, or unused with zero state), so the odd last sample steps all four.
  const pairsEnd = to - ((to - from) & 1);
  let i = from;
  if (n >= 4) {
    for (; i < pairsEnd; i += 2) {
      out[i] = (out[i] as number) + (y0 + y1) + (y2 + y3);
      p0 = a0 * y0 - b0 * p0; p1 = a1 * y1 - b1 * p1; p2 = a2 * y2 - b2 * p2; p3 = a3 * y3 - b3 * p3;
      out[i + 1] = (out[i + 1] as number) + (p0 + p1) + (p2 + p3);
      y0 = a0 * p0 - b0 * y0; y1 = a1 * p1 - b1 * y1; y2 = a2 * p2 - b2 * y2; y3 = a3 * p3 - b3 * y3;
    }
  } else if (n === 3) {
    for (; i < pairsEnd; i += 2) {
      out[i] = (out[i] as number) + (y0 + y1) + y2;
      p0 = a0 * y0 - b0 * p0; p1 = a1 * y1 - b1 * p1; p2 = a2 * y2 - b2 * p2;
      out[i + 1] = (out[i + 1] as number) + (p0 + p1) + p2;
      y0 = a0 * p0 - b0 * y0; y1 = a1 * p1 - b1 * y1; y2 = a2 * p2 - b2 * y2;
    }
  } else if (n === 2) {
    for (; i < pairsEnd; i += 2) {
      out[i] = (out[i] as number) + (y0 + y1);
      p0 = a0 * y0 - b0 * p0; p1 = a1 * y1 - b1 * p1;
      out[i + 1] = (out[i + 1] as number) + (p0 + p1);
      y0 = a0 * p0 - b0 * y0; y1 = a1 * p1 - b1 * y1;
    }
  } else {
    for (; i < pairsEnd; i += 2) {
      out[i] = (out[i] as number) + y0;
      p0 = a0 * y0 - b0 * p0;
      out[i + 1] = (out[i + 1] as number) + p0;
      y0 = a0 * p0 - b0 * y0;
    }
  }
  if (i < to) {
    out[i] = (out[i] as number) + (n >= 4 ? (y0 + y1) + (y2 + y3) : n === 3 ? (y0 + y1) + y2 : n === 2 ? y0 + y1 : y0);
    let t = a0 * y0 - b0 * p0; p0 = y0; y0 = t;
    t = a1 * y1 - b1 * p1; p1 = y1; y1 = t;
    t = a2 * y2 - b2 * p2; p2 = y2; y2 = t;
    t = a3 * y3 - b3 * p3; p3 = y3; y3 = t;
  }
  st[0] = y0; st[1] = p0; st[2] = y1; st[3] = p1; st[4] = y2; st[5] = p2; st[6] = y3; st[7] = p3;
}

/**
 * A bank of modes struck by the same hits (one object's partials), in typed arrays that the caller fills and
 * reuses (see addStrikes): `hits` starts (ascending, ≥ 0) and per mode k its frequency, decay time and its
 * amplitude per hit at amps[k·hits + h]. Typed arrays look the same to the JIT on every call: plain arrays of
 * numbers change their element kind with the values in them and objects their maps, and each change
 * deoptimized the bank and its caller, whose recompilation (30-90 ms of CPU on a background thread here) fell
 * into the renders of the next class that used them.
 */
export class ModeBank {
  hits = 0;
  modes = 0;
  starts = new Float64Array(4);
  freqHz = new Float64Array(32);
  decaySec = new Float64Array(32);
  amps = new Float64Array(64);

  /** Empties the bank for `hits` hits (their starts still to be written). */
  reset(hits: number): void {
    this.hits = hits;
    this.modes = 0;
    if (this.starts.length < hits) this.starts = new Float64Array(2 * hits);
  }

  /** Appends a mode; returns its index k (its amplitudes go to amps[k·hits + h]). */
  addMode(freqHz: number, decaySec: number): number {
    const k = this.modes++;
    if (k >= this.freqHz.length) {
      this.freqHz = grow(this.freqHz, 2 * k);
      this.decaySec = grow(this.decaySec, 2 * k);
    }
    if ((k + 1) * this.hits > this.amps.length) this.amps = grow(this.amps, 2 * (k + 1) * this.hits);
    this.freqHz[k] = freqHz;
    this.decaySec[k] = decaySec;
    return k;
  }
}

function grow(a: Float64Array, length: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(length);
  b.set(a);
  return b;
}

/** addModeBank's per-mode working arrays (resonator coefficients, hit response, end) and pass state, reused. */
class BankWork {
  c1 = new Float64Array(32);
  c2 = new Float64Array(32);
  hitToPrev = new Float64Array(32);
  end = new Float64Array(32);
  /** modes in rendering order (longest life first) */
  order = new Int32Array(32);
  readonly state = new Float64Array(8);
  readonly passC1 = new Float64Array(4);
  readonly passC2 = new Float64Array(4);

  fit(modes: number): void {
    if (this.c1.length >= modes) return;
    this.c1 = new Float64Array(2 * modes);
    this.c2 = new Float64Array(2 * modes);
    this.hitToPrev = new Float64Array(2 * modes);
    this.end = new Float64Array(2 * modes);
    this.order = new Int32Array(2 * modes);
  }
}

const BANK_WORK = new BankWork();

/**
 * Renders a ModeBank into out, up to four resonators per pass: each resonator is a serial chain of
 * dependent operations, so running four independent ones in one loop lets them overlap in the CPU, and `out`
 * is read and written once per four modes instead of once per mode.
 * Modes are grouped by life (longest first); within a group each resonator stops at its own end (the
 * group's pass narrows from four resonators to one), so the work and the sound are those of addModeHits
 * per mode, up to float rounding: a hit of amplitude a at sample i adds a·r^(k-i)·sin(w(k-i)) to every
 * later sample k, as addModeHits' rotation does (in the resonator's state, y[i] is unchanged and y[i-1]
 * moves by -a·sin(w)/r, so that y[i+1] gains a·r·sin w).
 * Each mode stops 70 dB below the bank's loudest mode (or at 1e-5 absolute, as lifeSamples): a weak partial
 * has nothing audible left once it is 70 dB under its object's strongest one, while its own 70 dB floor
 * would take it down to 90-100 dB under that.
 */
export function addModeBank(out: Float32Array, bank: ModeBank, sampleRateHz: number): void {
  const hits = bank.hits;
  if (hits === 0) return;
  const { starts, freqHz, decaySec, amps } = bank;
  const w = BANK_WORK;
  w.fit(bank.modes);
  const maxFreq = sampleRateHz * 0.48;
  let loudest = 0;
  for (let k = 0; k < bank.modes; k++) {
    const f = freqHz[k] as number;
    if (f > 0 && f < maxFreq) loudest = Math.max(loudest, maxAbsRange(amps, k * hits, (k + 1) * hits));
  }
  const level = Math.max(3e-4 * loudest, 1e-5);
  const last = starts[hits - 1] as number;
  let live = 0;
  for (let k = 0; k < bank.modes; k++) {
    const f = freqHz[k] as number;
    if (f <= 0 || f >= maxFreq) continue;
    const maxAmp = maxAbsRange(amps, k * hits, (k + 1) * hits);
    if (maxAmp <= level) continue;
    const r = Math.exp(-1 / (Math.max(decaySec[k] as number, 1e-4) * sampleRateHz));
    const wk = (2 * Math.PI * f) / sampleRateHz;
    w.c1[k] = 2 * r * Math.cos(wk);
    w.c2[k] = r * r;
    w.hitToPrev[k] = -Math.sin(wk) / r;
    w.end[k] = Math.min(out.length, last + Math.ceil(Math.log(level / maxAmp) / Math.log(r)));
    insertByEnd(w.order, live++, k, w.end);
  }
  for (let g = 0; g < live; g += 4) renderBankGroup(out, bank, w, g, Math.min(4, live - g));
}

/** Inserts mode k into order[0, n) (sorted by end, longest first; stable: a tie goes after its equals). */
function insertByEnd(order: Int32Array, n: number, k: number, end: Float64Array): void {
  const e = end[k] as number;
  let j = n;
  while (j > 0 && (end[order[j - 1] as number] as number) < e) {
    order[j] = order[j - 1] as number;
    j--;
  }
  order[j] = k;
}

function maxAbsRange(a: Float64Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** One pass of addModeBank: the `size` modes at order[g, g + size), over their lives, hit by every hit. */
function renderBankGroup(out: Float32Array, bank: ModeBank, w: BankWork, g: number, size: number): void {
  const { starts, amps, hits } = bank;
  const { order, end, state: st, passC1, passC2 } = w;
  st.fill(0);
  passC1.fill(0);
  passC2.fill(0);
  for (let j = 0; j < size; j++) {
    passC1[j] = w.c1[order[g + j] as number] as number;
    passC2[j] = w.c2[order[g + j] as number] as number;
  }
  // Active resonators at sample i: the members whose end is beyond i (sorted by end, so a prefix).
  let n = size;
  let hit = 0;
  let i = Math.max(0, starts[0] as number);
  const groupEnd = end[order[g] as number] as number;
  while (i < groupEnd) {
    while (n > 1 && (end[order[g + n - 1] as number] as number) <= i) n--;
    const nextHit = hit < hits ? (starts[hit] as number) : Number.MAX_SAFE_INTEGER;
    if (i === nextHit) {
      for (let j = 0; j < size; j++) {
        const k = order[g + j] as number;
        st[2 * j + 1] = (st[2 * j + 1] as number) + (amps[k * hits + hit] as number) * (w.hitToPrev[k] as number);
      }
      hit++;
      continue;
    }
    const stop = Math.min(nextHit, n > 1 ? (end[order[g + n - 1] as number] as number) : groupEnd);
    runResonators(out, i, stop, n, st, passC1, passC2);
    i = stop;
  }
}

export interface ModeEvent {
  start: number;
  freqHz: number;
  decaySec: number;
  amp: number;
  /** frequency multiplier over the mode's life (1 = fixed), as in addMode */
  glide?: number;
}

/** Gliding modes in addModes' lanes step their pitch on this grid of absolute sample indices. */
const GLIDE_GRID = 16;

/**
 * Many independent struck modes (bubbles, shards, debris, panel and floor modes, thumps), each as addMode
 * would render it. Modes run up to four at a time in one pass (four independent recurrences overlap in the
 * CPU, ~1.5 ns per mode and sample here against ~3.5 for one alone): events are taken in start
 * order into four lanes; a lane frees when its mode reaches its ~70 dB floor; events finding no free lane go to
 * a further pass. A gliding mode (bubble chirp, thump) steps its pitch every glideBlock samples as in
 * addModeStereo, but on a shared 16-sample grid of absolute sample indices, so that the four lanes stop
 * together for their pitch steps (a step lands up to 15 samples earlier than counted from the mode's start:
 * a shift of the pitch curve by < 0.33 ms at 48 kHz). The lanes are two-pole resonators (runResonators:
 * half the arithmetic of a rotation); a pitch step converts a lane's state (see ModeLanes.step).
 */
export function addModes(out: Float32Array, events: readonly ModeEvent[], sampleRateHz: number): void {
  let pending = events.filter((e) => e.amp !== 0 && e.freqHz > 0 && e.freqHz < sampleRateHz * 0.48 && e.start < out.length).sort((a, b) => a.start - b.start);
  while (pending.length > 0) pending = runModeLanes(out, pending, sampleRateHz, MODE_LANES);
}

/** State of addModes' four lanes: oscillators, their ends, and for gliding ones the pitch steps. */
class ModeLanes {
  /** re, im per lane */
  readonly st = new Float64Array(8);
  /** r·cos w, r·sin w per lane */
  readonly kc = new Float64Array(4);
  readonly ks = new Float64Array(4);
  /** sample where the lane's mode ends, and where its next pitch step is due (+Infinity: fixed pitch) */
  readonly end = new Float64Array(4);
  readonly stepAt = new Float64Array(4);
  /** per lane: decay factor r, glide per step, samples per step */
  readonly r = new Float64Array(4);
  readonly glide = new Float64Array(4);
  readonly block = new Float64Array(4);
  /** per lane at 3j: unclamped angular frequency, cos and sin of the clamped one (see glideInit) */
  readonly ph = new Float64Array(12);

  move(from: number, to: number): void {
    this.st[2 * to] = this.st[2 * from] as number;
    this.st[2 * to + 1] = this.st[2 * from + 1] as number;
    this.kc[to] = this.kc[from] as number;
    this.ks[to] = this.ks[from] as number;
    this.end[to] = this.end[from] as number;
    this.stepAt[to] = this.stepAt[from] as number;
    this.r[to] = this.r[from] as number;
    this.glide[to] = this.glide[from] as number;
    this.block[to] = this.block[from] as number;
    for (let q = 0; q < 3; q++) this.ph[3 * to + q] = this.ph[3 * from + q] as number;
  }

  /**
   * Starts event e in lane j at sample i (a two-pole resonator for runResonators: st = y[i], y[i-1], kc, ks =
   * 2r·cos w, r²; the hit as in addModeBank); false when it is already silent there.
   */
  start(j: number, e: ModeEvent, i: number, outLength: number, sampleRateHz: number): boolean {
    const r = Math.exp(-1 / (Math.max(e.decaySec, 1e-4) * sampleRateHz));
    const end = Math.min(outLength, e.start + lifeSamples(Math.abs(e.amp), r));
    if (end <= i) return false;
    const glide = e.glide ?? 1;
    glideInit(this.ph, 3 * j, (2 * Math.PI * e.freqHz) / sampleRateHz);
    this.end[j] = end;
    this.r[j] = r;
    this.st[2 * j] = 0;
    this.st[2 * j + 1] = (-e.amp * (this.ph[3 * j + 2] as number)) / r;
    this.kc[j] = 2 * r * (this.ph[3 * j + 1] as number);
    this.ks[j] = r * r;
    if (glide === 1) {
      this.stepAt[j] = Number.POSITIVE_INFINITY;
    } else {
      const first = Math.max(0, e.start);
      const block = glideBlock(glide, end - first);
      this.glide[j] = Math.pow(glide, block / Math.max(1, end - first));
      this.block[j] = block;
      // The first step on the grid: block samples after the grid line at or before i.
      this.stepAt[j] = i - (i % GLIDE_GRID) + block;
    }
    return true;
  }

  /**
   * Lane j's pitch step at its stepAt. The resonator state (y[i], y[i-1]) belongs to the old frequency w:
   * the rotation's real part re = (y[i]·cos w - r·y[i-1]) / sin w is recovered, the phasor turned to w',
   * and y[i-1] replaced by (y[i]·cos w' - re·sin w') / r, so that the lane continues as the rotation would
   * (y[i+1] = r·(re·sin w' + y[i]·cos w')). sin w ≥ sin(0.04·π) for modes below 0.48 of the sample rate
   * and ≈ w for low ones (a 33 Hz thump: 0.0043, ~1e-14 relative error per step).
   */
  step(j: number): void {
    const r = this.r[j] as number;
    const y = this.st[2 * j] as number;
    const re = (y * (this.ph[3 * j + 1] as number) - r * (this.st[2 * j + 1] as number)) / (this.ph[3 * j + 2] as number);
    glideStep(this.ph, 3 * j, this.glide[j] as number);
    const c = this.ph[3 * j + 1] as number;
    this.st[2 * j + 1] = (y * c - re * (this.ph[3 * j + 2] as number)) / r;
    this.kc[j] = 2 * r * c;
    this.stepAt[j] = (this.stepAt[j] as number) + (this.block[j] as number);
  }
}

/** addModes' lanes, reused by every call (rendering is synchronous; every lane is set when it starts a mode). */
const MODE_LANES = new ModeLanes();

/**
 * One pass of addModes over start-sorted events; returns those that found no free lane. The lanes run
 * together until the next event start, mode end or pitch step of any of them.
 */
function runModeLanes(out: Float32Array, pending: readonly ModeEvent[], sampleRateHz: number, lanes: ModeLanes): ModeEvent[] {
  const overflow: ModeEvent[] = [];
  const { end, stepAt } = lanes;
  let n = 0;
  let next = 0;
  let i = Math.max(0, (pending[0] as ModeEvent).start);
  while (next < pending.length || n > 0) {
    if (n === 0) i = Math.max(i, Math.max(0, (pending[next] as ModeEvent).start));
    while (next < pending.length && (pending[next] as ModeEvent).start <= i) {
      const e = pending[next++] as ModeEvent;
      if (n === 4) overflow.push(e);
      else if (lanes.start(n, e, i, out.length, sampleRateHz)) n++;
    }
    if (n === 0) continue;
    let stop = next < pending.length ? Math.max(i + 1, (pending[next] as ModeEvent).start) : Number.MAX_SAFE_INTEGER;
    for (let j = 0; j < n; j++) stop = Math.min(stop, end[j] as number, stepAt[j] as number);
    runResonators(out, i, stop, n, lanes.st, lanes.kc, lanes.ks);
    i = stop;
    // Downwards, so the last lane moved into a freed slot has already had its turn.
    for (let j = n - 1; j >= 0; j--) {
      if ((end[j] as number) <= i) {
        n--;
        if (j !== n) lanes.move(n, j);
      } else if (stepAt[j] === i) {
        lanes.step(j);
      }
    }
  }
  return overflow;
}

/**
 * Adds a noise grain: white noise under an instant-attack exponential decay, optionally coloured by a
 * one-pole low-pass (`lowpassHz`) or a one-zero high-pass tilt (`tilt` 0..1 removes lows). The grain
 * starts at full level on its first sample, so a grain placed at a sync point is a sharp onset.
 */
export function addNoiseGrain(out: Float32Array, start: number, decaySec: number, amp: number, rng: Rng, sampleRateHz: number, lowpassHz = 0, tilt = 0): void {
  if (amp === 0 || start >= out.length) return;
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-5) * sampleRateHz));
  const end = Math.min(out.length, start + lifeSamples(amp, r));
  const k = rng.int(noiseTable().length);
  // Without a low-pass the grain has no filter recurrence: only the envelope is a serial chain per sample.
  if (lowpassHz > 0) noiseGrainLowpass(out, Math.max(0, start), end, k, amp, r, tilt, Math.exp((-2 * Math.PI * lowpassHz) / sampleRateHz));
  else noiseGrainPlain(out, Math.max(0, start), end, k, amp, r, tilt);
}

/**
 * addNoiseGrain (with its low-pass, same rng draw) through the biquad k, added to out from `start` to the end
 * of out in one pass: no work buffer to clear, filter and mix in afterwards. After the grain's life the
 * filter rings out on zero input.
 */
export function addFilteredNoiseGrain(out: Float32Array, start: number, decaySec: number, amp: number, rng: Rng, sampleRateHz: number, lowpassHz: number, tilt: number, k: BiquadCoeffs): void {
  if (amp === 0 || start >= out.length) return;
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-5) * sampleRateHz));
  const end = Math.min(out.length, start + lifeSamples(amp, r));
  const offset = rng.int(noiseTable().length);
  noiseGrainLowpassFiltered(out, Math.max(0, start), end, offset, amp, r, tilt, Math.exp((-2 * Math.PI * lowpassHz) / sampleRateHz), k);
}

/**
 * noiseGrainLowpass's grain (until `end`) through the biquad k (transposed direct form II), added to out up
 * to its end. One loop and nothing after it: code after a loop that the JIT compiled on-stack before that
 * code had ever run was thrown away at every call that ran the loop (five times per bench run of click).
 */
function noiseGrainLowpassFiltered(out: Float32Array, from: number, end: number, kn: number, amp: number, r: number, tilt: number, a: number, k: BiquadCoeffs): void {
  const table = noiseTable();
  const { b0, b1, b2, a1, a2 } = k;
  const g = 1 - a;
  let env = amp;
  let y = 0;
  let prev = 0;
  let z1 = 0;
  let z2 = 0;
  for (let i = from; i < out.length; i++) {
    const x = table[kn & NOISE_MASK] as number;
    kn++;
    const hp = x - tilt * prev;
    prev = x;
    y = a * y + g * hp;
    const v = i < end ? env * y : 0;
    env *= r;
    const f = b0 * v + z1;
    z1 = b1 * v - a1 * f + z2;
    z2 = b2 * v - a2 * f;
    out[i] = (out[i] as number) + f;
  }
}

/** addNoiseGrain without low-pass: out[i] += env·(x - tilt·prev), env falling by r per sample. */
function noiseGrainPlain(out: Float32Array, from: number, end: number, k: number, amp: number, r: number, tilt: number): void {
  const table = noiseTable();
  let env = amp;
  let prev = 0;
  for (let i = from; i < end; i++) {
    const x = table[k & NOISE_MASK] as number;
    k++;
    out[i] = (out[i] as number) + env * (x - tilt * prev);
    prev = x;
    env *= r;
  }
}

/**
 * addNoiseGrain with the one-pole low-pass y = a·y + (1 - a)·hp (one multiply-add on the filter's serial
 * chain; the form y = hp + a·(y - hp) has a subtract, a multiply and an add on it).
 */
function noiseGrainLowpass(out: Float32Array, from: number, end: number, k: number, amp: number, r: number, tilt: number, a: number): void {
  const table = noiseTable();
  const g = 1 - a;
  let env = amp;
  let y = 0;
  let prev = 0;
  for (let i = from; i < end; i++) {
    const x = table[k & NOISE_MASK] as number;
    k++;
    const hp = x - tilt * prev;
    prev = x;
    y = a * y + g * hp;
    out[i] = (out[i] as number) + env * y;
    env *= r;
  }
}

/**
 * A dense granular texture in O(length): `impulses` holds each grain's amplitude at its start sample; the
 * grain envelopes are the impulses through a one-pole decay (all grains share decaySec), and they gate one
 * noise stream (tilted by `tilt`). Thousands of grains (gravel crunch, cloth friction, rain) cost the same as
 * one. The impulses buffer is consumed (left as is) and must be as long as `out`.
 */
export function addGrainStream(out: Float32Array, impulses: Float32Array, decaySec: number, sampleRateHz: number, rng: Rng, tilt = 0, from = 0, to = out.length): void {
  runGrainStream(out, impulses, decaySec, sampleRateHz, rng, tilt, undefined, from, to);
}

/**
 * addGrainStream's texture through the biquad k (transposed direct form II), added to out[from, to) in the
 * same pass (same rng draws as addGrainStream): no work buffer to clear, filter and mix in afterwards.
 */
export function addFilteredGrainStream(out: Float32Array, impulses: Float32Array, decaySec: number, sampleRateHz: number, rng: Rng, tilt: number, k: BiquadCoeffs, from = 0, to = out.length): void {
  runGrainStream(out, impulses, decaySec, sampleRateHz, rng, tilt, k, from, to);
}

/**
 * Grain-stream state carried across noise chunks: envelope, previous noise sample, filter z1, z2. Module
 * variables, not an array: the chunk kernels' loops get compiled on-stack during their first long chunk,
 * before the state stores after the loop have ever run, and stores into an array there (no type feedback
 * yet) stopped that compiled code on every later chunk (91-104 deopts per bench run of cloth and paper);
 * stores to module variables need no feedback.
 */
let grainEnv = 0, grainPrev = 0, grainZ1 = 0, grainZ2 = 0;

/** The noise chunks of a grain stream (seeded lengths and table offsets), each run by a one-loop kernel. */
function runGrainStream(out: Float32Array, impulses: Float32Array, decaySec: number, sampleRateHz: number, rng: Rng, tilt: number, k: BiquadCoeffs | undefined, from: number, to: number): void {
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-5) * sampleRateHz));
  const tableLength = noiseTable().length;
  grainEnv = 0;
  grainPrev = 0;
  grainZ1 = 0;
  grainZ2 = 0;
  let i = from;
  while (i < to) {
    const end = i + Math.min(to - i, 2048 + rng.int(6144));
    const offset = rng.int(tableLength);
    if (k) grainChunkFiltered(out, impulses, i, end, offset, r, tilt, k);
    else grainChunk(out, impulses, i, end, offset, r, tilt);
    i = end;
  }
}

function grainChunk(out: Float32Array, impulses: Float32Array, from: number, end: number, offset: number, r: number, tilt: number): void {
  const table = noiseTable();
  let env = grainEnv;
  let prev = grainPrev;
  let kn = offset;
  for (let i = from; i < end; i++) {
    env = env * r + (impulses[i] as number);
    const x = table[kn & NOISE_MASK] as number;
    kn++;
    out[i] = (out[i] as number) + env * (x - tilt * prev);
    prev = x;
  }
  grainEnv = env;
  grainPrev = prev;
}

function grainChunkFiltered(out: Float32Array, impulses: Float32Array, from: number, end: number, offset: number, r: number, tilt: number, k: BiquadCoeffs): void {
  const table = noiseTable();
  const { b0, b1, b2, a1, a2 } = k;
  let env = grainEnv;
  let prev = grainPrev;
  let z1 = grainZ1;
  let z2 = grainZ2;
  let kn = offset;
  for (let i = from; i < end; i++) {
    env = env * r + (impulses[i] as number);
    const x = table[kn & NOISE_MASK] as number;
    kn++;
    const g = env * (x - tilt * prev);
    prev = x;
    const y = b0 * g + z1;
    z1 = b1 * g - a1 * y + z2;
    z2 = b2 * g - a2 * y;
    out[i] = (out[i] as number) + y;
  }
  grainEnv = env;
  grainPrev = prev;
  grainZ1 = z1;
  grainZ2 = z2;
}

/** Multiplies buf[from, to) by an attack (linear, attackSec) then exponential decay (time constant decaySec). */
export function applyAttackDecay(buf: Float32Array, from: number, to: number, attackSec: number, decaySec: number, sampleRateHz: number): void {
  const attack = Math.max(1, Math.round(attackSec * sampleRateHz));
  const r = Math.exp(-1 / (Math.max(decaySec, 1e-5) * sampleRateHz));
  let env = 1;
  for (let i = from; i < to; i++) {
    const n = i - from;
    const a = n < attack ? n / attack : 1;
    if (n >= attack) env *= r;
    buf[i] = (buf[i] as number) * a * env;
  }
}

/**
 * Smooth random control curve (values in about [-1, 1]) with changes at roughly `rateHz`; cubic-smoothed
 * steps. Written into `out` (every sample of its first `length` is set) when given, e.g. a scratch buffer.
 */
export function randomCurve(length: number, rateHz: number, sampleRateHz: number, rng: Rng, out: Float32Array = new Float32Array(length)): Float32Array {
  const step = Math.max(1, Math.round(sampleRateHz / Math.max(rateHz, 1e-3)));
  let a = 2 * rng.next() - 1;
  let b = 2 * rng.next() - 1;
  // Segment by segment (no modulo or branch per sample; same rng draws, same values).
  for (let segStart = 0; segStart < length; segStart += step) {
    if (segStart > 0) {
      a = b;
      b = 2 * rng.next() - 1;
    }
    const d = b - a;
    const end = Math.min(length, segStart + step);
    const inv = 1 / step;
    for (let i = segStart; i < end; i++) {
      const phase = (i - segStart) * inv;
      out[i] = a + d * (phase * phase * (3 - 2 * phase));
    }
  }
  return out;
}

/** Adds src (scaled) into dst starting at offset. */
export function mixInto(dst: Float32Array, src: Float32Array, offset: number, gain: number): void {
  const end = Math.min(dst.length, offset + src.length);
  for (let i = Math.max(0, offset); i < end; i++) dst[i] = (dst[i] as number) + gain * (src[i - offset] as number);
}

export function secToSamples(sec: number, sampleRateHz: number): number {
  return Math.max(0, Math.round(sec * sampleRateHz));
}

/** Uniform variation factor in [1 - amount, 1 + amount). */
export function vary(rng: Rng, amount: number): number {
  return 1 + amount * (2 * rng.next() - 1);
}
