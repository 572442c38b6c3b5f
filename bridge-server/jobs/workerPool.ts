/**
 * A fixed pool of worker processes (worker.ts) that run pipeline tasks off the server's main thread.
 * Each worker is forked detached, i.e. as the leader of its own process group, so cancelling a task kills
 * the worker and every ffmpeg it started with one SIGKILL to the group; the slot is then refilled with a
 * fresh worker. A worker that dies mid-task fails that task with WORKER_CRASHED and is replaced too.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES, FoleyError, type ErrorCode } from '../core/errors';
import type { StageProgress } from '../contracts/stages';
import { WorkerMessageSchema, type RunTaskMessage, type TaskSpec, type WorkerMessage } from './workerMessages';

/** niceness of worker processes (0 = normal, 19 = lowest); ffmpeg children inherit it */
export const WORKER_NICE = 10;

export type TaskResult = Extract<WorkerMessage, { type: 'done' }>['result'];

export interface Capabilities {
  pipelineAvailable: boolean;
  /** backends that can render here (procedural always; library when indexed; onnx when a bundle is installed) */
  backends: string[];
  /** ONNX Runtime execution providers usable here, best first */
  executionProviders: string[];
  bundles: Array<{ name: string; path: string }>;
}

export interface PoolLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

interface PendingTask {
  taskId: string;
  resolve: (r: TaskResult) => void;
  reject: (e: FoleyError) => void;
  onProgress: (p: StageProgress, itemFraction: number) => void;
  cancelled: boolean;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  task: PendingTask | null;
}

export interface WorkerPoolOptions {
  size: number;
  workerPath?: string;
  log: PoolLogger;
  /** called whenever a worker becomes ready (a slot freed up or a new worker started) */
  onIdle: () => void;
}

/** compiled worker beside this file (dist), or the build output when running from sources */
export function defaultWorkerPath(): string {
  const beside = join(__dirname, 'worker.js');
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', 'dist', 'bridge-server', 'jobs', 'worker.js');
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextTaskId = 1;
  private closed = false;
  capabilities: Capabilities = { pipelineAvailable: false, backends: [], executionProviders: [], bundles: [] };
  private probed = false;
  private earlyExits = 0;
  private readonly workerPath: string;

  constructor(private readonly options: WorkerPoolOptions) {
    this.workerPath = options.workerPath ?? defaultWorkerPath();
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const probe = !this.probed;
    this.probed = true;
    const env = probe ? { ...process.env, FOLEY_WORKER_PROBE: '1' } : process.env;
    const child = fork(this.workerPath, [], { detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json', env });
    const slot: Slot = { child, ready: false, task: null };
    // rendering yields the CPU to the server's event loop, so sockets and /health answer promptly under load
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, WORKER_NICE);
      } catch {
        // not permitted on this platform: run at normal priority
      }
    }
    const forward = (stream: NodeJS.ReadableStream | null, name: string): void => {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const text = chunk.trim();
        if (text) this.options.log.warn({ pid: child.pid, stream: name }, text.slice(0, 2000));
      });
    };
    forward(child.stdout, 'stdout');
    forward(child.stderr, 'stderr');
    child.on('message', (raw: unknown) => this.onMessage(slot, raw));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', (e) => this.options.log.warn({ err: e.message }, 'worker process error'));
    return slot;
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = WorkerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.log.warn({ pid: slot.child.pid }, 'worker sent a malformed message');
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ready') {
      slot.ready = true;
      this.capabilities.pipelineAvailable = msg.pipelineAvailable;
      if (msg.pipelineAvailable && this.capabilities.backends.length === 0) this.capabilities.backends = ['procedural'];
      this.options.onIdle();
      return;
    }
    if (msg.type === 'capabilities') {
      this.capabilities = { ...this.capabilities, backends: msg.backends, executionProviders: msg.executionProviders, bundles: msg.bundles };
      this.options.log.info({ ...msg }, 'capabilities');
      return;
    }
    const task = slot.task;
    if (!task || task.taskId !== msg.taskId) return;
    if (msg.type === 'progress') {
      const p: StageProgress = { stage: msg.stage, fraction: msg.fraction };
      if (msg.message) p.message = msg.message;
      task.onProgress(p, msg.itemFraction);
      return;
    }
    slot.task = null;
    if (msg.type === 'done') task.resolve(msg.result);
    else task.reject(new FoleyError(isErrorCode(msg.code) ? msg.code : 'INTERNAL', msg.message));
    this.options.onIdle();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const idx = this.slots.indexOf(slot);
    const task = slot.task;
    const wasReady = slot.ready;
    slot.task = null;
    slot.ready = false;
    if (task) {
      if (task.cancelled) task.reject(new FoleyError('CANCELLED', 'The job was cancelled.'));
      else task.reject(new FoleyError('WORKER_CRASHED', `The worker process stopped while rendering (exit ${code ?? signal ?? 'unknown'}).`));
    }
    if (idx >= 0 && !this.closed) {
      if (!task?.cancelled) this.options.log.warn({ pid: slot.child.pid, code, signal }, 'worker exited; starting a new one');
      // a worker that dies before it is ready would die again at once: back off instead of spinning
      this.earlyExits = wasReady ? 0 : this.earlyExits + 1;
      const delayMs = this.earlyExits === 0 ? 0 : Math.min(30_000, 500 * 2 ** (this.earlyExits - 1));
      if (delayMs > 0) this.options.log.warn({ delayMs, earlyExits: this.earlyExits }, 'worker failed to start; retrying later');
      const respawn = (): void => {
        if (!this.closed && this.slots[idx] === slot) this.slots[idx] = this.spawn();
      };
      if (delayMs === 0) respawn();
      else setTimeout(respawn, delayMs).unref();
    }
  }

  idleCount(): number {
    return this.slots.filter((s) => s.ready && !s.task).length;
  }

  busyCount(): number {
    return this.slots.filter((s) => s.task).length;
  }

  /** runs one task on an idle worker; throws INTERNAL when none is idle (callers check idleCount) */
  run(spec: TaskSpec, onProgress: (p: StageProgress, itemFraction: number) => void): { taskId: string; done: Promise<TaskResult> } {
    const slot = this.slots.find((s) => s.ready && !s.task);
    if (!slot) throw new FoleyError('INTERNAL', 'No idle worker.');
    const taskId = `t${this.nextTaskId++}`;
    const done = new Promise<TaskResult>((resolve, reject) => {
      slot.task = { taskId, resolve, reject, onProgress, cancelled: false };
    });
    const msg: RunTaskMessage = { type: 'run', taskId, ...spec };
    slot.child.send(msg);
    return { taskId, done };
  }

  /** kills the worker running this task (and its ffmpeg children); its promise rejects with CANCELLED */
  cancel(taskId: string): boolean {
    const slot = this.slots.find((s) => s.task?.taskId === taskId);
    if (!slot || !slot.task) return false;
    slot.task.cancelled = true;
    killGroup(slot.child);
    return true;
  }

  /** stops every worker; running tasks reject with CANCELLED */
  async close(): Promise<void> {
    this.closed = true;
    const exits = this.slots.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          s.child.once('exit', () => resolve());
          if (s.task) s.task.cancelled = true;
          killGroup(s.child);
        }),
    );
    await Promise.all(exits);
  }
}
