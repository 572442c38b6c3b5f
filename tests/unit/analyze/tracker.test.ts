import type { MotionRegion } from '../../../bridge-server/pipeline/analyze/frameMotion';
import { RegionTracker, type TrackerSettings } from '../../../bridge-server/pipeline/analyze/tracker';

/** A 12-px square region centred on (x, y). */
function region(x: number, y: number, weight: number): MotionRegion {
  return { x, y, weight, left: x - 6, top: y - 6, right: x + 6, bottom: y + 6, atBorder: false, weak: false };
}

function settings(fps: number, stride: number): TrackerSettings {
  return { minSpeed: (0.2 * 160) / fps, minSpeedChangeRatio: 0.7, spanSpeed: (1.6 * 160) / fps, minSpanFrames: 5, width: 160, height: 90, stride };
}

/** Feeds difference-centroid samples c_k = ½(p(k−s) + p(k)) of a path to a tracker (none where nothing moved), then ends the clip. */
function track(s: TrackerSettings, path: (t: number) => { x: number; y: number }, from: number, to: number, sample?: (k: number, r: MotionRegion) => MotionRegion): RegionTracker {
  const tracker = new RegionTracker(s);
  for (let k = from; k <= to; k++) {
    const a = path(k - s.stride);
    const b = path(k);
    if (a.x === b.x && a.y === b.y) {
      tracker.update(k, [], 0, 0);
      continue;
    }
    const r = region(0.5 * (a.x + b.x), 0.5 * (a.y + b.y), 150);
    tracker.update(k, [sample ? sample(k, r) : r], 0, 0);
  }
  for (let k = to + 1; k <= to + 3; k++) tracker.update(k, [], 0, 0);
  tracker.endAll(true);
  return tracker;
}

describe('RegionTracker', () => {
  it('finds a bounce whose contact-frame sample is a faint dropout (the object barely moved between the differenced frames)', () => {
    // falls from rest at t = 6.26 (g = 0.5 px/frame²), meets the floor (y = 70) at T ≈ 20.40, rebounds at 0.7 × its speed
    const g = 0.5;
    const t0 = 6.26;
    const T = t0 + Math.sqrt((2 * 50) / g);
    const v2 = 0.7 * g * (T - t0);
    const path = (t: number) => ({ x: 80, y: t <= t0 ? 20 : t <= T ? 20 + 0.5 * g * (t - t0) ** 2 : 70 - v2 * (t - T) + 0.5 * g * (t - T) ** 2 });
    // the sample at the contact is residue: a few pixels of weight, centroid somewhere else
    const tracker = track(settings(25, 1), path, 8, 30, (k, r) => (k === 21 ? region(r.x + 5, r.y - 8, 8) : r));
    const bounces = tracker.contacts.filter((c) => c.kind === 'bounce');
    expect(bounces).toHaveLength(1);
    expect(Math.abs(bounces[0]!.t - T)).toBeLessThan(0.25);
  });

  it('finds a stop at a doubled differencing stride when the per-frame steps of the centroid alternate', () => {
    // a foot moving down and forward at a steady 1.6 px/frame stops at T = 29.4 (50 fps, stride 2);
    // the measured centroids alternate by ±0.35 px along the motion, as on encoded clips
    const T = 29.4;
    const path = (t: number) => {
      const u = Math.min(t, T);
      return { x: 20 + 1.4 * u, y: 40 + 0.8 * u };
    };
    const tracker = track(settings(50, 2), path, 10, 36, (k, r) => ({ ...r, x: r.x + (k % 2 === 0 ? 0.35 : -0.35) }));
    const stops = tracker.contacts.filter((c) => c.kind === 'stop');
    expect(stops).toHaveLength(1);
    expect(Math.abs(stops[0]!.t - T)).toBeLessThan(1);
  });
});

describe('RegionTracker stops after a low hop', () => {
  it('allows for centroid noise when checking that the approach was sustained', () => {
    // a low hop: top of the arc at t = 50.4 (y = 64), lands on the floor (y = 70) at T ≈ 55.3 and stays;
    // the slow sample just after the top is 2.6 px off sideways (its difference image is small and grain moves it)
    const g = 0.5;
    const top = 50.4;
    const T = top + Math.sqrt((2 * 6) / g);
    const path = (t: number) => ({ x: 90, y: t <= T ? 64 + 0.5 * g * (t - top) ** 2 : 70 });
    const tracker = track(settings(25, 1), path, 44, 60, (k, r) => (k === 53 ? { ...r, x: r.x - 2.6 } : r));
    const stops = tracker.contacts.filter((c) => c.kind === 'stop');
    expect(stops).toHaveLength(1);
    expect(Math.abs(stops[0]!.t - T)).toBeLessThan(1);
  });
});

describe('RegionTracker stops whose centroid keeps its full step into the last sample', () => {
  it('places the stop at the latest time the samples allow instead of rejecting it', () => {
    // a foot moving down and forward at a steady 1.6 px/frame lands at T = 22.2 (50 fps, stride 2); the last
    // sample (frames 22 and 24) should show only 0.2 frame of motion, but its centroid reads as a full step,
    // as on encoded clips where the partial last move merges with the rest of the foot's difference
    const T = 22.2;
    const free = (t: number) => ({ x: 20 + 1.4 * t, y: 40 + 0.8 * t });
    const path = (t: number) => free(Math.min(t, T));
    const tracker = track(settings(50, 2), path, 4, 30, (k, r) => (k === 24 ? region(0.5 * (free(22).x + free(24).x), 0.5 * (free(22).y + free(24).y), 86) : r));
    const stops = tracker.contacts.filter((c) => c.kind === 'stop');
    expect(stops).toHaveLength(1);
    // no later than one frame after the last moving pair began (frame 23), so within a frame of the landing
    expect(stops[0]!.t).toBeLessThanOrEqual(23 + 1e-9);
    expect(Math.abs(stops[0]!.t - T)).toBeLessThan(1);
  });
});
