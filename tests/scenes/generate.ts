/**
 * Renders scenes to H.264 clips (through the media module's `encodeFrames`) with their ground truth JSON
 * beside them, cached in a temp folder keyed by the generator version so test files and benches share
 * them instead of rendering again. Files appear atomically (encode to a temp name, then rename), so two
 * Jest workers asking for the same scene at once never see half a clip.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../bridge-server/core/atomic';
import type { Rational } from '../../bridge-server/core/rational';
import { encodeFrames } from '../../bridge-server/media';
import { buildScene, sceneAudio, SCENE_GENERATOR_VERSION, sceneName, type SceneOptions, type SceneTruth, type SceneType } from './scenes';

export interface GeneratedScene {
  videoPath: string;
  truthPath: string;
  truth: SceneTruth;
}

export function sceneCacheDir(): string {
  return process.env.FOLEY_SCENE_CACHE ?? join(tmpdir(), `foley-scenes-v${SCENE_GENERATOR_VERSION}`);
}

function* frameBytes(render: (k: number, out: Uint8Array) => void, count: number, size: number): Generator<Uint8Array> {
  for (let k = 0; k < count; k++) {
    const out = new Uint8Array(size);
    render(k, out);
    yield out;
  }
}

/** Returns the cached clip for a scene, rendering and encoding it first when missing. */
export async function ensureScene(type: SceneType, fps: Rational, options: SceneOptions & { dir?: string; suffix?: string } = {}): Promise<GeneratedScene> {
  const dir = options.dir ?? sceneCacheDir();
  mkdirSync(dir, { recursive: true });
  const base = `${sceneName(type, fps)}${options.suffix ?? ''}`;
  const videoPath = join(dir, `${base}.mp4`);
  const truthPath = join(dir, `${base}.json`);
  if (existsSync(truthPath) && existsSync(videoPath)) {
    return { videoPath, truthPath, truth: JSON.parse(readFileSync(truthPath, 'utf8')) as SceneTruth };
  }
  const scene = buildScene(type, fps, options);
  const { truth } = scene;
  const samples = sceneAudio(truth);
  const tmp = join(dir, `.${base}.${process.pid}.${Date.now()}.mp4`);
  try {
    await encodeFrames({
      outPath: tmp,
      width: truth.width,
      height: truth.height,
      pixelFormat: 'gray',
      fps,
      codec: 'h264',
      crf: 20,
      frames: frameBytes(scene.renderFrame, truth.frameCount, truth.width * truth.height),
      ...(samples ? { audio: { sampleRateHz: 48000, channels: [samples] } } : {}),
    });
    renameSync(tmp, videoPath);
  } finally {
    rmSync(tmp, { force: true });
  }
  writeFileAtomic(truthPath, `${JSON.stringify(truth, null, 2)}\n`);
  return { videoPath, truthPath, truth };
}
