/**
 * The IPC contract between the job runner (parent) and a worker process (worker.ts): one task in,
 * progress events and one final done/failed message out. Values cross a process boundary, so the parent
 * validates what a worker sends before trusting it.
 */
import { z } from 'zod';
import type { PipelineRequest } from '../contracts/job';

/** where a generate task's output folder goes: `<outBase>/<jobId>/<itemId>`, committed by the worker */
export interface TaskOutput {
  outBase: string;
  jobId: string;
  itemId: string;
}

export interface TaskSpec {
  mode: 'generate' | 'plan';
  request: PipelineRequest;
  /** generate tasks: render into a staging folder and commit it here (request.outDir is replaced) */
  output?: TaskOutput | undefined;
}

export interface RunTaskMessage extends TaskSpec {
  type: 'run';
  taskId: string;
}

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pipelineAvailable: z.boolean() }),
  /** sent once by the probing worker, after `ready` */
  z.object({
    type: z.literal('capabilities'),
    backends: z.array(z.string()),
    executionProviders: z.array(z.string()),
    bundles: z.array(z.object({ name: z.string(), path: z.string() })),
  }),
  z.object({
    type: z.literal('progress'),
    taskId: z.string(),
    stage: z.enum(['media', 'analyze', 'plan', 'generate', 'align', 'mix', 'deliver']),
    fraction: z.number(),
    /** 0..1 of the whole item (stage weights applied by the worker) */
    itemFraction: z.number().min(0).max(1),
    message: z.string().optional(),
  }),
  z.object({
    type: z.literal('done'),
    taskId: z.string(),
    result: z.object({
      outDir: z.string().optional(),
      files: z
        .object({ mix: z.string(), stems: z.record(z.string(), z.string()), plan: z.string(), report: z.string(), preview: z.string().optional() })
        .optional(),
      plan: z.unknown(),
      report: z.record(z.string(), z.unknown()).optional(),
      analysis: z.record(z.string(), z.unknown()).optional(),
      notices: z.array(z.string()).optional(),
      cached: z.boolean().optional(),
    }),
  }),
  z.object({ type: z.literal('failed'), taskId: z.string(), code: z.string(), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
