/**
 * The library indexer relies on media `readWav` decoding plain PCM quickly; this checks the fast decode
 * path is exact for every plain bit depth (against the values we encoded) and fast enough for indexing.
 */
import { encodeWav, readWav, type WavBitDepth } from '../../../bridge-server/media';

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
