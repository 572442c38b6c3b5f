/**
 * The server's one SQLite database (`<dataDir>/bridge.db`, WAL) and its schema migrations: paired panels
 * (hashed tokens), jobs and their items, the result cache, and per-project presets. Opened only through
 * core/sqlite.ts; the stores (auth, jobs, cache, presets) receive the handle.
 */
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../core/sqlite';

export const SERVER_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE panels (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    client_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    panel_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('generate', 'plan')),
    batch TEXT NOT NULL CHECK (batch IN ('clip', 'markers')),
    status TEXT NOT NULL,
    project_id TEXT,
    label TEXT,
    preset_name TEXT NOT NULL,
    preset_json TEXT NOT NULL,
    out_base TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX jobs_panel ON jobs (panel_id, created_at);
  CREATE TABLE job_items (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    label TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    request_json TEXT NOT NULL,
    cache_key TEXT,
    result_json TEXT,
    error_code TEXT,
    error_message TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, item_id)
  );
  CREATE INDEX job_items_status ON job_items (status);
  CREATE TABLE result_cache (
    key TEXT PRIMARY KEY,
    result_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE presets (
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    preset_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, name)
  );
  CREATE TABLE project_defaults (project_id TEXT PRIMARY KEY, preset_name TEXT NOT NULL);
  `,
];

export function openServerDatabase(dataDirPath: string): SqliteDatabase {
  return openDatabase(join(dataDirPath, 'bridge.db'), { migrations: SERVER_MIGRATIONS });
}
