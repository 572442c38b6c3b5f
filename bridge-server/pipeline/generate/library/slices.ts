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
 * @param onsetSamples onset positions in samples, ascending
 */
export function slicesFromOnsets(
  mono: Float32Array,
  sampleRateHz: number,
  onsetSamples: readonly number[],
  options: Partial<SliceOptions> = {},
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
    const peak = sliceAbsPeak(mono, bits, start, end);
    const floor = peak * tailGain;
    while (end > onset + minLen && Math.abs(mono[end - 1] as number) <= floor) end--;
    if (end - start < minLen || peak <= 0) continue;
    out.push({ startSec: start / sampleRateHz, onsetSec: onset / sampleRateHz, endSec: end / sampleRateHz, peak });
  }
  return out;
}
