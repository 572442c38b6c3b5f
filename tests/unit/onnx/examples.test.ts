/**
 * The example manifests in models/examples/ (MMAudio, TangoFlux, CLAP, planner) are valid bundle
 * contracts, so the documentation cannot drift from the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleSchema, REQUIRED_ROLES } from '../../../bridge-server/pipeline/generate/onnx/bundleSchema';

const DIR = join(__dirname, '..', '..', '..', 'models', 'examples');

test.each(readdirSync(DIR).filter((f) => f.endsWith('.bundle.json')))('%s validates and has its kind\'s roles', (file) => {
  const r = BundleSchema.safeParse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
  if (!r.success) throw new Error(`${file}: ${JSON.stringify(r.error.issues[0])}`);
  for (const role of REQUIRED_ROLES[r.data.kind]) expect(r.data.stages[role]).toBeDefined();
  expect(`${r.data.id}.bundle.json`).toBe(file);
});

test('the MMAudio example matches its derived sequence lengths (sequence_config.py)', () => {
  const m = BundleSchema.parse(JSON.parse(readFileSync(join(DIR, 'mmaudio-small-16k-8s.bundle.json'), 'utf8')));
  if (m.kind !== 'v2a-flow') throw new Error('kind');
  const w = m.windows[0];
  expect(w?.latentLength).toBe(Math.ceil((8 * 16000) / 256 / 2)); // 250
  const sync = m.video.find((v) => v.feature === 'sync_f');
  const segments = Math.floor((25 * 8 - 16) / 8) + 1; // 24 segments × 8 tokens = 192
  expect(sync?.segmentFrames).toBe(16);
  expect(m.stages.condition?.inputs.find((i) => i.name === 'sync_f')?.shape[1]).toBe(segments * 8);
  expect(m.stages.condition?.inputs.find((i) => i.name === 'clip_f')?.shape[1]).toBe(8 * 8);
});
