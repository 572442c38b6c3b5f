/**
 * `foley analyze <video> [--in S] [--out S] --json`: the events the sync engine sees, as JSON.
 */
import type { Command } from 'commander';
import { numberOption, resolveMediaArg } from '../options';
import { printJson, progressPrinter } from '../output';

export function register(program: Command): void {
  program
    .command('analyze <video>')
    .description('find hits, footfalls, motion and cuts in a clip')
    .option('--in <seconds>', 'start of the source range')
    .option('--out <seconds>', 'end of the source range')
    .option('--json', 'print JSON on stdout')
    .action(async (video: string, opts: { in?: string; out?: string; json?: boolean }) => {
      // pipeline modules load on use, so `foley --help` stays fast
      const { analyzeClip } = require('../../pipeline/analyze') as typeof import('../../pipeline/analyze');
      const { openSource } = require('../../pipeline/source') as typeof import('../../pipeline/source');
      const inSec = numberOption('--in', opts.in, { min: 0 });
      const outSec = numberOption('--out', opts.out, { min: 0 });
      const source = await openSource(resolveMediaArg(video), inSec, outSec, { readSound: true });
      const progress = progressPrinter(process.stderr.isTTY === true);
      const analysis = await analyzeClip({
        probe: source.probe,
        range: source.range,
        productionSound: source.productionSound,
        onProgress: (f) => progress({ stage: 'analyze', fraction: f }),
      });
      const out = { fps: analysis.fps, duration: analysis.duration, events: analysis.events, cuts: analysis.cuts, motion: analysis.motion, motionRateHz: analysis.motionRateHz };
      if (opts.json) {
        printJson(out);
        return;
      }
      process.stdout.write(`${analysis.events.length} events, ${analysis.cuts.length} cuts in ${analysis.duration.toFixed(2)} s\n`);
      for (const e of analysis.events) {
        process.stdout.write(`  ${e.t.toFixed(3).padStart(8)} s  frame ${String(e.frame).padStart(5)}  ${e.kind.padEnd(6)}  strength ${e.strength.toFixed(2)}${e.snapped ? '  (snapped to sound)' : ''}\n`);
      }
    });
}
