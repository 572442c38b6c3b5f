/**
 * A request handler's refusal: a protocol error code plus a one-line message, sent back as an `error`
 * reply for that request id. Anything else a handler throws is logged and answered INTERNAL.
 */
import type { ProtocolErrorCode } from '../protocol';

export class ReplyError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}
