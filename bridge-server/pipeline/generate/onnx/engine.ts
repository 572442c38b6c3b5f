/**
 * The inference engine that lives inside the worker: resolved execution providers, the session cache
 * and one runtime per installed bundle. Every operation the worker offers is a method here, so the
 * same code also runs in-process where blocking does not matter (tests of the arithmetic, the bench's
 * bare-run baseline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FoleyError } from '../../../core/errors';
import { type BundleCheckReport, checkBundle } from './bundleCheck';
import { isFlowBundle, readBundleManifest } from './bundleManifest';
import { type FlowRequest, type FlowResult, FlowRuntime } from './flowRuntime';
import { type ProviderStatus, SessionCache, resolveProviders } from './ortRuntime';
import { ScorerRuntime } from './scorerRuntime';
import { writeTinyFlowBundle } from './tinyBundle';

export interface SelftestResult {
  provider: string;
  msPerStep: number;
  steps: number;
  sampleRateHz: number;
  durationSec: number;
  ok: boolean;
  /** providers dropped while probing, with the reason */
  dropped: ProviderStatus['dropped'];
}

export class OnnxEngine {
  private readonly flows = new Map<string, FlowRuntime>();
  private readonly scorers = new Map<string, ScorerRuntime>();

  private constructor(
    readonly status: ProviderStatus,
    readonly sessions: SessionCache,
  ) {}

  static async create(requested: readonly string[], log: (line: string) => void = () => undefined): Promise<OnnxEngine> {
    const status = await resolveProviders(requested, log);
    return new OnnxEngine(status, new SessionCache(status.providers));
  }

  flow(dir: string): FlowRuntime {
    const key = resolve(dir);
    let rt = this.flows.get(key);
    if (!rt) {
      const bundle = readBundleManifest(key);
      if (!isFlowBundle(bundle)) throw new FoleyError('MODEL_INVALID', `${key}: bundle ${bundle.id} is a ${bundle.kind}, not a generator.`);
      rt = new FlowRuntime(key, bundle, this.sessions);
      this.flows.set(key, rt);
    }
    return rt;
  }

  scorer(dir: string): ScorerRuntime {
    const key = resolve(dir);
    let rt = this.scorers.get(key);
    if (!rt) {
      const bundle = readBundleManifest(key);
      if (bundle.kind !== 'audio-text-scorer') throw new FoleyError('MODEL_INVALID', `${key}: bundle ${bundle.id} is a ${bundle.kind}, not a scorer.`);
      rt = new ScorerRuntime(key, bundle, this.sessions);
      this.scorers.set(key, rt);
    }
    return rt;
  }

  check(dir: string): Promise<BundleCheckReport> {
    return checkBundle(resolve(dir), this.sessions);
  }

  async warmUp(dir: string): Promise<void> {
    await this.flow(dir).warmUp();
  }

  generate(dir: string, req: FlowRequest, hooks?: Parameters<FlowRuntime['generate']>[1]): Promise<FlowResult> {
    return this.flow(dir).generate(req, hooks);
  }

  score(dir: string, mono: Float32Array, sampleRateHz: number, text: string): Promise<number> {
    return this.scorer(dir).score(mono, sampleRateHz, text);
  }

  /** Releases one bundle's sessions (or all). */
  async release(dir?: string): Promise<void> {
    const key = dir ? resolve(dir) : undefined;
    for (const k of [...this.flows.keys()]) if (!key || k === key) this.flows.delete(k);
    for (const k of [...this.scorers.keys()]) if (!key || k === key) this.scorers.delete(k);
    await this.sessions.release(key ? `${key}/` : undefined);
  }

  /** Builds a tiny bundle in a temporary folder and generates one second with it. */
  async selftest(): Promise<SelftestResult> {
    const dir = mkdtempSync(join(tmpdir(), 'foley-selftest-'));
    try {
      writeTinyFlowBundle(join(dir, 'tiny'), { id: 'selftest', mlpHidden: 512, steps: 10, guidance: 3, windowsSec: [1] });
      const bundleDir = join(dir, 'tiny');
      await this.warmUp(bundleDir);
      const r = await this.generate(bundleDir, { prompt: 'footsteps on gravel', durationSec: 1, seed: 1 });
      const ch = r.channels[0];
      const ok = !!ch && ch.length === r.sampleRateHz && ch.every(Number.isFinite) && ch.some((v) => v !== 0);
      await this.release(bundleDir);
      return { provider: this.status.device, msPerStep: r.msPerStep, steps: r.steps, sampleRateHz: r.sampleRateHz, durationSec: 1, ok, dropped: this.status.dropped };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
