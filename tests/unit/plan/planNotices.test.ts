import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { planNotices, understandTextDetailed } from '../../../bridge-server/pipeline/plan';

const catalogue = loadCatalogue();
const unheard = (text: string): string[] => understandTextDetailed(text, catalogue).unheard;
const fps = { num: 25, den: 1 };

describe('sounds the catalogue does not have', () => {
  it('are reported as the thing and its sound, not dropped silently', () => {
    expect(unheard('a phone rings')).toEqual(['phone rings']);
    expect(unheard('a dog barks')).toEqual(['dog barks']);
    expect(unheard('a car brakes')).toEqual(['car brakes']);
    expect(unheard('a door slams and a distant siren wails')).toEqual(['distant siren wails']);
    expect(unheard('the dog barks at the door')).toEqual(['dog barks']);
    expect(unheard('SFX: glass shatters at 3s; dog barks at 5.5s')).toEqual(['dog barks']);
  });

  it('are not reported when the words describe a catalogue sound, are negated, or name no sound', () => {
    expect(unheard('the crowd cheers and applauds')).toEqual([]);
    expect(unheard('A saloon door swings and creaks behind him.')).toEqual([]);
    expect(unheard('no music, just rain')).toEqual([]);
    expect(unheard('a woman in high heels crosses a marble lobby while it rains')).toEqual([]);
    expect(unheard('Keyboard typing in a quiet office with an air conditioner hum')).toEqual([]);
    expect(unheard('the meeting is postponed until Tuesday')).toEqual([]);
    expect(unheard('3 knocks on the door')).toEqual([]);
  });

  it('planNotices words them for the editor, with markers and times past the range', () => {
    expect(planNotices({ prompt: 'a phone rings', durationSec: 8, fps, catalogue })).toEqual(["no sound in the catalogue for 'phone rings'"]);
    expect(planNotices({ prompt: 'glass shatters at 00:00:10:00', durationSec: 8, fps, catalogue })).toEqual(["'glass shatters': 10 s is past the end of the 8 s range; placed at its end"]);
    expect(planNotices({ prompt: 'glass shatters at 7s', markers: [{ t: 1.5, comment: 'SFX: dog barks' }], durationSec: 8, fps, catalogue })).toEqual(["no sound in the catalogue for 'dog barks' (marker at 1.5 s)"]);
    expect(planNotices({ prompt: 'rain, then thunder', durationSec: 8, fps, catalogue })).toEqual([]);
  });
});
