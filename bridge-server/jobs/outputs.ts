/**
 * Crash-safe output folders. An item renders into a fresh staging folder beside its final folder
 * (`<base>/<jobId>/.staging-<itemId>-<random>`); when the pipeline has finished, its result is written into
 * the staging folder as `.foley-item.json` (atomically) and the whole folder is renamed to
 * `<base>/<jobId>/<itemId>` — one rename, so the final folder is either absent or complete. A re-run after a
 * crash first removes stale staging folders of the item and adopts a complete final folder instead of
 * rendering again, so there are never duplicate or partial results.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../core/atomic';
import type { ItemResult } from '../protocol';

export const ITEM_MARKER_FILE = '.foley-item.json';

export function finalItemDir(outBase: string, jobId: string, itemId: string): string {
  return join(outBase, jobId, itemId);
}

/**
 * Removes what interrupted runs of this item left (their staging folders, and the deliver stage's
 * temporary sibling of a staging folder, `..staging-<itemId>-….partial-…`, when the kill came while it
 * was writing), then creates a fresh staging folder.
 */
export function createStagingDir(outBase: string, jobId: string, itemId: string): string {
  const jobDir = join(outBase, jobId);
  mkdirSync(jobDir, { recursive: true });
  const prefix = `.staging-${itemId}-`;
  for (const name of readdirSync(jobDir)) {
    if (name.startsWith(prefix) || name.startsWith(`.${prefix}`)) rmSync(join(jobDir, name), { recursive: true, force: true });
  }
  const dir = join(jobDir, `${prefix}${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/** the result of a complete final folder (from a run that finished just before a crash), if any */
export function readCompletedItem(outBase: string, jobId: string, itemId: string): ItemResult | undefined {
  const marker = join(finalItemDir(outBase, jobId, itemId), ITEM_MARKER_FILE);
  if (!existsSync(marker)) return undefined;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')) as ItemResult;
  } catch {
    return undefined;
  }
}

/** rewrites a path inside the staging folder to the same path inside the final folder */
function moved(path: string, stagingDir: string, finalDir: string): string {
  const rel = relative(stagingDir, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return join(finalDir, rel);
}

export function relocateResult(result: ItemResult, stagingDir: string, finalDir: string): ItemResult {
  const out: ItemResult = { ...result, outDir: finalDir };
  if (result.files) {
    const f = result.files;
    out.files = {
      mix: moved(f.mix, stagingDir, finalDir),
      plan: moved(f.plan, stagingDir, finalDir),
      report: moved(f.report, stagingDir, finalDir),
      stems: Object.fromEntries(Object.entries(f.stems).map(([k, v]) => [k, moved(v, stagingDir, finalDir)])),
    };
    if (f.preview) out.files.preview = moved(f.preview, stagingDir, finalDir);
  }
  return out;
}

/** seals the staging folder with its result and renames it into place; returns the final result */
export function commitStagingDir(stagingDir: string, finalDir: string, result: ItemResult): ItemResult {
  const finalResult = relocateResult(result, stagingDir, finalDir);
  writeFileAtomic(join(stagingDir, ITEM_MARKER_FILE), `${JSON.stringify(finalResult, null, 2)}\n`);
  // a final folder without a marker can only be debris (renames are atomic); replace it
  if (existsSync(finalDir)) rmSync(finalDir, { recursive: true, force: true });
  renameSync(stagingDir, finalDir);
  return finalResult;
}

export function discardStagingDir(stagingDir: string): void {
  rmSync(stagingDir, { recursive: true, force: true });
}

/** removes every staging folder of an item (after its worker was killed); never throws */
export async function removeStagingDirs(outBase: string, jobId: string, itemId: string): Promise<void> {
  const jobDir = join(outBase, jobId);
  try {
    const prefix = `.staging-${itemId}-`;
    for (const name of await readdir(jobDir)) {
      if (name.startsWith(prefix)) await rm(join(jobDir, name), { recursive: true, force: true });
    }
  } catch {
    // no job folder yet: nothing to remove
  }
}
