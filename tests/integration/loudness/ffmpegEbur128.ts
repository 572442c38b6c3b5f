/**
 * The independent oracle for loudness tests: ffmpeg's `ebur128=peak=true` filter, run through the
 * media module's `runTool`. Integrated loudness is read from the filter's metadata (3 decimals, last
 * frame = whole programme); true peak and LRA from the summary on stderr (1 decimal).
 */
import { interleave, type PcmAudio } from '../../../bridge-server/core/audio';
import { runTool } from '../../../bridge-server/media';

export interface FfmpegLoudness {
  integratedLufs: number;
  truePeakDbtp: number;
  loudnessRangeLu: number;
}

const LAYOUTS: Record<number, string> = { 1: 'mono', 2: 'stereo', 5: '5.0', 6: '5.1' };

function parse(stdout: string, stderr: string): FfmpegLoudness {
  const iValues = [...stdout.matchAll(/lavfi\.r128\.I=(-?[\d.]+|-inf)/g)].map((m) => Number(m[1]));
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const peak = /Peak:\s+(-?[\d.]+|-inf)/.exec(summary);
  const lra = /LRA:\s+(-?[\d.]+)/.exec(summary);
  if (iValues.length === 0 || !peak || !lra) throw new Error(`could not parse ffmpeg ebur128 output: ${summary.slice(0, 300)}`);
  return {
    integratedLufs: iValues[iValues.length - 1] as number,
    truePeakDbtp: peak[1] === '-inf' ? -Infinity : Number(peak[1]),
    loudnessRangeLu: Number(lra[1]),
  };
}

const FILTER = 'ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=-';

/** Measures PCM (fed as raw float32 on stdin, so both meters see identical samples). */
export async function ffmpegLoudnessOfPcm(audio: PcmAudio): Promise<FfmpegLoudness> {
  const layout = LAYOUTS[audio.channels.length];
  if (!layout) throw new Error(`no layout for ${audio.channels.length} channels`);
  const raw = interleave(audio);
  const { stdout, stderr } = await runTool(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-loglevel', 'info', '-f', 'f32le', '-ar', String(audio.sampleRateHz), '-ch_layout', layout, '-i', 'pipe:0', '-af', FILTER, '-f', 'null', '-'],
    { stdin: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) },
  );
  return parse(stdout.toString('utf8'), stderr);
}

/** Measures a file on disk (the delivered WAVs). */
export async function ffmpegLoudnessOfFile(path: string): Promise<FfmpegLoudness> {
  const { stdout, stderr } = await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-i', path, '-af', FILTER, '-f', 'null', '-']);
  return parse(stdout.toString('utf8'), stderr);
}
