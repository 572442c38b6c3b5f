/**
 * `foley demo`: renders the bundled example clip into out/demo/ with the embedded default
 * (procedural) engine, with a preview, and prints where everything is.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { PipelineRequestSchema } from '../../contracts/job';
import { requireFactoryPreset } from '../../presets/factory';
import { progressPrinter } from '../output';

export function register(program: Command): void {
  program
    .command('demo')
    .description('generate Foley for the bundled example clip into out/demo/')
    .option('--out <dir>', 'output folder', 'out/demo')
    .action(async (opts: { out: string }) => {
      const { runPipeline } = require('../../pipeline/run') as typeof import('../../pipeline/run');
      const { DEMO_PROMPT, ensureDemoClip } = require('../demoClip') as typeof import('../demoClip');
      const clip = await ensureDemoClip(resolve('examples', 'demo-bounce.mp4'));
      process.stdout.write(`Example clip: ${clip}\nPrompt: "${DEMO_PROMPT}"\n`);
      const request = PipelineRequestSchema.parse({
        videoPath: clip,
        prompt: DEMO_PROMPT,
        preset: requireFactoryPreset('default'),
        outDir: resolve(opts.out),
        preview: true,
      });
      const progress = progressPrinter(process.stderr.isTTY === true);
      const result = await runPipeline(request, { onProgress: progress });
      const cues = result.plan.cues.length;
      process.stdout.write(`\nDone: ${cues} cues.\n`);
      process.stdout.write(`  full mix:  ${result.files.mix}\n`);
      for (const [name, path] of Object.entries(result.files.stems)) process.stdout.write(`  stem ${name.padEnd(9)} ${path}\n`);
      process.stdout.write(`  plan:      ${result.files.plan}\n  report:    ${result.files.report}\n`);
      if (result.files.preview) process.stdout.write(`  preview:   ${result.files.preview}  (play it to check sync)\n`);
      process.stdout.write(`Edit ${join(opts.out, 'plan.json')} and run: foley generate --plan ${join(opts.out, 'plan.json')} --out ${opts.out}\n`);
    });
}
