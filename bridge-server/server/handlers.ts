/**
 * One handler per protocol op, in one table (a registry, not an if-chain). Handlers receive a request
 * already validated by the protocol schema and either return the op's result or throw a ReplyError.
 * The dispatcher (connection.ts) enforces hello-first and authentication before a handler runs.
 */
import { FoleyError } from '../core/errors';
import { modelsDir } from '../core/paths';
import { PresetSchema, type Preset } from '../contracts/preset';
import type { NewJob } from '../jobs/store';
import { factoryPreset } from '../presets/factory';
import { PROTOCOL_VERSION, type Health, type JobItem, type PresetOverrides, type RequestOf, type RequestOp, type ResultOf } from '../protocol';
import { ENGINE_VERSION } from '../version';
import { MAX_WRONG_CODES } from './auth';
import type { ServerContext, Session } from './context';
import { resolveMediaPath, resolveOutputDir } from './pathPolicy';
import { ReplyError } from './replyError';

type Handler<Op extends RequestOp> = (ctx: ServerContext, session: Session, req: RequestOf<Op>) => ResultOf<Op>;
export type HandlerTable = { [Op in RequestOp]: Handler<Op> };

export function healthOf(ctx: ServerContext): Health {
  const caps = ctx.pool.capabilities;
  return {
    ok: true,
    serverVersion: ENGINE_VERSION,
    engineVersion: ENGINE_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    uptimeSec: Math.round((Date.now() - ctx.startedAtMs) / 100) / 10,
    queueDepth: ctx.jobs.queueDepth(),
    running: ctx.runner.runningCount(),
    workers: ctx.config.workers,
    backends: caps.backends,
    executionProviders: caps.executionProviders,
    pipelineAvailable: caps.pipelineAvailable,
    eventLoopDelayMs: ctx.eventLoopDelay(),
  };
}

function ownJob(ctx: ServerContext, session: Session, jobId: string): void {
  if (ctx.jobs.owner(jobId) !== session.panelId) throw new ReplyError('NOT_FOUND', `No job "${jobId}" for this panel.`);
}

/** resolves the preset of a job request: project/factory name, overrides, outputDir checked */
function jobPreset(ctx: ServerContext, req: { projectId?: string; presetName?: string; presetOverrides?: PresetOverrides }): { name: string; preset: Preset; outBase: string } {
  let base: Preset;
  try {
    base = ctx.presets.resolve(req.projectId, req.presetName).preset;
  } catch (e) {
    if (e instanceof FoleyError && e.code === 'PRESET_UNKNOWN') throw new ReplyError('PRESET_UNKNOWN', e.message);
    throw e;
  }
  const merged = PresetSchema.safeParse({ ...base, ...(req.presetOverrides ?? {}) });
  if (!merged.success) throw new ReplyError('PRESET_INVALID', `presetOverrides: ${merged.error.issues[0]?.message ?? 'invalid'}`);
  const preset = merged.data;
  const outBase = preset.outputDir ? resolveOutputDir(preset.outputDir, `preset "${preset.name}" outputDir`) : ctx.outputsDir;
  return { name: base.name, preset, outBase };
}

/** checks and normalizes the items of a job: media realpaths and ids (cache keys are computed at render time) */
function prepareItems(kind: 'generate' | 'plan', items: JobItem[], field: string): NewJob['items'] {
  return items.map((raw, i) => {
    const where = `${field}${kind === 'plan' ? '' : `[${i}]`}`;
    const item: JobItem = { ...raw };
    if (item.videoPath !== null) {
      item.videoPath = resolveMediaPath(item.videoPath, `${where}.videoPath`);
    } else if (item.durationSec === undefined && item.plan === undefined) {
      throw new ReplyError('BAD_MESSAGE', `${where}.durationSec is required when videoPath is null (a text-only render)`);
    }
    if (item.inSec !== undefined && item.outSec !== undefined && item.outSec <= item.inSec) {
      throw new ReplyError('BAD_MESSAGE', `${where}.outSec must be after inSec`);
    }
    const itemId = item.itemId ?? `item-${String(i + 1).padStart(3, '0')}`;
    const out: NewJob['items'][number] = { itemId, request: item, cacheKey: null };
    if (item.label !== undefined) out.label = item.label;
    return out;
  });
}

function submit(ctx: ServerContext, session: Session, job: Omit<NewJob, 'panelId'>): string {
  const jobId = ctx.jobs.create({ ...job, panelId: session.panelId as string });
  ctx.log.info({ jobId, kind: job.kind, batch: job.batch, items: job.items.length, panelId: session.panelId }, 'job queued');
  setImmediate(() => {
    // reply first, then tell the panel's other sockets and start (a cache hit must not overtake the ok reply)
    const job = ctx.jobs.summary(jobId);
    if (job) ctx.notify(session.panelId as string, { type: 'job.update', job });
    ctx.runner.pump();
  });
  return jobId;
}

function checkPresetPaths(preset: Preset): void {
  if (preset.outputDir !== undefined) resolveOutputDir(preset.outputDir, `preset "${preset.name}" outputDir`);
}

export const HANDLERS: HandlerTable = {
  hello: (_ctx, session, req) => {
    if (req.protocolVersion !== PROTOCOL_VERSION) {
      throw new ReplyError('VERSION_MISMATCH', `This server speaks protocol ${PROTOCOL_VERSION}; the panel sent ${req.protocolVersion}. Update the panel or the server.`);
    }
    session.helloDone = true;
    return { protocolVersion: PROTOCOL_VERSION, serverVersion: ENGINE_VERSION, engineVersion: ENGINE_VERSION, authenticated: session.panelId !== null };
  },

  'pair.request': (ctx, session, req) => {
    const lockedMs = ctx.pairing.lockedForMs();
    if (lockedMs > 0) throw new ReplyError('PAIR_LOCKED', `Too many wrong pairing codes; try again in ${Math.ceil(lockedMs / 1000)} s.`);
    ctx.log.info({ clientName: req.clientName }, 'pairing requested');
    session.pairClientName = req.clientName;
    return ctx.pairing.start();
  },

  'pair.confirm': (ctx, session, req) => {
    const r = ctx.pairing.check(req.code);
    if (r === 'locked') throw new ReplyError('PAIR_LOCKED', `Too many wrong pairing codes; try again in ${Math.ceil(ctx.pairing.lockedForMs() / 1000)} s.`);
    if (r === 'not-started') throw new ReplyError('PAIR_NOT_STARTED', 'No pairing code is active: send pair.request first.');
    if (r === 'expired') throw new ReplyError('PAIR_CODE_EXPIRED', 'The pairing code expired: request a new one.');
    if (r === 'wrong') {
      session.wrongCodes += 1;
      ctx.log.warn({ socketId: session.socketId, wrongCodes: session.wrongCodes }, 'wrong pairing code');
      if (session.wrongCodes >= MAX_WRONG_CODES) {
        const waitMs = ctx.pairing.lockOut();
        ctx.log.warn({ socketId: session.socketId, waitMs }, 'pairing locked out; closing the socket');
        ctx.closeSocket(session, 4003, 'too many wrong pairing codes');
      }
      throw new ReplyError('PAIR_CODE_WRONG', `Wrong pairing code (${Math.max(0, MAX_WRONG_CODES - session.wrongCodes)} attempt(s) left on this connection).`);
    }
    const issued = ctx.tokens.issue(session.pairClientName ?? 'panel');
    ctx.bindPanel(session, issued.panelId);
    ctx.log.info({ panelId: issued.panelId }, 'panel paired');
    return issued;
  },

  auth: (ctx, session, req) => {
    const panelId = ctx.tokens.verify(req.token);
    if (!panelId) throw new ReplyError('AUTH_FAILED', 'Unknown token: pair this panel again.');
    ctx.bindPanel(session, panelId);
    return { panelId };
  },

  generate: (ctx, session, req) => {
    const { name, preset, outBase } = jobPreset(ctx, req);
    const items = prepareItems('generate', req.items, 'items');
    const job: Omit<NewJob, 'panelId'> = { kind: 'generate', batch: req.batch, presetName: name, preset, outBase, items };
    if (req.projectId !== undefined) job.projectId = req.projectId;
    if (req.label !== undefined) job.label = req.label;
    const jobId = submit(ctx, session, job);
    return { job: ctx.jobs.summary(jobId)!, itemIds: items.map((i) => i.itemId) };
  },

  plan: (ctx, session, req) => {
    const { name, preset, outBase } = jobPreset(ctx, req);
    const items = prepareItems('plan', [req.item], 'item');
    const job: Omit<NewJob, 'panelId'> = { kind: 'plan', batch: 'clip', presetName: name, preset, outBase, items };
    if (req.projectId !== undefined) job.projectId = req.projectId;
    if (req.label !== undefined) job.label = req.label;
    return { job: ctx.jobs.summary(submit(ctx, session, job))! };
  },

  cancel: (ctx, session, req) => {
    ownJob(ctx, session, req.jobId);
    const before = ctx.jobs.summary(req.jobId)!;
    if (before.status !== 'queued' && before.status !== 'running') throw new ReplyError('INVALID_STATE', `Job "${req.jobId}" already ended (${before.status}).`);
    ctx.runner.cancel(req.jobId, session.panelId!);
    ctx.log.info({ jobId: req.jobId }, 'job cancelled');
    return { job: ctx.jobs.summary(req.jobId)! };
  },

  'jobs.list': (ctx, session, req) => ({ jobs: ctx.jobs.list(session.panelId!, req.limit, req.status) }),

  'jobs.get': (ctx, session, req) => {
    ownJob(ctx, session, req.jobId);
    return { job: ctx.jobs.detail(req.jobId)! };
  },

  'jobs.retry': (ctx, session, req) => {
    ownJob(ctx, session, req.jobId);
    const requeued = ctx.runner.retry(req.jobId, session.panelId!);
    if (requeued.length === 0) throw new ReplyError('INVALID_STATE', `Job "${req.jobId}" has no failed or cancelled item to retry.`);
    return { job: ctx.jobs.summary(req.jobId)!, requeued };
  },

  'presets.list': (ctx, _s, req) => ctx.presets.list(req.projectId),

  'presets.get': (ctx, _s, req) => {
    if (!ctx.presets.exists(req.projectId, req.name)) throw new ReplyError('NOT_FOUND', `No preset "${req.name}" in project "${req.projectId}".`);
    return ctx.presets.resolve(req.projectId, req.name);
  },

  'presets.save': (ctx, _s, req) => {
    if (factoryPreset(req.preset.name)) throw new ReplyError('PRESET_READONLY', `"${req.preset.name}" is a factory preset; save under another name.`);
    checkPresetPaths(req.preset);
    ctx.presets.save(req.projectId, req.preset);
    return { name: req.preset.name };
  },

  'presets.delete': (ctx, _s, req) => {
    if (factoryPreset(req.name)) throw new ReplyError('PRESET_READONLY', `"${req.name}" is a factory preset and cannot be deleted.`);
    if (!ctx.presets.delete(req.projectId, req.name)) throw new ReplyError('NOT_FOUND', `No preset "${req.name}" in project "${req.projectId}".`);
    return { name: req.name };
  },

  'presets.export': (ctx, _s, req) => ({ document: ctx.presets.export(req.projectId) }),

  'presets.import': (ctx, _s, req) => {
    req.document.presets.forEach(checkPresetPaths);
    return ctx.presets.import(req.projectId, req.document, req.overwrite);
  },

  'presets.setDefault': (ctx, _s, req) => {
    if (!ctx.presets.exists(req.projectId, req.name)) throw new ReplyError('PRESET_UNKNOWN', `No preset "${req.name}" in project "${req.projectId}" or the factory set.`);
    ctx.presets.setDefault(req.projectId, req.name);
    return { name: req.name };
  },

  models: (ctx) => {
    const caps = ctx.pool.capabilities;
    return {
      backends: [
        { id: 'procedural', available: caps.pipelineAvailable },
        { id: 'library', available: caps.backends.includes('library'), note: 'index sound folders with `foley library add`' },
        { id: 'onnx', available: caps.backends.includes('onnx'), note: `${caps.bundles.length} bundle(s) in ${modelsDir()}` },
      ],
      bundles: caps.bundles,
      executionProviders: caps.executionProviders,
    };
  },

  health: (ctx) => healthOf(ctx),
};
