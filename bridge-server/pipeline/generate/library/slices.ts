/**
 * Onsets → one-shot slices. A file of ten footsteps becomes ten slices: each starts a few milliseconds
 * before its onset (pre-roll, so the attack is never cut) and ends just before the next slice starts,
 * or at the end of the sound, whichever comes first; a slice is capped at `maxSliceSec` and its
 * silent tail (below `tailDb` under the slice peak) is trimmed.
 */

export interface SliceOptions {
  preRollSec: number;
  maxSliceSec: number;
  /** tail below this level relative to the slice peak is dropped */
  tailDb: number;
  minSliceSec: number;
}

export const DEFAULT_SLICE_OPTIONS: Readonly<SliceOptions> = Object.freeze({
  preRollSec: 0.005,
  maxSliceSec: 4,
  tailDb: -60,
  minSliceSec: 0.02,
});

export interface Slice {
  /** seconds from the start of the file */
  startSec: number;
  onsetSec: number;
  endSec: number;
  /** peak absolute sample value inside the slice */
  peak: number;
}

const PEAK_BITS = new Int32Array(1);
const PEAK_FLOAT = new Float32Array(PEAK_BITS.buffer);

/**
 * max |mono[s]| over [start, end), taken on the IEEE magnitude bits (for finite floats their integer
 * order is the float order, and a branch-free integer max is cheaper than Math.abs + compare); a NaN
 * in the range falls back to the float comparison, which ignores NaNs.
 */
function sliceAbsPeak(mono: Float32Array, bits: Int32Array, start: number, end: number): number {
  let m = 0;
  for (let s = start; s < end; s++) {
    const b = (bits[s] as number) & 0x7fffffff;
    m = m > b ? m : b;
  }
  if (m <= 0x7f800000) {
    PEAK_BITS[0] = m;
    return PEAK_FLOAT[0] as number;
  }
  let peak = 0;
  for (let s = start; s < end; s++) {
    const v = Math.abs(mono[s] as number);
    if (v > peak) peak = v;
  }
  return peak;
}

/**
 * Peaks of consecutive blocks of the signal (from the file scan): block i covers [starts[i], starts[i+1]);
 * NaN marks a block whose samples must be read (it held a NaN sample).
 */
export interface BlockPeaks {
  starts: Int32Array;
  peaks: Float32Array;
}

/** Index of the first block starting at or after `sample` (starts ascending). */
function firstBlockFrom(starts: Int32Array, sample: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < sample) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** max |mono| over [start, end): whole blocks from their stored peaks, the partial ends sample by sample. */
function blockedPeak(mono: Float32Array, bits: Int32Array, blocks: BlockPeaks, start: number, end: number): number {
  const { starts, peaks } = blocks;
  let b = firstBlockFrom(starts, start);
  let from = Math.min(end, starts[b] as number);
  let peak = sliceAbsPeak(mono, bits, start, from);
  for (; b < peaks.length && (starts[b + 1] as number) <= end; b++) {
    const p = peaks[b] as number;
    const next = starts[b + 1] as number;
    const q = p === p ? p : sliceAbsPeak(mono, bits, from, next);
    if (q > peak) peak = q;
    from = next;
  }
  const rest = sliceAbsPeak(mono, bits, from, end);
  return rest > peak ? rest : peak;
}

/**
 * Moves `end` back over samples with |x| ≤ floor, never to `limit` or below (the plain walk); whole
 * blocks whose stored peak is ≤ floor are skipped at once.
 */
function trimQuietTail(mono: Float32Array, blocks: BlockPeaks | undefined, end: number, limit: number, floor: number): number {
  let e = end;
  if (blocks) {
    const { starts, peaks } = blocks;
    let b = firstBlockFrom(starts, e) - 1;
    while (e > limit && b >= 0) {
      const bs = starts[b] as number;
      if (bs >= limit && (peaks[b] as number) <= floor) {
        e = bs;
        b--;
        continue;
      }
      while (e > Math.max(bs, limit) && Math.abs(mono[e - 1] as number) <= floor) e--;
      if (e > bs) return e;
      b--;
    }
  }
  while (e > limit && Math.abs(mono[e - 1] as number) <= floor) e--;
  return e;
}

/**
 * @param onsetSamples onset positions in samples, ascending
 */
export function slicesFromOnsets(
  mono: Float32Array,
  sampleRateHz: number,
  onsetSamples: readonly number[],
  options: Partial<SliceOptions> = {},
  blocks?: BlockPeaks,
): Slice[] {
  const o = { ...DEFAULT_SLICE_OPTIONS, ...options };
  const n = mono.length;
  const preRoll = Math.round(o.preRollSec * sampleRateHz);
  const maxLen = Math.round(o.maxSliceSec * sampleRateHz);
  const minLen = Math.round(o.minSliceSec * sampleRateHz);
  const tailGain = Math.pow(10, o.tailDb / 20);
  const out: Slice[] = [];
  const bits = new Int32Array(mono.buffer, mono.byteOffset, mono.length);
  for (let i = 0; i < onsetSamples.length; i++) {
    const onset = onsetSamples[i] as number;
    const start = Math.max(0, onset - preRoll);
    const next = onsetSamples[i + 1];
    let end = Math.min(n, next !== undefined ? Math.max(onset + 1, next - preRoll) : n, start + maxLen);
    const peak = blocks ? blockedPeak(mono, bits, blocks, start, end) : sliceAbsPeak(mono, bits, start, end);
    const floor = peak * tailGain;
    end = trimQuietTail(mono, blocks, end, onset + minLen, floor);
    if (end - start < minLen || peak <= 0) continue;
    out.push({ startSec: start / sampleRateHz, onsetSec: onset / sampleRateHz, endSec: end / sampleRateHz, peak });
  }
  return out;
}
