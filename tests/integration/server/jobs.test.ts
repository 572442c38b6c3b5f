/**
 * Jobs through the real server and the real pipeline: a clip job with progress events and delivered
 * files, the result cache, a plan job, a marker batch that keeps finished items when one fails and whose
 * retry redoes only the failed one, and cancellation of running work within 1 s.
 */
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runFfmpeg } from '../../../bridge-server/media';
import { ServerMessageSchema } from '../../../bridge-server/protocol';
import { Client, authed, getJson, pair, startServer, type Message, type ServerProcess } from './harness';

const scratch = mkdtempSync(join(tmpdir(), 'foley-jobs-'));

async function makeClip(path: string, durationSec: number): Promise<void> {
  await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${durationSec}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', path]);
}

/** every live process on the machine with its parent and process group (Linux `ps`; zombies excluded) */
function processTable(): Array<{ pid: number; ppid: number; pgid: number; stat: string; cmd: string }> {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 5)
    .map(([pid, ppid, pgid, stat, cmd]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), stat: stat as string, cmd: cmd as string }))
    .filter((p) => !p.stat.startsWith('Z'));
}

const isEnd = (jobId: string) => (m: Message) => (m.type === 'job.done' || m.type === 'job.failed') && m.jobId === jobId;

describe('jobs', () => {
  let server: ServerProcess;
  let c: Client;
  let token: string;
  const clip = join(scratch, 'clip.mp4');
  beforeAll(async () => {
    await makeClip(clip, 2);
    server = await startServer();
    const paired = await pair(server);
    c = paired.client;
    token = paired.token;
  });
  afterAll(async () => {
    c.close();
    await server.stop();
  });

  it('renders a clip job with progress events, then serves the same request from the cache', async () => {
    const request = { projectId: 'p', items: [{ videoPath: clip, prompt: 'footsteps on gravel', seed: 3 }] };
    // events go to every socket of the panel, and to no other panel
    const samePanel = await authed(server, token);
    const otherPanel = (await pair(server)).client;
    const from = c.messages.length;
    const { job } = await c.ok<{ job: { jobId: string; status: string } }>('generate', request);
    expect(job.status).toBe('queued');
    const health = await getJson(server.port, '/health');
    expect(health.status).toBe(200);
    const end = await c.wait(isEnd(job.jobId), 90000, from);
    expect(end).toMatchObject({ type: 'job.done' });
    expect(await samePanel.wait(isEnd(job.jobId), 5000)).toEqual(end);
    expect(samePanel.messages.some((m) => m.type === 'job.progress' && m.jobId === job.jobId)).toBe(true);
    expect(otherPanel.messages.filter((m) => m.type.startsWith('job.'))).toEqual([]);
    samePanel.close();
    otherPanel.close();
    const events = c.messages.slice(from).filter((m) => m.type.startsWith('job.') && m.jobId === job.jobId);
    for (const e of events) expect(ServerMessageSchema.safeParse(e).success).toBe(true);
    const progress = events.filter((m) => m.type === 'job.progress');
    expect(progress.length).toBeGreaterThan(0);
    const fractions = progress.map((p) => p.fraction as number);
    expect(Math.max(...fractions)).toBeGreaterThan(0.5);
    expect(new Set(progress.map((p) => p.stage)).size).toBeGreaterThan(1);
    expect(events.some((m) => m.type === 'job.item.done' && m.itemId === 'item-001')).toBe(true);
    const files = end.files as { mix: string; stems: Record<string, string>; plan: string; report: string };
    const outDir = join(server.dataDir, 'outputs', job.jobId, 'item-001');
    expect(files.mix).toBe(join(outDir, 'foley.wav'));
    for (const f of [files.mix, files.plan, files.report, ...Object.values(files.stems)]) expect(statSync(f).size).toBeGreaterThan(0);
    expect(readdirSync(join(server.dataDir, 'outputs', job.jobId))).toEqual(['item-001']);

    // same media, range, prompt, seed and preset: a cache hit, no new render
    const t0 = performance.now();
    const again = await c.ok<{ job: { jobId: string } }>('generate', request);
    const end2 = await c.wait(isEnd(again.job.jobId), 20000);
    const cachedMs = performance.now() - t0;
    expect(end2.type).toBe('job.done');
    expect(end2.files).toEqual(files);
    expect((end2.items as Array<{ result: { cached: boolean } }>)[0]?.result.cached).toBe(true);
    expect(c.messages.filter((m) => m.type === 'job.progress' && m.jobId === again.job.jobId)).toEqual([]);
    expect(cachedMs).toBeLessThan(2000);
  });

  it('returns a plan for a plan job', async () => {
    const { job } = await c.ok<{ job: { jobId: string; kind: string } }>('plan', { item: { videoPath: clip, prompt: 'footsteps on gravel' } });
    expect(job.kind).toBe('plan');
    const end = await c.wait(isEnd(job.jobId), 90000);
    expect(end.type).toBe('job.done');
    expect(end.plan).toMatchObject({ version: 1, clip: { path: clip } });
    expect(existsSync(join(server.dataDir, 'outputs', job.jobId))).toBe(false);
  });

  it('keeps finished markers when one fails, and a retry redoes only the failed one', async () => {
    const broken = join(scratch, 'broken.mp4');
    writeFileSync(broken, 'this is not a video');
    const items = [
      { itemId: 'm1', videoPath: null, durationSec: 1.5, prompt: 'a door knock' },
      { itemId: 'm2', videoPath: broken, prompt: 'glass shatters' },
      { itemId: 'm3', videoPath: null, durationSec: 1.5, prompt: 'a heavy thud' },
    ];
    const { job } = await c.ok<{ job: { jobId: string } }>('generate', { batch: 'markers', items });
    const failed = await c.wait(isEnd(job.jobId), 90000);
    expect(failed).toMatchObject({ type: 'job.failed', code: expect.stringMatching(/^MEDIA_/) });
    const byId = (m: Message) => Object.fromEntries((m.items as Array<{ itemId: string; status: string; attempts: number }>).map((i) => [i.itemId, [i.status, i.attempts]]));
    expect(byId(failed)).toEqual({ m1: ['done', 1], m2: ['failed', 1], m3: ['done', 1] });
    expect(c.messages.some((m) => m.type === 'job.item.failed' && m.jobId === job.jobId && m.itemId === 'm2')).toBe(true);

    copyFileSync(clip, broken); // the editor fixes the media, then retries
    const from = c.messages.length;
    expect(await c.ok('jobs.retry', { jobId: job.jobId })).toMatchObject({ requeued: ['m2'] });
    const done = await c.wait(isEnd(job.jobId), 90000, from);
    expect(done.type).toBe('job.done');
    expect(byId(done)).toEqual({ m1: ['done', 1], m2: ['done', 2], m3: ['done', 1] });
    expect(readdirSync(join(server.dataDir, 'outputs', job.jobId)).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(await c.request('jobs.retry', { jobId: job.jobId })).toMatchObject({ type: 'error', code: 'INVALID_STATE' });
  });

  it('cancels running work within 1 s and leaves no partial output', async () => {
    const long = join(scratch, 'long.mp4');
    await makeClip(long, 20);
    const items = Array.from({ length: 4 }, (_, i) => ({ itemId: `long${i}`, videoPath: long, prompt: 'footsteps', seed: 100 + i }));
    const { job } = await c.ok<{ job: { jobId: string } }>('generate', { batch: 'markers', items });
    await c.wait((m) => m.type === 'job.progress' && m.jobId === job.jobId && m.stage === 'analyze', 60000);
    // the workers are the server's children, each leading its own process group (with its ffmpeg)
    const before = processTable();
    const workerGroups = before.filter((p) => p.ppid === server.proc.pid).map((p) => p.pgid);
    expect(workerGroups.length).toBe(2);
    expect(before.filter((p) => workerGroups.includes(p.pgid) && p.cmd.includes('ffmpeg')).length).toBeGreaterThan(0);
    const t0 = performance.now();
    const r = await c.ok<{ job: { status: string } }>('cancel', { jobId: job.jobId });
    const end = await c.wait(isEnd(job.jobId), 5000);
    const ms = performance.now() - t0;
    expect(end).toMatchObject({ type: 'job.failed', code: 'CANCELLED' });
    expect(ms).toBeLessThan(1000);
    // both workers were rendering this job: every process of their groups (worker and ffmpeg) is gone
    // within 1 s of the cancel (the replacement workers lead new groups)
    let survivors = processTable().filter((p) => workerGroups.includes(p.pgid));
    while (survivors.length > 0 && performance.now() - t0 < 1000) {
      await new Promise((r) => setTimeout(r, 20));
      survivors = processTable().filter((p) => workerGroups.includes(p.pgid));
    }
    expect(survivors).toEqual([]);
    expect(['running', 'cancelled']).toContain(r.job.status);
    const statuses = (end.items as Array<{ status: string }>).map((i) => i.status);
    expect(statuses.filter((s) => s === 'cancelled').length).toBeGreaterThanOrEqual(3);
    expect(statuses).not.toContain('running');
    const jobDir = join(server.dataDir, 'outputs', job.jobId);
    const left = existsSync(jobDir) ? readdirSync(jobDir) : [];
    expect(left.filter((n) => n.startsWith('.staging'))).toEqual([]);
    // the server is still healthy and idle
    const h = await getJson(server.port, '/health');
    expect(h.body).toMatchObject({ ok: true, running: 0, queueDepth: 0 });
  });
});
