/**
 * Per-frame motion measurement on small gray frames, streaming (only the previous frame is kept):
 *  1. brightness normalisation — each frame is mapped to zero mean and a fixed contrast, so flicker,
 *     exposure drift and fades (affine changes of the whole picture) do not register as motion;
 *  2. global motion — the camera's translation (pans, shake) from `GlobalMotionEstimator`, removed by
 *     warping the previous frame before differencing;
 *  3. object motion — the residual difference, thresholded relative to its own robust noise level
 *     (grain and compression noise scale with the picture), as a soft weight per pixel;
 *  4. regions — weights summed into cells, cells joined into connected regions (with a one-cell bridge so
 *     the two halves of a fast object's difference stay one region), each with weight, centroid and size;
 *  5. a change score for cut detection: 1 − correlation of the normalised frames on a coarse grid.
 * Allocation happens once per frame size; the hot loops only read and write preallocated arrays.
 */
import { bilinearAt, GlobalMotionEstimator, type Shift, robustScale } from './globalMotion';
import type { AnalyzeOptions } from './options';

export interface MotionRegion {
  /** centroid in analysis pixels (current frame coordinates) */
  x: number;
  y: number;
  /** soft motion weight ≈ moving pixels */
  weight: number;
  /** bounding box in pixels */
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** touches the picture border (objects entering or leaving) */
  atBorder: boolean;
  /** below the weight that can start a track: only continues one (the last, partial move before a stop) */
  weak: boolean;
}

export interface FrameMotion {
  index: number;
  t: number;
  /** the frame is (nearly) uniform — black during a fade — and carries no motion information */
  flat: boolean;
  /** camera shift from the previous frame (content displacement, pixels) */
  shift: Shift;
  /** 0..1 motion energy of the whole frame (object motion only) */
  energy: number;
  /** motion-weighted centroid 0..1, or 0.5 when nothing moves */
  x: number;
  y: number;
  /** 4×4 grid (row-major) of motion energy per region, 0..1 */
  grid: Float32Array;
  regions: MotionRegion[];
  /** 1 − correlation with the previous frame (0 same picture … 1 unrelated); 0 for the first frame */
  changeScore: number;
}

const TARGET_STD = 50;
const GRID = 4;
const COARSE = 8;
/** with a moving camera, a row/column with active pixels over this fraction of it is edge residue (a ball is ~8 % of the width, a box ~12 %) */
const LINE_FRACTION = 0.25;

export class FrameMotionExtractor {
  /** normalised frames k−stride … k (ring); motion is measured against the frame `stride` back */
  private readonly ring: Float32Array[];
  private readonly ringShift: Shift[];
  private pos = 0;
  /** consecutive usable frames before the current one */
  private depth = 0;
  private prev: Float32Array;
  private cur: Float32Array;
  private readonly diff: Float32Array;
  private readonly weight: Float32Array;
  private readonly cellsW: number;
  private readonly cellsH: number;
  private readonly cellSum: Float32Array;
  private readonly cellX: Float32Array;
  private readonly cellY: Float32Array;
  private readonly parent: Int32Array;
  private readonly rowActive: Uint16Array;
  private readonly colActive: Uint16Array;
  private readonly coarseW: number;
  private readonly coarseH: number;
  private prevCoarse: Float32Array;
  private curCoarse: Float32Array;
  private readonly estimator: GlobalMotionEstimator;
  private hasPrev = false;
  private prevFlat = true;
  private lastShift: Shift = { dx: 0, dy: 0 };

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly options: AnalyzeOptions,
    /** frames between the two pictures that are differenced (2 at 50/60 fps doubles the displacement over the noise) */
    readonly stride = 1,
  ) {
    const n = width * height;
    this.ring = [];
    this.ringShift = [];
    for (let i = 0; i <= stride; i++) {
      this.ring.push(new Float32Array(n));
      this.ringShift.push({ dx: 0, dy: 0 });
    }
    this.prev = this.ring[0] as Float32Array;
    this.cur = this.ring[1 % (stride + 1)] as Float32Array;
    this.diff = new Float32Array(n);
    this.weight = new Float32Array(n);
    this.cellsW = Math.ceil(width / options.cellPx);
    this.cellsH = Math.ceil(height / options.cellPx);
    const cells = this.cellsW * this.cellsH;
    this.cellSum = new Float32Array(cells);
    this.cellX = new Float32Array(cells);
    this.cellY = new Float32Array(cells);
    this.parent = new Int32Array(cells);
    this.rowActive = new Uint16Array(height);
    this.colActive = new Uint16Array(width);
    this.coarseW = Math.max(1, Math.floor(width / COARSE));
    this.coarseH = Math.max(1, Math.floor(height / COARSE));
    this.prevCoarse = new Float32Array(this.coarseW * this.coarseH);
    this.curCoarse = new Float32Array(this.coarseW * this.coarseH);
    this.estimator = new GlobalMotionEstimator(width, height);
  }

  /** Forget the previous frame (after a cut the next difference would be meaningless). */
  reset(): void {
    this.hasPrev = false;
    this.depth = 0;
    this.lastShift = { dx: 0, dy: 0 };
  }

  /** The frame just processed starts a new shot: later differences must not reach back across the cut. */
  markCut(): void {
    this.depth = 0;
    this.lastShift = { dx: 0, dy: 0 };
  }

  process(index: number, t: number, data: Uint8Array): FrameMotion {
    const { width, height } = this;
    const n = width * height;
    // 1. normalisation: mean and standard deviation of the frame
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i] as number;
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / n;
    const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    const flat = std < 2.5;
    const gain = flat ? 0 : TARGET_STD / std;
    const slots = this.stride + 1;
    const cur = this.ring[this.pos % slots] as Float32Array;
    this.cur = cur;
    this.prev = this.ring[(this.pos + slots - 1) % slots] as Float32Array;
    for (let i = 0; i < n; i++) cur[i] = ((data[i] as number) - mean) * gain;
    this.coarsen(cur, this.curCoarse);

    const result: FrameMotion = { index, t, flat, shift: { dx: 0, dy: 0 }, energy: 0, x: 0.5, y: 0.5, grid: new Float32Array(GRID * GRID), regions: [], changeScore: 0 };
    const curShift = this.ringShift[this.pos % slots] as Shift;
    curShift.dx = 0;
    curShift.dy = 0;
    if (this.hasPrev && !flat && !this.prevFlat) {
      result.changeScore = this.changeScore();
      const shift = this.estimator.estimate(this.prev, cur, this.lastShift);
      result.shift = shift;
      this.lastShift = shift;
      curShift.dx = shift.dx;
      curShift.dy = shift.dy;
      this.depth++;
      if (this.depth >= this.stride) {
        // camera displacement from frame k−stride to k is the sum of the per-frame shifts
        const total: Shift = { dx: 0, dy: 0 };
        for (let s = 0; s < this.stride; s++) {
          const sh = this.ringShift[(this.pos + slots - s) % slots] as Shift;
          total.dx += sh.dx;
          total.dy += sh.dy;
        }
        this.measureMotion(result, total, this.ring[(this.pos + 1) % slots] as Float32Array);
      }
    } else {
      this.depth = 0;
    }
    this.pos++;
    const pc = this.prevCoarse;
    this.prevCoarse = this.curCoarse;
    this.curCoarse = pc;
    this.hasPrev = true;
    this.prevFlat = flat;
    return result;
  }

  private coarsen(src: Float32Array, out: Float32Array): void {
    const { width, coarseW, coarseH } = this;
    out.fill(0);
    const k = 1 / (COARSE * COARSE);
    for (let cy = 0; cy < coarseH; cy++) {
      for (let y = cy * COARSE; y < (cy + 1) * COARSE; y++) {
        const row = y * width;
        for (let cx = 0; cx < coarseW; cx++) {
          let s = 0;
          const start = row + cx * COARSE;
          for (let x = 0; x < COARSE; x++) s += src[start + x] as number;
          out[cy * coarseW + cx] = (out[cy * coarseW + cx] as number) + s * k;
        }
      }
    }
  }

  /** 1 − Pearson correlation of the coarse normalised frames (blur makes it tolerant to small motion). */
  private changeScore(): number {
    const a = this.prevCoarse;
    const b = this.curCoarse;
    let sa = 0;
    let sb = 0;
    const m = a.length;
    for (let i = 0; i < m; i++) {
      sa += a[i] as number;
      sb += b[i] as number;
    }
    sa /= m;
    sb /= m;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < m; i++) {
      const x = (a[i] as number) - sa;
      const y = (b[i] as number) - sb;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    if (aa <= 1e-9 || bb <= 1e-9) return 0;
    return Math.max(0, Math.min(1, 1 - ab / Math.sqrt(aa * bb)));
  }

  private measureMotion(result: FrameMotion, shift: Shift, prev: Float32Array): void {
    const { width, height, diff, weight, cur, options } = this;
    const n = width * height;
    // 3. residual difference against the camera-compensated previous frame: cur(x) vs prev(x − d)
    // Sub-pixel misregistration and interpolation leave a residual proportional to the local gradient on
    // sharp edges (a thin line under camera shake), so that much of the difference is discounted when the
    // camera moved; with a still camera the warp is the identity and nothing is discounted.
    const edgeFactor = 0.45 * Math.min(1, 2 * (Math.abs(shift.dx) + Math.abs(shift.dy)));
    // borders uncovered by the camera move have no valid previous pixel (difference 0); inside them the
    // warped sample and the gradient stay within the picture and need no clamping
    const bx = Math.min(width, Math.ceil(Math.abs(shift.dx)) + 1);
    const by = Math.min(height, Math.ceil(Math.abs(shift.dy)) + 1);
    diff.fill(0);
    for (let y = by; y < height - by; y++) {
      const sy = y - shift.dy;
      const y0 = sy | 0;
      const fy = sy - y0;
      const rowS = y0 * width;
      const rowG = Math.round(sy) * width;
      for (let x = bx; x < width - bx; x++) {
        const i = y * width + x;
        const sx = x - shift.dx;
        const x0 = sx | 0;
        const fx = sx - x0;
        let d = Math.abs((cur[i] as number) - bilinearAt(prev, rowS + x0, width, fx, fy));
        if (edgeFactor > 0) {
          const j = rowG + Math.round(sx);
          const gx = 0.5 * ((prev[j + 1] as number) - (prev[j - 1] as number));
          const gy = 0.5 * ((prev[j + width] as number) - (prev[j - width] as number));
          d = Math.max(0, d - edgeFactor * Math.sqrt(gx * gx + gy * gy));
        }
        diff[i] = d;
      }
    }
    // median |difference| of a Gaussian is 0.674σ
    const sigma = robustScale(diff, n) / 0.674;
    const th = Math.max(options.minThreshold, options.noiseFactor * sigma);
    let total = 0;
    let sx = 0;
    let sy = 0;
    const grid = result.grid;
    const cellPx = options.cellPx;
    const { cellsW, cellSum, cellX, cellY } = this;
    cellSum.fill(0);
    cellX.fill(0);
    cellY.fill(0);
    const { rowActive, colActive } = this;
    rowActive.fill(0);
    colActive.fill(0);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        if ((diff[i] as number) > th) {
          rowActive[y] = (rowActive[y] as number) + 1;
          colActive[x] = (colActive[x] as number) + 1;
        }
      }
    }
    // A moving camera leaves a residual along a long straight high-contrast edge (the floor line under
    // shake) wherever the estimated shift is off by a fraction of a pixel; that residue spans most of a row
    // (or column) while a real object spans a small part of it. Such rows are dropped, so the residue does
    // not become a region that merges with the object touching the line. With a still camera nothing is dropped.
    const camMoved = Math.abs(shift.dx) + Math.abs(shift.dy) > 0.05;
    const rowLine = LINE_FRACTION * width;
    const colLine = LINE_FRACTION * height;
    for (let y = 0; y < height; y++) {
      const cyRow = ((y / cellPx) | 0) * cellsW;
      const gy = ((y * GRID) / height) | 0;
      const rowIsLine = camMoved && (rowActive[y] as number) >= rowLine;
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const d = diff[i] as number;
        const w = d <= th || rowIsLine || (camMoved && (colActive[x] as number) >= colLine) ? 0 : d >= 2 * th ? 1 : (d - th) / th;
        weight[i] = w;
        if (w === 0) continue;
        total += w;
        sx += w * x;
        sy += w * y;
        const c = cyRow + ((x / cellPx) | 0);
        cellSum[c] = (cellSum[c] as number) + w;
        cellX[c] = (cellX[c] as number) + w * x;
        cellY[c] = (cellY[c] as number) + w * y;
        const g = gy * GRID + (((x * GRID) / width) | 0);
        grid[g] = (grid[g] as number) + w;
      }
    }
    const cellArea = n / (GRID * GRID);
    for (let g = 0; g < GRID * GRID; g++) grid[g] = Math.min(1, (grid[g] as number) / (0.1 * cellArea));
    // energy saturates when ~4 % of the picture moves
    result.energy = 1 - Math.exp(-total / (0.04 * n));
    if (total > 0) {
      // centroid in pixel centres, normalised
      result.x = (sx / total + 0.5) / width;
      result.y = (sy / total + 0.5) / height;
    }
    result.regions = this.regionsFromCells();
  }

  /** Union–find over active cells; neighbours up to two cells apart join (bridges a one-cell gap). */
  private regionsFromCells(): MotionRegion[] {
    const { cellsW, cellsH, cellSum, cellX, cellY, parent, width, height, options } = this;
    const cells = cellsW * cellsH;
    const activeMin = 0.5;
    const find = (a: number): number => {
      let r = a;
      while (parent[r] !== r) r = parent[r] as number;
      let c = a;
      while (parent[c] !== r) {
        const next = parent[c] as number;
        parent[c] = r;
        c = next;
      }
      return r;
    };
    for (let c = 0; c < cells; c++) parent[c] = (cellSum[c] as number) >= activeMin ? c : -1;
    for (let cy = 0; cy < cellsH; cy++) {
      for (let cx = 0; cx < cellsW; cx++) {
        const c = cy * cellsW + cx;
        if ((parent[c] as number) < 0) continue;
        // look at the half-neighbourhood already visited: rows above (±2) and the two cells to the left
        for (let dy = -2; dy <= 0; dy++) {
          const ny = cy + dy;
          if (ny < 0) continue;
          for (let dx = -2; dx <= 2; dx++) {
            if (dy === 0 && dx >= 0) break;
            const nx = cx + dx;
            if (nx < 0 || nx >= cellsW) continue;
            const nc = ny * cellsW + nx;
            if ((parent[nc] as number) < 0) continue;
            const ra = find(c);
            const rb = find(nc);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
        }
      }
    }
    // accumulate per root, in cell order (deterministic)
    const acc = new Map<number, MotionRegion & { sx: number; sy: number }>();
    const cellPx = options.cellPx;
    for (let c = 0; c < cells; c++) {
      if ((parent[c] as number) < 0) continue;
      const r = find(c);
      const cx = c % cellsW;
      const cy = (c / cellsW) | 0;
      let reg = acc.get(r);
      if (!reg) {
        reg = { x: 0, y: 0, weight: 0, left: cx * cellPx, top: cy * cellPx, right: (cx + 1) * cellPx, bottom: (cy + 1) * cellPx, atBorder: false, weak: false, sx: 0, sy: 0 };
        acc.set(r, reg);
      }
      reg.weight += cellSum[c] as number;
      reg.sx += cellX[c] as number;
      reg.sy += cellY[c] as number;
      reg.left = Math.min(reg.left, cx * cellPx);
      reg.top = Math.min(reg.top, cy * cellPx);
      reg.right = Math.max(reg.right, Math.min(width, (cx + 1) * cellPx));
      reg.bottom = Math.max(reg.bottom, Math.min(height, (cy + 1) * cellPx));
    }
    const out: MotionRegion[] = [];
    for (const reg of acc.values()) {
      if (reg.weight < options.minBlobWeight / 4) continue;
      const margin = cellPx + 1;
      out.push({
        x: reg.sx / reg.weight + 0.5,
        y: reg.sy / reg.weight + 0.5,
        weight: reg.weight,
        left: reg.left,
        top: reg.top,
        right: reg.right,
        bottom: reg.bottom,
        atBorder: reg.left < margin || reg.top < margin || reg.right > width - margin || reg.bottom > height - margin,
        weak: reg.weight < options.minBlobWeight,
      });
    }
    out.sort((a, b) => b.weight - a.weight || a.x - b.x || a.y - b.y);
    return out;
  }
}
