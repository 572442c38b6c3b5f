/**
 * The one adapter that opens SQLite (better-sqlite3). Every database is opened here with WAL,
 * a busy timeout and foreign keys on, and migrated by a list of SQL steps tracked in user_version,
 * each applied in a transaction so a crash never leaves a half-migrated file.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;
export type SqliteStatement<P extends unknown[] = unknown[]> = Database.Statement<P>;

export interface OpenDatabaseOptions {
  /** SQL run once each, in order; index i is schema version i+1 */
  migrations: readonly string[];
  readonly?: boolean;
}

export function openDatabase(path: string, options: OpenDatabaseOptions): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const current = Number(db.pragma('user_version', { simple: true }));
    options.migrations.forEach((sql, i) => {
      if (i < current) return;
      db.transaction(() => {
        db.exec(sql);
        db.pragma(`user_version = ${i + 1}`);
      })();
    });
  }
  return db;
}
