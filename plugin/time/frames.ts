/**
 * Frame-based host time (DaVinci Resolve, the browser host): integer timeline frames at the timeline's
 * exact rate, optionally counted from a start frame (Resolve timelines often start at 01:00:00:00, i.e.
 * frame 86400 at 24 fps; host-apis.md §3.2). The panel works in seconds from the timeline's zero.
 */
import type { FrameRate } from './frameRate';

export function framesToSeconds(frame: number, rate: FrameRate, startFrame = 0): number {
  return ((frame - startFrame) * rate.den) / rate.num;
}

/** Seconds to the nearest absolute frame (what Resolve's recordFrame expects). */
export function secondsToFrames(seconds: number, rate: FrameRate, startFrame = 0): number {
  return startFrame + Math.round((seconds * rate.num) / rate.den);
}
