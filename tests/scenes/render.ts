/**
 * Analytic rendering for test scenes: a seeded textured background (value noise, several octaves) and
 * anti-aliased shapes drawn with exact pixel coverage, into 8-bit gray frames. Everything is a pure
 * function of its arguments, so a scene renders the same bytes on every machine.
 */
import { createRng } from '../../bridge-server/core/rng';

export interface Texture {
  width: number;
  height: number;
  /** 0..255 */
  data: Float32Array;
}

/** Smooth value noise: random lattice values, bilinear-interpolated with a smoothstep, summed over octaves. */
export function makeTexture(width: number, height: number, seed: number, options: { cellPx?: number; octaves?: number; mean?: number; contrast?: number } = {}): Texture {
  const rng = createRng(seed);
  const data = new Float32Array(width * height);
  const octaves = options.octaves ?? 3;
  let cell = options.cellPx ?? 24;
  let amp = 1;
  let ampSum = 0;
  for (let o = 0; o < octaves; o++) {
    const gw = Math.ceil(width / cell) + 2;
    const gh = Math.ceil(height / cell) + 2;
    const grid = new Float32Array(gw * gh);
    for (let i = 0; i < grid.length; i++) grid[i] = rng.next() * 2 - 1;
    for (let y = 0; y < height; y++) {
      const gy = y / cell;
      const y0 = Math.floor(gy);
      const fy = gy - y0;
      const sy = fy * fy * (3 - 2 * fy);
      for (let x = 0; x < width; x++) {
        const gx = x / cell;
        const x0 = Math.floor(gx);
        const fx = gx - x0;
        const sx = fx * fx * (3 - 2 * fx);
        const a = grid[y0 * gw + x0] as number;
        const b = grid[y0 * gw + x0 + 1] as number;
        const c = grid[(y0 + 1) * gw + x0] as number;
        const d = grid[(y0 + 1) * gw + x0 + 1] as number;
        const v = a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
        data[y * width + x] = (data[y * width + x] as number) + amp * v;
      }
    }
    ampSum += amp;
    amp *= 0.55;
    cell = Math.max(2, cell / 2);
  }
  const mean = options.mean ?? 125;
  const contrast = options.contrast ?? 55;
  for (let i = 0; i < data.length; i++) data[i] = mean + (contrast * (data[i] as number)) / ampSum;
  return { width, height, data };
}

/** Copies a window of the texture at a sub-pixel offset (bilinear) into a float frame. */
export function sampleTexture(tex: Texture, offsetX: number, offsetY: number, out: Float32Array, width: number, height: number): void {
  const ox = Math.floor(offsetX);
  const oy = Math.floor(offsetY);
  const fx = offsetX - ox;
  const fy = offsetY - oy;
  for (let y = 0; y < height; y++) {
    const ty = Math.min(tex.height - 2, Math.max(0, y + oy));
    for (let x = 0; x < width; x++) {
      const tx = Math.min(tex.width - 2, Math.max(0, x + ox));
      const i = ty * tex.width + tx;
      const a = tex.data[i] as number;
      const b = tex.data[i + 1] as number;
      const c = tex.data[i + tex.width] as number;
      const d = tex.data[i + tex.width + 1] as number;
      out[y * width + x] = a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }
  }
}

/** Anti-aliased disk: coverage = clamp(r + 0.5 − distance from pixel centre); slight radial shading gives texture. */
export function drawDisk(frame: Float32Array, width: number, height: number, cx: number, cy: number, r: number, value: number): void {
  const x0 = Math.max(0, Math.floor(cx - r - 1));
  const x1 = Math.min(width - 1, Math.ceil(cx + r + 1));
  const y0 = Math.max(0, Math.floor(cy - r - 1));
  const y1 = Math.min(height - 1, Math.ceil(cy + r + 1));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const d = Math.sqrt(dx * dx + dy * dy);
      const cov = Math.min(1, Math.max(0, r + 0.5 - d));
      if (cov <= 0) continue;
      const shade = value * (1 - 0.25 * (d / r) * (d / r)) + 0.15 * value * (dx / r);
      const i = y * width + x;
      frame[i] = (frame[i] as number) * (1 - cov) + shade * cov;
    }
  }
}

/** Anti-aliased axis-aligned rectangle with exact area coverage; a stripe pattern keeps it textured. */
export function drawRect(frame: Float32Array, width: number, height: number, left: number, top: number, w: number, h: number, value: number): void {
  const right = left + w;
  const bottom = top + h;
  const x0 = Math.max(0, Math.floor(left));
  const x1 = Math.min(width - 1, Math.ceil(right));
  const y0 = Math.max(0, Math.floor(top));
  const y1 = Math.min(height - 1, Math.ceil(bottom));
  for (let y = y0; y <= y1; y++) {
    const cy = Math.min(y + 1, bottom) - Math.max(y, top);
    if (cy <= 0) continue;
    for (let x = x0; x <= x1; x++) {
      const cx = Math.min(x + 1, right) - Math.max(x, left);
      if (cx <= 0) continue;
      const cov = Math.min(1, cx * cy);
      const u = x + 0.5 - left;
      const shade = value + 18 * Math.sin(u * 0.9) ;
      const i = y * width + x;
      frame[i] = (frame[i] as number) * (1 - cov) + shade * cov;
    }
  }
}

/** Float frame → 8-bit gray with optional gain/offset (flicker, fades) and seeded Gaussian grain. */
export function quantize(frame: Float32Array, out: Uint8Array, gain: number, offset: number, grainSigma: number, seed: number): void {
  const rng = createRng(seed);
  for (let i = 0; i < frame.length; i++) {
    const v = (frame[i] as number) * gain + offset + (grainSigma > 0 ? grainSigma * rng.gauss() : 0);
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
}
