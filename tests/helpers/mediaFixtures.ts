/**
 * Test media made with the real ffmpeg (through the media module), cached in the temp folder per
 * fixture version so many test files can share them. Nothing is mocked: these are real files.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrames, runFfmpeg } from '../../bridge-server/media';
import { rational, type Rational } from '../../bridge-server/core/rational';

const FIXTURE_VERSION = 2;
export const FIXTURE_DIR = join(tmpdir(), `foley-fixtures-v${FIXTURE_VERSION}`);

async function cached(name: string, make: (path: string) => Promise<void>): Promise<string> {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const path = join(FIXTURE_DIR, name);
  if (existsSync(path)) return path;
  const tmp = join(FIXTURE_DIR, `.${process.pid}.${name}`);
  await make(tmp);
  renameSync(tmp, path);
  return path;
}

/** testsrc2 with a 1 kHz tone, H.264/AAC in MP4 at an exact frame rate. */
export function lavfiClip(fps: Rational, durationSec = 2, opts: { audio?: boolean; size?: string } = {}): Promise<string> {
  const tag = `${fps.num}_${fps.den}`;
  const audio = opts.audio ?? true;
  const size = opts.size ?? '320x180';
  return cached(`lavfi_${tag}_${durationSec}_${audio ? 'a' : 'n'}_${size}.mp4`, (p) =>
    runFfmpeg([
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps.num}/${fps.den}:duration=${durationSec}`,
      ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${durationSec}`] : []),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      ...(audio ? ['-c:a', 'aac', '-shortest'] : []),
      '-f', 'mp4', '-y', p,
    ]).then(() => undefined),
  );
}

/** A ProRes 422 LT .mov at 23.976 with a 01:00:00:00 timecode track. */
export function proresClip(): Promise<string> {
  return cached('prores_23976.mov', (p) =>
    runFfmpeg([
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24000/1001:duration=2',
      '-c:v', 'prores_ks', '-profile:v', '1', '-timecode', '01:00:00:00', '-f', 'mov', '-y', p,
    ]).then(() => undefined),
  );
}

/** Variable frame rate: 30 fps for the first second, then every other frame (15 fps spacing). */
export function vfrClip(): Promise<string> {
  return cached('vfr.mp4', (p) =>
    runFfmpeg([
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30:duration=3',
      '-vf', "select='lt(n\\,30)+not(mod(n\\,2))',setpts='if(lt(N,30),N,30+(N-30)*2)/30/TB'",
      '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mp4', '-y', p,
    ]).then(() => undefined),
  );
}

/** Rotated phone footage: coded 320×180 with a 90° display matrix (set on a stream copy, as phones do). */
export function rotatedClip(): Promise<string> {
  return cached('rotated.mp4', async (p) => {
    const plain = await lavfiClip(rational(25, 1), 1, { audio: false });
    await runFfmpeg(['-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-f', 'mp4', '-y', p]);
  });
}

/** Gray frames whose brightness encodes their index (value = 40 + 4·k), so tests can read which frame they got. */
export function countingClip(fps: Rational = rational(25, 1), frames = 75): Promise<string> {
  return cached(`counting_${fps.num}_${fps.den}_${frames}.mp4`, async (p) => {
    const w = 64;
    const h = 36;
    function* gen(): Generator<Uint8Array> {
      for (let k = 0; k < frames; k++) yield new Uint8Array(w * h).fill(40 + ((4 * k) % 200));
    }
    await encodeFrames({ outPath: p, width: w, height: h, pixelFormat: 'gray', fps, frames: gen(), crf: 0 });
  });
}

/** Audio only (no video stream). */
export function audioOnlyFile(): Promise<string> {
  return cached('audio_only.m4a', (p) =>
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', '-f', 'mp4', '-y', p]).then(() => undefined),
  );
}

/** The first 40% of an MP4 whose index (moov) is at the end: a download that stopped early. */
export async function truncatedMp4(): Promise<string> {
  const full = await lavfiClip(rational(25, 1), 2);
  return cached('truncated.mp4', async (p) => {
    const bytes = readFileSync(full);
    writeFileSync(p, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
  });
}

export async function textFileNamedMp4(): Promise<string> {
  return cached('not_a_video.mp4', async (p) => writeFileSync(p, 'this is a text file, not a video\n'.repeat(20)));
}

export async function zeroByteMp4(): Promise<string> {
  return cached('empty.mp4', async (p) => writeFileSync(p, ''));
}
