import { probeMedia, probeVideo } from '../../../bridge-server/media';
import { FoleyError } from '../../../bridge-server/core/errors';
import { rational } from '../../../bridge-server/core/rational';
import {
  audioOnlyFile, lavfiClip, proresClip, rotatedClip, textFileNamedMp4, truncatedMp4, vfrClip, zeroByteMp4,
} from '../../helpers/mediaFixtures';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return e instanceof FoleyError ? e.code : `foreign: ${String(e)}`;
  }
}

describe('probeMedia', () => {
  it.each([
    [rational(24000, 1001), '23.976'],
    [rational(25, 1), '25'],
    [rational(30000, 1001), '29.97'],
    [rational(60, 1), '60'],
  ])('keeps the exact frame rate %j (%s fps)', async (fps) => {
    const probe = await probeVideo(await lavfiClip(fps, 2));
    expect(probe.video.fps).toEqual(fps);
    expect(probe.video.isVfr).toBe(false);
    expect(probe.durationSec).toBeCloseTo(2, 1);
    expect(probe.video.codec).toBe('h264');
    expect(probe.video.width).toBe(320);
    expect(probe.video.height).toBe(180);
    expect(probe.audio).toHaveLength(1);
    expect(probe.audio[0]?.sampleRateHz).toBe(48000);
  });

  it('flags variable frame rate material', async () => {
    const probe = await probeVideo(await vfrClip());
    expect(probe.video.isVfr).toBe(true);
  });

  it('reads ProRes with its start timecode', async () => {
    const probe = await probeVideo(await proresClip());
    expect(probe.video.codec).toBe('prores');
    expect(probe.video.fps).toEqual(rational(24000, 1001));
    expect(probe.startTimecode).toBe('01:00:00:00');
  });

  it('reports rotation and swaps the display size', async () => {
    const probe = await probeVideo(await rotatedClip());
    expect([90, 270]).toContain(probe.video.rotationDeg);
    expect(probe.video.displayWidth).toBe(180);
    expect(probe.video.displayHeight).toBe(320);
  });

  it('classifies bad inputs with stable codes and one-line messages naming the file', async () => {
    expect(await codeOf(probeMedia('/nonexistent/clip.mp4'))).toBe('MEDIA_NOT_FOUND');
    expect(await codeOf(probeMedia(await zeroByteMp4()))).toBe('MEDIA_EMPTY');
    expect(await codeOf(probeMedia(await textFileNamedMp4()))).toBe('MEDIA_UNREADABLE');
    expect(await codeOf(probeMedia(await truncatedMp4()))).toBe('MEDIA_UNREADABLE');
    expect(await codeOf(probeVideo(await audioOnlyFile()))).toBe('MEDIA_NO_VIDEO');
    try {
      await probeMedia(await textFileNamedMp4());
    } catch (e) {
      expect((e as Error).message).toContain('not_a_video.mp4');
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
