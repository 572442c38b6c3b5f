/** @jest-environment ./tests/helpers/onnx/ortEnvironment.js */
/**
 * The inference worker (compiled dist/ worker.js; `npm run build:server` first): the main event loop
 * keeps ticking while a slow generation runs, cancellation lands between steps, the backend returns
 * takes with onset sync points, and a video-to-audio bundle sees the frames the media module streams.
 */
import { join } from 'node:path';
import { toMono } from '../../../bridge-server/core/audio';
import type { Cue } from '../../../bridge-server/contracts/plan';
import { detectOnsets } from '../../../bridge-server/dsp/onsets';
import { encodeFrames } from '../../../bridge-server/media';
import { acquireWorker, createOnnxBackend, onnxRuntimeStatus } from '../../../bridge-server/pipeline/generate/onnx';
import { readBundleManifest } from '../../../bridge-server/pipeline/generate/onnx/bundleManifest';
import { seededNoise } from '../../../bridge-server/pipeline/generate/onnx/sampler';
import { writeTinyFlowBundle } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { readVisualFrames } from '../../../bridge-server/pipeline/generate/onnx/visualFeatures';
import { maxAbsDiff, meanEmbedding, tempDir, tinyIds } from '../../helpers/onnx/tinyBundles';

const tmp = tempDir('worker');
afterAll(() => tmp.dispose());

const hitCue: Cue = {
  id: 'c1', start: 0.5, kind: 'hit', sound: { class: 'door-knock', params: {} }, prompt: 'door knock', gainDb: 0, pan: 0,
  stem: 'hits', source: 'text', confidence: 1, enabled: true,
};

test('the main event loop stays responsive while the worker samples', async () => {
  const b = writeTinyFlowBundle(join(tmp.dir, 'slow'), { id: 'slow', mlpHidden: 1024, windowsSec: [2], steps: 200, guidance: 3 });
  // 2 s at 16 kHz = 500 latent frames of 64 channels
  const w = acquireWorker(['cpu']);
  try {
    await w.request('warmUp', { dir: b.dir });
    let last = performance.now();
    const gapsMs: number[] = [];
    const timer = setInterval(() => {
      const now = performance.now();
      gapsMs.push(now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const r = await w.request('generate', { dir: b.dir, request: { prompt: 'footsteps', durationSec: 2, seed: 1 } });
    const elapsedMs = performance.now() - started;
    clearInterval(timer);
    expect(r.channels[0]).toHaveLength(32000);
    expect(elapsedMs).toBeGreaterThan(500); // 400 runs of a 500×64×1024 MLP (~1.4 s on an idle core): long enough to notice a block
    // A blocked loop would show one gap as long as the generation. The 95th percentile is used for the
    // 50 ms bound because CI shares 2 cores with other jobs, which can delay any single tick.
    const sorted = [...gapsMs].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] as number;
    expect(p95).toBeLessThan(50);
    expect(sorted[sorted.length - 1] as number).toBeLessThan(Math.max(200, elapsedMs / 4));
    expect(gapsMs.length).toBeGreaterThan(elapsedMs / 50);
  } finally {
    await w.releaseRef();
  }
});

test('an abort lands between sampler steps', async () => {
  const b = writeTinyFlowBundle(join(tmp.dir, 'cancel'), { mlpHidden: 512, windowsSec: [2], steps: 400, guidance: 3 });
  const w = acquireWorker(['cpu']);
  try {
    const ac = new AbortController();
    let steps = 0;
    const p = w.request('generate', { dir: b.dir, request: { prompt: 'wind', durationSec: 2, seed: 1 } }, {
      signal: ac.signal,
      onProgress: (done) => {
        steps = done;
        if (done === 3) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(steps).toBeLessThan(50);
  } finally {
    await w.releaseRef();
  }
});

test('backend: takes at the project rate, sync point from onset detection, seeded and repeatable', async () => {
  const models = join(tmp.dir, 'models-t2a');
  writeTinyFlowBundle(join(models, 'tiny-t2a'), { steps: 4 });
  const backend = createOnnxBackend({ modelsDir: models, providers: ['cpu'] });
  try {
    expect(await backend.canRender(hitCue)).toBe(true);
    const req = { cue: hitCue, count: 2, seed: 7, sampleRateHz: 48000, clip: { path: null, inSec: 0, outSec: 2 } };
    const takes = await backend.render(req);
    expect(takes).toHaveLength(2);
    for (const t of takes) {
      expect(t.audio.sampleRateHz).toBe(48000);
      expect(t.audio.channels[0]).toHaveLength(48000); // a hit without an end gets 1 s
      expect(t.provenance).toMatchObject({ backend: 'onnx', bundle: 'tiny-t2a', class: 'door-knock' });
      expect(t.syncSample).toBe(detectOnsets(toMono(t.audio), 48000)[0]?.sample ?? 0);
    }
    expect(takes[0]?.provenance.seed).not.toBe(takes[1]?.provenance.seed);
    expect(maxAbsDiff(takes[0]?.audio.channels[0] as Float32Array, takes[1]?.audio.channels[0] as Float32Array)).toBeGreaterThan(0.01);
    const again = await backend.render(req);
    expect(maxAbsDiff(again[0]?.audio.channels[0] as Float32Array, takes[0]?.audio.channels[0] as Float32Array)).toBe(0);
    const none = createOnnxBackend({ modelsDir: models, bundle: 'not-installed', providers: ['cpu'] });
    expect(await none.canRender(hitCue)).toBe(false);
    await expect(none.render(req)).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  } finally {
    await backend.dispose?.();
  }
  const status = await onnxRuntimeStatus(['cuda', 'cpu']);
  expect(status.providers[status.providers.length - 1]).toBe('cpu');
  expect(status.device).toBe(status.providers[0]);
  if (status.device === 'cpu') expect(status.dropped[0]).toMatch(/^cuda: /);
});

test('v2a: visual features come from frames streamed at the bundle fps and size, normalized per the manifest', async () => {
  // a solid colour clip: every frame embeds to the same normalized mean colour · P
  const video = join(tmp.dir, 'solid.mp4');
  const rgb = [200, 60, 120];
  const frame = new Uint8Array(64 * 48 * 3).map((_, i) => rgb[i % 3] as number);
  await encodeFrames({ outPath: video, width: 64, height: 48, pixelFormat: 'rgb24', fps: { num: 25, den: 1 }, frames: Array.from({ length: 75 }, () => frame), crf: 1 });
  const b = writeTinyFlowBundle(join(tmp.dir, 'models-v2a', 'tiny-v2a'), { kind: 'v2a-flow', steps: 3, guidance: 2, alpha: 0.5 });
  const manifest = readBundleManifest(b.dir);
  const stream = manifest.kind === 'v2a-flow' ? manifest.video[0] : undefined;
  if (!stream) throw new Error('tiny v2a bundle has no visual stream');
  const frames = await readVisualFrames({ path: video, inSec: 0.5, outSec: 1.5, streams: [stream] });
  const set = frames.clip_f;
  expect(set?.frames).toHaveLength(8); // 1 s at 8 fps
  expect(set?.width).toBe(32);
  // expected condition from the decoded frames: mean over pixels of the normalized colour, times P
  const { mean, std } = stream;
  const rgbMean = [0, 0, 0];
  for (const f of set?.frames ?? []) for (let p = 0; p < f.length; p++) rgbMean[p % 3] = (rgbMean[p % 3] as number) + (f[p] as number) / (f.length / 3) / 8;
  const norm = rgbMean.map((v, c) => (v / 255 - (mean[c] as number)) / (std[c] as number));
  const C = b.channels;
  const text = meanEmbedding(b.embedding, C, tinyIds('ball bounce'));
  const cond = new Float64Array(C).map((_, c) => 0.5 * (text[c] as number) + norm.reduce((a, v, k) => a + v * (b.projection[k * C + c] as number), 0));
  const w = acquireWorker(['cpu']);
  try {
    const r = await w.request('generate', { dir: b.dir, request: { prompt: 'ball bounce', durationSec: 1, seed: 4, frames } });
    const x0 = seededNoise(16000, 4);
    // null visual features and the empty prompt embed to zero: uncond velocity is 0, so x1 = x0 + s·cond
    const want = Float64Array.from(x0, (x, i) => 0.1 * (x + 2 * (cond[i % C] as number)));
    expect(maxAbsDiff(r.channels[0] as Float32Array, want)).toBeLessThan(1e-4);
  } finally {
    await w.releaseRef();
  }
  // through the backend: a cue with a clip picks the v2a bundle
  const backend = createOnnxBackend({ modelsDir: join(tmp.dir, 'models-v2a'), providers: ['cpu'] });
  try {
    const takes = await backend.render({ cue: hitCue, count: 1, seed: 1, sampleRateHz: 48000, clip: { path: video, inSec: 0, outSec: 3 } });
    expect(takes[0]?.provenance.bundle).toBe('tiny-v2a');
    expect(takes[0]?.provenance.params.bundleKind).toBe('v2a-flow');
    await expect(backend.render({ cue: hitCue, count: 1, seed: 1, sampleRateHz: 48000, clip: { path: null, inSec: 0, outSec: 3 } })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  } finally {
    await backend.dispose?.();
  }
});

test('shortSideCrop keeps the centre of a wide picture; squash keeps all of it', async () => {
  // three vertical bands, red | green | blue, 32 px each
  const video = join(tmp.dir, 'bands.mp4');
  const frame = new Uint8Array(96 * 32 * 3);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 96; x++) frame[(y * 96 + x) * 3 + Math.floor(x / 32)] = 255;
  await encodeFrames({ outPath: video, width: 96, height: 32, pixelFormat: 'rgb24', fps: { num: 10, den: 1 }, frames: Array.from({ length: 10 }, () => frame), crf: 1 });
  const base = { stage: 'syncEncoder' as const, fps: { num: 5, den: 1 }, width: 16, height: 16, scale: [0, 1] as [number, number], mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number], chunkFrames: 8 };
  const sets = await readVisualFrames({
    path: video, inSec: 0, outSec: 1,
    streams: [{ ...base, resize: 'shortSideCrop', feature: 'crop' }, { ...base, resize: 'squash', feature: 'squash' }],
  });
  const channelMeans = (f: Uint8Array, x0: number, x1: number): number[] => {
    const m = [0, 0, 0];
    for (let y = 0; y < 16; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) m[c] = (m[c] as number) + (f[(y * 16 + x) * 3 + c] as number) / (16 * (x1 - x0));
    return m;
  };
  const crop = sets.crop?.frames[0] as Uint8Array;
  expect(sets.crop?.frames).toHaveLength(5);
  const [r, g, bl] = channelMeans(crop, 2, 14);
  expect(g).toBeGreaterThan(200); // only the green band is left
  expect(Math.max(r as number, bl as number)).toBeLessThan(40);
  const squash = sets.squash?.frames[0] as Uint8Array;
  expect(channelMeans(squash, 0, 4)[0]).toBeGreaterThan(200); // red at the left edge
  expect(channelMeans(squash, 12, 16)[2]).toBeGreaterThan(200); // blue at the right edge
});
