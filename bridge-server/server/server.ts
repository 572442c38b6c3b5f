/**
 * The bridge server: one HTTP server on 127.0.0.1 that answers `GET /health` and upgrades WebSocket
 * connections (origin- and host-checked) to the bridge protocol. It owns the lifetime of everything
 * else — database, worker pool, job runner, pairing — and shuts them down in order: stop accepting, close
 * sockets, let running items finish or checkpoint them, close the database, flush the log.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { ResultCache } from '../jobs/cache';
import { JobRunner } from '../jobs/runner';
import { JobStore } from '../jobs/store';
import { WorkerPool } from '../jobs/workerPool';
import { PresetStore } from '../presets/store';
import { parseClientFrame, type ServerEvent } from '../protocol';
import { PipelineRequestSchema } from '../contracts/job';
import { PresetSchema } from '../contracts/preset';
import { PairingManager, TokenStore } from './auth';
import { attachConnection, sendJson, SLOW_SOCKET_BYTES } from './connection';
import type { ServerConfig, ServerContext, Session } from './context';
import { openServerDatabase } from './database';
import { healthOf } from './handlers';
import { createServerLogger } from './logger';
import { isHostAllowed, isOriginAllowed } from './origin';

const STALL_LOG_MS = 50;

/**
 * zod compiles a schema's fast path on first use; doing that for the big request schemas at start-up
 * (like fastify compiling at registration) keeps the first real request from stalling the event loop.
 */
function warmUpSchemas(): void {
  const item = { videoPath: null, durationSec: 1, prompt: 'warm up', markers: [{ t: 0, comment: 'x' }] };
  parseClientFrame(JSON.stringify({ id: 'w', op: 'generate', batch: 'markers', items: [item, { ...item, itemId: 'b' }] }));
  parseClientFrame(JSON.stringify({ id: 'w', op: 'plan', item }));
  parseClientFrame(JSON.stringify({ id: 'w', op: 'presets.save', projectId: 'p', preset: { name: 'w' } }));
  PipelineRequestSchema.safeParse({ ...item, preset: PresetSchema.parse({ name: 'w' }), outDir: '/w' });
}

export interface RunningServer {
  port: number;
  url: string;
  /** resolves once everything is shut down */
  close(): Promise<void>;
}

export async function startBridgeServer(config: ServerConfig): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const logger = createServerLogger(config.dataDir);
  const log = logger.log;
  const db = openServerDatabase(config.dataDir);
  const outputsDir = join(config.dataDir, 'outputs');
  mkdirSync(outputsDir, { recursive: true });

  const panelSockets = new Map<string, Set<WebSocket>>();
  const sessionSockets = new Map<number, WebSocket>();
  let stopping = false;

  const notify = (panelId: string, event: ServerEvent): void => {
    for (const ws of panelSockets.get(panelId) ?? []) {
      if (event.type === 'job.progress' && ws.bufferedAmount > SLOW_SOCKET_BYTES) continue;
      sendJson(ws, event);
    }
  };

  const jobs = new JobStore(db);
  const cache = new ResultCache(db);
  let runner: JobRunner | null = null;
  const pool = new WorkerPool({ size: config.workers, log, onIdle: () => runner?.pump() });
  runner = new JobRunner({ store: jobs, cache, pool, log, notify });

  // event-loop delay, reported by /health: the server-side measure of "stays responsive while jobs run"
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const loopReset = setInterval(() => loopDelay.reset(), 60_000);
  loopReset.unref();
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  // stall detector: a tick that comes more than STALL_LOG_MS late is logged (with the slow-op log lines
  // around it, the cause can be found: our own work, GC, or the machine not scheduling us)
  let lastTickMs = performance.now();
  let lastCpu = process.cpuUsage();
  const stallTimer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const lateMs = now - lastTickMs - 100;
    if (lateMs > STALL_LOG_MS) {
      // cpuMs close to the interval: our own work (or GC) blocked the loop; far below it: the machine did
      // not schedule this process (other load)
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      log.warn({ lateMs: Math.round(lateMs), intervalMs: Math.round(now - lastTickMs), cpuMs: Math.round(cpuMs) }, 'event loop stalled');
    }
    lastTickMs = now;
    lastCpu = cpu;
  }, 100);
  stallTimer.unref();

  const ctx: ServerContext = {
    config,
    db,
    log,
    tokens: new TokenStore(db),
    pairing: new PairingManager({
      onCode: (code, expiresAtMs) => {
        logger.say(`Pairing code: ${code}`);
        log.info({ expiresAt: new Date(expiresAtMs).toISOString() }, 'pairing code issued');
      },
    }),
    presets: new PresetStore(db),
    jobs,
    cache,
    runner,
    pool,
    outputsDir,
    startedAtMs: Date.now(),
    eventLoopDelay: () => ({ p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) }),
    notify,
    bindPanel(session: Session, panelId: string) {
      const ws = sessionSockets.get(session.socketId);
      if (session.panelId !== null && ws) panelSockets.get(session.panelId)?.delete(ws); // re-auth as another panel
      session.panelId = panelId;
      if (!ws) return;
      let set = panelSockets.get(panelId);
      if (!set) panelSockets.set(panelId, (set = new Set()));
      set.add(ws);
    },
    closeSocket(session: Session, code: number, reason: string) {
      const ws = sessionSockets.get(session.socketId);
      // after the reply to the current request has been queued
      setImmediate(() => ws?.close(code, reason));
    },
  };

  warmUpSchemas();
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxPayloadBytes });
  let nextSocketId = 1;

  wss.on('connection', (ws: WebSocket) => {
    const session: Session = { socketId: nextSocketId++, helloDone: false, panelId: null, wrongCodes: 0, pairClientName: null };
    sessionSockets.set(session.socketId, ws);
    ws.on('error', (e) => log.warn({ socketId: session.socketId, err: e.message }, 'socket error'));
    ws.on('close', () => {
      sessionSockets.delete(session.socketId);
      if (session.panelId) panelSockets.get(session.panelId)?.delete(ws);
    });
    attachConnection(ctx, ws, session, () => stopping);
  });

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isHostAllowed(req.headers.host, config.host)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(healthOf(ctx)));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });

  http.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    if (wss.clients.size >= config.maxConnections) {
      log.warn({ origin, open: wss.clients.size }, 'refused a WebSocket upgrade: too many connections');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (stopping || !isOriginAllowed(origin, config.allowOrigins) || !isHostAllowed(req.headers.host, config.host)) {
      log.warn({ origin, host: req.headers.host }, 'refused a WebSocket upgrade');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  runner.start();
  logger.say(`Listening on ${url}`);
  log.info({ port, host: config.host, dataDir: config.dataDir, workers: config.workers }, 'server started');

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (closing) return closing;
    stopping = true;
    closing = (async () => {
      log.info('shutting down');
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await runner.shutdown(config.shutdownGraceMs);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      db.close();
      clearInterval(loopReset);
      clearInterval(stallTimer);
      loopDelay.disable();
      log.info('stopped');
      logger.flush();
    })();
    return closing;
  };

  return { port, url, close };
}
