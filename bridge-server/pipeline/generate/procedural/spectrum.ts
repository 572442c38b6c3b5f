/**
 * Spectral analysis used to look at and compare renders: an in-place radix-2 FFT, a short-time magnitude
 * spectrogram, and summary statistics (log band spectrum on a mel-like scale, spectral centroid, spectral
 * flatness, decay time) that the sounds bench compares against real recordings and the unit tests use for
 * physical sanity checks. Pure functions on Float32Array; no I/O.
 */

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] as number;
      re[i] = re[j] as number;
      re[j] = tr;
      const ti = im[i] as number;
      im[i] = im[j] as number;
      im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = (re[b] as number) * cr - (im[b] as number) * ci;
        const xi = (re[b] as number) * ci + (im[b] as number) * cr;
        re[b] = (re[a] as number) - xr;
        im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr;
        im[a] = (im[a] as number) + xi;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

export interface Spectrogram {
  /** frames × bins power values (|X|²), row-major */
  power: Float64Array;
  frames: number;
  bins: number;
  fftSize: number;
  hop: number;
  sampleRateHz: number;
}

/** Hann-windowed STFT power spectrogram. */
export function spectrogram(x: Float32Array, sampleRateHz: number, fftSize = 1024, hop = 256): Spectrogram {
  const bins = fftSize / 2 + 1;
  const frames = Math.max(1, Math.floor((x.length - fftSize) / hop) + 1);
  const power = new Float64Array(frames * bins);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const win = new Float64Array(fftSize);
  for (let i = 0; i < fftSize; i++) win[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / fftSize);
  for (let f = 0; f < frames; f++) {
    const off = f * hop;
    for (let i = 0; i < fftSize; i++) {
      re[i] = (x[off + i] ?? 0) * (win[i] as number);
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k < bins; k++) power[f * bins + k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
  }
  return { power, frames, bins, fftSize, hop, sampleRateHz };
}

/** Mean power spectrum over the frames whose energy is within `gateDb` of the loudest frame. */
export function meanSpectrum(s: Spectrogram, gateDb = 40): Float64Array {
  const energy = new Float64Array(s.frames);
  let maxE = 0;
  for (let f = 0; f < s.frames; f++) {
    let e = 0;
    for (let k = 0; k < s.bins; k++) e += s.power[f * s.bins + k] as number;
    energy[f] = e;
    if (e > maxE) maxE = e;
  }
  const gate = maxE * Math.pow(10, -gateDb / 10);
  const out = new Float64Array(s.bins);
  let count = 0;
  for (let f = 0; f < s.frames; f++) {
    if ((energy[f] as number) < gate || maxE === 0) continue;
    count++;
    for (let k = 0; k < s.bins; k++) out[k] = (out[k] as number) + (s.power[f * s.bins + k] as number);
  }
  for (let k = 0; k < s.bins; k++) out[k] = (out[k] as number) / Math.max(1, count);
  return out;
}

export function spectralCentroidHz(spectrum: Float64Array, sampleRateHz: number): number {
  const binHz = sampleRateHz / (2 * (spectrum.length - 1));
  let num = 0;
  let den = 0;
  for (let k = 1; k < spectrum.length; k++) {
    num += k * binHz * (spectrum[k] as number);
    den += spectrum[k] as number;
  }
  return den > 0 ? num / den : 0;
}

/** Geometric over arithmetic mean of the power spectrum (1 = white noise, → 0 = tonal). */
export function spectralFlatness(spectrum: Float64Array): number {
  let logSum = 0;
  let sum = 0;
  const n = spectrum.length - 1;
  for (let k = 1; k < spectrum.length; k++) {
    const v = (spectrum[k] as number) + 1e-20;
    logSum += Math.log(v);
    sum += v;
  }
  return sum > 0 ? Math.exp(logSum / n) / (sum / n) : 0;
}

/** Band edges of `count` bands equally spaced on the mel scale between loHz and hiHz. */
export function melBandEdgesHz(count: number, loHz = 40, hiHz = 16000): number[] {
  const mel = (f: number): number => 2595 * Math.log10(1 + f / 700);
  const inv = (m: number): number => 700 * (Math.pow(10, m / 2595) - 1);
  const edges: number[] = [];
  for (let i = 0; i <= count; i++) edges.push(inv(mel(loHz) + ((mel(hiHz) - mel(loHz)) * i) / count));
  return edges;
}

/** Log band spectrum (dB) in mel-spaced bands, normalized so its maximum band is 0 dB. */
export function logBandSpectrumDb(spectrum: Float64Array, sampleRateHz: number, bandCount = 24): number[] {
  const binHz = sampleRateHz / (2 * (spectrum.length - 1));
  const edges = melBandEdgesHz(bandCount, 40, Math.min(16000, sampleRateHz / 2));
  const bands: number[] = [];
  for (let b = 0; b < bandCount; b++) {
    const lo = Math.max(1, Math.floor((edges[b] as number) / binHz));
    const hi = Math.max(lo + 1, Math.ceil((edges[b + 1] as number) / binHz));
    let e = 0;
    for (let k = lo; k < hi && k < spectrum.length; k++) e += spectrum[k] as number;
    bands.push(10 * Math.log10(e / (hi - lo) + 1e-20));
  }
  const max = Math.max(...bands);
  return bands.map((v) => Math.max(-80, v - max));
}

/** RMS envelope in dB over blocks of `blockSec`. */
export function envelopeDb(x: Float32Array, sampleRateHz: number, blockSec = 0.005): Float64Array {
  const block = Math.max(1, Math.round(blockSec * sampleRateHz));
  const n = Math.floor(x.length / block);
  const out = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    let e = 0;
    for (let i = b * block; i < (b + 1) * block; i++) e += (x[i] as number) ** 2;
    out[b] = 10 * Math.log10(e / block + 1e-20);
  }
  return out;
}

/** Time from the envelope peak until it last falls below (peak - dropDb): a ring/decay time. */
export function decayTimeSec(x: Float32Array, sampleRateHz: number, dropDb = 30): number {
  const blockSec = 0.005;
  const env = envelopeDb(x, sampleRateHz, blockSec);
  let peakIdx = 0;
  for (let i = 1; i < env.length; i++) if ((env[i] as number) > (env[peakIdx] as number)) peakIdx = i;
  const threshold = (env[peakIdx] as number) - dropDb;
  let last = peakIdx;
  for (let i = peakIdx; i < env.length; i++) if ((env[i] as number) >= threshold) last = i;
  return (last - peakIdx) * blockSec;
}

export interface SpectralStats {
  bandsDb: number[];
  centroidHz: number;
  flatness: number;
  decaySec: number;
}

export function spectralStats(x: Float32Array, sampleRateHz: number): SpectralStats {
  const spec = meanSpectrum(spectrogram(x, sampleRateHz, 2048, 512));
  return {
    bandsDb: logBandSpectrumDb(spec, sampleRateHz),
    centroidHz: spectralCentroidHz(spec, sampleRateHz),
    flatness: spectralFlatness(spec),
    decaySec: decayTimeSec(x, sampleRateHz),
  };
}

/**
 * Distance between two sets of statistics: RMS difference of the log band spectra (dB) plus the centroid
 * ratio in octaves ×6 dB, flatness ratio in log2 ×3 dB and decay ratio in log2 ×3 dB, so one number in
 * "dB-like" units where ~0 is identical and ≥ 15 is a different kind of sound.
 */
export function spectralDistance(a: SpectralStats, b: SpectralStats): number {
  let sq = 0;
  for (let i = 0; i < a.bandsDb.length; i++) sq += ((a.bandsDb[i] as number) - (b.bandsDb[i] ?? -80)) ** 2;
  const bandRms = Math.sqrt(sq / Math.max(1, a.bandsDb.length));
  const centroid = 6 * Math.abs(Math.log2(Math.max(a.centroidHz, 1) / Math.max(b.centroidHz, 1)));
  const flat = 3 * Math.abs(Math.log2(Math.max(a.flatness, 1e-6) / Math.max(b.flatness, 1e-6)));
  const decay = 3 * Math.abs(Math.log2(Math.max(a.decaySec, 0.005) / Math.max(b.decaySec, 0.005)));
  return bandRms + centroid + flat + decay;
}
