/**
 * Band-limited resampling of model output (16/44.1 kHz) to the project rate: a Lanczos-windowed sinc
 * (16 zero crossings each side) with the cutoff at the lower Nyquist frequency (Smith, "Digital Audio
 * Resampling", ccrma.stanford.edu/~jos/resample). Polyphase: for a rational ratio L/M the kernel has
 * only L distinct phases, so their taps are computed once and the per-sample loop is multiply-adds.
 * Pure; allocates only the tap table and the result.
 */
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function kernel(d: number, zeroCrossings: number): number {
  if (d === 0) return 1;
  if (Math.abs(d) >= zeroCrossings) return 0;
  const x = Math.PI * d;
  return (Math.sin(x) / x) * (Math.sin(x / zeroCrossings) / (x / zeroCrossings));
}

export function resampleSinc(x: Float32Array, fromHz: number, toHz: number, zeroCrossings = 16): Float32Array {
  if (fromHz === toHz) return Float32Array.from(x);
  const n = Math.max(1, Math.round((x.length * toHz) / fromHz));
  const out = new Float32Array(n);
  const g = gcd(Math.round(fromHz), Math.round(toHz));
  const L = Math.round(toHz) / g; // phases
  const M = Math.round(fromHz) / g; // input step per L outputs
  const cutoff = Math.min(1, toHz / fromHz);
  const half = Math.ceil(zeroCrossings / cutoff) + 1;
  const width = 2 * half + 1;
  if (L > 8192) throw new RangeError(`resampleSinc: ${fromHz} → ${toHz} Hz needs ${L} filter phases; use integer rates with a smaller ratio`);
  // taps[p·width + (j + half)] weights input sample floor(center) + j for output phase p
  const taps = new Float32Array(L * width);
  for (let p = 0; p < L; p++) {
    const frac = p / L;
    for (let j = -half; j <= half; j++) taps[p * width + j + half] = kernel((j - frac) * cutoff, zeroCrossings) * cutoff;
  }
  const last = x.length - 1;
  for (let i = 0; i < n; i++) {
    const num = i * M;
    const base = Math.floor(num / L);
    const p = num - base * L;
    const row = p * width;
    let acc = 0;
    const lo = Math.max(-half, -base);
    const hi = Math.min(half, last - base);
    for (let j = lo; j <= hi; j++) acc += (x[base + j] as number) * (taps[row + j + half] as number);
    out[i] = acc;
  }
  return out;
}
