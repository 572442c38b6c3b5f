/**
 * Physical sanity: metal rings longer and brighter than wood of the same size; bigger objects sound lower;
 * harder hits are brighter; runs are quicker (shorter heel→toe) than walks; twenty footsteps are twenty
 * different sounds (pitch, level, timing and spectral micro-variation), not one sample repeated.
 */
import { renderSound } from '../../../bridge-server/pipeline/generate/procedural';
import { decayTimeSec, meanSpectrum, spectralCentroidHz, spectrogram, envelopeDb } from '../../../bridge-server/pipeline/generate/procedural/spectrum';
import { toMono } from '../../../bridge-server/core/audio';

const SR = 48000;

function mono(cls: string, params: Record<string, string | number>, seed: number): Float32Array {
  return toMono(renderSound({ class: cls, params, seed, sampleRateHz: SR }).audio);
}

function centroid(x: Float32Array): number {
  return spectralCentroidHz(meanSpectrum(spectrogram(x, SR, 2048, 512), 30), SR);
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const SEEDS = [1, 2, 3];

describe('physical sanity of the procedural engine', () => {
  it('metal rings longer and brighter than wood of the same size', () => {
    for (const size of [0.3, 0.7]) {
      const metal = SEEDS.map((s) => mono('impact', { material: 'metal', size, force: 0.6 }, s));
      const wood = SEEDS.map((s) => mono('impact', { material: 'wood', size, force: 0.6 }, s));
      const metalDecay = mean(metal.map((x) => decayTimeSec(x, SR, 30)));
      const woodDecay = mean(wood.map((x) => decayTimeSec(x, SR, 30)));
      expect(metalDecay).toBeGreaterThan(4 * woodDecay);
      expect(mean(metal.map(centroid))).toBeGreaterThan(mean(wood.map(centroid)));
    }
  });

  it('bigger objects are lower', () => {
    for (const material of ['wood', 'metal', 'glass', 'plastic']) {
      const small = mean(SEEDS.map((s) => centroid(mono('impact', { material, size: 0.15, force: 0.6 }, s))));
      const big = mean(SEEDS.map((s) => centroid(mono('impact', { material, size: 0.85, force: 0.6 }, s))));
      expect(big).toBeLessThan(small * 0.8);
    }
    const smallGlass = mean(SEEDS.map((s) => centroid(mono('glass_break', { size: 0.1 }, s))));
    const window = mean(SEEDS.map((s) => centroid(mono('glass_break', { size: 0.9 }, s))));
    expect(window).toBeLessThan(smallGlass);
  });

  it('harder hits are brighter', () => {
    const soft = mean(SEEDS.map((s) => centroid(mono('impact', { material: 'wood', size: 0.5, force: 0.1 }, s))));
    const hard = mean(SEEDS.map((s) => centroid(mono('impact', { material: 'wood', size: 0.5, force: 1 }, s))));
    expect(hard).toBeGreaterThan(soft * 1.1);
  });

  it('a footstep has a heel and a toe part, closer together when running', () => {
    const gap = (x: Float32Array): number => {
      // 2 ms RMS envelope of the first difference (a high-pass: contacts click, while low floor modes would
      // make 2 ms blocks flicker with their waveform): the heel is the loudest block; the toe is the largest
      // rise (vs 4 ms earlier) at least 20 ms after it.
      const diff = new Float32Array(x.length);
      for (let i = 1; i < x.length; i++) diff[i] = (x[i] as number) - (x[i - 1] as number);
      const env = envelopeDb(diff, SR, 0.002);
      let heel = 0;
      for (let i = 1; i < env.length; i++) if ((env[i] as number) > (env[heel] as number)) heel = i;
      let toe = -1;
      let bestRise = -Infinity;
      for (let i = heel + 10; i < env.length; i++) {
        const rise = (env[i] as number) - (env[i - 2] as number);
        if (rise > bestRise) {
          bestRise = rise;
          toe = i;
        }
      }
      return ((toe - heel) * 2) / 1000;
    };
    for (const surface of ['concrete', 'wood', 'tile']) {
      const walk = SEEDS.map((s) => gap(mono('footsteps', { surface, footwear: 'boot', pace: 'walk' }, s)));
      const run = SEEDS.map((s) => gap(mono('footsteps', { surface, footwear: 'boot', pace: 'run' }, s)));
      for (const g of walk) expect(g).toBeGreaterThanOrEqual(0.045);
      for (const g of walk) expect(g).toBeLessThanOrEqual(0.13);
      expect(mean(run)).toBeLessThan(mean(walk));
      const walkLen = mean(SEEDS.map((s) => mono('footsteps', { surface, pace: 'walk' }, s).length));
      const runLen = mean(SEEDS.map((s) => mono('footsteps', { surface, pace: 'run' }, s).length));
      expect(runLen).toBeLessThan(walkLen);
    }
  });

  it('twenty footsteps are twenty different sounds', () => {
    const takes = Array.from({ length: 20 }, (_, i) => renderSound({ class: 'footsteps', params: { surface: 'concrete', footwear: 'sneaker' }, seed: 1000 + i, sampleRateHz: SR }));
    const peaks = takes.map((t) => Math.max(...toMono(t.audio).map(Math.abs)));
    const cents = takes.map((t) => centroid(toMono(t.audio)));
    const lengths = takes.map((t) => t.audio.channels[0]?.length ?? 0);
    const spread = (xs: number[]): number => (Math.max(...xs) - Math.min(...xs)) / mean(xs);
    expect(spread(peaks)).toBeGreaterThan(0.1); // level variation (±1.5 dB)
    expect(spread(cents)).toBeGreaterThan(0.05); // spectral variation
    expect(new Set(lengths).size).toBeGreaterThan(10); // timing variation (heel→toe gap)
    // and no two are near-copies: normalized cross-correlation at zero lag stays well below 1
    for (let a = 0; a < 5; a++) {
      for (let b = a + 1; b < 5; b++) {
        const x = toMono((takes[a] as (typeof takes)[number]).audio);
        const y = toMono((takes[b] as (typeof takes)[number]).audio);
        let xy = 0, xx = 0, yy = 0;
        for (let i = 0; i < Math.min(x.length, y.length); i++) {
          xy += (x[i] as number) * (y[i] as number);
          xx += (x[i] as number) ** 2;
          yy += (y[i] as number) ** 2;
        }
        expect(Math.abs(xy) / Math.sqrt(xx * yy)).toBeLessThan(0.9);
      }
    }
  });
});
