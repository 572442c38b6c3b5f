/**
 * Spectrogram images for listening sessions: an STFT magnitude in dB on a log-frequency axis (40 Hz–Nyquist),
 * 80 dB range, "inferno"-like colour map (black → purple → orange → pale yellow), encoded to PNG with pngjs.
 * Pure: samples in, PNG bytes out (the CLI writes the file).
 */
import { PNG } from 'pngjs';
import { spectrogram } from './spectrum';

/** Colour stops (t, r, g, b) of a perceptually ordered dark-to-bright map. */
const STOPS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 0, 4],
  [0.25, 87, 16, 110],
  [0.5, 188, 55, 84],
  [0.75, 249, 142, 9],
  [1, 252, 255, 164],
];

function colour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, r1, g1, b1] = STOPS[i] as readonly [number, number, number, number];
    const [t0, r0, g0, b0] = STOPS[i - 1] as readonly [number, number, number, number];
    if (x <= t1) {
      const f = (x - t0) / (t1 - t0);
      return [r0 + (r1 - r0) * f, g0 + (g1 - g0) * f, b0 + (b1 - b0) * f];
    }
  }
  return [252, 255, 164];
}

export interface SpectrogramPngOptions {
  heightPx?: number;
  /** pixels per second (columns are STFT frames resampled to this) */
  maxWidthPx?: number;
  rangeDb?: number;
}

export function spectrogramPng(x: Float32Array, sampleRateHz: number, options: SpectrogramPngOptions = {}): Buffer {
  const height = options.heightPx ?? 256;
  const rangeDb = options.rangeDb ?? 80;
  const fftSize = 1024;
  const hop = Math.max(64, Math.floor(x.length / (options.maxWidthPx ?? 1200)));
  const spec = spectrogram(x, sampleRateHz, fftSize, Math.min(hop, fftSize));
  const width = spec.frames;
  let maxPower = 1e-20;
  for (let i = 0; i < spec.power.length; i++) maxPower = Math.max(maxPower, spec.power[i] as number);
  const maxDb = 10 * Math.log10(maxPower);
  const png = new PNG({ width, height });
  const loHz = 40;
  const hiHz = sampleRateHz / 2;
  const binHz = sampleRateHz / fftSize;
  for (let y = 0; y < height; y++) {
    // row 0 is the top (highest frequency)
    const f = loHz * Math.pow(hiHz / loHz, (height - 1 - y) / (height - 1));
    const bin = Math.min(spec.bins - 1, Math.max(0, Math.round(f / binHz)));
    for (let col = 0; col < width; col++) {
      const p = spec.power[col * spec.bins + bin] as number;
      const db = 10 * Math.log10(p + 1e-20) - maxDb;
      const [r, g, b] = colour(1 + db / rangeDb);
      const o = (y * width + col) * 4;
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
