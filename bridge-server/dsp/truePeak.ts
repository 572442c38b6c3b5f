/**
 * True-peak level (ITU-R BS.1770-5 Annex 2; EBU Tech 3341 §2.6): oversample 4× below 96 kHz (2× below
 * 192 kHz, none above) with a 97-tap (49-tap at 2×) Kaiser-windowed sinc interpolator split into polyphase
 * branches (libebur128's structure with a longer, flatter filter: within 0.06 dB of the true peak of faded
 * sines up to 20 kHz), and take the largest absolute value. Phase 0 of a windowed sinc is the input
 * itself, so only the fractional phases are filtered.
 * Speed: the loudest blocks are visited first, a block is skipped when its sample peak times the largest
 * branch gain cannot beat the running maximum, and inside a block cheap exact bounds skip most outputs
 * (scanInterpolated) — the result is identical to filtering everything.
 */

export interface TruePeakFilter {
  factor: number;
  /** taps of phases 1..factor-1, each applied as Σ_k taps[k] · x[n − k] (delay `delay` input samples) */
  phases: Float64Array[];
  delay: number;
  /** max over phases of Σ|taps|: bound on interpolated |y| for |x| ≤ 1 */
  maxBranchGain: number;
  /** per phase Σ|taps| outside the four centre taps (see scanInterpolated's second bound) */
  outerGains: Float64Array;
  /** max over phases of Σ|centre taps| */
  centreGain: number;
}

/**
 * 24 taps per phase with a Kaiser window (β = 7): flatter to 20 kHz than libebur128's 12-tap Hann design
 * (which over-reads a 15 kHz tone by 0.3 dB), so the limiter's ceiling holds for any meter.
 */
const TAPS_PER_PHASE = 24;
const KAISER_BETA = 7;
/** Taps of every phase whose partial sum gives the cheap bound below (the four around the centre). */
const CENTRE_FROM = TAPS_PER_PHASE / 2 - 2;
const CENTRE_TO = TAPS_PER_PHASE / 2 + 1;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export function oversamplingFactor(sampleRateHz: number): number {
  if (sampleRateHz < 96000) return 4;
  if (sampleRateHz < 192000) return 2;
  return 1;
}

export function createTruePeakFilter(sampleRateHz: number): TruePeakFilter {
  const factor = oversamplingFactor(sampleRateHz);
  if (factor === 1) return { factor, phases: [], delay: 0, maxBranchGain: 1, outerGains: new Float64Array(3), centreGain: 1 };
  const taps = TAPS_PER_PHASE * factor + 1;
  const centre = (taps - 1) / 2;
  const h = new Float64Array(taps);
  const i0Beta = besselI0(KAISER_BETA);
  for (let j = 0; j < taps; j++) {
    const m = j - centre;
    const x = (Math.PI * m) / factor;
    const sinc = Math.abs(m) < 1e-9 ? 1 : Math.sin(x) / x;
    const r = m / centre;
    h[j] = (sinc * besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r)))) / i0Beta;
  }
  // output u[f·n + r] = Σ_{j ≡ r (mod f)} h[j] · x[n − (j − r)/f]
  const phases: Float64Array[] = [];
  let maxBranchGain = 1;
  for (let r = 1; r < factor; r++) {
    const branch: number[] = [];
    for (let j = r; j < taps; j += factor) branch.push(h[j] as number);
    const arr = Float64Array.from(branch);
    let g = 0;
    for (const v of arr) g += Math.abs(v);
    maxBranchGain = Math.max(maxBranchGain, g);
    phases.push(arr);
  }
  const outerGains = new Float64Array(3);
  let centreGain = 0;
  phases.forEach((p, r) => {
    let c = 0;
    for (let k = 0; k < p.length; k++) {
      if (k < CENTRE_FROM || k > CENTRE_TO) outerGains[r] = (outerGains[r] as number) + Math.abs(p[k] as number);
      else c += Math.abs(p[k] as number);
    }
    centreGain = Math.max(centreGain, c);
  });
  return { factor, phases, delay: Math.floor(centre / factor), maxBranchGain, outerGains, centreGain };
}

/**
 * Visits the interpolated outputs [oFrom, oTo) of one channel (output o interpolates between input
 * samples o − delay and o − delay + 1; the phase-0 output is the input itself and is not visited) and
 * returns the largest phase magnitude above `threshold` (or `threshold`). Without `sink` the threshold
 * rises with the running maximum (meter); with `sink`, every output whose largest phase magnitude
 * exceeds the fixed threshold is reported (limiter). `rangeMax` must be ≥ every |x| the outputs read
 * (inputs [oFrom − taps + 1, oTo)). An output is only filtered when two exact upper bounds allow it to
 * exceed the threshold: Σ|centre taps| × max |centre samples| + Σ|outer taps| × rangeMax (so only
 * outputs next to a sample above a level are looked at: one compare per sample), then
 * |centre taps · x| + Σ|outer taps| × rangeMax per phase (a dozen multiplies) — so typical outputs cost
 * a compare instead of 72 multiplies, and the result equals filtering everything.
 */
export function scanInterpolated(
  x: Float32Array, oFrom: number, oTo: number, filter: TruePeakFilter, threshold: number, rangeMax: number,
  sink?: (out: number, magnitude: number) => void,
): number {
  let peak = threshold;
  const n = x.length;
  const p1 = filter.phases[0] as Float64Array;
  const p2 = (filter.phases[1] ?? p1) as Float64Array;
  const p3 = (filter.phases[2] ?? p1) as Float64Array;
  const t = p1.length;
  const outer = filter.outerGains;
  // a little slack over the exact bounds absorbs the rounding of their partial sums
  const slack = 1 + 1e-12;
  const o1 = (outer[0] as number) * rangeMax * slack;
  const o2 = (filter.phases.length > 1 ? (outer[1] as number) : (outer[0] as number)) * rangeMax * slack;
  const o3 = (filter.phases.length > 2 ? (outer[2] as number) : (outer[0] as number)) * rangeMax * slack;
  const outerPart = Math.max(o1, o2, o3);
  const centreGain = filter.centreGain * slack;
  const c10 = p1[CENTRE_FROM] as number, c11 = p1[CENTRE_FROM + 1] as number, c12 = p1[CENTRE_FROM + 2] as number, c13 = p1[CENTRE_TO] as number;
  const d10 = p2[CENTRE_FROM] as number, d11 = p2[CENTRE_FROM + 1] as number, d12 = p2[CENTRE_FROM + 2] as number, d13 = p2[CENTRE_TO] as number;
  const e10 = p3[CENTRE_FROM] as number, e11 = p3[CENTRE_FROM + 1] as number, e12 = p3[CENTRE_FROM + 2] as number, e13 = p3[CENTRE_TO] as number;
  const end = Math.min(oTo, n + t - 1);
  // interior outputs (whole support inside the signal) take the bounds; the few at the edges are filtered
  const lo = Math.max(oFrom, t - 1);
  const hi = Math.min(end, n);
  const filterOutput = (o: number): void => {
    const kMax = Math.min(t - 1, o);
    const kMin = o >= n ? o - n + 1 : 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let k = kMin; k <= kMax; k++) {
      const xv = x[o - k] as number;
      a1 += (p1[k] as number) * xv;
      a2 += (p2[k] as number) * xv;
      a3 += (p3[k] as number) * xv;
    }
    if (a1 < 0) a1 = -a1;
    if (a2 < 0) a2 = -a2;
    if (a3 < 0) a3 = -a3;
    const a = a1 > a2 ? (a1 > a3 ? a1 : a3) : a2 > a3 ? a2 : a3;
    if (a <= peak) return;
    if (sink) sink(o, a);
    else peak = a;
  };
  for (let o = oFrom; o < Math.min(lo, end); o++) filterOutput(o);
  if (hi > lo) {
    // first bound: an output can only exceed the threshold if one of its four centre samples exceeds
    // T = (peak − outer part) / Σ|centre taps|, so only the outputs around such samples are examined
    let T = (peak - outerPart) / centreGain;
    let next = lo; // outputs below `next` are done
    const sEnd = hi - 1 - CENTRE_FROM;
    for (let sIdx = lo - CENTRE_TO; sIdx <= sEnd; sIdx++) {
      const v = x[sIdx] as number;
      if ((v < 0 ? -v : v) <= T) continue;
      const oLast = Math.min(hi - 1, sIdx + CENTRE_TO);
      for (let o = Math.max(next, sIdx + CENTRE_FROM); o <= oLast; o++) {
        // second bound: the centre taps exactly, the outer ones by the range maximum
        const xa = x[o - CENTRE_FROM] as number, xb = x[o - CENTRE_FROM - 1] as number;
        const xc = x[o - CENTRE_FROM - 2] as number, xd = x[o - CENTRE_TO] as number;
        let b1 = c10 * xa + c11 * xb + c12 * xc + c13 * xd;
        let b2 = d10 * xa + d11 * xb + d12 * xc + d13 * xd;
        let b3 = e10 * xa + e11 * xb + e12 * xc + e13 * xd;
        if (b1 < 0) b1 = -b1;
        if (b2 < 0) b2 = -b2;
        if (b3 < 0) b3 = -b3;
        if (b1 * slack + o1 <= peak && b2 * slack + o2 <= peak && b3 * slack + o3 <= peak) continue;
        const before = peak;
        filterOutput(o);
        if (peak !== before) T = (peak - outerPart) / centreGain;
      }
      if (oLast + 1 > next) next = oLast + 1;
    }
  }
  for (let o = Math.max(hi, lo); o < end; o++) filterOutput(o);
  return peak;
}

/** Blocks of the meter's scan; small enough that a block's sample maximum is a tight bound. */
const BLOCK = 1024;
/** How many of the loudest blocks are visited first, to raise the running maximum early. */
const LOUDEST_FIRST = 32;

/** Indices of the k largest values, largest first. */
function loudestBlocks(values: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let b = 0; b < values.length; b++) {
    const v = values[b] as number;
    if (top.length === k && v <= (values[top[k - 1] as number] as number)) continue;
    let at = top.length < k ? top.length : k - 1;
    if (top.length < k) top.push(b);
    while (at > 0 && (values[top[at - 1] as number] as number) < v) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = b;
  }
  return top;
}

/**
 * Per-channel sample maxima of consecutive blocks [bounds[b], bounds[b + 1]) that a caller already has
 * (the loudness meter collects them for its 10 ms sub-blocks while K-weighting), so the true-peak scan
 * does not read the whole signal again. Blocks must be longer than the filter (any 10 ms block is).
 */
export interface BlockMaxima {
  bounds: Float64Array;
  maxAbs: Float64Array[];
}

/** True peak as a linear amplitude (1 = 0 dBTP) over all channels. */
export function truePeakLinear(channels: Float32Array[], sampleRateHz: number, known?: BlockMaxima): number {
  const filter = createTruePeakFilter(sampleRateHz);
  let peak = 0;
  if (filter.factor === 1) {
    for (const ch of channels) for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i] as number));
    return peak;
  }
  const margin = (filter.phases[0]?.length ?? 1) - 1;
  channels.forEach((x, c) => {
    const n = x.length;
    // block b covers outputs [starts[b], starts[b + 1]) and reads inputs from starts[b] − margin; the
    // last block also covers the tail outputs up to n + margin
    let starts: Float64Array;
    let sampleMax: Float64Array;
    const blockMax = (from: number, to: number): number => {
      let m = 0;
      for (let i = from; i < to; i++) {
        const v = x[i] as number;
        const a = v < 0 ? -v : v;
        if (a > m) m = a;
      }
      return m;
    };
    if (known) {
      const given = known.bounds.length - 1;
      const last = (known.bounds[given] as number) | 0;
      const tail = last < n ? 1 : 0;
      starts = new Float64Array(given + tail + 1);
      starts.set(known.bounds);
      starts[given + tail] = n;
      sampleMax = new Float64Array(given + tail);
      sampleMax.set((known.maxAbs[c] as Float64Array).subarray(0, given));
      if (tail) sampleMax[given] = blockMax(last, n);
    } else {
      const count = Math.ceil(n / BLOCK);
      starts = Float64Array.from({ length: count + 1 }, (_, b) => Math.min(n, b * BLOCK));
      sampleMax = new Float64Array(count);
      for (let b = 0; b < count; b++) sampleMax[b] = blockMax(b * BLOCK, Math.min(n, (b + 1) * BLOCK));
    }
    const blocks = sampleMax.length;
    for (let b = 0; b < blocks; b++) if ((sampleMax[b] as number) > peak) peak = sampleMax[b] as number;
    // the margin is shorter than a block: the previous block's maximum covers it
    const rangeMax = sampleMax.map((m, b) => (b > 0 && (sampleMax[b - 1] as number) > m ? (sampleMax[b - 1] as number) : m));
    const scan = (b: number): void => {
      if ((rangeMax[b] as number) * filter.maxBranchGain <= peak) return;
      const start = (starts[b] as number) | 0;
      const stop = b === blocks - 1 ? n + margin : (starts[b + 1] as number) | 0;
      peak = scanInterpolated(x, start, stop, filter, peak, rangeMax[b] as number);
    };
    // the loudest blocks first (they set a high running maximum), then the rest in order
    const first = loudestBlocks(rangeMax, LOUDEST_FIRST);
    for (const b of first) scan(b);
    const visited = new Uint8Array(blocks);
    for (const b of first) visited[b] = 1;
    for (let b = 0; b < blocks; b++) if (!visited[b]) scan(b);
  });
  return peak;
}

export function truePeakDbtp(channels: Float32Array[], sampleRateHz: number): number {
  const p = truePeakLinear(channels, sampleRateHz);
  return p > 0 ? 20 * Math.log10(p) : -Infinity;
}
