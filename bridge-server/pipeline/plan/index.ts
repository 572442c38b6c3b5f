/**
 * The plan stage: picture events + words (prompt, narrative, marker comments) + preset → a FoleyPlan,
 * the editable cue sheet every later stage renders. `planFoley` is the one entry point; the text reader
 * is chosen by `preset.planner` (planners.ts), the binding to events is shared (bindCues.ts). Cue ids are
 * c001, c002… in time order, so the same input always gives the same plan.
 */
import type { AnalysisResult } from '../../contracts/events';
import { PLAN_VERSION, type ClipInfo, type Cue, type FoleyPlan } from '../../contracts/plan';
import type { Preset } from '../../contracts/preset';
import { throwIfAborted } from '../../core/errors';
import { loadCatalogue, type Catalogue } from '../generate/procedural/catalogue';
import { bindCues, type CueDraft, type MarkerIntents } from './bindCues';
import { resolvePlanner } from './planners';
import { stripMarkerPrefix } from './understandText';

export interface PlanInput {
  analysis?: AnalysisResult;
  prompt?: string;
  /** marker times are seconds from the start of the clip range */
  markers?: Array<{ t: number; comment: string; id?: string }>;
  clip: ClipInfo;
  preset: Preset;
  /** defaults to the installed procedural catalogue */
  catalogue?: Catalogue;
  signal?: AbortSignal;
}

/** the delivery default (Broadcast WAV at 48 kHz) */
const DEFAULT_SAMPLE_RATE_HZ = 48000;

/** c001…c999, then c1000…: ids sort the same way as the cues. */
function cueId(i: number, total: number): string {
  return `c${String(i + 1).padStart(Math.max(3, String(total).length), '0')}`;
}

function byTime(a: CueDraft, b: CueDraft): number {
  return a.start - b.start || a.sound.class.localeCompare(b.sound.class) || a.pan - b.pan;
}

export async function planFoley(input: PlanInput): Promise<FoleyPlan> {
  const catalogue = input.catalogue ?? loadCatalogue();
  const planner = await resolvePlanner(input.preset.planner);
  const prompt = input.prompt ?? '';
  const durationSec = Math.max(0, input.analysis?.duration ?? input.clip.outSec - input.clip.inSec);
  const intents = prompt.trim() ? await planner.readText(prompt, catalogue, input.signal) : [];
  const markers: MarkerIntents[] = [];
  for (const m of [...(input.markers ?? [])].sort((a, b) => a.t - b.t)) {
    throwIfAborted(input.signal);
    const text = stripMarkerPrefix(m.comment).trim();
    markers.push({ t: m.t, text, intents: text ? await planner.readText(text, catalogue, input.signal) : [] });
  }
  throwIfAborted(input.signal);
  const drafts = bindCues({ intents, markers, events: input.analysis?.events ?? [], durationSec, catalogue, preset: input.preset, fps: input.clip.fps }).sort(byTime);
  const cues: Cue[] = drafts.map((d, i) => ({ ...d, id: cueId(i, drafts.length), enabled: true }));
  // built from typed parts, so it is not re-validated here (validation is for plans from outside; the unit
  // tests check that planned plans pass FoleyPlanSchema)
  return { version: PLAN_VERSION, clip: input.clip, sampleRateHz: DEFAULT_SAMPLE_RATE_HZ, prompt, cues };
}

export { understandText, understandTextDetailed, stripMarkerPrefix, type TextIntent, type TextReading, type TimingHint } from './understandText';
export { planNotices, noticesForPlan, type PlanNoticeInput } from './planNotices';
export { bindCues, MARKER_SNAP_SEC, type CueDraft, type MarkerIntents } from './bindCues';
export { registerPlanner, resolvePlanner, plannerIds, RULES_PLANNER_ID, type Planner, type PlannerFactory } from './planners';
export { foleyPlanJsonSchema } from './jsonSchema';
export { loadPlanFile, parsePlanText } from './loadPlanFile';
export { evaluateTextSet, TextSetSchema, KEY_PARAMS, type TextSet, type TextSetScore } from './evaluateTextSet';
