/**
 * End to end through align → mix → deliver on synthetic scenes, checked with ffmpeg's ebur128:
 * the full mix within ±0.2 LU of target and every delivered WAV ≤ -1.0 dBTP; the preview MP4 holds
 * picture and the Foley.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PresetSchema } from '../../../bridge-server/contracts/preset';
import { probeMedia, runFfmpeg } from '../../../bridge-server/media';
import { alignTakes } from '../../../bridge-server/pipeline/align';
import { mixStems } from '../../../bridge-server/pipeline/mix';
import { deliverOutputs } from '../../../bridge-server/pipeline/deliver';
import { SR, generated, makeCue, makePlan, synthBed, synthTake } from '../../unit/align/synthTakes';
import { ffmpegLoudnessOfFile } from './ffmpegEbur128';

interface SceneSpec {
  name: string;
  hits: number;
  amplitude: number;
  bed: boolean;
  targetLufs: number;
}

function scene(s: SceneSpec) {
  const duration = 5;
  const cues = Array.from({ length: s.hits }, (_, i) =>
    makeCue({ id: `h${i}`, start: 0.2 + (i * (duration - 0.6)) / s.hits, stem: i % 3 === 0 ? 'steps' : 'hits', pan: ((i % 5) - 2) / 2, gainDb: -(i % 4) * 2 }),
  );
  if (s.bed) cues.push(makeCue({ id: 'amb', start: 0, end: duration, kind: 'ambience', stem: 'ambience', sound: { class: 'rain', params: {} } }));
  const plan = makePlan(cues, duration);
  const candidates = cues.map((cue, i) => ({
    cue,
    takes: cue.kind === 'ambience' ? [synthBed(i, 2, 0.15)] : [0, 1, 2].map((k) => synthTake({ seed: i * 7 + k, amplitude: s.amplitude * (0.7 + 0.15 * k), darkness: 0.3 * k, decayMs: 20 + 30 * k })),
  }));
  return { plan, candidates };
}

const SCENES: SceneSpec[] = [
  { name: 'busy hits over a bed', hits: 16, amplitude: 0.9, bed: true, targetLufs: -23 },
  { name: 'sparse quiet steps', hits: 5, amplitude: 0.05, bed: false, targetLufs: -23 },
  { name: 'loud target -16', hits: 16, amplitude: 0.5, bed: true, targetLufs: -16 },
];

describe('delivered files measured by ffmpeg', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'delivered-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(SCENES)('$name', async (spec) => {
    const preset = PresetSchema.parse({ name: 't', targetLufs: spec.targetLufs });
    const { plan, candidates } = scene(spec);
    const aligned = alignTakes({ generated: generated(plan, candidates), sampleRateHz: SR });
    const mixed = mixStems({ aligned, preset });
    const outDir = join(root, spec.name.replace(/\W+/g, '-'));
    const res = await deliverOutputs({ outDir, mixed, plan, aligned, preset, timeReferenceSamples: 0, report: {} });
    const mix = await ffmpegLoudnessOfFile(res.files.mix);
    expect(Math.abs(mix.integratedLufs - spec.targetLufs)).toBeLessThanOrEqual(0.2);
    expect(mix.truePeakDbtp).toBeLessThanOrEqual(-1.0);
    for (const stemPath of Object.values(res.files.stems)) {
      expect((await ffmpegLoudnessOfFile(stemPath)).truePeakDbtp).toBeLessThanOrEqual(-1.0);
    }
  }, 300_000);

  it('writes a preview with picture and the Foley', async () => {
    const video = join(root, 'clip.mp4');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25:duration=4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', video]);
    const spec = SCENES[1] as SceneSpec;
    const preset = PresetSchema.parse({ name: 't' });
    const { plan, candidates } = scene(spec);
    const shortPlan = { ...plan, clip: { ...plan.clip, path: video, inSec: 0, outSec: 3 }, cues: plan.cues.filter((c) => c.start < 2.5) };
    const aligned = alignTakes({ generated: generated(shortPlan, candidates.filter((c) => c.cue.start < 2.5)), sampleRateHz: SR });
    const mixed = mixStems({ aligned, preset });
    const res = await deliverOutputs({
      outDir: join(root, 'preview'), mixed, plan: shortPlan, aligned, preset, timeReferenceSamples: 0, report: {},
      preview: { videoPath: video, inSec: 0.5, outSec: 3.5, withProductionSound: false },
    });
    expect(res.files.preview).toBe(join(root, 'preview', 'preview.mp4'));
    const probe = await probeMedia(res.files.preview as string);
    expect(probe.video).toBeDefined();
    expect(probe.audio).toHaveLength(1);
    expect(Math.abs(probe.durationSec - 3)).toBeLessThan(0.15);
  }, 300_000);
});
