/** @jest-environment ./tests/helpers/onnx/ortEnvironment.js */
/**
 * Bundle manifests against real sessions: a matching bundle passes; renamed tensors, wrong shapes,
 * wrong window lengths, missing files and invalid fields are rejected naming the file and tensor/field.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBundle } from '../../../bridge-server/pipeline/generate/onnx/bundleCheck';
import { listInstalledBundles, readBundleManifest } from '../../../bridge-server/pipeline/generate/onnx/bundleManifest';
import { SessionCache } from '../../../bridge-server/pipeline/generate/onnx/ortRuntime';
import { writeTinyFlowBundle, writeTinyScorerBundle } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { tempDir } from '../../helpers/onnx/tinyBundles';

const tmp = tempDir('check');
const sessions = new SessionCache(['cpu']);
afterAll(async () => {
  await sessions.release();
  tmp.dispose();
});

function edit(dir: string, change: (m: Record<string, any>) => void): void {
  const path = join(dir, 'bundle.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  change(m);
  writeFileSync(path, JSON.stringify(m));
}

function problems(r: Awaited<ReturnType<typeof checkBundle>>): string[] {
  return [...r.stages.flatMap((s) => s.problems), ...r.problems];
}

test('matching t2a, v2a and scorer bundles pass, every window file is checked', async () => {
  const t2a = writeTinyFlowBundle(join(tmp.dir, 't2a'));
  const r = await checkBundle(t2a.dir, sessions);
  expect(problems(r)).toEqual([]);
  expect(r.ok).toBe(true);
  expect(r.stages.filter((s) => s.role === 'velocity').map((s) => s.file)).toEqual(['velocity_1s.onnx', 'velocity_2s.onnx']);
  const v2a = writeTinyFlowBundle(join(tmp.dir, 'v2a'), { kind: 'v2a-flow' });
  expect((await checkBundle(v2a.dir, sessions)).ok).toBe(true);
  const scorer = writeTinyScorerBundle(join(tmp.dir, 'scorer'));
  expect((await checkBundle(scorer.dir, sessions)).ok).toBe(true);
  expect(listInstalledBundles(tmp.dir).map((b) => [b.name, b.bundle?.kind, b.error])).toEqual([
    ['scorer', 'audio-text-scorer', undefined],
    ['t2a', 't2a-flow', undefined],
    ['v2a', 'v2a-flow', undefined],
  ]);
});

test('a renamed tensor is reported with the graph file and the tensor name', async () => {
  const b = writeTinyFlowBundle(join(tmp.dir, 'renamed'));
  edit(b.dir, (m) => {
    m.stages.velocity.inputs[2].name = 'cond_x';
  });
  const r = await checkBundle(b.dir, sessions);
  expect(r.ok).toBe(false);
  const p = problems(r);
  expect(p.some((x) => x.includes('velocity_1s.onnx') && x.includes('"cond_x"') && x.includes('no input named'))).toBe(true);
  // and the graph's real input is flagged as undeclared
  expect(p.some((x) => x.includes('velocity_1s.onnx') && x.includes('"cond_c"'))).toBe(true);
});

test('a wrong fixed dimension, dtype or window length is reported', async () => {
  const b = writeTinyFlowBundle(join(tmp.dir, 'shapes'));
  edit(b.dir, (m) => {
    m.stages.decoder.inputs[0].shape = ['b', 'n', 32];
    m.stages.textEncoder.inputs[0].dtype = 'int32';
    m.windows[1].latentLength = 400;
  });
  const p = problems(await checkBundle(b.dir, sessions));
  expect(p).toContain('decoder.onnx: tensor "latents": input dimension 2 is 64, manifest says 32');
  expect(p).toContain('text_encoder.onnx: tensor "input_ids": input dtype is int64, manifest says int32');
  expect(p).toContain('velocity_2s.onnx: tensor "latent": input dimension 1 is 500, manifest says 400');
  expect(p.some((x) => x.startsWith('velocity_1s.onnx'))).toBe(false);
});

test('missing files and invalid fields are rejected before any session loads', () => {
  const b = writeTinyFlowBundle(join(tmp.dir, 'missing'));
  rmSync(join(b.dir, 'velocity_2s.onnx'));
  expect(() => readBundleManifest(b.dir)).toThrow(/the file velocity_2s\.onnx named in the manifest is missing/);
  const c = writeTinyFlowBundle(join(tmp.dir, 'invalid'));
  edit(c.dir, (m) => {
    m.sampler.steps = 0;
  });
  expect(() => readBundleManifest(c.dir)).toThrow(/bundle\.json: field sampler\.steps: /);
  const d = writeTinyFlowBundle(join(tmp.dir, 'escape'));
  edit(d.dir, (m) => {
    m.stages.decoder.file = '../../etc/passwd';
  });
  expect(() => readBundleManifest(d.dir)).toThrow(/field stages\.decoder\.file: must be a path inside the bundle folder/);
  rmSync(join(d.dir, 'bundle.json'));
  writeFileSync(join(d.dir, 'bundle.json'), '{ not json');
  expect(() => readBundleManifest(d.dir)).toThrow(/not valid JSON/);
});
