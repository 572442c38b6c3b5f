/**
 * Exact rational numbers for frame rates and time bases. 30000/1001 stays 30000/1001:
 * we never round a frame rate to a float until a time is actually computed.
 */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function rational(num: number, den: number): Rational {
  if (!Number.isFinite(num) || !Number.isFinite(den) || den === 0) {
    throw new RangeError(`invalid rational ${num}/${den}`);
  }
  const sign = den < 0 ? -1 : 1;
  const g = gcd(num, den) || 1;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** Parses ffprobe-style "30000/1001", "25", "25/1"; returns undefined for "0/0" or garbage. */
export function parseRational(text: string | undefined): Rational | undefined {
  if (!text) return undefined;
  const m = /^\s*(-?\d+)(?:\s*[/:]\s*(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (den === 0 || num === 0) return undefined;
  return rational(num, den);
}

export function toNumber(r: Rational): number {
  return r.num / r.den;
}

export function rationalEquals(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

export function formatRational(r: Rational): string {
  return `${r.num}/${r.den}`;
}

/** Seconds at the start of frame `frame` for an exact frame rate. */
export function frameToSeconds(frame: number, fps: Rational): number {
  return (frame * fps.den) / fps.num;
}

/** Index of the frame that contains time `sec` (floor, with a tolerance for float noise). */
export function secondsToFrame(sec: number, fps: Rational): number {
  return Math.floor((sec * fps.num) / fps.den + 1e-9);
}

/** Duration of one frame in seconds. */
export function frameDuration(fps: Rational): number {
  return fps.den / fps.num;
}
