/**
 * A real `foley serve` for the panel's tests: spawned from the built CLI (`npm test` builds first) on a
 * free port with a temporary data folder, its stdout parsed for the port and the pairing codes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RealBridge {
  url: string;
  port: number;
  dataDir: string;
  /** resolves with the next `Pairing code: NNNNNN` the server prints */
  nextPairingCode(): Promise<string>;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '..', '..', '..');

export async function startRealBridge(allowOrigin: string): Promise<RealBridge> {
  const bin = join(ROOT, 'bin', 'foley.js');
  if (!existsSync(join(ROOT, 'dist', 'bridge-server', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build:server` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'fb-panel-srv-'));
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir, '--allow-origin', allowOrigin, '--workers', '1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  const codes: string[] = [];
  const codeWaiters: Array<(code: string) => void> = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`foley serve did not start: ${stderr}`)), 30000);
    child.on('exit', (code) => fail(new Error(`foley serve exited with ${code}: ${stderr}`)));
    child.stdout?.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const listening = /Listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (listening) {
          clearTimeout(timer);
          done(Number(listening[1]));
        }
        const pairing = /Pairing code: (\d+)/.exec(line);
        if (pairing?.[1]) {
          const waiter = codeWaiters.shift();
          if (waiter) waiter(pairing[1]);
          else codes.push(pairing[1]);
        }
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    nextPairingCode: () => {
      const ready = codes.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error('no pairing code printed')), 15000);
        codeWaiters.push((code) => {
          clearTimeout(timer);
          done(code);
        });
      });
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, 5000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
