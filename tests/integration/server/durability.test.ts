/**
 * Durability: kill -9 the server in the middle of a 20-marker batch, restart it on the same data folder,
 * and the batch completes with all 20 results, no duplicate and no partial output folders.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ITEM_MARKER_FILE } from '../../../bridge-server/jobs/outputs';
import { authed, pair, startServer } from './harness';

/** live (non-zombie) processes with parent and process group, from Linux `ps` */
function liveProcesses(): Array<{ pid: number; ppid: number; pgid: number }> {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && !(f[3] as string).startsWith('Z'))
    .map(([pid, ppid, pgid]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid) }));
}

describe('durability', () => {
  it('finishes a 20-marker batch after kill -9 and restart', async () => {
    let server = await startServer();
    const { client, token } = await pair(server);
    const items = Array.from({ length: 20 }, (_, i) => ({
      itemId: `marker-${String(i + 1).padStart(2, '0')}`,
      videoPath: null,
      durationSec: 0.5,
      prompt: ['a door knock', 'footsteps on wood', 'a glass clink', 'a heavy thud'][i % 4],
      seed: i + 1,
    }));
    const { job } = await client.ok<{ job: { jobId: string } }>('generate', { batch: 'markers', items });
    // wait until some markers are finished and others are still to do, then pull the plug
    await client.wait(() => client.messages.filter((m) => m.type === 'job.item.done' && m.jobId === job.jobId).length >= 3, 120000);
    const workerGroups = liveProcesses().filter((p) => p.ppid === server.proc.pid).map((p) => p.pgid);
    expect(workerGroups.length).toBe(2);
    await server.kill9();
    // the orphaned workers notice the closed IPC channel and kill their own groups (no one keeps writing)
    let orphans = liveProcesses().filter((p) => workerGroups.includes(p.pgid));
    for (let i = 0; orphans.length > 0 && i < 150; i++) {
      await new Promise((r) => setTimeout(r, 20));
      orphans = liveProcesses().filter((p) => workerGroups.includes(p.pgid));
    }
    expect(orphans).toEqual([]);
    const doneBefore = new Set(client.messages.filter((m) => m.type === 'job.item.done').map((m) => m.itemId as string));
    expect(doneBefore.size).toBeLessThan(20);

    server = await startServer({ dataDir: server.dataDir });
    const c = await authed(server, token);
    let detail: { status: string; items: Array<{ itemId: string; status: string; attempts: number; result?: { files?: { mix: string; plan: string; report: string; stems: Record<string, string> } } }> };
    const deadline = Date.now() + 180000;
    for (;;) {
      detail = (await c.ok<{ job: typeof detail }>('jobs.get', { jobId: job.jobId })).job;
      if (detail.status !== 'queued' && detail.status !== 'running') break;
      if (Date.now() > deadline) throw new Error(`batch did not finish: ${JSON.stringify(detail.items.map((i) => i.status))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(detail.status).toBe('done');
    expect(detail.items.map((i) => i.itemId)).toEqual(items.map((i) => i.itemId));
    for (const it of detail.items) {
      expect(it.status).toBe('done');
      // markers finished before the crash were not rendered again
      if (doneBefore.has(it.itemId)) expect(it.attempts).toBe(1);
      const f = it.result?.files;
      expect(f).toBeDefined();
      for (const p of [f!.mix, f!.plan, f!.report, ...Object.values(f!.stems)]) expect(statSync(p).size).toBeGreaterThan(44);
      expect(f!.mix).toBe(join(server.dataDir, 'outputs', job.jobId, it.itemId, 'foley.wav'));
    }
    // exactly one complete folder per marker; no staging or temp debris anywhere
    const jobDir = join(server.dataDir, 'outputs', job.jobId);
    expect(readdirSync(jobDir).sort()).toEqual(items.map((i) => i.itemId));
    for (const id of readdirSync(jobDir)) {
      expect(existsSync(join(jobDir, id, ITEM_MARKER_FILE))).toBe(true);
      const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [e.name]));
      expect(walk(join(jobDir, id)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
    c.close();
    expect(await server.stop()).toBe(0);
  });
});

describe('clean shutdown', () => {
  it('checkpoints a running item on SIGTERM (exit 0) and renders it on the next start', async () => {
    let server = await startServer({ env: { FOLEY_SHUTDOWN_GRACE_MS: '100' } });
    const { client, token } = await pair(server);
    const { job } = await client.ok<{ job: { jobId: string } }>('generate', { items: [{ videoPath: null, durationSec: 2, prompt: 'footsteps on gravel, a door slams' }] });
    await client.wait((m) => m.type === 'job.progress' && m.jobId === job.jobId, 60000);
    expect(await server.stop()).toBe(0);
    expect(server.lines).toContain('Received SIGTERM; shutting down');

    server = await startServer({ dataDir: server.dataDir });
    const c = await authed(server, token);
    const jobDir = join(server.dataDir, 'outputs', job.jobId);
    let detail: { status: string; items: Array<{ status: string; attempts: number }> };
    for (;;) {
      detail = (await c.ok<{ job: typeof detail }>('jobs.get', { jobId: job.jobId })).job;
      if (detail.status === 'done' || detail.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(detail.status).toBe('done');
    expect(detail.items[0]?.attempts).toBe(2);
    expect(readdirSync(jobDir)).toEqual(['item-001']);
    c.close();
    expect(await server.stop()).toBe(0);
  });
});
