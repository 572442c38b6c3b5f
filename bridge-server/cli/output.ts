/**
 * How the CLI talks to people and programs: JSON on stdout when asked, one clear line on stderr for
 * errors (never a stack trace), progress on stderr only when stderr is a terminal or --progress is set.
 */
import { ERROR_CODES, toFoleyError } from '../core/errors';
import type { StageProgress } from '../contracts/stages';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints one line for the error and returns the exit code (0/1/2/3 per the CLI contract). */
export function reportError(e: unknown): number {
  const err = toFoleyError(e);
  process.stderr.write(`foley: ${err.message}\n`);
  if (process.env.FOLEY_DEBUG && err.cause) process.stderr.write(`${String((err.cause as Error)?.stack ?? err.cause)}\n`);
  return ERROR_CODES[err.code].exit;
}

export function progressPrinter(enabled: boolean): (p: StageProgress) => void {
  if (!enabled) return () => undefined;
  let last = '';
  return (p) => {
    const line = `${p.stage.padEnd(8)} ${String(Math.round(p.fraction * 100)).padStart(3)}%${p.message ? `  ${p.message}` : ''}`;
    if (line !== last) process.stderr.write(`\r${line.padEnd(70)}${p.fraction >= 1 ? '\n' : ''}`);
    last = line;
  };
}
