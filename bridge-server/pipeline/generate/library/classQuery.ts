/**
 * Cue → library query. The class → UCS table (`class-ucs.json`, data) names the CatIDs and words of
 * each catalogue class and, per parameter value, the words (and better-fitting CatIDs) that say it:
 * footsteps/gravel/boot → FEETHmn|FEETMisc|FOLYFeet files whose name, FX name or description says
 * gravel, preferring boots. Enum synonyms from the procedural catalogue are merged in when it loads,
 * so the planner's vocabulary and ours stay one. Numbers (size, intensity, …) map to low/high words.
 */
import { z } from 'zod';
import type { Cue } from '../../../contracts/plan';
import classData from './class-ucs.json';

const WordsSchema = z.array(z.string().min(1));
const ValueSchema = z.object({ words: WordsSchema, catIds: z.array(z.string()).optional() });
const ClassEntrySchema = z.object({
  catIds: z.array(z.string().min(1)).min(1),
  words: WordsSchema,
  params: z.record(z.string(), z.record(z.string(), ValueSchema)),
});
const ClassMapSchema = z.object({
  numericWords: z.record(z.string(), z.object({ low: WordsSchema, high: WordsSchema })),
  classes: z.record(z.string(), ClassEntrySchema),
});
export type ClassMap = z.infer<typeof ClassMapSchema>;

/** Validated once at first use (data file shipped with the code, but still an edge). */
let cachedMap: ClassMap | undefined;
export function classMap(): ClassMap {
  if (!cachedMap) cachedMap = Object.freeze(ClassMapSchema.parse(classData)) as ClassMap;
  return cachedMap;
}

export interface ParamTerms {
  param: string;
  value: string;
  terms: string[];
  /** CatIDs that fit this value better than the class's general list */
  catIds: string[];
}

export interface LibraryQuery {
  classId: string;
  /** CatIDs of the class (a file with one of these is of the class) */
  catIds: string[];
  /** words that name the class */
  classTerms: string[];
  /** one group per parameter: a file matching any term of a group satisfies that parameter */
  paramGroups: ParamTerms[];
  /** free words from cue.sound.libraryQuery (all are wanted) */
  freeTerms: string[];
  /** beds want long files, hits want one-shot slices */
  wantsLoop: boolean;
}

type EnumSynonyms = Record<string, Record<string, string[]>>;

/** Enum synonyms per class from the procedural catalogue; empty when it cannot be loaded. */
let cachedSynonyms: Map<string, { synonyms: string[]; enums: EnumSynonyms }> | undefined;
function catalogueSynonyms(): Map<string, { synonyms: string[]; enums: EnumSynonyms }> {
  if (cachedSynonyms) return cachedSynonyms;
  cachedSynonyms = new Map();
  try {
    // loaded lazily: the library works (with its own table) even if the catalogue is missing
    const { loadCatalogue } = require('../procedural/catalogue') as typeof import('../procedural/catalogue');
    for (const cls of loadCatalogue().classes) {
      const enums: EnumSynonyms = {};
      for (const [name, spec] of Object.entries(cls.params)) if (spec.type === 'enum') enums[name] = spec.values;
      cachedSynonyms.set(cls.id, { synonyms: cls.synonyms, enums });
    }
  } catch {
    // keep the table's own words
  }
  return cachedSynonyms;
}

function unique(words: Iterable<string>): string[] {
  return [...new Set([...words].map((w) => w.toLowerCase().replace(/_/g, ' ').trim()).filter((w) => w.length > 0))];
}

export function knownClassIds(): string[] {
  return Object.keys(classMap().classes);
}

/** Builds the query for a cue; undefined when neither the class nor a library query is usable. */
export function buildCueQuery(cue: Pick<Cue, 'kind' | 'sound'>): LibraryQuery | undefined {
  const map = classMap();
  const classId = cue.sound.class;
  const entry = map.classes[classId];
  const fromCatalogue = catalogueSynonyms().get(classId);
  const freeTerms = unique((cue.sound.libraryQuery ?? '').split(/[\s,;]+/));
  if (!entry && freeTerms.length === 0) return undefined;
  const paramGroups: ParamTerms[] = [];
  for (const [param, raw] of Object.entries(cue.sound.params ?? {})) {
    if (typeof raw === 'string') {
      const value = raw.toLowerCase();
      const fromTable = entry?.params[param]?.[value];
      const fromCat = fromCatalogue?.enums[param]?.[value] ?? [];
      const terms = unique([value, ...(fromTable?.words ?? []), ...fromCat]);
      paramGroups.push({ param, value, terms, catIds: fromTable?.catIds ?? [] });
    } else if (typeof raw === 'number') {
      const words = map.numericWords[param];
      if (!words) continue;
      // only the ends of the range say something; the middle is "normal"
      if (raw >= 0.7) paramGroups.push({ param, value: String(raw), terms: unique(words.high), catIds: [] });
      else if (raw <= 0.3) paramGroups.push({ param, value: String(raw), terms: unique(words.low), catIds: [] });
    }
  }
  return {
    classId,
    catIds: entry ? [...entry.catIds] : [],
    classTerms: unique([...(entry?.words ?? []), ...(fromCatalogue?.synonyms ?? [])]),
    paramGroups,
    freeTerms,
    wantsLoop: cue.kind === 'loop' || cue.kind === 'ambience',
  };
}
