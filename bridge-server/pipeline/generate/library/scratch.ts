/**
 * Reusable buffers for the synchronous part of analysing one file. Every file needs a few arrays as
 * long as the recording (the file bytes, decoded channels, the mono mix, the detection copy); fresh
 * ones cost more than the work done on them (zero-filling and first-touch page faults of ~1 MB per
 * array, then garbage collection), so the indexer keeps one set per thread and hands out views.
 *
 * Rules: a view is valid until the next request for the same slot, so it must not outlive the
 * synchronous analysis of one file (no `await` in between, nothing stored); recordings above
 * `MAX_POOLED_ELEMENTS` get fresh arrays so a long file does not pin its memory for the rest of the run.
 */

const MAX_POOLED_ELEMENTS = 1 << 22; // 4 M samples, ~87 s at 48 kHz: 16 MB per Float32 slot

export type Float32Slot = 'channel0' | 'channel1' | 'mono' | 'detection';

export class ScratchBuffers {
  private readonly floats = new Map<Float32Slot, Float32Array>();
  private bytes: Uint8Array = new Uint8Array(0);

  /** A Float32Array of exactly `length` elements (contents undefined: callers overwrite every element). */
  float32(slot: Float32Slot, length: number): Float32Array {
    if (length > MAX_POOLED_ELEMENTS) return new Float32Array(length);
    let buf = this.floats.get(slot);
    if (!buf || buf.length < length) {
      buf = new Float32Array(Math.max(length, Math.min(MAX_POOLED_ELEMENTS, (buf?.length ?? 0) * 2)));
      this.floats.set(slot, buf);
    }
    return buf.subarray(0, length);
  }

  /** A byte buffer of at least `length` bytes (contents undefined). */
  byteBuffer(length: number): Uint8Array {
    if (length > MAX_POOLED_ELEMENTS * 4) return new Uint8Array(length);
    if (this.bytes.length < length) this.bytes = new Uint8Array(Math.max(length, Math.min(MAX_POOLED_ELEMENTS * 4, this.bytes.length * 2)));
    return this.bytes;
  }
}
