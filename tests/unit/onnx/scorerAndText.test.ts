/** @jest-environment ./tests/helpers/onnx/ortEnvironment.js */
/**
 * The scorer (cosine of audio and text embeddings, mapped to 0..1) and offline tokenization through
 * @huggingface/transformers, against values computed from the tiny graphs' weights.
 */
import { join } from 'node:path';
import { OnnxEngine } from '../../../bridge-server/pipeline/generate/onnx/engine';
import { cosineSimilarity, fitLength, resampleLinear } from '../../../bridge-server/pipeline/generate/onnx/scorerRuntime';
import { writeTinyScorerBundle } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { loadTokenizer } from '../../../bridge-server/pipeline/generate/onnx/tokenizer';
import { meanEmbedding, tempDir, tinyIds } from '../../helpers/onnx/tinyBundles';

const tmp = tempDir('scorer');
let engine: OnnxEngine;
beforeAll(async () => {
  engine = await OnnxEngine.create(['cpu']);
});
afterAll(async () => {
  await engine.release();
  tmp.dispose();
});

test('tokenizes offline from tokenizer.json + tokenizer_config.json, padded to the bundle length', async () => {
  const b = writeTinyScorerBundle(join(tmp.dir, 'tok'));
  const tok = await loadTokenizer(join(b.dir, 'tokenizer'), { maxLength: 16, padToMax: true });
  const r = tok.encode('Footsteps on GRAVEL, splash!');
  const ids = tinyIds('footsteps on gravel , splash !');
  expect(r.inputIds.slice(0, ids.length)).toEqual(ids);
  expect(r.inputIds).toHaveLength(16);
  expect(r.attentionMask).toEqual([...ids.map(() => 1), ...new Array(16 - ids.length).fill(0)]);
  expect(tok.encode('').attentionMask.every((m) => m === 0)).toBe(true);
});

test('score = (cos(energy envelope, mean token embedding) + 1) / 2', async () => {
  const sr = 16000;
  const b = writeTinyScorerBundle(join(tmp.dir, 'scorer'), { sampleRateHz: sr, samples: sr, bands: 8 });
  // a burst in the 3rd eighth of a second: its envelope points at band 2 only
  const audio = new Float32Array(sr);
  for (let i = 2 * 2000; i < 3 * 2000; i++) audio[i] = 0.5 * Math.sin(i * 0.3);
  const env = new Float32Array(8);
  for (let k = 0; k < 8; k++) for (let i = k * 2000; i < (k + 1) * 2000; i++) env[k] = (env[k] as number) + (audio[i] as number) ** 2 / 2000;
  for (const text of ['glass shatters', 'door knock']) {
    const t = Float32Array.from(meanEmbedding(b.embedding, 8, tinyIds(text)));
    const want = (cosineSimilarity(env, t) + 1) / 2;
    const got = await engine.score(b.dir, audio, sr, text);
    expect(Math.abs(got - want)).toBeLessThan(1e-5);
    expect(got).toBeGreaterThanOrEqual(0.5); // both vectors are non-negative
  }
  // audio at another rate is resampled to the bundle's rate first (same burst, same score)
  const at32k = resampleLinear(audio, sr, 32000);
  const s1 = await engine.score(b.dir, audio, sr, 'glass');
  const s2 = await engine.score(b.dir, at32k, 32000, 'glass');
  expect(Math.abs(s1 - s2)).toBeLessThan(0.01);
});

test('helpers: repeat-pad, cosine', () => {
  expect(Array.from(fitLength(Float32Array.from([1, 2, 3]), 7))).toEqual([1, 2, 3, 1, 2, 3, 1]);
  expect(Array.from(fitLength(Float32Array.from([1, 2, 3]), 2))).toEqual([1, 2]);
  expect(cosineSimilarity(Float32Array.from([1, 0]), Float32Array.from([0, 2]))).toBe(0);
  expect(cosineSimilarity(Float32Array.from([1, 1]), Float32Array.from([2, 2]))).toBeCloseTo(1, 12);
});
