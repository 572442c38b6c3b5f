/**
 * Which paths a request may name. Media must be an absolute path of an existing regular file and is
 * replaced by its realpath (no symlink games, no relative paths resolved against the server's cwd).
 * Outputs go only under the server's output folder or an absolute per-project folder from a stored preset.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ReplyError } from './replyError';

export function resolveMediaPath(path: string, field: string): string {
  if (!isAbsolute(path)) throw new ReplyError('PATH_FORBIDDEN', `${field} must be an absolute path (got "${path.slice(0, 200)}")`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ReplyError('MEDIA_NOT_FOUND', `${field}: no file at "${path.slice(0, 500)}"`);
  }
  if (!statSync(real).isFile()) throw new ReplyError('PATH_FORBIDDEN', `${field}: "${path.slice(0, 500)}" is not a regular file`);
  return real;
}

/** checks a preset's outputDir (absolute; created if missing) and returns its realpath */
export function resolveOutputDir(path: string, field: string): string {
  if (!isAbsolute(path)) throw new ReplyError('PATH_FORBIDDEN', `${field} must be an absolute folder path (got "${path.slice(0, 200)}")`);
  try {
    mkdirSync(path, { recursive: true });
    const real = realpathSync(path);
    if (!statSync(real).isDirectory()) throw new Error('not a folder');
    return real;
  } catch {
    throw new ReplyError('PATH_FORBIDDEN', `${field}: cannot use "${path.slice(0, 500)}" as an output folder`);
  }
}
