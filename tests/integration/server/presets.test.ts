/**
 * Per-project presets and request checks through the real server: CRUD, default, export/import, factory
 * presets read-only, path policy for media and output folders, ownership of jobs, and persistence of
 * tokens and presets across a restart.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authed, pair, startServer, type ServerProcess } from './harness';

describe('presets and request policy', () => {
  let server: ServerProcess;
  let token: string;
  const scratch = mkdtempSync(join(tmpdir(), 'foley-presets-'));
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates, lists, exports, imports and deletes project presets; factory presets are read-only', async () => {
    const p = await pair(server);
    token = p.token;
    const c = p.client;
    const list0 = await c.ok<{ presets: Array<{ preset: { name: string }; factory: boolean }>; defaultName: string }>('presets.list', { projectId: 'film-a' });
    expect(list0.defaultName).toBe('default');
    expect(list0.presets.filter((e) => e.factory).map((e) => e.preset.name)).toEqual(['default', 'library-first', 'neural', 'broadcast-us']);

    const outDir = join(scratch, 'film-a-foley');
    await c.ok('presets.save', { projectId: 'film-a', preset: { name: 'gravel', variations: 5, targetLufs: -18, outputDir: outDir } });
    const got = await c.ok<{ preset: Record<string, unknown>; factory: boolean }>('presets.get', { projectId: 'film-a', name: 'gravel' });
    expect(got.factory).toBe(false);
    expect(got.preset).toMatchObject({ name: 'gravel', variations: 5, targetLufs: -18, truePeakDbtp: -1, backends: ['procedural'], outputDir: outDir });
    // other projects do not see it
    expect(await c.request('presets.get', { projectId: 'film-b', name: 'gravel' })).toMatchObject({ type: 'error', code: 'NOT_FOUND' });

    await c.ok('presets.setDefault', { projectId: 'film-a', name: 'gravel' });
    expect(await c.ok('presets.list', { projectId: 'film-a' })).toMatchObject({ defaultName: 'gravel' });
    expect(await c.request('presets.setDefault', { projectId: 'film-a', name: 'missing' })).toMatchObject({ type: 'error', code: 'PRESET_UNKNOWN' });

    expect(await c.request('presets.save', { projectId: 'film-a', preset: { name: 'default' } })).toMatchObject({ type: 'error', code: 'PRESET_READONLY' });
    expect(await c.request('presets.delete', { projectId: 'film-a', name: 'neural' })).toMatchObject({ type: 'error', code: 'PRESET_READONLY' });
    expect(await c.request('presets.save', { projectId: 'film-a', preset: { name: 'rel', outputDir: 'relative/out' } })).toMatchObject({ type: 'error', code: 'PATH_FORBIDDEN' });
    expect(await c.request('presets.save', { projectId: 'film-a', preset: { name: 'bad', variations: 99 } })).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', issues: [{ path: 'preset.variations' }] });

    const { document } = await c.ok<{ document: { presets: Array<{ name: string }>; defaultPreset?: string } }>('presets.export', { projectId: 'film-a' });
    expect(document).toMatchObject({ format: 'foley-presets', version: 1, projectId: 'film-a', defaultPreset: 'gravel' });
    expect(document.presets.map((x) => x.name)).toEqual(['gravel']);
    // import into another project: all new; a second import skips existing names unless overwrite
    expect(await c.ok('presets.import', { projectId: 'film-b', document })).toEqual({ imported: ['gravel'], skipped: [] });
    expect(await c.ok('presets.import', { projectId: 'film-b', document })).toEqual({ imported: [], skipped: ['gravel'] });
    expect(await c.ok('presets.import', { projectId: 'film-b', document, overwrite: true })).toEqual({ imported: ['gravel'], skipped: [] });
    expect(await c.ok('presets.list', { projectId: 'film-b' })).toMatchObject({ defaultName: 'gravel' });

    expect(await c.ok('presets.delete', { projectId: 'film-b', name: 'gravel' })).toEqual({ name: 'gravel' });
    expect(await c.ok('presets.list', { projectId: 'film-b' })).toMatchObject({ defaultName: 'default' });
    expect(await c.request('presets.delete', { projectId: 'film-b', name: 'gravel' })).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    c.close();
  });

  it('checks media paths and presets before queueing a job', async () => {
    const c = await authed(server, token);
    const file = join(scratch, 'clip.mov');
    writeFileSync(file, 'not really a movie');
    mkdirSync(join(scratch, 'folder.mov'));
    symlinkSync(file, join(scratch, 'link.mov'));
    const gen = (videoPath: unknown) => c.request('generate', { items: [{ videoPath }] });
    expect(await gen('relative/clip.mov')).toMatchObject({ type: 'error', code: 'PATH_FORBIDDEN' });
    expect(await gen(join(scratch, 'missing.mov'))).toMatchObject({ type: 'error', code: 'MEDIA_NOT_FOUND' });
    expect(await gen(join(scratch, 'folder.mov'))).toMatchObject({ type: 'error', code: 'PATH_FORBIDDEN' });
    expect(await gen(null)).toMatchObject({ type: 'error', code: 'BAD_MESSAGE', message: expect.stringContaining('items[0].durationSec') });
    expect(await c.request('generate', { presetName: 'nope', items: [{ videoPath: null, durationSec: 1 }] })).toMatchObject({ type: 'error', code: 'PRESET_UNKNOWN' });
    // a symlink is accepted and stored as its realpath
    const ok = await c.ok<{ job: { jobId: string } }>('generate', { items: [{ videoPath: join(scratch, 'link.mov') }] });
    const detail = await c.ok<{ job: { items: Array<{ itemId: string }> } }>('jobs.get', { jobId: ok.job.jobId });
    expect(detail.job.items.map((i) => i.itemId)).toEqual(['item-001']);
    // another panel cannot see or cancel it
    const other = (await pair(server)).client;
    expect(await other.request('jobs.get', { jobId: ok.job.jobId })).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(await other.request('cancel', { jobId: ok.job.jobId })).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(await other.ok('jobs.list', {})).toEqual({ jobs: [] });
    other.close();
    c.close();
  });

  it('keeps tokens and presets across a restart', async () => {
    expect(await server.stop()).toBe(0);
    server = await startServer({ dataDir: server.dataDir });
    const c = await authed(server, token);
    expect(await c.ok('presets.list', { projectId: 'film-a' })).toMatchObject({ defaultName: 'gravel' });
    c.close();
  });
});
