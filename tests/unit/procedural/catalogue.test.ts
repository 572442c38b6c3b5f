import { loadCatalogue, parseCatalogue, resolveParams, findSoundClass } from '../../../bridge-server/pipeline/generate/procedural/catalogue';

const REQUIRED: Record<string, string[]> = {
  impact: ['material', 'size', 'force'],
  ball_bounce: ['ball', 'surface', 'size'],
  punch: ['force', 'target'],
  body_fall: ['surface', 'weight'],
  object_drop: ['material', 'size'],
  footsteps: ['surface', 'footwear', 'pace', 'intensity'],
  door: ['action', 'material', 'force'],
  whoosh: ['speed', 'size'],
  cloth: ['intensity', 'fabric'],
  paper: ['action'],
  glass_break: ['size'],
  water: ['action', 'size'],
  keyboard: ['speed'],
  click: ['type'],
  clock_tick: ['size'],
  rain: ['intensity'],
  wind: ['intensity'],
  fire: ['intensity'],
  room_tone: ['size'],
  traffic: ['density'],
  crowd: ['density'],
  thunder: ['distance'],
  explosion: ['size', 'distance'],
};

describe('procedural catalogue', () => {
  const cat = loadCatalogue();

  it('names exactly the agreed classes with at least the agreed params', () => {
    expect(cat.classes.map((c) => c.id).sort()).toEqual(Object.keys(REQUIRED).sort());
    for (const [id, params] of Object.entries(REQUIRED)) {
      const cls = findSoundClass(id);
      expect(cls).toBeDefined();
      for (const p of params) expect(Object.keys(cls?.params ?? {})).toContain(p);
    }
  });

  it('has the agreed enum values', () => {
    const steps = findSoundClass('footsteps');
    const surface = steps?.params.surface;
    expect(surface?.type === 'enum' ? Object.keys(surface.values).sort() : []).toEqual(
      ['carpet', 'concrete', 'grass', 'gravel', 'metal', 'puddle', 'sand', 'snow', 'tile', 'wood'],
    );
    const impact = findSoundClass('impact')?.params.material;
    expect(impact?.type === 'enum' ? Object.keys(impact.values).sort() : []).toEqual(['cardboard', 'flesh', 'glass', 'metal', 'plastic', 'stone', 'wood']);
  });

  it('beds are ambience cues in the ambience stem', () => {
    for (const id of ['rain', 'wind', 'fire', 'room_tone', 'traffic', 'crowd']) {
      expect(findSoundClass(id)?.kind).toBe('ambience');
      expect(findSoundClass(id)?.stem).toBe('ambience');
    }
    expect(findSoundClass('thunder')?.stem).toBe('ambience');
    expect(findSoundClass('explosion')?.stem).toBe('hits');
  });

  it('resolves synonyms, clamps numbers and falls back to defaults', () => {
    const steps = findSoundClass('footsteps');
    if (!steps) throw new Error('footsteps missing');
    const r = resolveParams(steps, { surface: 'marble', footwear: 'high heels', pace: 'sprint', intensity: 7, bogus: 'x' });
    expect(r).toEqual({ surface: 'tile', footwear: 'heel', pace: 'run', intensity: 1 });
    expect(resolveParams(steps, { surface: 'lava', intensity: 'heavy' })).toEqual({ surface: 'concrete', footwear: 'sneaker', pace: 'walk', intensity: 0.8 });
  });

  it('rejects a malformed catalogue with the offending path', () => {
    const bad = JSON.parse(JSON.stringify(cat)) as { classes: Array<{ presets: Array<{ params: Record<string, unknown> }> }> };
    const first = bad.classes[0]?.presets[0];
    if (first) first.params.material = 'unobtainium';
    expect(() => parseCatalogue(bad)).toThrow(/classes\[0\]\.presets\[0\]\.params\.material/);
  });
});
