/**
 * Load on the bridge server: 8 panels connect at once and each submits 5 text-only clip jobs (distinct
 * seeds, so nothing is served from the cache). Reports job latency (submit → job.done) p50/p95, the
 * server process's peak memory, and `/health` latency sampled every 100 ms throughout, compared with the
 * idle server in the same run (the issue's bar: /health within 50 ms while jobs run).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { median, percentile, type BenchCase, type BenchRow } from '../types';

const ROOT = join(__dirname, '..', '..', '..');

interface Reply {
  type: string;
  id?: string;
  jobId?: string;
  result?: Record<string, unknown>;
  [k: string]: unknown;
}

class BenchClient {
  private n = 0;
  private listeners: Array<(m: Reply) => void> = [];
  constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Reply;
      for (const l of [...this.listeners]) l(m);
    });
  }
  static open(port: number): Promise<BenchClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      ws.once('open', () => resolve(new BenchClient(ws)));
      ws.once('error', reject);
    });
  }
  waitFor(pred: (m: Reply) => boolean, timeoutMs = 600000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bench: timeout')), timeoutMs);
      const l = (m: Reply): void => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((x) => x !== l);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }
  async call(op: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = `b${this.n++}`;
    const p = this.waitFor((m) => m.id === id);
    this.ws.send(JSON.stringify({ id, op, ...fields }));
    const r = await p;
    if (r.type !== 'ok') throw new Error(`bench: ${op} failed: ${JSON.stringify(r)}`);
    return r.result ?? {};
  }
  close(): void {
    this.ws.close();
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** child-process script: GET /health every 100 ms on a kept-alive connection until stdin closes; prints the latencies */
const HEALTH_SAMPLER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const port = Number(process.argv[1]);
const out = [];
let running = true;
process.stdin.on('end', () => { running = false; });
process.stdin.resume();
(async () => {
  while (running) {
    const t0 = performance.now();
    await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/health', agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(JSON.stringify(out));
  agent.destroy();
})();
`;

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** one GET /health on a kept-alive connection (so the figure is the server's answer, not TCP setup) */
function healthMs(port: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path: '/health', agent: keepAlive }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
  });
}

/** prints the server's own stall and slow-operation log lines, so a slow /health can be explained */
function summarizeStalls(logPath: string, log: (line: string) => void): void {
  let text = '';
  try {
    text = readFileSync(logPath, 'utf8');
  } catch {
    return;
  }
  const stalls: number[] = [];
  const stallCpu: string[] = [];
  const slow = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    if (!line.includes('stalled') && !line.includes('slow main-thread')) continue;
    const entry = JSON.parse(line) as { msg: string; lateMs?: number; intervalMs?: number; cpuMs?: number; op?: string; ms?: number };
    if (entry.lateMs !== undefined) {
      stalls.push(entry.lateMs);
      stallCpu.push(`${entry.intervalMs} ms wall / ${entry.cpuMs} ms cpu`);
    }
    if (entry.op && entry.ms !== undefined) slow.set(entry.op, [...(slow.get(entry.op) ?? []), entry.ms]);
  }
  log(`server log: ${stalls.length} event-loop stalls > 50 ms (max ${stalls.length ? Math.max(...stalls) : 0} ms)${stallCpu.length ? `: ${stallCpu.join(', ')}` : ''}`);
  for (const [op, list] of slow) log(`  slow ${op}: ${list.length}x, max ${Math.max(...list)} ms`);
}

export const serverBench: BenchCase = {
  name: 'server',
  description: '8 panels x 5 jobs on one bridge server: job latency, memory, /health latency under load',
  async run(ctx) {
    const panels = ctx.options.quick ? 3 : 8;
    const jobsPerPanel = ctx.options.quick ? 2 : 5;
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'foley.js'), 'serve', '--port', '0', '--data-dir', join(ctx.workDir, 'data')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FOLEY_RATE_PER_SEC: '1000', FOLEY_RATE_BURST: '1000' },
    });
    const lines: string[] = [];
    const lineWaiters: Array<() => void> = [];
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (c: string) => {
      lines.push(...c.split('\n').filter(Boolean));
      lineWaiters.splice(0).forEach((w) => w());
    });
    const waitLine = (re: RegExp, from = 0): Promise<RegExpMatchArray> =>
      new Promise((resolve) => {
        const check = (): void => {
          for (let i = from; i < lines.length; i++) {
            const m = (lines[i] as string).match(re);
            if (m) return resolve(m);
          }
          lineWaiters.push(check);
        };
        check();
      });
    try {
      const port = Number((await waitLine(/^Listening on ws:\/\/127\.0\.0\.1:(\d+)$/))[1]);
      const idle: number[] = [];
      for (let i = 0; i < 20; i++) idle.push(await healthMs(port));

      // pair one panel, then every panel authenticates with its own token (pairing is sequential by design)
      const clients: BenchClient[] = [];
      for (let p = 0; p < panels; p++) {
        const c = await BenchClient.open(port);
        await c.call('hello', { protocolVersion: 1, client: { name: `bench-${p}` } });
        const from = lines.length;
        await c.call('pair.request', { clientName: `bench-${p}` });
        const code = (await waitLine(/^Pairing code: (\d{6})$/, from))[1];
        await c.call('pair.confirm', { code });
        clients.push(c);
      }

      // /health is sampled from its own process so the figure is the server's, not this busy client's
      const sampler = spawn(process.execPath, ['-e', HEALTH_SAMPLER, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
      let samplerOut = '';
      sampler.stdout!.setEncoding('utf8');
      sampler.stdout!.on('data', (c: string) => (samplerOut += c));
      const samplerDone = new Promise((r) => sampler.once('exit', r));
      let sampling = true;
      let peakRss = rssMb(proc.pid!);
      const rssLoop = (async () => {
        while (sampling) {
          peakRss = Math.max(peakRss, rssMb(proc.pid!));
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const latencies: number[] = [];
      const t0 = performance.now();
      let failed = 0;
      await Promise.all(
        clients.map(async (c, p) => {
          const jobs = await Promise.all(
            Array.from({ length: jobsPerPanel }, async (_, j) => {
              const submitted = performance.now();
              const r = await c.call('generate', { items: [{ videoPath: null, durationSec: 2, prompt: 'footsteps on a wooden floor, a door knock', seed: 1000 + p * 100 + j }] });
              const jobId = (r.job as { jobId: string }).jobId;
              return { jobId, submitted };
            }),
          );
          await Promise.all(
            jobs.map(async ({ jobId, submitted }) => {
              const end = await c.waitFor((m) => (m.type === 'job.done' || m.type === 'job.failed') && m.jobId === jobId);
              if (end.type !== 'job.done') failed++;
              latencies.push((performance.now() - submitted) / 1000);
            }),
          );
        }),
      );
      const wallSec = (performance.now() - t0) / 1000;
      sampling = false;
      await rssLoop;
      sampler.stdin!.end();
      await samplerDone;
      const loaded = JSON.parse(samplerOut) as number[];
      const serverLoop = await new Promise<{ p50: number; p99: number; max: number } | undefined>((resolve) => {
        httpGet({ host: '127.0.0.1', port, path: '/health', agent: keepAlive }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve((JSON.parse(body) as { eventLoopDelayMs?: { p50: number; p99: number; max: number } }).eventLoopDelayMs));
        }).on('error', () => resolve(undefined));
      });
      clients.forEach((c) => c.close());
      ctx.log(`${panels * jobsPerPanel} jobs in ${wallSec.toFixed(1)} s; /health samples under load: ${loaded.length}`);
      const rows: BenchRow[] = [
        { case: 'server', metric: 'jobs completed', value: latencies.length - failed, unit: 'jobs', target: `== ${panels * jobsPerPanel}`, pass: latencies.length - failed === panels * jobsPerPanel },
        { case: 'server', metric: 'job latency p50', value: median(latencies), unit: 's' },
        { case: 'server', metric: 'job latency p95', value: percentile(latencies, 95), unit: 's' },
        { case: 'server', metric: 'throughput', value: latencies.length / wallSec, unit: 'jobs/s' },
        { case: 'server', metric: 'server peak RSS', value: peakRss, unit: 'MiB', note: 'main process only; workers are separate processes' },
        { case: 'server', metric: '/health idle p50', value: median(idle), unit: 'ms' },
        { case: 'server', metric: '/health under load p95', value: percentile(loaded, 95), unit: 'ms' },
        { case: 'server', metric: '/health under load max', value: Math.max(...loaded), unit: 'ms', target: '<= 50', pass: Math.max(...loaded) <= 50 },
      ];
      if (serverLoop) {
        rows.push(
          { case: 'server', metric: 'server event-loop delay p99', value: serverLoop.p99, unit: 'ms', note: 'measured inside the server over the last minute' },
          { case: 'server', metric: 'server event-loop delay max', value: serverLoop.max, unit: 'ms' },
        );
      }
      return rows;
    } finally {
      keepAlive.destroy();
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      summarizeStalls(join(ctx.workDir, 'data', 'logs', 'server.log'), ctx.log);
    }
  },
};
