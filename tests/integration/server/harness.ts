/**
 * Test harness for the bridge server: spawns the real `node bin/foley.js serve --port 0` process (built
 * by `pretest`), reads its stdout lines (listening address, pairing codes), and talks to it with `ws`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

const ROOT = join(__dirname, '..', '..', '..');

export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  dataDir: string;
  lines: string[];
  waitForLine(re: RegExp, timeoutMs?: number, from?: number): Promise<RegExpMatchArray>;
  /** SIGTERM and wait for exit; returns the exit code */
  stop(): Promise<number | null>;
  /** SIGKILL (no cleanup at all) and wait for exit */
  kill9(): Promise<void>;
}

export async function startServer(opts: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'foley-server-test-'));
  const proc = spawn(process.execPath, [join(ROOT, 'bin', 'foley.js'), 'serve', '--port', '0', '--data-dir', dataDir, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    waiters.splice(0).forEach((w) => w());
  });
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

  const waitForLine = (re: RegExp, timeoutMs = 20000, from = 0): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re} (stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-500)})`)), timeoutMs);
      const check = (): void => {
        for (let i = from; i < lines.length; i++) {
          const m = (lines[i] as string).match(re);
          if (m) {
            clearTimeout(timer);
            return resolve(m);
          }
        }
        waiters.push(check);
      };
      check();
    });

  const m = await waitForLine(/^Listening on ws:\/\/127\.0\.0\.1:(\d+)$/);
  return {
    proc,
    port: Number(m[1]),
    dataDir,
    lines,
    waitForLine,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export type Message = Record<string, unknown> & { type: string };

export class Client {
  readonly messages: Message[] = [];
  private waiters: Array<() => void> = [];
  private nextId = 1;
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      this.waiters.splice(0).forEach((w) => w());
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static connect(port: number, headers: Record<string, string> = {}): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers });
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** waits for the first message (from index `from`) matching pred */
  wait(pred: (m: Message) => boolean, timeoutMs = 20000, from = 0): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout; last messages: ${JSON.stringify(this.messages.slice(-5)).slice(0, 1500)}`)), timeoutMs);
      const check = (): void => {
        for (let i = from; i < this.messages.length; i++) {
          const m = this.messages[i] as Message;
          if (pred(m)) {
            clearTimeout(timer);
            return resolve(m);
          }
        }
        if (this.closed) {
          clearTimeout(timer);
          return reject(new Error(`socket closed (${this.closed.code} ${this.closed.reason})`));
        }
        this.waiters.push(check);
      };
      check();
    });
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** sends a request and resolves with its ok/error reply */
  async request(op: string, fields: Record<string, unknown> = {}): Promise<Message> {
    const id = `r${this.nextId++}`;
    const from = this.messages.length;
    this.ws.send(JSON.stringify({ id, op, ...fields }));
    return this.wait((m) => (m.type === 'ok' || m.type === 'error') && m.id === id, 20000, from);
  }

  async ok<T = Record<string, unknown>>(op: string, fields: Record<string, unknown> = {}): Promise<T> {
    const r = await this.request(op, fields);
    if (r.type !== 'ok') throw new Error(`${op} failed: ${JSON.stringify(r)}`);
    return r.result as T;
  }

  close(): void {
    this.ws.close();
  }
}

export const HELLO = { protocolVersion: 1, client: { name: 'test-panel', version: '0' } };

/** pairs a new panel through the printed code; returns the token and an authenticated client */
export async function pair(server: ServerProcess): Promise<{ client: Client; token: string; panelId: string }> {
  const client = await Client.connect(server.port);
  await client.ok('hello', HELLO);
  const from = server.lines.length;
  await client.ok('pair.request', { clientName: 'jest' });
  const m = await server.waitForLine(/^Pairing code: (\d{6})$/, 5000, from);
  const r = await client.ok<{ token: string; panelId: string }>('pair.confirm', { code: m[1] });
  return { client, token: r.token, panelId: r.panelId };
}

export async function authed(server: ServerProcess, token: string): Promise<Client> {
  const c = await Client.connect(server.port);
  await c.ok('hello', HELLO);
  await c.ok('auth', { token });
  return c;
}

export async function getJson(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, ms: performance.now() - t0 };
}
