/**
 * `foley models list | check | selftest` through the built CLI (node bin/foley.js; `npm run
 * build:server` first): exit codes, the provider actually used, and check errors that name the graph
 * file and tensor.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyFlowBundle } from '../../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { tempDir } from '../../helpers/onnx/tinyBundles';

const ROOT = join(__dirname, '..', '..', '..');
const tmp = tempDir('cli');
afterAll(() => tmp.dispose());

function foley(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'foley.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('selftest --json reports the provider actually used and ms per step', () => {
  const r = foley(['models', 'selftest', '--json'], { FOLEY_ONNX_PROVIDERS: 'cuda,cpu' });
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({ ok: true, steps: 10, sampleRateHz: 16000, durationSec: 1 });
  expect(['cuda', 'cpu']).toContain(j.provider);
  expect(j.msPerStep).toBeGreaterThan(0);
  if (j.provider === 'cpu') {
    // no CUDA here: the fallback is logged in one line and reported
    expect(r.stderr).toMatch(/execution provider "cuda" is not usable/);
    expect(j.dropped[0].provider).toBe('cuda');
  }
});

test('list and check a good bundle; check rejects a mismatch naming file and tensor (exit 3)', () => {
  const models = join(tmp.dir, 'models');
  const good = writeTinyFlowBundle(join(models, 'tiny-t2a'));
  const list = foley(['models', 'list', '--json'], { FOLEY_MODELS_DIR: models });
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout).bundles).toEqual([expect.objectContaining({ name: 'tiny-t2a', id: 'tiny-t2a', kind: 't2a-flow', ok: true })]);

  const ok = foley(['models', 'check', good.dir, '--providers', 'cpu']);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/bundle tiny-t2a \(t2a-flow\) on cpu/);
  expect(ok.stdout).toMatch(/ok {3}velocity +velocity_2s\.onnx \(2 s window\)/);

  const manifest = JSON.parse(readFileSync(join(good.dir, 'bundle.json'), 'utf8'));
  manifest.stages.decoder.outputs[0].name = 'waveform';
  writeFileSync(join(good.dir, 'bundle.json'), JSON.stringify(manifest));
  const bad = foley(['models', 'check', good.dir, '--providers', 'cpu']);
  expect(bad.code).toBe(3);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  expect(bad.stderr).toMatch(/^foley: decoder\.onnx: tensor "waveform": the graph has no output named "waveform"/);
  expect(bad.stderr).not.toMatch(/at .*\.js:\d+/);

  const missing = foley(['models', 'check', join(tmp.dir, 'nowhere')]);
  expect(missing.code).toBe(3);
  expect(missing.stderr).toMatch(/no bundle\.json in this folder/);
});
