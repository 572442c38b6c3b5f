/**
 * Builds the generation backends a preset asks for. Backends load lazily (require at call time) so a
 * run that only needs procedural synthesis never loads SQLite or ONNX Runtime.
 */
import type { GenerationBackend } from '../../contracts/backend';
import type { BackendId } from '../../contracts/plan';
import type { Preset } from '../../contracts/preset';

type BackendFactory = (preset: Preset) => GenerationBackend;

const FACTORIES: Readonly<Record<BackendId, BackendFactory>> = {
  procedural: () => (require('./procedural') as typeof import('./procedural')).createProceduralBackend(),
  library: () => (require('./library') as typeof import('./library')).createLibraryBackend(),
  onnx: (preset) => (require('./onnx') as typeof import('./onnx')).createOnnxBackend({ bundle: preset.neuralBundle }),
};

/** Every backend the preset names, plus procedural (the embedded default is always available). */
export function createBackends(preset: Preset): Map<BackendId, GenerationBackend> {
  const ids = new Set<BackendId>([...preset.backends, 'procedural']);
  const out = new Map<BackendId, GenerationBackend>();
  for (const id of ids) out.set(id, FACTORIES[id](preset));
  return out;
}

export async function disposeBackends(backends: ReadonlyMap<BackendId, GenerationBackend>): Promise<void> {
  for (const b of backends.values()) await b.dispose?.();
}
