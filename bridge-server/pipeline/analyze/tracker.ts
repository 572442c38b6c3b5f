/**
 * Follows moving regions from frame to frame (in camera-stabilised coordinates) and finds contacts on
 * each track: a bounce or deflection (velocity reverses or turns abruptly while motion goes on) or a stop
 * (sustained motion that ends abruptly). Candidates are screened with finite differences and then timed
 * by `fitContact`. Tracks keep only a short window of samples, so memory does not grow with the clip.
 * Association is greedy nearest-neighbour with a speed-dependent gate; regions left over inside an
 * assigned track's gate are merged into it (a fast object's difference image splits into two halves).
 */
import { ACCEL_RIDGE, fitContact, fittedSampleVelocity, smoothFitSse, type ContactFit, type TrackSample } from './contactFit';
import type { MotionRegion } from './frameMotion';

export interface TrackPoint extends TrackSample {
  weight: number;
  /** region size: sqrt(area) of its bounding box, px */
  size: number;
  atBorder: boolean;
  /** camera offset at this frame: image position = stabilised position + offset */
  ox: number;
  oy: number;
}

export interface Contact {
  /** contact time in frame units */
  t: number;
  /** image position at contact, px (analysis frame) */
  x: number;
  y: number;
  /** pre- and post-contact velocity, px/frame */
  v1x: number;
  v1y: number;
  v2x: number;
  v2y: number;
  kind: 'bounce' | 'stop';
  size: number;
  weight: number;
  track: number;
}

export interface MotionSpan {
  startFrame: number;
  endFrame: number;
  x: number;
  y: number;
  peakSpeed: number;
  size: number;
}

export interface TrackerSettings {
  /** slowest pre-contact speed, px/frame */
  minSpeed: number;
  minSpeedChangeRatio: number;
  /** speed of a motion span, px/frame, and its minimum length in frames */
  spanSpeed: number;
  minSpanFrames: number;
  width: number;
  height: number;
  /** differencing stride of the motion samples (see FrameMotionExtractor) */
  stride: number;
  /** frames per reference frame (`frameScaleOf`): 1 up to 60 fps, 2 at 100/120 fps */
  frameScale?: number;
}

/** the highest frame rate the tracker's windows, gates and noise allowances were tuned at */
export const MAX_REFERENCE_FPS = 60;

/**
 * The tracker's windows, look-aheads, search ranges and noise allowances are counted in *reference frames*
 * (tuned on 24–60 fps footage). Above 60 fps a frame is a fraction of that time: at 120 fps a 6-frame fit
 * window spans 50 ms instead of 100, a ball moves half as far between samples, velocities shrink towards the
 * centroid noise and accelerations (px/frame²) to a quarter, so bounces and stops no longer stand out. Every
 * such count is multiplied by this scale (frames per reference frame): 1 up to 60 fps, so nothing changes
 * there by construction; 2 at 100/119.88/120 fps; 4 at 240 fps.
 */
export function frameScaleOf(fps: number): number {
  return Math.max(1, Math.ceil(fps / MAX_REFERENCE_FPS - 1e-9));
}

interface Track {
  id: number;
  points: TrackPoint[];
  /** frame after which bounce candidates were already examined */
  examinedUpTo: number;
  /** contacts are not searched before this frame (after a found contact) */
  quietUntil: number;
  spanStart: number;
  spanPeak: number;
  spanSumX: number;
  spanSumY: number;
  spanCount: number;
  spanSize: number;
}

const KEEP = 14;
/** upward share of the pre-contact velocity that counts as rising */
const RISING_FRACTION = 0.2;
/** smooth-arc / kink squared-error ratio that a turn at the top of a climb needs to be a contact */
const CLEAR_KINK_RATIO = 6;
/** trailing samples weaker than this fraction of the track's median weight may be residue, not the object … */
const FAINT_FRACTION = 0.2;
/** … and at most this many of them are tried away when looking for a stop */
const MAX_FAINT_TAIL = 6;
/**
 * typical error of a region centroid, px (grain, encoding, the soft threshold): speeds and directions
 * from finite differences of centroids are compared with this much slack
 */
const CENTROID_NOISE_PX = 0.3;
/** frames after a candidate needed before a bounce is judged */
const LOOKAHEAD = 3;

function medianWeight(points: readonly TrackPoint[]): number {
  const w = points.map((p) => p.weight).sort((a, b) => a - b);
  return w.length > 0 ? (w[w.length >> 1] as number) : 0;
}

/**
 * The samples a contact is judged on. Where the object barely moves between the differenced frames (at a
 * bounce, at the top of a hop) its difference image all but vanishes, and what is left is residue
 * (grain, shake): such a sample, far fainter than the track's median, has a centroid that says nothing
 * about the object and is dropped. Samples from index `keepFrom` on are kept (a stop's faint tail is judged
 * separately).
 */
function withoutDropouts(points: readonly TrackPoint[], keepFrom: number): TrackPoint[] {
  const faint = FAINT_FRACTION * medianWeight(points);
  return points.filter((p, i) => i >= keepFrom || p.weight >= faint);
}

export class RegionTracker {
  private tracks: Track[] = [];
  private nextId = 0;
  readonly contacts: Contact[] = [];
  readonly spans: MotionSpan[] = [];

  /** frames per reference frame (see frameScaleOf) */
  private readonly scale: number;
  /** centroid noise as a velocity over one reference frame, px/frame */
  private readonly velocityNoise: number;

  constructor(private readonly settings: TrackerSettings) {
    this.scale = settings.frameScale ?? 1;
    this.velocityNoise = CENTROID_NOISE_PX / this.scale;
  }

  /** Feeds the regions of frame k, already in stabilised coordinates (camera offset removed). */
  update(k: number, regions: readonly MotionRegion[], offsetX: number, offsetY: number): void {
    const live = this.tracks;
    const pairs: Array<{ d: number; ti: number; ri: number }> = [];
    const gates: number[] = [];
    const predicted: Array<{ x: number; y: number }> = [];
    for (let ti = 0; ti < live.length; ti++) {
      const tr = live[ti] as Track;
      const last = tr.points[tr.points.length - 1] as TrackPoint;
      const prev = tr.points[tr.points.length - 2];
      const gap = k - last.k;
      let vx = 0;
      let vy = 0;
      if (prev) {
        vx = (last.x - prev.x) / (last.k - prev.k);
        vy = (last.y - prev.y) / (last.k - prev.k);
      }
      const p = { x: last.x + vx * gap, y: last.y + vy * gap };
      predicted.push(p);
      const gate = Math.max(10, 1.2 * Math.hypot(vx, vy) * gap + 0.6 * last.size);
      gates.push(gate);
      for (let ri = 0; ri < regions.length; ri++) {
        const r = regions[ri] as MotionRegion;
        const d = Math.hypot(r.x - offsetX - p.x, r.y - offsetY - p.y);
        if (d <= gate) pairs.push({ d, ti, ri });
      }
    }
    pairs.sort((a, b) => a.d - b.d || a.ti - b.ti || a.ri - b.ri);
    const regionTrack = new Int32Array(regions.length).fill(-1);
    const trackTaken = new Uint8Array(live.length);
    for (const p of pairs) {
      if (regionTrack[p.ri] !== -1 || trackTaken[p.ti]) continue;
      regionTrack[p.ri] = p.ti;
      trackTaken[p.ti] = 1;
    }
    // leftover regions inside an assigned track's gate belong to the same object
    for (const p of pairs) {
      if (regionTrack[p.ri] !== -1 || !trackTaken[p.ti] || (regions[p.ri] as MotionRegion).weak) continue;
      regionTrack[p.ri] = p.ti;
    }
    const merged = new Map<number, TrackPoint>();
    for (let ri = 0; ri < regions.length; ri++) {
      const ti = regionTrack[ri] as number;
      if (ti < 0) continue;
      const r = regions[ri] as MotionRegion;
      const pt = merged.get(ti);
      if (!pt) {
        merged.set(ti, this.pointOf(k, r, offsetX, offsetY));
      } else {
        const w = pt.weight + r.weight;
        pt.x = (pt.x * pt.weight + (r.x - offsetX) * r.weight) / w;
        pt.y = (pt.y * pt.weight + (r.y - offsetY) * r.weight) / w;
        pt.weight = w;
        pt.size = Math.max(pt.size, Math.sqrt((r.right - r.left) * (r.bottom - r.top)));
        pt.atBorder = pt.atBorder || r.atBorder;
      }
    }
    const kept: Track[] = [];
    for (let ti = 0; ti < live.length; ti++) {
      const tr = live[ti] as Track;
      const pt = merged.get(ti);
      if (pt) {
        tr.points.push(pt);
        this.afterSample(tr);
        kept.push(tr);
      } else if (k - (tr.points[tr.points.length - 1] as TrackPoint).k >= 2 * this.scale) {
        this.finish(tr, true);
      } else {
        kept.push(tr);
      }
    }
    for (let ri = 0; ri < regions.length; ri++) {
      if (regionTrack[ri] !== -1 || (regions[ri] as MotionRegion).weak) continue;
      const tr: Track = { id: this.nextId++, points: [this.pointOf(k, regions[ri] as MotionRegion, offsetX, offsetY)], examinedUpTo: k, quietUntil: -Infinity, spanStart: -1, spanPeak: 0, spanSumX: 0, spanSumY: 0, spanCount: 0, spanSize: 0 };
      kept.push(tr);
    }
    this.tracks = kept;
  }

  /** Ends every track: at a cut (no stops: the picture changed, nothing stopped) or at the end of the clip. */
  endAll(allowStops: boolean): void {
    for (const tr of this.tracks) this.finish(tr, allowStops);
    this.tracks = [];
  }

  private pointOf(k: number, r: MotionRegion, offsetX: number, offsetY: number): TrackPoint {
    return { k, x: r.x - offsetX, y: r.y - offsetY, weight: r.weight, size: Math.sqrt((r.right - r.left) * (r.bottom - r.top)), atBorder: r.atBorder, ox: offsetX, oy: offsetY };
  }

  private at(points: readonly TrackPoint[], k: number): TrackPoint | undefined {
    for (let i = points.length - 1; i >= 0; i--) {
      const p = points[i] as TrackPoint;
      if (p.k === k) return p;
      if (p.k < k) return undefined;
    }
    return undefined;
  }

  /**
   * Velocity into frame k, px/frame, as the mean over `span` frames. With the differencing stride s > 1,
   * samples one frame apart come from overlapping frame pairs and their steps alternate (seen at 50/60 fps on
   * encoded clips: 0.7, 2.1, 0.6, 2.1 px for a steady foot), so velocities span s frames. Across one missing
   * (or dropped) sample the span grows by a frame.
   */
  private velocity(points: readonly TrackPoint[], k: number, span = 1): { x: number; y: number } | undefined {
    const b = this.at(points, k);
    if (!b) return undefined;
    const a = this.at(points, k - span) ?? this.at(points, k - span - 1);
    if (!a) return undefined;
    const n = b.k - a.k;
    return { x: (b.x - a.x) / n, y: (b.y - a.y) / n };
  }

  private afterSample(tr: Track): void {
    const last = (tr.points[tr.points.length - 1] as TrackPoint).k;
    while (tr.examinedUpTo < last - LOOKAHEAD * this.scale - this.settings.stride) {
      tr.examinedUpTo++;
      this.examineBounce(tr, tr.examinedUpTo);
    }
    this.updateSpan(tr, last, false);
    const keep = KEEP * this.scale;
    if (tr.points.length > keep * 2) tr.points.splice(0, tr.points.length - keep);
  }

  /** Is frame kc (where the change is first visible) the frame of an abrupt velocity change? */
  private examineBounce(tr: Track, kc: number): void {
    if (kc < tr.quietUntil) return;
    const { minSpeed, minSpeedChangeRatio } = this.settings;
    const st = this.settings.stride;
    const D = this.scale;
    const pts = withoutDropouts(tr.points, tr.points.length);
    const vp = this.velocity(pts, kc - D, st);
    const vq = this.velocity(pts, kc + 2 * st, st) ?? this.velocity(pts, kc + 2 * st + 1, st);
    if (!vp || !vq) return;
    const sp = Math.hypot(vp.x, vp.y);
    if (sp < minSpeed) return;
    const dv = Math.hypot(vq.x - vp.x, vq.y - vp.y);
    if (dv < minSpeedChangeRatio * sp || vq.x * vp.x + vq.y * vp.y > 0.5 * sp * sp) return;
    // sustained: the frame before moved the same way
    const vpp = this.velocity(pts, kc - 2 * D, st);
    if (!vpp || vpp.x * vp.x + vpp.y * vp.y < 0.3 * sp * sp) return;
    // a kink must explain a short window far better than a smooth arc (the top of a throw is no contact)
    const short = pts.filter((p) => p.k >= kc - 3 * D && p.k <= kc + 2 * D + st);
    const kink = fitContact(short, kc - 1.5 * D, kc + 1.5 * D, false, 1e6, st);
    if (!kink || short.length < 5 * D) return;
    const kinkSse = kink.rms * kink.rms * short.length;
    const smoothSse = smoothFitSse(short);
    if (smoothSse < 1.2 * kinkSse) return;
    const window = pts.filter((p) => p.k >= kc - 6 * D && p.k <= kc + LOOKAHEAD * D + st);
    const fit = fitContact(window, kc - 1.6 * D, kc + 0.6 * D + st, false, this.ridge(), st);
    if (!fit) return;
    // a best time on the edge of the search means the change is elsewhere
    if (fit.t < kc - 1.55 * D || fit.t > kc + 0.55 * D + st) return;
    if (!this.accept(fit.v1x, fit.v1y, fit.v2x, fit.v2y)) return;
    if (Math.hypot(fit.v1x - vp.x, fit.v1y - vp.y) > 0.6 * sp + this.velocityNoise) return;
    // the velocity jump must dwarf the steady acceleration on either side (gravity bends an arc, a floor breaks it)
    const jump = Math.hypot(fit.v2x - fit.v1x, fit.v2y - fit.v1y);
    const accel = Math.max(Math.hypot(fit.a1x, fit.a1y), Math.hypot(fit.a2x, fit.a2y));
    // (in reference frames: a jump scales with 1/frame, an acceleration with 1/frame²)
    if (jump < 4.5 * accel * D) return;
    // Gravity: a rising object whose climb slows or turns is at the top of its arc (a throw, a lifted foot),
    // which a kink fits only marginally better than a smooth arc; a real hit from below (a ceiling) breaks
    // the path so sharply that no arc fits it, on a short window and on a wider one.
    if (this.risingTurn(fit.v1x, fit.v1y, fit.v2y) && !this.clearKink(pts, kc, smoothSse / kinkSse)) return;
    const at = this.nearest(tr, fit.t);
    // objects entering or leaving, and faint noise regions, do not make contacts
    if (this.nearBorder(fit.x + at.ox, fit.y + at.oy)) return;
    this.contacts.push({ t: fit.t, x: fit.x + at.ox, y: fit.y + at.oy, v1x: fit.v1x, v1y: fit.v1y, v2x: fit.v2x, v2y: fit.v2y, kind: 'bounce', size: at.size, weight: at.weight, track: tr.id });
    tr.quietUntil = fit.t + 2.5 * D;
  }

  /** moving up (image y decreasing) before the contact, and the climb at least halves after it */
  private risingTurn(v1x: number, v1y: number, v2y: number): boolean {
    return v1y < -RISING_FRACTION * Math.hypot(v1x, v1y) && v2y - v1y > 0.5 * -v1y;
  }

  /** the kink explains the short window and a wider one (±5 frames) far better than one smooth arc */
  private clearKink(pts: readonly TrackPoint[], kc: number, shortRatio: number): boolean {
    if (shortRatio < CLEAR_KINK_RATIO) return false;
    const st = this.settings.stride;
    const D = this.scale;
    const wide = pts.filter((p) => p.k >= kc - 5 * D && p.k <= kc + 4 * D + st);
    const kink = fitContact(wide, kc - 1.5 * D, kc + 1.5 * D, false, 1e6, st);
    if (!kink) return false;
    return smoothFitSse(wide) >= CLEAR_KINK_RATIO * kink.rms * kink.rms * wide.length;
  }

  /** within 3 % of the picture edge: objects entering or leaving, not contacts */
  private nearBorder(x: number, y: number): boolean {
    const mx = 0.03 * this.settings.width;
    const my = 0.03 * this.settings.height;
    return x < mx || y < my || x > this.settings.width - mx || y > this.settings.height - my;
  }

  private accept(v1x: number, v1y: number, v2x: number, v2y: number): boolean {
    const s1 = Math.hypot(v1x, v1y);
    if (s1 < this.settings.minSpeed) return false;
    return Math.hypot(v2x - v1x, v2y - v1y) >= this.settings.minSpeedChangeRatio * s1;
  }

  private nearest(tr: Track, t: number): TrackPoint {
    let best = tr.points[0] as TrackPoint;
    for (const p of tr.points) if (Math.abs(p.k - t) < Math.abs(best.k - t)) best = p;
    return best;
  }

  private finish(tr: Track, allowStop: boolean): void {
    const pts = tr.points;
    const last = pts[pts.length - 1] as TrackPoint;
    // A moving camera or grain can leave faint residue near a stopped object that the track picks up for a
    // few frames: such a tail is no evidence of a bounce, and a stop is judged at each possible end of it.
    const faint = FAINT_FRACTION * medianWeight(pts);
    let lastSolid = pts.length - 1;
    const maxFaintTail = MAX_FAINT_TAIL * this.scale;
    while (lastSolid > 0 && pts.length - 1 - lastSolid < maxFaintTail && (pts[lastSolid] as TrackPoint).weight < faint) lastSolid--;
    // bounce candidates that never got their full look-ahead (not when a cut or a blank frame ended the track:
    // its last samples are not followed by anything physical)
    while (allowStop && tr.examinedUpTo < (pts[lastSolid] as TrackPoint).k - this.scale - this.settings.stride) {
      tr.examinedUpTo++;
      this.examineBounce(tr, tr.examinedUpTo);
    }
    this.updateSpan(tr, last.k, true);
    if (!allowStop) return;
    // the stop is the best-fitting of the possible ends (the object's last move may itself be faint)
    let best: { contact: Contact; rms: number } | undefined;
    for (let end = pts.length - 1; end >= Math.max(0, pts.length - 1 - maxFaintTail); end--) {
      if (end < pts.length - 1 && (pts[end + 1] as TrackPoint).weight >= faint) break;
      const found = this.stopContact(tr, end, lastSolid, faint);
      if (found && (!best || found.rms < best.rms)) best = found;
    }
    if (best) this.contacts.push(best.contact);
  }

  /** A stop at the end of the track's first `end + 1` samples: sustained motion that ends abruptly. */
  private stopContact(tr: Track, end: number, lastSolid: number, faint: number): { contact: Contact; rms: number } | undefined {
    const last = tr.points[end] as TrackPoint;
    if (last.atBorder || last.k < tr.quietUntil) return undefined;
    const st = this.settings.stride;
    const D = this.scale;
    // the last sample still differences against a pre-stop frame for `stride` frames after the stop
    const L = last.k;
    const pts = withoutDropouts(tr.points.slice(0, end + 1), lastSolid + 1);
    const vp = this.velocity(pts, L - st, st);
    const vpp = this.velocity(pts, L - st - D, st);
    if (!vp || !vpp) return undefined;
    const sp = Math.hypot(vp.x, vp.y);
    // sustained: the frame before moved the same way, within the centroid noise (it may be slower: a falling
    // object speeds up into its landing, and the slow samples just after the top of a hop are the noisiest)
    const spp = Math.hypot(vpp.x, vpp.y);
    if (sp < this.settings.minSpeed || spp < 0.25 * sp || vpp.x * vp.x + vpp.y * vp.y < (0.5 * spp - this.velocityNoise) * sp) return undefined;
    // a gradual slow-down is not a stop: the last full-frame speed must be near the earlier speed
    if (sp < 0.6 * spp) return undefined;
    const window = pts.filter((p) => p.k >= L - 6 * D - st && p.k <= L);
    const searched = fitContact(window, L - st - 0.6 * D, L - st + 1.6 * D, true, this.ridge(), st);
    const notLate = searched && this.notAfterLastMove(window, searched);
    // a best time on the early edge of the search means the change is elsewhere (judged before the earliest
    // time the samples allow moves it)
    if (!notLate || notLate.t < L - st - 0.55 * D) return undefined;
    const fit = this.notBeforeLastMove(window, notLate, faint);
    if (!fit || fit.t > L - st + 1.55 * D || !this.accept(fit.v1x, fit.v1y, 0, 0)) return undefined;
    // the fitted approach must agree with the measured one (a short, gappy noise track can bend the fit anywhere),
    // compared as the same finite difference of centroids
    const model = fittedSampleVelocity(fit, L - st, st, st);
    if (window.length < 4 * D + st || Math.hypot(model.x - vp.x, model.y - vp.y) > 0.6 * sp + this.velocityNoise) return undefined;
    if (this.nearBorder(fit.x + last.ox, fit.y + last.oy)) return undefined;
    // gravity: what rises and comes to rest is at the top of its arc (nothing holds it there)
    if (fit.v1y < -RISING_FRACTION * Math.hypot(fit.v1x, fit.v1y)) return undefined;
    return { contact: { t: fit.t, x: fit.x + last.ox, y: fit.y + last.oy, v1x: fit.v1x, v1y: fit.v1y, v2x: 0, v2y: 0, kind: 'stop', size: last.size, weight: last.weight, track: tr.id }, rms: fit.rms };
  }

  /**
   * Above 60 fps a stop also comes no earlier than the start of the last moving sample's frame pair: that
   * sample (k, not fainter than `faint`) differences frames k − stride and k and saw the object move, so it
   * still moved after frame k − stride. The final stops of balls otherwise fit 1–1.6 frames early at 100/120
   * fps. Such a stop is placed half a frame after that bound. Not applied up to 60 fps (scale 1), so that the
   * editing rates are analysed exactly as before.
   */
  private notBeforeLastMove(window: readonly TrackPoint[], fit: ContactFit, faint: number): ContactFit | undefined {
    if (this.scale === 1) return fit;
    let i = window.length - 1;
    while (i > 0 && (window[i] as TrackPoint).weight < faint) i--;
    const earliest = (window[i] as TrackPoint).k - this.settings.stride;
    if (fit.t >= earliest) return fit;
    // the best time is not what the samples allow, so it says little about where in that frame the stop is:
    // the middle of the frame after `earliest` is at most half a frame off (and before the latest bound)
    const placed = earliest + 0.5;
    return fitContact(window, placed, placed, true, this.ridge(), this.settings.stride);
  }

  /**
   * A stop comes no later than one frame after the start of the last moving sample's frame pair: the last
   * sample the fit uses, k, differences frames k − stride and k, and had the object still moved after frame
   * k − stride + 1, the next pair would have seen it and the track would have gone on. A centroid that keeps
   * its full step into the last sample (a foot whose partial last move still reads as a full step, residue
   * pulling a slow final drop along) makes the best time fall past that; it is then placed at the latest
   * time the samples allow, fitted there.
   */
  private notAfterLastMove(window: readonly TrackPoint[], fit: ContactFit): ContactFit | undefined {
    const latest = (window[window.length - 1] as TrackPoint).k - this.settings.stride + 1;
    return fit.t > latest ? fitContact(window, latest, latest, true, this.ridge(), this.settings.stride) : fit;
  }

  /**
   * The contact fit's ridge on accelerations, for the same pull as at the reference rate: an acceleration in
   * px/frame² is scale² smaller, and a window of the same duration holds scale times more samples.
   */
  private ridge(): number {
    return ACCEL_RIDGE * this.scale ** 5;
  }

  private updateSpan(tr: Track, k: number, ending: boolean): void {
    const v = this.velocity(tr.points, k);
    const fast = !ending && v !== undefined && Math.hypot(v.x, v.y) >= this.settings.spanSpeed;
    if (fast && v) {
      const p = this.at(tr.points, k) as TrackPoint;
      if (tr.spanStart < 0) {
        tr.spanStart = k - 1;
        tr.spanPeak = 0;
        tr.spanSumX = 0;
        tr.spanSumY = 0;
        tr.spanCount = 0;
        tr.spanSize = 0;
      }
      tr.spanPeak = Math.max(tr.spanPeak, Math.hypot(v.x, v.y));
      tr.spanSumX += p.x;
      tr.spanSumY += p.y;
      tr.spanCount++;
      tr.spanSize = Math.max(tr.spanSize, p.size);
      return;
    }
    if (tr.spanStart >= 0) {
      const end = ending ? k : k - 1;
      if (end - tr.spanStart >= this.settings.minSpanFrames && tr.spanCount > 0) {
        const p = this.at(tr.points, k) ?? (tr.points[tr.points.length - 1] as TrackPoint);
        this.spans.push({ startFrame: tr.spanStart, endFrame: end, x: tr.spanSumX / tr.spanCount + p.ox, y: tr.spanSumY / tr.spanCount + p.oy, peakSpeed: tr.spanPeak, size: tr.spanSize });
      }
      tr.spanStart = -1;
    }
  }
}
