/**
 * `foley bench sync --fps …` runs every scene type at rates outside the six editing rates (slow motion,
 * action cameras); the rates typed on the command line become exact rationals.
 */
import { SCENE_TYPES, sceneSpecsAtRates } from '../../scenes/scenes';

describe('sceneSpecsAtRates', () => {
  it('gives every scene type at each rate, in order', () => {
    const specs = sceneSpecsAtRates([100, 120]);
    expect(specs).toHaveLength(2 * SCENE_TYPES.length);
    expect(specs.slice(0, SCENE_TYPES.length).map((s) => s.type)).toEqual([...SCENE_TYPES]);
    expect(specs[0]?.fps).toEqual({ num: 100, den: 1 });
    expect(specs[SCENE_TYPES.length]?.fps).toEqual({ num: 120, den: 1 });
  });

  it('reads two-decimal NTSC rates as N·1000/1001 and other decimals exactly', () => {
    expect(sceneSpecsAtRates([119.88])[0]?.fps).toEqual({ num: 120000, den: 1001 });
    expect(sceneSpecsAtRates([59.94])[0]?.fps).toEqual({ num: 60000, den: 1001 });
    expect(sceneSpecsAtRates([23.976])[0]?.fps).toEqual({ num: 24000, den: 1001 });
    expect(sceneSpecsAtRates([47.5])[0]?.fps).toEqual({ num: 47500, den: 1000 });
  });
});
