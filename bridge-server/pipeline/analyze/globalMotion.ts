/**
 * Global (camera) motion between two brightness-normalised frames: one translation estimated by
 * coarse-to-fine Lucas–Kanade (Lucas & Kanade 1981; Bouguet's pyramidal form) with robust reweighting,
 * so a moving object covering part of the frame does not drag the estimate. Pans and shake become a
 * shift that the motion stage removes before differencing. Buffers are allocated once per frame size.
 */

export interface Shift {
  dx: number;
  dy: number;
}

/** Bilinear interpolation inside the cell whose top-left pixel is i, at fractions (fx, fy) of a pixel. */
export function bilinearAt(img: Float32Array, i: number, width: number, fx: number, fy: number): number {
  const a = img[i] as number;
  const b = img[i + 1] as number;
  const c = img[i + width] as number;
  const d = img[i + width + 1] as number;
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/** Bilinear sample with edge clamping. */
export function sampleBilinear(img: Float32Array, width: number, height: number, x: number, y: number): number {
  const xc = x < 0 ? 0 : x > width - 1.0001 ? width - 1.0001 : x;
  const yc = y < 0 ? 0 : y > height - 1.0001 ? height - 1.0001 : y;
  const x0 = xc | 0;
  const y0 = yc | 0;
  return bilinearAt(img, y0 * width + x0, width, xc - x0, yc - y0);
}

/** 2×2 mean downsampling into `out` (size ⌊w/2⌋×⌊h/2⌋). */
export function halve(src: Float32Array, width: number, height: number, out: Float32Array): void {
  const w2 = width >> 1;
  const h2 = height >> 1;
  for (let y = 0; y < h2; y++) {
    for (let x = 0; x < w2; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * w2 + x] = 0.25 * ((src[i] as number) + (src[i + 1] as number) + (src[i + width] as number) + (src[i + width + 1] as number));
    }
  }
}

/**
 * Refines `shift` (content displacement from `prev` to `cur`: cur(x + d) ≈ prev(x)) in place with a few
 * Gauss–Newton steps. Pixels whose residual is far above the median residual (moving objects) get zero weight.
 */
function refine(prev: Float32Array, cur: Float32Array, width: number, height: number, shift: Shift, iterations: number, residuals: Float32Array, signed: Float64Array): void {
  const margin = 2;
  for (let it = 0; it < iterations; it++) {
    // pass 1: residuals and their robust scale. The margin keeps x + d inside the image, so the bilinear
    // sample needs no clamping; it is kept for pass 2.
    let n = 0;
    const mx = margin + Math.ceil(Math.abs(shift.dx));
    const my = margin + Math.ceil(Math.abs(shift.dy));
    const dx = shift.dx;
    for (let y = my; y < height - my; y++) {
      const yc = y + shift.dy;
      const y0 = yc | 0;
      const fy = yc - y0;
      const rowC = y0 * width;
      const rowP = y * width;
      for (let x = mx; x < width - mx; x++) {
        const xc = x + dx;
        const x0 = xc | 0;
        const fx = xc - x0;
        const r = bilinearAt(cur, rowC + x0, width, fx, fy) - (prev[rowP + x] as number);
        signed[n] = r;
        residuals[n++] = Math.abs(r);
      }
    }
    if (n < 16) return;
    const scale = robustScale(residuals, n);
    const cutoff = 2.5 * scale + 1e-3;
    let hxx = 0;
    let hxy = 0;
    let hyy = 0;
    let bx = 0;
    let by = 0;
    n = 0;
    for (let y = my; y < height - my; y++) {
      for (let x = mx; x < width - mx; x++) {
        const r0 = residuals[n] as number;
        const r = signed[n++] as number;
        if (r0 > cutoff) continue;
        const i = y * width + x;
        const gx = 0.5 * ((prev[i + 1] as number) - (prev[i - 1] as number));
        const gy = 0.5 * ((prev[i + width] as number) - (prev[i - width] as number));
        hxx += gx * gx;
        hxy += gx * gy;
        hyy += gy * gy;
        bx += gx * r;
        by += gy * r;
      }
    }
    const det = hxx * hyy - hxy * hxy;
    if (!(det > 1e-6)) return;
    // cur(x + d + δ) ≈ cur(x + d) + ∇·δ and ∇cur ≈ ∇prev at convergence, so δ = −H⁻¹ b
    const ddx = -(hyy * bx - hxy * by) / det;
    const ddy = -(hxx * by - hxy * bx) / det;
    shift.dx += Math.max(-2, Math.min(2, ddx));
    shift.dy += Math.max(-2, Math.min(2, ddy));
    if (Math.abs(ddx) < 0.005 && Math.abs(ddy) < 0.005) return;
  }
}

/** Median of the first n values via a 256-bin histogram over [0, 4·mean] (fast, deterministic, good enough for a threshold). */
export function robustScale(values: Float32Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  const mean = sum / Math.max(1, n);
  if (mean <= 0) return 0;
  const top = 4 * mean;
  const bins = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    const b = Math.min(255, ((values[i] as number) / top) * 256) | 0;
    bins[b] = (bins[b] as number) + 1;
  }
  const half = n / 2;
  let acc = 0;
  for (let b = 0; b < 256; b++) {
    acc += bins[b] as number;
    if (acc >= half) return ((b + 0.5) / 256) * top;
  }
  return top;
}

export class GlobalMotionEstimator {
  private readonly w2: number;
  private readonly h2: number;
  private readonly prevSmall: Float32Array;
  private readonly curSmall: Float32Array;
  private readonly residuals: Float32Array;
  private readonly signed: Float64Array;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.w2 = width >> 1;
    this.h2 = height >> 1;
    this.prevSmall = new Float32Array(this.w2 * this.h2);
    this.curSmall = new Float32Array(this.w2 * this.h2);
    this.residuals = new Float32Array(width * height);
    this.signed = new Float64Array(width * height);
  }

  /** Content displacement from prev to cur, starting from `guess` (e.g. the previous frame's shift). */
  estimate(prev: Float32Array, cur: Float32Array, guess: Shift): Shift {
    halve(prev, this.width, this.height, this.prevSmall);
    halve(cur, this.width, this.height, this.curSmall);
    const s: Shift = { dx: guess.dx / 2, dy: guess.dy / 2 };
    refine(this.prevSmall, this.curSmall, this.w2, this.h2, s, 4, this.residuals, this.signed);
    s.dx *= 2;
    s.dy *= 2;
    refine(prev, cur, this.width, this.height, s, 3, this.residuals, this.signed);
    if (!Number.isFinite(s.dx) || !Number.isFinite(s.dy) || Math.abs(s.dx) > this.width / 4 || Math.abs(s.dy) > this.height / 4) return { dx: 0, dy: 0 };
    return s;
  }
}
