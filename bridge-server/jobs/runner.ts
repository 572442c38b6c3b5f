/**
 * The job runner: takes queued items from the job store (SQLite) in order, renders each on an idle
 * worker, and turns what happens into store updates and panel events. The store is the only truth: on
 * start, items left running by a crash are queued again; an item is marked done only after its output
 * folder was committed (outputs.ts), so a crash at any point causes at most a clean re-run.
 */
import { FoleyError, toFoleyError } from '../core/errors';
import { PipelineRequestSchema, type PipelineRequest } from '../contracts/job';
import type { FoleyPlan } from '../contracts/plan';
import type { StageProgress } from '../contracts/stages';
import type { ItemResult, JobSummary, ServerEvent } from '../protocol';
import type { ResultCache } from './cache';
import { fingerprintMedia, resultCacheKey } from './fingerprint';
import { finalItemDir, readCompletedItem, removeStagingDirs } from './outputs';
import type { JobStore, RunnableItem } from './store';
import { timed } from './slowOps';
import type { PoolLogger, TaskResult, WorkerPool } from './workerPool';

const PROGRESS_EVENT_INTERVAL_MS = 100;

export interface JobRunnerOptions {
  store: JobStore;
  cache: ResultCache;
  pool: WorkerPool;
  log: PoolLogger & { error(obj: object, msg: string): void };
  /** delivers an event to every socket of a panel */
  notify: (panelId: string, event: ServerEvent) => void;
}

interface RunningItem {
  item: RunnableItem;
  taskId: string | null;
  itemFraction: number;
  lastEventMs: number;
  startedMs: number;
}

export class JobRunner {
  private readonly running = new Map<string, RunningItem>();
  /** first start time of each active job in this process, for ETA */
  private readonly jobStartMs = new Map<string, number>();
  private stopping = false;
  private pumping = false;

  constructor(private readonly o: JobRunnerOptions) {}

  /** recovers interrupted work and starts rendering */
  start(): void {
    const n = this.o.store.recoverInterrupted();
    if (n > 0) this.o.log.info({ items: n }, 're-queued items interrupted by a restart');
    this.pump();
  }

  runningCount(): number {
    return this.running.size;
  }

  /** starts as many queued items as there are idle workers */
  pump(): void {
    if (this.stopping || this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        if (this.o.pool.idleCount() <= 0) break;
        const next = this.o.store.nextQueued(1, new Set(this.running.keys()))[0];
        if (!next) break;
        this.startItem(next);
      }
    } finally {
      this.pumping = false;
    }
  }

  private key(jobId: string, itemId: string): string {
    return `${jobId}/${itemId}`;
  }

  private emitUpdate(jobId: string, panelId: string): JobSummary | undefined {
    const job = this.o.store.summary(jobId);
    if (job) this.o.notify(panelId, { type: 'job.update', job });
    return job;
  }

  /** sends job.done / job.failed once a job has no queued or running item left */
  private emitIfFinished(jobId: string, panelId: string): void {
    const job = this.o.store.summary(jobId);
    if (!job || job.status === 'queued' || job.status === 'running') return;
    this.jobStartMs.delete(jobId);
    const items = this.o.store.items(jobId);
    if (job.status === 'done') {
      const ev: Extract<ServerEvent, { type: 'job.done' }> = { type: 'job.done', jobId, items };
      const only = items.length === 1 ? items[0]?.result : undefined;
      if (job.batch === 'clip' && only) {
        if (only.files) ev.files = only.files;
        ev.plan = only.plan;
        if (only.report) ev.report = only.report;
      }
      this.o.notify(panelId, ev);
    } else {
      const firstError = items.find((i) => i.error)?.error;
      const code = job.status === 'cancelled' ? 'CANCELLED' : (firstError?.code ?? 'INTERNAL');
      const message =
        job.status === 'cancelled'
          ? 'The job was cancelled.'
          : `${job.itemsFailed} of ${job.itemCount} item(s) failed${firstError ? `: ${firstError.message}` : ''}`;
      this.o.notify(panelId, { type: 'job.failed', jobId, code, message, items });
    }
  }

  private finishItem(run: RunningItem, outcome: { result: ItemResult } | { error: FoleyError }): void {
    const { item } = run;
    this.running.delete(this.key(item.jobId, item.itemId));
    // the item may have been cancelled while its result was on the way; cancellation wins
    if ('result' in outcome) {
      this.o.store.markDone(item.jobId, item.itemId, outcome.result);
      if (item.cacheKey && !outcome.result.cached) this.o.cache.put(item.cacheKey, outcome.result);
      this.o.notify(item.panelId, { type: 'job.item.done', jobId: item.jobId, itemId: item.itemId, result: outcome.result });
    } else if (outcome.error.code === 'CANCELLED') {
      this.o.store.markCancelled(item.jobId, item.itemId);
    } else {
      this.o.store.markFailed(item.jobId, item.itemId, { code: outcome.error.code, message: outcome.error.message });
      this.o.notify(item.panelId, { type: 'job.item.failed', jobId: item.jobId, itemId: item.itemId, code: outcome.error.code, message: outcome.error.message });
    }
    this.o.log.info({ jobId: item.jobId, itemId: item.itemId, ms: Date.now() - run.startedMs, outcome: 'result' in outcome ? 'done' : outcome.error.code }, 'item finished');
    this.emitUpdate(item.jobId, item.panelId);
    this.emitIfFinished(item.jobId, item.panelId);
  }

  private startItem(item: RunnableItem): void {
    const run: RunningItem = { item, taskId: null, itemFraction: 0, lastEventMs: 0, startedMs: Date.now() };
    this.running.set(this.key(item.jobId, item.itemId), run);
    if (!this.jobStartMs.has(item.jobId)) this.jobStartMs.set(item.jobId, Date.now());
    this.o.store.markRunning(item.jobId, item.itemId);
    this.emitUpdate(item.jobId, item.panelId);

    // 1. same request rendered before (and its files still exist): instant. The key is computed now,
    //    from the media as it is at render time (it may have changed since the job was queued).
    item.cacheKey = this.cacheKeyOf(item);
    const cached = item.cacheKey ? this.o.cache.get(item.cacheKey) : undefined;
    if (cached) return this.finishItem(run, { result: cached });
    // 2. finished just before a crash: adopt the complete folder
    const finalDir = finalItemDir(item.outBase, item.jobId, item.itemId);
    if (item.kind === 'generate') {
      const completed = readCompletedItem(item.outBase, item.jobId, item.itemId);
      if (completed) return this.finishItem(run, { result: completed });
    }
    // 3. render on a worker; the worker renders into a staging folder and commits it (outputs.ts), so
    //    the fsync + rename of the output never runs on this event loop
    let request: PipelineRequest;
    try {
      const { itemId: _i, label: _l, ...fields } = item.request;
      request = PipelineRequestSchema.parse({ ...fields, preset: item.preset, outDir: finalDir });
    } catch (e) {
      return this.finishItem(run, { error: toFoleyError(e, 'INPUT_INVALID') });
    }
    const output = item.kind === 'generate' ? { outBase: item.outBase, jobId: item.jobId, itemId: item.itemId } : undefined;
    const task = this.o.pool.run({ mode: item.kind, request, output }, (p, f) => timed(this.o.log, 'runner.progress', () => this.onProgress(run, p, f)));
    run.taskId = task.taskId;
    task.done.then(
      (r) => {
        timed(this.o.log, 'runner.finishItem', () => this.finishItem(run, { result: this.toItemResult(r) }));
        timed(this.o.log, 'runner.pump', () => this.pump());
      },
      (e: unknown) => {
        // a killed worker may leave its staging folder behind: remove it (off the event loop) before
        // reporting, so a client that sees the item end never sees debris
        void (output ? removeStagingDirs(output.outBase, output.jobId, output.itemId) : Promise.resolve()).then(() => {
          if (this.stopping && (!(e instanceof FoleyError) || e.code === 'CANCELLED' || e.code === 'WORKER_CRASHED')) {
            // shutdown checkpoint (shutdown() already re-queued it): the item runs again on the next start
            this.running.delete(this.key(item.jobId, item.itemId));
            return;
          }
          this.finishItem(run, { error: toFoleyError(e) });
          this.pump();
        });
      },
    );
  }

  private cacheKeyOf(item: RunnableItem): string | null {
    try {
      const fingerprint = item.request.videoPath === null ? null : fingerprintMedia(item.request.videoPath);
      return resultCacheKey({ kind: item.kind, item: item.request, preset: item.preset, fingerprint });
    } catch {
      return null; // unreadable media: no caching; the pipeline reports the real error
    }
  }

  private toItemResult(r: TaskResult): ItemResult {
    const result: ItemResult = { plan: r.plan as FoleyPlan, cached: false };
    if (r.outDir) result.outDir = r.outDir;
    if (r.files) result.files = r.files;
    if (r.report) result.report = r.report;
    if (r.analysis) result.analysis = r.analysis;
    if (r.notices && r.notices.length > 0) result.notices = r.notices;
    return result;
  }

  private onProgress(run: RunningItem, p: StageProgress, itemFraction: number): void {
    run.itemFraction = Math.max(run.itemFraction, itemFraction); // never runs backwards
    const now = Date.now();
    if (now - run.lastEventMs < PROGRESS_EVENT_INTERVAL_MS && p.fraction < 1) return;
    run.lastEventMs = now;
    const job = this.o.store.summary(run.item.jobId);
    if (!job) return;
    let inFlight = 0;
    for (const r of this.running.values()) if (r.item.jobId === run.item.jobId) inFlight += r.itemFraction;
    const finished = job.itemsDone + job.itemsFailed;
    const fraction = Math.min(1, (finished + inFlight) / Math.max(1, job.itemCount));
    const started = this.jobStartMs.get(run.item.jobId) ?? run.startedMs;
    const elapsedSec = (now - started) / 1000;
    const etaSec = fraction > 0.02 ? Math.max(0, (elapsedSec * (1 - fraction)) / fraction) : null;
    const ev: Extract<ServerEvent, { type: 'job.progress' }> = {
      type: 'job.progress',
      jobId: run.item.jobId,
      itemId: run.item.itemId,
      stage: p.stage,
      fraction,
      itemFraction: run.itemFraction,
      etaSec: etaSec === null ? null : Math.round(etaSec * 10) / 10,
    };
    if (p.message) ev.message = p.message;
    this.o.notify(run.item.panelId, ev);
  }

  /** cancels a job: queued items at once, running ones by killing their worker (well under 1 s) */
  cancel(jobId: string, panelId: string): void {
    const { running } = this.o.store.cancelQueued(jobId);
    for (const itemId of running) {
      const run = this.running.get(this.key(jobId, itemId));
      if (run?.taskId) this.o.pool.cancel(run.taskId);
    }
    this.emitUpdate(jobId, panelId);
    if (running.length === 0) this.emitIfFinished(jobId, panelId);
  }

  retry(jobId: string, panelId: string): string[] {
    const requeued = this.o.store.retry(jobId);
    this.emitUpdate(jobId, panelId);
    this.pump();
    return requeued;
  }

  /**
   * Clean shutdown: start nothing new, give running items `graceMs` to finish, then kill the rest and
   * put them back in the queue (checkpoint) so the next start renders them again.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const run of this.running.values()) {
      this.o.store.requeue(run.item.jobId, run.item.itemId);
      this.o.log.info({ jobId: run.item.jobId, itemId: run.item.itemId }, 'checkpointed a running item for the next start');
    }
    await this.o.pool.close();
  }
}
