/**
 * The model-bundle contract: `models/<name>/bundle.json`, validated with zod at the edge. A bundle
 * names its ONNX files by role (text encoder, visual/sync encoders, per-clip condition graph, per-step
 * velocity graph, latent decoder, vocoder; or a scorer's audio/text towers), declares every tensor's
 * name, dtype and (symbolic) shape so `foley models check` can compare them with the session metadata,
 * and carries the numbers the sampler needs (rates, windows, steps, guidance, visual normalization).
 * Shapes follow the real models documented in /work/shared/reference/neural.md (MMAudio, TangoFlux,
 * CLAP); keys are camelCase (our format, not an upstream one).
 */
import { z } from 'zod';

export const BUNDLE_SCHEMA_VERSION = 'foley-bundle/1';

export const TensorDtypeSchema = z.enum(['float32', 'float16', 'int64', 'int32', 'bool']);
export type TensorDtype = z.infer<typeof TensorDtypeSchema>;

/**
 * What the runtime feeds into an input that no earlier stage produces. Inputs without `feed` take the
 * output of an earlier stage (or a visual feature) with the same name.
 */
export const FeedSchema = z.enum([
  'latent', // the current noisy latent (velocity) or the final latent (decoder)
  'time', // flow time of the step (velocity)
  'inputIds', // tokenizer ids (text encoders)
  'attentionMask', // tokenizer mask
  'pixels', // normalized frames [n, 3, h, w] (visual encoder)
  'segments', // normalized frame segments [s, 1, frames, 3, h, w] (sync encoder)
  'durationSec', // requested seconds [b] (T2A duration conditioning)
  'audio', // waveform [b, samples] (scorer audio tower) or decoded mel (vocoder)
]);
export type Feed = z.infer<typeof FeedSchema>;

const DimensionSchema = z.union([z.number().int().min(0), z.string().min(1).max(40)]);

export const TensorSpecSchema = z.object({
  name: z.string().min(1).max(200),
  dtype: TensorDtypeSchema,
  shape: z.array(DimensionSchema).max(8),
  feed: FeedSchema.optional(),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

export const StageRoleSchema = z.enum([
  'textEncoder',
  'visualEncoder',
  'syncEncoder',
  'condition',
  'velocity',
  'decoder',
  'vocoder',
  'audioEmbed',
  'textEmbed',
  'languageModel',
]);
export type StageRole = z.infer<typeof StageRoleSchema>;

const RelativeFileSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a path inside the bundle folder');

export const StageSchema = z.object({
  file: RelativeFileSchema,
  inputs: z.array(TensorSpecSchema).min(1).max(32),
  outputs: z.array(TensorSpecSchema).min(1).max(32),
  /** execution providers to try in order; default: the runtime's configured list */
  providers: z.array(z.string().min(1).max(40)).max(4).optional(),
});
export type Stage = z.infer<typeof StageSchema>;

/** A raw little-endian float32 file with a declared shape (latent statistics, learned null features). */
export const ConstantSchema = z.object({ file: RelativeFileSchema, shape: z.array(z.number().int().min(1)).min(1).max(8) });
export type Constant = z.infer<typeof ConstantSchema>;

export const VisualStreamSchema = z.object({
  /** which stage encodes these frames */
  stage: z.enum(['visualEncoder', 'syncEncoder']),
  /** frames per second as an exact rational (MMAudio: CLIP 8/1, Synchformer 25/1) */
  fps: z.object({ num: z.number().int().positive(), den: z.number().int().positive() }),
  width: z.number().int().min(2).max(4096),
  height: z.number().int().min(2).max(4096),
  /**
   * squash: scale to width×height ignoring aspect (MMAudio's CLIP branch); shortSideCrop: scale the
   * short side to the target and crop the centre (MMAudio's Synchformer branch)
   */
  resize: z.enum(['squash', 'shortSideCrop']).default('squash'),
  /** pixel scale before mean/std: [0,1] for CLIP-style encoders */
  scale: z.tuple([z.number(), z.number()]).default([0, 1]),
  mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]).default([1, 1, 1]),
  /** sync encoders take overlapping segments of frames */
  segmentFrames: z.number().int().positive().optional(),
  segmentStride: z.number().int().positive().optional(),
  /** frames per encoder call (memory bound) */
  chunkFrames: z.number().int().positive().default(16),
  /** name under which the stacked features [1, frames(·tokens), dim] enter the condition graph */
  feature: z.string().min(1).max(200),
});
export type VisualStream = z.infer<typeof VisualStreamSchema>;

export const WindowSchema = z.object({
  /** the duration this export was frozen at (RoPE tables, sync sizes) */
  durationSec: z.number().positive().max(600),
  /** latent frames of this window */
  latentLength: z.number().int().positive(),
  /** per-window graph files replacing a stage's `file` (e.g. condition/velocity exported per length) */
  files: z.partialRecord(StageRoleSchema, RelativeFileSchema).default({}),
});
export type BundleWindow = z.infer<typeof WindowSchema>;

const FlowBundleFields = {
  audio: z.object({
    sampleRateHz: z.number().int().min(8000).max(192000),
    channels: z.number().int().min(1).max(8),
    /** the duration the model was trained at (generation quality is best there) */
    trainedDurationSec: z.number().positive().max(600),
  }),
  latent: z.object({
    channels: z.number().int().positive(),
    rateHz: z.number().positive(),
    /** B,N,C (MMAudio, TangoFlux) or B,C,N as the velocity graph takes it */
    layout: z.enum(['BNC', 'BCN']).default('BNC'),
    /** per-channel statistics: the decoder gets latent·std + mean */
    mean: ConstantSchema.optional(),
    std: ConstantSchema.optional(),
  }),
  /** decoder input layout (MMAudio's VAE takes B,C,N) */
  decoderLayout: z.enum(['BNC', 'BCN']).default('BNC'),
  /** supported windows; clips longer than the longest are generated in overlapping windows */
  windows: z.array(WindowSchema).min(1).max(32),
  /** overlap between consecutive windows of a long clip, crossfaded (equal power) */
  windowOverlapSec: z.number().min(0).max(30).default(1),
  text: z
    .object({
      /** folder (inside the bundle) holding tokenizer.json + tokenizer_config.json */
      tokenizerDir: RelativeFileSchema.default('tokenizer'),
      maxLength: z.number().int().positive().max(4096),
      padToMax: z.boolean().default(true),
      /** the unconditional prompt used for classifier-free guidance */
      negativePrompt: z.string().max(2000).default(''),
    })
    .optional(),
  video: z.array(VisualStreamSchema).max(4).default([]),
  /** learned "no condition" features used in the unconditional branch, by pool tensor name */
  nullConditions: z.record(z.string().min(1).max(200), ConstantSchema).default({}),
  sampler: z.object({
    type: z.literal('euler'),
    steps: z.number().int().min(1).max(1000),
    /** classifier-free guidance strength s: v = uncond + s·(cond − uncond); 1 = conditional only */
    guidance: z.number().min(0).max(50),
    /**
     * noiseToData: time goes 0→1 (MMAudio); sigma: 1→0 (TangoFlux/diffusers). Both integrate
     * x += (τ_next − τ)·v; only the direction of τ differs.
     */
    time: z.enum(['noiseToData', 'sigma']).default('noiseToData'),
    /** value fed to the time input = τ·timeScale (some exports expect τ·1000) */
    timeScale: z.number().positive().default(1),
    /**
     * separate: one velocity run per guidance branch; batch: both branches in one run with batch 2
     * (needs a symbolic batch dimension; fewer, larger runs are faster on GPUs)
     */
    cfgBatching: z.enum(['separate', 'batch']).default('separate'),
  }),
};

export const FlowBundleSchema = z.object({
  schema: z.literal(BUNDLE_SCHEMA_VERSION),
  id: z.string().min(1).max(100),
  kind: z.enum(['v2a-flow', 't2a-flow']),
  description: z.string().max(1000).default(''),
  ...FlowBundleFields,
  stages: z.partialRecord(StageRoleSchema, StageSchema),
});

export const ScorerBundleSchema = z.object({
  schema: z.literal(BUNDLE_SCHEMA_VERSION),
  id: z.string().min(1).max(100),
  kind: z.literal('audio-text-scorer'),
  description: z.string().max(1000).default(''),
  audio: z.object({ sampleRateHz: z.number().int().min(8000).max(192000), samples: z.number().int().positive() }),
  text: z.object({ tokenizerDir: RelativeFileSchema.default('tokenizer'), maxLength: z.number().int().positive().max(4096), padToMax: z.boolean().default(true) }),
  /** template applied to the cue text before tokenizing (CLAP: "This is a sound of {}.") */
  promptTemplate: z.string().max(500).default('{}'),
  stages: z.partialRecord(StageRoleSchema, StageSchema),
});

export const PlannerBundleSchema = z.object({
  schema: z.literal(BUNDLE_SCHEMA_VERSION),
  id: z.string().min(1).max(100),
  kind: z.literal('text-planner'),
  description: z.string().max(1000).default(''),
  text: z.object({ tokenizerDir: RelativeFileSchema.default('tokenizer'), maxLength: z.number().int().positive().max(4096), padToMax: z.boolean().default(false) }),
  generation: z.object({ maxNewTokens: z.number().int().positive().max(1024).default(48) }).default({ maxNewTokens: 48 }),
  promptTemplate: z.string().max(2000).default('Video: {}\nSounds:'),
  stages: z.partialRecord(StageRoleSchema, StageSchema),
});

export const BundleSchema = z.discriminatedUnion('kind', [FlowBundleSchema, ScorerBundleSchema, PlannerBundleSchema]);

export type FlowBundle = z.infer<typeof FlowBundleSchema>;
export type ScorerBundle = z.infer<typeof ScorerBundleSchema>;
export type PlannerBundle = z.infer<typeof PlannerBundleSchema>;
export type Bundle = z.infer<typeof BundleSchema>;
export type BundleInput = z.input<typeof BundleSchema>;

/** Roles each kind must have; checked after parsing so the message names the missing role. */
export const REQUIRED_ROLES: Readonly<Record<Bundle['kind'], readonly StageRole[]>> = Object.freeze({
  'v2a-flow': ['visualEncoder', 'velocity', 'decoder'],
  't2a-flow': ['textEncoder', 'velocity', 'decoder'],
  'audio-text-scorer': ['audioEmbed', 'textEmbed'],
  'text-planner': ['languageModel'],
});
