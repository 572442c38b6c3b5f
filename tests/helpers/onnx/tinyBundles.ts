/**
 * Test helpers around the production tiny-graph builder (bridge-server/pipeline/generate/onnx/
 * tinyGraphs.ts + tinyBundle.ts): temporary folders, the expected condition vector of a prompt, and
 * the known noise of a seed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_VOCAB } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';

export function tempDir(prefix: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `foley-onnx-${prefix}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Whole-word ids of a prompt under the tiny vocabulary (unknown words map to [UNK] = 1). */
export function tinyIds(text: string): number[] {
  return (text.toLowerCase().match(/\w+|[^\w\s]/g) ?? []).map((w) => {
    const i = TINY_VOCAB.indexOf(w);
    return i < 0 ? 1 : i;
  });
}

/** Mean embedding of the prompt's tokens: what the tiny text encoder returns. */
export function meanEmbedding(embedding: Float32Array, channels: number, ids: number[]): Float64Array {
  const out = new Float64Array(channels);
  if (ids.length === 0) return out;
  for (const id of ids) for (let c = 0; c < channels; c++) out[c] = (out[c] as number) + (embedding[id * channels + c] as number) / ids.length;
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) m = Math.max(m, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return m;
}
