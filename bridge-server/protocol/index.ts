/**
 * The bridge protocol: zod schemas and inferred types for every message between the panel and the
 * bridge server. Imported by both sides (the panel bundles it for the browser), so this module tree
 * imports ONLY zod and bridge-server/contracts/* — never node: modules or server code.
 * Human reference: docs/protocol.md.
 */
export * from './codes';
export * from './requests';
export * from './messages';
export * from './parse';
