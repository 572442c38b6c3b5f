import { buildFrameArgs, probeVideo, readPcm, resolveRange, streamFrames } from '../../../bridge-server/media';
import { FoleyError } from '../../../bridge-server/core/errors';
import { rational } from '../../../bridge-server/core/rational';
import { countingClip, lavfiClip, vfrClip } from '../../helpers/mediaFixtures';

function frameIndexFromPixel(v: number): number {
  return Math.round((v - 40) / 4);
}

describe('streamFrames', () => {
  it('streams every frame of a range at the requested size, seeking exactly', async () => {
    const probe = await probeVideo(await countingClip(rational(25, 1), 75));
    const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, 1.0, 2.0);
    expect(range.frameCount).toBe(25);
    const seen: number[] = [];
    const times: number[] = [];
    for await (const f of streamFrames({ probe, range, width: 32, pixelFormat: 'gray' })) {
      expect(f.width).toBe(32);
      expect(f.height).toBe(18);
      expect(f.data.length).toBe(32 * 18);
      seen.push(frameIndexFromPixel(f.data[f.data.length >> 1] as number));
      times.push(f.t);
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 + i));
    expect(times[0]).toBeCloseTo(0, 9);
    expect(times[10]).toBeCloseTo(0.4, 9);
  });

  it('reports the sub-frame offset of the first frame when --in falls between frames (29.97)', async () => {
    const fps = rational(30000, 1001);
    const probe = await probeVideo(await lavfiClip(fps, 2));
    const range = resolveRange(probe.path, probe.durationSec, fps, 1.0, 1.5);
    // frame 30 starts at 1.001 s: 1 ms after the in point
    expect(range.firstFrameIndex).toBe(30);
    expect(range.firstFrameOffsetSec).toBeCloseTo(0.001, 9);
    let n = 0;
    let first = -1;
    for await (const f of streamFrames({ probe, range, width: 64, pixelFormat: 'rgb24' })) {
      if (n === 0) first = f.t;
      expect(f.data.length).toBe(64 * 36 * 3);
      n++;
    }
    expect(first).toBeCloseTo(0.001, 9);
    expect(Math.abs(n - range.frameCount)).toBeLessThanOrEqual(1);
  });

  it('turns VFR material into a constant-rate stream at the nominal rate', async () => {
    const probe = await probeVideo(await vfrClip());
    const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, undefined, undefined);
    let n = 0;
    for await (const f of streamFrames({ probe, range, width: 32, pixelFormat: 'gray' })) {
      expect(f.index).toBe(n);
      n++;
    }
    const expected = probe.durationSec * (probe.video.fps.num / probe.video.fps.den);
    expect(Math.abs(n - expected)).toBeLessThanOrEqual(2);
  });

  it('rejects a range past the end and an empty range', async () => {
    const probe = await probeVideo(await countingClip(rational(25, 1), 75));
    expect(() => resolveRange(probe.path, probe.durationSec, probe.video.fps, 10, undefined)).toThrow(FoleyError);
    try {
      resolveRange(probe.path, probe.durationSec, probe.video.fps, 1.99, 2.0);
      throw new Error('expected a range error');
    } catch (e) {
      expect((e as FoleyError).code).toBe('MEDIA_RANGE');
    }
  });

  it('builds ffmpeg arguments as an exact array (seek before input)', () => {
    const args = buildFrameArgs({
      path: '/clips/a.mp4',
      range: { inSec: 1.5, outSec: 3, firstFrameIndex: 38, firstFrameOffsetSec: 0.02, frameCount: 37 },
      width: 160,
      height: 90,
      pixelFormat: 'gray',
      fps: undefined,
    });
    expect(args).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-ss', '1.500000', '-i', '/clips/a.mp4', '-t', '1.500000',
      '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', 'scale=160:90', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1',
    ]);
  });

  it('stops ffmpeg when the consumer stops early', async () => {
    const probe = await probeVideo(await countingClip(rational(25, 1), 75));
    const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, undefined, undefined);
    let n = 0;
    for await (const f of streamFrames({ probe, range, width: 32, pixelFormat: 'gray' })) {
      n += f.index >= 0 ? 1 : 0;
      if (n === 3) break;
    }
    expect(n).toBe(3);
  });
});

describe('readPcm', () => {
  it('reads the production sound as 48 kHz float PCM for a range', async () => {
    const probe = await probeVideo(await lavfiClip(rational(25, 1), 2));
    const pcm = await readPcm({ probe, range: { inSec: 0.5, outSec: 1.5 }, channels: 1 });
    expect(pcm).toBeDefined();
    expect(pcm?.sampleRateHz).toBe(48000);
    const ch = pcm?.channels[0] as Float32Array;
    expect(Math.abs(ch.length - 48000)).toBeLessThan(1100);
    // a 1 kHz sine: count zero crossings over the middle 0.5 s ≈ 1000
    let crossings = 0;
    for (let i = 12000 + 1; i < 36000; i++) if (((ch[i - 1] as number) < 0) !== ((ch[i] as number) < 0)) crossings++;
    expect(crossings).toBeGreaterThan(980);
    expect(crossings).toBeLessThan(1020);
  });

  it('returns undefined for a clip without sound', async () => {
    const probe = await probeVideo(await lavfiClip(rational(25, 1), 1, { audio: false }));
    expect(await readPcm({ probe, channels: 1 })).toBeUndefined();
  });
});
