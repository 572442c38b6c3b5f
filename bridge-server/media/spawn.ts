/**
 * The one choke point that starts ffmpeg / ffprobe processes: argument arrays only (never a shell),
 * a cancel signal that kills the child, and stderr kept (bounded) for error messages.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { FoleyError } from '../core/errors';
import { resolveBinaries } from './binaries';

export interface SpawnedTool {
  child: ChildProcessWithoutNullStreams;
  /** resolves with the exit code once the process has ended; never rejects */
  exited: Promise<number>;
  /** last ~8 KB of stderr */
  stderrTail(): string;
}

const STDERR_KEEP = 8192;

export function spawnTool(tool: 'ffmpeg' | 'ffprobe', args: readonly string[], signal?: AbortSignal): SpawnedTool {
  const bins = resolveBinaries();
  const child = spawn(tool === 'ffmpeg' ? bins.ffmpeg : bins.ffprobe, args as string[], {
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
  });
  // EPIPE on stdin when ffmpeg exits early is expected (e.g. it hit the end of the range).
  child.stdin.on('error', () => undefined);
  const onAbort = (): void => {
    child.kill('SIGKILL');
  };
  if (signal) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(code ?? -1);
    });
  });
  return { child, exited, stderrTail: () => stderr.slice(-STDERR_KEEP) };
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/** Runs a tool to completion, collecting stdout; throws FFMPEG_FAILED on a non-zero exit. */
export async function runTool(
  tool: 'ffmpeg' | 'ffprobe',
  args: readonly string[],
  options: { signal?: AbortSignal; stdin?: Buffer } = {},
): Promise<RunResult> {
  const proc = spawnTool(tool, args, options.signal);
  const chunks: Buffer[] = [];
  proc.child.stdout.on('data', (c: Buffer) => chunks.push(c));
  if (options.stdin) proc.child.stdin.end(options.stdin);
  else proc.child.stdin.end();
  const code = await proc.exited;
  if (options.signal?.aborted) throw new FoleyError('CANCELLED', 'The job was cancelled.');
  if (code !== 0) {
    throw new FoleyError('FFMPEG_FAILED', `${tool} failed (exit ${code}): ${lastLine(proc.stderrTail())}`);
  }
  return { stdout: Buffer.concat(chunks), stderr: proc.stderrTail() };
}

/** The last meaningful line of ffmpeg's stderr, for one-line error messages. */
export function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? 'no details';
}

/** Runs ffmpeg with arbitrary arguments (test fixtures, encoders). Arguments are an array, never a shell string. */
export function runFfmpeg(args: readonly string[], options: { signal?: AbortSignal; stdin?: Buffer } = {}): Promise<RunResult> {
  const base = options.stdin ? ['-hide_banner', '-loglevel', 'error'] : ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  return runTool('ffmpeg', [...base, ...args], options);
}
