/**
 * Execution-provider names and the configured preference (FOLEY_ONNX_PROVIDERS="cuda,cpu"), kept
 * apart from ortRuntime.ts so the main thread can read them without loading the native runtime.
 */
export const KNOWN_PROVIDERS: readonly string[] = Object.freeze(['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu']);
export const DEFAULT_PROVIDERS: readonly string[] = Object.freeze(['cuda', 'cpu']);

/** Providers from FOLEY_ONNX_PROVIDERS ("cuda,cpu") or the default. */
export function configuredProviders(): string[] {
  const env = process.env.FOLEY_ONNX_PROVIDERS;
  return env ? env.split(',').map((p) => p.trim()).filter(Boolean) : [...DEFAULT_PROVIDERS];
}
