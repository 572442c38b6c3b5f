/**
 * Band-limited resampling by an arbitrary ratio, used both to convert a library file's rate to the
 * plan's rate and to apply pitch micro-variation (a ±3 % speed change, like varispeed on tape).
 * Windowed-sinc interpolation (Smith, "Digital Audio Resampling", ccrma.stanford.edu/~jos/resample):
 * a Hann-windowed sinc with `HALF_TAPS` zero crossings each side, read from a table with linear
 * interpolation between phases; when reading faster than 1:1 the kernel is stretched so the cutoff
 * follows the new Nyquist frequency (no aliasing on downsampling). Pure; allocates only the output.
 */

const HALF_TAPS = 8;
const PHASES = 512;

let table: Float32Array | undefined;

/** kernel(x) for x in [0, HALF_TAPS], sampled every 1/PHASES. */
function kernelTable(): Float32Array {
  if (table) return table;
  const n = HALF_TAPS * PHASES + 2;
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = i / PHASES;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = x >= HALF_TAPS ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * x) / HALF_TAPS);
    t[i] = sinc * w;
  }
  table = t;
  return t;
}

/**
 * Reads `input` at `step` input samples per output sample starting at `startPos` (fractional) and
 * returns `outLength` samples. step = inputRate / outputRate × speed.
 */
export function resampleChannel(input: Float32Array, step: number, outLength: number, startPos = 0): Float32Array {
  const k = kernelTable();
  const out = new Float32Array(Math.max(0, outLength));
  const scale = step > 1 ? 1 / step : 1; // kernel compression for anti-aliasing
  const reach = Math.ceil(HALF_TAPS / scale);
  const n = input.length;
  for (let j = 0; j < out.length; j++) {
    const pos = startPos + j * step;
    const base = Math.floor(pos);
    let acc = 0;
    for (let i = base - reach + 1; i <= base + reach; i++) {
      if (i < 0 || i >= n) continue;
      const x = Math.abs(pos - i) * scale;
      if (x >= HALF_TAPS) continue;
      const fi = x * PHASES;
      const i0 = fi | 0;
      const frac = fi - i0;
      const kv = (k[i0] as number) + ((k[i0 + 1] as number) - (k[i0] as number)) * frac;
      acc += (input[i] as number) * kv;
    }
    out[j] = acc * scale;
  }
  return out;
}

/** Output length for `inputLength` samples read at `step`. */
export function resampledLength(inputLength: number, step: number): number {
  return Math.max(0, Math.floor((inputLength - 1) / step) + 1);
}

/** Linear fades in place (declicks slice edges). */
export function applyEdgeFades(samples: Float32Array, fadeInSamples: number, fadeOutSamples: number): void {
  const n = samples.length;
  const fi = Math.min(fadeInSamples, n);
  for (let i = 0; i < fi; i++) samples[i] = (samples[i] as number) * (i / fi);
  const fo = Math.min(fadeOutSamples, n);
  for (let i = 0; i < fo; i++) {
    const idx = n - 1 - i;
    samples[idx] = (samples[idx] as number) * (i / fo);
  }
}
