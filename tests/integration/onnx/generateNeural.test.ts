/** @jest-environment ./tests/helpers/onnx/ortEnvironment.js */
/**
 * End to end: `foley generate --preset neural` with a tiny bundle installed (FOLEY_MODELS_DIR) renders
 * every cue with the onnx backend and places each take so its detected onset lands on the cue time;
 * with nothing installed the same preset falls back to procedural synthesis. The scorer bundle's
 * class-fit scores are checked against the align stage's contract (0..1, one per take).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWav } from '../../../bridge-server/media';
import { createOnnxBackend, externalClassFit } from '../../../bridge-server/pipeline/generate/onnx';
import { writeTinyFlowBundle, writeTinyScorerBundle } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { tempDir } from '../../helpers/onnx/tinyBundles';

const ROOT = join(__dirname, '..', '..', '..');
const tmp = tempDir('e2e');
afterAll(() => tmp.dispose());

interface ReportCue {
  id: string;
  syncSampleOut: number;
  startSample: number;
  takeSyncSample: number;
  provenance: { backend: string; bundle?: string };
}

function generate(modelsDir: string, out: string): { code: number | null; stderr: string; report: { cues: ReportCue[]; sampleRateHz: number } | undefined } {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'foley.js'), 'generate', '--prompt', 'door knock, footsteps on gravel', '--duration', '3', '--preset', 'neural', '--variations', '2', '--seed', '5', '--out', out, '--json'],
    { encoding: 'utf8', env: { ...process.env, FOLEY_MODELS_DIR: modelsDir, FOLEY_ONNX_PROVIDERS: 'cpu' }, timeout: 120000 },
  );
  const reportPath = join(out, 'report.json');
  return { code: r.status, stderr: r.stderr, report: existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined };
}

test('foley generate --preset neural renders with the installed bundle, onsets on the cue times', () => {
  const models = join(tmp.dir, 'models');
  writeTinyFlowBundle(join(models, 'tiny-t2a'), { steps: 4 });
  const out = join(tmp.dir, 'out');
  const r = generate(models, out);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(0);
  const cues = r.report?.cues ?? [];
  expect(cues.length).toBeGreaterThan(0);
  for (const c of cues) {
    expect(c.provenance).toMatchObject({ backend: 'onnx', bundle: 'tiny-t2a' });
    // the take's sync point (its first detected onset) lands exactly on the cue time
    expect(c.startSample + c.takeSyncSample).toBe(c.syncSampleOut);
  }
  const mix = readWav(join(out, 'foley.wav')).audio;
  expect(mix.sampleRateHz).toBe(r.report?.sampleRateHz);
  expect(mix.channels[0]?.length).toBe(3 * mix.sampleRateHz);
  expect(mix.channels[0]?.some((v) => Math.abs(v) > 1e-3)).toBe(true);
});

test('with no bundle installed the neural preset falls back to procedural', () => {
  const r = generate(join(tmp.dir, 'empty-models'), join(tmp.dir, 'out-empty'));
  expect(r.code).toBe(0);
  expect((r.report?.cues ?? []).every((c) => c.provenance.backend === 'procedural')).toBe(true);
  expect(r.report?.cues.length).toBeGreaterThan(0);
});

test('an installed scorer bundle gives one 0..1 class-fit score per take for the align stage', async () => {
  const models = join(tmp.dir, 'models-scored');
  writeTinyFlowBundle(join(models, 'tiny-t2a'), { steps: 2 });
  writeTinyScorerBundle(join(models, 'tiny-scorer'), { sampleRateHz: 16000, samples: 16000 });
  const backend = createOnnxBackend({ modelsDir: models, providers: ['cpu'] });
  const cue = { id: 'k1', start: 0.5, kind: 'hit' as const, sound: { class: 'door-knock', params: {} }, prompt: 'door knock', gainDb: 0, pan: 0, stem: 'hits', source: 'text' as const, confidence: 1, enabled: true };
  try {
    const takes = await backend.render({ cue, count: 3, seed: 2, sampleRateHz: 48000, clip: { path: null, inSec: 0, outSec: 2 } });
    const fit = await externalClassFit([{ cue, takes }], { modelsDir: models, providers: ['cpu'] });
    expect(fit?.k1).toHaveLength(3);
    for (const s of fit?.k1 ?? []) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThanOrEqual(1);
    expect(await externalClassFit([{ cue, takes }], { modelsDir: join(tmp.dir, 'no-scorer'), providers: ['cpu'] })).toBeUndefined();
  } finally {
    await backend.dispose?.();
  }
});
