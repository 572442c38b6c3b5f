/**
 * The `foley` command line: a thin layer over the pipeline. Exit codes: 0 success, 2 usage error,
 * 3 bad input (media, plan), 1 internal error. Errors print one line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { FoleyError } from '../core/errors';
import { ENGINE_VERSION } from '../version';
import { COMMANDS } from './commands';
import { reportError } from './output';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('foley')
    .description('AI Foley for video editors: analyze a clip, plan cues, generate frame-accurate sound effects.')
    .version(ENGINE_VERSION)
    .showHelpAfterError('(run foley --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    if (process.exitCode === undefined) process.exitCode = 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successes
      process.exitCode = e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
      return;
    }
    if (e instanceof Error && (e as { usage?: boolean }).usage) {
      process.stderr.write(`foley: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (e instanceof FoleyError && e.code === 'USAGE') {
      process.stderr.write(`foley: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.exitCode = reportError(e);
  }
}
