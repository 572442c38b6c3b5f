/**
 * `library add` / `remove`: incremental indexing of a folder. Files whose size and mtime are unchanged
 * (indexed or failed) are skipped; new and changed files are analysed on all cores and written in
 * batches of `batchSize`, one transaction each (while the next batch is being analysed); files that
 * disappeared are removed. A crash between batches leaves a consistent index, and the next run simply
 * continues.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { FoleyError, throwIfAborted } from '../../../core/errors';
import { createAnalyzer, type Analyzer, type AnalyzerOptions } from './analyzePool';
import type { AnalysisOutcome, FileStat } from './analyzeFile';
import type { LibraryStore } from './libraryStore';
import { scanFolder } from './scanFolder';

export interface IndexProgress {
  done: number;
  total: number;
  path?: string;
}

export interface IndexOptions extends AnalyzerOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
  /** reuse an analyzer across calls (benches); otherwise one is created and disposed */
  analyzer?: Analyzer;
}

export interface IndexSummary {
  root: string;
  scanned: number;
  unchanged: number;
  indexed: number;
  duplicates: number;
  failed: number;
  removed: number;
  elapsedMs: number;
}

/** Which copy of a duplicate becomes the searchable original: UCS-named files first, then path order. */
function batchOrder(o: AnalysisOutcome): string {
  return o.ok ? `${o.analysis.catId ? 0 : 1}${o.analysis.path}` : `2${o.stat.path}`;
}

/**
 * One pass over `queue`: `concurrency` files in flight all the time, and batch k (files k·batchSize …,
 * fixed by position, so the outcome does not depend on timing) written in one transaction as soon as
 * all its files are done. The workers keep analysing the next batch while the main thread writes,
 * instead of idling at every batch boundary. Returns the paths of copies orphaned by the writes.
 */
async function analyzePass(
  store: LibraryStore,
  queue: readonly FileStat[],
  analyzer: Analyzer,
  options: IndexOptions,
  summary: IndexSummary,
): Promise<string[]> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const batchCount = Math.ceil(queue.length / batchSize);
  const outcomes: Array<AnalysisOutcome | undefined> = new Array(queue.length);
  const pending = Array.from({ length: batchCount }, (_, b) => Math.min(batchSize, queue.length - b * batchSize));
  const orphans: string[] = [];
  let written = 0;
  let next = 0;
  let done = 0;
  const writeCompleted = (): void => {
    while (written < batchCount && pending[written] === 0) {
      throwIfAborted(options.signal);
      const from = written * batchSize;
      const batch = outcomes.slice(from, from + batchSize) as AnalysisOutcome[];
      outcomes.fill(undefined, from, from + batchSize);
      batch.sort((a, b) => (batchOrder(a) < batchOrder(b) ? -1 : batchOrder(a) > batchOrder(b) ? 1 : 0));
      const r = store.writeBatch(batch);
      summary.indexed += r.added;
      summary.duplicates += r.duplicates;
      summary.failed += r.failed;
      orphans.push(...r.orphans);
      written++;
    }
  };
  const lanes = Array.from({ length: Math.min(analyzer.concurrency, queue.length) }, async () => {
    while (next < queue.length) {
      throwIfAborted(options.signal);
      const i = next++;
      const stat = queue[i] as FileStat;
      outcomes[i] = await analyzer.analyze(stat);
      const b = Math.floor(i / batchSize);
      pending[b] = (pending[b] as number) - 1;
      done++;
      options.onProgress?.({ done, total: queue.length, path: stat.path });
      writeCompleted();
    }
  });
  await Promise.all(lanes);
  return orphans;
}

async function analyzeAll(
  store: LibraryStore,
  todo: readonly FileStat[],
  analyzer: Analyzer,
  options: IndexOptions,
  summary: IndexSummary,
): Promise<void> {
  let queue = [...todo];
  while (queue.length > 0) {
    // copies whose original changed or vanished are analysed again (one of them becomes the original)
    queue = statAll(await analyzePass(store, queue, analyzer, options, summary));
  }
}

function statFile(path: string): FileStat | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st?.isFile() ? { path, sizeBytes: st.size, mtimeMs: Math.round(st.mtimeMs) } : undefined;
}

function statAll(paths: readonly string[]): FileStat[] {
  return paths.map(statFile).filter((s): s is FileStat => s !== undefined);
}

function requireFolder(dir: string): string {
  const root = resolve(dir);
  const st = statSync(root, { throwIfNoEntry: false });
  if (!st) throw new FoleyError('INPUT_INVALID', `${root}: no such folder.`);
  if (!st.isDirectory()) throw new FoleyError('INPUT_INVALID', `${root}: is not a folder (give the folder that holds the sounds).`);
  return root;
}

export async function indexFolder(store: LibraryStore, dir: string, options: IndexOptions = {}): Promise<IndexSummary> {
  const t0 = performance.now();
  const root = requireFolder(dir);
  store.addRoot(root);
  const files = scanFolder(root, options.signal);
  const known = store.knownUnder(root);
  const seen = new Set<string>();
  const todo: FileStat[] = [];
  for (const f of files) {
    seen.add(f.path);
    const k = known.get(f.path);
    if (!k || k.sizeBytes !== f.sizeBytes || k.mtimeMs !== f.mtimeMs) todo.push(f);
  }
  const gone = [...known.keys()].filter((p) => !seen.has(p));
  const summary: IndexSummary = { root, scanned: files.length, unchanged: files.length - todo.length, indexed: 0, duplicates: 0, failed: 0, removed: gone.length, elapsedMs: 0 };
  const analyzer = options.analyzer ?? createAnalyzer(options);
  try {
    const orphans = store.deletePaths(gone);
    await analyzeAll(store, [...todo, ...statAll(orphans)], analyzer, options, summary);
  } finally {
    if (!options.analyzer) await analyzer.dispose();
  }
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

export interface RemoveSummary {
  root: string;
  removedFiles: number;
  removedErrors: number;
  /** copies elsewhere that became originals and were indexed again */
  reindexed: number;
}

export async function removeFolder(store: LibraryStore, dir: string, options: IndexOptions = {}): Promise<RemoveSummary> {
  const root = resolve(dir);
  const r = store.removeSubtree(root);
  const stats = statAll(r.orphans);
  if (stats.length > 0) {
    const summary: IndexSummary = { root, scanned: 0, unchanged: 0, indexed: 0, duplicates: 0, failed: 0, removed: 0, elapsedMs: 0 };
    const analyzer = options.analyzer ?? createAnalyzer(options);
    try {
      await analyzeAll(store, stats, analyzer, options, summary);
    } finally {
      if (!options.analyzer) await analyzer.dispose();
    }
  }
  return { root, removedFiles: r.files, removedErrors: r.errors, reindexed: stats.length };
}
