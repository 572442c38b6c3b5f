/**
 * Sub-frame contact time from a region's trajectory. The centroid of a difference image between frames
 * j−1 and j sits halfway between the object's positions in those frames, so each sample is modelled as
 * c_j = ½(p(j−s) + p(j)) (s = 1, or the differencing stride at high frame rates) with p a "broken stick": one quadratic before the contact time T and another after
 * it, joined at T (continuous position, free velocity and acceleration on each side — a bounce flips the
 * velocity, a stop sets it to zero). For a fixed T the model is linear, so T is found by scanning it over
 * a few frames (coarse, then fine) and solving a small ridge-regularised least-squares problem per axis;
 * the T with the least squared error wins. This is segmented regression (Hudson 1966) applied to the
 * difference-centroid model; accuracy is set by centroid noise, not by the frame grid.
 */

export interface TrackSample {
  /** frame index */
  k: number;
  x: number;
  y: number;
}

export interface ContactFit {
  /** contact time in frame units (frame index scale: frame k starts at k) */
  t: number;
  /** position at contact */
  x: number;
  y: number;
  /** velocity just before and just after, px per frame */
  v1x: number;
  v1y: number;
  v2x: number;
  v2y: number;
  /** acceleration before and after, px per frame² */
  a1x: number;
  a1y: number;
  a2x: number;
  a2y: number;
  /** root mean square residual, px */
  rms: number;
}

/** default ridge weight on the acceleration terms: keeps short windows from bending */
export const ACCEL_RIDGE = 0.05;

function basisAt(t: number, contact: number, stop: boolean, out: Float64Array): void {
  const tau = t - contact;
  const pre = tau < 0 ? tau : 0;
  const post = tau > 0 ? tau : 0;
  out[0] = 1;
  out[1] = pre;
  out[2] = 0.5 * pre * pre;
  if (!stop) {
    out[3] = post;
    out[4] = 0.5 * post * post;
  }
}

/** Solves the symmetric system a·x = b (size m, row-major) in place by Gaussian elimination with pivoting. */
function solve(a: Float64Array, b: Float64Array, m: number, x: Float64Array): boolean {
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * m + c] as number) > Math.abs(a[piv * m + c] as number)) piv = r;
    const p = a[piv * m + c] as number;
    if (Math.abs(p) < 1e-12) return false;
    if (piv !== c) {
      for (let k = 0; k < m; k++) {
        const tmp = a[c * m + k] as number;
        a[c * m + k] = a[piv * m + k] as number;
        a[piv * m + k] = tmp;
      }
      const tb = b[c] as number;
      b[c] = b[piv] as number;
      b[piv] = tb;
    }
    for (let r = c + 1; r < m; r++) {
      const f = (a[r * m + c] as number) / (a[c * m + c] as number);
      if (f === 0) continue;
      for (let k = c; k < m; k++) a[r * m + k] = (a[r * m + k] as number) - f * (a[c * m + k] as number);
      b[r] = (b[r] as number) - f * (b[c] as number);
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let k = r + 1; k < m; k++) s -= (a[r * m + k] as number) * (x[k] as number);
    x[r] = s / (a[r * m + r] as number);
  }
  return true;
}

interface Scratch {
  rowA: Float64Array;
  rowB: Float64Array;
  row: Float64Array;
  ata: Float64Array;
  atbx: Float64Array;
  atby: Float64Array;
  a2: Float64Array;
  b2: Float64Array;
  px: Float64Array;
  py: Float64Array;
}

function makeScratch(): Scratch {
  return {
    rowA: new Float64Array(5),
    rowB: new Float64Array(5),
    row: new Float64Array(5),
    ata: new Float64Array(25),
    atbx: new Float64Array(5),
    atby: new Float64Array(5),
    a2: new Float64Array(25),
    b2: new Float64Array(5),
    px: new Float64Array(5),
    py: new Float64Array(5),
  };
}

/** Least-squares fit for one contact time; returns the summed squared error (x and y) and fills params. */
function fitAt(samples: readonly TrackSample[], contact: number, stop: boolean, s: Scratch, ridge: number, stride: number): number {
  const m = stop ? 3 : 5;
  s.ata.fill(0);
  s.atbx.fill(0);
  s.atby.fill(0);
  for (const smp of samples) {
    basisAt(smp.k - stride, contact, stop, s.rowA);
    basisAt(smp.k, contact, stop, s.rowB);
    for (let i = 0; i < m; i++) s.row[i] = 0.5 * ((s.rowA[i] as number) + (s.rowB[i] as number));
    for (let i = 0; i < m; i++) {
      const ri = s.row[i] as number;
      s.atbx[i] = (s.atbx[i] as number) + ri * smp.x;
      s.atby[i] = (s.atby[i] as number) + ri * smp.y;
      for (let j = 0; j < m; j++) s.ata[i * m + j] = (s.ata[i * m + j] as number) + ri * (s.row[j] as number);
    }
  }
  // ridge on accelerations (columns 2 and 4)
  s.ata[2 * m + 2] = (s.ata[2 * m + 2] as number) + ridge;
  if (!stop) s.ata[4 * m + 4] = (s.ata[4 * m + 4] as number) + ridge;
  s.a2.set(s.ata.subarray(0, m * m));
  s.b2.set(s.atbx.subarray(0, m));
  if (!solve(s.a2, s.b2, m, s.px)) return Infinity;
  s.a2.set(s.ata.subarray(0, m * m));
  s.b2.set(s.atby.subarray(0, m));
  if (!solve(s.a2, s.b2, m, s.py)) return Infinity;
  let sse = 0;
  for (const smp of samples) {
    basisAt(smp.k - stride, contact, stop, s.rowA);
    basisAt(smp.k, contact, stop, s.rowB);
    let fx = 0;
    let fy = 0;
    for (let i = 0; i < m; i++) {
      const r = 0.5 * ((s.rowA[i] as number) + (s.rowB[i] as number));
      fx += r * (s.px[i] as number);
      fy += r * (s.py[i] as number);
    }
    sse += (fx - smp.x) * (fx - smp.x) + (fy - smp.y) * (fy - smp.y);
  }
  return sse;
}

/**
 * Best contact time in [tMin, tMax] (frame units). `stop`: the object is at rest after the contact
 * (no samples after it are needed); otherwise it moves on (bounce, deflection).
 */
export function fitContact(samples: readonly TrackSample[], tMin: number, tMax: number, stop: boolean, ridge = ACCEL_RIDGE, stride = 1): ContactFit | undefined {
  if (samples.length < (stop ? 3 : 5)) return undefined;
  const s = makeScratch();
  let bestT = tMin;
  let best = Infinity;
  const coarse = 0.02;
  for (let t = tMin; t <= tMax + 1e-9; t += coarse) {
    const e = fitAt(samples, t, stop, s, ridge, stride);
    if (e < best) {
      best = e;
      bestT = t;
    }
  }
  if (!Number.isFinite(best)) return undefined;
  const lo = Math.max(tMin, bestT - coarse);
  const hi = Math.min(tMax, bestT + coarse);
  for (let i = 0; i <= 40; i++) {
    const t = lo + ((hi - lo) * i) / 40;
    const e = fitAt(samples, t, stop, s, ridge, stride);
    if (e < best) {
      best = e;
      bestT = t;
    }
  }
  fitAt(samples, bestT, stop, s, ridge, stride);
  return {
    t: bestT,
    x: s.px[0] as number,
    y: s.py[0] as number,
    v1x: s.px[1] as number,
    v1y: s.py[1] as number,
    v2x: stop ? 0 : (s.px[3] as number),
    v2y: stop ? 0 : (s.py[3] as number),
    a1x: s.px[2] as number,
    a1y: s.py[2] as number,
    a2x: stop ? 0 : (s.px[4] as number),
    a2y: stop ? 0 : (s.py[4] as number),
    rms: Math.sqrt(best / samples.length),
  };
}

/** Position of the fitted path at time t (frame units): the pre-contact quadratic before fit.t, the post-contact one after. */
export function fittedPosition(fit: ContactFit, t: number): { x: number; y: number } {
  const tau = t - fit.t;
  if (tau <= 0) return { x: fit.x + fit.v1x * tau + 0.5 * fit.a1x * tau * tau, y: fit.y + fit.v1y * tau + 0.5 * fit.a1y * tau * tau };
  return { x: fit.x + fit.v2x * tau + 0.5 * fit.a2x * tau * tau, y: fit.y + fit.v2y * tau + 0.5 * fit.a2y * tau * tau };
}

/**
 * What the fitted path predicts for the measured velocity (c(k) − c(k−span)) / span of difference-image
 * centroids, c(j) = ½(p(j−stride) + p(j)). The fit's own velocity is instantaneous at the contact; comparing it with a
 * velocity measured a frame or two earlier would blame a curved approach (a foot's arc) on the fit.
 */
export function fittedSampleVelocity(fit: ContactFit, k: number, stride: number, span = 1): { x: number; y: number } {
  const c = (j: number): { x: number; y: number } => {
    const a = fittedPosition(fit, j - stride);
    const b = fittedPosition(fit, j);
    return { x: 0.5 * (a.x + b.x), y: 0.5 * (a.y + b.y) };
  };
  const c1 = c(k);
  const c0 = c(k - span);
  return { x: (c1.x - c0.x) / span, y: (c1.y - c0.y) / span };
}

/**
 * Squared error of the best smooth path (one quadratic per axis over the window). A real contact bends the
 * path within a frame, which no quadratic follows; a smooth turn (the top of an arc) fits one well.
 */
export function smoothFitSse(samples: readonly TrackSample[]): number {
  if (samples.length < 4) return Infinity;
  const k0 = (samples[0] as TrackSample).k;
  const a = new Float64Array(9);
  const bx = new Float64Array(3);
  const by = new Float64Array(3);
  const row = new Float64Array(3);
  for (const smp of samples) {
    const u = smp.k - k0;
    row[0] = 1;
    row[1] = u;
    row[2] = u * u;
    for (let i = 0; i < 3; i++) {
      bx[i] = (bx[i] as number) + (row[i] as number) * smp.x;
      by[i] = (by[i] as number) + (row[i] as number) * smp.y;
      for (let j = 0; j < 3; j++) a[i * 3 + j] = (a[i * 3 + j] as number) + (row[i] as number) * (row[j] as number);
    }
  }
  const px = new Float64Array(3);
  const py = new Float64Array(3);
  if (!solve(Float64Array.from(a), bx, 3, px) || !solve(Float64Array.from(a), by, 3, py)) return Infinity;
  let sse = 0;
  for (const smp of samples) {
    const u = smp.k - k0;
    const fx = (px[0] as number) + (px[1] as number) * u + (px[2] as number) * u * u;
    const fy = (py[0] as number) + (py[1] as number) * u + (py[2] as number) * u * u;
    sse += (fx - smp.x) * (fx - smp.x) + (fy - smp.y) * (fy - smp.y);
  }
  return sse;
}
