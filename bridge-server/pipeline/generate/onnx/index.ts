/**
 * The onnx backend: exported neural models from `models/` run through ONNX Runtime in a worker
 * thread (CUDA when it loads, CPU otherwise). This folder is the only place that imports
 * onnxruntime-node (ortRuntime.ts) or @huggingface/transformers (tokenizer.ts). See docs/neural.md.
 */
export { externalClassFit } from './classFit';
export { createOnnxBackend, onnxRuntimeStatus, createScorer, findScorerBundle, cuePrompt, takeDurationSec, type AudioTextScorer, type OnnxBackendOptions, type OnnxRuntimeStatus } from './backend';
export { BundleSchema, BUNDLE_SCHEMA_VERSION, type Bundle, type FlowBundle, type ScorerBundle, type PlannerBundle } from './bundleSchema';
export { listInstalledBundles, readBundleManifest, type InstalledBundle } from './bundleManifest';
export { acquireWorker, resolveWorkerPath, type InferenceWorker } from './workerClient';
export { configuredProviders, DEFAULT_PROVIDERS, KNOWN_PROVIDERS } from './providers';
export { writeTinyFlowBundle, writeTinyScorerBundle } from './tinyBundle';
