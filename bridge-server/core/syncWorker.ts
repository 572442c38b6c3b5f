/**
 * Work handed to a worker thread by a synchronous stage (align, mix): the stage starts the worker, does
 * its own share, then blocks until the worker's answer arrives. The worker posts its result on a message
 * port and raises a shared flag (`finishSyncJob`); the stage sleeps on the flag (Atomics.wait) and reads
 * the port directly (receiveMessageOnPort), so no event-loop turn is needed and the stage stays
 * synchronous. Any failure (no compiled worker file, start-up error, crash, timeout) yields undefined and
 * the caller does the work itself: results never depend on whether a worker ran.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export interface SyncJob<T> {
  /** blocks until the worker answers (or fails or times out); undefined when there is no usable answer */
  wait(timeoutMs: number): T | undefined;
  /** after wait(): true when the worker did not finish in time (it may still be running) */
  readonly timedOut: boolean;
}

/** What the worker side receives as workerData: the caller's data plus the channel back. */
export interface SyncJobData<D> {
  data: D;
  flag: Int32Array;
  port: MessagePort;
}

/**
 * Starts `file` (a compiled .js worker next to the caller in dist/) with `data`; undefined when it cannot
 * run here (from TypeScript sources under a test runner, the file is missing, or the thread fails to
 * start). Typed arrays on SharedArrayBuffers in `data` are shared, everything else is copied.
 */
export function startSyncJob<D, T>(file: string, data: D, callerFile: string): SyncJob<T> | undefined {
  if (!callerFile.endsWith('.js') || !existsSync(file)) return undefined;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const workerData: SyncJobData<D> = { data, flag, port: port2 };
    worker = new Worker(file, { workerData, transferList: [port2] });
    worker.unref();
  } catch {
    port1.close();
    return undefined;
  }
  // a worker that dies without answering still releases the waiting stage
  worker.once('error', () => undefined);
  let done = false;
  let timedOut = false;
  return {
    get timedOut(): boolean {
      return timedOut;
    },
    wait(timeoutMs: number): T | undefined {
      if (done) return undefined;
      done = true;
      const woke = Atomics.wait(flag, 0, 0, timeoutMs);
      timedOut = woke === 'timed-out';
      const reply = woke === 'timed-out' ? undefined : (receiveMessageOnPort(port1)?.message as { ok?: boolean; result?: T } | undefined);
      port1.close();
      void worker.terminate();
      return reply?.ok ? reply.result : undefined;
    },
  };
}

/** Worker side: computes the result, posts it (or the failure) and wakes the waiting stage. */
export function finishSyncJob<D, T>(workerData: unknown, compute: (data: D) => T): void {
  const { data, flag, port } = workerData as SyncJobData<D>;
  try {
    port.postMessage({ ok: true, result: compute(data) });
  } catch (e) {
    port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  } finally {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    port.close();
  }
}
