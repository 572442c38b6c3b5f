/**
 * Hard cuts from the change score of consecutive frames (1 − correlation of blurred, brightness-normalised
 * frames: flicker and fades leave it near 0, a new shot sends it towards 1). A frame is a cut when its
 * score is high in absolute terms and stands well above the recent typical change (so fast motion, which
 * raises every score a little, does not trigger). Decisions need no look-ahead; state is a short history.
 */
export interface CutDecision {
  isCut: boolean;
  score: number;
}

const HISTORY = 8;

export class CutDetector {
  private readonly history: number[] = [];

  constructor(
    private readonly threshold: number,
    private readonly contrast: number,
  ) {}

  /** Feeds the change score of the next frame (frames without a score — first, flat — pass 0). */
  push(score: number): CutDecision {
    const sorted = [...this.history].sort((a, b) => a - b);
    const typical = sorted.length > 0 ? (sorted[Math.floor(sorted.length / 2)] as number) : 0;
    const isCut = score >= this.threshold && score >= this.contrast * typical + 0.1;
    // a cut's own score must not raise the bar for the next one
    if (!isCut) {
      this.history.push(score);
      if (this.history.length > HISTORY) this.history.shift();
    }
    return { isCut, score };
  }

  reset(): void {
    this.history.length = 0;
  }
}
