/**
 * What one pipeline run is asked to do and what it returns. The CLI, the server's job worker and the
 * benches all build a PipelineRequest and call `runPipeline` (bridge-server/pipeline/run.ts).
 */
import { z } from 'zod';
import { FoleyPlanSchema, type FoleyPlan } from './plan';
import { PresetSchema } from './preset';

export const MarkerSchema = z.object({
  /** seconds from the start of the clip range */
  t: z.number().finite().min(0),
  comment: z.string().max(2000),
  id: z.string().max(200).optional(),
});
export type Marker = z.infer<typeof MarkerSchema>;

export const PipelineRequestSchema = z.object({
  /** absolute path of the source video; null for a text-only render (then durationSec is required) */
  videoPath: z.string().min(1).max(4096).nullable(),
  inSec: z.number().finite().min(0).optional(),
  outSec: z.number().finite().min(0).optional(),
  /** text-only renders: length of the result */
  durationSec: z.number().finite().positive().max(6 * 3600).optional(),
  prompt: z.string().max(20000).default(''),
  markers: z.array(MarkerSchema).max(5000).default([]),
  /** render this (edited) plan instead of planning */
  plan: FoleyPlanSchema.optional(),
  preset: PresetSchema,
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** overrides preset.variations */
  variations: z.number().int().min(1).max(16).optional(),
  outDir: z.string().min(1).max(4096),
  preview: z.boolean().default(false),
  /** where the range starts on the host timeline (seconds) and its start timecode, for bext TimeReference */
  timelineStartSec: z.number().finite().min(0).default(0),
  startTimecode: z.string().max(20).optional(),
  /** only render these cue ids of `plan` (regenerate one cue); others are kept from the plan but skipped */
  onlyCues: z.array(z.string().max(100)).max(20000).optional(),
});
export type PipelineRequest = z.infer<typeof PipelineRequestSchema>;
export type PipelineRequestInput = z.input<typeof PipelineRequestSchema>;

export interface DeliveredFiles {
  mix: string;
  stems: Record<string, string>;
  plan: string;
  report: string;
  preview?: string;
}

export interface PipelineResult {
  outDir: string;
  files: DeliveredFiles;
  plan: FoleyPlan;
  /** the report.json content */
  report: Record<string, unknown>;
  /**
   * one line each on what the prompt or marker comments asked for and the plan could not give (a sound the
   * catalogue has no class for, a time past the range); empty when a plan was given
   */
  notices: string[];
}
