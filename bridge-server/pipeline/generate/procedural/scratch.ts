/**
 * Reusable work buffers for one render. Generators need temporary buffers (impulse trains, control curves)
 * as long as the sound; allocating
 * them fresh costs page faults on first touch and, for beds (megabytes per render), frequent garbage
 * collections. Rendering is synchronous, so a render can own a small set of buffers from `resetScratch()`
 * (called by renderSound before each generator) until it returns; `scratch(n)` hands out the next one,
 * zeroed. Buffers are views on pooled storage: never return one as a take's channel (one-shot output
 * buffers stay fresh allocations) and never keep one beyond the render.
 * Memory bound: at most MAX_SLOTS buffers of MAX_POOLED_SAMPLES are kept; larger or further requests are
 * plain allocations (a 30-minute bed does not pin hundreds of megabytes).
 */

const MAX_SLOTS = 8;
/** 2^20 samples: a 10 s bed plus its crossfade at 48 kHz (552 000) fits, 21.8 s at 48 kHz in all. */
const MAX_POOLED_SAMPLES = 1 << 20;

const slots: Float32Array[] = [];
let next = 0;

/** Starts a render: every pooled buffer is free again. */
export function resetScratch(): void {
  next = 0;
}

/** A zeroed buffer of `length` samples, owned by the current render until the next resetScratch(). */
export function scratch(length: number): Float32Array {
  if (length > MAX_POOLED_SAMPLES || next >= MAX_SLOTS) return new Float32Array(length);
  const slot = next++;
  let store = slots[slot];
  if (!store || store.length < length) {
    // Grow to a comfortable size at once (most renders then never reallocate).
    store = new Float32Array(Math.min(MAX_POOLED_SAMPLES, Math.max(length, 1 << 19)));
    slots[slot] = store;
    return store.subarray(0, length);
  }
  const view = store.subarray(0, length);
  view.fill(0);
  return view;
}
