/**
 * The one adapter over onnxruntime-node (style: transformers.js `backends/onnx.js`). It owns
 * execution-provider selection, one cached session per graph file, tensor construction and the check
 * of a session's inputs/outputs against a bundle's tensor specs.
 *
 * Provider selection: in onnxruntime-node 1.30 `executionProviders: ['cuda','cpu']` does NOT fall back
 * when the CUDA provider library cannot load — session creation throws. So each non-CPU provider is
 * probed with a one-node session first, and the ones that fail are dropped with a log line; the result
 * is what sessions use and what `/health` reports.
 *
 * `session.run` is a synchronous native call (only deferred by setImmediate), so everything here is
 * meant to run inside the inference worker (worker.ts), never on the server's main thread.
 */
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { FoleyError } from '../../../core/errors';
import type { TensorDtype, TensorSpec } from './bundleSchema';
import { encodeOnnxModel } from './onnxWriter';
import { KNOWN_PROVIDERS } from './providers';
import { probeGraph } from './tinyGraphs';

export type OrtTensor = ort.Tensor;
export type OrtSession = ort.InferenceSession;

export { KNOWN_PROVIDERS, DEFAULT_PROVIDERS, configuredProviders } from './providers';

export interface ProviderStatus {
  /** providers sessions are created with, best first; always ends with cpu */
  providers: string[];
  /** the device inference actually runs on: the first provider */
  device: string;
  /** one line per provider that was dropped, with the reason */
  dropped: Array<{ provider: string; reason: string }>;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? msg).replace(/\u001b\[[0-9;]*m/g, '').slice(0, 300);
}

/** Probes each requested provider with a tiny session; drops those that cannot load. */
export async function resolveProviders(requested: readonly string[], log: (line: string) => void = () => undefined): Promise<ProviderStatus> {
  for (const p of requested) {
    if (!KNOWN_PROVIDERS.includes(p)) {
      throw new FoleyError('USAGE', `Unknown execution provider "${p}"; valid: ${KNOWN_PROVIDERS.join(', ')}.`);
    }
  }
  // The runtime's environment logger would print a multi-line native error for every provider that
  // fails to load; we report those ourselves in one line, so keep it quiet unless debugging.
  if (!process.env.FOLEY_DEBUG) ort.env.logLevel = 'fatal';
  const probe = encodeOnnxModel(probeGraph());
  const providers: string[] = [];
  const dropped: ProviderStatus['dropped'] = [];
  for (const p of requested) {
    if (p === 'cpu' || providers.includes(p)) continue;
    try {
      const session = await ort.InferenceSession.create(probe, { executionProviders: [p], logSeverityLevel: 4 });
      await session.release();
      providers.push(p);
    } catch (e) {
      const reason = firstLine(e);
      dropped.push({ provider: p, reason });
      log(`onnx: execution provider "${p}" is not usable (${reason}); continuing without it.`);
    }
  }
  providers.push('cpu');
  return { providers, device: providers[0] as string, dropped };
}

/** One session per graph file, created on first use with the resolved providers, released explicitly. */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<OrtSession>>();

  constructor(private readonly providers: readonly string[]) {}

  get(path: string): Promise<OrtSession> {
    let s = this.sessions.get(path);
    if (!s) {
      s = ort.InferenceSession.create(path, {
        executionProviders: [...this.providers],
        graphOptimizationLevel: 'all',
        // On CPU, leave one core to the server's main thread (and the media decoders) so the editor's
        // panel stays responsive while a generation runs.
        intraOpNumThreads: this.providers[0] === 'cpu' ? Math.max(1, availableParallelism() - 1) : undefined,
        logSeverityLevel: 3,
      }).catch((e: unknown) => {
        this.sessions.delete(path);
        throw new FoleyError('MODEL_INVALID', `${path}: ONNX Runtime cannot load this graph (${firstLine(e)}).`, { cause: e });
      });
      this.sessions.set(path, s);
    }
    return s;
  }

  has(path: string): boolean {
    return this.sessions.has(path);
  }

  /** Releases the sessions whose path starts with `prefix` (all when omitted). */
  async release(prefix?: string): Promise<void> {
    const paths = [...this.sessions.keys()].filter((p) => prefix === undefined || p.startsWith(prefix));
    for (const p of paths) {
      const s = this.sessions.get(p);
      this.sessions.delete(p);
      try {
        await (await (s as Promise<OrtSession>)).release();
      } catch {
        // a session that failed to load has nothing to release
      }
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}

export function floatTensor(data: Float32Array, dims: readonly number[]): OrtTensor {
  return new ort.Tensor('float32', data, dims);
}

export function int64Tensor(values: ArrayLike<number | bigint>, dims: readonly number[]): OrtTensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i] as number | bigint);
  return new ort.Tensor('int64', data, dims);
}

/** A feed tensor of the dtype an input spec asks for (float32 data; ids are integer-valued). */
export function tensorFor(dtype: TensorDtype, data: Float32Array | readonly number[], dims: readonly number[]): OrtTensor {
  switch (dtype) {
    case 'float32':
      return floatTensor(data instanceof Float32Array ? data : Float32Array.from(data), dims);
    case 'int64':
      return int64Tensor(data, dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(data), dims);
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from(data, (v) => (v ? 1 : 0)), dims);
    case 'float16':
      throw new FoleyError('MODEL_INVALID', 'float16 inputs are not supported yet; export the graph with float32 inputs (internal fp16 is fine).');
  }
}

/** float32 view of an output tensor (float32 as is; float16 is not produced by our graphs' outputs). */
export function tensorData(t: OrtTensor, what: string): Float32Array {
  if (t.type !== 'float32') throw new FoleyError('MODEL_INVALID', `${what}: expected a float32 output, got ${t.type}.`);
  return t.data as Float32Array;
}

export interface SpecMismatch {
  tensor: string;
  problem: string;
}

interface MetaLike {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

function compare(kind: 'input' | 'output', specs: readonly TensorSpec[], metas: readonly MetaLike[], resolve: (s: TensorSpec) => Array<number | string>): SpecMismatch[] {
  const out: SpecMismatch[] = [];
  for (const spec of specs) {
    const meta = metas.find((m) => m.name === spec.name);
    if (!meta) {
      out.push({ tensor: spec.name, problem: `the graph has no ${kind} named "${spec.name}" (it has: ${metas.map((m) => m.name).join(', ')})` });
      continue;
    }
    if (!meta.isTensor || meta.type !== spec.dtype) {
      out.push({ tensor: spec.name, problem: `${kind} dtype is ${meta.type ?? 'not a tensor'}, manifest says ${spec.dtype}` });
      continue;
    }
    const want = resolve(spec);
    const have = meta.shape ?? [];
    if (have.length !== want.length) {
      out.push({ tensor: spec.name, problem: `${kind} has rank ${have.length} [${have.join(', ')}], manifest says [${want.join(', ')}]` });
      continue;
    }
    want.forEach((w, i) => {
      const h = have[i];
      // A fixed size in the manifest must match a fixed size in the graph; symbols match anything.
      if (typeof w === 'number' && typeof h === 'number' && w !== h) {
        out.push({ tensor: spec.name, problem: `${kind} dimension ${i} is ${h}, manifest says ${w}` });
      }
    });
  }
  if (kind === 'input') {
    for (const m of metas) {
      if (!specs.some((s) => s.name === m.name)) out.push({ tensor: m.name, problem: `the graph needs input "${m.name}", which the manifest does not declare` });
    }
  }
  return out;
}

/** Compares a session's metadata with a stage's declared inputs and outputs. */
export function checkSession(
  session: OrtSession,
  inputs: readonly TensorSpec[],
  outputs: readonly TensorSpec[],
  resolve: (s: TensorSpec) => Array<number | string>,
): SpecMismatch[] {
  return [
    ...compare('input', inputs, session.inputMetadata as readonly MetaLike[], resolve),
    ...compare('output', outputs, session.outputMetadata as readonly MetaLike[], resolve),
  ];
}

/** The fixed size of dimension `dim` of a named input, if the graph fixes it. */
export function inputDimension(session: OrtSession, name: string, dim: number): number | undefined {
  const meta = (session.inputMetadata as readonly MetaLike[]).find((m) => m.name === name);
  const d = meta?.shape?.[dim];
  return typeof d === 'number' ? d : undefined;
}

export type Feeds = Record<string, OrtTensor>;

export async function runSession(session: OrtSession, feeds: Feeds): Promise<Record<string, OrtTensor>> {
  return (await session.run(feeds)) as Record<string, OrtTensor>;
}
