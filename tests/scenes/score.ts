/**
 * Scoring analysis output against scene ground truth: one-to-one matching of detected contacts to true
 * ones within a tolerance (closest pairs first), F1, timing errors in frames, and cut matching.
 */
import type { AnalysisResult } from '../../bridge-server/contracts/events';
import type { SceneTruth } from './scenes';

export interface SceneScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** |detected − true| in frames, for matched contacts */
  errorsFrames: number[];
  /** errors in ms for matched events that were snapped to the guide track */
  snappedErrorsMs: number[];
  /** impact/step events on a negative scene */
  falseImpacts: number;
  cutsFound: number;
  cutsMissed: number;
  cutsFalse: number;
  kindMismatches: number;
}

export function scoreScene(result: AnalysisResult, truth: SceneTruth, toleranceFrames = 1): SceneScore {
  const fps = truth.fps.num / truth.fps.den;
  const detected = result.events.filter((e) => e.kind === 'impact' || e.kind === 'step');
  const pairs: Array<{ d: number; i: number; j: number }> = [];
  for (let i = 0; i < detected.length; i++) {
    for (let j = 0; j < truth.events.length; j++) {
      const d = Math.abs((detected[i]!.t - truth.events[j]!.t) * fps);
      if (d <= toleranceFrames) pairs.push({ d, i, j });
    }
  }
  pairs.sort((a, b) => a.d - b.d || a.i - b.i || a.j - b.j);
  const usedD = new Set<number>();
  const usedT = new Set<number>();
  const errorsFrames: number[] = [];
  const snappedErrorsMs: number[] = [];
  let kindMismatches = 0;
  for (const p of pairs) {
    if (usedD.has(p.i) || usedT.has(p.j)) continue;
    usedD.add(p.i);
    usedT.add(p.j);
    errorsFrames.push(p.d);
    if (detected[p.i]!.snapped) snappedErrorsMs.push(Math.abs(detected[p.i]!.t - truth.events[p.j]!.t) * 1000);
    if (detected[p.i]!.kind !== truth.events[p.j]!.kind) kindMismatches++;
  }
  const cutPairs = new Set<number>();
  let cutsFound = 0;
  for (const c of truth.cuts) {
    const k = result.cuts.findIndex((r, idx) => !cutPairs.has(idx) && Math.abs(r.frame - c.frame) <= 1);
    if (k >= 0) {
      cutPairs.add(k);
      cutsFound++;
    }
  }
  return {
    truePositives: usedD.size,
    falsePositives: detected.length - usedD.size,
    falseNegatives: truth.events.length - usedT.size,
    errorsFrames,
    snappedErrorsMs,
    falseImpacts: truth.negative ? detected.length : 0,
    cutsFound,
    cutsMissed: truth.cuts.length - cutsFound,
    cutsFalse: result.cuts.length - cutsFound,
    kindMismatches,
  };
}

export function f1Of(tp: number, fp: number, fn: number): number {
  if (tp + fp + fn === 0) return 1;
  return (2 * tp) / (2 * tp + fp + fn);
}
