/**
 * The inference worker (worker_threads): one per device. It owns the OnnxEngine — sessions, the whole
 * sampling loop — because `session.run` in onnxruntime-node 1.30 is synchronous and would otherwise
 * freeze the server's event loop for the length of a generation. Requests are handled one at a time
 * in arrival order; a `cancel` message is seen between sampler steps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FoleyError, toFoleyError } from '../../../core/errors';
import { OnnxEngine } from './engine';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './workerProtocol';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const post = (m: WorkerResponse, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const log = (line: string): void => post({ id: 0, kind: 'log', line });

const engineReady = OnnxEngine.create(init.providers, log);
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

async function handle(req: WorkerRequest): Promise<void> {
  const engine = await engineReady;
  const a = req.args as Record<string, unknown>;
  switch (req.op) {
    case 'status':
      return post({ id: req.id, kind: 'result', result: engine.status });
    case 'check':
      return post({ id: req.id, kind: 'result', result: await engine.check(a.dir as string) });
    case 'warmUp':
      await engine.warmUp(a.dir as string);
      return post({ id: req.id, kind: 'result', result: null });
    case 'generate': {
      const r = await engine.generate(a.dir as string, a.request as Parameters<OnnxEngine['generate']>[1], {
        onStep: (done, total) => post({ id: req.id, kind: 'progress', done, total }),
        isCancelled: () => cancelled.has(req.id),
      });
      return post({ id: req.id, kind: 'result', result: r }, r.channels.map((c) => c.buffer as ArrayBuffer));
    }
    case 'score':
      return post({ id: req.id, kind: 'result', result: await engine.score(a.dir as string, a.mono as Float32Array, a.sampleRateHz as number, a.text as string) });
    case 'release':
      await engine.release(a.dir as string | undefined);
      return post({ id: req.id, kind: 'result', result: null });
    case 'selftest':
      return post({ id: req.id, kind: 'result', result: await engine.selftest() });
    case 'cancel':
      return post({ id: req.id, kind: 'result', result: null });
  }
}

port.on('message', (req: WorkerRequest) => {
  // Cancellation bypasses the queue so it lands while the target is running.
  if (req.op === 'cancel') {
    cancelled.add((req.args as { target: number }).target);
    post({ id: req.id, kind: 'result', result: null });
    return;
  }
  queue = queue.then(async () => {
    try {
      await handle(req);
    } catch (e) {
      const err = e instanceof FoleyError ? e : toFoleyError(e);
      post({ id: req.id, kind: 'error', code: err.code, message: err.message });
    } finally {
      cancelled.delete(req.id);
    }
  });
});
