/**
 * The declared sync point must be within 1 ms of the onset an independent detector finds (aubioonset, bias
 * calibrated in the same run on bursts with exactly known onsets) and of a simple energy-threshold onset.
 */
import { loadCatalogue, renderSound } from '../../../bridge-server/pipeline/generate/procedural';
import { toMono } from '../../../bridge-server/core/audio';
import { firstOnsetsPerSegment, referenceBursts, thresholdOnsetSample } from './onsetHelpers';

const SR = 48000;
const ONE_MS = SR / 1000;

describe('sync point vs independent onset detectors', () => {
  // Every one-shot class with its first preset and a second, different preset; footsteps (the most frequent
  // cue) over every surface. The full preset sweep runs in `foley bench sounds`.
  const cases = loadCatalogue()
    .classes.filter((c) => c.kind === 'hit')
    .flatMap((c) => (c.id === 'footsteps' ? c.presets : [c.presets[0], c.presets[c.presets.length - 1]]).map((p, i) => [c.id, p?.name ?? '', p?.params ?? {}, 3 + i] as const))
    .filter((c, i, all) => all.findIndex((o) => o[0] === c[0] && o[1] === c[1]) === i);

  const takes = cases.map(([cls, , params, seed]) => renderSound({ class: cls, params, seed, sampleRateHz: SR }));
  const monos = takes.map((t) => toMono(t.audio));
  const { bursts, onsetSample } = referenceBursts(SR);
  // One aubio run over the reference bursts followed by every take.
  const found = firstOnsetsPerSegment([...bursts, ...monos], SR);
  const biases = found.slice(0, bursts.length).map((v) => (v ?? NaN) - onsetSample);
  const biasSamples = biases.reduce((a, b) => a + b, 0) / biases.length;

  it('aubio finds every reference burst with a small, consistent bias', () => {
    for (const b of biases) {
      expect(Number.isFinite(b)).toBe(true);
      expect(Math.abs(b - biasSamples)).toBeLessThan(0.5 * ONE_MS);
    }
    expect(Math.abs(biasSamples)).toBeLessThan(2 * ONE_MS);
  });

  it.each(cases.map((c, i) => [c[0], c[1], c[3], i] as const))('%s/%s seed %s', (_cls, _name, _seed, i) => {
    const take = takes[i];
    const mono = monos[i] as Float32Array;
    const aubio = found[bursts.length + i];
    expect(aubio).toBeDefined();
    const errorMs = ((aubio as number) - biasSamples - (take?.syncSample ?? 0)) / ONE_MS;
    expect(Math.abs(errorMs)).toBeLessThanOrEqual(1);
    const energy = thresholdOnsetSample(mono, 0.05);
    expect(Math.abs(energy - (take?.syncSample ?? 0))).toBeLessThanOrEqual(ONE_MS);
  });
});
