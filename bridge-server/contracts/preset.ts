/**
 * A preset: every per-project choice the pipeline needs, validated with zod so presets can be stored,
 * exported and imported as JSON. Partial presets are completed with the defaults below.
 */
import { z } from 'zod';
import { BackendIdSchema } from './plan';

export const StemMapSchema = z.record(z.string().min(1).max(100), z.string().min(1).max(50));

export const PresetSchema = z.object({
  name: z.string().min(1).max(100),
  description: z.string().max(500).default(''),
  /** candidate takes rendered per cue (best-of-N) */
  variations: z.number().int().min(1).max(16).default(3),
  /** backends in order of preference; a cue uses the first that can render it */
  backends: z.array(BackendIdSchema).min(1).default(['procedural']),
  /** integrated loudness target of the full mix, LUFS */
  targetLufs: z.number().min(-60).max(0).default(-23),
  /** true-peak ceiling for every delivered file, dBTP */
  truePeakDbtp: z.number().min(-20).max(0).default(-1),
  bitDepth: z.enum(['24', '32f']).default('24'),
  /** class id -> stem group; classes not listed use the catalogue's default group */
  stems: StemMapSchema.default({}),
  /** lower beds where the production sound has speech */
  duckUnderSpeech: z.boolean().default(false),
  /** planner id: "rules" (default) or a planner bundle name */
  planner: z.string().min(1).max(100).default('rules'),
  /** onnx bundle name to prefer, when the onnx backend is used */
  neuralBundle: z.string().max(100).optional(),
  /** place results automatically when a job finishes (panel) */
  autoInsert: z.boolean().default(false),
  /** target audio track name in the host (panel) */
  targetTrack: z.string().max(100).default('Foley'),
  /** optional per-project output folder (server) */
  outputDir: z.string().max(4096).optional(),
});

export type Preset = z.infer<typeof PresetSchema>;
export type PresetInput = z.input<typeof PresetSchema>;
