/**
 * `foley plan [<video>] [--prompt TEXT] [--duration S] [--preset NAME] [--in S] [--out S] [--marker T:TEXT] --json`:
 * analyses the clip (when given) and prints the FoleyPlan cue sheet: JSON on stdout with --json, a
 * readable table otherwise. Without a video the plan is made from text alone over --duration seconds.
 * See docs/planning.md.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { FoleyPlan } from '../../contracts/plan';
import { loadPreset, numberOption, parseRequest, usageError } from '../options';
import { printJson, progressPrinter } from '../output';

interface PlanOptions {
  prompt?: string;
  duration?: string;
  preset: string;
  in?: string;
  out?: string;
  marker: string[];
  json?: boolean;
}

/** "2.5:SFX: glass shatters" → { t: 2.5, comment: "SFX: glass shatters" } */
export function parseMarkerOption(value: string): { t: number; comment: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[:=]\s*(.+)$/s.exec(value);
  if (!m?.[1] || !m[2]) throw usageError(`--marker must look like SECONDS:COMMENT, e.g. "2.5:SFX: glass shatters" (got "${value}")`);
  return { t: Number(m[1]), comment: m[2].trim() };
}

function formatTable(plan: FoleyPlan): string {
  const rows = plan.cues.map((c) => [
    c.id,
    c.start.toFixed(3),
    c.end === undefined ? '' : c.end.toFixed(3),
    c.sound.class,
    Object.entries(c.sound.params)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
    c.source,
    c.gainDb.toFixed(1),
    c.confidence.toFixed(2),
  ]);
  const head = ['id', 'start', 'end', 'class', 'params', 'source', 'gainDb', 'conf'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function register(program: Command): void {
  program
    .command('plan [video]')
    .description('make the cue sheet (FoleyPlan) for a clip and/or a text prompt')
    .option('--prompt <text>', 'what should be heard: a one-liner, "SFX: ..." or a narrative paragraph')
    .option('--duration <s>', 'length of a text-only plan in seconds (required without a video)')
    .option('--preset <name>', 'preset name or preset JSON file (chooses the planner and the stem groups)', 'default')
    .option('--in <s>', 'source in point in seconds')
    .option('--out <s>', 'source out point in seconds')
    .option('--marker <t:comment>', 'a marker comment at a time in the range, e.g. "2.5:SFX: glass shatters" (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the plan as JSON')
    .action(async (video: string | undefined, opts: PlanOptions) => {
      const durationSec = numberOption('--duration', opts.duration, { min: 0 });
      const markers = opts.marker.map(parseMarkerOption);
      if (!video) {
        if (durationSec === undefined || durationSec <= 0) throw usageError('foley plan needs a video or --duration SECONDS for a text-only plan');
        if (!opts.prompt && markers.length === 0) throw usageError('foley plan without a video needs --prompt TEXT or --marker T:COMMENT');
      }
      const request = parseRequest({
        videoPath: video ? resolve(video) : null,
        inSec: numberOption('--in', opts.in, { min: 0 }),
        outSec: numberOption('--out', opts.out, { min: 0 }),
        durationSec,
        prompt: opts.prompt ?? '',
        markers,
        preset: loadPreset(opts.preset),
        outDir: '.',
      }, { inSec: '--in', outSec: '--out', durationSec: '--duration', prompt: '--prompt', markers: '--marker' });
      const { planOnly } = require('../../pipeline/run') as typeof import('../../pipeline/run');
      const { plan, notices } = await planOnly(request, { onProgress: progressPrinter(process.stderr.isTTY === true && !opts.json) });
      if (opts.json) printJson(plan);
      else {
        process.stdout.write(`${formatTable(plan)}\n`);
        for (const note of notices) process.stderr.write(`foley: note: ${note}\n`);
      }
    });
}
