/**
 * Runs `analyzeFile` over many files on all cores: a small pool of worker threads when the compiled
 * worker script is there (the CLI and benches run from dist/), otherwise in this thread (tests run the
 * TypeScript sources). Results come back in any order; the caller batches them into transactions.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeFile, type AnalysisOutcome, type FileStat } from './analyzeFile';

export interface Analyzer {
  /** how many files may be in flight at once */
  readonly concurrency: number;
  readonly mode: 'workers' | 'inline';
  analyze(stat: FileStat): Promise<AnalysisOutcome>;
  dispose(): Promise<void>;
}

export interface AnalyzerOptions {
  /** worker threads; 0 = analyse in this thread; default = available cores (max 4) */
  workers?: number;
}

const WORKER_SCRIPT = join(__dirname, 'analyzeWorker.js');

function inlineAnalyzer(): Analyzer {
  // two in flight so an ffmpeg decode (AIFF/FLAC/MP3) overlaps with JS work
  return { concurrency: 2, mode: 'inline', analyze: analyzeFile, dispose: async () => undefined };
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const count = options.workers ?? Math.max(1, Math.min(4, availableParallelism()));
  if (count <= 0 || !existsSync(WORKER_SCRIPT)) return inlineAnalyzer();
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];
  const pending = new Map<number, { resolve: (o: AnalysisOutcome) => void; stat: FileStat }>();
  const busyWith = new Map<Worker, number>();
  let nextId = 0;
  const release = (w: Worker): void => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  for (let i = 0; i < count; i++) {
    const w = new Worker(WORKER_SCRIPT);
    w.on('message', (msg: { id: number; outcome: AnalysisOutcome }) => {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      busyWith.delete(w);
      release(w);
      p?.resolve(msg.outcome);
    });
    w.on('error', (e) => {
      // a crashed worker fails its file with a reason instead of hanging the run; it is not reused
      const id = busyWith.get(w);
      const p = id === undefined ? undefined : pending.get(id);
      if (id !== undefined) pending.delete(id);
      busyWith.delete(w);
      p?.resolve({ ok: false, stat: p.stat, reason: `analysis crashed: ${e.message}` });
    });
    workers.push(w);
    idle.push(w);
  }
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve));
  };
  return {
    concurrency: count * 2,
    mode: 'workers',
    async analyze(stat) {
      const w = await acquire();
      const id = nextId++;
      return new Promise<AnalysisOutcome>((resolve) => {
        pending.set(id, { resolve, stat });
        busyWith.set(w, id);
        w.postMessage({ id, stat });
      });
    },
    async dispose() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
