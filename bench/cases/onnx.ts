/**
 * onnx: per-step overhead of the flow sampler (feeds, CFG arithmetic, latent update, progress) over a
 * bare `session.run` of the same velocity graph, measured in the same run, alternating, medians of
 * repeats. Target: sampler / bare ≤ 1.05. The graph is the tiny MLP velocity network (500 latent
 * frames × 64 channels through a 1024-wide hidden layer), so a step costs real matrix work.
 */
import { join } from 'node:path';
import { OnnxEngine } from '../../bridge-server/pipeline/generate/onnx/engine';
import { floatTensor, runSession } from '../../bridge-server/pipeline/generate/onnx/ortRuntime';
import { seededNoise } from '../../bridge-server/pipeline/generate/onnx/sampler';
import { writeTinyFlowBundle } from '../../bridge-server/pipeline/generate/onnx/tinyBundle';
import { type BenchCase, type BenchRow, median } from '../types';

export const onnxBench: BenchCase = {
  name: 'onnx',
  description: 'flow-sampler overhead per step over a bare session.run of the same velocity graph (target ≤ 1.05)',
  async run(ctx): Promise<BenchRow[]> {
    const quick = ctx.options.quick === true;
    const steps = quick ? 10 : 25;
    const repeats = quick ? 3 : 7;
    const dir = join(ctx.workDir, 'bench-bundle');
    writeTinyFlowBundle(dir, { id: 'bench', mlpHidden: 1024, windowsSec: [2], steps, guidance: 1 });
    const engine = await OnnxEngine.create(['cpu'], ctx.log);
    try {
      await engine.warmUp(dir);
      const session = await engine.sessions.get(join(dir, 'velocity_2s.onnx'));
      const latent = seededNoise(500 * 64, 1);
      const cond = floatTensor(seededNoise(64, 2), [1, 64]);
      const t = new Float32Array(1);
      const bare = async (): Promise<number> => {
        const started = performance.now();
        for (let k = 0; k < steps; k++) {
          t[0] = k / steps;
          await runSession(session, { latent: floatTensor(latent, [1, 500, 64]), t: floatTensor(t, [1]), cond_c: cond });
        }
        return (performance.now() - started) / steps;
      };
      const sampler = async (): Promise<number> => (await engine.generate(dir, { prompt: 'footsteps', durationSec: 2, seed: 1, steps, guidance: 1 })).msPerStep;
      await bare();
      await sampler();
      const bareMs: number[] = [];
      const samplerMs: number[] = [];
      for (let r = 0; r < repeats; r++) {
        bareMs.push(await bare());
        samplerMs.push(await sampler());
      }
      const ratio = median(samplerMs) / median(bareMs);
      ctx.log(`bare ${median(bareMs).toFixed(2)} ms/step, sampler ${median(samplerMs).toFixed(2)} ms/step on ${engine.status.device}`);
      return [
        { case: 'onnx', metric: 'bare session.run', value: median(bareMs), unit: 'ms/step', note: engine.status.device },
        { case: 'onnx', metric: 'sampler step', value: median(samplerMs), unit: 'ms/step', note: engine.status.device },
        { case: 'onnx', metric: 'sampler / bare', value: ratio, unit: 'ratio', target: '<= 1.05', pass: ratio <= 1.05 },
      ];
    } finally {
      await engine.release();
    }
  },
};
