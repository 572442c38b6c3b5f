/**
 * The analyze stage on real H.264 clips from the scene generator, decoded by ffmpeg through the media
 * module: contacts within a frame of the physics, the production sound's knocks used as a guide track
 * (snapped events within 2 ms), a noise-only soundtrack leaving the picture's times alone, and the same
 * file giving byte-identical JSON.
 */
import { probeVideo, readPcm, resolveRange } from '../../../bridge-server/media';
import { analyzeClip } from '../../../bridge-server/pipeline/analyze';
import { ensureScene } from '../../scenes/generate';
import type { SceneType } from '../../scenes/scenes';
import { scoreScene } from '../../scenes/score';
import type { Rational } from '../../../bridge-server/core/rational';

async function analyze(type: SceneType, fps: Rational, withSound: boolean) {
  const scene = await ensureScene(type, fps);
  const probe = await probeVideo(scene.videoPath);
  const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, undefined, undefined);
  const productionSound = withSound ? await readPcm({ probe, range, channels: 1 }) : undefined;
  const progress: number[] = [];
  const result = await analyzeClip({ probe, range, productionSound, onProgress: (f) => progress.push(f) });
  return { scene, result, progress };
}

describe('analyzeClip on encoded scenes', () => {
  it('finds the knocks of a box into walls within a frame, at 29.97 fps', async () => {
    const { scene, result, progress } = await analyze('knock', { num: 30000, den: 1001 }, false);
    const score = scoreScene(result, scene.truth);
    expect(score.falseNegatives).toBe(0);
    expect(score.falsePositives).toBe(0);
    expect(result.fps).toEqual({ num: 30000, den: 1001 });
    expect(result.duration).toBeCloseTo(scene.truth.durationSec, 2);
    expect(progress[progress.length - 1]).toBe(1);
    for (const e of result.events) expect(e.frame).toBe(Math.ceil(e.t * (30000 / 1001) - 1e-6));
  });

  it('snaps to production-sound knocks to within 2 ms', async () => {
    const { scene, result } = await analyze('bounce-guide', { num: 24000, den: 1001 }, true);
    const score = scoreScene(result, scene.truth);
    expect(score.snappedErrorsMs.length).toBeGreaterThanOrEqual(3);
    for (const e of score.snappedErrorsMs) expect(e).toBeLessThan(2);
  });

  it('leaves picture times alone when the soundtrack is only noise', async () => {
    const fps = { num: 25, den: 1 };
    const withNoise = await analyze('walker-noise', fps, true);
    const without = await analyze('walker-noise', fps, false);
    expect(withNoise.result.events.some((e) => e.snapped)).toBe(false);
    expect(JSON.stringify(withNoise.result)).toBe(JSON.stringify(without.result));
    expect(scoreScene(without.result, without.scene.truth).truePositives).toBeGreaterThanOrEqual(4);
  });

  it.each(['flicker', 'fade'] as const)('finds no impacts and no cuts in %s', async (type) => {
    const { result } = await analyze(type, { num: 30000, den: 1001 }, false);
    expect(result.events.filter((e) => e.kind !== 'motion')).toEqual([]);
    expect(result.cuts).toEqual([]);
  });

  it('gives byte-identical JSON for the same input', async () => {
    const fps = { num: 60, den: 1 };
    const a = await analyze('multi', fps, false);
    const b = await analyze('multi', fps, false);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
  });
});
