/**
 * Reusable work buffers for one render. Generators need temporary buffers (impulse trains, control curves)
 * as long as the sound; allocating
 * them fresh costs page faults on first touch and, for beds (megabytes per render), frequent garbage
 * collections. Rendering is synchronous, so a render can own a small set of buffers from `resetScratch()`
 * (called by renderSound before each generator) until it returns; `scratch(n)` hands out the next one,
 * zeroed. Buffers are views on pooled storage: never return one as a take's channel (one-shot output
 * buffers stay fresh allocations) and never keep one beyond the render.
 * Memory bound: at most MAX_SLOTS buffers of MAX_POOLED_SAMPLES are kept per pool (float32, float64); larger
 * or further requests are plain allocations (a 30-minute bed does not pin hundreds of megabytes).
 */

const MAX_SLOTS = 8;
/** 2^20 samples: a 10 s bed plus its crossfade at 48 kHz (552 000) fits, 21.8 s at 48 kHz in all. */
const MAX_POOLED_SAMPLES = 1 << 20;

interface Pool<T extends Float32Array | Float64Array> {
  slots: T[];
  next: number;
  create: (length: number) => T;
}

const pool32: Pool<Float32Array> = { slots: [], next: 0, create: (n) => new Float32Array(n) };
/** The same pool for float64 work buffers (accumulators written sample by sample, see scratch64). */
const pool64: Pool<Float64Array> = { slots: [], next: 0, create: (n) => new Float64Array(n) };

/** Starts a render: every pooled buffer is free again. */
export function resetScratch(): void {
  pool32.next = 0;
  pool64.next = 0;
}

/** A zeroed buffer of `length` samples, owned by the current render until the next resetScratch(). */
export function scratch(length: number): Float32Array {
  return take(pool32, length);
}

/**
 * scratch for float64: a work buffer that many passes add into sample by sample (a float32 buffer costs a
 * conversion each way per access). Same ownership and memory bound as scratch.
 */
export function scratch64(length: number): Float64Array {
  return take(pool64, length);
}

function take<T extends Float32Array | Float64Array>(pool: Pool<T>, length: number): T {
  if (length > MAX_POOLED_SAMPLES || pool.next >= MAX_SLOTS) return pool.create(length);
  const slot = pool.next++;
  let store = pool.slots[slot];
  if (!store || store.length < length) {
    // Grow to a comfortable size at once (most renders then never reallocate).
    store = pool.create(Math.min(MAX_POOLED_SAMPLES, Math.max(length, 1 << 19)));
    pool.slots[slot] = store;
    return store.subarray(0, length) as T;
  }
  const view = store.subarray(0, length) as T;
  view.fill(0);
  return view;
}
