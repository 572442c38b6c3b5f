/**
 * Band-limited resampling of model output (16/44.1 kHz) to the project rate: a Lanczos-windowed sinc
 * (a = 16 zero crossings each side) with the cutoff at the lower Nyquist frequency (Smith, "Digital
 * Audio Resampling", ccrma.stanford.edu/~jos/resample). Pure; allocates only its result.
 */
export function resampleSinc(x: Float32Array, fromHz: number, toHz: number, zeroCrossings = 16): Float32Array {
  if (fromHz === toHz) return Float32Array.from(x);
  const n = Math.max(1, Math.round((x.length * toHz) / fromHz));
  const out = new Float32Array(n);
  const ratio = fromHz / toHz;
  const cutoff = Math.min(1, toHz / fromHz); // relative to the input Nyquist
  const half = zeroCrossings / cutoff; // filter half-width in input samples
  for (let i = 0; i < n; i++) {
    const center = i * ratio;
    const lo = Math.max(0, Math.ceil(center - half));
    const hi = Math.min(x.length - 1, Math.floor(center + half));
    let acc = 0;
    for (let k = lo; k <= hi; k++) {
      const d = (k - center) * cutoff;
      const sinc = d === 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
      const w = d === 0 ? 1 : Math.abs(d) >= zeroCrossings ? 0 : Math.sin((Math.PI * d) / zeroCrossings) / ((Math.PI * d) / zeroCrossings);
      acc += (x[k] as number) * sinc * w;
    }
    out[i] = acc * cutoff;
  }
  return out;
}
