/**
 * The pure core fed with frames rendered in memory (no ffmpeg): contacts found at sub-frame precision,
 * nothing on negative scenes, cuts reported separately, and byte-identical output run to run.
 */
import type { VideoFrame } from '../../../bridge-server/media';
import { analyzeFrameSequence } from '../../../bridge-server/pipeline/analyze';
import { buildScene, type SceneType } from '../../scenes/scenes';
import type { Rational } from '../../../bridge-server/core/rational';
import { scoreScene } from '../../scenes/score';

/** Renders a scene at 320×180 and halves it to 160×90 (what ffmpeg's scaler would hand the analyzer). */
async function* frames(type: SceneType, fps: Rational): AsyncGenerator<VideoFrame> {
  const scene = buildScene(type, fps);
  const { width, height, frameCount } = scene.truth;
  const full = new Uint8Array(width * height);
  for (let k = 0; k < frameCount; k++) {
    scene.renderFrame(k, full);
    const w = width / 2;
    const h = height / 2;
    const data = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = 2 * y * width + 2 * x;
        data[y * w + x] = Math.round(((full[i] as number) + (full[i + 1] as number) + (full[i + width] as number) + (full[i + width + 1] as number)) / 4);
      }
    }
    yield { index: k, t: (k * fps.den) / fps.num, width: w, height: h, data };
  }
}

describe('analyzeFrameSequence', () => {
  it('times bounces well inside a frame', async () => {
    const fps = { num: 25, den: 1 };
    const truth = buildScene('bounce', fps).truth;
    const result = await analyzeFrameSequence(frames('bounce', fps), { fps });
    const score = scoreScene(result, truth);
    // unencoded renders keep all their grain; one missed contact of four is tolerated, a false one is not
    expect(score.truePositives).toBeGreaterThanOrEqual(truth.events.length - 1);
    expect(score.falsePositives).toBe(0);
    for (const e of score.errorsFrames) expect(e).toBeLessThan(0.5);
    expect(result.events.every((e) => e.strength > 0 && e.strength <= 1 && e.x >= 0 && e.x <= 1)).toBe(true);
  });

  it('calls a walker\'s landings steps', async () => {
    const fps = { num: 24, den: 1 };
    const truth = buildScene('walker', fps).truth;
    const result = await analyzeFrameSequence(frames('walker', fps), { fps });
    const score = scoreScene(result, truth);
    expect(score.truePositives).toBeGreaterThanOrEqual(truth.events.length - 1);
    expect(score.kindMismatches).toBe(0);
  });

  it('finds no impacts in a slow pan', async () => {
    const fps = { num: 30000, den: 1001 };
    const result = await analyzeFrameSequence(frames('pan', fps), { fps });
    expect(result.events.filter((e) => e.kind !== 'motion')).toEqual([]);
    expect(result.cuts).toEqual([]);
  });

  it('reports cuts on their frame and never as impacts', async () => {
    const fps = { num: 24000, den: 1001 };
    const truth = buildScene('cuts', fps).truth;
    const result = await analyzeFrameSequence(frames('cuts', fps), { fps });
    expect(result.cuts.map((c) => c.frame)).toEqual(truth.cuts.map((c) => c.frame));
    expect(result.events.filter((e) => e.kind !== 'motion')).toEqual([]);
  });

  it('is deterministic to the byte', async () => {
    const fps = { num: 24, den: 1 };
    const a = JSON.stringify(await analyzeFrameSequence(frames('knock', fps), { fps }));
    const b = JSON.stringify(await analyzeFrameSequence(frames('knock', fps), { fps }));
    expect(a).toBe(b);
    expect(JSON.parse(a).events.length).toBeGreaterThan(0);
  });
});
