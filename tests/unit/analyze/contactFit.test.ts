import { fitContact, smoothFitSse, type TrackSample } from '../../../bridge-server/pipeline/analyze/contactFit';

/** Difference-centroid samples c_j = ½(p(j−1) + p(j)) of a path p (frame units). */
function samples(path: (t: number) => { x: number; y: number }, from: number, to: number): TrackSample[] {
  const out: TrackSample[] = [];
  for (let k = from; k <= to; k++) {
    const a = path(k - 1);
    const b = path(k);
    out.push({ k, x: 0.5 * (a.x + b.x), y: 0.5 * (a.y + b.y) });
  }
  return out;
}

describe('fitContact', () => {
  it('recovers a bounce time between frames from the velocity flip', () => {
    for (const T of [20.13, 20.5, 20.87]) {
      const path = (t: number) => ({ x: 40 + 0.3 * t, y: t < T ? 80 - 6 * (T - t) : 80 - 4.2 * (t - T) });
      const fit = fitContact(samples(path, 15, 25), 18.4, 21.6, false);
      expect(fit).toBeDefined();
      expect(Math.abs(fit!.t - T)).toBeLessThan(0.02);
      expect(fit!.v1y).toBeCloseTo(6, 1);
      expect(fit!.v2y).toBeCloseTo(-4.2, 1);
    }
  });

  it('recovers a stop from the last, partial displacement', () => {
    for (const T of [30.1, 30.45, 30.9]) {
      const path = (t: number) => ({ x: t < T ? 100 - 5 * (T - t) : 100, y: 50 });
      const fit = fitContact(samples(path, 25, 31), 29.4, 31.6, true);
      expect(Math.abs(fit!.t - T)).toBeLessThan(0.02);
      expect(fit!.v1x).toBeCloseTo(5, 1);
    }
  });

  it('handles gravity before and after a bounce', () => {
    const g = 0.8;
    const T = 12.37;
    const path = (t: number) => {
      if (t < T) return { x: 0, y: 100 - (7 * (T - t) - 0.5 * g * (T - t) ** 2) };
      const d = t - T;
      return { x: 0, y: 100 - (5 * d - 0.5 * g * d * d) };
    };
    const fit = fitContact(samples(path, 7, 16), 10.8, 14, false);
    expect(Math.abs(fit!.t - T)).toBeLessThan(0.05);
  });

  it('a smooth arc fits a quadratic; a bounce does not', () => {
    const arc = samples((t) => ({ x: t, y: 0.4 * (t - 10) ** 2 }), 7, 13);
    const bounce = samples((t) => ({ x: t, y: 5 * Math.abs(t - 10.3) }), 7, 13);
    expect(smoothFitSse(arc)).toBeLessThan(1e-6);
    expect(smoothFitSse(bounce)).toBeGreaterThan(1);
  });
});
