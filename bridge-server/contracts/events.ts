/**
 * What the analyze stage sees in the picture. Times are seconds from the start of the analysed range
 * (the clip's source in point), with sub-frame precision; `frame` is the frame index in that range.
 */
import type { Rational } from '../core/rational';

export type VisualEventKind = 'impact' | 'step' | 'motion';

export interface VisualEvent {
  /** seconds from the start of the analysed range, sub-frame precise */
  t: number;
  /** frame index (from the start of the range) of the frame in which the contact is first visible */
  frame: number;
  kind: VisualEventKind;
  /** 0..1, how strong the event looks (speed, area) */
  strength: number;
  /** position in the picture, 0..1 from left / top (drives panning) */
  x: number;
  y: number;
  /** for motion spans: end time in seconds */
  end?: number;
  /** relative size of the moving region, 0..1 of the picture */
  size?: number;
  /** true when the time was snapped to an onset of the production sound */
  snapped?: boolean;
}

export interface Cut {
  t: number;
  frame: number;
  /** 0..1 */
  score: number;
}

export interface AnalysisResult {
  fps: Rational;
  /** analysed duration in seconds */
  duration: number;
  events: VisualEvent[];
  cuts: Cut[];
  /** motion energy 0..1 downsampled for drawing (see motionRateHz) */
  motion: number[];
  motionRateHz: number;
}
