/**
 * Preview muxing: the picture of the clip's range with the generated mix (optionally over the
 * production sound), so a person can check sync. Built with fluent-ffmpeg; the command is re-encoded
 * (not stream-copied) because a copy would start at the previous keyframe and shift sync.
 */
import ffmpeg from 'fluent-ffmpeg';
import { FoleyError } from '../core/errors';
import { resolveBinaries } from './binaries';

export interface PreviewOptions {
  videoPath: string;
  inSec: number;
  outSec: number;
  mixPath: string;
  /** mix the production sound under the Foley (when the clip has audio) */
  withProductionSound: boolean;
  outPath: string;
  signal?: AbortSignal;
}

export function muxPreview(o: PreviewOptions): Promise<void> {
  const bins = resolveBinaries();
  return new Promise<void>((resolve, reject) => {
    const cmd = ffmpeg()
      .setFfmpegPath(bins.ffmpeg)
      .setFfprobePath(bins.ffprobe)
      .input(o.videoPath)
      .inputOptions(['-ss', o.inSec.toFixed(6)])
      .input(o.mixPath);
    if (o.withProductionSound) {
      cmd.complexFilter(['[0:a:0]volume=0.5[prod]', '[prod][1:a]amix=inputs=2:duration=longest:normalize=0[a]']).outputOptions(['-map', '0:v:0', '-map', '[a]']);
    } else {
      cmd.outputOptions(['-map', '0:v:0', '-map', '1:a:0']);
    }
    cmd
      .outputOptions([
        '-t', (o.outSec - o.inSec).toFixed(6),
        '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
        '-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart',
      ])
      .format('mp4')
      .on('error', (err: Error) => {
        reject(
          o.signal?.aborted
            ? new FoleyError('CANCELLED', 'The job was cancelled.')
            : new FoleyError('FFMPEG_FAILED', `the preview could not be made: ${err.message.split('\n')[0]}`, { cause: err }),
        );
      })
      .on('end', () => resolve())
      .save(o.outPath);
    o.signal?.addEventListener('abort', () => cmd.kill('SIGKILL'), { once: true });
  });
}
