/**
 * The declared sync point must be within 1 ms of the onset an independent detector finds (aubioonset, bias
 * calibrated in the same run on bursts with exactly known onsets) and of a simple energy-threshold onset.
 */
import { loadCatalogue, renderSound } from '../../../bridge-server/pipeline/generate/procedural';
import { toMono } from '../../../bridge-server/core/audio';
import { AubioProbe, thresholdOnsetSample } from './onsetHelpers';

const SR = 48000;
const ONE_MS = SR / 1000;

describe('sync point vs independent onset detectors', () => {
  const probe = new AubioProbe();
  let biasSamples = 0;
  beforeAll(() => {
    biasSamples = probe.measureBiasSamples(SR);
    // sanity: the calibration itself is small (a broken detector setup would show up here)
    expect(Math.abs(biasSamples)).toBeLessThan(2 * ONE_MS);
  });
  afterAll(() => probe.dispose());

  // Every one-shot class with its first preset and a second, different preset; footsteps (the most frequent
  // cue) over every surface. The full preset sweep runs in `foley bench sounds`.
  const cases = loadCatalogue()
    .classes.filter((c) => c.kind === 'hit')
    .flatMap((c) => (c.id === 'footsteps' ? c.presets : [c.presets[0], c.presets[c.presets.length - 1]]).map((p, i) => [c.id, p?.name ?? '', p?.params ?? {}, 3 + i] as const))
    .filter((c, i, all) => all.findIndex((o) => o[0] === c[0] && o[1] === c[1]) === i);

  it.each(cases)('%s/%s seed %s', (cls, _name, params, seed) => {
    const take = renderSound({ class: cls, params, seed, sampleRateHz: SR });
    const mono = toMono(take.audio);
    const aubio = probe.firstOnsetSample(mono, SR);
    expect(aubio).toBeDefined();
    const errorMs = ((aubio as number) - biasSamples - take.syncSample) / ONE_MS;
    expect(Math.abs(errorMs)).toBeLessThanOrEqual(1);
    const energy = thresholdOnsetSample(mono, 0.05);
    expect(Math.abs(energy - take.syncSample)).toBeLessThanOrEqual(ONE_MS);
  });
});
