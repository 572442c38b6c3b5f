/**
 * Probing media with ffprobe's JSON output: duration, the exact frame rate as a rational, start
 * timecode, streams, rotation and a variable-frame-rate flag. Bad files become FoleyErrors that name
 * the file and the problem in one line.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { FoleyError } from '../core/errors';
import { parseRational, type Rational, toNumber } from '../core/rational';
import { lastLine, spawnTool } from './spawn';

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** coded size */
  width: number;
  height: number;
  /** size as displayed (after rotation and sample aspect ratio) */
  displayWidth: number;
  displayHeight: number;
  /** the nominal frame rate: 30000/1001 stays 30000/1001 */
  fps: Rational;
  avgFps: Rational | undefined;
  rotationDeg: number;
  isVfr: boolean;
  pixFmt: string;
  frameCount: number | undefined;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRateHz: number;
  channels: number;
}

export interface MediaProbe {
  path: string;
  sizeBytes: number;
  formatName: string;
  durationSec: number;
  /** container start time in seconds */
  startSec: number;
  /** SMPTE start timecode from the container or a timecode track, e.g. "01:00:00:00" */
  startTimecode: string | undefined;
  video: VideoStreamInfo | undefined;
  audio: AudioStreamInfo[];
}

const TagsSchema = z.record(z.string(), z.string()).optional();
const StreamSchema = z.object({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sample_aspect_ratio: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  pix_fmt: z.string().optional(),
  nb_frames: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().optional(),
  duration: z.string().optional(),
  tags: TagsSchema,
  side_data_list: z.array(z.record(z.string(), z.unknown())).optional(),
  disposition: z.record(z.string(), z.number()).optional(),
});
const ProbeJsonSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.string().optional(),
      start_time: z.string().optional(),
      tags: TagsSchema,
    })
    .optional(),
});
const PacketsSchema = z.object({
  packets: z.array(z.object({ pts_time: z.string().optional(), duration_time: z.string().optional() })).default([]),
});

async function ffprobeJson(args: string[], path: string, signal?: AbortSignal): Promise<unknown> {
  const proc = spawnTool('ffprobe', ['-v', 'error', '-of', 'json', ...args, path], signal);
  proc.child.stdin.end();
  const chunks: Buffer[] = [];
  proc.child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await proc.exited;
  if (signal?.aborted) throw new FoleyError('CANCELLED', 'The job was cancelled.');
  if (code !== 0) {
    throw new FoleyError('MEDIA_UNREADABLE', `${basename(path)}: not a readable media file (${lastLine(proc.stderrTail())}).`);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (e) {
    throw new FoleyError('MEDIA_UNREADABLE', `${basename(path)}: ffprobe returned unreadable data.`, { cause: e });
  }
}

function rotationOf(stream: z.infer<typeof StreamSchema>): number {
  const fromSide = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const raw = typeof fromSide === 'number' ? fromSide : Number(stream.tags?.rotate ?? 0);
  const deg = ((Math.round(raw) % 360) + 360) % 360;
  return Number.isFinite(deg) ? deg : 0;
}

/** Checks that a path names an existing, non-empty regular file; throws a one-line FoleyError otherwise. */
export function assertMediaFile(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new FoleyError('MEDIA_NOT_FOUND', `${path}: no such file.`);
  }
  if (!st.isFile()) throw new FoleyError('MEDIA_UNREADABLE', `${path}: is not a regular file.`);
  if (st.size === 0) throw new FoleyError('MEDIA_EMPTY', `${path}: the file is empty (0 bytes).`);
  return st.size;
}

/**
 * Variable frame rate: ffprobe's r_frame_rate and avg_frame_rate disagree, or the first packets'
 * durations differ by more than 1% (some muxers report equal rates for VFR material).
 */
async function detectVfr(path: string, index: number, fps: Rational, avg: Rational | undefined, signal?: AbortSignal): Promise<boolean> {
  if (avg && Math.abs(toNumber(fps) - toNumber(avg)) / toNumber(fps) > 0.002) return true;
  const json = PacketsSchema.safeParse(
    await ffprobeJson(['-select_streams', String(index), '-read_intervals', '%+#120', '-show_entries', 'packet=pts_time,duration_time'], path, signal),
  );
  if (!json.success) return false;
  const pts = json.data.packets
    .map((p) => Number(p.pts_time))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  if (pts.length < 3) return false;
  const nominal = 1 / toNumber(fps);
  for (let i = 1; i < pts.length; i++) {
    const d = (pts[i] as number) - (pts[i - 1] as number);
    if (Math.abs(d - nominal) > nominal * 0.01 + 1e-4) return true;
  }
  return false;
}

export async function probeMedia(path: string, signal?: AbortSignal): Promise<MediaProbe> {
  const sizeBytes = assertMediaFile(path);
  const parsed = ProbeJsonSchema.safeParse(await ffprobeJson(['-show_format', '-show_streams'], path, signal));
  if (!parsed.success || !parsed.data.format) {
    throw new FoleyError('MEDIA_UNREADABLE', `${basename(path)}: not a readable media file.`);
  }
  const { streams, format } = parsed.data;
  const vs = streams.find((s) => s.codec_type === 'video' && !(s.disposition?.attached_pic === 1));
  const tmcd = streams.find((s) => s.codec_type === 'data' && s.tags?.timecode);
  let video: VideoStreamInfo | undefined;
  if (vs && vs.width && vs.height) {
    const fps = parseRational(vs.r_frame_rate) ?? parseRational(vs.avg_frame_rate);
    if (!fps) throw new FoleyError('MEDIA_UNREADABLE', `${basename(path)}: the video stream has no frame rate.`);
    const avgFps = parseRational(vs.avg_frame_rate);
    const rotationDeg = rotationOf(vs);
    const sar = parseRational(vs.sample_aspect_ratio) ?? { num: 1, den: 1 };
    const shownW = Math.round((vs.width * sar.num) / sar.den);
    const swap = rotationDeg === 90 || rotationDeg === 270;
    const nb = Number(vs.nb_frames);
    video = {
      index: vs.index,
      codec: vs.codec_name ?? 'unknown',
      width: vs.width,
      height: vs.height,
      displayWidth: swap ? vs.height : shownW,
      displayHeight: swap ? shownW : vs.height,
      fps,
      avgFps,
      rotationDeg,
      isVfr: await detectVfr(path, vs.index, fps, avgFps, signal),
      pixFmt: vs.pix_fmt ?? 'unknown',
      frameCount: Number.isFinite(nb) && nb > 0 ? nb : undefined,
    };
  }
  const audio: AudioStreamInfo[] = streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({
      index: s.index,
      codec: s.codec_name ?? 'unknown',
      sampleRateHz: Number(s.sample_rate ?? 0),
      channels: s.channels ?? 0,
    }));
  const streamDur = Number(vs?.duration);
  const formatDur = Number(format.duration);
  const durationSec = Number.isFinite(formatDur) && formatDur > 0 ? formatDur : Number.isFinite(streamDur) ? streamDur : 0;
  return {
    path,
    sizeBytes,
    formatName: format.format_name ?? 'unknown',
    durationSec,
    startSec: Number(format.start_time ?? 0) || 0,
    startTimecode: format.tags?.timecode ?? vs?.tags?.timecode ?? tmcd?.tags?.timecode,
    video,
    audio,
  };
}

/** Probes and insists on a video stream (what every Foley job needs). */
export async function probeVideo(path: string, signal?: AbortSignal): Promise<MediaProbe & { video: VideoStreamInfo }> {
  const probe = await probeMedia(path, signal);
  if (!probe.video) {
    throw new FoleyError('MEDIA_NO_VIDEO', `${basename(path)}: has no video stream (audio-only or data file).`);
  }
  return probe as MediaProbe & { video: VideoStreamInfo };
}
