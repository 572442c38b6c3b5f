/**
 * SMPTE timecode ↔ seconds with exact frame rates. Drop-frame ("01:00:00;00") is supported for
 * 29.97 and 59.94; non-drop timecode at 29.97 counts 30 labels per second of wall time × 1.001.
 */
import { type Rational } from './rational';

export function nominalFps(fps: Rational): number {
  return Math.round(fps.num / fps.den);
}

/** Frame count since 00:00:00:00 for a timecode label. Throws RangeError on malformed input. */
export function timecodeToFrames(tc: string, fps: Rational): number {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(tc.trim());
  if (!m) throw new RangeError(`not a timecode: "${tc}"`);
  const [h, mi, s, sep, f] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4], Number(m[5])];
  const base = nominalFps(fps);
  const dropFrame = (sep === ';' || sep === ',') && fps.den === 1001 && (base === 30 || base === 60);
  const totalMinutes = h * 60 + mi;
  let frames = (totalMinutes * 60 + s) * base + f;
  if (dropFrame) {
    const dropPerMinute = base === 30 ? 2 : 4;
    frames -= dropPerMinute * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return frames;
}

export function timecodeToSeconds(tc: string, fps: Rational): number {
  return (timecodeToFrames(tc, fps) * fps.den) / fps.num;
}
