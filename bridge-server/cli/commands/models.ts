/**
 * `foley models list | check <dir> | selftest`: what is installed in models/, whether a bundle's
 * graphs match its manifest on this machine's execution providers, and whether inference works at
 * all (selftest builds a tiny bundle in a temporary folder and generates a second of audio).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { FoleyError } from '../../core/errors';
import { modelsDir } from '../../core/paths';
import { acquireWorker, configuredProviders, listInstalledBundles } from '../../pipeline/generate/onnx';
import { printJson } from '../output';

function providersOption(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
}

async function withWorker<T>(providers: string[] | undefined, fn: (w: ReturnType<typeof acquireWorker>) => Promise<T>): Promise<T> {
  const w = acquireWorker(providers ?? configuredProviders());
  try {
    return await fn(w);
  } finally {
    await w.releaseRef();
  }
}

export function register(program: Command): void {
  const models = program.command('models').description('installed neural model bundles (models/): list, check, selftest');

  models
    .command('list')
    .description(`list the bundles in the models folder (FOLEY_MODELS_DIR or ${modelsDir()})`)
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const dir = modelsDir();
      const rows = listInstalledBundles(dir).map((b) => ({
        name: b.name,
        id: b.bundle?.id ?? null,
        kind: b.bundle?.kind ?? null,
        dir: b.dir,
        ok: !b.error,
        ...(b.error ? { error: b.error } : {}),
      }));
      if (opts.json) return printJson({ modelsDir: dir, bundles: rows });
      if (rows.length === 0) {
        process.stdout.write(`no bundles in ${dir} (see models/README.md)\n`);
        return;
      }
      for (const r of rows) process.stdout.write(`${r.name.padEnd(24)} ${(r.kind ?? '-').padEnd(18)} ${r.ok ? 'ok' : `INVALID: ${r.error}`}\n`);
    });

  models
    .command('check <dir>')
    .description('load every session of a bundle and check tensor names, dtypes and shapes against bundle.json')
    .option('--providers <list>', 'execution providers to try, e.g. cuda,cpu (default FOLEY_ONNX_PROVIDERS or cuda,cpu)')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { providers?: string; json?: boolean }) => {
      const { report, status } = await withWorker(providersOption(opts.providers), async (w) => ({
        status: await w.request('status', {}),
        report: await w.request('check', { dir: resolve(dir) }),
      }));
      const problems = [...report.stages.flatMap((s) => s.problems), ...report.problems];
      if (opts.json) printJson({ ...report, provider: status.device, providers: status.providers, dropped: status.dropped });
      else {
        process.stdout.write(`bundle ${report.id} (${report.kind}) on ${status.device} [${status.providers.join(', ')}]\n`);
        for (const s of status.dropped) process.stdout.write(`  provider ${s.provider} not usable: ${s.reason}\n`);
        for (const s of report.stages) {
          process.stdout.write(`  ${s.problems.length ? 'FAIL' : 'ok  '} ${s.role.padEnd(14)} ${s.file}${s.window !== undefined ? ` (${s.window} s window)` : ''}\n`);
        }
        for (const p of report.problems) process.stdout.write(`  FAIL ${p}\n`);
      }
      if (problems.length > 0) {
        throw new FoleyError('MODEL_INVALID', `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}`);
      }
    });

  models
    .command('selftest')
    .description('build a tiny bundle in a temporary folder, generate 1 s of audio and report the provider used and ms per step')
    .option('--providers <list>', 'execution providers to try, e.g. cuda,cpu')
    .option('--json', 'print JSON: { provider, msPerStep, steps, sampleRateHz, durationSec, ok }')
    .action(async (opts: { providers?: string; json?: boolean }) => {
      const r = await withWorker(providersOption(opts.providers), (w) => w.request('selftest', {}));
      if (opts.json) printJson(r);
      else {
        for (const s of r.dropped) process.stdout.write(`provider ${s.provider} not usable: ${s.reason}\n`);
        process.stdout.write(
          `selftest ${r.ok ? 'ok' : 'FAILED'}: ${r.durationSec} s at ${r.sampleRateHz} Hz on ${r.provider}, ${r.steps} steps, ${r.msPerStep.toFixed(2)} ms/step\n`,
        );
      }
      if (!r.ok) process.exitCode = 1;
    });
}
