/**
 * Every `foley` sub-command registers itself here: one file per command under cli/commands/,
 * each exporting `register(program)`. Order is the order shown in `foley --help`.
 * To add a command: create cli/commands/<name>.ts exporting `register`, import it below, add it to the list.
 */
import type { Command } from 'commander';
import { register as analyze } from './analyze';
import { register as bench } from './bench';
import { register as demo } from './demo';
import { register as generate } from './generate';
import { register as plan } from './plan';
import { register as serve } from './serve';
import { register as library } from './library';
import { register as models } from './models';
import { register as sounds } from './sounds';

export type CommandRegistrar = (program: Command) => void;

export const COMMANDS: readonly CommandRegistrar[] = [analyze, plan, generate, demo, serve, bench, library, models, sounds];
