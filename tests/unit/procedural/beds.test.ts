/**
 * Beds loop without a click: the step from the last sample to the first is no larger than the steps found
 * inside the take (99.9th percentile of |x[i] - x[i-1]|), and the level around the seam matches the rest.
 */
import { renderSound } from '../../../bridge-server/pipeline/generate/procedural';

const SR = 48000;

function percentile(values: Float64Array, p: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

describe.each(['rain', 'wind', 'fire', 'room_tone', 'traffic', 'crowd'])('%s bed', (cls) => {
  const take = renderSound({ class: cls, params: {}, seed: 21, sampleRateHz: SR, durationSec: 3 });

  it('has the requested length, is loopable with sync 0', () => {
    expect(take.loopable).toBe(true);
    expect(take.syncSample).toBe(0);
    expect(take.audio.channels[0]?.length).toBe(3 * SR);
  });

  it('has no discontinuity at the loop seam', () => {
    for (const ch of take.audio.channels) {
      const n = ch.length;
      const steps = new Float64Array(n - 1);
      for (let i = 1; i < n; i++) steps[i - 1] = Math.abs((ch[i] as number) - (ch[i - 1] as number));
      const seamStep = Math.abs((ch[0] as number) - (ch[n - 1] as number));
      expect(seamStep).toBeLessThanOrEqual(percentile(steps, 0.999));
      // No level dip or bump across the seam: RMS of 50 ms around the seam vs the whole take.
      const w = Math.round(0.025 * SR);
      let seamEnergy = 0;
      for (let i = n - w; i < n; i++) seamEnergy += (ch[i] as number) ** 2;
      for (let i = 0; i < w; i++) seamEnergy += (ch[i] as number) ** 2;
      let total = 0;
      for (let i = 0; i < n; i++) total += (ch[i] as number) ** 2;
      const ratioDb = 10 * Math.log10(seamEnergy / (2 * w) / (total / n));
      expect(Math.abs(ratioDb)).toBeLessThan(8);
    }
  });

  it('renders any length (a long bed keeps its level statistics)', () => {
    const long = renderSound({ class: cls, params: {}, seed: 21, sampleRateHz: SR, durationSec: 7.5 });
    expect(long.audio.channels[0]?.length).toBe(7.5 * SR);
  });
});
