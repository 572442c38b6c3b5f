/**
 * writeWavBatch shares the packing of several WAV files between this thread and a worker thread when
 * run from the compiled build (dist/, what the CLI and the server run). The worker path is checked
 * against writeWav byte for byte; it needs dist/ (npm test builds the server first) and is skipped when
 * it is missing. The split and the cost estimate are checked from sources.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPcm, type PcmAudio } from '../../../bridge-server/core/audio';
import { writeWav } from '../../../bridge-server/media/bwf';
import { packingCost, splitForWorker, writeWavBatch, type WavJob } from '../../../bridge-server/media/wavBatch';

const compiled = join(__dirname, '../../../dist/bridge-server/media/wavBatch.js');
const withWorker = existsSync(compiled) && existsSync(join(__dirname, '../../../dist/bridge-server/media/wavBatchWorker.js')) ? it : it.skip;

function audio(seconds: number, density: number, seed: number, shared = false): PcmAudio {
  const a = createPcm(2, Math.round(seconds * 48000), 48000, { shared });
  let s = seed;
  a.channels.forEach((ch) => {
    for (let i = 0; i < ch.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      // silence outside the first `density` of the file
      if (i < density * ch.length) ch[i] = (s / 4294967296 - 0.5) * 0.8;
    }
  });
  return a;
}

const date = new Date(2026, 0, 2, 3, 4, 5);
const jobOptions = (i: number): WavJob['options'] => ({ bitDepth: '24', bext: { description: `file ${i}`, date, timeReferenceSamples: 48000 * i, loudness: { integratedLufs: -23 - i } } });

describe('writeWavBatch', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wavbatch-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('estimates a silent file as cheaper than a dense one of the same length', () => {
    const dense = packingCost(audio(2, 1, 1));
    const sparse = packingCost(audio(2, 0.1, 1));
    expect(dense).toBeCloseTo(2 * 96000, -2);
    expect(sparse).toBeLessThan(0.35 * dense);
    expect(sparse).toBeGreaterThan(0.2 * dense);
    expect(packingCost(createPcm(2, 0))).toBe(0);
  });

  it('keeps the largest job here and balances the rest (longest first, to the less loaded side)', () => {
    expect(splitForWorker([10])).toEqual([]);
    expect(splitForWorker([10, 9])).toEqual([1]);
    expect(splitForWorker([10, 2, 2, 9, 1])).toEqual([1, 3, 4]);
    expect(splitForWorker([1, 10, 4, 4, 3])).toEqual([2, 3, 4]);
    // ties: the earlier index counts as larger
    expect(splitForWorker([5, 5, 5, 5])).toEqual([1, 3]);
  });

  it('writes every file from sources (this thread only)', async () => {
    const jobs = [0, 1, 2].map((i) => ({ path: join(dir, `f${i}.wav`), audio: audio(0.5, 0.5, i + 1), options: jobOptions(i) }));
    await Promise.all(writeWavBatch(jobs));
    for (const [i, job] of jobs.entries()) {
      writeWav(join(dir, `ref${i}.wav`), job.audio, job.options);
      expect(Buffer.compare(readFileSync(job.path), readFileSync(join(dir, `ref${i}.wav`)))).toBe(0);
    }
  });

  withWorker('writes on a worker thread byte for byte what writeWav writes, shared or copied buffers', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(compiled) as { writeWavBatch: typeof writeWavBatch; splitForWorker: typeof splitForWorker; packingCost: typeof packingCost };
    const jobs = [0, 1, 2, 3].map((i) => ({ path: join(dir, `f${i}.wav`), audio: audio(1 + i * 0.25, i % 2 ? 0.2 : 1, i + 7, i < 2), options: jobOptions(i) }));
    expect(dist.splitForWorker(jobs.map((j) => dist.packingCost(j.audio))).length).toBeGreaterThan(0);
    await Promise.all(dist.writeWavBatch(jobs));
    for (const [i, job] of jobs.entries()) {
      writeWav(join(dir, `ref${i}.wav`), job.audio, job.options);
      expect(Buffer.compare(readFileSync(job.path), readFileSync(join(dir, `ref${i}.wav`)))).toBe(0);
    }
    // no temporary files left behind
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  withWorker('reports a file the worker cannot write as that file\'s failure, and writes the others', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(compiled) as { writeWavBatch: typeof writeWavBatch };
    // the smaller job goes to the worker; its folder is a file, so it cannot be created
    const blocker = join(dir, 'blocker');
    writeWav(blocker, audio(0.1, 1, 3), {});
    const jobs = [
      { path: join(dir, 'big.wav'), audio: audio(2, 1, 1), options: jobOptions(0) },
      { path: join(blocker, 'small.wav'), audio: audio(1, 1, 2), options: jobOptions(1) },
    ];
    const results = await Promise.allSettled(dist.writeWavBatch(jobs));
    expect(results[0]?.status).toBe('fulfilled');
    expect(results[1]?.status).toBe('rejected');
    const reason = (results[1] as PromiseRejectedResult).reason as Error & { code?: string };
    // the fs error as the editor-facing layer (deliver) wraps it: message and code survive the thread hop
    expect(reason.message).toContain('blocker');
    expect(reason.code).toMatch(/^E[A-Z]+$/);
    expect(existsSync(join(dir, 'big.wav'))).toBe(true);
  });
});
