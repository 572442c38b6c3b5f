/**
 * Runs the compiled `foley` CLI (built by `npm test`'s pretest step) and returns its exit code and output.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const FOLEY_BIN = resolve(__dirname, '../../bin/foley.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runFoley(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [FOLEY_BIN, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120000,
    env: options.env ?? process.env,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
