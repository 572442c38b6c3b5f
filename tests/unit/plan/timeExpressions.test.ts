import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { understandText, type TextIntent } from '../../../bridge-server/pipeline/plan';
import { findTimeExpressions, textTimeSeconds } from '../../../bridge-server/pipeline/plan/timeExpressions';

const catalogue = loadCatalogue();
const positive = (text: string): TextIntent[] => understandText(text, catalogue).filter((i) => !i.negated);
const find = (text: string, cls: string): TextIntent | undefined => positive(text).find((i) => i.class === cls);
const times = (text: string): unknown[] => findTimeExpressions(text).map((e) => e.at);

describe('time expressions in text', () => {
  it('reads seconds, m:ss, timecodes and "N seconds in"', () => {
    expect(times('glass shatters at 3s')).toEqual([{ sec: 3 }]);
    expect(times('at 3 s')).toEqual([{ sec: 3 }]);
    expect(times('a door slams at 2.5 seconds')).toEqual([{ sec: 2.5 }]);
    expect(times('at 1:05 a door slams')).toEqual([{ sec: 65 }]);
    expect(times('knocks at 00:00:02:12, then')).toEqual([{ timecode: '00:00:02:12' }]);
    expect(times('after 2 seconds a glass breaks')).toEqual([{ sec: 2 }]);
    expect(times('2 seconds in, thunder')).toEqual([{ sec: 2 }]);
    expect(times('a click at 500ms')).toEqual([{ sec: 0.5 }]);
    expect(textTimeSeconds({ timecode: '00:00:02:12' }, { num: 24, den: 1 })).toBe(2.5);
    expect(textTimeSeconds({ timecode: '00:00:02:12' }, { num: 25, den: 1 })).toBeCloseTo(2.48, 9);
  });

  it('a number that is not a time stays a count or nothing', () => {
    for (const text of ['3 knocks on the door', 'the 2 doors slam', 'knocks 3 times', 'three steps', 'at 3 storeys high', 'he waits at 3']) {
      expect(times(text)).toEqual([]);
    }
    expect(find('3 knocks on the door', 'door')?.count).toBe(3);
    expect(find('3 knocks on the door', 'door')?.at).toBeUndefined();
    expect(find('knocks 3 times at 2s', 'impact')?.count ?? find('knocks 3 times at 2s', 'door')?.count).toBe(3);
    // a number that measures time is no count, and "in 2 seconds" is a duration as often as a time
    expect(find('a 5 second whoosh', 'whoosh')?.count).toBeNull();
    expect(find('in 3 seconds the door slams', 'door')?.count).toBeNull();
    expect(times('the ball bounces 3 times in 2 seconds')).toEqual([]);
    expect(find('the ball bounces 3 times in 2 seconds', 'ball_bounce')?.count).toBe(3);
  });

  it('a time belongs to the clause it ends, or opens after punctuation', () => {
    const intents = positive('SFX: glass shatters at 3s; dog barks at 5.5s');
    expect(intents.map((i) => [i.class, i.at])).toEqual([['glass_break', { sec: 3 }]]);
    expect(find('Someone knocks on the door at 00:00:02:12, then it creaks open.', 'door')?.at).toEqual({ timecode: '00:00:02:12' });
    expect(find('At 2.5 seconds, a door slams', 'door')?.at).toEqual({ sec: 2.5 });
    const both = positive('thunder rolls, then at 4s a glass shatters');
    expect(both.map((i) => [i.class, i.at])).toEqual([['thunder', undefined], ['glass_break', { sec: 4 }]]);
    // the masked time does not leak into the clause's words
    expect(find('glass shatters at 5.5s', 'glass_break')?.span.text).toBe('glass shatters');
  });

  it('the same class at two times gives two intents', () => {
    const knocks = positive('a knock at 1s, then another knock at 3s');
    expect(knocks.map((i) => i.at)).toEqual([{ sec: 1 }, { sec: 3 }]);
  });
});

describe('relative times in text', () => {
  it('reads "N seconds later", number words, "half a second", "a beat"', () => {
    expect(times('3 seconds later the engine starts')).toEqual([{ afterPreviousSec: 3 }]);
    expect(times('A second later, glass shatters')).toEqual([{ afterPreviousSec: 1 }]);
    expect(times('two seconds after that a door slams')).toEqual([{ afterPreviousSec: 2 }]);
    expect(times('half a second later the door opens')).toEqual([{ afterPreviousSec: 0.5 }]);
    expect(times('a few seconds later')).toEqual([{ afterPreviousSec: 3 }]);
    expect(times('a beat later the window shatters')).toEqual([{ afterPreviousSec: 0.5 }]);
    expect(times('500ms later a click')).toEqual([{ afterPreviousSec: 0.5 }]);
    // "after 2 seconds" stays a time from the range start
    expect(times('after 2 seconds a glass breaks')).toEqual([{ sec: 2 }]);
    expect(textTimeSeconds({ afterPreviousSec: 3 }, { num: 25, den: 1 }, 2.5)).toBe(5.5);
  });
});
