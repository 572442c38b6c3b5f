/**
 * Benchmark inputs, made with ffmpeg through the media module and cached in the temp folder
 * (a 60-second 1080p H.264 clip takes a while to encode; later runs reuse it).
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../bridge-server/media';

export const BENCH_CACHE = join(tmpdir(), 'foley-bench-cache-v1');

/** A 1080p H.264 clip with moving content and a production sound track, `seconds` long. */
export async function hdClip(seconds: number): Promise<string> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const path = join(BENCH_CACHE, `hd_${seconds}s.mp4`);
  if (existsSync(path)) return path;
  const tmp = `${path}.${process.pid}.tmp.mp4`;
  await runFfmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', '50',
    '-c:a', 'aac', '-shortest', '-y', tmp,
  ]);
  renameSync(tmp, path);
  return path;
}
