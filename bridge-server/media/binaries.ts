/**
 * Finds the ffmpeg and ffprobe binaries: FOLEY_FFMPEG / FOLEY_FFPROBE first, then the system PATH,
 * then the binaries shipped inside the @ffmpeg-installer / @ffprobe-installer npm packages.
 * Resolved once per process.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FoleyError } from '../core/errors';

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
  /** where each came from, for /health and `foley --version` */
  source: { ffmpeg: BinarySource; ffprobe: BinarySource };
}

export type BinarySource = 'env' | 'path' | 'npm';

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe);
    if (existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function fromNpm(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(pkg) as { path?: string };
    return mod.path && existsSync(mod.path) ? mod.path : undefined;
  } catch {
    return undefined;
  }
}

function resolveOne(
  envVar: 'FOLEY_FFMPEG' | 'FOLEY_FFPROBE',
  name: string,
  pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe',
): { path: string; source: BinarySource } {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new FoleyError('FFMPEG_MISSING', `${envVar} is set to ${fromEnv}, but no file is there.`);
    }
    return { path: fromEnv, source: 'env' };
  }
  const onPath = findOnPath(name);
  if (onPath) return { path: onPath, source: 'path' };
  const npmPath = fromNpm(pkg);
  if (npmPath) return { path: npmPath, source: 'npm' };
  throw new FoleyError(
    'FFMPEG_MISSING',
    `${name} was not found: install it (e.g. apt-get install ffmpeg) or set ${envVar} to its path.`,
  );
}

let cached: FfmpegBinaries | undefined;

export function resolveBinaries(): FfmpegBinaries {
  if (cached) return cached;
  const ffmpeg = resolveOne('FOLEY_FFMPEG', 'ffmpeg', '@ffmpeg-installer/ffmpeg');
  const ffprobe = resolveOne('FOLEY_FFPROBE', 'ffprobe', '@ffprobe-installer/ffprobe');
  cached = { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, source: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source } };
  return cached;
}

/** For tests that change the environment. */
export function resetBinaryCache(): void {
  cached = undefined;
}
