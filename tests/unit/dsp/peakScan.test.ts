/**
 * The true-peak meter and the limiter skip most interpolated outputs with exact bounds; these tests
 * check against brute force (every output of every phase filtered) that nothing is ever missed, and that
 * a limiter curve derived from one peak analysis equals a direct computation at each ceiling.
 */
import { createRng } from '../../../bridge-server/core/rng';
import { createTruePeakFilter, truePeakLinear } from '../../../bridge-server/dsp/truePeak';
import { limiterCurveFromPeaks, limiterGainCurve, limiterPeaks } from '../../../bridge-server/dsp/limiter';
import { measureLoudness } from '../../../bridge-server/dsp/loudness';

const SR = 48000;

/** max |x| and every phase of every output, no shortcuts */
function bruteTruePeak(channels: Float32Array[], sampleRateHz: number): number {
  const f = createTruePeakFilter(sampleRateHz);
  let peak = 0;
  for (const x of channels) {
    const n = x.length;
    for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(x[i] as number));
    for (const p of f.phases) {
      const t = p.length;
      for (let o = 0; o < n + t - 1; o++) {
        let a = 0;
        for (let k = Math.max(0, o - n + 1); k <= Math.min(t - 1, o); k++) a += (p[k] as number) * (x[o - k] as number);
        peak = Math.max(peak, Math.abs(a));
      }
    }
  }
  return peak;
}

/** Signals that stress the bounds: dense noise, sparse bursts, a tone near Nyquist, steps, single clicks. */
function signals(): Array<{ name: string; channels: Float32Array[] }> {
  const rng = createRng(11);
  const n = 20000;
  const noise = Float32Array.from({ length: n }, () => 0.2 * rng.gauss());
  const bursts = new Float32Array(n);
  for (let b = 0; b < 6; b++) {
    const at = 1000 + b * 3100;
    let lp = 0;
    for (let i = 0; i < 2500; i++) {
      lp = 0.5 * lp + 0.5 * rng.gauss();
      bursts[at + i] = (0.3 + 0.15 * b) * lp * Math.exp(-i / 400);
    }
  }
  const nyquist = Float32Array.from({ length: n }, (_, i) => 0.9 * Math.sin(2 * Math.PI * 0.47 * i + 0.3) * (i > 9000 ? 1 : 0.2));
  const steps = Float32Array.from({ length: n }, (_, i) => (Math.floor(i / 37) % 2 ? 0.8 : -0.8) * (i % 5000 < 2500 ? 1 : 0.1));
  const clicks = new Float32Array(n);
  for (let i = 5; i < n; i += 1777) clicks[i] = i % 2 ? 1 : -0.7;
  clicks[n - 1] = 0.95; // at the very end: tail outputs matter
  return [
    { name: 'noise', channels: [noise] },
    { name: 'sparse bursts + noise (stereo)', channels: [bursts, noise.map((v) => v * 0.1)] },
    { name: 'near-Nyquist tone', channels: [nyquist] },
    { name: 'square steps', channels: [steps] },
    { name: 'clicks', channels: [clicks] },
  ];
}

describe('true peak with skipping bounds', () => {
  it.each(signals().map((s) => [s.name, s] as const))('equals brute force: %s', (_name, s) => {
    expect(truePeakLinear(s.channels, SR)).toBe(bruteTruePeak(s.channels, SR));
    expect(truePeakLinear(s.channels, 96000)).toBe(bruteTruePeak(s.channels, 96000));
  });
});

describe('limiter curve from one peak analysis', () => {
  it('equals the direct curve at every ceiling at or above the analysis floor', () => {
    for (const s of signals()) {
      const peaks = limiterPeaks(s.channels, SR, Math.pow(10, -12 / 20));
      for (const ceilingDbtp of [-12, -6, -3, -1]) {
        const direct = limiterGainCurve(s.channels, SR, { ceilingDbtp });
        const derived = limiterCurveFromPeaks(peaks, SR, { ceilingDbtp });
        expect(derived === undefined).toBe(direct === undefined);
        if (direct && derived) expect(Array.from(derived)).toEqual(Array.from(direct));
      }
    }
  });

  it('smooths like the plain dense computation (forward minimum, release, moving average)', () => {
    const look = Math.round(0.0015 * SR);
    const rel = Math.exp(-1 / (0.08 * SR));
    // plus overs far apart, so the curve recovers to exactly 1 between them (the idle stretches)
    const far = new Float32Array(2.5 * SR);
    for (const [at, v] of [[4800, 0.9], [4900, -1], [110000, 0.95], [2.5 * SR - 30, 0.8]] as const) far[at] = v;
    for (const s of [...signals(), { name: 'far apart', channels: [far] }]) {
      const ceilingDbtp = -3;
      const ceiling = Math.pow(10, ceilingDbtp / 20);
      const peaks = limiterPeaks(s.channels, SR, ceiling);
      const n = peaks.length;
      const required = Float32Array.from(peaks.peak, (p) => (p > ceiling ? ceiling / p : 1));
      const expected = new Float32Array(n);
      const smoothed = new Float32Array(n);
      let g = 1;
      for (let i = 0; i < n; i++) {
        let target = 1;
        for (let j = i; j <= Math.min(n - 1, i + look); j++) target = Math.min(target, required[j] as number);
        g = target < g ? target : rel * g + (1 - rel) * target;
        if (g > target) g = target;
        smoothed[i] = g;
        let acc = 0;
        for (let j = Math.max(0, i - look + 1); j <= i; j++) acc += smoothed[j] as number;
        expected[i] = acc / Math.min(i + 1, look);
      }
      const curve = limiterCurveFromPeaks(peaks, SR, { ceilingDbtp });
      if (!curve) {
        expect(required.every((v) => v === 1)).toBe(true);
        continue;
      }
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((curve[i] as number) - (expected[i] as number)));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('marks every position whose interpolated neighbourhood exceeds the floor', () => {
    const f = createTruePeakFilter(SR);
    for (const s of signals()) {
      const floor = 0.5;
      const peaks = limiterPeaks(s.channels, SR, floor);
      // brute force P[s] for the first channel's outputs
      const x = s.channels[0] as Float32Array;
      const n = x.length;
      const expected = new Float64Array(n);
      for (const ch of s.channels) for (let i = 0; i < n; i++) expected[i] = Math.max(expected[i] as number, Math.abs(ch[i] as number));
      for (const ch of s.channels) for (const p of f.phases) {
        const t = p.length;
        for (let o = 0; o < n + t - 1; o++) {
          let a = 0;
          for (let k = Math.max(0, o - n + 1); k <= Math.min(t - 1, o); k++) a += (p[k] as number) * (ch[o - k] as number);
          a = Math.abs(a);
          for (const q of [o - f.delay, o - f.delay + 1]) if (q >= 0 && q < n && a > (expected[q] as number)) expected[q] = a;
        }
      }
      let mismatches = 0;
      for (let i = 0; i < n; i++) {
        const e = expected[i] as number;
        if (peaks.peak[i] !== (e > floor ? e : 0)) mismatches++;
      }
      expect(mismatches).toBe(0);
    }
  });
});

describe('meter shortcuts for sparse stereo', () => {
  it('gives the same measurement with active spans (silence skipped unread) and reused block maxima', () => {
    const rng = createRng(5);
    const n = 3 * SR;
    const l = new Float32Array(n);
    const r = new Float32Array(n);
    const spans = Int32Array.from([2000, 30000, 70000, 71000, 100000, 140000]);
    for (let k = 0; k < spans.length; k += 2) {
      for (let i = spans[k] as number; i < (spans[k + 1] as number); i++) {
        l[i] = 0.7 * rng.gauss() * Math.exp(-(i - (spans[k] as number)) / 3000);
        r[i] = 0.5 * rng.gauss() * Math.exp(-(i - (spans[k] as number)) / 2000);
      }
    }
    const audio = { sampleRateHz: SR, channels: [l, r] };
    const plain = measureLoudness(audio);
    expect(measureLoudness(audio, { activeSpans: spans })).toEqual(plain);
    expect(plain.truePeakDbtp).toBe(20 * Math.log10(bruteTruePeak([l, r], SR)));
  });
});
