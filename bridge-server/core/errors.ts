/**
 * One catalogue of errors with stable codes. Every error an editor can see goes through here:
 * the code is for programs (panel, exit codes, tests), the message is for people and says what to do.
 * Foreign errors are wrapped with `cause` so logs keep the detail while the UI shows one line.
 */

export const ERROR_CODES = {
  USAGE: { exit: 2, summary: 'the command line is not valid' },
  MEDIA_NOT_FOUND: { exit: 3, summary: 'the media file does not exist' },
  MEDIA_EMPTY: { exit: 3, summary: 'the media file is empty' },
  MEDIA_UNREADABLE: { exit: 3, summary: 'the media file cannot be decoded' },
  MEDIA_NO_VIDEO: { exit: 3, summary: 'the media file has no video stream' },
  MEDIA_RANGE: { exit: 3, summary: 'the requested range has no frames' },
  PLAN_INVALID: { exit: 3, summary: 'the plan file is not a valid FoleyPlan' },
  INPUT_INVALID: { exit: 3, summary: 'an input file or value is not valid' },
  PRESET_UNKNOWN: { exit: 3, summary: 'no preset has that name' },
  MODEL_INVALID: { exit: 3, summary: 'a model bundle does not match its manifest' },
  MODEL_UNAVAILABLE: { exit: 3, summary: 'no installed model can render this request' },
  LIBRARY_ERROR: { exit: 3, summary: 'the sound library could not be used' },
  FFMPEG_MISSING: { exit: 1, summary: 'ffmpeg or ffprobe could not be found' },
  FFMPEG_FAILED: { exit: 1, summary: 'ffmpeg failed' },
  CANCELLED: { exit: 1, summary: 'the job was cancelled' },
  OUTPUT_FAILED: { exit: 1, summary: 'the output could not be written' },
  AUTH_REQUIRED: { exit: 1, summary: 'the panel is not paired with this server' },
  PROTOCOL: { exit: 1, summary: 'a message did not follow the bridge protocol' },
  WORKER_CRASHED: { exit: 1, summary: 'the job worker process stopped while rendering' },
  INTERNAL: { exit: 1, summary: 'an internal error occurred' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class FoleyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FoleyError';
    this.code = code;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

export function isFoleyError(e: unknown): e is FoleyError {
  return e instanceof FoleyError;
}

/** Wraps anything thrown into a FoleyError, keeping FoleyErrors as they are. */
export function toFoleyError(e: unknown, fallback: ErrorCode = 'INTERNAL'): FoleyError {
  if (e instanceof FoleyError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new FoleyError('CANCELLED', 'The job was cancelled.', { cause: e });
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new FoleyError(fallback, `${ERROR_CODES[fallback].summary}: ${detail}`, { cause: e });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FoleyError('CANCELLED', 'The job was cancelled.');
}
