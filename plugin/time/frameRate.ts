/**
 * Exact frame rates for the panel: a rate is `{num, den}` frames per second (30000/1001 stays exact).
 * Hosts hand us their own units (Premiere: ticks per frame; Resolve: "29.97 DF" strings); this module
 * turns them into rationals once so every later computation is exact.
 */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** A reduced rational from two positive integers (bigint so tick counts never lose precision). */
export function reducedFrameRate(num: bigint, den: bigint): FrameRate {
  if (num <= 0n || den <= 0n) throw new RangeError(`invalid frame rate ${num}/${den}`);
  const g = gcd(num, den);
  return { num: Number(num / g), den: Number(den / g) };
}

/** Broadcast rates written as decimals in host UIs and APIs, mapped to their exact NTSC fractions. */
const NTSC_RATES: ReadonlyArray<readonly [number, FrameRate]> = Object.freeze([
  [23.976, { num: 24000, den: 1001 }],
  [29.97, { num: 30000, den: 1001 }],
  [47.952, { num: 48000, den: 1001 }],
  [59.94, { num: 60000, den: 1001 }],
  [119.88, { num: 120000, den: 1001 }],
] as const);

/**
 * Parses a decimal frame rate such as "29.97", "23.976 DF" or 25 into an exact rational. NTSC decimals
 * map to x000/1001; anything else must be an integer or a plain decimal with at most 3 places.
 */
export function frameRateFromDecimal(value: number | string): FrameRate {
  const text = String(value).trim().replace(/\s*(DF|NDF)$/i, '');
  const fps = Number(text);
  if (!Number.isFinite(fps) || fps <= 0) throw new RangeError(`invalid frame rate "${String(value)}"`);
  for (const [decimal, exact] of NTSC_RATES) {
    if (Math.abs(fps - decimal) < 0.0015) return exact;
  }
  const scaled = Math.round(fps * 1000);
  return reducedFrameRate(BigInt(scaled), 1000n);
}

export function frameRateToNumber(rate: FrameRate): number {
  return rate.num / rate.den;
}

export function formatFrameRate(rate: FrameRate): string {
  const fps = rate.num / rate.den;
  return Number.isInteger(fps) ? `${fps} fps` : `${fps.toFixed(3)} fps`;
}
