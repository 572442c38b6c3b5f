/**
 * The take resampler against known answers: a tone below both Nyquist limits keeps its amplitude and
 * frequency through 16 k → 48 k and 44.1 k → 48 k; a tone above the target Nyquist is removed.
 */
import { resampleSinc } from '../../../bridge-server/pipeline/generate/onnx/resample';

function tone(hz: number, sr: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / sr));
}

function maxErrInterior(y: Float32Array, hz: number, sr: number): number {
  let m = 0;
  for (let i = 200; i < y.length - 200; i++) m = Math.max(m, Math.abs((y[i] as number) - Math.sin((2 * Math.PI * hz * i) / sr)));
  return m;
}

test('a 1 kHz tone survives 16 k → 48 k and 44.1 k → 48 k to within -50 dB', () => {
  const up = resampleSinc(tone(1000, 16000, 16000), 16000, 48000);
  expect(up).toHaveLength(48000);
  expect(maxErrInterior(up, 1000, 48000)).toBeLessThan(0.003);
  const up2 = resampleSinc(tone(1000, 44100, 44100), 44100, 48000);
  expect(up2).toHaveLength(48000);
  expect(maxErrInterior(up2, 1000, 48000)).toBeLessThan(0.003);
});

test('downsampling removes content above the new Nyquist frequency', () => {
  const down = resampleSinc(tone(12000, 48000, 48000), 48000, 16000);
  expect(down).toHaveLength(16000);
  let peak = 0;
  for (let i = 200; i < down.length - 200; i++) peak = Math.max(peak, Math.abs(down[i] as number));
  expect(peak).toBeLessThan(0.01);
  const same = Float32Array.from([1, 2, 3]);
  expect(Array.from(resampleSinc(same, 48000, 48000))).toEqual([1, 2, 3]);
});
