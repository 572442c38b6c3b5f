/**
 * Everything a request handler may use, built once by the server: the stores, the runner, the pairing
 * manager and the static configuration. Handlers get this plus their socket's session.
 */
import type { Logger } from 'pino';
import type { SqliteDatabase } from '../core/sqlite';
import type { PresetStore } from '../presets/store';
import type { ResultCache } from '../jobs/cache';
import type { JobRunner } from '../jobs/runner';
import type { JobStore } from '../jobs/store';
import type { WorkerPool } from '../jobs/workerPool';
import type { ServerEvent } from '../protocol';
import type { PairingManager, TokenStore } from './auth';

export interface ServerConfig {
  host: string;
  /** 0 picks a free port */
  port: number;
  dataDir: string;
  /** extra allowed Origins (exact, or ending in ":*" for any port) */
  allowOrigins: string[];
  workers: number;
  maxPayloadBytes: number;
  ratePerSec: number;
  rateBurst: number;
  /** how long a clean shutdown waits for running items before checkpointing them */
  shutdownGraceMs: number;
  /** open sockets beyond this are refused (HTTP 503) */
  maxConnections: number;
}

export const DEFAULT_PORT = 17345;

export const DEFAULT_CONFIG: Omit<ServerConfig, 'dataDir'> = Object.freeze({
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  allowOrigins: [],
  workers: 2,
  maxPayloadBytes: 4 * 1024 * 1024,
  ratePerSec: 50,
  rateBurst: 200,
  shutdownGraceMs: 5000,
  maxConnections: 64,
});

export interface Session {
  readonly socketId: number;
  helloDone: boolean;
  panelId: string | null;
  wrongCodes: number;
  /** the client name given with pair.request on this socket (stored with the panel when pairing succeeds) */
  pairClientName: string | null;
}

export interface ServerContext {
  config: ServerConfig;
  db: SqliteDatabase;
  log: Logger;
  tokens: TokenStore;
  pairing: PairingManager;
  presets: PresetStore;
  jobs: JobStore;
  cache: ResultCache;
  runner: JobRunner;
  pool: WorkerPool;
  outputsDir: string;
  startedAtMs: number;
  /** main-thread event-loop delay percentiles (ms) since the last reset (reset every minute) */
  eventLoopDelay(): { p50: number; p99: number; max: number };
  /** marks the socket as belonging to a panel (events of its jobs reach it) */
  bindPanel(session: Session, panelId: string): void;
  /** sends an event to every socket of a panel */
  notify(panelId: string, event: ServerEvent): void;
  /** closes the socket of this session (after the reply was sent) */
  closeSocket(session: Session, code: number, reason: string): void;
}
