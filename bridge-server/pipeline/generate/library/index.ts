/**
 * The sound-library backend: the editor's own SFX folders, indexed in SQLite (FTS5) with UCS names,
 * bext/iXML text, loudness, spectral features and onset slices. Entry points: `createLibraryBackend`
 * (generation), `indexFolder` / `removeFolder` (CLI `foley library add|remove`), `LibraryStore`.
 */
export { createLibraryBackend, type LibraryBackendOptions } from './libraryBackend';
export { LibraryStore, defaultLibraryDbPath, type SearchHit, type LibraryFileRow, type ErrorRow, type SliceRow } from './libraryStore';
export { indexFolder, removeFolder, type IndexSummary, type IndexProgress, type RemoveSummary } from './indexFolder';
export { buildCueQuery, knownClassIds, type LibraryQuery } from './classQuery';
export { rankCandidates, type RankedFile } from './rankCandidates';
export { parseUcsName, lookupCatId, type UcsName } from './ucs';
export { analyzeFile, formatOfPath, type FileAnalysis, type AnalysisOutcome } from './analyzeFile';
export { createAnalyzer, type Analyzer } from './analyzePool';
