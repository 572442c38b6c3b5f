/**
 * The FoleyPlan: a versioned JSON cue sheet, the single source of truth for what will sound where.
 * This zod schema validates every plan that comes from outside (files, sockets); types are inferred
 * from it so the two never drift.
 */
import { z } from 'zod';

export const PLAN_VERSION = 1;

export const RationalSchema = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
});

export const CueKindSchema = z.enum(['hit', 'loop', 'ambience']);
export const CueSourceSchema = z.enum(['visual', 'text', 'marker', 'user']);
export const BackendIdSchema = z.enum(['procedural', 'library', 'onnx']);
export type BackendId = z.infer<typeof BackendIdSchema>;

export const SoundParamValueSchema = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

export const CueSoundSchema = z.object({
  /** a class id from the procedural catalogue (models/procedural/catalogue.json), e.g. "footsteps" */
  class: z.string().min(1).max(100),
  /** class parameters, e.g. { surface: "marble", footwear: "heel" } */
  params: z.record(z.string().max(100), SoundParamValueSchema).default({}),
  /** words for a sound-library search; derived from class + params when absent */
  libraryQuery: z.string().max(500).optional(),
  /** a text prompt for neural backends; derived from the cue prompt when absent */
  neuralPrompt: z.string().max(2000).optional(),
});

export const CueSchema = z
  .object({
    id: z.string().min(1).max(100),
    /** seconds from the start of the clip's range (source in point) where the sound's sync point lands */
    start: z.number().finite().min(0),
    /** seconds; required for loop/ambience, optional for hits */
    end: z.number().finite().min(0).optional(),
    kind: CueKindSchema,
    sound: CueSoundSchema,
    prompt: z.string().max(2000).default(''),
    gainDb: z.number().finite().min(-60).max(24).default(0),
    /** -1 left .. 1 right */
    pan: z.number().finite().min(-1).max(1).default(0),
    /** stem group name, e.g. "steps", "hits", "movement", "ambience" */
    stem: z.string().min(1).max(50),
    source: CueSourceSchema,
    confidence: z.number().min(0).max(1).default(1),
    enabled: z.boolean().default(true),
    /** force one backend for this cue; otherwise the preset's order decides */
    backend: BackendIdSchema.optional(),
    /** per-cue seed offset so "regenerate this cue" can ask for a different take */
    seed: z.number().int().min(0).optional(),
  })
  .superRefine((cue, ctx) => {
    if (cue.end !== undefined && cue.end < cue.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must not be before start' });
    }
    if ((cue.kind === 'loop' || cue.kind === 'ambience') && cue.end === undefined) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `a ${cue.kind} cue needs an end time` });
    }
  });

export const ClipSchema = z.object({
  /** absolute path of the source media, or null for a plan made from text only */
  path: z.string().max(4096).nullable(),
  /** source range in seconds */
  inSec: z.number().finite().min(0),
  outSec: z.number().finite().min(0),
  fps: RationalSchema,
  /** where the range starts on the host timeline, in seconds from the timeline's zero */
  timelineStartSec: z.number().finite().min(0).default(0),
  /** SMPTE start timecode of the timeline position, if known (for bext TimeReference) */
  startTimecode: z.string().max(20).optional(),
});

export const FoleyPlanSchema = z
  .object({
    version: z.literal(PLAN_VERSION),
    clip: ClipSchema,
    sampleRateHz: z.number().int().min(8000).max(192000).default(48000),
    prompt: z.string().max(20000).default(''),
    cues: z.array(CueSchema).max(20000),
  })
  .superRefine((plan, ctx) => {
    if (plan.clip.outSec <= plan.clip.inSec) {
      ctx.addIssue({ code: 'custom', path: ['clip', 'outSec'], message: 'outSec must be after inSec' });
    }
    const ids = new Set<string>();
    plan.cues.forEach((cue, i) => {
      if (ids.has(cue.id)) ctx.addIssue({ code: 'custom', path: ['cues', i, 'id'], message: `duplicate cue id "${cue.id}"` });
      ids.add(cue.id);
    });
  });

export type FoleyPlan = z.infer<typeof FoleyPlanSchema>;
export type FoleyPlanInput = z.input<typeof FoleyPlanSchema>;
export type Cue = z.infer<typeof CueSchema>;
export type CueSound = z.infer<typeof CueSoundSchema>;
export type CueKind = z.infer<typeof CueKindSchema>;
export type ClipInfo = z.infer<typeof ClipSchema>;

/** Turns a zod issue path into `cues[3].sound.class`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export type PlanParseResult = { ok: true; plan: FoleyPlan } | { ok: false; issues: Array<{ path: string; message: string }> };

/** Validates an untrusted plan; every problem is reported with the path of the offending field. */
export function checkPlan(value: unknown): PlanParseResult {
  const r = FoleyPlanSchema.safeParse(value);
  if (r.success) return { ok: true, plan: r.data };
  return { ok: false, issues: r.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })) };
}
