/**
 * Prompts written the way scripts and editors phrase them (screenplay action lines, marker shorthand, notes),
 * collected by trying the planner on text it had never seen: the classes and the times a Foley editor expects.
 */
import type { ClipInfo, FoleyPlan } from '../../../bridge-server/contracts/plan';
import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { planFoley, understandText, understandTextDetailed } from '../../../bridge-server/pipeline/plan';
import { requireFactoryPreset } from '../../../bridge-server/presets/factory';

const catalogue = loadCatalogue();
const preset = requireFactoryPreset('default');
const clip: ClipInfo = { path: null, inSec: 0, outSec: 10, fps: { num: 25, den: 1 }, timelineStartSec: 0 };
const plan = (prompt: string): Promise<FoleyPlan> => planFoley({ clip, preset, prompt });
const classes = (text: string): string[] => understandText(text, catalogue).filter((i) => !i.negated).map((i) => i.class);
/** "class:action@start" for each cue in time order (the action only for classes that have one) */
const sheet = (p: FoleyPlan): string[] =>
  p.cues.map((c) => `${c.sound.class}${typeof c.sound.params.action === 'string' ? `:${c.sound.params.action}` : ''}@${c.start}`);

describe('prompts the planner had never seen', () => {
  it('a fridge, car or cupboard door that slams is a door, not the fridge hum', () => {
    expect(classes('Sarah slams the fridge door')).toEqual(['door']);
    expect(understandText('he slams the office door', catalogue)[0]?.params.action).toBe('slam');
    expect(classes('she closes the cupboard door')).toEqual(['door']);
    // the hum of the fridge is still room tone, and a thing's own sound right after it still describes it
    expect(classes('the fridge hums')).toEqual(['room_tone']);
    expect(classes('the gate clangs')).toEqual(['door']);
  });

  it('a dropped glass that shatters is one glass break; drops/falls is a body fall only for people', () => {
    expect(classes('drops a glass which shatters on the tiles')).toEqual(['glass_break']);
    expect(classes('drops a plate which smashes')).toEqual(['glass_break']);
    expect(classes('he falls to the floor')).toEqual(['body_fall']);
    expect(classes('the book falls')).toEqual(['object_drop']);
    expect(classes('drops the keys')).toEqual(['object_drop']);
  });

  it('screenplay action line: door slam, glass break, then heels walking out, in that order', async () => {
    const p = await plan('INT. KITCHEN - NIGHT. Sarah slams the fridge door, drops a glass which shatters on the tiles, then walks out in heels.');
    const [door, glass, ...steps] = p.cues;
    expect(door).toMatchObject({ start: 1.6667, sound: { class: 'door', params: { action: 'slam' } } });
    expect(glass).toMatchObject({ start: 5, sound: { class: 'glass_break' } });
    expect(steps.length).toBeGreaterThan(3);
    // the kitchen floor said in the clause before ("on the tiles") is the floor of the steps
    expect(steps.every((c) => c.sound.class === 'footsteps' && c.sound.params.footwear === 'heel' && c.sound.params.surface === 'tile' && c.start > 6.6)).toBe(true);
  });

  it('"after X" puts X first, a leading "before X" puts X second; a knock near a door is a door knock', async () => {
    expect(sheet(await plan('it creaks open after the knock'))).toEqual(['door:knock@2.5', 'door:open@7.5']);
    expect(sheet(await plan('After the knock, the door opens'))).toEqual(['door:knock@2.5', 'door:open@7.5']);
    expect(sheet(await plan('Before the door opens, a glass shatters'))).toEqual(['glass_break@2.5', 'door:open@7.5']);
    expect(sheet(await plan('the door creaks open and then slams shut'))).toEqual(['door:open@2.5', 'door:slam@7.5']);
    // a trailing "before" and "after that" already read in order
    expect(sheet(await plan('a glass shatters before the door opens'))).toEqual(['glass_break@2.5', 'door:open@7.5']);
    expect(sheet(await plan('a glass shatters, after that the door slams'))).toEqual(['glass_break@2.5', 'door:slam@7.5']);
  });
});

describe('relative times: "3 seconds later" counts from the sound before', () => {
  it('places the next cue after the previous clause, and names the unheard sound by its thing and verb', async () => {
    expect(sheet(await plan('a car door closes; 3 seconds later a glass shatters'))).toEqual(['door:close@2.5', 'glass_break@5.5']);
    expect(sheet(await plan('a door slams. A second later, glass shatters.'))).toEqual(['door:slam@2.5', 'glass_break@3.5']);
    expect(sheet(await plan('the door slams, a beat later the window shatters'))).toEqual(['door:slam@2.5', 'glass_break@3']);
    // after a run of footsteps it counts from the last step
    const p = await plan('footsteps on gravel, then a car door closes; 3 seconds later a glass shatters');
    const steps = p.cues.filter((c) => c.sound.class === 'footsteps').map((c) => c.start);
    expect(Math.max(...steps)).toBeLessThan(3.4);
    expect(sheet(p).slice(-2)).toEqual(['door:close@5', 'glass_break@8']);
    expect(understandTextDetailed('footsteps on gravel, then a car door closes; 3 seconds later the engine starts', catalogue).unheard).toEqual(['engine starts']);
    expect(understandTextDetailed('moments later an alarm goes off', catalogue).unheard).toEqual(['alarm goes off']);
  });
});

describe('editor shorthand and script phrasing', () => {
  it('marker shorthand "x2", "×3", "2x" is a count, and the mark is no word of the clause', async () => {
    expect(sheet(await plan('door slam x2'))).toEqual(['door:slam@4.5', 'door:slam@5.5']);
    expect(understandText('knock x3', catalogue)[0]?.count).toBe(3);
    expect(understandText('2x door knock', catalogue)[0]).toMatchObject({ class: 'door', count: 2, params: { action: 'knock' } });
    expect(understandText('glass break x 2', catalogue)[0]?.count).toBe(2);
    expect(classes('a 4x4 truck')).toEqual([]);
  });

  it('a thing that falls is an object drop, a person who falls a body fall', () => {
    expect(classes('The vase falls off the shelf and shatters')).toEqual(['object_drop', 'glass_break']);
    expect(classes('the lamp topples over')).toEqual(['object_drop']);
    for (const text of ['the guard falls', 'Sarah collapses', 'the old lady trips', 'the body falls onto the carpet', 'the hiker stumbles and falls']) {
      expect(classes(text)).toEqual(['body_fall']);
    }
  });

  it('"John types furiously" is fast typing; "in the distance" sets the distance', () => {
    expect(understandText('INT. OFFICE - NIGHT. John types furiously.', catalogue).map((i) => [i.class, i.params.speed])).toEqual([['keyboard', 0.95]]);
    expect(understandText('Thunder rumbles in the distance', catalogue)[0]?.params.distance).toBeGreaterThan(0.7);
  });
});

describe('notes, lists and simultaneous clauses', () => {
  it('bullets and separators end a clause: "* heels on tile * door latch", "door slam / glass break"', () => {
    expect(understandText('* heels on tile * door latch * coat rustle', catalogue).map((i) => [i.class, i.timing.order])).toEqual([
      ['footsteps', 0],
      ['door', 1],
      ['cloth', 2],
    ]);
    expect(classes('heels | door slam')).toEqual(['footsteps', 'door']);
    expect(understandText('door slam / glass break', catalogue).map((i) => i.timing.order)).toEqual([0, 1]);
  });

  it('a counted group from text alone is one burst, not spread over the range; two counts are two groups', async () => {
    // a person knocking with no object knocks on a door
    expect(sheet(await plan('She knocked twice and waited.'))).toEqual(['door:knock@4.5', 'door:knock@5.5']);
    expect(sheet(await plan('2 knocks, a pause, one more knock'))).toEqual(['impact@2', 'impact@3', 'impact@7.5']);
  });

  it('another action of a thing already named is another cue: "Car door opens, closes"', async () => {
    expect(sheet(await plan('Car door opens, closes, engine starts'))).toEqual(['door:open@2.5', 'door:close@7.5']);
  });

  it('"as" / "while" clauses share the stretch of the clause they happen during', async () => {
    expect(sheet(await plan('The crowd cheers as the ball hits the net'))).toEqual(['crowd@0', 'ball_bounce@5']);
    const p = await plan('a woman in high heels crosses a marble lobby while it rains');
    const steps = p.cues.filter((c) => c.sound.class === 'footsteps').map((c) => c.start);
    expect(Math.min(...steps)).toBeLessThan(1);
    expect(Math.max(...steps)).toBeGreaterThan(9);
  });
});

describe('phrasal verbs, drawers and rattles', () => {
  it('"sets the mug down", "knocks the lamp over": a phrasal verb with its object in between', () => {
    expect(understandText('He sets the mug down on the desk.', catalogue).map((i) => [i.class, i.params.material])).toEqual([['object_drop', 'glass']]);
    expect(classes('he knocks the lamp over')).toEqual(['object_drop']);
    expect(classes('someone knocks on the door')).toEqual(['door']);
  });

  it('a drawer opens and shuts like the catalogue cupboard door; rattles and jingles are reported', () => {
    expect(understandTextDetailed('A drawer is pulled open and cutlery rattles.', catalogue)).toMatchObject({
      intents: [{ class: 'door', params: { action: 'open' } }],
      unheard: ['cutlery rattles'],
    });
    expect(understandTextDetailed('keys jingle in his pocket', catalogue).unheard).toEqual(['keys jingle']);
  });
});

describe('list items and unknown things', () => {
  it('a list that names a sound again counts it again: "Punch, punch, body fall"', async () => {
    expect(sheet(await plan('Punch, punch, body fall.'))).toEqual(['punch@2', 'punch@3', 'body_fall@7.5']);
    expect(understandText('knock, knock, knock', catalogue)[0]?.count).toBe(3);
  });

  it('a sound word right after a thing the catalogue does not know is that thing\'s sound, not a door', () => {
    expect(classes('Rain hammers on the car roof while the wipers squeak.')).toEqual(['rain']);
    expect(classes('the hinges creak')).toEqual(['door']);
    expect(understandText('the old man knocks twice', catalogue)[0]?.count).toBe(2);
  });
});

describe('who lands: people fall as bodies, things drop or hit', () => {
  it('"hits the floor" is a body fall for a person and an impact for a thing', () => {
    expect(classes('the body hits the floor')).toEqual(['body_fall']);
    expect(classes('he hits the ground hard')).toEqual(['body_fall']);
    expect(understandText('the glass hits the floor', catalogue).map((i) => [i.class, i.params.material])).toEqual([['impact', 'glass']]);
    expect(classes('The boxer lands a heavy blow to the jaw and his opponent hits the canvas.')).toEqual(['punch', 'body_fall']);
  });

  it('a transitive drop of an unknown thing is an object drop; the hammer falls, the hiker falls', () => {
    expect(classes('she drops her bag')).toEqual(['object_drop']);
    expect(classes('the hammer falls')).toEqual(['object_drop']);
    expect(classes('the hiker falls')).toEqual(['body_fall']);
    // a noun known neither as a person nor as a thing may be a person: it stays a body fall
    expect(classes('he punches the thug and the thug falls down')).toEqual(['punch', 'body_fall']);
    expect(classes('he drops to the floor')).toEqual(['body_fall']);
  });
});

describe('states of the scene go on; actions follow one another', () => {
  it('"clock ticking" in a list with no sequence word ticks through the range; with "then" it comes first', async () => {
    const ticks = (await plan('fire crackling in the hearth, clock ticking on the mantelpiece')).cues.filter((c) => c.sound.class === 'clock_tick');
    expect(ticks.map((c) => c.start)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
    const first = (await plan('clock ticking, then a door slams')).cues.filter((c) => c.sound.class === 'clock_tick');
    expect(Math.max(...first.map((c) => c.start))).toBeLessThan(5);
  });

  it('footsteps after an action still follow it, and read their pace from an -ing form', async () => {
    const p = await plan('a door slams, footsteps running');
    expect(p.cues[0]).toMatchObject({ start: 2.5, sound: { class: 'door' } });
    expect(p.cues.slice(1).every((c) => c.sound.class === 'footsteps' && c.sound.params.pace === 'run' && c.start > 5)).toBe(true);
  });
});

describe('subjects across "and", places named after things', () => {
  it('an "and" clause with no subject takes the sentence\'s: he doubles over and drops; the vase wobbles and falls', () => {
    expect(classes('He doubles over and drops to his knees.')).toEqual(['body_fall']);
    expect(classes('The vase wobbles and falls')).toEqual(['object_drop']);
  });

  it('people do not explode; bare feet slap is the feet, a locker room is a place', () => {
    expect(classes('The stranger bursts through the saloon doors.')).toEqual(['door']);
    expect(classes('the balloon bursts')).toEqual(['explosion']);
    expect(classes('Bare feet slap on the wet tiles of the locker room.')).toEqual(['footsteps']);
    expect(classes('she opens the locker')).toEqual(['door']);
    expect(understandTextDetailed('A chair scrapes back and someone stands up.', catalogue).unheard).toEqual(['chair scrapes']);
  });
});

describe('two values name a thing; a bare word after a plural is its verb', () => {
  it('"unlocks the cell": the action and what it is done to name the door together', () => {
    expect(understandText('he unlocks the cell', catalogue).map((i) => [i.class, i.params.action, i.params.material])).toEqual([['door', 'latch', 'metal']]);
    expect(classes('she opens the box')).toEqual([]);
  });

  it('"Pages flutter" names the pages', () => {
    expect(classes('Pages flutter.')).toEqual(['paper']);
  });
});
