/**
 * In-place radix-2 complex FFT with precomputed twiddles and bit-reversal table, plus a magnitude
 * helper for real frames. Owned by dsp/; used by the onset detector and spectral features.
 * Reference: Cooley–Tukey iterative decimation-in-time (e.g. Numerical Recipes §12.2).
 */

export interface FftPlan {
  readonly size: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly bitReversed: Uint32Array;
  /** scratch buffers reused by `realMagnitudes` so hot loops do not allocate */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

export function createFftPlan(size: number): FftPlan {
  if (!isPowerOfTwo(size) || size < 2) throw new RangeError(`FFT size must be a power of two >= 2, got ${size}`);
  const half = size >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  const bits = Math.log2(size);
  const bitReversed = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    bitReversed[i] = r;
  }
  return { size, cos, sin, bitReversed, re: new Float64Array(size), im: new Float64Array(size) };
}

/** Forward FFT of (re, im) in place. */
export function fftInPlace(plan: FftPlan, re: Float64Array, im: Float64Array): void {
  const n = plan.size;
  const rev = plan.bitReversed;
  for (let i = 0; i < n; i++) {
    const j = rev[i] as number;
    if (j > i) {
      const tr = re[i] as number;
      re[i] = re[j] as number;
      re[j] = tr;
      const ti = im[i] as number;
      im[i] = im[j] as number;
      im[j] = ti;
    }
  }
  const cos = plan.cos;
  const sin = plan.sin;
  // twiddle-outer loop order (each twiddle loaded once per stage) with integer indices; every butterfly
  // does the same arithmetic as the textbook order, so results are identical
  for (let len = 2; len <= n; len <<= 1) {
    const halfLen = len >> 1;
    const step = (n / len) | 0;
    for (let k = 0; k < halfLen; k++) {
      const wr = cos[k * step] as number;
      const wi = sin[k * step] as number;
      for (let a = k; a < n; a += len) {
        const b = a + halfLen;
        const xr = re[b] as number;
        const xi = im[b] as number;
        const tr = wr * xr - wi * xi;
        const ti = wr * xi + wi * xr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[b] = ar - tr;
        im[b] = ai - ti;
        re[a] = ar + tr;
        im[a] = ai + ti;
      }
    }
  }
}

/** A plan for real-input transforms of `size` samples: a half-size complex FFT plus the split twiddles. */
export interface RealFftPlan {
  readonly size: number;
  readonly half: FftPlan;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

const realPlans = new Map<number, RealFftPlan>();

/**
 * Plans are cached per size (building the tables costs more than a transform); a plan's scratch buffers
 * are only used inside one synchronous realMagnitudes call, so sharing is safe.
 */
export function createRealFftPlan(size: number): RealFftPlan {
  if (!isPowerOfTwo(size) || size < 4) throw new RangeError(`real FFT size must be a power of two >= 4, got ${size}`);
  const cached = realPlans.get(size);
  if (cached) return cached;
  const plan = buildRealFftPlan(size);
  realPlans.set(size, plan);
  return plan;
}

function buildRealFftPlan(size: number): RealFftPlan {
  const half = createFftPlan(size >> 1);
  const cos = new Float64Array(size >> 1);
  const sin = new Float64Array(size >> 1);
  for (let k = 0; k < size >> 1; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  return { size, half, cos, sin };
}

/**
 * Magnitudes |X_k|, k = 0..size/2, of `window · samples[offset .. offset+size)` (zero outside the array)
 * written into `out` (length size/2 + 1). Real input is packed into a half-size complex FFT
 * (even samples → re, odd → im) and split afterwards, which halves the work.
 */
export function realMagnitudes(plan: RealFftPlan, samples: Float32Array, offset: number, window: Float64Array, out: Float64Array): void {
  const m = plan.size >> 1;
  const re = plan.half.re;
  const im = plan.half.im;
  const len = samples.length;
  if (offset >= 0 && offset + plan.size <= len) {
    for (let i = 0; i < m; i++) {
      const j = offset + 2 * i;
      re[i] = (samples[j] as number) * (window[2 * i] as number);
      im[i] = (samples[j + 1] as number) * (window[2 * i + 1] as number);
    }
  } else {
    for (let i = 0; i < m; i++) {
      const j = offset + 2 * i;
      re[i] = j >= 0 && j < len ? (samples[j] as number) * (window[2 * i] as number) : 0;
      im[i] = j + 1 >= 0 && j + 1 < len ? (samples[j + 1] as number) * (window[2 * i + 1] as number) : 0;
    }
  }
  fftInPlace(plan.half, re, im);
  const cos = plan.cos;
  const sin = plan.sin;
  out[0] = Math.abs((re[0] as number) + (im[0] as number));
  out[m] = Math.abs((re[0] as number) - (im[0] as number));
  for (let k = 1; k < m; k++) {
    const zr = re[k] as number;
    const zi = im[k] as number;
    const cr = re[m - k] as number;
    const ci = -(im[m - k] as number);
    // even part E = (Z[k] + conj Z[m-k]) / 2, odd part O = (Z[k] - conj Z[m-k]) / 2i
    const er = 0.5 * (zr + cr);
    const ei = 0.5 * (zi + ci);
    const or = 0.5 * (zi - ci);
    const oi = -0.5 * (zr - cr);
    const wr = cos[k] as number;
    const wi = sin[k] as number;
    const xr = er + wr * or - wi * oi;
    const xi = ei + wr * oi + wi * or;
    out[k] = Math.sqrt(xr * xr + xi * xi);
  }
}

const hannWindows = new Map<number, Float64Array>();

/** A shared Hann window of `size` (callers must not modify it). */
export function sharedHannWindow(size: number): Float64Array {
  let w = hannWindows.get(size);
  if (!w) {
    w = hannWindow(size);
    hannWindows.set(size, w);
  }
  return w;
}

export function hannWindow(size: number): Float64Array {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return w;
}
