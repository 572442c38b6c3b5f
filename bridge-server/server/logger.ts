/**
 * Server logging: structured JSON lines (pino) in `<dataDir>/logs/server.log`, plus a few plain lines on
 * stdout for the person running the server (listening address, pairing code, shutdown). The pairing code
 * line is exactly `Pairing code: 123456` (tests and the panel's e2e read it).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export interface ServerLogger {
  log: Logger;
  /** one human line on stdout (and in the log) */
  say(line: string): void;
  flush(): void;
}

export function createServerLogger(dataDirPath: string, level = process.env.FOLEY_LOG_LEVEL ?? 'info'): ServerLogger {
  const dir = join(dataDirPath, 'logs');
  mkdirSync(dir, { recursive: true });
  const dest = pino.destination({ dest: join(dir, 'server.log'), sync: false, mkdir: true });
  const log = pino({ level, base: { pid: process.pid } }, dest);
  return {
    log,
    say(line: string) {
      process.stdout.write(`${line}\n`);
      log.info(line);
    },
    flush() {
      try {
        dest.flushSync();
      } catch {
        // nothing buffered or the stream is closed
      }
    },
  };
}
