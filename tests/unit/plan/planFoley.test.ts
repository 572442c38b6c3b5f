import type { AnalysisResult, VisualEvent } from '../../../bridge-server/contracts/events';
import { FoleyPlanSchema, type ClipInfo } from '../../../bridge-server/contracts/plan';
import { PresetSchema } from '../../../bridge-server/contracts/preset';
import { FoleyError } from '../../../bridge-server/core/errors';
import { requireFactoryPreset } from '../../../bridge-server/presets/factory';
import { planFoley } from '../../../bridge-server/pipeline/plan';

const clip: ClipInfo = { path: null, inSec: 0, outSec: 6, fps: { num: 25, den: 1 }, timelineStartSec: 0 };
const preset = requireFactoryPreset('default');

function analysis(events: VisualEvent[], duration = 6): AnalysisResult {
  return { fps: { num: 25, den: 1 }, duration, events, cuts: [], motion: [], motionRateHz: 10 };
}
const step = (t: number, x = 0.5, strength = 0.6): VisualEvent => ({ t, frame: Math.round(t * 25), kind: 'step', strength, x, y: 0.9 });
const impact = (t: number, strength: number, x = 0.5): VisualEvent => ({ t, frame: Math.round(t * 25), kind: 'impact', strength, x, y: 0.5 });
const motion = (t: number, end: number, strength: number, size = 0.2): VisualEvent => ({ t, end, frame: Math.round(t * 25), kind: 'motion', strength, x: 0.5, y: 0.5, size });

describe('planFoley', () => {
  it('gives one heel-on-tile footstep cue per step event for the marble lobby prompt', async () => {
    const steps = [0.52, 1.04, 1.57, 2.1, 2.61, 3.13].map((t, i) => step(t, 0.2 + i * 0.1));
    const plan = await planFoley({ clip, preset, prompt: 'a woman in high heels crosses a marble lobby', analysis: analysis(steps) });
    const footsteps = plan.cues.filter((c) => c.sound.class === 'footsteps');
    expect(footsteps).toHaveLength(steps.length);
    expect(footsteps.map((c) => c.start)).toEqual(steps.map((s) => s.t));
    for (const c of footsteps) {
      expect(c.sound.params.surface).toBe('tile');
      expect(c.sound.params.footwear).toBe('heel');
      expect(c.source).toBe('text');
      expect(c.stem).toBe('steps');
    }
    // pan follows the event's x: 0.2 → -0.6
    expect(footsteps[0]?.pan).toBeCloseTo(-0.6, 6);
    expect(plan.cues).toHaveLength(steps.length);
  });

  it('binds a slam to the strongest impact near the end of the door motion, others get defaults', async () => {
    const events = [motion(1.0, 2.0, 0.5), impact(0.4, 0.9), impact(2.05, 0.7), impact(4.5, 0.3)];
    const plan = await planFoley({ clip, preset, prompt: 'SFX: heavy wooden door slams', analysis: analysis(events) });
    const door = plan.cues.filter((c) => c.sound.class === 'door');
    expect(door).toHaveLength(1);
    expect(door[0]?.start).toBe(2.05);
    expect(door[0]?.sound.params).toMatchObject({ action: 'slam', material: 'wood' });
    const defaults = plan.cues.filter((c) => c.source === 'visual');
    expect(defaults.map((c) => [c.start, c.sound.class])).toEqual([
      [0.4, 'impact'],
      [1, 'cloth'],
      [4.5, 'impact'],
    ]);
    expect(defaults[0]?.sound.params.material).toBe('wood');
    expect(defaults[1]?.end).toBe(2);
  });

  it('turns fast large motion spans into whooshes and binds "whooshes" text to every motion span', async () => {
    const events = [motion(0.5, 0.9, 0.8, 0.5), motion(3, 3.4, 0.7, 0.4)];
    const visual = await planFoley({ clip, preset, analysis: analysis(events) });
    expect(visual.cues.map((c) => [c.sound.class, c.start, c.end, c.source])).toEqual([
      ['whoosh', 0.5, 0.9, 'visual'],
      ['whoosh', 3, 3.4, 'visual'],
    ]);
    const text = await planFoley({ clip, preset, prompt: 'sword swooshes', analysis: analysis(events) });
    expect(text.cues.every((c) => c.sound.class === 'whoosh' && c.source === 'text')).toBe(true);
    expect(text.cues).toHaveLength(2);
  });

  it('a negated class produces no cues, not even defaults for its events', async () => {
    const events = [step(1), step(1.5), impact(3, 0.8)];
    const plan = await planFoley({ clip, preset, prompt: 'a door slams, no footsteps', analysis: analysis(events) });
    expect(plan.cues.some((c) => c.sound.class === 'footsteps')).toBe(false);
    expect(plan.cues.map((c) => [c.sound.class, c.start])).toEqual([['door', 3]]);
  });

  it('text without a matching event: beds span the range, counted one-shots spread over it', async () => {
    const plan = await planFoley({ clip, preset, prompt: 'heavy rain, then someone knocks on the door three times' });
    const rain = plan.cues.filter((c) => c.sound.class === 'rain');
    expect(rain).toHaveLength(1);
    expect(rain[0]).toMatchObject({ start: 0, end: 6, kind: 'ambience', stem: 'ambience', source: 'text' });
    expect(rain[0]?.sound.params.intensity).toBeGreaterThan(0.7);
    const knocks = plan.cues.filter((c) => c.sound.class === 'door');
    expect(knocks).toHaveLength(3);
    expect(knocks.every((c) => c.sound.params.action === 'knock')).toBe(true);
    // "then": the knocks fall in the second half of the range, in order
    expect(knocks.map((c) => c.start)).toEqual([3.5, 4.5, 5.5]);
  });

  it('marker prompts bind to an event within 0.5 s, else sit at the marker time', async () => {
    const events = [impact(2.3, 0.4), impact(2.9, 0.9)];
    const plan = await planFoley({
      clip,
      preset,
      analysis: analysis(events),
      markers: [
        { t: 2.0, comment: 'SFX: glass shatters' },
        { t: 5.0, comment: 'Foley - cardboard box dropped' },
      ],
    });
    const byClass = Object.fromEntries(plan.cues.map((c) => [c.sound.class, c]));
    expect(byClass.glass_break).toMatchObject({ start: 2.3, source: 'marker', prompt: 'glass shatters' });
    expect(byClass.object_drop).toMatchObject({ start: 5, source: 'marker' });
    expect(byClass.object_drop?.sound.params.material).toBe('cardboard');
    // the other impact is unexplained and gets the default
    expect(byClass.impact).toMatchObject({ start: 2.9, source: 'visual' });
  });

  it('a time in the text binds like a marker: nearest fitting event within 0.5 s, else at the time', async () => {
    const events = [impact(2.3, 0.4), impact(2.9, 0.9)];
    const plan = await planFoley({ clip, preset, prompt: 'glass shatters at 2s; then a knock at 00:00:04:05', analysis: analysis(events) });
    const byClass = Object.fromEntries(plan.cues.map((c) => [c.sound.class, c]));
    expect(byClass.glass_break).toMatchObject({ start: 2.3, source: 'text' });
    // timecode at the clip's 25 fps: 4 s + 5 frames
    expect(plan.cues.filter((c) => c.sound.class === 'impact' && c.source === 'text').map((c) => c.start)).toEqual([4.2]);
    expect(plan.cues.filter((c) => c.source === 'visual').map((c) => c.start)).toEqual([2.9]);
  });

  it('timed counts repeat 0.3 s apart, timed beds run to the end, times past the range are clamped', async () => {
    const plan = await planFoley({ clip, preset, prompt: 'three knocks on the door at 1.5s. Rain starts at 4 seconds. A glass shatters at 9s.' });
    expect(plan.cues.filter((c) => c.sound.class === 'door').map((c) => c.start)).toEqual([1.5, 1.8, 2.1]);
    expect(plan.cues.find((c) => c.sound.class === 'rain')).toMatchObject({ start: 4, end: 6 });
    expect(plan.cues.find((c) => c.sound.class === 'glass_break')?.start).toBe(6);
  });

  it('plans pass the FoleyPlan schema unchanged', async () => {
    const events = [step(0.3), impact(1.2, 0.8), motion(2, 2.5, 0.3, 0.1), motion(3, 3.5, 0.9, 0.6)];
    const plan = await planFoley({ clip, preset, prompt: 'rain; a man in boots walks on gravel, then three knocks on the door', analysis: analysis(events), markers: [{ t: 4, comment: 'SFX: splash' }] });
    expect(FoleyPlanSchema.parse(plan)).toEqual(plan);
    // rain, the step, three knocks (one on the impact, two after it), two motion defaults, the marker splash
    expect(plan.cues).toHaveLength(8);
    expect(plan.cues.filter((c) => c.sound.class === 'door').map((c) => c.start)).toEqual([1.2, 1.5, 1.8]);
  });

  it('ids are c001… in time order and identical across runs', async () => {
    const events = [step(0.3), impact(1.2, 0.8), step(0.9), motion(2, 2.5, 0.9, 0.5)];
    const input = { clip, preset, prompt: 'footsteps on gravel in the wind', analysis: analysis(events) };
    const a = await planFoley(input);
    const b = await planFoley(input);
    expect(a).toEqual(b);
    expect(a.cues.map((c) => c.id)).toEqual(a.cues.map((_, i) => `c${String(i + 1).padStart(3, '0')}`));
    const starts = a.cues.map((c) => c.start);
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
  });

  it('uses the preset stem map and rejects an uninstalled model planner with MODEL_UNAVAILABLE', async () => {
    const custom = PresetSchema.parse({ name: 'custom', stems: { footsteps: 'walks' } });
    const plan = await planFoley({ clip, preset: custom, prompt: 'footsteps', analysis: analysis([step(1)]) });
    expect(plan.cues[0]?.stem).toBe('walks');
    const neural = PresetSchema.parse({ name: 'lm', planner: 'tiny-planner-lm' });
    await expect(planFoley({ clip, preset: neural, prompt: 'footsteps' })).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(planFoley({ clip, preset: neural, prompt: 'footsteps' })).rejects.toBeInstanceOf(FoleyError);
  });
});
