/**
 * Source ranges: turns the editor's --in/--out into a checked range with the exact time of the first
 * frame inside it, so every later time can be expressed relative to the range start.
 */
import { basename } from 'node:path';
import { FoleyError } from '../core/errors';
import { type Rational } from '../core/rational';

export interface SourceRange {
  inSec: number;
  outSec: number;
  /** exact source time of the first whole frame at or after inSec, relative to inSec (0 ≤ x < 1 frame) */
  firstFrameOffsetSec: number;
  /** index (from the start of the file) of that first frame */
  firstFrameIndex: number;
  frameCount: number;
}

export function resolveRange(
  path: string,
  durationSec: number,
  fps: Rational,
  inSec: number | undefined,
  outSec: number | undefined,
): SourceRange {
  const name = basename(path);
  const start = inSec ?? 0;
  const end = Math.min(outSec ?? durationSec, durationSec);
  if (!Number.isFinite(start) || start < 0) throw new FoleyError('USAGE', `--in must be a time in seconds ≥ 0 (got ${inSec}).`);
  if (outSec !== undefined && (!Number.isFinite(outSec) || outSec <= start)) {
    throw new FoleyError('USAGE', `The range must end after it starts (got in ${start}s, end ${outSec}s).`);
  }
  if (start >= durationSec) {
    throw new FoleyError('MEDIA_RANGE', `${name}: --in ${start}s is past the end of the clip (${durationSec.toFixed(3)}s).`);
  }
  // Frame k starts at k·den/num. The first frame inside the range is ceil(in·fps), with a tolerance for float noise.
  const firstFrameIndex = Math.ceil((start * fps.num) / fps.den - 1e-6);
  const lastFrameExclusive = Math.ceil((end * fps.num) / fps.den - 1e-6);
  const frameCount = Math.max(0, lastFrameExclusive - firstFrameIndex);
  if (frameCount === 0) {
    throw new FoleyError('MEDIA_RANGE', `${name}: no video frames between ${start}s and ${end}s.`);
  }
  return {
    inSec: start,
    outSec: end,
    firstFrameOffsetSec: Math.max(0, (firstFrameIndex * fps.den) / fps.num - start),
    firstFrameIndex,
    frameCount,
  };
}
