/**
 * The library indexer relies on media `readWav` decoding plain PCM quickly; this checks the fast decode
 * path is exact for every plain bit depth (against the values we encoded); codings wavefile does not
 * expand (µ-law, ADPCM) go through ffmpeg instead.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, readWav, runFfmpeg, type WavBitDepth } from '../../../bridge-server/media';
import { analyzeFile } from '../../../bridge-server/pipeline/generate/library/analyzeFile';

function sine(n: number, freq: number, rate: number, amp: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

describe('readWav fast PCM decode', () => {
  const rate = 44100;
  const left = sine(4410, 440, rate, 0.5);
  const right = sine(4410, 1000, rate, -0.25);
  const cases: Array<[WavBitDepth, number]> = [
    ['16', 1 / 32768],
    ['24', 1 / 8388608],
    ['32f', 1e-7],
  ];
  it.each(cases)('round-trips %s-bit stereo within one quantization step', (depth, step) => {
    const bytes = encodeWav({ sampleRateHz: rate, channels: [left, right] }, { bitDepth: depth });
    const back = readWav(bytes);
    expect(back.audio.sampleRateHz).toBe(rate);
    expect(back.audio.channels).toHaveLength(2);
    const [l, r] = back.audio.channels as [Float32Array, Float32Array];
    expect(l.length).toBe(4410);
    let maxErr = 0;
    for (let i = 0; i < l.length; i++) {
      maxErr = Math.max(maxErr, Math.abs((l[i] as number) - (left[i] as number)), Math.abs((r[i] as number) - (right[i] as number)));
    }
    expect(maxErr).toBeLessThanOrEqual(step * 1.01);
  });

});

describe('WAV codings wavefile does not expand', () => {
  it('decodes µ-law and IMA ADPCM WAVs through ffmpeg, at their own rate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foley-codec-'));
    try {
      for (const codec of ['pcm_mulaw', 'adpcm_ima_wav']) {
        const path = join(dir, `FEETHmn_${codec}_A_B.wav`);
        // a 1 kHz sine at −6 dBFS for 1 s at 44.1 kHz
        await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=frequency=1000:duration=1:sample_rate=44100', '-af', 'volume=4', '-c:a', codec, path]);
        const st = statSync(path);
        const r = await analyzeFile({ path, sizeBytes: st.size, mtimeMs: st.mtimeMs });
        if (!r.ok) throw new Error(r.reason);
        expect(r.analysis.sampleRateHz).toBe(44100);
        expect(r.analysis.durationSec).toBeGreaterThan(0.99);
        expect(r.analysis.durationSec).toBeLessThan(1.03);
        // peak of a 1/8 × 4 = 0.5 sine: −6 dBFS within codec error
        expect(r.analysis.features.peakDb).toBeGreaterThan(-6.8);
        expect(r.analysis.features.peakDb).toBeLessThan(-5.4);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
