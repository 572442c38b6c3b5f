/**
 * Walks a folder recursively and lists the sound files in it (by extension) with size and mtime.
 * Hidden entries (".name", e.g. AppleDouble "._x.wav" files) are skipped; symbolic links to folders
 * are not followed, so a link cycle cannot loop forever.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { throwIfAborted } from '../../../core/errors';
import { formatOfPath, type FileStat } from './analyzeFile';

export function scanFolder(root: string, signal?: AbortSignal): FileStat[] {
  const out: FileStat[] = [];
  const stack = [root];
  while (stack.length > 0) {
    throwIfAborted(signal);
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable sub-folder: nothing to index there
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        stack.push(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && formatOfPath(p)) {
        try {
          const st = statSync(p);
          if (st.isFile()) out.push({ path: p, sizeBytes: st.size, mtimeMs: Math.round(st.mtimeMs) });
        } catch {
          // dangling link
        }
      }
    }
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}
