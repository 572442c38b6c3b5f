/**
 * Server → client messages: one `ok` reply (typed per op) or one `error` reply per request, and job
 * events pushed to every socket of the panel that owns the job. The panel may validate what it receives
 * with `ServerMessageSchema`; the server builds replies with the types inferred here.
 */
import { z } from 'zod';
import { FoleyPlanSchema } from '../contracts/plan';
import { PresetSchema } from '../contracts/preset';
import { PROTOCOL_ERROR_CODES } from './codes';
import { JobStatusSchema, PresetExportDocumentSchema, type RequestOp } from './requests';

export const StageNameSchema = z.enum(['media', 'analyze', 'plan', 'generate', 'align', 'mix', 'deliver']);

export const DeliveredFilesSchema = z.object({
  mix: z.string(),
  stems: z.record(z.string(), z.string()),
  plan: z.string(),
  report: z.string(),
  preview: z.string().optional(),
});

/** What one finished item produced: files for generate jobs; plan (+ analysis) for plan jobs. */
export const ItemResultSchema = z.object({
  outDir: z.string().optional(),
  files: DeliveredFilesSchema.optional(),
  plan: FoleyPlanSchema,
  report: z.record(z.string(), z.unknown()).optional(),
  analysis: z.record(z.string(), z.unknown()).optional(),
  /** what the prompt or marker comments asked for and the plan could not give, one line each (pipeline PipelineResult.notices) */
  notices: z.array(z.string().max(1000)).max(200).optional(),
  /** true when the result came from the cache (same media fingerprint, range, plan, seed, preset, engine) */
  cached: z.boolean(),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const JobErrorSchema = z.object({ code: z.string().max(100), message: z.string().max(2000) });

export const ItemDetailSchema = z.object({
  itemId: z.string(),
  label: z.string().optional(),
  status: JobStatusSchema,
  attempts: z.number().int(),
  result: ItemResultSchema.optional(),
  error: JobErrorSchema.optional(),
});
export type ItemDetail = z.infer<typeof ItemDetailSchema>;

export const JobSummarySchema = z.object({
  jobId: z.string(),
  kind: z.enum(['generate', 'plan']),
  batch: z.enum(['clip', 'markers']),
  status: JobStatusSchema,
  projectId: z.string().optional(),
  label: z.string().optional(),
  presetName: z.string(),
  /** ISO 8601 */
  createdAt: z.string(),
  updatedAt: z.string(),
  itemCount: z.number().int(),
  itemsDone: z.number().int(),
  itemsFailed: z.number().int(),
});
export type JobSummary = z.infer<typeof JobSummarySchema>;
export const JobDetailSchema = JobSummarySchema.extend({ items: z.array(ItemDetailSchema) });
export type JobDetail = z.infer<typeof JobDetailSchema>;

export const HealthSchema = z.object({
  ok: z.boolean(),
  serverVersion: z.string(),
  engineVersion: z.string(),
  protocolVersion: z.number().int(),
  uptimeSec: z.number(),
  /** items waiting for a worker */
  queueDepth: z.number().int(),
  /** items being rendered now */
  running: z.number().int(),
  workers: z.number().int(),
  backends: z.array(z.string()),
  executionProviders: z.array(z.string()),
  /** false until the pipeline module (bridge-server/pipeline/run.ts) can be loaded by the workers */
  pipelineAvailable: z.boolean(),
  /** event-loop delay of the server's main thread over the last minute, ms (responsiveness under load) */
  eventLoopDelayMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const PresetEntrySchema = z.object({ preset: PresetSchema, factory: z.boolean(), isDefault: z.boolean() });

/** The `result` of the `ok` reply to each op. */
export const RESULT_SCHEMAS = {
  hello: z.object({
    protocolVersion: z.number().int(),
    serverVersion: z.string(),
    engineVersion: z.string(),
    authenticated: z.boolean(),
  }),
  'pair.request': z.object({ expiresInSec: z.number() }),
  /** keep the token (it is shown once); later sockets send it with `auth` */
  'pair.confirm': z.object({ token: z.string(), panelId: z.string() }),
  auth: z.object({ panelId: z.string() }),
  generate: z.object({ job: JobSummarySchema, itemIds: z.array(z.string()) }),
  plan: z.object({ job: JobSummarySchema }),
  cancel: z.object({ job: JobSummarySchema }),
  'jobs.list': z.object({ jobs: z.array(JobSummarySchema) }),
  'jobs.get': z.object({ job: JobDetailSchema }),
  'jobs.retry': z.object({ job: JobSummarySchema, requeued: z.array(z.string()) }),
  'presets.list': z.object({ presets: z.array(PresetEntrySchema), defaultName: z.string() }),
  'presets.get': PresetEntrySchema,
  'presets.save': z.object({ name: z.string() }),
  'presets.delete': z.object({ name: z.string() }),
  'presets.export': z.object({ document: PresetExportDocumentSchema }),
  'presets.import': z.object({ imported: z.array(z.string()), skipped: z.array(z.string()) }),
  'presets.setDefault': z.object({ name: z.string() }),
  models: z.object({
    backends: z.array(z.object({ id: z.string(), available: z.boolean(), note: z.string().optional() })),
    bundles: z.array(z.object({ name: z.string(), path: z.string() })),
    executionProviders: z.array(z.string()),
  }),
  health: HealthSchema,
} as const satisfies Record<RequestOp, z.ZodType>;

export type ResultOf<Op extends RequestOp> = z.infer<(typeof RESULT_SCHEMAS)[Op]>;

export const OkReplySchema = z.object({
  type: z.literal('ok'),
  id: z.string(),
  op: z.string(),
  result: z.unknown(),
});
export type OkReply<Op extends RequestOp = RequestOp> = { type: 'ok'; id: string; op: Op; result: ResultOf<Op> };

export const ErrorReplySchema = z.object({
  type: z.literal('error'),
  /** the request id when the server could read one, else null */
  id: z.string().nullable(),
  code: z.enum(PROTOCOL_ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  /** schema problems, each with the path of the offending field (BAD_MESSAGE) */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorReply = z.infer<typeof ErrorReplySchema>;

export const JobProgressEventSchema = z.object({
  type: z.literal('job.progress'),
  jobId: z.string(),
  itemId: z.string().optional(),
  stage: StageNameSchema,
  /** 0..1 of the whole job */
  fraction: z.number().min(0).max(1),
  /** 0..1 of the current item */
  itemFraction: z.number().min(0).max(1),
  /** estimated seconds until the job is finished; null until an estimate exists */
  etaSec: z.number().min(0).nullable(),
  message: z.string().optional(),
});
/** any change of a job's status or counts (queued, started, item finished, cancelled, retried) */
export const JobUpdateEventSchema = z.object({ type: z.literal('job.update'), job: JobSummarySchema });
export const JobItemDoneEventSchema = z.object({
  type: z.literal('job.item.done'),
  jobId: z.string(),
  itemId: z.string(),
  result: ItemResultSchema,
});
export const JobItemFailedEventSchema = z.object({
  type: z.literal('job.item.failed'),
  jobId: z.string(),
  itemId: z.string(),
  code: z.string(),
  message: z.string(),
});
/** all items finished; for a clip job files/plan/report repeat the single item's result */
export const JobDoneEventSchema = z.object({
  type: z.literal('job.done'),
  jobId: z.string(),
  files: DeliveredFilesSchema.optional(),
  plan: FoleyPlanSchema.optional(),
  report: z.record(z.string(), z.unknown()).optional(),
  items: z.array(ItemDetailSchema),
});
/** the job ended with at least one failed or cancelled item; finished items are kept in `items` */
export const JobFailedEventSchema = z.object({
  type: z.literal('job.failed'),
  jobId: z.string(),
  code: z.string(),
  message: z.string(),
  items: z.array(ItemDetailSchema),
});

export const ServerEventSchema = z.discriminatedUnion('type', [
  JobProgressEventSchema,
  JobUpdateEventSchema,
  JobItemDoneEventSchema,
  JobItemFailedEventSchema,
  JobDoneEventSchema,
  JobFailedEventSchema,
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  OkReplySchema,
  ErrorReplySchema,
  JobProgressEventSchema,
  JobUpdateEventSchema,
  JobItemDoneEventSchema,
  JobItemFailedEventSchema,
  JobDoneEventSchema,
  JobFailedEventSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export const SERVER_EVENT_TYPES = Object.freeze(['job.progress', 'job.update', 'job.item.done', 'job.item.failed', 'job.done', 'job.failed'] as const);
