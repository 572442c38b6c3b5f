import { measureLoudness } from '../../../bridge-server/dsp/loudness';
import { rlbCoefficients, shelfCoefficients } from '../../../bridge-server/dsp/kWeighting';
import { truePeakDbtp } from '../../../bridge-server/dsp/truePeak';
import { EBU_SR, toneSequence, truePeakBurstSet, truePeakSine } from './ebuSignals';

const s = (sec: number, dbfs: number | null) => ({ sec, dbfs });

describe('K-weighting coefficients', () => {
  it('reproduce the BS.1770 48 kHz tables', () => {
    const sh = shelfCoefficients(48000);
    const expected = [1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585];
    [sh.b0, sh.b1, sh.b2, sh.a1, sh.a2].forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 12));
    const r = rlbCoefficients(48000);
    expect(r.a1).toBeCloseTo(-1.99004745483398, 12);
    expect(r.a2).toBeCloseTo(0.99007225036621, 12);
  });

  it('match the libebur128 derivation at 44.1 and 96 kHz', () => {
    const s44 = shelfCoefficients(44100);
    expect(s44.b0).toBeCloseTo(1.53084123005035, 12);
    expect(s44.a1).toBeCloseTo(-1.66365511325602, 12);
    expect(rlbCoefficients(44100).a1).toBeCloseTo(-1.9891696736298, 12);
    const s96 = shelfCoefficients(96000);
    expect(s96.b1).toBeCloseTo(-2.92674157825108, 12);
    expect(rlbCoefficients(96000).a2).toBeCloseTo(0.995023759040923, 12);
  });
});

describe('EBU Tech 3341 (loudness)', () => {
  it('reads a 997 Hz 0 dBFS sine in one channel as -3.01 LUFS', () => {
    const n = EBU_SR * 5;
    const l = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 997 * i) / EBU_SR));
    expect(measureLoudness({ sampleRateHz: EBU_SR, channels: [l, new Float32Array(n)] }).integratedLufs).toBeCloseTo(-3.01, 1);
  });

  it.each([
    ['1', [s(20, -23)], -23],
    ['2', [s(20, -33)], -33],
    ['3', [s(10, -36), s(60, -23), s(10, -36)], -23],
    ['4', [s(10, -72), s(10, -36), s(60, -23), s(10, -36), s(10, -72)], -23],
    ['5', [s(20, -26), s(20.1, -20), s(20, -26)], -23],
  ])('case %s: I within ±0.1', (_name, segments, expected) => {
    const m = measureLoudness(toneSequence(segments), { truePeak: false });
    expect(Math.abs(m.integratedLufs - expected)).toBeLessThanOrEqual(0.1);
  });

  it('cases 1 and 2: M and S equal I', () => {
    for (const level of [-23, -33]) {
      const m = measureLoudness(toneSequence([s(20, level)]), { truePeak: false, series: true });
      expect(Math.abs(m.maxMomentaryLufs - level)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(m.maxShortTermLufs - level)).toBeLessThanOrEqual(0.1);
      for (const v of m.momentaryLufs ?? []) expect(Math.abs(v - level)).toBeLessThanOrEqual(0.1);
    }
  });

  it('case 6: 5.0 channels with surround weights', () => {
    const m = measureLoudness(toneSequence([s(20, 0)], 5, [-28, -28, -24, -30, -30]), { truePeak: false });
    expect(Math.abs(m.integratedLufs + 23)).toBeLessThanOrEqual(0.1);
  });

  it('case 9: S constant at -23 after 3 s', () => {
    const segs = Array.from({ length: 5 }, () => [s(1.34, -20), s(1.66, -30)]).flat();
    const m = measureLoudness(toneSequence(segs), { truePeak: false, series: true });
    const st = m.shortTermLufs as Float64Array;
    expect(st.length).toBeGreaterThan(1000);
    for (const v of st) expect(Math.abs(v + 23)).toBeLessThanOrEqual(0.1);
  });

  it('case 10: max S = -23 in each of 20 files', () => {
    for (let i = 0; i < 20; i++) {
      const m = measureLoudness(toneSequence([s(i * 0.15, null), s(3, -23), s(1, null)]), { truePeak: false });
      expect(Math.abs(m.maxShortTermLufs + 23)).toBeLessThanOrEqual(0.1);
    }
  });

  it('case 11: max S = -38 … -19 per segment', () => {
    const segs = Array.from({ length: 20 }, (_, i) => [s(i * 0.15, null), s(3, -38 + i), s(3 - i * 0.15, null)]).flat();
    const m = measureLoudness(toneSequence(segs), { truePeak: false, series: true });
    const st = m.shortTermLufs as Float64Array;
    for (let i = 0; i < 20; i++) {
      // windows ending inside segment i (end index = k + 300 sub-blocks of 10 ms)
      let mx = -Infinity;
      for (let end = i * 600 + 1; end <= (i + 1) * 600; end++) {
        const k = end - 300;
        if (k >= 0 && k < st.length) mx = Math.max(mx, st[k] as number);
      }
      expect(Math.abs(mx - (-38 + i))).toBeLessThanOrEqual(0.1);
    }
  });

  it('case 12: M constant at -23 after 1 s', () => {
    const segs = Array.from({ length: 25 }, () => [s(0.18, -20), s(0.22, -30)]).flat();
    const m = measureLoudness(toneSequence(segs), { truePeak: false, series: true });
    const mo = m.momentaryLufs as Float64Array;
    for (let k = 100 - 40; k < mo.length; k++) expect(Math.abs((mo[k] as number) + 23)).toBeLessThanOrEqual(0.1);
  });

  it('case 13: max M = -23 in each of 20 files (needs the 10 ms hop)', () => {
    for (let i = 0; i < 20; i++) {
      const m = measureLoudness(toneSequence([s(i * 0.02, null), s(0.4, -23), s(1, null)]), { truePeak: false });
      expect(Math.abs(m.maxMomentaryLufs + 23)).toBeLessThanOrEqual(0.1);
    }
  });

  it('case 13 also holds for tones that start between 10 ms sub-blocks', () => {
    for (const startSec of [0.0037, 0.0051, 0.1234]) {
      const m = measureLoudness(toneSequence([s(startSec, null), s(0.4, -23), s(1, null)]), { truePeak: false });
      expect(Math.abs(m.maxMomentaryLufs + 23)).toBeLessThanOrEqual(0.1);
    }
  });

  it('case 14: max M = -38 … -19 per segment', () => {
    const segs = Array.from({ length: 20 }, (_, i) => [s(i * 0.02, null), s(0.4, -38 + i), s(0.4 - i * 0.02, null)]).flat();
    const m = measureLoudness(toneSequence(segs), { truePeak: false, series: true });
    const mo = m.momentaryLufs as Float64Array;
    for (let i = 0; i < 20; i++) {
      let mx = -Infinity;
      for (let end = i * 80 + 1; end <= (i + 1) * 80; end++) {
        const k = end - 40;
        if (k >= 0 && k < mo.length) mx = Math.max(mx, mo[k] as number);
      }
      expect(Math.abs(mx - (-38 + i))).toBeLessThanOrEqual(0.1);
    }
  });

  it.each([
    ['15', 4, 0.5, 0, -6],
    ['16', 4, 0.5, 45, -6],
    ['17', 6, 0.5, 60, -6],
    ['18', 8, 0.5, 67.5, -6],
    ['19', 4, 1.41, 45, 3],
  ])('case %s: true peak within +0.2/-0.4', (_name, div, amp, phase, expected) => {
    const a = truePeakSine(div, amp, phase);
    const tp = truePeakDbtp(a.channels, a.sampleRateHz);
    expect(tp - expected).toBeLessThanOrEqual(0.2);
    expect(tp - expected).toBeGreaterThanOrEqual(-0.4);
  });

  it('cases 20-23: true peak of the decimated burst within +0.2/-0.4 of 0 dBTP at every offset', () => {
    const set = truePeakBurstSet();
    const samplePeaks: number[] = [];
    for (const a of set) {
      const m = measureLoudness(a);
      samplePeaks.push(m.samplePeakDbfs);
      expect(m.truePeakDbtp).toBeLessThanOrEqual(0.2);
      expect(m.truePeakDbtp).toBeGreaterThanOrEqual(-0.4);
    }
    // the set really tests inter-sample peaks: some offsets have sample peaks far below 0 dBFS
    expect(Math.min(...samplePeaks)).toBeLessThan(-2);
  });
});

describe('EBU Tech 3342 (loudness range)', () => {
  it.each([
    ['1', [s(20, -20), s(20, -30)], 10],
    ['2', [s(20, -20), s(20, -15)], 5],
    ['3', [s(20, -40), s(20, -20)], 20],
    ['4', [s(20, -50), s(20, -35), s(20, -20), s(20, -35), s(20, -50)], 15],
  ])('case %s: LRA within ±1', (_name, segments, expected) => {
    const once = measureLoudness(toneSequence(segments), { truePeak: false });
    expect(Math.abs(once.loudnessRangeLu - expected)).toBeLessThanOrEqual(1);
  });

  it('case 1 repeated gives the same LRA', () => {
    const segs = [s(20, -20), s(20, -30)];
    const twice = measureLoudness(toneSequence([...segs, ...segs]), { truePeak: false });
    expect(Math.abs(twice.loudnessRangeLu - 10)).toBeLessThanOrEqual(1);
  });
});

describe('edge cases', () => {
  it('silence gives -Infinity without NaN', () => {
    const m = measureLoudness({ sampleRateHz: EBU_SR, channels: [new Float32Array(EBU_SR * 2), new Float32Array(EBU_SR * 2)] });
    expect(m.integratedLufs).toBe(-Infinity);
    expect(m.truePeakDbtp).toBe(-Infinity);
    expect(m.loudnessRangeLu).toBe(0);
  });

  it('a signal shorter than one block has no integrated loudness but a true peak', () => {
    const m = measureLoudness(toneSequence([s(0.3, -10)]));
    expect(m.integratedLufs).toBe(-Infinity);
    expect(m.truePeakDbtp).toBeCloseTo(-10, 1);
  });

  it('rejects mismatched channel weights', () => {
    expect(() => measureLoudness(toneSequence([s(1, -20)]), { channelWeights: [1] })).toThrow(RangeError);
  });
});
