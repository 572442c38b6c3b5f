/**
 * Magnitude spectra of windowed real frames (onset detection, spectral features, the library indexer).
 * The frame is packed as a half-size complex signal (even samples → re, odd → im) written straight into
 * bit-reversed order; radix-2 decimation-in-time stages run two at a time on four points held in
 * registers (the same butterflies as one stage per pass, with half the loads, stores and loop overhead),
 * with contiguous per-stage twiddle tables; an even/odd split gives the real spectrum.
 * Reference: Cooley–Tukey iterative decimation in time (e.g. Numerical Recipes §12.2–12.3).
 */

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** Tables and scratch buffers of a real-input transform of `size` samples. */
export interface RealFftPlan {
  readonly size: number;
  /** complex points = size / 2, and log2 of it (radix-2 stages) */
  readonly points: number;
  readonly stages: number;
  /** bit-reversed position of complex point i */
  readonly slot: Uint32Array;
  /** twiddles of the stage with half-length h at [h, 2h): cos and −sin of 2πk/2h */
  readonly twRe: Float64Array;
  readonly twIm: Float64Array;
  /** split twiddles cos / −sin of 2πk/size */
  readonly splitRe: Float64Array;
  readonly splitIm: Float64Array;
  /** scratch used inside one synchronous realMagnitudes call */
  readonly re: Float64Array;
  readonly im: Float64Array;
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
  const points = size >> 1;
  const stages = Math.round(Math.log2(points));
  const slot = new Uint32Array(points);
  for (let i = 0; i < points; i++) {
    let r = 0;
    for (let b = 0; b < stages; b++) r = (r << 1) | ((i >> b) & 1);
    slot[i] = r;
  }
  const twRe = new Float64Array(Math.max(2, points));
  const twIm = new Float64Array(Math.max(2, points));
  for (let h = 1; h < points; h <<= 1) {
    for (let k = 0; k < h; k++) {
      twRe[h + k] = Math.cos((Math.PI * k) / h);
      twIm[h + k] = -Math.sin((Math.PI * k) / h);
    }
  }
  const splitRe = new Float64Array(points);
  const splitIm = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    splitRe[k] = Math.cos((2 * Math.PI * k) / size);
    splitIm[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  return { size, points, stages, slot, twRe, twIm, splitRe, splitIm, re: new Float64Array(points), im: new Float64Array(points) };
}

/** window · samples[offset .. offset+size) (zeros outside) → the packed half-size spectrum in plan.re/im. */
function transformFrame(plan: RealFftPlan, samples: Float32Array, offset: number, window: Float64Array): void {
  const { points, slot, twRe, twIm, re, im } = plan;
  const len = samples.length;
  if (offset >= 0 && offset + plan.size <= len) {
    for (let i = 0, j = offset; i < points; i++, j += 2) {
      const s = slot[i] as number;
      re[s] = (samples[j] as number) * (window[2 * i] as number);
      im[s] = (samples[j + 1] as number) * (window[2 * i + 1] as number);
    }
  } else {
    // the frame hangs over an end of the signal: zeros outside
    for (let i = 0, j = offset; i < points; i++, j += 2) {
      const s = slot[i] as number;
      re[s] = j >= 0 && j < len ? (samples[j] as number) * (window[2 * i] as number) : 0;
      im[s] = j + 1 >= 0 && j + 1 < len ? (samples[j + 1] as number) * (window[2 * i + 1] as number) : 0;
    }
  }
  let h = 1;
  if ((plan.stages & 1) === 1) {
    // an odd number of stages: the first one alone (twiddle 1)
    for (let a = 0; a < points; a += 2) {
      const br = re[a + 1] as number;
      const bi = im[a + 1] as number;
      const ar = re[a] as number;
      const ai = im[a] as number;
      re[a] = ar + br;
      im[a] = ai + bi;
      re[a + 1] = ar - br;
      im[a + 1] = ai - bi;
    }
    h = 2;
  }
  // two radix-2 stages per pass (half-lengths h and 2h) on four points held in registers
  for (; h < points; h <<= 2) {
    for (let base = 0; base < points; base += 4 * h) {
      for (let k = 0; k < h; k++) {
        const a = base + k;
        const b = a + h;
        const c = b + h;
        const d = c + h;
        const w1r = twRe[h + k] as number;
        const w1i = twIm[h + k] as number;
        const w2r = twRe[2 * h + k] as number;
        const w2i = twIm[2 * h + k] as number;
        const w3r = twRe[3 * h + k] as number;
        const w3i = twIm[3 * h + k] as number;
        // stage h: (a, b) and (c, d) with W_2h^k
        let xr = re[b] as number;
        let xi = im[b] as number;
        let tr = w1r * xr - w1i * xi;
        let ti = w1r * xi + w1i * xr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        const a1r = ar + tr;
        const a1i = ai + ti;
        const b1r = ar - tr;
        const b1i = ai - ti;
        xr = re[d] as number;
        xi = im[d] as number;
        tr = w1r * xr - w1i * xi;
        ti = w1r * xi + w1i * xr;
        const cr = re[c] as number;
        const ci = im[c] as number;
        const c1r = cr + tr;
        const c1i = ci + ti;
        const d1r = cr - tr;
        const d1i = ci - ti;
        // stage 2h: (a, c) with W_4h^k, (b, d) with W_4h^(k+h)
        tr = w2r * c1r - w2i * c1i;
        ti = w2r * c1i + w2i * c1r;
        re[a] = a1r + tr;
        im[a] = a1i + ti;
        re[c] = a1r - tr;
        im[c] = a1i - ti;
        tr = w3r * d1r - w3i * d1i;
        ti = w3r * d1i + w3i * d1r;
        re[b] = b1r + tr;
        im[b] = b1i + ti;
        re[d] = b1r - tr;
        im[d] = b1i - ti;
      }
    }
  }
}

/**
 * Magnitudes |X_k|, k = 0..size/2, of `window · samples[offset .. offset+size)` (zero outside the array)
 * written into `out` (length size/2 + 1). Real input is packed into a half-size complex FFT and split
 * afterwards, which halves the work.
 */
export function realMagnitudes(plan: RealFftPlan, samples: Float32Array, offset: number, window: Float64Array, out: Float64Array): void {
  transformFrame(plan, samples, offset, window);
  const { points, re, im, splitRe, splitIm } = plan;
  out[0] = Math.abs((re[0] as number) + (im[0] as number));
  out[points] = Math.abs((re[0] as number) - (im[0] as number));
  for (let k = 1; k < points; k++) {
    const zr = re[k] as number;
    const zi = im[k] as number;
    const cr = re[points - k] as number;
    const ci = im[points - k] as number;
    // E = (Z[k] + conj Z[M−k]) / 2, O = (Z[k] − conj Z[M−k]) / 2i, X = E + W^k·O
    const er = 0.5 * (zr + cr);
    const ei = 0.5 * (zi - ci);
    const or = 0.5 * (zi + ci);
    const oi = -0.5 * (zr - cr);
    const wr = splitRe[k] as number;
    const wi = splitIm[k] as number;
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
