import { loadCatalogue, renderSound } from '../../../bridge-server/pipeline/generate/procedural';
import { toMono } from '../../../bridge-server/core/audio';

const SR = 48000;
const MAX_PEAK = Math.pow(10, -0.1 / 20);

function sameSamples(a: Float32Array[], b: Float32Array[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((ch, c) => {
    const other = b[c] as Float32Array;
    return ch.length === other.length && Buffer.from(ch.buffer, ch.byteOffset, ch.byteLength).equals(Buffer.from(other.buffer, other.byteOffset, other.byteLength));
  });
}

describe('renderSound over every catalogue preset', () => {
  const cat = loadCatalogue();
  const cases = cat.classes.flatMap((cls) => cls.presets.map((p) => [cls.id, p.name, p.params, cls.kind] as const));

  it.each(cases)('%s/%s: finite, peak ≤ -0.1 dBFS, no DC, onset after a silent pre-roll', (cls, _name, params, kind) => {
    const take = renderSound({ class: cls, params, seed: 11, sampleRateHz: SR, durationSec: 1 });
    expect(take.audio.sampleRateHz).toBe(SR);
    const n = take.audio.channels[0]?.length ?? 0;
    expect(n).toBeGreaterThan(0.05 * SR);
    let peak = 0;
    for (const ch of take.audio.channels) {
      expect(ch.length).toBe(n);
      let sum = 0;
      for (let i = 0; i < ch.length; i++) {
        const v = ch[i] as number;
        if (!Number.isFinite(v)) throw new Error(`non-finite sample at ${i}`);
        sum += v;
        peak = Math.max(peak, Math.abs(v));
      }
      // DC: the mean is removed; allow float rounding only (≈ -100 dBFS).
      expect(Math.abs(sum / n)).toBeLessThan(1e-5);
    }
    expect(peak).toBeLessThanOrEqual(MAX_PEAK);
    // and it is not silent: class-typical peak levels are between -32 and -0.5 dBFS
    expect(20 * Math.log10(peak)).toBeGreaterThan(-33);
    if (kind === 'hit') {
      expect(take.loopable).toBeUndefined();
      const mono = toMono(take.audio);
      expect(mono.subarray(0, take.syncSample).every((v) => v === 0)).toBe(true);
      // the last sample is back at (near) zero: a take never ends in a click
      expect(Math.abs(mono[n - 1] as number)).toBeLessThan(1e-3);
    } else {
      expect(take.loopable).toBe(true);
      expect(take.syncSample).toBe(0);
      expect(take.audio.channels).toHaveLength(2);
      expect(n).toBe(SR);
    }
  });

  it('is byte-identical for the same request and differs across seeds', () => {
    for (const cls of cat.classes) {
      const params = cls.presets[0]?.params ?? {};
      const a = renderSound({ class: cls.id, params, seed: 5, sampleRateHz: SR, durationSec: 0.5 });
      const b = renderSound({ class: cls.id, params, seed: 5, sampleRateHz: SR, durationSec: 0.5 });
      const c = renderSound({ class: cls.id, params, seed: 6, sampleRateHz: SR, durationSec: 0.5 });
      expect(sameSamples(a.audio.channels, b.audio.channels)).toBe(true);
      expect(a.syncSample).toBe(b.syncSample);
      expect(sameSamples(a.audio.channels, c.audio.channels)).toBe(false);
    }
  });

  it('works at 44.1 kHz, maps synonyms and never throws on bad params for a known class', () => {
    const take = renderSound({ class: 'footsteps', params: { surface: 'marble', footwear: 'stiletto', pace: 42, intensity: 'loud' }, seed: 1, sampleRateHz: 44100 });
    expect(take.audio.sampleRateHz).toBe(44100);
    expect(take.provenance.params).toEqual({ surface: 'tile', footwear: 'heel', pace: 'walk', intensity: 0.5 });
    expect(take.provenance).toMatchObject({ backend: 'procedural', class: 'footsteps', seed: 1 });
    expect(() => renderSound({ class: 'unicorn', params: {}, seed: 1, sampleRateHz: SR })).toThrow(/Unknown sound class "unicorn"/);
  });
});
