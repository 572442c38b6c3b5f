/**
 * Pure sampler arithmetic: time grids, Euler/CFG with closed-form velocity fields, window plans and
 * the equal-power stitching of independent windows.
 */
import type { BundleWindow } from '../../../bridge-server/pipeline/generate/onnx/bundleSchema';
import { eulerSample, planWindows, seededNoise, stitchWindows, timeGrid } from '../../../bridge-server/pipeline/generate/onnx/sampler';

const w = (durationSec: number): BundleWindow => ({ durationSec, latentLength: durationSec * 10, files: {} });

test('time grids run 0→1 (noiseToData) or 1→0 (sigma) in equal steps', () => {
  expect(Array.from(timeGrid(4, 'noiseToData'))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  expect(Array.from(timeGrid(4, 'sigma'))).toEqual([1, 0.75, 0.5, 0.25, 0]);
});

test('Euler on v = a·x integrates to x0·(1 + a/N)^N; guidance mixes the branches linearly', async () => {
  const x = Float32Array.from([1, -2]);
  await eulerSample(x, { steps: 8, guidance: 1, time: 'noiseToData', velocity: async (xs) => xs.map((v) => 0.5 * v) });
  expect(x[0]).toBeCloseTo(Math.pow(1 + 0.5 / 8, 8), 5);
  expect(x[1]).toBeCloseTo(-2 * Math.pow(1 + 0.5 / 8, 8), 5);
  // constant branches: cond = 2, uncond = -1, s = 3 → v = -1 + 3·3 = 8 over unit time
  const y = new Float32Array(3);
  const calls: string[] = [];
  await eulerSample(y, {
    steps: 5,
    guidance: 3,
    time: 'noiseToData',
    velocity: async (xs, _t, branch) => {
      calls.push(branch);
      return new Float32Array(xs.length).fill(branch === 'cond' ? 2 : -1);
    },
  });
  expect(Array.from(y).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([8, 8, 8]);
  expect(calls).toHaveLength(10);
  calls.length = 0;
  await eulerSample(new Float32Array(3), { steps: 5, guidance: 1, time: 'sigma', velocity: async (xs, _t, b) => (calls.push(b), new Float32Array(xs.length)) });
  expect(calls.every((b) => b === 'cond')).toBe(true);
  expect(calls).toHaveLength(5);
});

test('seeded noise is standard normal and repeatable', () => {
  const a = seededNoise(20000, 7);
  expect(Array.from(seededNoise(20000, 7))).toEqual(Array.from(a));
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
  expect(Math.abs(mean)).toBeLessThan(0.03);
  expect(Math.abs(variance - 1)).toBeLessThan(0.05);
});

test('window plans: the shortest export that fits, else evenly spaced longest windows with overlap', () => {
  expect(planWindows(0.7, [w(2), w(1)], 0.5)).toEqual([{ window: w(1), startSec: 0, usedSec: 0.7 }]);
  expect(planWindows(2, [w(2), w(1)], 0.5)).toEqual([{ window: w(2), startSec: 0, usedSec: 2 }]);
  const long = planWindows(10, [w(8)], 1);
  expect(long.map((p) => p.startSec)).toEqual([0, 2]);
  const longer = planWindows(30, [w(8)], 1);
  expect(longer).toHaveLength(5); // ceil((30 − 1) / 7), spaced 5.5 s apart
  expect(longer[longer.length - 1]?.startSec).toBeCloseTo(22, 9);
  for (let i = 1; i < longer.length; i++) {
    const overlap = (longer[i - 1]?.startSec as number) + 8 - (longer[i]?.startSec as number);
    expect(overlap).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(overlap).toBeLessThan(4); // never three windows at once
  }
});

test('stitching keeps the power of independent windows across seams and places them exactly', () => {
  const a = seededNoise(4000, 1);
  const b = seededNoise(4000, 2);
  const out = stitchWindows([{ startSample: 0, audio: a }, { startSample: 3000, audio: b }], 7000, 1000);
  expect(out.subarray(0, 3000)).toEqual(a.subarray(0, 3000));
  expect(out.subarray(4000)).toEqual(b.subarray(1000));
  const seam = out.subarray(3000, 4000);
  const rms = Math.sqrt(seam.reduce((s, v) => s + v * v, 0) / seam.length);
  expect(Math.abs(rms - 1)).toBeLessThan(0.1);
  // identical signals through a seam: the mid-point of the ramp mixes with weights 1/√2 each
  const one = new Float32Array(4000).fill(1);
  const flat = stitchWindows([{ startSample: 0, audio: one }, { startSample: 3000, audio: one }], 7000, 1000);
  expect(flat[3500]).toBeCloseTo(Math.SQRT2, 2);
});
