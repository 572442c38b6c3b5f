/**
 * `foley generate <video> --out DIR [--prompt TEXT] [--plan FILE] [--preset NAME] [--seed N]
 * [--variations N] [--preview] [--json]`: the whole pipeline, writing foley.wav, stems/, plan.json,
 * report.json (and preview.mp4) into DIR.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadPreset, numberOption, parseRequest, resolveMediaArg, usageError } from '../options';
import { printJson, progressPrinter } from '../output';

interface GenerateOptions {
  out?: string;
  prompt?: string;
  plan?: string;
  preset?: string;
  seed?: string;
  variations?: string;
  preview?: boolean;
  json?: boolean;
  in?: string;
  end?: string;
  duration?: string;
  only?: string;
}

export function register(program: Command): void {
  program
    .command('generate [video]')
    .description('generate a Foley track for a clip (or render an edited plan)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--prompt <text>', 'what should be heard')
    .option('--plan <file>', 'render this (edited) plan.json instead of planning')
    .option('--preset <name>', 'preset name or preset JSON file', 'default')
    .option('--seed <n>', 'random seed (same seed, same result)', '1')
    .option('--variations <n>', 'candidate takes per cue (best-of-N)')
    .option('--preview', 'also write preview.mp4 (picture with the Foley)')
    .option('--json', 'print the result summary as JSON')
    .option('--in <seconds>', 'start of the source range')
    .option('--end <seconds>', 'end of the source range')
    .option('--duration <seconds>', 'length of a text-only result (no video)')
    .option('--only <ids>', 'with --plan: regenerate only these cue ids (comma-separated)')
    .action(async (video: string | undefined, opts: GenerateOptions) => {
      const { runPipeline } = require('../../pipeline/run') as typeof import('../../pipeline/run');
      const { loadPlanFile } = require('../../pipeline/plan') as typeof import('../../pipeline/plan');
      const plan = opts.plan ? loadPlanFile(opts.plan) : undefined;
      const durationSec = numberOption('--duration', opts.duration, { min: 0.01 });
      const videoPath = video ? resolveMediaArg(video) : (plan?.clip.path ?? null);
      if (!videoPath && durationSec === undefined && !plan) throw usageError('give a video, a --plan, or --duration for a text-only result.');
      const request = parseRequest({
        videoPath,
        inSec: numberOption('--in', opts.in, { min: 0 }) ?? plan?.clip.inSec,
        outSec: numberOption('--end', opts.end, { min: 0 }) ?? plan?.clip.outSec,
        durationSec,
        prompt: opts.prompt ?? '',
        plan,
        preset: loadPreset(opts.preset),
        seed: numberOption('--seed', opts.seed, { min: 0, integer: true }),
        variations: numberOption('--variations', opts.variations, { min: 1, integer: true }),
        outDir: resolve(opts.out as string),
        preview: opts.preview === true,
        onlyCues: opts.only ? opts.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      }, { inSec: '--in', outSec: '--end', durationSec: '--duration', prompt: '--prompt', seed: '--seed', variations: '--variations', onlyCues: '--only', outDir: '--out' });
      const progress = progressPrinter(process.stderr.isTTY === true && !opts.json);
      const result = await runPipeline(request, { onProgress: progress });
      if (opts.json) {
        printJson({ outDir: result.outDir, files: result.files, cues: result.plan.cues.length, notices: result.notices, report: result.report });
        return;
      }
      // what the prompt asked for and the plan could not give (none for a --plan file, read by a person)
      for (const note of result.notices) process.stderr.write(`foley: note: ${note}\n`);
      process.stdout.write(`Foley written to ${result.files.mix}\n`);
      for (const [name, path] of Object.entries(result.files.stems)) process.stdout.write(`  stem ${name}: ${path}\n`);
      process.stdout.write(`  plan: ${result.files.plan}\n  report: ${result.files.report}\n`);
      if (result.files.preview) process.stdout.write(`  preview: ${result.files.preview}\n`);
    });
}
