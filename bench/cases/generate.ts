/**
 * End-to-end `generate` real-time factor on the 60 s 1080p clip: audio seconds produced per second of
 * wall time (higher is better), with the time of each stage, and the bare decode as a reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PipelineRequestSchema } from '../../bridge-server/contracts/job';
import { requireFactoryPreset } from '../../bridge-server/presets/factory';
import { runPipeline } from '../../bridge-server/pipeline/run';
import { runFfmpeg } from '../../bridge-server/media';
import { hdClip } from '../clips';
import type { BenchCase, BenchRow } from '../types';

export const generateBench: BenchCase = {
  name: 'generate',
  description: 'end-to-end foley generate real-time factor (60 s 1080p H.264 clip, default preset)',
  async run(ctx) {
    const seconds = ctx.options.quick ? 15 : 60;
    const clip = await hdClip(seconds);
    const t0 = performance.now();
    await runFfmpeg(['-i', clip, '-an', '-vf', 'scale=160:-2', '-f', 'rawvideo', '-pix_fmt', 'gray', '-y', '/dev/null']);
    const bareMs = performance.now() - t0;
    const outDir = mkdtempSync(join(ctx.workDir, 'gen-'));
    const request = PipelineRequestSchema.parse({
      videoPath: clip,
      prompt: 'footsteps on concrete, a door slams, rain outside',
      preset: requireFactoryPreset('default'),
      outDir,
    });
    const t1 = performance.now();
    const result = await runPipeline(request);
    const ms = performance.now() - t1;
    const stages = (result.report.stagesMs ?? {}) as Record<string, number>;
    rmSync(outDir, { recursive: true, force: true });
    const rows: BenchRow[] = [
      { case: 'generate', metric: 'wall time', value: ms, unit: 'ms', note: `${result.plan.cues.length} cues` },
      { case: 'generate', metric: 'real-time factor (audio s / wall s)', value: seconds / (ms / 1000), unit: 'x' },
      { case: 'generate', metric: 'wall time / bare decode', value: ms / bareMs, unit: 'x' },
    ];
    for (const [stage, v] of Object.entries(stages)) rows.push({ case: 'generate', metric: `stage ${stage}`, value: v, unit: 'ms' });
    return rows;
  },
};
