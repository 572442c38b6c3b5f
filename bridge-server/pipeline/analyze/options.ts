/**
 * Settings of the analyze stage, one options object with frozen defaults (merged from partial input so a
 * preset can carry overrides). Distances are in analysis pixels unless the name says otherwise.
 */
export interface AnalyzeOptions {
  /** width of the gray analysis frames; height follows the aspect ratio */
  analysisWidth: number;
  /** side of the square cells that group motion pixels into regions */
  cellPx: number;
  /** motion threshold = max(minThreshold, noiseFactor × robust noise σ of the difference image) */
  noiseFactor: number;
  minThreshold: number;
  /** a region needs this much soft motion weight (≈ pixels) to be tracked */
  minBlobWeight: number;
  /** slowest pre-contact speed that can make an impact, in frame widths per second */
  minContactSpeedWps: number;
  /** speed change needed, as a fraction of the pre-contact speed */
  minSpeedChangeRatio: number;
  /** cut when 1 − correlation of consecutive (brightness-normalised) frames exceeds this … */
  cutThreshold: number;
  /** … and exceeds this multiple of the recent typical change */
  cutContrast: number;
  /** motion spans: sustained speed above this (frame widths per second) for at least minSpanSec */
  spanSpeedWps: number;
  minSpanSec: number;
  /** guide track: snap window in frames and the local level jump an onset needs to be trusted */
  snapFrames: number;
  snapMinRiseDb: number;
  /** sample rate of the downsampled motion curve */
  motionRateHz: number;
}

export const DEFAULT_ANALYZE_OPTIONS: Readonly<AnalyzeOptions> = Object.freeze({
  analysisWidth: 160,
  cellPx: 4,
  noiseFactor: 4.5,
  minThreshold: 7,
  minBlobWeight: 6,
  minContactSpeedWps: 0.2,
  minSpeedChangeRatio: 0.7,
  cutThreshold: 0.45,
  cutContrast: 3,
  spanSpeedWps: 1.6,
  minSpanSec: 0.2,
  snapFrames: 2,
  snapMinRiseDb: 9,
  motionRateHz: 10,
});

export function resolveAnalyzeOptions(partial: Partial<AnalyzeOptions> | undefined): AnalyzeOptions {
  return { ...DEFAULT_ANALYZE_OPTIONS, ...(partial ?? {}) };
}
