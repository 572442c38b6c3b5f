/**
 * `foley library add <dir> | remove <dir> | list [--errors] [--json] | search <words...> [--json]`:
 * manage the index of the editor's own sound folders (see docs/library.md). `--db FILE` picks another
 * index than the per-user default. Progress goes to stderr; results to stdout.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FoleyError } from '../../core/errors';
import { printJson } from '../output';

type Lib = typeof import('../../pipeline/generate/library');

/** Loaded on use so other commands never load SQLite. */
function lib(): Lib {
  return require('../../pipeline/generate/library') as Lib;
}

interface DbOption {
  db?: string;
}

function dbPath(opts: DbOption): string {
  return opts.db ? resolve(opts.db) : lib().defaultLibraryDbPath();
}

function progressLine(enabled: boolean): (p: { done: number; total: number }) => void {
  if (!enabled) return () => undefined;
  let last = -1;
  return ({ done, total }) => {
    const pct = Math.floor((done / Math.max(1, total)) * 100);
    if (pct === last && done !== total) return;
    last = pct;
    process.stderr.write(`\rindexing ${done}/${total} (${pct}%)${done === total ? '\n' : ''}`);
  };
}

function formatDuration(sec: number): string {
  return sec >= 60 ? `${Math.floor(sec / 60)}m${String(Math.round(sec % 60)).padStart(2, '0')}s` : `${sec.toFixed(2)}s`;
}

export function register(program: Command): void {
  const library = program.command('library').description("index and search the editor's own sound-effects folders (UCS names, bext/iXML)");

  library
    .command('add <dir>')
    .description('index WAV/AIFF/FLAC/OGG/MP3 files under a folder (incremental: unchanged files are skipped)')
    .option('--db <file>', 'index database (default: library.sqlite in the user data folder)')
    .option('--json', 'print the summary as JSON')
    .option('--workers <n>', 'analysis threads (default: number of cores, max 4)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .action(async (dir: string, opts: DbOption & { json?: boolean; workers?: string; progress?: boolean }) => {
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
        throw Object.assign(new Error(`--workers must be a whole number from 0 to 64 (got "${opts.workers}")`), { usage: true });
      }
      const { LibraryStore, indexFolder } = lib();
      const store = new LibraryStore(dbPath(opts));
      try {
        const summary = await indexFolder(store, dir, { workers, onProgress: progressLine(Boolean(opts.progress) || process.stderr.isTTY === true) });
        if (opts.json) printJson(summary);
        else {
          process.stdout.write(
            `${summary.root}: ${summary.scanned} files, ${summary.indexed} indexed, ${summary.unchanged} unchanged, ` +
              `${summary.duplicates} duplicates, ${summary.failed} skipped (see "foley library list --errors"), ${summary.removed} removed ` +
              `in ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
          );
        }
      } finally {
        store.close();
      }
    });

  library
    .command('remove <dir>')
    .description('forget a folder (the files themselves are not touched)')
    .option('--db <file>', 'index database')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, opts: DbOption & { json?: boolean }) => {
      const path = dbPath(opts);
      if (!existsSync(path)) throw new FoleyError('LIBRARY_ERROR', `${path}: there is no library index yet; add a folder with "foley library add <dir>".`);
      const { LibraryStore, removeFolder } = lib();
      const store = new LibraryStore(path);
      try {
        const summary = await removeFolder(store, dir);
        if (opts.json) printJson(summary);
        else process.stdout.write(`${summary.root}: ${summary.removedFiles} files and ${summary.removedErrors} skipped entries removed from the index\n`);
      } finally {
        store.close();
      }
    });

  library
    .command('list')
    .description('list indexed files (or, with --errors, the files that were skipped and why)')
    .option('--db <file>', 'index database')
    .option('--errors', 'list skipped files with the reason')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many files', '1000')
    .action((opts: DbOption & { errors?: boolean; json?: boolean; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw Object.assign(new Error(`--limit must be a positive whole number (got "${opts.limit}")`), { usage: true });
      const path = dbPath(opts);
      if (!existsSync(path)) throw new FoleyError('LIBRARY_ERROR', `${path}: there is no library index yet; add a folder with "foley library add <dir>".`);
      const { LibraryStore } = lib();
      const store = new LibraryStore(path);
      try {
        if (opts.errors) {
          const errors = store.listErrors();
          if (opts.json) printJson(errors);
          else for (const e of errors) process.stdout.write(`${e.path}\t${e.reason}\n`);
          return;
        }
        const files = store.listFiles(limit);
        if (opts.json) {
          printJson({ roots: store.roots(), counts: store.counts(), files });
          return;
        }
        const c = store.counts();
        process.stdout.write(`${c.files} files (${c.slices} slices), ${c.duplicates} duplicates, ${c.errors} skipped, in ${c.roots} folders\n`);
        for (const f of files) {
          const tag = f.duplicateOf !== null ? ' (duplicate)' : '';
          process.stdout.write(`${f.catId || '-'}\t${formatDuration(f.durationSec)}\t${f.sliceCount} slices\t${f.path}${tag}\n`);
        }
      } finally {
        store.close();
      }
    });

  library
    .command('search <words...>')
    .description('full-text search over file names, UCS FX names, descriptions, keywords and categories')
    .option('--db <file>', 'index database')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many results', '20')
    .action((words: string[], opts: DbOption & { json?: boolean; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw Object.assign(new Error(`--limit must be a positive whole number (got "${opts.limit}")`), { usage: true });
      const path = dbPath(opts);
      if (!existsSync(path)) throw new FoleyError('LIBRARY_ERROR', `${path}: there is no library index yet; add a folder with "foley library add <dir>".`);
      const { LibraryStore } = lib();
      const store = new LibraryStore(path);
      try {
        const hits = store.search(words.join(' '), limit);
        if (opts.json) printJson(hits);
        else for (const h of hits) process.stdout.write(`${h.catId || '-'}\t${h.fxName || '-'}\t${formatDuration(h.durationSec)}\t${h.path}\n`);
      } finally {
        store.close();
      }
    });
}
