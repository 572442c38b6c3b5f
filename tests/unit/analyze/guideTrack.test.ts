import { createRng } from '../../../bridge-server/core/rng';
import { snapToOnsets, trustedOnsets } from '../../../bridge-server/pipeline/analyze/guideTrack';

const SR = 48000;

function knocks(times: number[], durationSec: number, noise: number): Float32Array {
  const rng = createRng(7);
  const out = new Float32Array(Math.round(durationSec * SR));
  for (let i = 0; i < out.length; i++) out[i] = noise * rng.gauss();
  for (const t of times) {
    const s = Math.round(t * SR);
    for (let j = 0; j < 0.08 * SR && s + j < out.length; j++) out[s + j] = (out[s + j] as number) + 0.5 * Math.exp(-j / (0.02 * SR)) * Math.sin((2 * Math.PI * 300 * j) / SR);
  }
  return out;
}

describe('guide track', () => {
  it('finds knocks to well under 2 ms and snaps nearby events to them', () => {
    const times = [0.5, 1.2371, 2.0];
    const onsets = trustedOnsets({ sampleRateHz: SR, channels: [knocks(times, 2.5, 0.002)] }, 9);
    expect(onsets).toHaveLength(3);
    onsets.forEach((o, i) => expect(Math.abs(o.time - times[i]!)).toBeLessThan(0.002));
    const snapped = snapToOnsets([0.52, 1.2, 1.9, 2.3], onsets, 2 / 24);
    expect(snapped[0]).toBeCloseTo(onsets[0]!.time, 6);
    expect(snapped[1]).toBeCloseTo(onsets[1]!.time, 6);
    expect(snapped[2]).toBeUndefined(); // 100 ms away: outside ±2 frames at 24 fps
    expect(snapped[3]).toBeUndefined();
  });

  it('trusts nothing in a noise-only soundtrack', () => {
    const rng = createRng(3);
    const noise = new Float32Array(3 * SR);
    for (let i = 0; i < noise.length; i++) noise[i] = 0.05 * rng.gauss();
    expect(trustedOnsets({ sampleRateHz: SR, channels: [noise] }, 9)).toHaveLength(0);
  });

  it('never gives one onset to two events', () => {
    const snapped = snapToOnsets([1.0, 1.01], [{ time: 1.005, riseDb: 20 }], 0.08);
    expect(snapped.filter((s) => s !== undefined)).toHaveLength(1);
  });
});
