import { alignTakes } from '../../../bridge-server/pipeline/align';
import { fitBedToLength } from '../../../bridge-server/pipeline/align/fitRange';
import { detectOnsets } from '../../../bridge-server/dsp/onsets';
import { SR, generated, makeCue, makePlan, synthBed, synthTake } from './synthTakes';

describe('alignTakes placement', () => {
  it('puts the sync point on the cue time to the sample, for sub-frame times', () => {
    const cue = makeCue({ id: 'a', start: 1.2345678 });
    const take = synthTake({ seed: 1, preroll: 777 });
    const plan = makePlan([cue], 3);
    const out = alignTakes({ generated: generated(plan, [{ cue, takes: [take] }]), sampleRateHz: SR });
    const p = out.placements[0];
    expect(p).toBeDefined();
    expect(p?.syncSampleOut).toBe(Math.round(1.2345678 * SR));
    expect(p?.startSample).toBe(Math.round(1.2345678 * SR) - 777);
    expect(out.lengthSamples).toBe(3 * SR);
    // the onset the detector finds in the placed audio lands on the cue time within 1 ms
    const placed = new Float32Array(out.lengthSamples);
    placed.set((p?.audio.channels[0] as Float32Array).subarray(0, out.lengthSamples - (p?.startSample ?? 0)), p?.startSample);
    const onsets = detectOnsets(placed, SR);
    expect(onsets).toHaveLength(1);
    expect(Math.abs((onsets[0]?.time ?? 0) - 1.2345678)).toBeLessThan(0.001);
  });

  it('applies cue gain and keeps takes whose head starts before the clip (negative start)', () => {
    const cue = makeCue({ id: 'a', start: 0.005, gainDb: -6 });
    const take = synthTake({ seed: 2, preroll: 4800 });
    const out = alignTakes({ generated: generated(makePlan([cue], 1), [{ cue, takes: [take] }]), sampleRateHz: SR });
    const p = out.placements[0];
    expect(p?.startSample).toBe(240 - 4800);
    const src = take.audio.channels[0] as Float32Array;
    const dst = p?.audio.channels[0] as Float32Array;
    expect((dst[5000] as number) / (src[5000] as number)).toBeCloseTo(Math.pow(10, -6 / 20), 5);
  });

  it('prefers the take whose declared sync point matches its onset and reports every score', () => {
    const cue = makeCue({ id: 'a', start: 0.5 });
    const late = synthTake({ seed: 3, syncOffset: 960 }); // declared 20 ms after the real onset
    const good = synthTake({ seed: 4 });
    const out = alignTakes({ generated: generated(makePlan([cue], 2), [{ cue, takes: [late, good] }]), sampleRateHz: SR });
    const p = out.placements[0];
    expect(p?.chosenTake).toBe(1);
    expect(p?.scores).toHaveLength(2);
    expect(Math.abs(p?.scores[0]?.onsetErrorMs ?? 0) ).toBeGreaterThan(15);
    expect(Math.abs(p?.scores[1]?.onsetErrorMs ?? 99)).toBeLessThan(1);
    expect(p?.scores[1]?.sync).toBeGreaterThan(0.9);
    for (const s of p?.scores ?? []) for (const k of ['sync', 'loudness', 'classFit', 'novelty', 'total'] as const) {
      expect(s[k]).toBeGreaterThanOrEqual(0);
      expect(s[k]).toBeLessThanOrEqual(1);
    }
  });

  it('never chooses the same take twice in a row for a class', () => {
    const best = synthTake({ seed: 5 });
    const other = synthTake({ seed: 6, syncOffset: 96 }); // slightly worse sync, so it only wins by rule
    const cues = [makeCue({ id: 'a', start: 0.5 }), makeCue({ id: 'b', start: 1.0 }), makeCue({ id: 'c', start: 1.5 })];
    const out = alignTakes({
      generated: generated(makePlan(cues, 2), cues.map((cue) => ({ cue, takes: [best, other] }))),
      sampleRateHz: SR,
    });
    const chosen = out.placements.map((p) => p.chosenTake);
    expect(chosen[0]).toBe(0);
    for (let i = 1; i < chosen.length; i++) expect(chosen[i]).not.toBe(chosen[i - 1]);
    expect(out.placements[1]?.scores[0]?.novelty).toBeLessThan(0.01);
  });

  it('scores class fit from spectral targets, and from an external scorer when given', () => {
    const cue = makeCue({ id: 'g', start: 0.5, sound: { class: 'glass_break', params: {} } });
    const dull = synthTake({ seed: 7, darkness: 0.98 });
    const bright = synthTake({ seed: 8, darkness: 0 });
    const plan = makePlan([cue], 2);
    const spectral = alignTakes({ generated: generated(plan, [{ cue, takes: [dull, bright] }]), sampleRateHz: SR });
    const s = spectral.placements[0];
    expect(s?.classFitSource).toBe('spectral');
    expect(s?.scores[1]?.classFit).toBeGreaterThan((s?.scores[0]?.classFit ?? 1) + 0.3);
    const ext = alignTakes({ generated: generated(plan, [{ cue, takes: [dull, bright] }]), sampleRateHz: SR, externalClassFit: { g: [0.9, 0.1] } });
    expect(ext.placements[0]?.classFitSource).toBe('external');
    expect(ext.placements[0]?.scores[0]?.classFit).toBe(0.9);
  });

  it('rates loudness consistency against earlier cues of the same class', () => {
    const cues = [makeCue({ id: 'a', start: 0.2 }), makeCue({ id: 'b', start: 0.8 })];
    const ref = synthTake({ seed: 9, amplitude: 0.3 });
    const same = synthTake({ seed: 10, amplitude: 0.3 });
    const loud = synthTake({ seed: 11, amplitude: 1.5 });
    const out = alignTakes({
      generated: generated(makePlan(cues, 2), [{ cue: cues[0]!, takes: [ref] }, { cue: cues[1]!, takes: [loud, same] }]),
      sampleRateHz: SR,
    });
    const s = out.placements[1]?.scores;
    expect(s?.[1]?.loudness).toBeGreaterThan(0.9);
    expect(s?.[0]?.loudness).toBeLessThan(0.2);
    expect(out.placements[1]?.chosenTake).toBe(1);
  });

  it('skips disabled cues and reports failed ones', () => {
    const a = makeCue({ id: 'a', start: 0.2, enabled: false });
    const b = makeCue({ id: 'b', start: 0.4 });
    const out = alignTakes({
      generated: generated(makePlan([a, b], 1), [
        { cue: a, takes: [synthTake({ seed: 1 })] },
        { cue: b, takes: [], error: { code: 'MODEL_UNAVAILABLE', message: 'no backend' } },
      ]),
      sampleRateHz: SR,
    });
    expect(out.placements).toHaveLength(0);
    expect(out.skipped).toEqual([{ cueId: 'b', code: 'MODEL_UNAVAILABLE', message: 'no backend' }]);
  });

  it('fits beds to exactly the cue range, looping short takes', () => {
    const cue = makeCue({ id: 'r', start: 0.5, end: 4.25, kind: 'ambience', stem: 'ambience', sound: { class: 'rain', params: {} } });
    const out = alignTakes({ generated: generated(makePlan([cue], 5), [{ cue, takes: [synthBed(3, 1.0)] }]), sampleRateHz: SR });
    const p = out.placements[0];
    expect(p?.startSample).toBe(24000);
    expect(p?.audio.channels[0]?.length).toBe(Math.round(4.25 * SR) - 24000);
    expect(p?.kind).toBe('ambience');
    expect(p?.scores[0]?.onsetErrorMs).toBeNull();
  });
});

describe('fitBedToLength', () => {
  it('keeps a constant level across equal-power loop seams and fades the ends', () => {
    // a constant-power stationary source: a sine of incommensurate period is uncorrelated at the seam on average
    const n = SR;
    const src = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.0731) * 0.5);
    const out = fitBedToLength({ sampleRateHz: SR, channels: [src] }, 3 * SR, 1).channels[0] as Float32Array;
    expect(out.length).toBe(3 * SR);
    expect(out[0]).toBe(0);
    expect(Math.abs(out[out.length - 1] as number)).toBeLessThan(1e-6);
    // RMS in 100 ms windows across the middle never drops by more than 3.1 dB (equal-power law bound)
    const rms = (a: number) => Math.sqrt(out.subarray(a, a + 4800).reduce((s, v) => s + v * v, 0) / 4800);
    const ref = rms(SR / 2);
    for (let a = 4800; a < 3 * SR - 9600; a += 2400) expect(20 * Math.log10(rms(a) / ref)).toBeGreaterThan(-3.1);
  });

  it('trims long takes', () => {
    const src = new Float32Array(SR * 2).fill(0.5);
    const out = fitBedToLength({ sampleRateHz: SR, channels: [src] }, SR, 0.5).channels[0] as Float32Array;
    expect(out.length).toBe(SR);
    expect(out[SR / 2]).toBeCloseTo(0.25, 6);
  });
});
