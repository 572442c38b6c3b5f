/**
 * Ranks library files for a cue query with a few LIMITed FTS5 queries: files of the class that say
 * every parameter, then all parameters but one, then any parameter word, then the class at all. "Of the class" means the CatID is one of the class's CatIDs or the text names the class.
 * Score (higher is better): CatID of the class +3 (+1 more when it is a CatID the parameters prefer),
 * class named in the text +1, +2 for every parameter group matched, +3 per free library-query word,
 * plus a small bm25 tie-breaker. Beds prefer long files, hits need at least one onset slice.
 */
import type { LibraryQuery } from './classQuery';
import { anyOf, containsTerm, foldedWordSet } from './ftsQuery';
import type { LibraryStore, SearchHit } from './libraryStore';

export interface RankedFile {
  file: SearchHit;
  score: number;
  /** which parameter groups the file matched, e.g. ["surface=gravel"] */
  matched: string[];
}

export interface RankOptions {
  /** rows fetched per FTS query */
  fetch?: number;
}

function classExpression(q: LibraryQuery): string {
  const parts = [anyOf(q.catIds, 'cat_id'), anyOf(q.classTerms)].filter((p) => p.length > 0);
  return parts.length === 0 ? '' : parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

export function rankCandidates(store: LibraryStore, q: LibraryQuery, options: RankOptions = {}): RankedFile[] {
  const fetch = options.fetch ?? 40;
  const cls = classExpression(q);
  const freeExpr = q.freeTerms.length > 0 ? anyOf(q.freeTerms) : '';
  const paramExpr = anyOf(q.paramGroups.flatMap((g) => g.terms));
  const required = cls && freeExpr ? `(${cls} OR ${freeExpr})` : cls || freeExpr;
  if (!required) return [];
  const rows = new Map<number, SearchHit>();
  const add = (hits: SearchHit[]): void => {
    for (const r of hits) if (!rows.has(r.id)) rows.set(r.id, r);
  };
  // Most selective first; only the first query is ordered by bm25 (it matches few rows). Broad
  // queries take rows as they come and stop early, and the score below orders them, so the cost does
  // not grow with the size of the library.
  const groups = q.paramGroups.map((g) => anyOf(g.terms)).filter((e) => e.length > 0);
  if (groups.length > 1) add(store.match(`${required} AND ${groups.join(' AND ')}`, fetch));
  if (groups.length > 2 && rows.size < fetch) {
    // all parameters but one
    for (let skip = 0; skip < groups.length && rows.size < fetch; skip++) {
      add(store.match(`${required} AND ${groups.filter((_, i) => i !== skip).join(' AND ')}`, fetch, false));
    }
  }
  const wanted = [paramExpr, freeExpr].filter((e) => e.length > 0);
  if (wanted.length > 0 && rows.size < fetch) add(store.match(`${required} AND (${wanted.join(' OR ')})`, fetch, false));
  if (rows.size < fetch) add(store.match(required, fetch, false));

  const classCat = new Set(q.catIds.map((c) => c.toLowerCase()));
  const preferredCat = new Set(q.paramGroups.flatMap((g) => g.catIds).map((c) => c.toLowerCase()));
  const out: RankedFile[] = [];
  for (const file of rows.values()) {
    if (q.wantsLoop ? file.durationSec < 1 : file.sliceCount === 0) continue;
    const words = foldedWordSet(`${file.path.split('/').pop() ?? ''} ${file.fxName} ${file.description} ${file.keywords} ${file.category} ${file.subcategory}`);
    let score = 0;
    const cat = file.catId.toLowerCase();
    if (classCat.has(cat)) score += 3;
    if (preferredCat.has(cat)) score += 1;
    if (q.classTerms.some((t) => containsTerm(words, t))) score += 1;
    const matched: string[] = [];
    for (const g of q.paramGroups) {
      if (g.terms.some((t) => containsTerm(words, t))) {
        score += 2;
        matched.push(`${g.param}=${g.value}`);
      }
    }
    for (const t of q.freeTerms) if (containsTerm(words, t)) score += 3;
    // bm25 is negative-better and unbounded; squash it into a tie-breaker below one point
    score += Math.min(0.9, Math.max(0, -file.rank) / 20);
    if (q.wantsLoop) score += Math.min(1, file.durationSec / 60);
    out.push({ file, score, matched });
  }
  out.sort((a, b) => b.score - a.score || (a.file.path < b.file.path ? -1 : 1));
  return out;
}
