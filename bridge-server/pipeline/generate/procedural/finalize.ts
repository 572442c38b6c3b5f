/**
 * Finalization shared by every class: DC removal, seamless looping for beds, fades and peak normalization
 * with a seeded level variation. One-shots: a 20 Hz 2nd-order Butterworth high-pass (causal, so nothing
 * moves before the onset) and a short fade-out, then the residual mean is removed under a parabolic window
 * spanning onset→end (the pre-roll stays digital silence and both ends stay at zero), fused with the gain. Beds (built from
 * band-limited noise whose rumbles are already high-passed at 20 Hz in `addBrownNoise`): the tail
 * (crossfadeSamples) is equal-power crossfaded into the head so that the last sample flows into the first
 * (see Farnell, "Designing Sound", ch. on looping), then the exact mean is subtracted (a constant, so the
 * seam is untouched).
 */
import type { Rng } from '../../../core/rng';
import { highpass } from './dsp';
import type { RawSound } from './types';

/** No take may exceed this (the acceptance bar is -0.1 dBFS; keep margin for 24-bit rounding). */
export const MAX_PEAK_DB = -0.5;
/** ± range of the per-seed level variation. */
export const LEVEL_VARIATION_DB = 1.5;

export interface FinalSound {
  channels: Float32Array[];
  syncSample: number;
  loopable: boolean;
}

/**
 * One-shot clean-up in two passes over the channel, returning nothing (the channel is final afterwards):
 * (1) a 20 Hz 2nd-order high-pass (direct form I, two samples per iteration from the same two previous
 * outputs, so the two serial chains overlap), the 10 ms raised-cosine fade-out
 * over the last samples, the sum from the onset on (for the residual mean) and the absolute peak;
 * (2) the residual mean subtracted under a parabolic window spanning onset→end (zero at both ends, so the
 * pre-roll stays digital silence and the take still ends at zero; it sums to the window length, so the mean
 * is removed exactly up to float rounding; no trig per sample), times the normalization gain. The gain comes
 * from an upper bound of the final peak (peak of pass 1 + the largest window correction, 1.5·|mean|), so
 * the level can only land a hair below its target (|mean| is ~1e-4 of the peak), never above the cap — and
 * the separate measuring pass is not needed.
 * The high-pass (RBJ) has feed-forward g·(1, -2, 1): pass 1 stores the output divided by g (the second
 * difference of the input is then the whole feed-forward, adds only), and g joins the gain of pass 2.
 */
function cleanOneShot(ch: Float32Array, from: number, sampleRateHz: number, gainForPeak: (peak: number) => number): void {
  const len = ch.length;
  const fadeN = Math.min(Math.round(0.01 * sampleRateHz), len);
  const k = highpass(20, Math.SQRT1_2, sampleRateHz);
  const g = k.b0;
  // The main loop takes pairs up to the fade; the tail loop (≤ fadeN + 1 samples) does the fade.
  const fadeStart = len - fadeN;
  const pairsEnd = Math.max(0, fadeStart - (fadeStart & 1));
  highpassPairs(ch, pairsEnd, k.a1, k.a2);
  highpassFadeTail(ch, pairsEnd, fadeStart, k.a1, k.a2, fadeTable(fadeN));
  const sum = g * (pass1Sum - sumRange(ch, 0, Math.min(from, len)));
  const peak = g * pass1Peak;
  const n = len - from;
  if (n < 4) {
    scaleRange(ch, 0, len, gainForPeak(peak) * g);
    return;
  }
  // Window w_j = j(n-1-j)·6/((n-1)(n-2)), j = 0..n-1: sums to n, peaks at 1.5·(n-1)/(n-2).
  const mean = sum / n;
  const gain = gainForPeak(peak + 1.5 * Math.abs(mean) * ((n - 1) / (n - 2)));
  scaleRange(ch, 0, from, gain * g);
  removeMeanUnderWindow(ch, from, (6 * mean * gain) / ((n - 1) * (n - 2)), gain * g);
}

// The passes below are one loop per function, with nothing after the loop but plain stores of locals into
// the module variables below. The JIT may compile a loop on-stack during the first long call, before the
// code after the loop has ever run; that code then has no type feedback, and the compiled code stops
// (deopts) there, at every later call that enters the same on-stack code: 47-128 deopts per process here
// with keyed stores into a state array, a sum or a compare after the loop. Stores to module variables need
// no feedback. (A function with several loops also got on-stack-replaced in the first and deoptimized at the
// next.)

/** Pass 1's state between its two loops: x[i-1], x[i-2], y[i-1], y[i-2]; two-lane sums and peaks. */
let hpX1 = 0, hpX2 = 0, hpY1 = 0, hpY2 = 0, hpSumA = 0, hpSumB = 0, hpPeakA = 0, hpPeakB = 0;
/** Pass 1's sum and absolute peak (of the stored values, before g), set by highpassFadeTail. */
let pass1Sum = 0, pass1Peak = 0;

/**
 * Pass 1 up to `end` (even), in place, from zero state: the high-pass y[i] = d[i] - a1·y[i-1] - a2·y[i-2]
 * with d the input's second difference (the high-pass output divided by its g), stored as float32, with the
 * sum and the absolute peak of the stored values. Two samples per iteration: the second output is computed
 * from the same two previous outputs as the first (y[i+1] = d[i+1] - a1·d[i] + (a1² - a2)·y[i-1] +
 * a1·a2·y[i-2]), so the two serial chains overlap in the CPU; sum and peak run in two lanes. The peak uses
 * Math.max and Math.abs (a compare-and-branch mispredicts often on noise-like signals). No fade and no
 * pre-roll test in this loop: the fade is the tail loop's, and the pre-roll's sum is taken off afterwards.
 */
function highpassPairs(ch: Float32Array, end: number, a1: number, a2: number): void {
  const c1 = a1 * a1 - a2;
  const c2 = a1 * a2;
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  let sumA = 0, sumB = 0, peakA = 0, peakB = 0;
  for (let i = 0; i < end; i += 2) {
    const xa = ch[i] as number;
    const xb = ch[i + 1] as number;
    const da = (xa - x1) - (x1 - x2);
    const db = (xb - xa) - (xa - x1);
    const ya = da - a1 * y1 - a2 * y2;
    const yb = db - a1 * da + c1 * y1 + c2 * y2;
    x2 = xa;
    x1 = xb;
    y2 = ya;
    y1 = yb;
    const va = Math.fround(ya);
    const vb = Math.fround(yb);
    ch[i] = va;
    ch[i + 1] = vb;
    peakA = Math.max(peakA, Math.abs(va));
    peakB = Math.max(peakB, Math.abs(vb));
    sumA += va;
    sumB += vb;
  }
  hpX1 = x1;
  hpX2 = x2;
  hpY1 = y1;
  hpY2 = y2;
  hpSumA = sumA;
  hpSumB = sumB;
  hpPeakA = peakA;
  hpPeakB = peakB;
}

/**
 * Pass 1 over [from, len), continuing highpassPairs' state, one sample per iteration, times the
 * raised-cosine fade `fade` from fadeStart on (fade[i - fadeStart]; fadeStart < from only when the fade spans
 * the whole channel); sets pass1Sum and pass1Peak.
 */
function highpassFadeTail(ch: Float32Array, from: number, fadeStart: number, a1: number, a2: number, fade: Float64Array): void {
  let x1 = hpX1, x2 = hpX2, y1 = hpY1, y2 = hpY2;
  let sum = hpSumA + hpSumB;
  let peak = Math.max(hpPeakA, hpPeakB);
  for (let i = from; i < ch.length; i++) {
    const x = ch[i] as number;
    const y = (x - x1) - (x1 - x2) - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    const v = Math.fround(i < fadeStart ? y : y * (fade[i - fadeStart] as number));
    ch[i] = v;
    peak = Math.max(peak, Math.abs(v));
    sum += v;
  }
  pass1Sum = sum;
  pass1Peak = peak;
}

function sumRange(ch: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += ch[i] as number;
  return s;
}

const fadeTables = new Map<number, Float64Array>();

/** 0.5 + 0.5·cos(π(j+1)/n), j = 0..n-1: a raised-cosine fade to exactly zero (cached per length). */
function fadeTable(n: number): Float64Array {
  let t = fadeTables.get(n);
  if (!t) {
    t = new Float64Array(n);
    for (let j = 0; j < n; j++) t[j] = 0.5 + 0.5 * Math.cos((Math.PI * (j + 1)) / n);
    fadeTables.set(n, t);
  }
  return t;
}

/** src[i] = (src[i] - mean)·gain for i < n, in place (nothing after the loop: see the note above pass 1). */
function normalizeInPlace(src: Float32Array, n: number, mean: number, gain: number): void {
  for (let i = 0; i < n; i++) src[i] = ((src[i] as number) - mean) * gain;
}

function scaleRange(ch: Float32Array, from: number, to: number, gain: number): void {
  for (let i = from; i < to; i++) ch[i] = (ch[i] as number) * gain;
}

/**
 * Pass 2: ch[i] = ch[i]·gain - scale·w over [from, end), w = j(n-1-j) for j = i - from (the parabolic
 * window, by its first difference n-2-2j), two samples per iteration. c = scale·w and e = scale·(n-2-2j)
 * are carried in float64 (relative error ~n·2^-53 of a correction that is ~1e-4 of the peak); the integer
 * w itself, carried exactly, outgrew int32 on takes over ~93 000 samples, which the JIT had compiled for.
 */
function removeMeanUnderWindow(ch: Float32Array, from: number, scale: number, gain: number): void {
  const len = ch.length;
  const n = len - from;
  // An odd count takes its first sample (window 0) before the loop, so nothing follows the loop.
  const j0 = n & 1;
  if (j0 === 1) ch[from] = (ch[from] as number) * gain;
  const step2 = 2 * scale;
  let c = scale * j0 * (n - 1 - j0);
  let e = scale * (n - 2 - 2 * j0);
  for (let i = from + j0; i < len; i += 2) {
    const cb = c + e;
    ch[i] = (ch[i] as number) * gain - c;
    ch[i + 1] = (ch[i + 1] as number) * gain - cb;
    c = cb + (e - step2);
    e -= 2 * step2;
  }
}

/**
 * Folds a render of length L + X into a seamless loop of length L (equal-power crossfade of the tail into
 * the head), in place: the head of `src` is overwritten, and the folded loop's sum and largest magnitude over
 * [0, L) are returned (the caller then normalizes the loop in place).
 */
function foldLoopInPlace(src: Float32Array, crossfadeSamples: number): { loopLength: number; sum: number; maxAbs: number } {
  const x = Math.max(1, Math.min(crossfadeSamples, Math.floor(src.length / 2)));
  const loopLength = src.length - x;
  crossfadeTailIntoHead(src, x, loopLength);
  loopStats(src, loopLength);
  return { loopLength, sum: statSumA + statSumB, maxAbs: Math.max(statMax0, statMax1, statMax2, statMax3) };
}

/** src[i] = src[i]·sin + src[L + i]·cos over the crossfade, sin/cos of the quarter-period ramp by rotation recurrence. */
function crossfadeTailIntoHead(src: Float32Array, x: number, loopLength: number): void {
  const w = (0.5 * Math.PI) / x;
  const kc = Math.cos(w);
  const ks = Math.sin(w);
  let fadeIn = Math.sin(0.5 * w);
  let fadeOutGain = Math.cos(0.5 * w);
  for (let i = 0; i < x; i++) {
    src[i] = (src[i] as number) * fadeIn + (src[loopLength + i] as number) * fadeOutGain;
    const nextIn = fadeIn * kc + fadeOutGain * ks;
    fadeOutGain = fadeOutGain * kc - fadeIn * ks;
    fadeIn = nextIn;
  }
}

/** loopStats' two lane sums and four lane magnitudes (module variables: see the note above pass 1). */
let statSumA = 0, statSumB = 0, statMax0 = 0, statMax1 = 0, statMax2 = 0, statMax3 = 0;

/**
 * Sum and largest magnitude of src[0, n) in four interleaved lanes (independent chains overlap in the CPU;
 * Math.max of Math.abs, branch-free: compare branches on real bed renders cost 10 ns/sample). One lane pair
 * per min and max, as before, costs a third more per sample than the magnitude alone. The first n mod 4
 * samples are taken before the loop (n ≥ 3: a bed loop is at least half a second), so that nothing but
 * stores follows it.
 */
function loopStats(src: Float32Array, n: number): void {
  const rest = n & 3;
  const t0 = rest > 0 ? (src[0] as number) : 0;
  const t1 = rest > 1 ? (src[1] as number) : 0;
  const t2 = rest > 2 ? (src[2] as number) : 0;
  let s0 = t0 + t1 + t2, s1 = 0;
  let m0 = Math.abs(t0), m1 = Math.abs(t1), m2 = Math.abs(t2), m3 = 0;
  for (let i = rest; i < n; i += 4) {
    const a = src[i] as number;
    const b = src[i + 1] as number;
    const c = src[i + 2] as number;
    const d = src[i + 3] as number;
    s0 += a + b;
    s1 += c + d;
    m0 = Math.max(m0, Math.abs(a));
    m1 = Math.max(m1, Math.abs(b));
    m2 = Math.max(m2, Math.abs(c));
    m3 = Math.max(m3, Math.abs(d));
  }
  statSumA = s0;
  statSumB = s1;
  statMax0 = m0;
  statMax1 = m1;
  statMax2 = m2;
  statMax3 = m3;
}

/** Gain that brings `peak` to the class level ± the per-seed level variation, capped at MAX_PEAK_DB. */
function normalizationGain(peakDb: number, peak: number, rng: Rng): number {
  const targetDb = Math.min(MAX_PEAK_DB, peakDb + LEVEL_VARIATION_DB * (2 * rng.next() - 1));
  return peak > 0 && Number.isFinite(peak) ? Math.pow(10, targetDb / 20) / peak : 1;
}

export function finalizeSound(raw: RawSound, sampleRateHz: number, rng: Rng): FinalSound {
  if (raw.loop) {
    // Beds: generators build them from band-limited noise (no DC by construction); the fold and the exact mean
    // removal are enough, in two passes, both in place: fold + sum and max |x|, then (x - mean)·gain over the loop,
    // whose views are the take's channels.
    const crossfade = raw.loop.crossfadeSamples;
    const folds = raw.channels.map((ch) => foldLoopInPlace(ch, crossfade));
    // max |x - mean| ≤ max |x| + |mean|: the bound is used as the peak (the mean of a bed is ~1e-4 of its
    // peak, so the level is the same to ~0.001 dB, and the peak never ends above the target).
    let peak = 0;
    for (const f of folds) peak = Math.max(peak, f.maxAbs + Math.abs(f.sum / Math.max(1, f.loopLength)));
    const gain = normalizationGain(raw.peakDb, peak, rng);
    const channels = raw.channels.map((src, c) => {
      const f = folds[c] as (typeof folds)[number];
      const mean = f.sum / Math.max(1, f.loopLength);
      normalizeInPlace(src, f.loopLength, mean, gain);
      return src.subarray(0, f.loopLength);
    });
    return { channels, syncSample: 0, loopable: true };
  }
  // One-shots: every channel gets the same gain, so the peak over all channels is needed first; generators
  // return mono one-shots, where the gain is applied inside the clean-up pass.
  const channels = raw.channels;
  if (channels.length === 1) {
    cleanOneShot(channels[0] as Float32Array, raw.syncSample, sampleRateHz, (peak) => normalizationGain(raw.peakDb, peak, rng));
  } else {
    const peaks: number[] = [];
    for (const ch of channels) cleanOneShot(ch, raw.syncSample, sampleRateHz, (peak) => {
      peaks.push(peak);
      return 1;
    });
    const gain = normalizationGain(raw.peakDb, Math.max(0, ...peaks), rng);
    for (const ch of channels) scaleRange(ch, 0, ch.length, gain);
  }
  return { channels, syncSample: raw.syncSample, loopable: false };
}
