/**
 * Where a stem holds audio: sorted, merged [from, to) sample ranges. Foley stems are mostly digital
 * silence (a 10-minute clip with 600 hits is ~35 % covered across three stems), so summing stems and
 * applying gains only over these ranges skips most of the samples, with the same result (0 · g = 0).
 */
export type Spans = Int32Array;

/** Merges [from, to) ranges (clipped to [0, length)) into sorted, non-overlapping pairs. */
export function mergeSpans(ranges: Array<[number, number]>, length: number): Spans {
  const clipped = ranges
    .map(([a, b]): [number, number] => [Math.max(0, a), Math.min(length, b)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of clipped) {
    const last = out.length - 1;
    if (out.length > 0 && a <= (out[last] as number)) out[last] = Math.max(out[last] as number, b);
    else out.push(a, b);
  }
  return Int32Array.from(out);
}

/** The union of the named stems' spans. */
export function unionSpans(names: string[], spans: Record<string, Spans>): Spans {
  if (names.length === 1) return spans[names[0] as string] as Spans;
  const ranges: Array<[number, number]> = [];
  let length = 0;
  for (const n of names) {
    const s = spans[n] as Spans;
    for (let k = 0; k < s.length; k += 2) {
      ranges.push([s[k] as number, s[k + 1] as number]);
      length = Math.max(length, s[k + 1] as number);
    }
  }
  return mergeSpans(ranges, length);
}

/** dst += src over the spans (every channel). */
export function addOverSpans(dst: Float32Array[], src: Float32Array[], spans: Spans): void {
  dst.forEach((d, c) => {
    const s = src[c] as Float32Array;
    for (let k = 0; k < spans.length; k += 2) {
      const end = spans[k + 1] as number;
      for (let i = spans[k] as number; i < end; i++) d[i] = (d[i] as number) + (s[i] as number);
    }
  });
}

/** x · gain (· curve) in place over the spans; samples outside are zero and stay zero. */
export function gainOverSpans(channels: Float32Array[], spans: Spans, gain: number, curve?: Float32Array): void {
  if (!curve && gain === 1) return;
  for (const x of channels) {
    for (let k = 0; k < spans.length; k += 2) {
      const end = spans[k + 1] as number;
      if (curve) for (let i = spans[k] as number; i < end; i++) x[i] = (x[i] as number) * gain * (curve[i] as number);
      else for (let i = spans[k] as number; i < end; i++) x[i] = (x[i] as number) * gain;
    }
  }
}

/** A gain with an optional per-sample curve (limiter); a missing curve is 1. */
export interface GainWithCurve {
  gain: number;
  curve: Float32Array | undefined;
}

/**
 * x · (to.gain / from.gain) · (to.curve / from.curve) in place over the spans (or everywhere): audio
 * rendered with one gain and curve becomes the rendering with another, without the unprocessed signal
 * (limiter curves are > 0). Equal to rendering afresh up to float32 rounding (~1e-7 relative).
 */
export function regainOverSpans(channels: Float32Array[], spans: Spans | undefined, from: GainWithCurve, to: GainWithCurve): void {
  const ratio = to.gain / from.gain;
  const fc = from.curve;
  const tc = to.curve;
  const ranges = spans ?? Int32Array.of(0, channels[0]?.length ?? 0);
  for (const x of channels) {
    for (let k = 0; k < ranges.length; k += 2) {
      const end = ranges[k + 1] as number;
      for (let i = ranges[k] as number; i < end; i++) {
        const c = (tc ? (tc[i] as number) : 1) / (fc ? (fc[i] as number) : 1);
        x[i] = (x[i] as number) * ratio * c;
      }
    }
  }
}
