import { PipelineRequestSchema } from '../../../bridge-server/contracts/job';
import { PresetSchema } from '../../../bridge-server/contracts/preset';
import { STAGE_WEIGHTS } from '../../../bridge-server/pipeline/run';
import { expectedStages, itemFraction } from '../../../bridge-server/jobs/worker';

const base = { preset: PresetSchema.parse({ name: 'default' }), outDir: '/tmp/out' };

describe('worker progress', () => {
  it('knows which stages a request passes through', () => {
    const video = PipelineRequestSchema.parse({ ...base, videoPath: '/v.mp4' });
    const text = PipelineRequestSchema.parse({ ...base, videoPath: null, durationSec: 2 });
    expect(expectedStages('generate', video)).toEqual(['media', 'analyze', 'plan', 'generate', 'align', 'mix', 'deliver']);
    expect(expectedStages('generate', text)).toEqual(['plan', 'generate', 'align', 'mix', 'deliver']);
    expect(expectedStages('plan', video)).toEqual(['media', 'analyze', 'plan']);
  });

  it('turns (stage, fraction) into one monotonic 0..1 item fraction with the pipeline weights', () => {
    const stages = expectedStages('generate', PipelineRequestSchema.parse({ ...base, videoPath: null, durationSec: 2 }));
    const total = STAGE_WEIGHTS.plan + STAGE_WEIGHTS.generate + STAGE_WEIGHTS.align + STAGE_WEIGHTS.mix + STAGE_WEIGHTS.deliver;
    expect(itemFraction(stages, STAGE_WEIGHTS, 'plan', 0)).toBe(0);
    expect(itemFraction(stages, STAGE_WEIGHTS, 'generate', 0.5)).toBeCloseTo((STAGE_WEIGHTS.plan + STAGE_WEIGHTS.generate / 2) / total, 12);
    expect(itemFraction(stages, STAGE_WEIGHTS, 'deliver', 1)).toBeCloseTo(1, 12);
    expect(itemFraction(stages, STAGE_WEIGHTS, 'analyze', 0.5)).toBe(0); // not expected for a text-only item
    const seq = stages.flatMap((s) => [0, 0.5, 1].map((f) => itemFraction(stages, STAGE_WEIGHTS, s, f)));
    expect(seq).toEqual([...seq].sort((a, b) => a - b));
  });
});
