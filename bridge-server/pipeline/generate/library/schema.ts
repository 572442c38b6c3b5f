/**
 * The library index schema (SQLite through core `openDatabase`, migrations tracked in user_version).
 * `files` holds one row per sound file (duplicates point at the first copy through `duplicate_of` and
 * are kept out of search), `slices` the onset slices of each file, `errors` the files that could not
 * be indexed and why, `roots` the folders the editor added. `files_fts` is an FTS5 table whose rowid
 * is the file id; it is written in the same transaction as the file row, so the two never disagree.
 * Porter stemming makes "boots" find "boot" and "walking" find "walk".
 */

export const LIBRARY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE roots (
    path TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
  );
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    root TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    duplicate_of INTEGER,
    cat_id TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    subcategory TEXT NOT NULL DEFAULT '',
    fx_name TEXT NOT NULL DEFAULT '',
    creator_id TEXT NOT NULL DEFAULT '',
    source_id TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    duration_sec REAL NOT NULL,
    channels INTEGER NOT NULL,
    sample_rate_hz INTEGER NOT NULL,
    loudness_lufs REAL,
    peak_db REAL NOT NULL,
    rms_db REAL NOT NULL,
    zero_crossing_rate REAL NOT NULL,
    centroid_hz REAL NOT NULL,
    rolloff_hz REAL NOT NULL,
    flatness REAL NOT NULL,
    slice_count INTEGER NOT NULL,
    indexed_at TEXT NOT NULL
  );
  CREATE INDEX files_root ON files(root);
  CREATE INDEX files_hash ON files(content_hash);
  CREATE INDEX files_cat ON files(cat_id);
  CREATE TABLE slices (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start_sec REAL NOT NULL,
    onset_sec REAL NOT NULL,
    end_sec REAL NOT NULL,
    peak REAL NOT NULL,
    PRIMARY KEY (file_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE errors (
    path TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX errors_root ON errors(root);
  CREATE VIRTUAL TABLE files_fts USING fts5(
    name, fx_name, description, keywords, category, cat_id,
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  `,
];

/** bm25 column weights, in the column order above: the FX name and the CatID say the most. */
export const FTS_WEIGHTS = Object.freeze({ name: 2, fxName: 4, description: 2, keywords: 3, category: 2, catId: 5 });
