/**
 * Premiere Pro time: a TickTime counts 254016000000 ticks per second, carried as a decimal string
 * because tick counts pass 2^53 after ~10 hours (host-apis.md §1.2, P8). The panel works in seconds;
 * these functions are the only place ticks and seconds meet, and every conversion toward the host snaps
 * to a whole frame of the sequence's exact rate, built from ticks, never from float seconds (CEP#314).
 */
import { reducedFrameRate, type FrameRate } from './frameRate';

export const TICKS_PER_SECOND = 254016000000n;

/** Ticks (decimal string from the host) to seconds. */
export function ticksToSeconds(ticks: string): number {
  const t = BigInt(ticks);
  const whole = t / TICKS_PER_SECOND;
  const rest = t % TICKS_PER_SECOND;
  // split so the integer part stays exact even past 2^53 ticks
  return Number(whole) + Number(rest) / Number(TICKS_PER_SECOND);
}

/** Ticks per frame of an exact rate; throws when the rate does not divide the tick clock evenly. */
export function ticksPerFrame(rate: FrameRate): bigint {
  const numerator = TICKS_PER_SECOND * BigInt(rate.den);
  const num = BigInt(rate.num);
  if (numerator % num !== 0n) throw new RangeError(`frame rate ${rate.num}/${rate.den} is not a whole number of ticks`);
  return numerator / num;
}

/** The exact rate of a sequence whose frame lasts `ticksPerFrame` ticks (Sequence.getTimebase / FrameRate.ticksPerFrame). */
export function frameRateFromTicksPerFrame(ticksPerFrameValue: string | number): FrameRate {
  const tpf = BigInt(typeof ticksPerFrameValue === 'number' ? Math.round(ticksPerFrameValue) : ticksPerFrameValue.trim());
  return reducedFrameRate(TICKS_PER_SECOND, tpf);
}

/** Nearest whole frame to `seconds` at `rate` (times from the pipeline are sub-frame floats). */
export function secondsToFrameIndex(seconds: number, rate: FrameRate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** Seconds to host ticks, snapped to the nearest frame of `rate`; exact integer arithmetic after the snap. */
export function secondsToTicks(seconds: number, rate: FrameRate): string {
  const frame = BigInt(secondsToFrameIndex(seconds, rate));
  return (frame * ticksPerFrame(rate)).toString();
}

/** Frame index of a tick time (rounded to the nearest frame). */
export function ticksToFrameIndex(ticks: string, rate: FrameRate): number {
  const tpf = ticksPerFrame(rate);
  const t = BigInt(ticks);
  return Number((t + tpf / 2n) / tpf);
}
