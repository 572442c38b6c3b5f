/**
 * `foley bench [NAME]`: runs benchmark cases, prints a table and writes bench/results/latest.json.
 */
import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic';
import type { BenchRow } from '../../../bench/types';

function formatTable(rows: BenchRow[]): string {
  const head = ['case', 'metric', 'value', 'unit', 'target', 'pass'];
  const body = rows.map((r) => [r.case, r.metric, Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(3), r.unit, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function register(program: Command): void {
  program
    .command('bench [name]')
    .description('run benchmarks (see docs and bench/registry.ts); all when no name is given')
    .option('--reference <dir>', 'folder of real recordings (sounds bench)')
    .option('--audio', 'also check the generated audio (sync bench)')
    .option('--quick', 'smaller inputs, for a fast smoke run')
    .option('--fps <rates>', 'sync bench: every scene type at these frame rates instead of the editing rates (e.g. 100,120)')
    .option('--out <file>', 'where to write the JSON results', 'bench/results/latest.json')
    .action(async (name: string | undefined, opts: { reference?: string; audio?: boolean; quick?: boolean; fps?: string; out: string }) => {
      // the cases load on use: they import most of the project
      const { BENCH_CASES } = require('../../../bench/registry') as typeof import('../../../bench/registry');
      const cases = name ? BENCH_CASES.filter((c) => c.name === name) : BENCH_CASES;
      if (name && cases.length === 0) {
        throw Object.assign(new Error(`unknown benchmark "${name}" (known: ${BENCH_CASES.map((c) => c.name).join(', ')})`), { usage: true });
      }
      const options: Record<string, string | boolean> = {};
      if (opts.reference) options.reference = resolve(opts.reference);
      if (opts.audio) options.audio = true;
      if (opts.quick) options.quick = true;
      if (opts.fps !== undefined) {
        if (!/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/.test(opts.fps)) throw Object.assign(new Error(`--fps takes frame rates separated by commas (e.g. 100,120), not "${opts.fps}"`), { usage: true });
        options.fps = opts.fps;
      }
      const rows: BenchRow[] = [];
      const started = new Date().toISOString();
      for (const c of cases) {
        const workDir = mkdtempSync(join(tmpdir(), `foley-bench-${c.name}-`));
        process.stderr.write(`bench ${c.name}: ${c.description}\n`);
        try {
          rows.push(...(await c.run({ workDir, options, log: (l) => process.stderr.write(`  ${l}\n`) })));
        } finally {
          rmSync(workDir, { recursive: true, force: true });
        }
      }
      process.stdout.write(`${formatTable(rows)}\n`);
      const out = resolve(opts.out);
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileAtomic(out, `${JSON.stringify({ started, finished: new Date().toISOString(), rows }, null, 2)}\n`);
      process.stdout.write(`results written to ${out}\n`);
      if (rows.some((r) => r.pass === false)) process.exitCode = 1;
    });
}
