/** @jest-environment ./tests/helpers/onnx/ortEnvironment.js */
/**
 * The sampler on real ONNX sessions (CPU, in-process) against closed-form answers: the tiny graphs
 * are linear (tinyGraphs.ts), so the generated audio is gain·(noise + integrated velocity).
 */
import { join } from 'node:path';
import { OnnxEngine } from '../../../bridge-server/pipeline/generate/onnx/engine';
import { seededNoise } from '../../../bridge-server/pipeline/generate/onnx/sampler';
import { writeTinyFlowBundle, type TinyFlowOptions } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { maxAbsDiff, meanEmbedding, tempDir, tinyIds } from '../../helpers/onnx/tinyBundles';

const GAIN = 0.1;
const SR = 16000;
const C = 64;
let engine: OnnxEngine;
const tmp = tempDir('flow');
let n = 0;

function bundle(o: TinyFlowOptions) {
  return writeTinyFlowBundle(join(tmp.dir, `b${n++}`), { decoderGain: GAIN, sampleRateHz: SR, latentChannels: C, ...o });
}

/** gain · (noise + f(noise, c)) for a 1 s window (N = 250 latent frames of C samples). */
function expected(noiseSeed: number, samples: number, c: Float64Array, f: (x0: number, ci: number) => number): Float64Array {
  const x0 = seededNoise(samples, noiseSeed);
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) out[i] = GAIN * f(x0[i] as number, c[i % C] as number);
  return out;
}

beforeAll(async () => {
  engine = await OnnxEngine.create(['cpu']);
});
afterAll(async () => {
  await engine.release();
  tmp.dispose();
});

describe('Euler flow matching on tiny graphs', () => {
  const prompt = 'footsteps on gravel';

  test('a constant field moves the noise by exactly the integrated amount, whatever the step count', async () => {
    const b = bundle({ alpha: 1.5 });
    const c = meanEmbedding(b.embedding, C, tinyIds(prompt)).map((v) => 1.5 * v);
    for (const steps of [1, 7]) {
      const r = await engine.generate(b.dir, { prompt, durationSec: 1, seed: 42, steps, guidance: 1 });
      expect(r.sampleRateHz).toBe(SR);
      expect(r.channels[0]).toHaveLength(SR);
      expect(maxAbsDiff(r.channels[0] as Float32Array, expected(42, SR, c, (x, ci) => x + ci))).toBeLessThan(1e-5);
    }
  });

  test('guidance s gives uncond + s·(cond − uncond); the empty prompt embeds to zero', async () => {
    const b = bundle({});
    const c = meanEmbedding(b.embedding, C, tinyIds(prompt));
    const r = await engine.generate(b.dir, { prompt, durationSec: 1, seed: 3, steps: 4, guidance: 3.5 });
    expect(maxAbsDiff(r.channels[0] as Float32Array, expected(3, SR, c, (x, ci) => x + 3.5 * ci))).toBeLessThan(1e-5);
    // guidance 1 equals the conditional result; a negative prompt shifts the unconditional branch
    const g1 = await engine.generate(b.dir, { prompt, durationSec: 1, seed: 3, steps: 4, guidance: 1 });
    expect(maxAbsDiff(g1.channels[0] as Float32Array, expected(3, SR, c, (x, ci) => x + ci))).toBeLessThan(1e-5);
    const u = meanEmbedding(b.embedding, C, tinyIds('wind'));
    const neg = await engine.generate(b.dir, { prompt, negativePrompt: 'wind', durationSec: 1, seed: 3, steps: 4, guidance: 2 });
    const want = expected(3, SR, c, (x) => x).map((v, i) => v + GAIN * ((u[i % C] as number) + 2 * ((c[i % C] as number) - (u[i % C] as number))));
    expect(maxAbsDiff(neg.channels[0] as Float32Array, want)).toBeLessThan(1e-5);
  });

  test('batched guidance (both branches in one batch-2 run) gives the same result as two runs', async () => {
    const b = bundle({ cfgBatching: 'batch', beta: -0.5, gamma: 0.3 });
    const sep = bundle({ cfgBatching: 'separate', beta: -0.5, gamma: 0.3 });
    const req = { prompt, negativePrompt: 'wind', durationSec: 1, seed: 8, steps: 5, guidance: 4.5 };
    const r1 = await engine.generate(b.dir, req);
    const r2 = await engine.generate(sep.dir, req);
    expect(maxAbsDiff(r1.channels[0] as Float32Array, r2.channels[0] as Float32Array)).toBeLessThan(1e-6);
    // and with a constant field it is the closed form
    const c = meanEmbedding(b.embedding, C, tinyIds(prompt));
    const flat = bundle({ cfgBatching: 'batch' });
    const r3 = await engine.generate(flat.dir, { prompt, durationSec: 1, seed: 8, steps: 3, guidance: 2.5 });
    expect(maxAbsDiff(r3.channels[0] as Float32Array, expected(8, SR, c, (x, ci) => x + 2.5 * ci))).toBeLessThan(1e-5);
  });

  test('a time field integrates to the Euler sum: Σ τ_k·Δτ for both time conventions', async () => {
    const steps = 5;
    const zero = new Float64Array(C);
    const up = bundle({ alpha: 0, gamma: 1, time: 'noiseToData' });
    const r1 = await engine.generate(up.dir, { prompt: 'door', durationSec: 1, seed: 9, steps, guidance: 1 });
    expect(maxAbsDiff(r1.channels[0] as Float32Array, expected(9, SR, zero, (x) => x + (steps - 1) / (2 * steps)))).toBeLessThan(1e-5);
    const down = bundle({ alpha: 0, gamma: 1, time: 'sigma' });
    const r2 = await engine.generate(down.dir, { prompt: 'door', durationSec: 1, seed: 9, steps, guidance: 1 });
    expect(maxAbsDiff(r2.channels[0] as Float32Array, expected(9, SR, zero, (x) => x - (steps + 1) / (2 * steps)))).toBeLessThan(1e-5);
  });

  test('a contracting field gives c + (x0 − c)(1 − 1/N)^N', async () => {
    const steps = 6;
    const b = bundle({ beta: -1 });
    const c = meanEmbedding(b.embedding, C, tinyIds('glass shatters'));
    const r = await engine.generate(b.dir, { prompt: 'glass shatters', durationSec: 1, seed: 5, steps, guidance: 1 });
    const k = Math.pow(1 - 1 / steps, steps);
    expect(maxAbsDiff(r.channels[0] as Float32Array, expected(5, SR, c, (x, ci) => ci + (x - ci) * k))).toBeLessThan(1e-5);
  });

  test('the shortest fitting window is used and trimmed; the same seed gives the same audio', async () => {
    const b = bundle({});
    const c = meanEmbedding(b.embedding, C, tinyIds(prompt));
    const r = await engine.generate(b.dir, { prompt, durationSec: 1.5, seed: 11, steps: 2, guidance: 1 });
    expect(r.windows).toBe(1);
    expect(r.channels[0]).toHaveLength(1.5 * SR);
    // the 2 s window's noise is drawn for 500 latent frames; the first 1.5 s of it is kept
    expect(maxAbsDiff(r.channels[0] as Float32Array, expected(11, 1.5 * SR, c, (x, ci) => x + ci))).toBeLessThan(1e-5);
    const again = await engine.generate(b.dir, { prompt, durationSec: 1.5, seed: 11, steps: 2, guidance: 1 });
    expect(maxAbsDiff(again.channels[0] as Float32Array, r.channels[0] as Float32Array)).toBe(0);
  });

  test('a clip longer than every window is generated in overlapping windows and crossfaded', async () => {
    const b = bundle({ windowOverlapSec: 0.25 });
    const c = meanEmbedding(b.embedding, C, tinyIds(prompt));
    const r = await engine.generate(b.dir, { prompt, durationSec: 5, seed: 21, steps: 2, guidance: 1 });
    expect(r.windows).toBe(3); // 2 s windows at 0, 1.5, 3 s
    const out = r.channels[0] as Float32Array;
    expect(out).toHaveLength(5 * SR);
    // before the first seam the audio is window 0 alone, after the last seam window 2 alone
    const w0 = expected(21, 2 * SR, c, (x, ci) => x + ci);
    const w2 = expected(21 + 2 * 7919, 2 * SR, c, (x, ci) => x + ci);
    expect(maxAbsDiff(out.subarray(0, 1.5 * SR), w0.subarray(0, 1.5 * SR))).toBeLessThan(1e-5);
    expect(maxAbsDiff(out.subarray(3.5 * SR), w2.subarray(0.5 * SR))).toBeLessThan(1e-5);
    // across a seam the power stays that of one window (equal-power crossfade of independent noise)
    const seam = out.subarray(1.5 * SR, 2 * SR);
    const rms = Math.sqrt(seam.reduce((a, v) => a + v * v, 0) / seam.length);
    const ref = Math.sqrt(w0.subarray(0, 1.5 * SR).reduce((a, v) => a + v * v, 0) / (1.5 * SR));
    expect(Math.abs(rms / ref - 1)).toBeLessThan(0.1);
  });
});
