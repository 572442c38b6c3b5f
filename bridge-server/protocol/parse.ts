/**
 * Turning one untrusted text frame into a typed request, or into the exact error reply to send back.
 * Pure (no I/O), so the server, the panel's tests and the fuzz test share one definition of "valid".
 */
import { formatIssuePath } from '../contracts/plan';
import { PROTOCOL_ERRORS, type ProtocolErrorCode } from './codes';
import type { ErrorReply } from './messages';
import { REQUEST_SCHEMAS, RequestIdSchema, isRequestOp, type ClientRequest } from './requests';

export type ParsedFrame = { ok: true; request: ClientRequest } | { ok: false; error: ErrorReply };

const MAX_ISSUES = 20;

export function errorReply(id: string | null, code: ProtocolErrorCode, message?: string, issues?: ErrorReply['issues']): ErrorReply {
  const reply: ErrorReply = { type: 'error', id, code, message: message ?? PROTOCOL_ERRORS[code] };
  if (issues && issues.length > 0) reply.issues = issues;
  return reply;
}

/** The request id, if the value carries a well-formed one (so even invalid requests can be correlated). */
function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = RequestIdSchema.safeParse((value as { id?: unknown }).id);
  return r.success ? r.data : null;
}

export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: errorReply(null, 'BAD_JSON') };
  }
  const id = readId(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: errorReply(null, 'BAD_MESSAGE', 'a request must be a JSON object { id, op, ... }') };
  }
  const op = (value as { op?: unknown }).op;
  if (!isRequestOp(op)) {
    const shown = typeof op === 'string' ? `"${op.slice(0, 60)}"` : typeof op;
    return { ok: false, error: errorReply(id, 'UNKNOWN_OP', `unknown op ${shown}`) };
  }
  const parsed = REQUEST_SCHEMAS[op].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((i) => ({ path: formatIssuePath(i.path), message: i.message.slice(0, 300) }));
    const first = issues[0];
    const message = first ? `invalid ${op} request: ${first.path}: ${first.message}` : `invalid ${op} request`;
    return { ok: false, error: errorReply(id, 'BAD_MESSAGE', message, issues) };
  }
  return { ok: true, request: parsed.data as ClientRequest };
}
