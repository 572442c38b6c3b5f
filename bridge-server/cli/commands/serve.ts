/**
 * `foley serve`: runs the bridge server the panel talks to, until SIGINT/SIGTERM. Prints
 * `Listening on ws://HOST:PORT` when ready (`--port 0` picks a free port) and `Pairing code: NNNNNN`
 * when a panel asks to pair. See docs/server.md.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { dataDir } from '../../core/paths';
import { DEFAULT_CONFIG, DEFAULT_PORT, type ServerConfig } from '../../server/context';
import { parseOriginList } from '../../server/origin';
import { startBridgeServer } from '../../server/server';

function usage(message: string): Error {
  return Object.assign(new Error(message), { usage: true });
}

function intOption(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usage(`${flag} must be an integer from ${min} to ${max} (got "${value}")`);
  return n;
}

interface ServeOptions {
  port?: string;
  host: string;
  allowOrigin: string[];
  dataDir?: string;
  workers?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the bridge server for the panel (WebSocket + GET /health on 127.0.0.1)')
    .option('--port <n>', `port to listen on; 0 picks a free one (default ${DEFAULT_PORT}, env FOLEY_PORT)`)
    .option('--host <addr>', 'address to bind', DEFAULT_CONFIG.host)
    .option('--allow-origin <origin>', 'also accept WebSocket upgrades from this Origin (repeatable; "http://localhost:*" for any port; env FOLEY_ALLOW_ORIGINS)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--data-dir <dir>', 'database, logs and outputs folder (default: per-user data folder, env FOLEY_DATA_DIR)')
    .option('--workers <n>', 'worker processes rendering jobs in parallel (1-4, default 2 or fewer on small machines)')
    .action(async (opts: ServeOptions) => {
      const port = intOption('--port', opts.port ?? process.env.FOLEY_PORT, 0, 65535) ?? DEFAULT_PORT;
      const workers = intOption('--workers', opts.workers, 1, 4) ?? Math.max(1, Math.min(DEFAULT_CONFIG.workers, availableParallelism()));
      const config: ServerConfig = {
        ...DEFAULT_CONFIG,
        host: opts.host,
        port,
        workers,
        dataDir: opts.dataDir ? resolve(opts.dataDir) : dataDir(),
        allowOrigins: [...parseOriginList(process.env.FOLEY_ALLOW_ORIGINS), ...opts.allowOrigin],
        ratePerSec: intOption('FOLEY_RATE_PER_SEC', process.env.FOLEY_RATE_PER_SEC, 1, 1_000_000) ?? DEFAULT_CONFIG.ratePerSec,
        rateBurst: intOption('FOLEY_RATE_BURST', process.env.FOLEY_RATE_BURST, 1, 1_000_000) ?? DEFAULT_CONFIG.rateBurst,
        shutdownGraceMs: intOption('FOLEY_SHUTDOWN_GRACE_MS', process.env.FOLEY_SHUTDOWN_GRACE_MS, 0, 600_000) ?? DEFAULT_CONFIG.shutdownGraceMs,
      };
      // the pipeline (sound library index, model cache) and the workers use the same data folder
      process.env.FOLEY_DATA_DIR = config.dataDir;
      const server = await startBridgeServer(config);
      await new Promise<void>((done) => {
        const stop = (signal: string): void => {
          process.stdout.write(`Received ${signal}; shutting down\n`);
          server.close().then(done, done);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
