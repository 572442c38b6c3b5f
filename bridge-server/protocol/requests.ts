/**
 * Client → server requests of the bridge protocol. Every request is one JSON text frame
 * `{ id, op, ...fields }`; `id` (chosen by the client) comes back on the `ok` or `error` reply.
 * Job inputs reuse the pipeline's own PipelineRequest schema so a request the server accepts is a
 * request the pipeline accepts; the server adds only `outDir` and the resolved `preset`.
 */
import { z } from 'zod';
import { PipelineRequestSchema } from '../contracts/job';
import { PresetSchema } from '../contracts/preset';

export const PROTOCOL_VERSION = 1;

export const RequestIdSchema = z.string().min(1).max(100);
export const ProjectIdSchema = z.string().min(1).max(200);
export const PresetNameSchema = z.string().min(1).max(100);
/** job and item ids are used as folder names, so they are restricted to a safe alphabet */
export const SafeIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1-64 letters, digits, ".", "_" or "-"');

const shape = PresetSchema.shape;
/**
 * Per-request tweaks on top of the chosen preset. `outputDir` is deliberately absent: output folders
 * come only from stored presets (see docs/server.md, "Paths").
 */
export const PresetOverridesSchema = z
  .object({
    variations: shape.variations.unwrap().optional(),
    backends: shape.backends.unwrap().optional(),
    targetLufs: shape.targetLufs.unwrap().optional(),
    truePeakDbtp: shape.truePeakDbtp.unwrap().optional(),
    bitDepth: shape.bitDepth.unwrap().optional(),
    stems: shape.stems.unwrap().optional(),
    duckUnderSpeech: shape.duckUnderSpeech.unwrap().optional(),
    planner: shape.planner.unwrap().optional(),
    neuralBundle: shape.neuralBundle,
  })
  .strict();
export type PresetOverrides = z.infer<typeof PresetOverridesSchema>;

/** One unit of work: a clip range, a text-only render, or one marker of a batch. */
export const JobItemSchema = PipelineRequestSchema.omit({ outDir: true, preset: true }).extend({
  /** unique within the job; assigned ("item-001", ...) when absent */
  itemId: SafeIdSchema.optional(),
  /** free text for the UI, e.g. the marker comment or clip name */
  label: z.string().max(200).optional(),
});
export type JobItem = z.infer<typeof JobItemSchema>;
export type JobItemInput = z.input<typeof JobItemSchema>;

const presetChoice = {
  /** presets are looked up in this project first, then in the factory set */
  projectId: ProjectIdSchema.optional(),
  /** absent: the project's default preset, else the factory "default" */
  presetName: PresetNameSchema.optional(),
  presetOverrides: PresetOverridesSchema.optional(),
};

const req = <Op extends string, S extends z.ZodRawShape>(op: Op, fields: S) =>
  z.object({ id: RequestIdSchema, op: z.literal(op), ...fields }).strict();

export const HelloRequestSchema = req('hello', {
  protocolVersion: z.number().int().min(0).max(1000),
  client: z.object({ name: z.string().min(1).max(100), version: z.string().max(50).optional() }).strict(),
});
export const PairRequestSchema = req('pair.request', { clientName: z.string().min(1).max(100) });
export const PairConfirmSchema = req('pair.confirm', { code: z.string().max(20) });
export const AuthRequestSchema = req('auth', { token: z.string().min(1).max(200) });

export const GenerateRequestSchema = req('generate', {
  ...presetChoice,
  /** "clip": exactly one item; "markers": a batch of many items on one sequence, each finishing on its own */
  batch: z.enum(['clip', 'markers']).default('clip'),
  label: z.string().max(200).optional(),
  items: z.array(JobItemSchema).min(1).max(1000),
}).superRefine((r, ctx) => {
  if (r.batch === 'clip' && r.items.length !== 1) {
    ctx.addIssue({ code: 'custom', path: ['items'], message: 'a clip job has exactly one item; use batch "markers" for more' });
  }
  const seen = new Set<string>();
  r.items.forEach((item, i) => {
    if (item.itemId === undefined) return;
    if (seen.has(item.itemId)) ctx.addIssue({ code: 'custom', path: ['items', i, 'itemId'], message: `duplicate itemId "${item.itemId}"` });
    seen.add(item.itemId);
  });
});
export const PlanRequestSchema = req('plan', { ...presetChoice, label: z.string().max(200).optional(), item: JobItemSchema });
export const CancelRequestSchema = req('cancel', { jobId: SafeIdSchema });
export const JobStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;
export const JobsListRequestSchema = req('jobs.list', {
  limit: z.number().int().min(1).max(500).default(50),
  status: JobStatusSchema.optional(),
});
export const JobsGetRequestSchema = req('jobs.get', { jobId: SafeIdSchema });
/** re-queues only the failed and cancelled items of a job; finished items are kept */
export const JobsRetryRequestSchema = req('jobs.retry', { jobId: SafeIdSchema });

export const PresetExportDocumentSchema = z
  .object({
    format: z.literal('foley-presets'),
    version: z.literal(1),
    projectId: ProjectIdSchema.optional(),
    defaultPreset: PresetNameSchema.optional(),
    presets: z.array(PresetSchema).max(500),
  })
  .strict();
export type PresetExportDocument = z.infer<typeof PresetExportDocumentSchema>;

export const PresetsListRequestSchema = req('presets.list', { projectId: ProjectIdSchema });
export const PresetsGetRequestSchema = req('presets.get', { projectId: ProjectIdSchema, name: PresetNameSchema });
export const PresetsSaveRequestSchema = req('presets.save', { projectId: ProjectIdSchema, preset: PresetSchema });
export const PresetsDeleteRequestSchema = req('presets.delete', { projectId: ProjectIdSchema, name: PresetNameSchema });
export const PresetsExportRequestSchema = req('presets.export', { projectId: ProjectIdSchema });
export const PresetsImportRequestSchema = req('presets.import', {
  projectId: ProjectIdSchema,
  document: PresetExportDocumentSchema,
  /** replace presets that already exist with the same name (default: keep them and report them as skipped) */
  overwrite: z.boolean().default(false),
});
export const PresetsSetDefaultRequestSchema = req('presets.setDefault', { projectId: ProjectIdSchema, name: PresetNameSchema });
export const ModelsRequestSchema = req('models', {});
export const HealthRequestSchema = req('health', {});

/** Every request, by op. Also the list of ops a server knows (UNKNOWN_OP otherwise). */
export const REQUEST_SCHEMAS = {
  hello: HelloRequestSchema,
  'pair.request': PairRequestSchema,
  'pair.confirm': PairConfirmSchema,
  auth: AuthRequestSchema,
  generate: GenerateRequestSchema,
  plan: PlanRequestSchema,
  cancel: CancelRequestSchema,
  'jobs.list': JobsListRequestSchema,
  'jobs.get': JobsGetRequestSchema,
  'jobs.retry': JobsRetryRequestSchema,
  'presets.list': PresetsListRequestSchema,
  'presets.get': PresetsGetRequestSchema,
  'presets.save': PresetsSaveRequestSchema,
  'presets.delete': PresetsDeleteRequestSchema,
  'presets.export': PresetsExportRequestSchema,
  'presets.import': PresetsImportRequestSchema,
  'presets.setDefault': PresetsSetDefaultRequestSchema,
  models: ModelsRequestSchema,
  health: HealthRequestSchema,
} as const;

export type RequestOp = keyof typeof REQUEST_SCHEMAS;
export const REQUEST_OPS = Object.freeze(Object.keys(REQUEST_SCHEMAS)) as readonly RequestOp[];
/** ops an unauthenticated socket may send */
export const UNAUTHENTICATED_OPS: readonly RequestOp[] = Object.freeze(['hello', 'pair.request', 'pair.confirm', 'auth'] as RequestOp[]);

export type RequestOf<Op extends RequestOp> = z.infer<(typeof REQUEST_SCHEMAS)[Op]>;
/** what a client may send (defaults not yet applied) */
export type RequestInputOf<Op extends RequestOp> = z.input<(typeof REQUEST_SCHEMAS)[Op]>;
export type ClientRequest = { [Op in RequestOp]: RequestOf<Op> }[RequestOp];

export function isRequestOp(op: unknown): op is RequestOp {
  return typeof op === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, op);
}
