/**
 * Loudness meter speed: our `measureLoudness` (integrated, LRA, 10 ms momentary/short-term, 4× true
 * peak) against `ffmpeg -af ebur128=peak=true -f null -` on the same generated 10-minute stereo 48 kHz
 * file (pink noise with a slow level swing and 1 s gaps), interleaved, median of 3. Target: ratio ≤ 1.
 * The file is decoded once for our meter (decode time reported separately: ffmpeg's figure includes
 * its own decode, so "read + meter" is also given).
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { decodeAudioFile, runFfmpeg } from '../../bridge-server/media';
import { measureLoudness } from '../../bridge-server/dsp/loudness';
import { type BenchCase, type BenchRow, median } from '../types';

export const loudnessBench: BenchCase = {
  name: 'loudness',
  description: 'BS.1770 meter (I, LRA, M/S on 10 ms hop, true peak) vs ffmpeg ebur128=peak=true, 10-minute stereo file',
  async run(ctx) {
    const seconds = ctx.options.quick ? 120 : 600;
    const file = join(ctx.workDir, `loudness-${seconds}s.wav`);
    await runFfmpeg([
      '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:r=48000:a=0.2:seed=7`,
      '-af', "volume='(0.55+0.45*sin(t*0.37))*lt(mod(t,9),8)':eval=frame,aformat=channel_layouts=stereo",
      '-c:a', 'pcm_f32le', '-y', file,
    ]);
    const t0 = performance.now();
    const audio = await decodeAudioFile(file, 2, 48000);
    const decodeMs = performance.now() - t0;
    const ffmpegMs: number[] = [];
    const oursMs: number[] = [];
    let integrated = 0;
    for (let i = 0; i < 3; i++) {
      const a = performance.now();
      await runFfmpeg(['-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-']);
      ffmpegMs.push(performance.now() - a);
      const b = performance.now();
      integrated = measureLoudness(audio).integratedLufs;
      oursMs.push(performance.now() - b);
      ctx.log(`run ${i + 1}: ffmpeg ${ffmpegMs[i]?.toFixed(0)} ms, ours ${oursMs[i]?.toFixed(0)} ms (I = ${integrated.toFixed(2)} LUFS)`);
    }
    const ratio = median(oursMs) / median(ffmpegMs);
    const withRead = (median(oursMs) + decodeMs) / median(ffmpegMs);
    const rows: BenchRow[] = [
      { case: 'loudness', metric: `ffmpeg ebur128=peak=true, ${seconds} s stereo (median of 3)`, value: median(ffmpegMs), unit: 'ms' },
      { case: 'loudness', metric: 'measureLoudness (median of 3)', value: median(oursMs), unit: 'ms', note: `I = ${integrated.toFixed(2)} LUFS` },
      { case: 'loudness', metric: 'decode for our meter (once)', value: decodeMs, unit: 'ms' },
      { case: 'loudness', metric: 'meter / ffmpeg ratio', value: ratio, unit: 'x', target: '<= 1', pass: ratio <= 1 },
      { case: 'loudness', metric: '(decode + meter) / ffmpeg ratio', value: withRead, unit: 'x', note: 'informational' },
    ];
    return rows;
  },
};
