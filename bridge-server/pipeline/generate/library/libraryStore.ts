/**
 * The library index in SQLite: the only module of the library that runs SQL (the database is opened
 * through core `openDatabase`, WAL). Writes come in batches, each one transaction: a file row, its
 * slices and its FTS row are written together or not at all, so the index is never half-written.
 * Reads: incremental-index bookkeeping (size/mtime per path), listing, free-text search and the
 * ranked candidate query the generation backend uses.
 */
import { dirname, join } from 'node:path';
import { dataDir } from '../../../core/paths';
import { openDatabase, type SqliteDatabase, type SqliteStatement } from '../../../core/sqlite';
import { FoleyError } from '../../../core/errors';
import type { AnalysisOutcome, FileAnalysis } from './analyzeFile';
import { allOf, anyOf, tokenize } from './ftsQuery';
import { FTS_WEIGHTS, LIBRARY_MIGRATIONS } from './schema';

export function defaultLibraryDbPath(): string {
  return join(dataDir(), 'library.sqlite');
}

export interface KnownFile {
  sizeBytes: number;
  mtimeMs: number;
  failed: boolean;
}

export interface LibraryFileRow {
  id: number;
  path: string;
  format: string;
  catId: string;
  category: string;
  subcategory: string;
  fxName: string;
  description: string;
  keywords: string;
  durationSec: number;
  channels: number;
  sampleRateHz: number;
  loudnessLufs: number | null;
  sliceCount: number;
  duplicateOf: number | null;
}

export interface SearchHit extends LibraryFileRow {
  /** bm25 relevance, lower is better (FTS5 convention) */
  rank: number;
}

export interface SliceRow {
  fileId: number;
  idx: number;
  startSec: number;
  onsetSec: number;
  endSec: number;
  peak: number;
}

export interface ErrorRow {
  path: string;
  reason: string;
  sizeBytes: number;
  at: string;
}

export interface BatchResult {
  added: number;
  duplicates: number;
  failed: number;
  /** copies whose original was replaced in this batch: their rows were dropped, re-index them */
  orphans: string[];
}

const FILE_COLUMNS = `f.id, f.path, f.format, f.cat_id AS catId, f.category, f.subcategory, f.fx_name AS fxName,
  f.description, f.keywords, f.duration_sec AS durationSec, f.channels, f.sample_rate_hz AS sampleRateHz,
  f.loudness_lufs AS loudnessLufs, f.slice_count AS sliceCount, f.duplicate_of AS duplicateOf`;

const W = FTS_WEIGHTS;
const BM25 = `bm25(files_fts, ${W.name}, ${W.fxName}, ${W.description}, ${W.keywords}, ${W.category}, ${W.catId})`;

/** Range bounds selecting every path under a folder: '/' is 0x2F, so [dir/, dir0) is exactly the subtree. */
function subtreeBounds(dir: string): [string, string] {
  const base = dir.endsWith('/') ? dir.slice(0, -1) : dir;
  return [`${base}/`, `${base}0`];
}

/** The longest registered root containing `path` (or its folder when none does). */
function rootOf(roots: readonly string[], path: string): string {
  let best = '';
  for (const r of roots) if (path.startsWith(r.endsWith('/') ? r : `${r}/`) && r.length > best.length) best = r;
  return best || dirname(path);
}

export class LibraryStore {
  readonly db: SqliteDatabase;
  readonly path: string;

  constructor(path: string = defaultLibraryDbPath(), options: { readonly?: boolean } = {}) {
    this.path = path;
    try {
      this.db = openDatabase(path, { migrations: LIBRARY_MIGRATIONS, readonly: options.readonly });
    } catch (e) {
      throw new FoleyError('LIBRARY_ERROR', `${path}: the library index cannot be opened (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  addRoot(root: string): void {
    this.db.prepare('INSERT OR IGNORE INTO roots (path, added_at) VALUES (?, ?)').run(root, new Date().toISOString());
  }

  roots(): string[] {
    return (this.db.prepare('SELECT path FROM roots ORDER BY path').all() as Array<{ path: string }>).map((r) => r.path);
  }

  /** size/mtime of every indexed or failed file under `dir` (for incremental re-indexing). */
  knownUnder(dir: string): Map<string, KnownFile> {
    const [lo, hi] = subtreeBounds(dir);
    const out = new Map<string, KnownFile>();
    for (const r of this.db.prepare('SELECT path, size_bytes AS s, mtime_ms AS m FROM files WHERE path >= ? AND path < ?').iterate(lo, hi) as Iterable<{ path: string; s: number; m: number }>) {
      out.set(r.path, { sizeBytes: r.s, mtimeMs: r.m, failed: false });
    }
    for (const r of this.db.prepare('SELECT path, size_bytes AS s, mtime_ms AS m FROM errors WHERE path >= ? AND path < ?').iterate(lo, hi) as Iterable<{ path: string; s: number; m: number }>) {
      out.set(r.path, { sizeBytes: r.s, mtimeMs: r.m, failed: true });
    }
    return out;
  }

  private deletePathInTx(path: string): number[] {
    const ids = (this.db.prepare('SELECT id FROM files WHERE path = ?').all(path) as Array<{ id: number }>).map((r) => r.id);
    for (const id of ids) {
      this.db.prepare('DELETE FROM files_fts WHERE rowid = ?').run(id);
      this.db.prepare('DELETE FROM files WHERE id = ?').run(id);
    }
    this.db.prepare('DELETE FROM errors WHERE path = ?').run(path);
    return ids;
  }

  /**
   * Removes the given paths (files that disappeared). Copies that pointed at a removed file lose their
   * original; their rows are removed too and their paths returned so the caller re-indexes them.
   */
  deletePaths(paths: readonly string[]): string[] {
    const orphans: string[] = [];
    this.db.transaction(() => {
      const removed: number[] = [];
      for (const p of paths) removed.push(...this.deletePathInTx(p));
      orphans.push(...this.dropOrphanedDuplicates(removed));
    })();
    return orphans;
  }

  private dropOrphanedDuplicates(removedIds: readonly number[]): string[] {
    if (removedIds.length === 0) return [];
    const orphans: string[] = [];
    const find = this.db.prepare('SELECT path FROM files WHERE duplicate_of = ?');
    for (const id of removedIds) for (const r of find.all(id) as Array<{ path: string }>) orphans.push(r.path);
    for (const p of orphans) this.deletePathInTx(p);
    return orphans;
  }

  /** Forgets a folder: its root entry, every file and error under it. Returns orphaned duplicate paths elsewhere. */
  removeSubtree(dir: string): { files: number; errors: number; orphans: string[] } {
    const [lo, hi] = subtreeBounds(dir);
    let files = 0;
    let errors = 0;
    const orphans: string[] = [];
    this.db.transaction(() => {
      const ids = (this.db.prepare('SELECT id FROM files WHERE path >= ? AND path < ?').all(lo, hi) as Array<{ id: number }>).map((r) => r.id);
      const delFts = this.db.prepare('DELETE FROM files_fts WHERE rowid = ?');
      for (const id of ids) delFts.run(id);
      files = this.db.prepare('DELETE FROM files WHERE path >= ? AND path < ?').run(lo, hi).changes;
      errors = this.db.prepare('DELETE FROM errors WHERE path >= ? AND path < ?').run(lo, hi).changes;
      this.db.prepare('DELETE FROM roots WHERE path = ? OR (path >= ? AND path < ?)').run(dir, lo, hi);
      orphans.push(...this.dropOrphanedDuplicates(ids));
    })();
    return { files, errors, orphans };
  }

  /** Writes analysed files (new or changed) in one transaction. */
  writeBatch(outcomes: readonly AnalysisOutcome[]): BatchResult {
    const roots = this.roots();
    const result: BatchResult = { added: 0, duplicates: 0, failed: 0, orphans: [] };
    const now = new Date().toISOString();
    const insertError = this.db.prepare('INSERT INTO errors (path, root, size_bytes, mtime_ms, reason, at) VALUES (?, ?, ?, ?, ?, ?)');
    const findHash = this.db.prepare('SELECT id FROM files WHERE content_hash = ? AND duplicate_of IS NULL AND path != ? LIMIT 1');
    const insertFile = this.db.prepare(`INSERT INTO files (path, root, size_bytes, mtime_ms, format, content_hash, duplicate_of, cat_id, category,
      subcategory, fx_name, creator_id, source_id, description, keywords, duration_sec, channels, sample_rate_hz, loudness_lufs, peak_db,
      rms_db, zero_crossing_rate, centroid_hz, rolloff_hz, flatness, slice_count, indexed_at)
      VALUES (@path, @root, @sizeBytes, @mtimeMs, @format, @contentHash, @duplicateOf, @catId, @category, @subcategory, @fxName, @creatorId,
      @sourceId, @description, @keywords, @durationSec, @channels, @sampleRateHz, @loudnessLufs, @peakDb, @rmsDb, @zeroCrossingRate,
      @centroidHz, @rolloffHz, @flatness, @sliceCount, @indexedAt)`);
    const insertSlice = this.db.prepare('INSERT INTO slices (file_id, idx, start_sec, onset_sec, end_sec, peak) VALUES (?, ?, ?, ?, ?, ?)');
    const insertFts = this.db.prepare('INSERT INTO files_fts (rowid, name, fx_name, description, keywords, category, cat_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      const replaced: number[] = [];
      for (const o of outcomes) {
        const path = o.ok ? o.analysis.path : o.stat.path;
        const root = rootOf(roots, path);
        replaced.push(...this.deletePathInTx(path));
        if (!o.ok) {
          insertError.run(path, root, o.stat.sizeBytes, Math.round(o.stat.mtimeMs), o.reason, now);
          result.failed++;
          continue;
        }
        const a: FileAnalysis = o.analysis;
        const original = findHash.get(a.contentHash, a.path) as { id: number } | undefined;
        const info = insertFile.run({
          path: a.path,
          root,
          sizeBytes: a.sizeBytes,
          mtimeMs: Math.round(a.mtimeMs),
          format: a.format,
          contentHash: a.contentHash,
          duplicateOf: original?.id ?? null,
          catId: a.catId,
          category: a.category,
          subcategory: a.subcategory,
          fxName: a.fxName,
          creatorId: a.creatorId,
          sourceId: a.sourceId,
          description: a.description,
          keywords: a.keywords,
          durationSec: a.durationSec,
          channels: a.channels,
          sampleRateHz: a.sampleRateHz,
          loudnessLufs: a.loudnessLufs,
          peakDb: a.features.peakDb,
          rmsDb: a.features.rmsDb,
          zeroCrossingRate: a.features.zeroCrossingRate,
          centroidHz: a.features.centroidHz,
          rolloffHz: a.features.rolloffHz,
          flatness: a.features.flatness,
          sliceCount: original ? 0 : a.slices.length,
          indexedAt: now,
        });
        if (original) {
          // a copy of a file already indexed: remembered (so it is not re-analysed) but never searched
          result.duplicates++;
          continue;
        }
        const id = Number(info.lastInsertRowid);
        a.slices.forEach((s, i) => insertSlice.run(id, i, s.startSec, s.onsetSec, s.endSec, s.peak));
        insertFts.run(id, a.nameText, a.fxName, a.description, a.keywords, `${a.category} ${a.subcategory}`.trim(), a.catId);
        result.added++;
      }
      // a changed file that used to be the original of copies: the copies are re-checked by the caller
      result.orphans = this.dropOrphanedDuplicates(replaced);
    })();
    return result;
  }

  counts(): { files: number; duplicates: number; slices: number; errors: number; roots: number } {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      files: one('SELECT count(*) AS n FROM files WHERE duplicate_of IS NULL'),
      duplicates: one('SELECT count(*) AS n FROM files WHERE duplicate_of IS NOT NULL'),
      slices: one('SELECT count(*) AS n FROM slices'),
      errors: one('SELECT count(*) AS n FROM errors'),
      roots: one('SELECT count(*) AS n FROM roots'),
    };
  }

  listFiles(limit = 1000, offset = 0): LibraryFileRow[] {
    return this.db.prepare(`SELECT ${FILE_COLUMNS} FROM files f ORDER BY f.path LIMIT ? OFFSET ?`).all(limit, offset) as LibraryFileRow[];
  }

  listErrors(): ErrorRow[] {
    return this.db.prepare('SELECT path, reason, size_bytes AS sizeBytes, at FROM errors ORDER BY path').all() as ErrorRow[];
  }

  fileByPath(path: string): LibraryFileRow | undefined {
    return this.db.prepare(`SELECT ${FILE_COLUMNS} FROM files f WHERE f.path = ?`).get(path) as LibraryFileRow | undefined;
  }

  slicesOf(fileId: number): SliceRow[] {
    return this.db
      .prepare('SELECT file_id AS fileId, idx, start_sec AS startSec, onset_sec AS onsetSec, end_sec AS endSec, peak FROM slices WHERE file_id = ? ORDER BY idx')
      .all(fileId) as SliceRow[];
  }

  /**
   * Runs an FTS5 MATCH expression (built by ftsQuery, never raw user text). `ordered` sorts by bm25
   * (best first), which costs a relevance computation per matching row; unordered returns the first
   * `limit` matches in rowid order and stops early (rank 0), for broad queries whose rows are scored
   * by the caller anyway.
   */
  match(expression: string, limit: number, ordered = true): SearchHit[] {
    if (!expression) return [];
    const sql = ordered
      ? // bm25 top-k inside FTS first, then join only those rows: joining every match to `files` before
        // the sort cost ~1.5-3x more on common words at 100k entries. Duplicates have no FTS row, so
        // the outer filter never drops one of the top-k (it stays as a guard).
        `SELECT ${FILE_COLUMNS}, m.rank AS rank FROM
           (SELECT rowid, ${BM25} AS rank FROM files_fts WHERE files_fts MATCH ? ORDER BY rank LIMIT ?) m
         JOIN files f ON f.id = m.rowid WHERE f.duplicate_of IS NULL ORDER BY m.rank`
      : `SELECT ${FILE_COLUMNS}, 0 AS rank FROM files_fts JOIN files f ON f.id = files_fts.rowid
         WHERE files_fts MATCH ? AND f.duplicate_of IS NULL LIMIT ?`;
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<[string, number]>(sql);
      this.statements.set(sql, stmt);
    }
    return stmt.all(expression, limit) as SearchHit[];
  }

  private readonly statements = new Map<string, SqliteStatement<[string, number]>>();

  /** Search-box semantics: every word must match (prefixes allowed); falls back to any word. */
  search(words: string, limit = 20): SearchHit[] {
    const tokens = tokenize(words);
    if (tokens.length === 0) return [];
    const prefixed = tokens.map((t) => `"${t}"*`).join(' AND ');
    const hits = this.match(prefixed, limit);
    return hits.length > 0 ? hits : this.match(anyOf(tokens), limit);
  }

  /** `files_fts MATCH` for the whole-phrase AND of `terms` (exposed for tests and benches). */
  matchAll(terms: readonly string[], limit: number): SearchHit[] {
    return this.match(allOf(terms), limit);
  }
}
