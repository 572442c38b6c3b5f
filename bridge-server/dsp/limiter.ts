/**
 * Offline look-ahead true-peak limiter. The required gain at each sample is ceiling / (4×-oversampled
 * peak estimate around that sample, from the same polyphase interpolator as the meter); the gain curve
 * is the forward-looking minimum over the look-ahead, then a release follower that can only lower it,
 * then a moving average over the look-ahead — each step keeps gain ≤ required gain at every peak, so
 * the attack is smooth and complete before the peak (no clicks) with no added latency (offline).
 * Reference: Giannoulis, Massberg & Reiss, "Digital dynamic range compressor design" (JAES 2012) for
 * the smoothing structure; BS.1770 Annex 2 for the peak estimate. The caller re-measures afterwards.
 */
import { createTruePeakFilter } from './truePeak';

export interface LimiterOptions {
  ceilingDbtp: number;
  lookAheadSec: number;
  releaseSec: number;
}

const BLOCK = 1024;

export const DEFAULT_LIMITER_OPTIONS: Readonly<LimiterOptions> = Object.freeze({ ceilingDbtp: -1, lookAheadSec: 0.0015, releaseSec: 0.08 });

/**
 * Gain curve (one value per sample) that keeps all channels under the ceiling; undefined when no sample
 * needs limiting (the common case for quiet material, and free).
 */
export function limiterGainCurve(channels: Float32Array[], sampleRateHz: number, options: Partial<LimiterOptions> = {}): Float32Array | undefined {
  const o: LimiterOptions = { ...DEFAULT_LIMITER_OPTIONS, ...options };
  const ceiling = Math.pow(10, o.ceilingDbtp / 20);
  const filter = createTruePeakFilter(sampleRateHz);
  const n = channels[0]?.length ?? 0;
  // any sample below ceiling / maxBranchGain cannot produce an over anywhere near it
  const safe = ceiling / filter.maxBranchGain;
  let required: Float32Array | undefined;
  let anyOver = false;
  const margin = (filter.phases[0]?.length ?? 1) - 1;
  const deque = new Int32Array(BLOCK + 2 * (margin + 1));
  if (filter.factor === 1) {
    // no oversampling at ≥ 192 kHz: the samples are the peaks
    for (const x of channels) for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      const a = v < 0 ? -v : v;
      if (a <= ceiling) continue;
      required ??= new Float32Array(n).fill(1);
      anyOver = true;
      if (ceiling / a < (required[i] as number)) required[i] = ceiling / a;
    }
  } else for (const x of channels) {
    for (let start = 0; start < n; start += BLOCK) {
      const stop = Math.min(n, start + BLOCK);
      // outputs [start, stop) depend on inputs [start - margin, stop): skip blocks that cannot go over
      let localMax = 0;
      for (let i = Math.max(0, start - margin); i < stop; i++) {
        const v = x[i] as number;
        const a = v < 0 ? -v : v;
        if (a > localMax) localMax = a;
      }
      if (localMax <= safe) continue;
      required ??= new Float32Array(n).fill(1);
      for (let i = start; i < stop; i++) {
        const v = x[i] as number;
        const a = v < 0 ? -v : v;
        if (a > ceiling) {
          anyOver = true;
          const g = ceiling / a;
          if (g < (required[i] as number)) required[i] = g;
        }
      }
      // interpolated output `out` of each phase lies between samples out − delay and out − delay + 1;
      // only outputs whose support max × branch gain can exceed the ceiling are filtered (exact bound)
      const p1 = filter.phases[0] as Float64Array;
      const p2 = (filter.phases[1] ?? p1) as Float64Array;
      const p3 = (filter.phases[2] ?? p1) as Float64Array;
      const t = p1.length;
      const outEnd = stop === n ? n + t - 1 : stop;
      let head = 0;
      let tail = 0;
      for (let j = Math.max(0, start - t + 1); j < start; j++) {
        const a = Math.abs(x[j] as number);
        while (tail > head && Math.abs(x[deque[tail - 1] as number] as number) <= a) tail--;
        deque[tail++] = j;
      }
      for (let out = start; out < outEnd; out++) {
        if (out < n) {
          const a = Math.abs(x[out] as number);
          while (tail > head && Math.abs(x[deque[tail - 1] as number] as number) <= a) tail--;
          deque[tail++] = out;
        }
        while (tail > head && (deque[head] as number) <= out - t) head++;
        const windowMax = tail > head ? Math.abs(x[deque[head] as number] as number) : 0;
        if (windowMax <= safe) continue;
        const kMax = Math.min(t - 1, out);
        const kMin = out >= n ? out - n + 1 : 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let k = kMin; k <= kMax; k++) {
          const xv = x[out - k] as number;
          a1 += (p1[k] as number) * xv;
          a2 += (p2[k] as number) * xv;
          a3 += (p3[k] as number) * xv;
        }
        if (a1 < 0) a1 = -a1;
        if (a2 < 0) a2 = -a2;
        if (a3 < 0) a3 = -a3;
        const a = a1 > a2 ? (a1 > a3 ? a1 : a3) : a2 > a3 ? a2 : a3;
        if (a <= ceiling) continue;
        anyOver = true;
        const g = ceiling / a;
        const q = out - filter.delay;
        if (q >= 0 && q < n && g < (required[q] as number)) required[q] = g;
        if (q + 1 >= 0 && q + 1 < n && g < (required[q + 1] as number)) required[q + 1] = g;
      }
    }
  }
  if (!required || !anyOver) return undefined;
  const look = Math.max(1, Math.round(o.lookAheadSec * sampleRateHz));
  const rel = Math.exp(-1 / Math.max(1, o.releaseSec * sampleRateHz));
  // one fused pass (no full-length temporaries): forward-looking minimum over [i, i + look] with a
  // monotonic deque in a ring buffer (it never holds more than look + 1 indices), then the release
  // follower (rise slowly back towards 1, never above the minimum), then the moving average over the
  // look-ahead window ending at i (smooth attack that completes at the peak). Values entering the
  // average are rounded to float32 as the stored intermediate curve used to be, so results are unchanged.
  let cap = 1;
  while (cap < look + 2) cap <<= 1;
  const mask = cap - 1;
  const dq = new Int32Array(cap);
  const hist = new Float64Array(cap);
  const out = new Float32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0;
  let g = 1;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const end = i + look < n ? i + look : n - 1;
    while (next <= end) {
      const v = required[next] as number;
      while (tail > head && (required[dq[(tail - 1) & mask] as number] as number) >= v) tail--;
      dq[tail & mask] = next++;
      tail++;
    }
    while ((dq[head & mask] as number) < i) head++;
    const target = required[dq[head & mask] as number] as number;
    g = target < g ? target : rel * g + (1 - rel) * target;
    if (g > target) g = target;
    const gf = Math.fround(g);
    hist[i & mask] = gf;
    acc += gf;
    if (i - look >= 0) acc -= hist[(i - look) & mask] as number;
    out[i] = acc / Math.min(i + 1, look);
  }
  return out;
}

/** Multiplies channels by a gain curve in place. */
export function applyGainCurve(channels: Float32Array[], curve: Float32Array): void {
  for (const x of channels) for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * (curve[i] as number);
}
