/**
 * Main-thread side of the inference worker. One worker per device (provider list), shared by every
 * backend instance in the process and reference-counted; idle workers are unref'd so they never keep
 * a CLI process alive. The worker must be compiled JavaScript: at run time this file sits next to
 * `worker.js` in dist/; under Jest (TypeScript through SWC) the path is resolved to the same file in
 * dist/, which `npm run build:server` (the `pretest` script) produces.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FoleyError, type ErrorCode, ERROR_CODES } from '../../../core/errors';
import type { WorkerInit, WorkerOp, WorkerOps, WorkerRequest, WorkerResponse } from './workerProtocol';

export function resolveWorkerPath(): string {
  const sibling = join(__dirname, 'worker.js');
  if (!__filename.endsWith('.ts') && existsSync(sibling)) return sibling;
  const fromSources = join(__dirname, '..', '..', '..', '..', 'dist', 'bridge-server', 'pipeline', 'generate', 'onnx', 'worker.js');
  if (existsSync(fromSources)) return fromSources;
  throw new FoleyError('INTERNAL', `The ONNX inference worker is not built (${fromSources}); run "npm run build:server".`);
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface RequestOptions {
  transfer?: ArrayBuffer[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export class InferenceWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private refs = 0;
  private dead: Error | undefined;

  constructor(
    readonly providers: readonly string[],
    private readonly log: (line: string) => void,
  ) {
    const init: WorkerInit = { providers: [...providers] };
    this.worker = new Worker(resolveWorkerPath(), { workerData: init });
    this.worker.unref();
    this.worker.on('message', (m: WorkerResponse) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the inference worker exited (code ${code})`)));
  }

  private onMessage(m: WorkerResponse): void {
    if (m.kind === 'log') return this.log(m.line);
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') return p.onProgress?.(m.done, m.total);
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker.unref();
    if (m.kind === 'result') p.resolve(m.result);
    else {
      const code = (m.code in ERROR_CODES ? m.code : 'INTERNAL') as ErrorCode;
      p.reject(new FoleyError(code, m.message));
    }
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(new FoleyError('INTERNAL', `ONNX inference failed: ${e.message}`, { cause: e }));
    this.pending.clear();
  }

  request<K extends WorkerOp>(op: K, args: WorkerOps[K]['args'], o: RequestOptions = {}): Promise<WorkerOps[K]['result']> {
    if (this.dead) return Promise.reject(new FoleyError('INTERNAL', `ONNX inference is unavailable: ${this.dead.message}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: o.onProgress });
      this.worker.ref();
      const msg: WorkerRequest<K> = { id, op, args };
      this.worker.postMessage(msg, o.transfer ?? []);
      if (o.signal) {
        const onAbort = (): void => {
          if (this.pending.has(id)) this.worker.postMessage({ id: this.nextId++, op: 'cancel', args: { target: id } } satisfies WorkerRequest<'cancel'>);
        };
        if (o.signal.aborted) onAbort();
        else o.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  acquire(): this {
    this.refs++;
    return this;
  }

  /** Drops one reference; the last one releases every session and ends the thread. */
  async releaseRef(): Promise<void> {
    this.refs = Math.max(0, this.refs - 1);
    if (this.refs > 0) return;
    workers.delete(this.providers.join(','));
    if (!this.dead) {
      try {
        await this.request('release', {});
      } catch {
        // the worker is going away anyway
      }
    }
    await this.worker.terminate();
  }
}

const workers = new Map<string, InferenceWorker>();

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The shared worker for a provider list (one per device), with one more reference taken. */
export function acquireWorker(providers: readonly string[], log: (line: string) => void = defaultLog): InferenceWorker {
  const key = providers.join(',');
  let w = workers.get(key);
  if (!w) {
    w = new InferenceWorker(providers, log);
    workers.set(key, w);
  }
  return w.acquire();
}
