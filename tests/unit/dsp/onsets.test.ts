import { createRealFftPlan, hannWindow, realMagnitudes } from '../../../bridge-server/dsp/fft';
import { detectOnsets, strongestOnset } from '../../../bridge-server/dsp/onsets';
import { createRng } from '../../../bridge-server/core/rng';

const SR = 48000;

/** Decaying noise bursts starting exactly at the given samples, over a Gaussian noise floor. */
function burstTrack(startSamples: number[], length: number, floorDb: number, seed: number, decayMs = 5): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(length);
  const floor = Math.pow(10, floorDb / 20);
  for (let i = 0; i < length; i++) x[i] = floor * rng.gauss();
  for (const s0 of startSamples) {
    for (let i = 0; i < SR * 0.2 && s0 + i < length; i++) {
      x[s0 + i] = (x[s0 + i] as number) + 0.4 * rng.gauss() * Math.exp(-i / ((SR * decayMs) / 1000));
    }
  }
  return x;
}

describe('realMagnitudes', () => {
  it('matches a direct DFT', () => {
    const n = 64;
    const rng = createRng(1);
    const x = Float32Array.from({ length: n }, () => rng.gauss());
    const w = new Float64Array(n).fill(1);
    const out = new Float64Array(n / 2 + 1);
    realMagnitudes(createRealFftPlan(n), x, 0, w, out);
    for (let k = 0; k <= n / 2; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        re += (x[i] as number) * Math.cos((2 * Math.PI * k * i) / n);
        im -= (x[i] as number) * Math.sin((2 * Math.PI * k * i) / n);
      }
      expect(out[k]).toBeCloseTo(Math.hypot(re, im), 9);
    }
  });

  it('zero-pads frames that run past either end', () => {
    const x = new Float32Array([1, 2, 3]);
    const out = new Float64Array(5);
    realMagnitudes(createRealFftPlan(8), x, -2, hannWindow(8), out);
    expect(Number.isFinite(out[0])).toBe(true);
  });
});

describe('detectOnsets', () => {
  const starts = [4800, 24000, 29904, 48000, 64181, 86400, 105600]; // incl. a 123 ms gap and odd positions

  it.each([-200, -60, -40])('finds every burst within 1 ms over a %d dBFS floor', (floorDb) => {
    const onsets = detectOnsets(burstTrack(starts, 120000, floorDb, 7), SR);
    expect(onsets).toHaveLength(starts.length);
    onsets.forEach((o, i) => {
      const errMs = ((o.sample - (starts[i] as number)) / SR) * 1000;
      expect(Math.abs(errMs)).toBeLessThan(1);
      expect(o.time).toBeCloseTo(o.sample / SR, 12);
      expect(o.strength).toBeGreaterThan(0);
    });
  });

  it('locates a knock (tonal, 1 ms attack) within 1 ms', () => {
    const x = new Float32Array(SR);
    const onsetAt = 20011;
    for (let i = 0; i < SR - onsetAt; i++) {
      const attack = Math.min(1, i / (0.001 * SR));
      x[onsetAt + i] = 0.5 * attack * Math.exp(-i / (0.03 * SR)) * Math.sin((2 * Math.PI * 180 * i) / SR);
    }
    const o = strongestOnset(x, SR);
    expect(o).toBeDefined();
    expect(Math.abs(((o as { sample: number }).sample - onsetAt) / SR)).toBeLessThan(0.001);
  });

  it('works at 44.1 kHz', () => {
    const sr = 44100;
    const x = new Float32Array(sr);
    const rng = createRng(5);
    for (let i = 0; i < 4000; i++) x[30000 + i] = 0.3 * rng.gauss() * Math.exp(-i / 300);
    const onsets = detectOnsets(x, sr);
    expect(onsets).toHaveLength(1);
    expect(Math.abs((onsets[0] as { sample: number }).sample - 30000)).toBeLessThan(sr * 0.001);
  });

  it('gives at most one onset (the start) on stationary white or brown noise', () => {
    const rng = createRng(3);
    const white = Float32Array.from({ length: SR * 5 }, () => 0.1 * rng.gauss());
    let b = 0;
    const brown = Float32Array.from({ length: SR * 5 }, () => (b = 0.995 * b + 0.005 * rng.gauss()));
    for (const x of [white, brown]) {
      const onsets = detectOnsets(x, SR);
      expect(onsets.length).toBeLessThanOrEqual(1);
      for (const o of onsets) expect(o.time).toBeLessThan(0.05);
    }
  });

  it('ignores silence and sounds below the silence gate', () => {
    expect(detectOnsets(new Float32Array(SR), SR)).toEqual([]);
    expect(detectOnsets(new Float32Array(0), SR)).toEqual([]);
    const quiet = burstTrack([10000, 30000], SR, -200, 2).map((v) => v * 1e-4); // bursts peak near -90 dBFS
    expect(detectOnsets(quiet, SR)).toEqual([]);
  });

  it('is deterministic and keeps one onset per minimum inter-onset interval', () => {
    const x = burstTrack([10000, 10000 + 480, 40000], SR, -80, 11); // two bursts 10 ms apart
    const a = detectOnsets(x, SR);
    expect(detectOnsets(x, SR)).toEqual(a);
    expect(a).toHaveLength(2);
    expect(Math.abs((a[1] as { sample: number }).sample - 40000)).toBeLessThan(48);
  });
});
