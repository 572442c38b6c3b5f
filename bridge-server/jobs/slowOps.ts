/**
 * Main-thread watchdog: anything the server does synchronously on its event loop (a request handler, a
 * runner step) is timed, and steps slower than SLOW_OP_MS are logged with their name, so a stall seen in
 * `/health`'s eventLoopDelayMs can be traced to its cause in the log.
 */
export const SLOW_OP_MS = 20;

export interface SlowOpLogger {
  warn(obj: object, msg: string): void;
}

export function timed<T>(log: SlowOpLogger, label: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - t0;
    if (ms > SLOW_OP_MS) log.warn({ op: label, ms: Math.round(ms) }, 'slow main-thread operation');
  }
}
