import { createProceduralBackend } from '../../../bridge-server/pipeline/generate/procedural';
import { CueSchema, type Cue } from '../../../bridge-server/contracts/plan';
import { mixSeed } from '../../../bridge-server/core/rng';

function cue(partial: Record<string, unknown>): Cue {
  return CueSchema.parse({ id: 'c1', start: 1, kind: 'hit', stem: 'steps', source: 'visual', sound: { class: 'footsteps', params: {} }, ...partial });
}

const clip = { path: null, inSec: 0, outSec: 10 };

describe('procedural backend', () => {
  const backend = createProceduralBackend();

  it('renders catalogue classes only', () => {
    expect(backend.id).toBe('procedural');
    expect(backend.canRender(cue({}))).toBe(true);
    expect(backend.canRender(cue({ sound: { class: 'dragon_roar', params: {} } }))).toBe(false);
  });

  it('returns count takes with seeds derived from (seed, cue id, index, cue seed)', async () => {
    const c = cue({ sound: { class: 'impact', params: { material: 'glass', size: 'huge', bogus: true } }, seed: 4 });
    const takes = await backend.render({ cue: c, count: 3, seed: 77, sampleRateHz: 48000, clip });
    expect(takes).toHaveLength(3);
    takes.forEach((t, i) => {
      expect(t.provenance.seed).toBe(mixSeed(77, 'c1', i, 4));
      expect(t.provenance.params).toEqual({ material: 'glass', size: 0.95, force: 0.6 });
      expect(t.syncSample).toBeGreaterThan(0);
    });
    const again = await backend.render({ cue: c, count: 1, seed: 77, sampleRateHz: 48000, clip });
    expect(Buffer.from(again[0]?.audio.channels[0]?.buffer ?? new ArrayBuffer(0)).equals(Buffer.from(takes[0]?.audio.channels[0]?.buffer ?? new ArrayBuffer(1)))).toBe(true);
  });

  it('renders ambience cues for the cue duration, loopable', async () => {
    const c = cue({ kind: 'ambience', stem: 'ambience', start: 2, end: 4.5, sound: { class: 'rain', params: { intensity: 'downpour' } } });
    const [take] = await backend.render({ cue: c, count: 1, seed: 1, sampleRateHz: 48000, clip });
    expect(take?.loopable).toBe(true);
    expect(take?.audio.channels[0]?.length).toBe(2.5 * 48000);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(backend.render({ cue: cue({}), count: 2, seed: 1, sampleRateHz: 48000, clip, signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
