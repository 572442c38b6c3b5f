/**
 * One-line notices for the editor about what the text asked for and the plan could not give: sounds the
 * catalogue has no class for ("no sound in the catalogue for 'phone rings'") and times past the end of the
 * range (clamped to it). They are not part of the FoleyPlan (the cue sheet contract has no field for
 * them); the CLI prints them on stderr. Read with the rule reader whatever the preset's planner.
 */
import type { FoleyPlan } from '../../contracts/plan';
import type { Rational } from '../../core/rational';
import { loadCatalogue, type Catalogue } from '../generate/procedural/catalogue';
import { textTimeSeconds } from './timeExpressions';
import { stripMarkerPrefix, understandTextDetailed } from './understandText';

export interface PlanNoticeInput {
  prompt: string;
  markers?: ReadonlyArray<{ t: number; comment: string }>;
  /** length of the planned range in seconds */
  durationSec: number;
  fps: Rational;
  catalogue?: Catalogue;
}

const secText = (s: number): string => `${Math.round(s * 1000) / 1000} s`;

export function planNotices(input: PlanNoticeInput): string[] {
  const catalogue = input.catalogue ?? loadCatalogue();
  const out: string[] = [];
  if (input.prompt.trim()) {
    const reading = understandTextDetailed(input.prompt, catalogue);
    for (const phrase of reading.unheard) out.push(`no sound in the catalogue for '${phrase}'`);
    for (const intent of reading.intents) {
      // a relative time ("3 seconds later") is only known once the sound before it is placed; binding clamps it
      if (!intent.at || intent.negated || 'afterPreviousSec' in intent.at) continue;
      const t = textTimeSeconds(intent.at, input.fps);
      const note = `'${intent.span.text}': ${secText(t)} is past the end of the ${secText(input.durationSec)} range; placed at its end`;
      if (t > input.durationSec && !out.includes(note)) out.push(note);
    }
  }
  for (const m of input.markers ?? []) {
    const text = stripMarkerPrefix(m.comment).trim();
    if (!text) continue;
    for (const phrase of understandTextDetailed(text, catalogue).unheard) out.push(`no sound in the catalogue for '${phrase}' (marker at ${secText(m.t)})`);
  }
  return out;
}

/** The notices for a planned FoleyPlan: its prompt over its clip range, plus the marker comments it was planned with. */
export function noticesForPlan(plan: FoleyPlan, markers?: PlanNoticeInput['markers']): string[] {
  return planNotices({ prompt: plan.prompt, markers, durationSec: Math.max(0, plan.clip.outSec - plan.clip.inSec), fps: plan.clip.fps });
}
