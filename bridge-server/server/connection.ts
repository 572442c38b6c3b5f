/**
 * One WebSocket connection: parses every frame with the shared protocol parser, enforces the session
 * rules (rate limit, hello first, authentication), runs the op's handler and sends exactly one reply.
 * Nothing a client sends can throw past this module: every failure becomes an `error` reply and the
 * socket stays usable (except a frame over maxPayload, which `ws` answers by closing with 1009).
 */
import type { RawData, WebSocket } from 'ws';
import { UNAUTHENTICATED_OPS, errorReply, parseClientFrame, type ClientRequest, type ErrorReply, type RequestOp } from '../protocol';
import type { ServerContext, Session } from './context';
import { HANDLERS } from './handlers';
import { TokenBucket } from './rateLimit';
import { ReplyError } from './replyError';
import { timed } from '../jobs/slowOps';

/** above this many buffered bytes a socket is treated as slow and progress events to it are dropped */
export const SLOW_SOCKET_BYTES = 8 * 1024 * 1024;

export function sendJson(ws: WebSocket, message: unknown): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify(message));
}

export function attachConnection(ctx: ServerContext, ws: WebSocket, session: Session, isStopping: () => boolean): void {
  const bucket = new TokenBucket(ctx.config.ratePerSec, ctx.config.rateBurst);

  const reply = (message: unknown): void => sendJson(ws, message);
  const fail = (id: string | null, err: ErrorReply | ReplyError): void => {
    reply(err instanceof ReplyError ? errorReply(id, err.code, err.message) : err);
  };

  const dispatch = (req: ClientRequest): void => {
    const op: RequestOp = req.op;
    if (isStopping()) return fail(req.id, errorReply(req.id, 'SHUTTING_DOWN'));
    if (!session.helloDone && op !== 'hello') return fail(req.id, errorReply(req.id, 'HELLO_REQUIRED'));
    if (session.panelId === null && !UNAUTHENTICATED_OPS.includes(op)) return fail(req.id, errorReply(req.id, 'AUTH_REQUIRED'));
    try {
      const handler = HANDLERS[op] as (c: ServerContext, s: Session, r: ClientRequest) => unknown;
      const result = timed(ctx.log, op, () => handler(ctx, session, req));
      reply({ type: 'ok', id: req.id, op, result });
    } catch (e) {
      if (e instanceof ReplyError) return fail(req.id, e);
      ctx.log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e), op }, 'handler failed');
      fail(req.id, errorReply(req.id, 'INTERNAL', 'The server could not handle this request (see the server log).'));
    }
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!bucket.take()) return fail(null, errorReply(null, 'RATE_LIMITED', `More than ${ctx.config.ratePerSec} requests per second on this connection; slow down.`));
    if (isBinary) return fail(null, errorReply(null, 'BINARY_UNSUPPORTED'));
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return fail(parsed.error.id, parsed.error);
    dispatch(parsed.request);
  });
}
