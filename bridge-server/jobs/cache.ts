/**
 * The result cache: cache key (fingerprint.ts) → the result of a finished item. A hit is only served
 * while every file it names still exists, so deleting an output folder simply causes a re-render.
 */
import { existsSync } from 'node:fs';
import type { SqliteDatabase } from '../core/sqlite';
import type { ItemResult } from '../protocol';

function filesOf(result: ItemResult): string[] {
  if (!result.files) return [];
  const f = result.files;
  return [f.mix, f.plan, f.report, ...Object.values(f.stems), ...(f.preview ? [f.preview] : [])];
}

export class ResultCache {
  constructor(private readonly db: SqliteDatabase) {}

  get(key: string): ItemResult | undefined {
    const row = this.db.prepare(`SELECT result_json FROM result_cache WHERE key = ?`).get(key) as { result_json: string } | undefined;
    if (!row) return undefined;
    const result = JSON.parse(row.result_json) as ItemResult;
    if (!filesOf(result).every((f) => existsSync(f))) {
      this.db.prepare(`DELETE FROM result_cache WHERE key = ?`).run(key);
      return undefined;
    }
    this.db.prepare(`UPDATE result_cache SET hits = hits + 1 WHERE key = ?`).run(key);
    return { ...result, cached: true };
  }

  put(key: string, result: ItemResult): void {
    this.db
      .prepare(`INSERT INTO result_cache (key, result_json, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET result_json = excluded.result_json, created_at = excluded.created_at`)
      .run(key, JSON.stringify({ ...result, cached: false }), Date.now());
  }
}
