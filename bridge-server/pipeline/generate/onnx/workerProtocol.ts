/**
 * Messages between the main thread and the inference worker. Audio and frames travel as
 * Float32Array/Uint8Array and are transferred, not copied.
 */
import type { BundleCheckReport } from './bundleCheck';
import type { SelftestResult } from './engine';
import type { FlowRequest, FlowResult } from './flowRuntime';
import type { ProviderStatus } from './ortRuntime';

export interface WorkerOps {
  status: { args: Record<string, never>; result: ProviderStatus };
  check: { args: { dir: string }; result: BundleCheckReport };
  warmUp: { args: { dir: string }; result: null };
  generate: { args: { dir: string; request: FlowRequest }; result: FlowResult };
  score: { args: { dir: string; mono: Float32Array; sampleRateHz: number; text: string }; result: number };
  release: { args: { dir?: string }; result: null };
  selftest: { args: Record<string, never>; result: SelftestResult };
  cancel: { args: { target: number }; result: null };
}

export type WorkerOp = keyof WorkerOps;

export interface WorkerRequest<K extends WorkerOp = WorkerOp> {
  id: number;
  op: K;
  args: WorkerOps[K]['args'];
}

export type WorkerResponse =
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; code: string; message: string }
  | { id: number; kind: 'progress'; done: number; total: number }
  | { id: 0; kind: 'log'; line: string };

export interface WorkerInit {
  providers: string[];
}
