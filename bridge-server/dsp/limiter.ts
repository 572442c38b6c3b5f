/**
 * Offline look-ahead true-peak limiter. The required gain at each sample is ceiling / (4×-oversampled
 * peak estimate around that sample, from the same polyphase interpolator as the meter); the gain curve
 * is the forward-looking minimum over the look-ahead, then a release follower that can only lower it,
 * then a moving average over the look-ahead — each step keeps gain ≤ required gain at every peak, so
 * the attack is smooth and complete before the peak (no clicks) with no added latency (offline).
 * Reference: Giannoulis, Massberg & Reiss, "Digital dynamic range compressor design" (JAES 2012) for
 * the smoothing structure; BS.1770 Annex 2 for the peak estimate. The caller re-measures afterwards.
 */
import { createTruePeakFilter, scanInterpolated } from './truePeak';

export interface LimiterOptions {
  ceilingDbtp: number;
  lookAheadSec: number;
  releaseSec: number;
}

const BLOCK = 1024;
const BLOCK_SHIFT = 10;

export const DEFAULT_LIMITER_OPTIONS: Readonly<LimiterOptions> = Object.freeze({ ceilingDbtp: -1, lookAheadSec: 0.0015, releaseSec: 0.08 });

/**
 * The programme's peak per sample position, independent of any ceiling: P[s] = max over channels of
 * |x[s]| and the 4×-interpolated outputs between s − 1, s and s + 1 (an output between samples q and
 * q + 1 counts for both). Only values above `floor` are recorded (exactly: outputs that cannot exceed it
 * are skipped by the interpolator's bounds), so one analysis serves every ceiling ≥ floor — the mix tries
 * several normalization gains against the same raw programme.
 */
export interface LimiterPeaks {
  length: number;
  floor: number;
  /** P[s] where above floor, else 0; allocated zeroed and touched only near loud passages */
  peak: Float64Array;
  /** indices of the BLOCK-sized runs of positions holding any recorded peak, ascending */
  touched: Int32Array;
}

/** What a caller knows about a channel: where it can be non-zero and/or a bound on |x|. */
export interface ChannelHint {
  /** sorted [from, to) ranges outside which every sample is exactly 0 */
  spans?: Int32Array;
  /** an upper bound on |x| over the channel */
  maxAbs?: number;
}

export function limiterPeaks(channels: Float32Array[], sampleRateHz: number, floor: number, hints: Array<ChannelHint | undefined> = []): LimiterPeaks {
  const filter = createTruePeakFilter(sampleRateHz);
  const n = channels[0]?.length ?? 0;
  const peak = new Float64Array(n);
  const blockCount = (n >> BLOCK_SHIFT) + 1;
  const mark = new Uint8Array(blockCount);
  const set = (s: number, a: number): void => {
    if (s < 0 || s >= n) return;
    if (a > (peak[s] as number)) {
      peak[s] = a;
      mark[s >> BLOCK_SHIFT] = 1;
    }
  };
  if (filter.factor === 1) {
    // no oversampling at ≥ 192 kHz: the samples are the peaks
    for (const x of channels) for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      const a = v < 0 ? -v : v;
      if (a > floor) set(i, a);
    }
  } else {
    const margin = (filter.phases[0]?.length ?? 1) - 1;
    const t = margin + 1;
    const delay = filter.delay;
    const sink = (o: number, a: number): void => {
      set(o - delay, a);
      set(o - delay + 1, a);
    };
    channels.forEach((x, ch) => {
      const hint = hints[ch];
      // a channel that cannot reach the floor anywhere is skipped without reading it
      if (hint?.maxAbs !== undefined && hint.maxAbs * filter.maxBranchGain <= floor) return;
      const spans = hint?.spans;
      let span = 0;
      for (let start = 0; start < n; start += BLOCK) {
        const stop = Math.min(n, start + BLOCK);
        if (spans) {
          // inputs [start − margin, stop) all lie outside the spans: all zero, nothing to find
          while (span < spans.length && (spans[span + 1] as number) <= start - margin) span += 2;
          if (span >= spans.length) break;
          if ((spans[span] as number) >= stop) continue;
        }
        // outputs [start, stop) depend on inputs [start - margin, stop): skip blocks that cannot go over
        let localMax = 0;
        for (let i = Math.max(0, start - margin); i < stop; i++) {
          const v = x[i] as number;
          const a = v < 0 ? -v : v;
          if (a > localMax) localMax = a;
        }
        if (localMax * filter.maxBranchGain <= floor) continue;
        for (let i = start; i < stop; i++) {
          const v = x[i] as number;
          const a = v < 0 ? -v : v;
          if (a > floor) set(i, a);
        }
        scanInterpolated(x, start, stop === n ? n + t - 1 : stop, filter, floor, localMax, sink);
      }
    });
  }
  let count = 0;
  for (let b = 0; b < blockCount; b++) count += mark[b] as number;
  const touched = new Int32Array(count);
  for (let b = 0, k = 0; b < blockCount; b++) if (mark[b]) touched[k++] = b;
  return { length: n, floor, peak, touched };
}

/**
 * Gain curve (one value per sample) that keeps all channels under the ceiling; undefined when no sample
 * needs limiting (the common case for quiet material, and free).
 */
export function limiterGainCurve(channels: Float32Array[], sampleRateHz: number, options: Partial<LimiterOptions> = {}): Float32Array | undefined {
  const o: LimiterOptions = { ...DEFAULT_LIMITER_OPTIONS, ...options };
  return limiterCurveFromPeaks(limiterPeaks(channels, sampleRateHz, Math.pow(10, o.ceilingDbtp / 20)), sampleRateHz, o);
}

/**
 * The limiter's gain curve for one ceiling from a peak analysis (floor ≤ ceiling). Required gain at s is
 * ceiling / P[s] where P[s] > ceiling (rounded to float32), else 1; the curve is its forward-looking
 * minimum over the look-ahead, then a release follower that can only lower it, then a moving average
 * over the look-ahead. Stretches with no over within the look-ahead, a recovered follower and a window
 * of ones are exactly 1 and are filled without running the filter. `out` (length ≥ n) is reused when given.
 */
export function limiterCurveFromPeaks(peaks: LimiterPeaks, sampleRateHz: number, options: Partial<LimiterOptions> = {}, out?: Float32Array): Float32Array | undefined {
  const o: LimiterOptions = { ...DEFAULT_LIMITER_OPTIONS, ...options };
  const ceiling = Math.pow(10, o.ceilingDbtp / 20);
  if (ceiling < peaks.floor) throw new RangeError(`ceiling ${o.ceilingDbtp} dBTP is below the analysed floor`);
  const n = peaks.length;
  const p = peaks.peak;
  // the overs, in order: position and required gain
  let overCount = 0;
  for (const b of peaks.touched) {
    const end = Math.min(n, (b + 1) << BLOCK_SHIFT);
    for (let s = b << BLOCK_SHIFT; s < end; s++) if ((p[s] as number) > ceiling) overCount++;
  }
  if (overCount === 0) return undefined;
  const pos = new Int32Array(overCount + 1);
  const req = new Float32Array(overCount + 1);
  let k = 0;
  for (const b of peaks.touched) {
    const end = Math.min(n, (b + 1) << BLOCK_SHIFT);
    for (let s = b << BLOCK_SHIFT; s < end; s++) {
      const v = p[s] as number;
      if (v > ceiling) {
        pos[k] = s;
        req[k++] = ceiling / v;
      }
    }
  }
  pos[overCount] = 2147483647; // sentinel
  const look = Math.max(1, Math.round(o.lookAheadSec * sampleRateHz));
  const rel = Math.exp(-1 / Math.max(1, o.releaseSec * sampleRateHz));
  const curve = out && out.length >= n ? out : new Float32Array(n);
  // fused pass: forward-looking minimum over [i, i + look] (monotonic deque over the overs in a ring
  // buffer), the release follower (rise slowly back towards 1, never above the minimum), then the moving
  // average over the look-ahead window ending at i (smooth attack that completes at the peak). Values
  // entering the average are rounded to float32 as a stored intermediate curve would be.
  let cap = 1;
  while (cap < look + 2) cap <<= 1;
  const mask = cap - 1;
  const dq = new Int32Array(cap);
  const hist = new Float64Array(cap).fill(1);
  let head = 0;
  let tail = 0;
  let next = 0; // next over to enter the window
  let g = 1;
  let acc = 0;
  let lastBelowOne = -cap; // last i whose rounded gain was < 1
  let i = 0;
  while (i < n) {
    if (tail === head && i - lastBelowOne > look && Math.fround(g) === 1) {
      // idle: no over within the look-ahead, follower recovered, averaging window all ones
      const resume = Math.min(n, Math.max(i, (pos[next] as number) - look));
      if (resume > i) {
        curve.fill(1, i, resume);
        hist.fill(1);
        i = resume;
        g = 1;
        acc = Math.min(i, look);
        continue;
      }
    }
    if (tail === head && (pos[next] as number) - look > i) {
      // release only (no over within the look-ahead until `stop`): the same steps with target 1, without
      // the window bookkeeping; hands back to the idle fill once the averaging window is all ones
      const stop = Math.min(n, (pos[next] as number) - look);
      while (i < stop && i - lastBelowOne <= look) {
        g = rel * g + (1 - rel);
        if (g > 1) g = 1;
        const gf = Math.fround(g);
        if (gf !== 1) lastBelowOne = i;
        hist[i & mask] = gf;
        acc += gf;
        if (i - look >= 0) acc -= hist[(i - look) & mask] as number;
        curve[i] = acc / (i + 1 < look ? i + 1 : look);
        i++;
      }
      continue;
    }
    const end = i + look < n ? i + look : n - 1;
    while ((pos[next] as number) <= end) {
      const v = req[next] as number;
      while (tail > head && (req[dq[(tail - 1) & mask] as number] as number) >= v) tail--;
      dq[tail & mask] = next++;
      tail++;
    }
    while (tail > head && (pos[dq[head & mask] as number] as number) < i) head++;
    const target = tail > head ? Math.min(1, req[dq[head & mask] as number] as number) : 1;
    g = target < g ? target : rel * g + (1 - rel) * target;
    if (g > target) g = target;
    const gf = Math.fround(g);
    if (gf !== 1) lastBelowOne = i;
    hist[i & mask] = gf;
    acc += gf;
    if (i - look >= 0) acc -= hist[(i - look) & mask] as number;
    curve[i] = acc / (i + 1 < look ? i + 1 : look);
    i++;
  }
  return curve;
}

/** Multiplies channels by a gain curve in place. */
export function applyGainCurve(channels: Float32Array[], curve: Float32Array): void {
  for (const x of channels) for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * (curve[i] as number);
}
