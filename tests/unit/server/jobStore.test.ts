import { mkdtempSync, existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openDatabase } from '../../../bridge-server/core/sqlite';
import { PresetSchema } from '../../../bridge-server/contracts/preset';
import { SERVER_MIGRATIONS } from '../../../bridge-server/server/database';
import { JobStore } from '../../../bridge-server/jobs/store';
import { canonicalJson, fingerprintMedia, resultCacheKey, FINGERPRINT_CHUNK_BYTES } from '../../../bridge-server/jobs/fingerprint';
import { commitStagingDir, createStagingDir, readCompletedItem, ITEM_MARKER_FILE } from '../../../bridge-server/jobs/outputs';
import { JobItemSchema, type ItemResult } from '../../../bridge-server/protocol';

const preset = PresetSchema.parse({ name: 'default' });
const item = (prompt: string) => JobItemSchema.parse({ videoPath: null, durationSec: 2, prompt });
const plan = { version: 1 as const, clip: { path: null, inSec: 0, outSec: 2, fps: { num: 25, den: 1 }, timelineStartSec: 0 }, sampleRateHz: 48000, prompt: '', cues: [] };

describe('JobStore', () => {
  const db = openDatabase(':memory:', { migrations: SERVER_MIGRATIONS });
  const store = new JobStore(db);

  it('derives job status from items; a retry re-queues only failed items; restarts re-queue running ones', () => {
    const jobId = store.create({
      panelId: 'p1', kind: 'generate', batch: 'markers', presetName: 'default', preset, outBase: '/tmp/x',
      items: ['a', 'b', 'c'].map((id) => ({ itemId: id, request: item(id), cacheKey: null })),
    });
    expect(store.summary(jobId)).toMatchObject({ status: 'queued', itemCount: 3, itemsDone: 0 });
    const first = store.nextQueued(2, new Set());
    expect(first.map((i) => i.itemId)).toEqual(['a', 'b']);
    expect(store.nextQueued(2, new Set([`${jobId}/a`])).map((i) => i.itemId)).toEqual(['b', 'c']);
    expect(store.markRunning(jobId, 'a')).toBe('running');
    const result: ItemResult = { plan, cached: false };
    store.markDone(jobId, 'a', result);
    store.markRunning(jobId, 'b');
    store.markFailed(jobId, 'b', { code: 'FFMPEG_FAILED', message: 'boom' });
    store.markRunning(jobId, 'c');
    expect(store.recoverInterrupted()).toBe(1); // c was running when the "crash" happened
    expect(store.itemStatus(jobId, 'c')).toBe('queued');
    store.markRunning(jobId, 'c');
    expect(store.markDone(jobId, 'c', result)).toBe('failed');
    expect(store.summary(jobId)).toMatchObject({ status: 'failed', itemsDone: 2, itemsFailed: 1 });
    expect(store.retry(jobId)).toEqual(['b']);
    expect(store.summary(jobId)).toMatchObject({ status: 'running', itemsDone: 2, itemsFailed: 0 });
    const detail = store.detail(jobId)!;
    expect(detail.items.map((i) => [i.itemId, i.status, i.attempts])).toEqual([['a', 'done', 1], ['b', 'queued', 1], ['c', 'done', 2]]);
    expect(detail.items[0]?.result).toEqual(result);
    expect(store.cancelQueued(jobId)).toEqual({ running: [] });
    expect(store.summary(jobId)?.status).toBe('cancelled');
    expect(store.list('p1', 10).map((j) => j.jobId)).toEqual([jobId]);
    expect(store.list('p2', 10)).toEqual([]);
  });
});

describe('fingerprint and cache key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'foley-fp-'));
  it('hashes head and tail of large files and changes when either changes', () => {
    const big = Buffer.alloc(3 * FINGERPRINT_CHUNK_BYTES, 7);
    const f = join(dir, 'big.bin');
    writeFileSync(f, big);
    const a = fingerprintMedia(f);
    big[big.length - 1] = 8; // tail
    writeFileSync(f, big);
    const b = fingerprintMedia(f);
    big[big.length - 1] = 7;
    big[Math.floor(big.length / 2)] = 9; // middle: not covered, by design
    writeFileSync(f, big);
    const c = fingerprintMedia(f);
    expect(a.sizeBytes).toBe(3 * FINGERPRINT_CHUNK_BYTES);
    expect(b.headTailSha256).not.toBe(a.headTailSha256);
    expect(c.headTailSha256).toBe(a.headTailSha256);
  });

  it('keys on what changes the audio and ignores names and ids', () => {
    const fp = { sizeBytes: 1, mtimeMs: 2, headTailSha256: 'ab' };
    const base = resultCacheKey({ kind: 'generate', item: item('knock'), preset, fingerprint: fp });
    expect(resultCacheKey({ kind: 'generate', item: { ...item('knock'), itemId: 'm7', label: 'x' }, preset: { ...preset, name: 'other', outputDir: '/o' }, fingerprint: fp })).toBe(base);
    expect(resultCacheKey({ kind: 'generate', item: { ...item('knock'), seed: 2 }, preset, fingerprint: fp })).not.toBe(base);
    expect(resultCacheKey({ kind: 'generate', item: item('knock'), preset: { ...preset, targetLufs: -16 }, fingerprint: fp })).not.toBe(base);
    expect(resultCacheKey({ kind: 'generate', item: item('knock'), preset, fingerprint: { ...fp, mtimeMs: 3 } })).not.toBe(base);
    expect(resultCacheKey({ kind: 'plan', item: item('knock'), preset, fingerprint: fp })).not.toBe(base);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe('crash-safe output folders', () => {
  it('commits a staging folder by one rename and adopts it after a crash', () => {
    const base = mkdtempSync(join(tmpdir(), 'foley-out-'));
    const stale = createStagingDir(base, 'job-1', 'm1');
    writeFileSync(join(stale, 'foley.wav'), 'partial');
    // killed while the deliver stage was writing: its temporary sibling of the staging folder
    const delivering = join(base, 'job-1', `.${basename(stale)}.partial-4242-0a0b0c0d`);
    mkdirSync(delivering);
    writeFileSync(join(delivering, 'foley.wav'), 'half');
    const other = createStagingDir(base, 'job-1', 'm10');
    const staging = createStagingDir(base, 'job-1', 'm1');
    expect(existsSync(stale)).toBe(false); // a re-run removes what the interrupted run left
    expect(existsSync(delivering)).toBe(false);
    expect(existsSync(other)).toBe(true); // another item's staging folder is not touched
    rmSync(other, { recursive: true });
    mkdirSync(join(staging, 'stems'));
    writeFileSync(join(staging, 'foley.wav'), 'mix');
    writeFileSync(join(staging, 'stems', 'hits.wav'), 'stem');
    const files = { mix: join(staging, 'foley.wav'), stems: { hits: join(staging, 'stems', 'hits.wav') }, plan: join(staging, 'plan.json'), report: join(staging, 'report.json') };
    const final = join(base, 'job-1', 'm1');
    const r = commitStagingDir(staging, final, { outDir: staging, files, plan, cached: false });
    expect(r.files).toEqual({ mix: join(final, 'foley.wav'), stems: { hits: join(final, 'stems', 'hits.wav') }, plan: join(final, 'plan.json'), report: join(final, 'report.json') });
    expect(readdirSync(join(base, 'job-1')).sort()).toEqual(['m1']);
    expect(readdirSync(final).sort()).toEqual([ITEM_MARKER_FILE, 'foley.wav', 'stems']);
    expect(readCompletedItem(base, 'job-1', 'm1')).toEqual(r);
    expect(readCompletedItem(base, 'job-1', 'm2')).toBeUndefined();
  });
});
