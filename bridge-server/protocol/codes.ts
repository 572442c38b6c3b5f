/**
 * Stable error codes of the bridge protocol, as one data table (fastify's lib/errors.js idea): the code is
 * for programs (the panel switches on it), the summary is for people and docs/protocol.md lists every one.
 * Job failures (`job.failed`, `job.item.failed`) may also carry a pipeline code from the engine's error
 * catalogue (MEDIA_NOT_FOUND, PLAN_INVALID, FFMPEG_FAILED, CANCELLED, ...), which is a plain string here so
 * this module stays free of server code.
 */
export const PROTOCOL_ERRORS = {
  BAD_JSON: 'the frame is not valid JSON',
  BINARY_UNSUPPORTED: 'binary frames are not accepted; send JSON text frames',
  BAD_MESSAGE: 'the message does not match the schema of its op (see issues)',
  UNKNOWN_OP: 'the op is not one this server knows',
  HELLO_REQUIRED: 'the first message on a socket must be hello',
  VERSION_MISMATCH: 'the client protocol version is not supported by this server',
  AUTH_REQUIRED: 'the socket is not authenticated: pair or send auth first',
  AUTH_FAILED: 'the token is unknown or revoked: pair again',
  PAIR_NOT_STARTED: 'no pairing code is active: send pair.request first',
  PAIR_CODE_EXPIRED: 'the pairing code expired: send pair.request for a new one',
  PAIR_CODE_WRONG: 'the pairing code does not match',
  PAIR_LOCKED: 'too many wrong pairing codes: wait and try again',
  RATE_LIMITED: 'too many requests on this socket: slow down',
  NOT_FOUND: 'no job, item or preset with that id/name',
  INVALID_STATE: 'the request does not apply in the current state (e.g. cancel a finished job)',
  PATH_FORBIDDEN: 'a path is not absolute, not a regular file, or outside the allowed folders',
  MEDIA_NOT_FOUND: 'the media file does not exist',
  PRESET_UNKNOWN: 'no preset with that name in the project or the factory set',
  PRESET_INVALID: 'the preset does not match the preset schema',
  PRESET_READONLY: 'factory presets cannot be changed or deleted',
  SHUTTING_DOWN: 'the server is shutting down; reconnect later',
  INTERNAL: 'an internal server error occurred',
} as const;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

export const PROTOCOL_ERROR_CODES = Object.freeze(Object.keys(PROTOCOL_ERRORS)) as readonly ProtocolErrorCode[];
