/**
 * A job worker: a child process forked by the worker pool (workerPool.ts) that runs pipeline tasks one
 * at a time, so rendering never blocks the server's event loop. A generate task renders into a fresh
 * staging folder and commits it to its final folder here (outputs.ts), so file I/O stays off the server
 * too. It is started detached, as the leader of its own process group, so that the pool can cancel a task
 * by killing the whole group (the worker and any ffmpeg it spawned) within milliseconds. If the server dies, the IPC channel closes and the worker
 * kills its group too: a crashed server never leaves orphans writing into output folders.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelsDir } from '../core/paths';
import { toFoleyError } from '../core/errors';
import type { PipelineRequest } from '../contracts/job';
import type { StageName, StageProgress } from '../contracts/stages';
import type { ItemResult } from '../protocol';
import { commitStagingDir, createStagingDir, discardStagingDir, finalItemDir } from './outputs';
import type { RunTaskMessage, WorkerMessage } from './workerMessages';

/**
 * The pipeline entry points (bridge-server/pipeline/run.ts), typed from the module itself but loaded at
 * run time: a pipeline that fails to load leaves the worker up, reporting `pipelineAvailable: false`
 * (visible in /health) instead of crash-looping.
 */
type PipelineModule = Pick<typeof import('../pipeline/run'), 'runPipeline' | 'planOnly' | 'STAGE_WEIGHTS'>;

const ALL_STAGES: readonly StageName[] = ['media', 'analyze', 'plan', 'generate', 'align', 'mix', 'deliver'];

/** the stages this request will pass through: text-only renders skip media/analyze, a given plan skips planning */
export function expectedStages(mode: 'generate' | 'plan', request: PipelineRequest): StageName[] {
  return ALL_STAGES.filter((s) => {
    if (s === 'media') return request.videoPath !== null;
    if (s === 'analyze') return request.videoPath !== null && request.plan === undefined;
    if (s === 'plan') return request.plan === undefined;
    return mode === 'generate';
  });
}

/** 0..1 of the whole item from (stage, fraction), weighting stages by their usual share of the time */
export function itemFraction(stages: readonly StageName[], weights: Readonly<Record<StageName, number>>, stage: StageName, fraction: number): number {
  const w = (s: StageName): number => weights[s];
  const total = stages.reduce((a, s) => a + w(s), 0);
  const idx = stages.indexOf(stage);
  if (idx < 0 || total <= 0) return 0;
  const before = stages.slice(0, idx).reduce((a, s) => a + w(s), 0);
  return Math.min(1, (before + w(stage) * fraction) / total);
}

const PROGRESS_INTERVAL_MS = 100;

function send(message: WorkerMessage): void {
  if (process.send && process.connected) process.send(message);
}

function loadPipeline(): PipelineModule | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, '..', 'pipeline', 'run')) as Partial<PipelineModule>;
    if (typeof mod.runPipeline === 'function' && typeof mod.planOnly === 'function' && mod.STAGE_WEIGHTS) return mod as PipelineModule;
  } catch (e) {
    process.stderr.write(`worker: pipeline not loadable: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  return null;
}

async function runTask(pipeline: PipelineModule | null, msg: RunTaskMessage): Promise<void> {
  if (!pipeline) {
    send({ type: 'failed', taskId: msg.taskId, code: 'INTERNAL', message: 'The pipeline module (bridge-server/pipeline/run.ts) is not available in this build.' });
    return;
  }
  let lastSentMs = 0;
  const stages = expectedStages(msg.mode, msg.request);
  const onProgress = (p: StageProgress): void => {
    const now = Date.now();
    if (p.fraction < 1 && now - lastSentMs < PROGRESS_INTERVAL_MS) return;
    lastSentMs = now;
    const fraction = Math.min(1, Math.max(0, p.fraction));
    const m: WorkerMessage = {
      type: 'progress',
      taskId: msg.taskId,
      stage: p.stage,
      fraction,
      itemFraction: itemFraction(stages, pipeline.STAGE_WEIGHTS, p.stage, fraction),
    };
    if (p.message) m.message = p.message.slice(0, 200);
    send(m);
  };
  let stagingDir: string | null = null;
  try {
    if (msg.mode === 'plan') {
      const r = await pipeline.planOnly(msg.request, { onProgress });
      const result: Extract<WorkerMessage, { type: 'done' }>['result'] = { plan: r.plan, notices: r.notices };
      if (r.analysis) result.analysis = r.analysis as unknown as Record<string, unknown>;
      send({ type: 'done', taskId: msg.taskId, result });
    } else if (msg.output) {
      const { outBase, jobId, itemId } = msg.output;
      stagingDir = createStagingDir(outBase, jobId, itemId);
      const r = await pipeline.runPipeline({ ...msg.request, outDir: stagingDir }, { onProgress });
      const staged: ItemResult = { outDir: r.outDir, files: r.files, plan: r.plan, report: r.report, notices: r.notices, cached: false };
      const result = commitStagingDir(stagingDir, finalItemDir(outBase, jobId, itemId), staged);
      stagingDir = null;
      send({ type: 'done', taskId: msg.taskId, result });
    } else {
      const r = await pipeline.runPipeline(msg.request, { onProgress });
      send({ type: 'done', taskId: msg.taskId, result: { outDir: r.outDir, files: r.files, plan: r.plan, report: r.report, notices: r.notices } });
    }
  } catch (e) {
    if (stagingDir) discardStagingDir(stagingDir);
    const err = toFoleyError(e);
    send({ type: 'failed', taskId: msg.taskId, code: err.code, message: err.message.slice(0, 2000) });
  }
}

function killOwnGroup(): never {
  try {
    if (process.platform !== 'win32') process.kill(-process.pid, 'SIGKILL');
  } catch {
    // not a group leader (e.g. started by hand): just exit
  }
  process.exit(1);
}

interface OnnxModule {
  onnxRuntimeStatus(): Promise<{ providers: string[]; device: string }>;
  listInstalledBundles(dir: string): Array<{ name: string; dir: string; error?: string }>;
}

/**
 * What this machine can render: installed model bundles, usable ONNX execution providers, whether a sound
 * library is indexed. Asked of the pipeline's own modules (the onnx adapter probes providers in its worker).
 */
async function probeCapabilities(): Promise<Extract<WorkerMessage, { type: 'capabilities' }>> {
  const backends = ['procedural'];
  let executionProviders: string[] = ['cpu'];
  let bundles: Array<{ name: string; path: string }> = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require(join(__dirname, '..', 'pipeline', 'generate', 'library')) as { defaultLibraryDbPath?: () => string };
    if (lib.defaultLibraryDbPath && existsSync(lib.defaultLibraryDbPath())) backends.push('library');
  } catch {
    // no library backend in this build
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const onnx = require(join(__dirname, '..', 'pipeline', 'generate', 'onnx')) as Partial<OnnxModule>;
    if (onnx.listInstalledBundles) {
      bundles = onnx.listInstalledBundles(modelsDir()).filter((b) => !b.error).map((b) => ({ name: b.name, path: b.dir }));
      if (bundles.length > 0) backends.push('onnx');
    }
    if (onnx.onnxRuntimeStatus) executionProviders = (await onnx.onnxRuntimeStatus()).providers;
  } catch (e) {
    process.stderr.write(`worker: onnx probe failed: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  return { type: 'capabilities', backends, executionProviders, bundles };
}

export function startWorker(): void {
  const pipeline = loadPipeline();
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (raw: unknown) => {
    const msg = raw as RunTaskMessage;
    if (!msg || msg.type !== 'run') return;
    queue = queue.then(() => runTask(pipeline, msg));
  });
  process.on('disconnect', killOwnGroup);
  send({ type: 'ready', pipelineAvailable: pipeline !== null });
  // one worker per server start probes what the machine can do (loading runtimes costs time and memory)
  if (pipeline && process.env.FOLEY_WORKER_PROBE === '1') {
    void probeCapabilities().then(send, () => undefined);
  }
}

if (require.main === module) startWorker();
