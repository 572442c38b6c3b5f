import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { understandText, type TextIntent } from '../../../bridge-server/pipeline/plan';

const catalogue = loadCatalogue();
const read = (text: string): TextIntent[] => understandText(text, catalogue);
const positive = (text: string): TextIntent[] => read(text).filter((i) => !i.negated);
const classes = (text: string): string[] => positive(text).map((i) => i.class);
const find = (text: string, cls: string): TextIntent | undefined => positive(text).find((i) => i.class === cls);

describe('understandText', () => {
  it('reads footwear and surface through synonyms and lemmas', () => {
    const i = find('a woman in high heels crosses a marble lobby', 'footsteps');
    expect(i?.params).toMatchObject({ footwear: 'heel', surface: 'tile' });
    expect(find('He walked on the crunchy gravel in his boots', 'footsteps')?.params).toMatchObject({ surface: 'gravel', footwear: 'boot' });
    expect(find('Two runners sprinting along the beach', 'footsteps')?.params).toMatchObject({ surface: 'sand', pace: 'run' });
  });

  it('strips a marker prefix and reads action, material and intensity', () => {
    const [door, ...rest] = read('SFX: heavy wooden door slams');
    expect(rest).toHaveLength(0);
    expect(door?.class).toBe('door');
    expect(door?.params).toMatchObject({ action: 'slam', material: 'wood' });
    expect(door?.params.force).toBeGreaterThan(0.7);
    expect(door?.span.text).toBe('heavy wooden door slams');
    expect(door?.span.start).toBe(5);
    const soft = find('she gently closes the cupboard door', 'door');
    expect(soft?.params.action).toBe('close');
    expect(soft?.params.force).toBeLessThan(0.4);
  });

  it('counts with numbers and frequency words', () => {
    expect(find('three loud knocks on the door', 'door')?.count).toBe(3);
    expect(find('someone knocks twice on the door', 'door')?.count).toBe(2);
    expect(find('the bell clangs 4 times', 'impact')?.count).toBe(4);
    expect(find('a door slams', 'door')?.count).toBeNull();
  });

  it('negation removes classes within its clause only', () => {
    const intents = read('rain but no thunder');
    expect(intents.filter((i) => !i.negated).map((i) => i.class)).toEqual(['rain']);
    expect(intents.filter((i) => i.negated).map((i) => i.class)).toEqual(['thunder']);
    expect(read("don't add any crowd noise, only traffic").filter((i) => i.negated).map((i) => i.class)).toEqual(['crowd']);
    expect(classes("don't add any crowd noise, only traffic")).toEqual(['traffic']);
    const both = read('a ball bounces, without footsteps or cloth sounds');
    expect(both.filter((i) => i.negated).map((i) => i.class).sort()).toEqual(['cloth', 'footsteps']);
    expect(classes('a ball bounces, without footsteps or cloth sounds')).toEqual(['ball_bounce']);
  });

  it('gives sequence and anchor hints in text order', () => {
    const [thunder, rain] = positive('thunder rumbles, then heavy rain starts');
    expect(thunder?.class).toBe('thunder');
    expect(rain?.class).toBe('rain');
    expect(thunder?.timing).toMatchObject({ order: 0, of: 2, relation: null });
    expect(rain?.timing).toMatchObject({ order: 1, of: 2, relation: 'after' });
    expect(find('he types while the clock ticks', 'clock_tick')?.timing.relation).toBe('during');
    expect(find('finally a glass shatters', 'glass_break')?.timing.anchor).toBe('end');
  });

  it('turns settings into ambience beds: "in the rain", "at a busy station"', () => {
    expect(classes('at a busy station')).toEqual(['crowd']);
    expect(find('at a busy station', 'crowd')?.params.density).toBeGreaterThan(0.7);
    expect(classes('she walks home in the rain').sort()).toEqual(['footsteps', 'rain']);
    // a street walked on is a surface, not traffic
    expect(classes('a man walks down the street')).toEqual(['footsteps']);
    expect(find('a man walks down the street', 'footsteps')?.params.surface).toBe('concrete');
  });

  it('settles words with several readings by what else the clause says', () => {
    // "glass" is a material here, the sound is the drop
    expect(classes('she drops a glass jar')).toEqual(['object_drop']);
    expect(find('she drops a glass jar', 'object_drop')?.params.material).toBe('glass');
    // and here it is the breaking sound
    expect(classes('the window shatters')).toEqual(['glass_break']);
    expect(classes('a hammer hits a metal pipe')).toEqual(['impact']);
    expect(find('a hammer hits a metal pipe', 'impact')?.params.material).toBe('metal');
  });

  it('words that describe a thing do not name another sound', () => {
    // the sound right after its source
    expect(classes('her heels clicking on the wet cobblestones')).toEqual(['footsteps']);
    expect(classes('the steel gate clangs shut')).toEqual(['door']);
    // a place or a material, not the breaking sound
    expect(classes('rain on the window')).toEqual(['rain']);
    expect(classes('footsteps under the glass roof')).toEqual(['footsteps']);
    // a verb with an object: an object drop, not a body fall
    expect(classes('he drops his keys on the floor')).toEqual(['object_drop']);
    expect(find('he drops his keys on the floor', 'object_drop')?.params.material).toBe('metal');
    expect(classes('the guard collapses onto the floor')).toEqual(['body_fall']);
  });

  it('a second sound in the same clause is kept: a several-word phrase is no bare verb', () => {
    expect(classes('Keyboard typing in a quiet office with an air conditioner hum').sort()).toEqual(['keyboard', 'room_tone']);
    expect(classes('fire crackling with wind howling').sort()).toEqual(['fire', 'wind']);
    expect(classes('keyboard typing in a quiet office')).toEqual(['keyboard']);
    // a bare sound verb after a named thing still describes it ("the gate clangs" is one sound)
    expect(classes('the heavy gate clangs')).toEqual(['door']);
  });

  it('a vague noun in front of an unknown noun names that thing, not its class: an air conditioner is no wind', () => {
    expect(classes('typing on a keyboard with an air conditioner hum').sort()).toEqual(['keyboard', 'room_tone']);
    expect(classes('room service knocks on the door')).toEqual(['door']);
    expect(classes('a cold breeze blows through the air')).toEqual(['wind']);
    // an adjective before an unknown noun is still the scene
    expect(classes('at a busy station')).toEqual(['crowd']);
  });

  it('a clause without a sound lends its words to the sentence', () => {
    expect(find('A saloon door swings and creaks behind him.', 'door')?.params.action).toBe('creak');
    expect(find('Far away, thunder rolls across the hills.', 'thunder')?.params.distance).toBeGreaterThan(0.7);
  });

  it('reads a 150-word narrative into one intent per class and sentence', () => {
    const text =
      'The scene opens in a quiet apartment at night while rain taps steadily against the windows. A tired detective in heavy leather boots walks slowly across the creaking wooden floor, then pauses by the desk. A clock ticks on the wall. Outside, distant thunder rumbles and the wind picks up. Suddenly someone knocks three times on the front door. A glass slips from the edge and shatters on the tile floor. There is no music, just the rain and the footsteps.';
    const found = new Set(classes(text));
    for (const c of ['rain', 'footsteps', 'clock_tick', 'thunder', 'wind', 'door', 'glass_break']) expect(found.has(c)).toBe(true);
    expect(find(text, 'footsteps')?.params).toMatchObject({ footwear: 'boot', surface: 'wood' });
    expect(find(text, 'door')?.count).toBe(3);
    expect(find(text, 'thunder')?.params.distance).toBeGreaterThan(0.7);
  });

  it('returns nothing for text without sounds', () => {
    expect(read('')).toEqual([]);
    expect(read('SFX:')).toEqual([]);
    expect(classes('the meeting is postponed until Tuesday')).toEqual([]);
  });
});
