import { PresetSchema } from '../../../bridge-server/contracts/preset';
import type { AlignOutput, Placement } from '../../../bridge-server/contracts/stages';
import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { limiterGainCurve, applyGainCurve } from '../../../bridge-server/dsp/limiter';
import { truePeakDbtp } from '../../../bridge-server/dsp/truePeak';
import { constantPowerGains } from '../../../bridge-server/dsp/pan';
import { mixStems } from '../../../bridge-server/pipeline/mix';
import { speechDuckingCurve } from '../../../bridge-server/pipeline/mix/speechDucking';
import { createRng } from '../../../bridge-server/core/rng';
import { SR, makePlan, synthBed, synthTake } from '../align/synthTakes';

const preset = PresetSchema.parse({ name: 'test' });

function placement(p: Partial<Placement> & { cueId: string; startSample: number; audio: Placement['audio'] }): Placement {
  return { stem: 'hits', pan: 0, syncSampleOut: p.startSample, chosenTake: 0, scores: [], provenance: { backend: 'procedural', class: 'impact', seed: 1, params: {} }, kind: 'hit', ...p };
}

function aligned(placements: Placement[], seconds: number): AlignOutput {
  return { plan: makePlan([], seconds), placements, lengthSamples: seconds * SR, sampleRateHz: SR, skipped: [] };
}

/** A busy scene: 20 loud hits over a rain bed, panned around. */
function scene(decayMs = 30): AlignOutput {
  const ps: Placement[] = [];
  for (let i = 0; i < 20; i++) {
    ps.push(placement({ cueId: `h${i}`, startSample: Math.round((0.3 + i * 0.37) * SR), audio: synthTake({ seed: i, amplitude: 0.9, decayMs, lengthSec: 0.4 + decayMs / 200 }).audio, pan: ((i % 5) - 2) / 2, stem: i % 2 ? 'hits' : 'steps' }));
  }
  ps.push(placement({ cueId: 'bed', startSample: 0, audio: synthBed(99, 8, 0.2).audio, stem: 'ambience', kind: 'ambience' }));
  return aligned(ps, 8);
}

describe('constant-power panning', () => {
  it('keeps power constant and is -3 dB at the centre', () => {
    for (const pan of [-1, -0.5, 0, 0.3, 1]) {
      const g = constantPowerGains(pan);
      expect(g.left * g.left + g.right * g.right).toBeCloseTo(1, 12);
    }
    expect(constantPowerGains(0).left).toBeCloseTo(Math.SQRT1_2, 12);
    expect(constantPowerGains(-1).right).toBeCloseTo(0, 12);
  });
});

describe('mixStems', () => {
  it('normalizes the mix to target within ±0.2 LU with every file under the true-peak ceiling', () => {
    const out = mixStems({ aligned: scene(), preset });
    expect(Math.abs(out.loudness.mix.integratedLufs - preset.targetLufs)).toBeLessThanOrEqual(0.2);
    expect(out.loudness.mix.truePeakDbtp).toBeLessThanOrEqual(preset.truePeakDbtp);
    expect(truePeakDbtp(out.mix.channels, SR)).toBeLessThanOrEqual(preset.truePeakDbtp);
    expect(Object.keys(out.stems).sort()).toEqual(['ambience', 'hits', 'steps']);
    for (const [name, s] of Object.entries(out.stems)) {
      expect(out.loudness.stems[name]?.truePeakDbtp).toBeLessThanOrEqual(preset.truePeakDbtp);
      expect(s.channels).toHaveLength(2);
    }
    // ambience sits under the transient stems
    const amb = out.loudness.stems.ambience?.integratedLufs ?? 0;
    const hits = measureLoudness({ sampleRateHz: SR, channels: out.stems.hits!.channels }).integratedLufs;
    expect(amb).toBeLessThan(hits);
  });

  it('applies the same gain and limiter curve to the stems, so they sum to the mix', () => {
    // long decays: low peak-to-loudness ratio, so no stem needs its own trim (which would break the sum)
    const out = mixStems({ aligned: scene(400), preset });
    let maxErr = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < out.mix.channels[0]!.length; i += 7) {
      const sum = Object.values(out.stems).reduce((a, s) => a + (s.channels[c]![i] as number), 0);
      maxErr = Math.max(maxErr, Math.abs(sum - (out.mix.channels[c]![i] as number)));
    }
    expect(maxErr).toBeLessThan(1e-5);
  });

  it('reaches other targets too (-16 LUFS, -2 dBTP)', () => {
    const p = PresetSchema.parse({ name: 'web', targetLufs: -16, truePeakDbtp: -2 });
    const out = mixStems({ aligned: scene(), preset: p });
    expect(Math.abs(out.loudness.mix.integratedLufs + 16)).toBeLessThanOrEqual(0.2);
    expect(out.loudness.mix.truePeakDbtp).toBeLessThanOrEqual(-2);
  });

  it('pans mono takes with the constant-power law', () => {
    const take = synthTake({ seed: 3 }).audio;
    const left = mixStems({ aligned: aligned([placement({ cueId: 'a', startSample: 1000, audio: take, pan: -1 })], 1), preset });
    const r = left.mix.channels[1] as Float32Array;
    expect(r.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1e-9);
    const centre = mixStems({ aligned: aligned([placement({ cueId: 'a', startSample: 1000, audio: take, pan: 0 })], 1), preset });
    const l0 = centre.mix.channels[0] as Float32Array;
    const r0 = centre.mix.channels[1] as Float32Array;
    for (let i = 1000; i < 5000; i += 97) expect(l0[i]).toBeCloseTo(r0[i] as number, 7);
  });

  it('keeps a silent mix silent without NaN', () => {
    const out = mixStems({ aligned: aligned([], 2), preset });
    expect(out.normalizationGainDb).toBe(0);
    expect(out.loudness.mix.integratedLufs).toBe(-Infinity);
    expect(out.mix.channels[0]?.every((v) => v === 0)).toBe(true);
    expect(Number.isNaN(out.normalizationGainDb)).toBe(false);
  });

  it('ducks beds under speech in the production sound when asked', () => {
    const rng = createRng(4);
    const prod = new Float32Array(4 * SR);
    // "speech": 1..2.5 s of a voiced-like harmonic series (150 Hz fundamental, harmonics 450–3000 Hz)
    // with a 4 Hz syllable envelope; otherwise a quiet noise floor
    for (let i = 0; i < prod.length; i++) {
      let v = 0.0005 * rng.gauss();
      if (i > SR && i < 2.5 * SR) {
        const syllable = 0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / SR);
        for (let k = 3; k <= 20; k++) v += (0.05 / Math.sqrt(k)) * syllable * Math.sin((2 * Math.PI * 150 * k * i) / SR + k);
      }
      prod[i] = v;
    }
    const curve = speechDuckingCurve({ sampleRateHz: SR, channels: [prod] }, 4 * SR);
    expect(curve).toBeDefined();
    expect(curve![Math.round(2 * SR)]).toBeLessThan(0.4);
    expect(curve![Math.round(0.5 * SR)]).toBeCloseTo(1, 3);
    const bedOnly = aligned([placement({ cueId: 'bed', startSample: 0, audio: synthBed(5, 4, 0.2).audio, stem: 'ambience', kind: 'ambience' })], 4);
    const ducked = mixStems({ aligned: bedOnly, preset: { ...preset, duckUnderSpeech: true }, productionSound: { sampleRateHz: SR, channels: [prod] } });
    const rms = (a: Float32Array, from: number) => Math.sqrt(a.subarray(from, from + SR / 4).reduce((s, v) => s + v * v, 0) / (SR / 4));
    const m = ducked.mix.channels[0] as Float32Array;
    expect(20 * Math.log10(rms(m, Math.round(1.8 * SR)) / rms(m, Math.round(0.3 * SR)))).toBeLessThan(-8);
  });
});

describe('limiterGainCurve', () => {
  it('brings inter-sample peaks under the ceiling and leaves quiet audio alone', () => {
    const x = Float32Array.from({ length: SR }, (_, i) => 1.4 * Math.sin((2 * Math.PI * i) / 4 + Math.PI / 4));
    const ch = [x];
    const curve = limiterGainCurve(ch, SR, { ceilingDbtp: -1 });
    expect(curve).toBeDefined();
    applyGainCurve(ch, curve!);
    expect(truePeakDbtp(ch, SR)).toBeLessThanOrEqual(-0.95);
    expect(limiterGainCurve([new Float32Array(1000).fill(0.1)], SR, { ceilingDbtp: -1 })).toBeUndefined();
  });
});
