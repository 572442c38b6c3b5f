/**
 * `foley bench sync --audio`: the whole pipeline on the sync scenes, judged by an independent onset
 * detector (Debian's `aubioonset`) run on the delivered foley.wav. A ground-truth contact counts as
 * hit when an onset lies within ±1 frame of it. Target: ≥ 95% of contacts (issue [deliver]).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineRequestSchema } from '../../bridge-server/contracts/job';
import { requireFactoryPreset } from '../../bridge-server/presets/factory';
import { runPipeline } from '../../bridge-server/pipeline/run';
import { ensureScene } from '../../tests/scenes/generate';
import { allSceneSpecs, quickSceneSpecs } from '../../tests/scenes/scenes';
import type { BenchContext, BenchRow } from '../types';

/** Onset times (s) from aubioonset with a fine hop; undefined when aubio is not installed. */
function aubioOnsets(wavPath: string): number[] | undefined {
  const r = spawnSync('aubioonset', ['-i', wavPath, '-B', '512', '-H', '64', '-s', '-70'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((v) => Number.isFinite(v) && v >= 0);
}

export async function syncAudioRows(ctx: BenchContext, name: string): Promise<BenchRow[]> {
  const specs = ctx.options.quick ? quickSceneSpecs() : allSceneSpecs();
  let total = 0;
  let hit = 0;
  const lateMs: number[] = [];
  for (const spec of specs) {
    const scene = await ensureScene(spec.type, spec.fps);
    if (scene.truth.negative || scene.truth.events.length === 0) continue;
    const outDir = mkdtempSync(join(ctx.workDir, 'audio-'));
    try {
      const request = PipelineRequestSchema.parse({ videoPath: scene.videoPath, preset: requireFactoryPreset('default'), outDir, seed: 1 });
      const result = await runPipeline(request);
      const onsets = aubioOnsets(result.files.mix);
      if (!onsets) return [{ case: name, metric: 'foley.wav onsets within ±1 frame', value: NaN, unit: '%', note: 'aubioonset not installed (apt-get install aubio-tools)' }];
      const frameSec = spec.fps.den / spec.fps.num;
      let sceneHits = 0;
      for (const e of scene.truth.events) {
        let best = Infinity;
        for (const o of onsets) if (Math.abs(o - e.t) < Math.abs(best)) best = o - e.t;
        if (Math.abs(best) <= frameSec) {
          sceneHits++;
          lateMs.push(best * 1000);
        }
      }
      total += scene.truth.events.length;
      hit += sceneHits;
      ctx.log(`${scene.truth.name}: ${sceneHits}/${scene.truth.events.length} contacts have an onset in foley.wav within ±1 frame`);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  const pct = total ? (100 * hit) / total : NaN;
  lateMs.sort((a, b) => a - b);
  const med = lateMs.length ? (lateMs[Math.floor(lateMs.length / 2)] as number) : NaN;
  return [
    { case: name, metric: 'foley.wav onsets within ±1 frame', value: pct, unit: '%', target: '>= 95', pass: pct >= 95, note: `${hit} of ${total} contacts (aubioonset)` },
    { case: name, metric: 'foley.wav onset − contact, median', value: med, unit: 'ms', note: 'aubio itself reads ~1 hop early' },
  ];
}
