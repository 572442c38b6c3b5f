/**
 * Frame streaming cost: our `streamFrames` (160 px wide, gray) against a bare
 * `ffmpeg -i clip -vf scale=160:-2 -f rawvideo -pix_fmt gray -y /dev/null` on the same 60 s 1080p
 * clip, interleaved, median of 5. Target: ratio ≤ 1.3.
 */
import { performance } from 'node:perf_hooks';
import { probeVideo, resolveRange, runFfmpeg, streamFrames } from '../../bridge-server/media';
import { hdClip } from '../clips';
import { type BenchCase, type BenchRow, median } from '../types';

async function timeBare(clip: string): Promise<number> {
  const t0 = performance.now();
  await runFfmpeg(['-i', clip, '-an', '-vf', 'scale=160:-2', '-f', 'rawvideo', '-pix_fmt', 'gray', '-y', '/dev/null']);
  return performance.now() - t0;
}

async function timeStream(clip: string): Promise<{ ms: number; frames: number }> {
  const t0 = performance.now();
  const probe = await probeVideo(clip);
  const range = resolveRange(clip, probe.durationSec, probe.video.fps, undefined, undefined);
  let frames = 0;
  let checksum = 0;
  for await (const f of streamFrames({ probe, range, width: 160, pixelFormat: 'gray' })) {
    frames++;
    checksum += f.data[0] as number;
  }
  if (checksum < 0) throw new Error('unreachable');
  return { ms: performance.now() - t0, frames };
}

export const framesBench: BenchCase = {
  name: 'frames',
  description: 'frame streaming at 160 px gray vs bare ffmpeg decode (60 s 1080p H.264)',
  async run(ctx) {
    const seconds = ctx.options.quick ? 15 : 60;
    const clip = await hdClip(seconds);
    const bare: number[] = [];
    const ours: number[] = [];
    let frames = 0;
    for (let i = 0; i < 5; i++) {
      bare.push(await timeBare(clip));
      const s = await timeStream(clip);
      ours.push(s.ms);
      frames = s.frames;
      ctx.log(`run ${i + 1}: bare ${bare[i]?.toFixed(0)} ms, streamFrames ${s.ms.toFixed(0)} ms (${s.frames} frames)`);
    }
    const ratio = median(ours) / median(bare);
    const rows: BenchRow[] = [
      { case: 'frames', metric: 'bare ffmpeg decode (median of 5)', value: median(bare), unit: 'ms' },
      { case: 'frames', metric: 'streamFrames incl. probe (median of 5)', value: median(ours), unit: 'ms', note: `${frames} frames` },
      { case: 'frames', metric: 'streaming / bare ratio', value: ratio, unit: 'x', target: '<= 1.3', pass: ratio <= 1.3 },
    ];
    return rows;
  },
};
