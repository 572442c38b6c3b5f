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
import { addModeStereo, bandpass, lowpass, noiseTable, randomCurve, secToSamples, vary, type BiquadCoeffs } from '../dsp';
import { scratch, scratch64 } from '../scratch';
import { numParam, type RawSound, type SoundGenerator } from '../types';

const MIN_LOOP_SEC = 0.5;
/**
 * Seam crossfade per texture: as long as the texture's slowest movement, so the fold blends two stretches of
 * the same character. Fine-grained textures (drops, crackles, syllables, air) need half a second; wind gusts
 * and passing cars move over seconds and keep 1.5 s. Everything rendered beyond the loop is folded away, so a
 * longer crossfade than the texture needs only costs time (1.5 s is 15 % of a 10 s bed).
 */
const SHORT_CROSSFADE_SEC = 0.5;
const LONG_CROSSFADE_SEC = 1.5;

interface BedBuffers {
  left: Float32Array;
  right: Float32Array;
  length: number;
  crossfade: number;
  loopSamples: number;
}

/**
 * The bed's render buffers (`zeroed` false: the generator's first pass assigns every sample, so the buffers
 * need not be cleared; true: it adds into them).
 */
function bedBuffers(durationSec: number, sr: number, crossfadeSec: number, zeroed = true): BedBuffers {
  const loopSamples = secToSamples(Math.max(MIN_LOOP_SEC, durationSec), sr);
  const crossfade = Math.min(secToSamples(crossfadeSec, sr), Math.floor(loopSamples / 3));
  const length = loopSamples + crossfade;
  // The raw render becomes the take: finalizeSound folds and normalizes it in place and returns views of its
  // first loopSamples (fresh buffers, not scratch, so the take owns them; the crossfade tail, ~10 % more
  // memory, saves copying the loop out, ~13 % of a bed render).
  const channel = (): Float32Array => (zeroed ? new Float32Array(length) : new Float32Array(Buffer.allocUnsafeSlow(4 * length).buffer, 0, length));
  return { left: channel(), right: channel(), length, crossfade, loopSamples };
}

function bedSound(b: BedBuffers, peakDb: number): RawSound {
  return { channels: [b.left, b.right], syncSample: 0, peakDb, loop: { crossfadeSamples: b.crossfade } };
}

function panGains(pan: number): [number, number] {
  return [Math.cos((pan + 1) * 0.25 * Math.PI), Math.sin((pan + 1) * 0.25 * Math.PI)];
}

/** Noise is read from the shared table in blocks of this many samples, each stream from a fresh seeded offset. */
const NOISE_BLOCK = 4096;

/**
 * Control curves (flutter, gusts, swell) move over tens of milliseconds at their fastest: they are drawn at
 * one point per CONTROL_STEP samples and interpolated linearly in the render loops, instead of a full-rate
 * curve (a buffer and a pass of its own per curve). NOISE_BLOCK is a multiple of it.
 */
const CONTROL_STEP = 32;

/** randomCurve at one point per CONTROL_STEP samples, covering `length` samples (+ one point to interpolate to). */
function controlCurve(length: number, rateHz: number, sr: number, rng: Rng): Float32Array {
  const points = Math.ceil(length / CONTROL_STEP) + 1;
  return randomCurve(points, rateHz, sr / CONTROL_STEP, rng, scratch(points));
}

/** Brown-noise (leaky integrator + 20 Hz one-pole high-pass) coefficients, as in dsp.addBrownNoise. */
function brownCoeffs(amp: number, cornerHz: number, sr: number): { a: number; g: number; hpA: number } {
  const a = Math.exp((-2 * Math.PI * cornerHz) / sr);
  return { a, g: amp * (1 - a) * 3, hpA: Math.exp((-2 * Math.PI * 20) / sr) };
}

/** panGains at PAN_STEPS evenly spaced positions across [-1, 1) (step centres). */
const PAN_STEPS = 256;
const PAN_LEFT = new Float64Array(PAN_STEPS);
const PAN_RIGHT = new Float64Array(PAN_STEPS);
for (let i = 0; i < PAN_STEPS; i++) [PAN_LEFT[i], PAN_RIGHT[i]] = panGains((2 * (i + 0.5)) / PAN_STEPS - 1);

export const rain: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  // Computed before the loops: optimized loop code must not meet untyped arithmetic on its way out.
  const peakDb = -14 + 6 * intensity;
  const b = bedBuffers(durationSec, sr, SHORT_CROSSFADE_SEC);
  const { left, right, length } = b;
  // Drops: a Poisson stream (exponential gaps, so they come in time order and need no impulse buffers),
  // each panned; most are grain impulses (sharp ticks through the grain decay below), 3 % land in water.
  const meanGap = sr / (250 + 2500 * intensity);
  const maxDrops = Math.ceil((length / meanGap) * 1.5) + 16;
  const dropAt = new Int32Array(maxDrops);
  const dropL = new Float64Array(maxDrops);
  const dropR = new Float64Array(maxDrops);
  const drops = scatterRainDrops(left, right, meanGap, sr, rng, dropAt, dropL, dropR);
  renderRainBody(left, right, intensity, sr, rng, dropAt, dropL, dropR, drops);
  return bedSound(b, peakDb);
};

/** Where a rain plink stops, relative to its start (-40 dB). */
const PLINK_FLOOR = 0.01;

/**
 * Rain's drops over the whole render: the water "plinks" are added to left/right, the others listed in time
 * order in dropAt/dropL/dropR (their count is returned). A loop of its own, followed by nothing but the
 * return: compiled on-stack inside the generator, the loop deoptimized at the code after it on every render.
 */
function scatterRainDrops(left: Float32Array, right: Float32Array, meanGap: number, sr: number, rng: Rng, dropAt: Int32Array, dropL: Float64Array, dropR: Float64Array): number {
  const length = left.length;
  const maxDrops = dropAt.length;
  let drops = 0;
  for (let t = -Math.log(1 - rng.next()) * meanGap; t < length && drops < maxDrops; t += -Math.log(1 - rng.next()) * meanGap) {
    const at = Math.floor(t);
    const u = rng.next();
    const level = 0.6 * u * u * u;
    // Equal-power pan from a 256-step table (tens of thousands of drops: no cos/sin per drop).
    const panStep = Math.floor(rng.next() * PAN_STEPS);
    const gl = PAN_LEFT[panStep] as number;
    const gr = PAN_RIGHT[panStep] as number;
    if (rng.next() < 0.03) {
      // A drop landing in water: a small bubble "plink" (one oscillator feeding both channels). It stops 40 dB
      // below its start: the plinks start at most as loud as the wash under them (level ≤ 0.6, most far
      // below), so by then they are 40 dB or more under the wash, masked (the default -70 dB cost 40 % more).
      addModeStereo(left, right, at, rng.range(1500, 4500), 0.004, level, gl, gr, sr, 1.4, PLINK_FLOOR);
    } else {
      dropAt[drops] = at;
      dropL[drops] = level * gl;
      dropR[drops] = level * gr;
      drops++;
    }
  }
  return drops;
}

/** Rain's per-sample pass: filter and envelope state carried between runs (see rainRun), the noise read
 * positions, and the longest run per call. */
const RAIN_STATE = new Float64Array(14);
const RAIN_READS = new Int32Array(4);
const RAIN_RUN_MAX = 256;
/** RAIN_STATE layout: wash filter histories, rumble, drop envelopes, grain's previous noise sample. */
const RAIN_LX1 = 0, RAIN_LX2 = 1, RAIN_L1 = 2, RAIN_L2 = 3, RAIN_RX1 = 4, RAIN_RX2 = 5, RAIN_R1 = 6, RAIN_R2 = 7;
const RAIN_LB = 8, RAIN_LB_PREV = 9, RAIN_HP = 10, RAIN_ENV_L = 11, RAIN_ENV_R = 12, RAIN_GRAIN_PREV = 13;
/** RAIN_READS layout: wash left, wash right, rumble, grain. */
const READ_WASH_L = 0, READ_WASH_R = 1, READ_RUMBLE = 2, READ_GRAIN = 3;

/**
 * Rain's per-sample pass (see the generator): wash (white noise through one broad band-pass ≈ 400 Hz–9 kHz,
 * independent per channel: the diffuse part), rumble (brown noise, heavy rain; zero gain otherwise) and the
 * drops (kicks through a 0.8 ms decay gating tilted noise). The samples between two drops run in rainRun,
 * at most RAIN_RUN_MAX per call: a loop compiled on-stack in one long call ran ~1.7× slower than the same
 * loop compiled for the function after enough calls (measured: 250 → 420× at the switch, 10-17 seeds in),
 * and short calls are compiled the normal way from the start.
 */
function renderRainBody(left: Float32Array, right: Float32Array, intensity: number, sr: number, rng: Rng, dropAt: Int32Array, dropL: Float64Array, dropR: Float64Array, drops: number): void {
  const length = left.length;
  const washAmp = 0.25 + 0.5 * intensity;
  const bp = bandpass(1900 + 600 * intensity, 0.32, sr);
  const br = brownCoeffs(intensity > 0.5 ? 0.3 * (intensity - 0.5) : 0, 120, sr);
  const k: RainCoeffs = { wb0: bp.b0 * washAmp, wa1: bp.a1, wa2: bp.a2, brA: br.a, brG: br.g, hpA: br.hpA, gr: Math.exp(-1 / (0.0008 * sr)) };
  const tableLength = noiseTable().length;
  const st = RAIN_STATE;
  const reads = RAIN_READS;
  st.fill(0);
  let drop = 0;
  let nextDrop = drops > 0 ? (dropAt[0] as number) : length;
  for (let blockStart = 0; blockStart < length; blockStart += NOISE_BLOCK) {
    const blockEnd = Math.min(length, blockStart + NOISE_BLOCK);
    reads[READ_WASH_L] = rng.int(tableLength);
    reads[READ_WASH_R] = rng.int(tableLength);
    reads[READ_RUMBLE] = rng.int(tableLength);
    reads[READ_GRAIN] = rng.int(tableLength);
    let i = blockStart;
    while (i < blockEnd) {
      if (i === nextDrop) {
        // The drops landing on this sample (usually one) kick the grain envelopes.
        do {
          st[RAIN_ENV_L] = (st[RAIN_ENV_L] as number) + (dropL[drop] as number);
          st[RAIN_ENV_R] = (st[RAIN_ENV_R] as number) + (dropR[drop] as number);
          drop++;
        } while (drop < drops && dropAt[drop] === i);
        nextDrop = drop < drops ? (dropAt[drop] as number) : length;
      }
      const runEnd = Math.min(nextDrop, blockEnd, i + RAIN_RUN_MAX);
      rainRun(left, right, i, runEnd, st, reads, k);
      i = runEnd;
    }
  }
}

interface RainCoeffs {
  /** wash band-pass (RBJ band-pass: b1 = 0, b2 = -b0; the wash level is folded into b0) */
  wb0: number;
  wa1: number;
  wa2: number;
  /** rumble: brown noise and its 20 Hz high-pass */
  brA: number;
  brG: number;
  hpA: number;
  /** per-sample decay of the drop envelopes */
  gr: number;
}

/** Rain samples [from, to) with no drop landing after `from`, from and back into the state `st` and `reads`. */
function rainRun(left: Float32Array, right: Float32Array, from: number, to: number, st: Float64Array, reads: Int32Array, k: RainCoeffs): void {
  const table = noiseTable();
  const mask = table.length - 1;
  const wb0 = k.wb0, wa1 = k.wa1, wa2 = k.wa2, brA = k.brA, brG = k.brG, hpA = k.hpA, gr = k.gr;
  const tilt = 0.6;
  let lx1 = st[RAIN_LX1] as number, lx2 = st[RAIN_LX2] as number, l1 = st[RAIN_L1] as number, l2 = st[RAIN_L2] as number;
  let rx1 = st[RAIN_RX1] as number, rx2 = st[RAIN_RX2] as number, r1 = st[RAIN_R1] as number, r2 = st[RAIN_R2] as number;
  let lb = st[RAIN_LB] as number, lbPrev = st[RAIN_LB_PREV] as number, hp = st[RAIN_HP] as number;
  let lEnv = st[RAIN_ENV_L] as number, rEnv = st[RAIN_ENV_R] as number, gPrev = st[RAIN_GRAIN_PREV] as number;
  let kwl = reads[READ_WASH_L] as number, kwr = reads[READ_WASH_R] as number, kb = reads[READ_RUMBLE] as number, kg = reads[READ_GRAIN] as number;
  for (let i = from; i < to; i++) {
    // Wash band-pass in direct form I: the serial chain per sample is one multiply-subtract.
    const xl = table[kwl++ & mask] as number;
    const yl = wb0 * (xl - lx2) - wa2 * l2 - wa1 * l1;
    lx2 = lx1;
    lx1 = xl;
    l2 = l1;
    l1 = yl;
    const xr = table[kwr++ & mask] as number;
    const yr = wb0 * (xr - rx2) - wa2 * r2 - wa1 * r1;
    rx2 = rx1;
    rx1 = xr;
    r2 = r1;
    r1 = yr;
    // The rumble (below ~120 Hz, wavelengths of metres) is the same in both channels; no branch for light rain
    // (zero gain adds exact zeros), measured faster than testing per sample.
    lb = brA * lb + brG * (table[kb++ & mask] as number);
    hp = hpA * (hp + lb - lbPrev);
    lbPrev = lb;
    // One grain noise stream for both channels: each drop is a point source, panned by its two envelopes.
    const gn = table[kg++ & mask] as number;
    const grain = gn - tilt * gPrev;
    gPrev = gn;
    left[i] = (left[i] as number) + (yl + hp + lEnv * grain);
    right[i] = (right[i] as number) + (yr + hp + rEnv * grain);
    lEnv *= gr;
    rEnv *= gr;
  }
  st[RAIN_LX1] = lx1;
  st[RAIN_LX2] = lx2;
  st[RAIN_L1] = l1;
  st[RAIN_L2] = l2;
  st[RAIN_RX1] = rx1;
  st[RAIN_RX2] = rx2;
  st[RAIN_R1] = r1;
  st[RAIN_R2] = r2;
  st[RAIN_LB] = lb;
  st[RAIN_LB_PREV] = lbPrev;
  st[RAIN_HP] = hp;
  st[RAIN_ENV_L] = lEnv;
  st[RAIN_ENV_R] = rEnv;
  st[RAIN_GRAIN_PREV] = gPrev;
  reads[READ_WASH_L] = kwl;
  reads[READ_WASH_R] = kwr;
  reads[READ_RUMBLE] = kb;
  reads[READ_GRAIN] = kg;
}

export const wind: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  const peakDb = -12 + 6 * intensity;
  const b = bedBuffers(durationSec, sr, LONG_CROSSFADE_SEC, false);
  const { left, right, length } = b;
  const gust = controlCurve(length, 0.15 + 0.35 * intensity, sr, rng);
  const whistleDrift = controlCurve(length, 0.2, sr, rng);
  const whistleHz = rng.range(350, 800) * (0.8 + 0.5 * intensity);
  const wLevel = 0.3 + 0.9 * intensity;
  renderWind(left, right, gust, whistleDrift, whistleHz, wLevel, intensity, sr, rng);
  return bedSound(b, peakDb);
};

/**
 * The wind in one pass (see the generator): loops stay out of the generators so they are never
 * on-stack-replaced there (see movement.ts applyPassByEnvelope).
 */
function renderWind(left: Float32Array, right: Float32Array, gust: Float32Array, whistleDrift: Float32Array, whistleHz: number, wLevel: number, intensity: number, sr: number, rng: Rng): void {
  const length = left.length;
  const table = noiseTable();
  const mask = table.length - 1;
  // One pass: the whistle (one narrow band riding the gusts, shared by both channels, louder in strong wind;
  // band-pass centre updated every 32 samples) and per channel a gust-following low-pass (stronger gusts open
  // the filter: block-updated one-pole, two in series, corner updated every 64 samples).
  let wz1 = 0, wz2 = 0;
  let l1 = 0, l2 = 0, r1 = 0, r2 = 0;
  let a = 0;
  let kw = 0, kl = 0, kr = 0;
  for (let start = 0; start < length; start += CONTROL_STEP) {
    if (start % NOISE_BLOCK === 0) {
      kw = rng.int(table.length);
      kl = rng.int(table.length);
      kr = rng.int(table.length);
    }
    const c = start / CONTROL_STEP;
    if ((start & 63) === 0) {
      const g = 0.5 + 0.5 * (gust[c] as number);
      a = Math.exp((-2 * Math.PI * (150 + (400 + 1800 * intensity) * g)) / sr);
    }
    const k = bandpass(whistleHz * (1 + 0.25 * (whistleDrift[c] as number)), 12, sr);
    const end = Math.min(length, start + CONTROL_STEP);
    let gi = gust[c] as number;
    const dgi = ((gust[c + 1] as number) - gi) / CONTROL_STEP;
    for (let i = start; i < end; i++) {
      const x = table[kw++ & mask] as number;
      const y = k.b0 * x + wz1;
      wz1 = k.b1 * x - k.a1 * y + wz2;
      wz2 = k.b2 * x - k.a2 * y;
      const gp = gi > 0 ? gi : 0;
      const whistle = wLevel * gp * gp * y;
      const level = 3 * (0.625 + 0.375 * gi);
      const xl = table[kl++ & mask] as number;
      l1 = xl + a * (l1 - xl);
      l2 = l1 + a * (l2 - l1);
      left[i] = l2 * level + whistle;
      const xr = table[kr++ & mask] as number;
      r1 = xr + a * (r1 - xr);
      r2 = r1 + a * (r2 - r1);
      right[i] = r2 * level + whistle;
      gi += dgi;
    }
  }
}

export const fire: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const intensity = numParam(p, 'intensity');
  const peakDb = -10 + 4 * intensity;
  const b = bedBuffers(durationSec, sr, SHORT_CROSSFADE_SEC);
  const { left, right, length } = b;
  const flutter = controlCurve(length, 6, sr, rng);
  // Crackles come in small clusters (resin pockets bursting); pops are low, resonant. Crackle impulses are
  // kept as events (sample, left and right amplitude), put in time order for the render pass.
  const clusters = Math.round((length / sr) * (6 + 40 * intensity));
  const crackles = new CrackleEvents(clusters * 5);
  scatterCrackles(left, right, clusters, crackles, sr, rng);
  renderFireBody(left, right, flutter, crackles.sorted(), intensity, sr, rng);
  return bedSound(b, peakDb);
};

/** Fire's crackle clusters (into `crackles`) and pops (added to left/right); a loop with nothing after it, as scatterRainDrops. */
function scatterCrackles(left: Float32Array, right: Float32Array, clusters: number, crackles: CrackleEvents, sr: number, rng: Rng): void {
  const length = left.length;
  for (let c = 0; c < clusters; c++) {
    const at = rng.int(length);
    const pan = rng.range(-0.8, 0.8);
    const count = 1 + rng.int(5);
    const level = 0.9 * Math.pow(rng.next(), 2);
    const [cl, cr] = panGains(pan);
    for (let i = 0; i < count; i++) {
      const idx = Math.min(length - 1, at + rng.int(secToSamples(0.04, sr)));
      const amp = level * rng.next();
      crackles.add(idx, amp * cl, amp * cr);
    }
    if (rng.next() < 0.15) addModeStereo(left, right, at, rng.range(150, 450), 0.012, level * 0.6, cl, cr, sr);
  }
}

/** Impulses at sample positions, each with a left and a right amplitude. */
interface ImpulseList {
  at: Int32Array;
  left: Float64Array;
  right: Float64Array;
  count: number;
}

/** Crackle impulses collected in any order; `sorted()` returns them in time order (ties in insertion order). */
class CrackleEvents {
  private readonly list: ImpulseList;

  constructor(capacity: number) {
    this.list = { at: new Int32Array(capacity), left: new Float64Array(capacity), right: new Float64Array(capacity), count: 0 };
  }

  add(at: number, left: number, right: number): void {
    const l = this.list;
    l.at[l.count] = at;
    l.left[l.count] = left;
    l.right[l.count] = right;
    l.count++;
  }

  sorted(): ImpulseList {
    const { at, left, right, count } = this.list;
    // Sort keys: position × capacity + insertion index (a numeric typed-array sort, no comparator calls),
    // exact while below 2^53; beyond (beds of many hours) an index sort with a comparator.
    const cap = Math.max(1, at.length);
    let maxAt = 0;
    for (let e = 0; e < count; e++) maxAt = Math.max(maxAt, at[e] as number);
    let order: ArrayLike<number>;
    if ((maxAt + 1) * cap < Number.MAX_SAFE_INTEGER) {
      const keys = new Float64Array(count);
      for (let e = 0; e < count; e++) keys[e] = (at[e] as number) * cap + e;
      keys.sort();
      for (let j = 0; j < count; j++) keys[j] = (keys[j] as number) % cap;
      order = keys;
    } else {
      order = Uint32Array.from({ length: count }, (_, e) => e).sort((a, b) => (at[a] as number) - (at[b] as number) || a - b);
    }
    const out: ImpulseList = { at: new Int32Array(count), left: new Float64Array(count), right: new Float64Array(count), count };
    for (let j = 0; j < count; j++) {
      const e = order[j] as number;
      out.at[j] = at[e] as number;
      out.left[j] = left[e] as number;
      out.right[j] = right[e] as number;
    }
    return out;
  }
}

/** Fire's roar decimation (a power of two: the roar steps where (i & ROAR_MASK) is 0). */
const ROAR_DECIMATION = 4;
const ROAR_MASK = ROAR_DECIMATION - 1;
/** Samples per fireRun call (a multiple of CONTROL_STEP): short calls, compiled the normal way (see rainRun). */
const FIRE_RUN = 256;

/** Fire's per-sample pass: coefficients (see renderFireBody). */
interface FireCoeffs {
  ba: number;
  bg: number;
  hpA: number;
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
  gr: number;
}

/** FIRE_STATE layout: roar chains (brown, high-pass, low-pass), the interpolated roar, crackle envelopes, grain noise. */
const F_LB = 0, F_LB_PREV = 1, F_LHP = 2, F_RB = 3, F_RB_PREV = 4, F_RHP = 5, F_L1 = 6, F_L2 = 7, F_R1 = 8, F_R2 = 9;
const F_YL = 10, F_YR = 11, F_VL = 12, F_VR = 13, F_DL = 14, F_DR = 15, F_ENV_L = 16, F_ENV_R = 17, F_PREV_L = 18, F_PREV_R = 19;
const FIRE_STATE = new Float64Array(20);
/** FIRE_POS layout: noise read positions (roar left/right, grain left/right), next crackle index. */
const FP_ROAR_L = 0, FP_ROAR_R = 1, FP_GRAIN_L = 2, FP_GRAIN_R = 3, FP_CRACKLE = 4;
const FIRE_POS = new Int32Array(5);

/**
 * Fire's per-sample pass (see the generator): roar (brown noise → low-pass, fluttering) + crackle grain
 * streams, both channels. The roar (below 0.5–2 kHz) is computed at a quarter of the rate, as traffic's
 * rumble (coefficients for that rate, noise scaled by 1/√4), every fourth sample, and linearly interpolated in
 * between. The samples run in fireRun, FIRE_RUN at a time: in one long call the loop was compiled on-stack,
 * and in some processes that code ran 2–3× slower for the first 25 seeds (see rainRun).
 */
function renderFireBody(left: Float32Array, right: Float32Array, flutter: Float32Array, crackles: ImpulseList, intensity: number, sr: number, rng: Rng): void {
  const length = left.length;
  const roarRate = sr / ROAR_DECIMATION;
  const br = brownCoeffs((0.5 + 0.5 * intensity) / Math.sqrt(ROAR_DECIMATION), 90, roarRate);
  const lp = lowpass(500 + 1500 * intensity, 0.6, roarRate);
  const k: FireCoeffs = { ba: br.a, bg: br.g, hpA: br.hpA, b0: lp.b0, b1: lp.b1, b2: lp.b2, a1: lp.a1, a2: lp.a2, gr: Math.exp(-1 / (0.0006 * sr)) };
  const tableLength = noiseTable().length;
  FIRE_STATE.fill(0);
  FIRE_POS.fill(0);
  for (let blockStart = 0; blockStart < length; blockStart += NOISE_BLOCK) {
    const blockEnd = Math.min(length, blockStart + NOISE_BLOCK);
    FIRE_POS[FP_ROAR_L] = rng.int(tableLength);
    FIRE_POS[FP_ROAR_R] = rng.int(tableLength);
    FIRE_POS[FP_GRAIN_L] = rng.int(tableLength);
    FIRE_POS[FP_GRAIN_R] = rng.int(tableLength);
    for (let from = blockStart; from < blockEnd; from += FIRE_RUN) fireRun(left, right, from, Math.min(blockEnd, from + FIRE_RUN), flutter, crackles, k, FIRE_STATE, FIRE_POS);
  }
}

/** Fire samples [from, to) (from a multiple of CONTROL_STEP), from and back into the state arrays. */
function fireRun(left: Float32Array, right: Float32Array, from: number, to: number, flutter: Float32Array, crackles: ImpulseList, k: FireCoeffs, st: Float64Array, pos: Int32Array): void {
  const table = noiseTable();
  const mask = table.length - 1;
  const ba = k.ba, bg = k.bg, hpA = k.hpA, b0 = k.b0, b1 = k.b1, b2 = k.b2, a1 = k.a1, a2 = k.a2, gr = k.gr;
  const tilt = 0.6;
  const { at: crackleAt, left: crackleL, right: crackleR, count: crackleCount } = crackles;
  let lb = st[F_LB] as number, lbPrev = st[F_LB_PREV] as number, lhp = st[F_LHP] as number;
  let rb = st[F_RB] as number, rbPrev = st[F_RB_PREV] as number, rhp = st[F_RHP] as number;
  let l1 = st[F_L1] as number, l2 = st[F_L2] as number, r1 = st[F_R1] as number, r2 = st[F_R2] as number;
  let yl = st[F_YL] as number, yr = st[F_YR] as number, vl = st[F_VL] as number, vr = st[F_VR] as number;
  let dl = st[F_DL] as number, dr = st[F_DR] as number;
  let lEnv = st[F_ENV_L] as number, rEnv = st[F_ENV_R] as number, lPrev = st[F_PREV_L] as number, rPrev = st[F_PREV_R] as number;
  let kbl = pos[FP_ROAR_L] as number, kbr = pos[FP_ROAR_R] as number, kgl = pos[FP_GRAIN_L] as number, kgr = pos[FP_GRAIN_R] as number;
  let crackle = pos[FP_CRACKLE] as number;
  let nextCrackle = crackle < crackleCount ? (crackleAt[crackle] as number) : -1;
  let fl = 0;
  let dfl = 0;
  for (let i = from; i < to; i++) {
    if ((i & (CONTROL_STEP - 1)) === 0) {
      const c = i / CONTROL_STEP;
      fl = 0.7 + 0.3 * (flutter[c] as number);
      dfl = (0.3 / CONTROL_STEP) * ((flutter[c + 1] as number) - (flutter[c] as number));
    }
    if ((i & ROAR_MASK) === 0) {
      // One step of the low-rate roar; the next ROAR_DECIMATION samples run on the line to it.
      vl = yl;
      vr = yr;
      lb = ba * lb + bg * (table[kbl++ & mask] as number);
      lhp = hpA * (lhp + lb - lbPrev);
      lbPrev = lb;
      yl = b0 * lhp + l1;
      l1 = b1 * lhp - a1 * yl + l2;
      l2 = b2 * lhp - a2 * yl;
      rb = ba * rb + bg * (table[kbr++ & mask] as number);
      rhp = hpA * (rhp + rb - rbPrev);
      rbPrev = rb;
      yr = b0 * rhp + r1;
      r1 = b1 * rhp - a1 * yr + r2;
      r2 = b2 * rhp - a2 * yr;
      dl = (yl - vl) / ROAR_DECIMATION;
      dr = (yr - vr) / ROAR_DECIMATION;
    }
    if (i === nextCrackle) {
      // The impulses on this sample (usually one) kick the crackle envelopes.
      do {
        lEnv += crackleL[crackle] as number;
        rEnv += crackleR[crackle] as number;
        crackle++;
      } while (crackle < crackleCount && crackleAt[crackle] === i);
      nextCrackle = crackle < crackleCount ? (crackleAt[crackle] as number) : -1;
    }
    vl += dl;
    vr += dr;
    const nl = table[kgl++ & mask] as number;
    const nr = table[kgr++ & mask] as number;
    left[i] = (left[i] as number) + vl * fl + lEnv * (nl - tilt * lPrev);
    right[i] = (right[i] as number) + vr * fl + rEnv * (nr - tilt * rPrev);
    lPrev = nl;
    rPrev = nr;
    fl += dfl;
    lEnv *= gr;
    rEnv *= gr;
  }
  st[F_LB] = lb;
  st[F_LB_PREV] = lbPrev;
  st[F_LHP] = lhp;
  st[F_RB] = rb;
  st[F_RB_PREV] = rbPrev;
  st[F_RHP] = rhp;
  st[F_L1] = l1;
  st[F_L2] = l2;
  st[F_R1] = r1;
  st[F_R2] = r2;
  st[F_YL] = yl;
  st[F_YR] = yr;
  st[F_VL] = vl;
  st[F_VR] = vr;
  st[F_DL] = dl;
  st[F_DR] = dr;
  st[F_ENV_L] = lEnv;
  st[F_ENV_R] = rEnv;
  st[F_PREV_L] = lPrev;
  st[F_PREV_R] = rPrev;
  pos[FP_ROAR_L] = kbl;
  pos[FP_ROAR_R] = kbr;
  pos[FP_GRAIN_L] = kgl;
  pos[FP_GRAIN_R] = kgr;
  pos[FP_CRACKLE] = crackle;
}

export const roomTone: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const size = numParam(p, 'size', 0.4);
  const peakDb = -28 + 4 * size;
  const b = bedBuffers(durationSec, sr, SHORT_CROSSFADE_SEC, false);
  const { left, right, length } = b;
  // Hum at a whole number of cycles per loop, so it is periodic over the loop by construction.
  const loopSec = b.loopSamples / sr;
  const humHz = Math.round((rng.next() < 0.5 ? 50 : 60) * loopSec) / loopSec;
  renderRoomTone(left, right, humHz, size, sr, rng);
  return bedSound(b, peakDb);
};

/** Room tone in one pass (see the generator); out of the generator so it is never on-stack-replaced there. */
function renderRoomTone(left: Float32Array, right: Float32Array, humHz: number, size: number, sr: number, rng: Rng): void {
  const length = left.length;
  // Hum fundamental + 2nd harmonic by one rotation each (sine phase), shared by both channels.
  const w1 = (2 * Math.PI * humHz) / sr;
  const c1 = Math.cos(w1), s1 = Math.sin(w1), c2 = Math.cos(2 * w1), s2 = Math.sin(2 * w1);
  let h1re = 0.02, h1im = 0, h2re = 0.008, h2im = 0;
  // Air: brown noise with a gentle corner (pink-ish), then one low-pass darker for bigger rooms; one pass.
  const br = brownCoeffs(0.6 + 0.8 * size, 200 - 150 * size, sr);
  const lp = lowpass(4500 - 3000 * size, 0.6, sr);
  // coefficients in locals, as in renderFireBody
  const ba = br.a, bg = br.g, hpA = br.hpA;
  const b0 = lp.b0, b1 = lp.b1, b2 = lp.b2, a1 = lp.a1, a2 = lp.a2;
  const table = noiseTable();
  const mask = table.length - 1;
  let lb = 0, lbPrev = 0, lhp = 0, rb = 0, rbPrev = 0, rhp = 0;
  let l1 = 0, l2 = 0, r1 = 0, r2 = 0;
  for (let blockStart = 0; blockStart < length; blockStart += NOISE_BLOCK) {
    const blockEnd = Math.min(length, blockStart + NOISE_BLOCK);
    let kbl = rng.int(table.length), kbr = rng.int(table.length);
    for (let i = blockStart; i < blockEnd; i++) {
      const hum = h1im + h2im;
      let t = h1re * c1 - h1im * s1;
      h1im = h1re * s1 + h1im * c1;
      h1re = t;
      t = h2re * c2 - h2im * s2;
      h2im = h2re * s2 + h2im * c2;
      h2re = t;
      lb = ba * lb + bg * (table[kbl++ & mask] as number);
      lhp = hpA * (lhp + lb - lbPrev);
      lbPrev = lb;
      const yl = b0 * lhp + l1;
      l1 = b1 * lhp - a1 * yl + l2;
      l2 = b2 * lhp - a2 * yl;
      rb = ba * rb + bg * (table[kbr++ & mask] as number);
      rhp = hpA * (rhp + rb - rbPrev);
      rbPrev = rb;
      const yr = b0 * rhp + r1;
      r1 = b1 * rhp - a1 * yr + r2;
      r2 = b2 * rhp - a2 * yr;
      left[i] = yl + hum;
      right[i] = yr + hum;
    }
  }
}

export const traffic: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const density = numParam(p, 'density');
  const peakDb = -14 + 4 * density;
  const b = bedBuffers(durationSec, sr, LONG_CROSSFADE_SEC, false);
  const { left, right, length } = b;
  const swell = controlCurve(length, 0.1, sr, rng);
  addTrafficRumble(left, right, swell, 0.6 + 0.6 * density, 300, sr, rng);
  const lengthSec = length / sr;
  const cars = Math.max(1, Math.round(lengthSec * (0.05 + 0.3 * density) * vary(rng, 0.2)));
  for (let c = 0; c < cars; c++) {
    const passSec = rng.range(3, 8);
    const centre = rng.int(length);
    const half = secToSamples(passSec, sr);
    const k = bandpass(rng.range(500, 1100), 0.8, sr);
    const level = rng.range(0.3, 1) * (0.5 + 0.5 * density);
    const dir = rng.next() < 0.5 ? -1 : 1;
    addPassingCar(left, right, centre, half, k, level, dir, rng);
  }
  return bedSound(b, peakDb);
};

/** Traffic rumble's decimation: it is computed at a quarter of the rate and interpolated (see addTrafficRumble). */
const RUMBLE_DECIMATION = 4;

/**
 * Traffic rumble into left/right (assigned, not added): brown noise through a one-pole low-pass (corner
 * `cornerHz`), breathing with the slow swell; both channels in one pass. The rumble lies below a few hundred
 * hertz, so it is computed at a quarter of the rate (its filters' coefficients for that rate, the noise scaled
 * by 1/√4 to keep its spectral density) and linearly interpolated: the interpolation images sit near 12 kHz
 * and above, more than 40 dB under the rumble. Loops stay out of the generators so they are never
 * on-stack-replaced there (see movement.ts applyPassByEnvelope).
 */
function addTrafficRumble(left: Float32Array, right: Float32Array, swell: Float32Array, amp: number, cornerHz: number, sr: number, rng: Rng): void {
  const table = noiseTable();
  const mask = table.length - 1;
  const length = left.length;
  const lowRate = sr / RUMBLE_DECIMATION;
  const { a: brA, g: brG, hpA } = brownCoeffs(amp / Math.sqrt(RUMBLE_DECIMATION), 60, lowRate);
  const a = Math.exp((-2 * Math.PI * cornerHz) / lowRate);
  let lb = 0, lbPrev = 0, lhp = 0, rb = 0, rbPrev = 0, rhp = 0, ly = 0, ry = 0;
  for (let blockStart = 0; blockStart < length; blockStart += NOISE_BLOCK) {
    const blockEnd = Math.min(length, blockStart + NOISE_BLOCK);
    let kbl = rng.int(table.length), kbr = rng.int(table.length);
    for (let stepStart = blockStart; stepStart < blockEnd; stepStart += CONTROL_STEP) {
      const stepEnd = Math.min(blockEnd, stepStart + CONTROL_STEP);
      const c = stepStart / CONTROL_STEP;
      let sw = 0.8 + 0.2 * (swell[c] as number);
      const dsw = (0.2 / CONTROL_STEP) * ((swell[c + 1] as number) - (swell[c] as number));
      for (let i = stepStart; i < stepEnd; i += RUMBLE_DECIMATION) {
        // One step of the low-rate rumble, then its RUMBLE_DECIMATION output samples on the line from the
        // previous value to the new one (the last group of a block may be shorter).
        const lyPrev = ly;
        const ryPrev = ry;
        lb = brA * lb + brG * (table[kbl++ & mask] as number);
        lhp = hpA * (lhp + lb - lbPrev);
        lbPrev = lb;
        ly = lhp + a * (ly - lhp);
        rb = brA * rb + brG * (table[kbr++ & mask] as number);
        rhp = hpA * (rhp + rb - rbPrev);
        rbPrev = rb;
        ry = rhp + a * (ry - rhp);
        const dl = (ly - lyPrev) / RUMBLE_DECIMATION;
        const dr = (ry - ryPrev) / RUMBLE_DECIMATION;
        const groupEnd = Math.min(stepEnd, i + RUMBLE_DECIMATION);
        let vl = lyPrev, vr = ryPrev;
        for (let j = i; j < groupEnd; j++) {
          vl += dl;
          vr += dr;
          left[j] = vl * sw;
          right[j] = vr * sw;
          sw += dsw;
        }
      }
    }
  }
}

/**
 * One car passing across the stereo field: band-passed noise (k) under a Gaussian envelope (σ = half/2.5)
 * centred on `centre`, panned from one side to the other (`dir`). Envelope and pan move slowly (seconds):
 * computed every 64 samples and interpolated linearly, in the same pass as the noise (no per-car buffer).
 */
function addPassingCar(left: Float32Array, right: Float32Array, centre: number, half: number, k: BiquadCoeffs, level: number, dir: number, rng: Rng): void {
  const table = noiseTable();
  const mask = table.length - 1;
  const from = Math.max(0, centre - half);
  const to = Math.min(left.length, centre + half);
  const sigma = half / 2.5;
  const gainsAt = (i: number): [number, number] => {
    const x = (i - centre) / sigma;
    const env = level * Math.exp(-0.5 * x * x);
    const [gl, gr] = panGains(dir * Math.max(-1, Math.min(1, x / 2.5)));
    return [env * gl, env * gr];
  };
  const { b0, b1, b2, a1, a2 } = k;
  let z1 = 0;
  let z2 = 0;
  let kn = 0;
  let [l0, r0] = gainsAt(from);
  for (let blockStart = from; blockStart < to; blockStart += 64) {
    if ((blockStart - from) % NOISE_BLOCK === 0) kn = rng.int(table.length);
    const blockEnd = Math.min(to, blockStart + 64);
    const [l1, r1] = gainsAt(blockEnd);
    const dl = (l1 - l0) / 64;
    const dr = (r1 - r0) / 64;
    for (let i = blockStart; i < blockEnd; i++) {
      const x = table[kn++ & mask] as number;
      const v = b0 * x + z1;
      z1 = b1 * x - a1 * v + z2;
      z2 = b2 * x - a2 * v;
      left[i] = (left[i] as number) + v * l0;
      right[i] = (right[i] as number) + v * r0;
      l0 += dl;
      r0 += dr;
    }
    l0 = l1;
    r0 = r1;
  }
}

/** Vowel formants (F1, F2) of a generic adult voice; syllables pick one per syllable. */
const VOWELS: ReadonlyArray<readonly [number, number]> = [[730, 1090], [530, 1840], [270, 2290], [570, 840], [300, 870], [640, 1190], [440, 1020], [660, 1720]];

export const crowd: SoundGenerator = (p, { sampleRateHz: sr, rng, durationSec }) => {
  const density = numParam(p, 'density');
  const peakDb = -14 + 4 * density;
  const b = bedBuffers(durationSec, sr, SHORT_CROSSFADE_SEC, false);
  // Voices are rendered at a third of the rate (speech energy of a murmur is below ~4 kHz), then upsampled.
  const low = Math.floor(sr / 3);
  const lowLength = Math.ceil(b.length / 3) + 2;
  // Float64: the voices add into them sample by sample (float32 cost ~12 % of the voice loop in conversions).
  const lowL = scratch64(lowLength);
  const lowR = scratch64(lowLength);
  const voices = Math.round(3 + 8 * density);
  let noiseIndex = rng.int(noiseTable().length);
  for (let v = 0; v < voices; v++) {
    const f0 = rng.next() < 0.5 ? rng.range(95, 140) : rng.range(170, 240);
    const [pl, pr] = panGains(rng.range(-0.9, 0.9));
    const level = rng.range(0.3, 1) * (1 / Math.sqrt(voices));
    const gl = level * pl;
    const gr = level * pr;
    // Voice state: glottal phase, formant filter histories (see voiceSegment).
    const st = new Float64Array(VOICE_STATE);
    st[0] = rng.next();
    let i = 0;
    while (i < lowLength) {
      const sylLen = Math.round(low * rng.range(0.12, 0.28));
      const talking = rng.next() < 0.75;
      const vowel = VOWELS[rng.int(VOWELS.length)] as readonly [number, number];
      const f1 = bandpass(vowel[0] * vary(rng, 0.08), 5, low);
      const f2 = bandpass(vowel[1] * vary(rng, 0.08), 7, low);
      const pitch = f0 * vary(rng, 0.12);
      const dPhase = pitch / low;
      const end = Math.min(lowLength, i + sylLen);
      if (!talking) {
        // A pause: no excitation. The formant filters' ring-out (Q 5–7 at ≥ 250 Hz: < 10 ms to -60 dB) is
        // run for its first 20 ms only; the glottal phase and the noise read position advance as if voiced.
        const ringEnd = Math.min(end, i + Math.round(0.02 * low));
        const phase = st[0] as number;
        voiceSegment(lowL, lowR, i, ringEnd, 0, 0, st, f1, f2, dPhase, gl, gr);
        if (ringEnd < end) st.fill(0, 1);
        st[0] = (phase + dPhase * (end - i)) % 1;
        noiseIndex += end - i;
        i = end;
        continue;
      }
      voiceSegment(lowL, lowR, i, end, 1 / sylLen, noiseIndex, st, f1, f2, dPhase, gl, gr);
      noiseIndex += end - i;
      i = end;
    }
  }
  // A diffuse babble wash (at the low rate too), then upsample ×3: linear interpolation + one low-pass, both
  // channels in one pass each.
  addBabble(lowL, lowR, 0.05 + 0.05 * density, bandpass(700, 0.7, low), rng);
  const lp = lowpass(low * 0.4, 0.7, sr);
  upsampleThirdStereo(lowL, lowR, b.left, b.right, lp);
  return bedSound(b, peakDb);
};

/**
 * Adds independent white noise of amplitude `amp` through the biquad k (transposed direct form II) to both
 * channels, in one pass (the two filter chains overlap in the CPU); noise read from the shared table at
 * seeded offsets, per NOISE_BLOCK.
 */
function addBabble(left: Float64Array, right: Float64Array, amp: number, k: BiquadCoeffs, rng: Rng): void {
  const table = noiseTable();
  const mask = table.length - 1;
  const { b0, b1, b2, a1, a2 } = k;
  let lz1 = 0, lz2 = 0, rz1 = 0, rz2 = 0;
  const length = left.length;
  for (let blockStart = 0; blockStart < length; blockStart += NOISE_BLOCK) {
    const blockEnd = Math.min(length, blockStart + NOISE_BLOCK);
    let kl = rng.int(table.length), kr = rng.int(table.length);
    for (let i = blockStart; i < blockEnd; i++) {
      const xl = amp * (table[kl++ & mask] as number);
      const yl = b0 * xl + lz1;
      lz1 = b1 * xl - a1 * yl + lz2;
      lz2 = b2 * xl - a2 * yl;
      const xr = amp * (table[kr++ & mask] as number);
      const yr = b0 * xr + rz1;
      rz1 = b1 * xr - a1 * yr + rz2;
      rz2 = b2 * xr - a2 * yr;
      left[i] = (left[i] as number) + yl;
      right[i] = (right[i] as number) + yr;
    }
  }
}

/** Voice state layout for voiceSegment: [glottal phase, sx1, sx2, y11, y12, y21, y22]. */
const VOICE_STATE = 7;

/**
 * One syllable (or pause ring-out) of a crowd voice over low-rate samples [from, end), added to lowL/lowR
 * with gains gl/gr: a glottal sawtooth plus breath noise (table from `noiseStart`) under the syllable
 * envelope 4x(1-x) (x advancing by `dx` per sample; dx = 0 gives silence, for the ring-out of a pause),
 * through the two vowel formants f1, f2. Formants are direct-form-I band-passes sharing the input history
 * (RBJ constant-peak band-pass: b1 = 0, b2 = -b0); terms not depending on the previous output are summed
 * first, so each filter's serial chain per sample is one multiply-subtract (the loop is latency-bound).
 * State (phase, filter histories) is carried in `st` across segments.
 */
function voiceSegment(lowL: Float64Array, lowR: Float64Array, from: number, end: number, dx: number, noiseStart: number, st: Float64Array, f1: BiquadCoeffs, f2: BiquadCoeffs, dPhase: number, gl: number, gr: number): void {
  const table = noiseTable();
  const mask = table.length - 1;
  let phase = st[0] as number;
  let sx1 = st[1] as number, sx2 = st[2] as number, y11 = st[3] as number, y12 = st[4] as number, y21 = st[5] as number, y22 = st[6] as number;
  const b10 = f1.b0, a11 = f1.a1, a12 = f1.a2;
  const b20 = f2.b0, a21 = f2.a1, a22 = f2.a2;
  let noiseIndex = noiseStart;
  let x = 0;
  for (let k = from; k < end; k++) {
    const env = 4 * x * (1 - x);
    x += dx;
    phase += dPhase;
    if (phase >= 1) phase -= 1;
    const src = env * (phase - 0.5 + 0.3 * (table[noiseIndex++ & mask] as number));
    const d = src - sx2;
    sx2 = sx1;
    sx1 = src;
    const y1 = b10 * d - a12 * y12 - a11 * y11;
    y12 = y11;
    y11 = y1;
    const y2 = b20 * d - a22 * y22 - a21 * y21;
    y22 = y21;
    y21 = y2;
    const s = y1 + 0.6 * y2;
    lowL[k] = (lowL[k] as number) + gl * s;
    lowR[k] = (lowR[k] as number) + gr * s;
  }
  st[0] = phase;
  st[1] = sx1;
  st[2] = sx2;
  st[3] = y11;
  st[4] = y12;
  st[5] = y21;
  st[6] = y22;
}

/** Upsampler filter state between chunks: x1, x2, y1, y2 for the left channel, then the right. */
const UPSAMPLE_STATE = new Float64Array(8);
/**
 * Input samples per upsampleThirdStereo call. One call over a whole bed compiled the loop on-stack, and that
 * code ran slower than the function compiled after enough calls (see rainRun); chunks are compiled normally.
 */
const UPSAMPLE_CHUNK = 1024;

/**
 * Upsampling ×3 of both crowd channels into dstL/dstR (as long as the bed): three output samples per input
 * sample at fixed fractions 0, 1/3, 2/3 (linear interpolation, no division per sample), each through the
 * low-pass `lp` in direct form I with the previous-output terms last (shortest serial chain).
 */
function upsampleThirdStereo(srcL: Float64Array, srcR: Float64Array, dstL: Float32Array, dstR: Float32Array, lp: BiquadCoeffs): void {
  const st = UPSAMPLE_STATE;
  st.fill(0);
  const full = Math.floor(dstL.length / 3);
  for (let k = 0; k < full; k += UPSAMPLE_CHUNK) upsampleThirdChunk(srcL, srcR, dstL, dstR, lp, k, Math.min(full, k + UPSAMPLE_CHUNK), st);
  upsampleThirdTail(srcL, dstL, full, 3 * full, lp, st[0] as number, st[1] as number, st[2] as number, st[3] as number);
  upsampleThirdTail(srcR, dstR, full, 3 * full, lp, st[4] as number, st[5] as number, st[6] as number, st[7] as number);
}

/**
 * Input samples [from, to) of upsampleThirdStereo (outputs 3·from to 3·to), filter state in and out of `st`.
 * Both channels run in one loop: their filter chains are independent, so the CPU overlaps them (one channel
 * alone is latency-bound).
 */
function upsampleThirdChunk(srcL: Float64Array, srcR: Float64Array, dstL: Float32Array, dstR: Float32Array, lp: BiquadCoeffs, from: number, to: number, st: Float64Array): void {
  const { b0, b1, b2, a1, a2 } = lp;
  let lx1 = st[0] as number, lx2 = st[1] as number, ly1 = st[2] as number, ly2 = st[3] as number;
  let rx1 = st[4] as number, rx2 = st[5] as number, ry1 = st[6] as number, ry2 = st[7] as number;
  for (let k = from, i = 3 * from; k < to; k++, i += 3) {
    const la = srcL[k] as number;
    const ld = ((srcL[k + 1] as number) - la) / 3;
    const lb = la + ld;
    const lc = la + 2 * ld;
    const ra = srcR[k] as number;
    const rd = ((srcR[k + 1] as number) - ra) / 3;
    const rb = ra + rd;
    const rc = ra + 2 * rd;
    const lya = b0 * la + b1 * lx1 + b2 * lx2 - a2 * ly2 - a1 * ly1;
    const rya = b0 * ra + b1 * rx1 + b2 * rx2 - a2 * ry2 - a1 * ry1;
    const lyb = b0 * lb + b1 * la + b2 * lx1 - a2 * ly1 - a1 * lya;
    const ryb = b0 * rb + b1 * ra + b2 * rx1 - a2 * ry1 - a1 * rya;
    const lyc = b0 * lc + b1 * lb + b2 * la - a2 * lya - a1 * lyb;
    const ryc = b0 * rc + b1 * rb + b2 * ra - a2 * rya - a1 * ryb;
    dstL[i] = lya;
    dstL[i + 1] = lyb;
    dstL[i + 2] = lyc;
    dstR[i] = rya;
    dstR[i + 1] = ryb;
    dstR[i + 2] = ryc;
    lx2 = lb;
    lx1 = lc;
    ly2 = lyb;
    ly1 = lyc;
    rx2 = rb;
    rx1 = rc;
    ry2 = ryb;
    ry1 = ryc;
  }
  st[0] = lx1;
  st[1] = lx2;
  st[2] = ly1;
  st[3] = ly2;
  st[4] = rx1;
  st[5] = rx2;
  st[6] = ry1;
  st[7] = ry2;
}

/** The last 0–2 output samples of upsampleThirdStereo for one channel, from its filter state. */
function upsampleThirdTail(src: Float64Array, dst: Float32Array, k: number, from: number, lp: BiquadCoeffs, x1: number, x2: number, y1: number, y2: number): void {
  const { b0, b1, b2, a1, a2 } = lp;
  const a = src[k] as number;
  const d = ((src[k + 1] as number) - a) / 3;
  for (let j = 0, i = from; i < dst.length; j++, i++) {
    const xin = a + j * d;
    const y = b0 * xin + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
    x2 = x1;
    x1 = xin;
    y2 = y1;
    y1 = y;
    dst[i] = y;
  }
}
