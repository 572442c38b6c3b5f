import type { MotionRegion } from '../../../bridge-server/pipeline/analyze/frameMotion';
import { RegionTracker, frameScaleOf, type TrackerSettings } from '../../../bridge-server/pipeline/analyze/tracker';

/** A 12-px square region centred on (x, y). */
function region(x: number, y: number, weight: number): MotionRegion {
  return { x, y, weight, left: x - 6, top: y - 6, right: x + 6, bottom: y + 6, atBorder: false, weak: false };
}

/** The settings analyzeFrameSequence makes at `fps` (160-px analysis width). */
function settingsAt(fps: number, frameScale?: number): TrackerSettings {
  const scale = frameScale ?? frameScaleOf(fps);
  // as in analyzeFrameSequence: stride 2 at 50/60 fps, the same time span (4 frames) at 100/120 fps
  const stride = (fps / frameScaleOf(fps) > 40 ? 2 : 1) * scale;
  return { minSpeed: (0.2 * 160) / fps, minSpeedChangeRatio: 0.7, spanSpeed: (1.6 * 160) / fps, minSpanFrames: Math.round(0.2 * fps), width: 160, height: 90, stride, frameScale: scale };
}

/**
 * Feeds difference-centroid samples c_k = ½(p(k−s) + p(k)) of a path to a tracker, with a deterministic
 * ±`noise` px wobble (the centroid noise of encoded clips); none where nothing moved.
 */
function track(s: TrackerSettings, path: (t: number) => { x: number; y: number }, from: number, to: number, noise: number): RegionTracker {
  const tracker = new RegionTracker(s);
  for (let k = from; k <= to; k++) {
    const a = path(k - s.stride);
    const b = path(k);
    if (Math.hypot(a.x - b.x, a.y - b.y) < 0.05) {
      tracker.update(k, [], 0, 0);
      continue;
    }
    const wobble = noise * Math.sin(k * 2.39996);
    tracker.update(k, [region(0.5 * (a.x + b.x) + wobble, 0.5 * (a.y + b.y) - wobble, 150)], 0, 0);
  }
  for (let k = to + 1; k <= to + 8; k++) tracker.update(k, [], 0, 0);
  tracker.endAll(true);
  return tracker;
}

/** A ball dropped from rest at `t0` s onto a floor 50 px below, rebounding at 0.6 × its speed until it lies still. */
function droppedBall(fps: number): { path: (t: number) => { x: number; y: number }; contacts: number[] } {
  const g = 0.5 * (25 / fps) ** 2; // 0.5 px/frame² at 25 fps
  const t0 = 0.2 * fps;
  const contacts: number[] = [];
  let t = t0 + Math.sqrt((2 * 50) / g);
  let v = g * (t - t0);
  const starts: Array<{ t: number; v: number }> = [];
  contacts.push(t);
  for (let i = 0; i < 2; i++) {
    v *= 0.6;
    starts.push({ t, v });
    t += (2 * v) / g;
    contacts.push(t);
  }
  const end = t;
  const path = (tt: number): { x: number; y: number } => {
    if (tt <= t0) return { x: 80, y: 20 };
    if (tt <= (contacts[0] as number)) return { x: 80, y: 20 + 0.5 * g * (tt - t0) ** 2 };
    if (tt >= end) return { x: 80, y: 70 };
    const hop = [...starts].reverse().find((h) => tt >= h.t) as { t: number; v: number };
    const u = tt - hop.t;
    return { x: 80, y: 70 - hop.v * u + 0.5 * g * u * u };
  };
  return { path, contacts };
}

function matched(found: readonly number[], truth: readonly number[], tolerance: number): number {
  return truth.filter((t) => found.some((f) => Math.abs(f - t) <= tolerance)).length;
}

describe('frameScaleOf', () => {
  it('is 1 up to 60 fps, so the editing rates are analysed exactly as before, and grows with the rate above', () => {
    for (const fps of [23.976, 24, 25, 29.97, 30, 50, 59.94, 60]) expect(frameScaleOf(fps)).toBe(1);
    expect(frameScaleOf(100)).toBe(2);
    expect(frameScaleOf(119.88)).toBe(2);
    expect(frameScaleOf(120)).toBe(2);
    expect(frameScaleOf(240)).toBe(4);
  });

  it('leaves the tracker unchanged when it is 1 (the same contacts as without it)', () => {
    const { path } = droppedBall(60);
    const a = track(settingsAt(60), path, 0, 150, 0.2).contacts;
    const b = track({ ...settingsAt(60), frameScale: undefined }, path, 0, 150, 0.2).contacts;
    expect(a).toEqual(b);
  });
});

describe('RegionTracker at 100 and 120 fps', () => {
  // the wobble of the samples, px: about the centroid noise of the encoded test scenes
  const noise = 0.5;

  it.each([100, 120])('misses or invents contacts at %d fps when windows and gates are counted in frames (before)', (fps) => {
    const { path, contacts } = droppedBall(fps);
    const found = track(settingsAt(fps, 1), path, 0, Math.ceil((contacts[contacts.length - 1] as number) + 20), noise).contacts.map((c) => c.t);
    expect(found.length !== contacts.length || matched(found, contacts, 1) < contacts.length).toBe(true);
  });

  it.each([60, 100, 120])('finds every bounce and the final stop of a dropped ball at %d fps within a frame, as at the reference rate', (fps) => {
    const { path, contacts } = droppedBall(fps);
    const found = track(settingsAt(fps), path, 0, Math.ceil((contacts[contacts.length - 1] as number) + 20), noise).contacts.map((c) => c.t);
    expect(found).toHaveLength(contacts.length);
    expect(matched(found, contacts, 1)).toBe(contacts.length);
  });
});

describe('RegionTracker stops above 60 fps', () => {
  it('places a stop whose best fit is earlier than its last moving sample allows in the frame after that bound', () => {
    // a ball falling at a steady 0.8 px/frame lands at T = 60.3 (120 fps, stride 4); the centroids of the last
    // samples, whose difference images are thin crescents, lag behind the midpoint the model expects
    const T = 60.3;
    const s = settingsAt(120);
    const p = (t: number): number => 20 + 0.8 * Math.min(t, T);
    const tracker = new RegionTracker(s);
    let last = 0;
    for (let k = 30; k <= 75; k++) {
      const a = p(k - s.stride);
      const b = p(k);
      if (b - a < 0.3) {
        tracker.update(k, [], 0, 0);
        continue;
      }
      last = k;
      const lag = k > T ? 0.4 * (k - T) : 0;
      tracker.update(k, [region(80, 0.5 * (a + b) - lag, 150)], 0, 0);
    }
    tracker.endAll(true);
    const stops = tracker.contacts.filter((c) => c.kind === 'stop');
    expect(stops).toHaveLength(1);
    // the last moving sample differences frames last − 4 and last: the object still moved after last − 4
    expect(stops[0]!.t).toBeCloseTo(last - s.stride + 0.5, 6);
    expect(Math.abs(stops[0]!.t - T)).toBeLessThan(1);
  });
});
