/**
 * Jobs and their items in SQLite: the durable truth the runner works from. A job is one request from a
 * panel (a clip, a marker batch, or a plan); each item is one pipeline run with its own status, so a
 * batch keeps every finished item when a later one fails and a retry re-queues only the rest. The job's
 * status is always derived from its items inside the same transaction that changes them.
 */
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../core/sqlite';
import type { Preset } from '../contracts/preset';
import type { ItemDetail, ItemResult, JobDetail, JobStatus, JobSummary, JobItem } from '../protocol';

export type JobKind = 'generate' | 'plan';
export type JobBatch = 'clip' | 'markers';

export interface NewJob {
  panelId: string;
  kind: JobKind;
  batch: JobBatch;
  projectId?: string;
  label?: string;
  presetName: string;
  preset: Preset;
  /** folder under which `<jobId>/<itemId>` output folders are created */
  outBase: string;
  items: Array<{ itemId: string; label?: string; request: JobItem; cacheKey: string | null }>;
}

/** what the runner needs to render one item */
export interface RunnableItem {
  jobId: string;
  itemId: string;
  kind: JobKind;
  panelId: string;
  preset: Preset;
  outBase: string;
  request: JobItem;
  cacheKey: string | null;
  attempts: number;
}

interface JobRow {
  id: string;
  panel_id: string;
  kind: JobKind;
  batch: JobBatch;
  status: JobStatus;
  project_id: string | null;
  label: string | null;
  preset_name: string;
  preset_json: string;
  out_base: string;
  created_at: number;
  updated_at: number;
}

interface ItemRow {
  job_id: string;
  item_id: string;
  seq: number;
  label: string | null;
  status: JobStatus;
  attempts: number;
  request_json: string;
  cache_key: string | null;
  result_json: string | null;
  error_code: string | null;
  error_message: string | null;
}

export function newJobId(): string {
  return `job-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function deriveStatus(counts: Record<JobStatus, number>): JobStatus {
  const total = counts.queued + counts.running + counts.done + counts.failed + counts.cancelled;
  if (counts.running > 0) return 'running';
  if (counts.queued > 0) return counts.queued === total ? 'queued' : 'running';
  if (counts.done === total) return 'done';
  return counts.failed > 0 ? 'failed' : 'cancelled';
}

export class JobStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(job: NewJob): string {
    const id = newJobId();
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO jobs (id, panel_id, kind, batch, status, project_id, label, preset_name, preset_json, out_base, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, job.panelId, job.kind, job.batch, job.projectId ?? null, job.label ?? null, job.presetName, JSON.stringify(job.preset), job.outBase, now, now);
      const insert = this.db.prepare(
        `INSERT INTO job_items (job_id, item_id, seq, label, status, request_json, cache_key, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
      );
      job.items.forEach((item, seq) => insert.run(id, item.itemId, seq, item.label ?? null, JSON.stringify(item.request), item.cacheKey, now));
    })();
    return id;
  }

  private jobRow(jobId: string): JobRow | undefined {
    return this.db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(jobId) as JobRow | undefined;
  }

  /** the job's owner, or undefined when there is no such job */
  owner(jobId: string): string | undefined {
    return this.jobRow(jobId)?.panel_id;
  }

  private counts(jobId: string): Record<JobStatus, number> {
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
    const rows = this.db.prepare(`SELECT status, COUNT(*) AS n FROM job_items WHERE job_id = ? GROUP BY status`).all(jobId) as Array<{ status: JobStatus; n: number }>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  private summaryOf(row: JobRow): JobSummary {
    const c = this.counts(row.id);
    const s: JobSummary = {
      jobId: row.id,
      kind: row.kind,
      batch: row.batch,
      status: row.status,
      presetName: row.preset_name,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      itemCount: c.queued + c.running + c.done + c.failed + c.cancelled,
      itemsDone: c.done,
      itemsFailed: c.failed,
    };
    if (row.project_id !== null) s.projectId = row.project_id;
    if (row.label !== null) s.label = row.label;
    return s;
  }

  summary(jobId: string): JobSummary | undefined {
    const row = this.jobRow(jobId);
    return row ? this.summaryOf(row) : undefined;
  }

  items(jobId: string): ItemDetail[] {
    const rows = this.db.prepare(`SELECT * FROM job_items WHERE job_id = ? ORDER BY seq`).all(jobId) as ItemRow[];
    return rows.map((r) => {
      const d: ItemDetail = { itemId: r.item_id, status: r.status, attempts: r.attempts };
      if (r.label !== null) d.label = r.label;
      if (r.result_json !== null) d.result = JSON.parse(r.result_json) as ItemResult;
      if (r.error_code !== null) d.error = { code: r.error_code, message: r.error_message ?? '' };
      return d;
    });
  }

  detail(jobId: string): JobDetail | undefined {
    const row = this.jobRow(jobId);
    return row ? { ...this.summaryOf(row), items: this.items(jobId) } : undefined;
  }

  list(panelId: string, limit: number, status?: JobStatus): JobSummary[] {
    const rows = (
      status
        ? this.db.prepare(`SELECT * FROM jobs WHERE panel_id = ? AND status = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(panelId, status, limit)
        : this.db.prepare(`SELECT * FROM jobs WHERE panel_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`).all(panelId, limit)
    ) as JobRow[];
    return rows.map((r) => this.summaryOf(r));
  }

  /** recomputes and stores the job status from its items; returns the new status */
  private refresh(jobId: string): JobStatus {
    const status = deriveStatus(this.counts(jobId));
    this.db.prepare(`UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?`).run(status, Date.now(), jobId);
    return status;
  }

  private setItem(jobId: string, itemId: string, fields: { status: JobStatus; result?: ItemResult | null; error?: { code: string; message: string } | null; bumpAttempts?: boolean }): JobStatus {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE job_items SET status = ?, attempts = attempts + ?, result_json = COALESCE(?, result_json), error_code = ?, error_message = ?, updated_at = ?
           WHERE job_id = ? AND item_id = ?`,
        )
        .run(
          fields.status,
          fields.bumpAttempts ? 1 : 0,
          fields.result ? JSON.stringify(fields.result) : null,
          fields.error?.code ?? null,
          fields.error?.message ?? null,
          Date.now(),
          jobId,
          itemId,
        );
      return this.refresh(jobId);
    })();
  }

  markRunning(jobId: string, itemId: string): JobStatus {
    return this.setItem(jobId, itemId, { status: 'running', bumpAttempts: true });
  }

  markDone(jobId: string, itemId: string, result: ItemResult): JobStatus {
    return this.setItem(jobId, itemId, { status: 'done', result });
  }

  markFailed(jobId: string, itemId: string, error: { code: string; message: string }): JobStatus {
    return this.setItem(jobId, itemId, { status: 'failed', error });
  }

  markCancelled(jobId: string, itemId: string): JobStatus {
    return this.setItem(jobId, itemId, { status: 'cancelled', error: { code: 'CANCELLED', message: 'The job was cancelled.' } });
  }

  /** puts a running item back in the queue (shutdown checkpoint) without counting a failure */
  requeue(jobId: string, itemId: string): JobStatus {
    return this.setItem(jobId, itemId, { status: 'queued' });
  }

  /** cancels every queued item; returns the ids of items still running (the caller kills them) */
  cancelQueued(jobId: string): { running: string[] } {
    return this.db.transaction(() => {
      this.db
        .prepare(`UPDATE job_items SET status = 'cancelled', error_code = 'CANCELLED', error_message = 'The job was cancelled.', updated_at = ? WHERE job_id = ? AND status = 'queued'`)
        .run(Date.now(), jobId);
      const running = this.db.prepare(`SELECT item_id FROM job_items WHERE job_id = ? AND status = 'running'`).all(jobId) as Array<{ item_id: string }>;
      this.refresh(jobId);
      return { running: running.map((r) => r.item_id) };
    })();
  }

  /** re-queues failed and cancelled items only */
  retry(jobId: string): string[] {
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT item_id FROM job_items WHERE job_id = ? AND status IN ('failed', 'cancelled') ORDER BY seq`).all(jobId) as Array<{ item_id: string }>;
      this.db
        .prepare(`UPDATE job_items SET status = 'queued', error_code = NULL, error_message = NULL, updated_at = ? WHERE job_id = ? AND status IN ('failed', 'cancelled')`)
        .run(Date.now(), jobId);
      this.refresh(jobId);
      return rows.map((r) => r.item_id);
    })();
  }

  /** after a crash or restart: items that were running are queued again; returns how many */
  recoverInterrupted(): number {
    return this.db.transaction(() => {
      const jobs = this.db.prepare(`SELECT DISTINCT job_id FROM job_items WHERE status = 'running'`).all() as Array<{ job_id: string }>;
      const info = this.db.prepare(`UPDATE job_items SET status = 'queued', updated_at = ? WHERE status = 'running'`).run(Date.now());
      for (const j of jobs) this.refresh(j.job_id);
      return info.changes;
    })();
  }

  queueDepth(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM job_items WHERE status = 'queued'`).get() as { n: number }).n;
  }

  /** the oldest queued items (by job creation, then item order), skipping the given jobs/items */
  nextQueued(limit: number, skip: ReadonlySet<string>): RunnableItem[] {
    const rows = this.db
      .prepare(
        `SELECT i.*, j.kind, j.panel_id, j.preset_json, j.out_base FROM job_items i JOIN jobs j ON j.id = i.job_id
         WHERE i.status = 'queued' ORDER BY j.created_at, j.id, i.seq LIMIT ?`,
      )
      .all(limit + skip.size) as Array<ItemRow & { kind: JobKind; panel_id: string; preset_json: string; out_base: string }>;
    const out: RunnableItem[] = [];
    for (const r of rows) {
      if (skip.has(`${r.job_id}/${r.item_id}`)) continue;
      out.push({
        jobId: r.job_id,
        itemId: r.item_id,
        kind: r.kind,
        panelId: r.panel_id,
        preset: JSON.parse(r.preset_json) as Preset,
        outBase: r.out_base,
        request: JSON.parse(r.request_json) as JobItem,
        cacheKey: r.cache_key,
        attempts: r.attempts,
      });
      if (out.length >= limit) break;
    }
    return out;
  }

  itemStatus(jobId: string, itemId: string): JobStatus | undefined {
    const row = this.db.prepare(`SELECT status FROM job_items WHERE job_id = ? AND item_id = ?`).get(jobId, itemId) as { status: JobStatus } | undefined;
    return row?.status;
  }
}
