/**
 * Text understanding for the rule planner: a prompt, a marker comment or a narrative paragraph becomes a
 * list of TextIntents (class, params, confidence, negation, count, timing hints, span). Words are matched
 * lemmatized (compromise, see tokenize.ts) against the catalogue's synonyms; competing readings of one
 * word ("glass" the material, "glass" the breaking sound) are settled per clause by how much of the
 * clause each class explains — MINT-style content planning done with rules instead of a language model.
 */
import type { CueKind } from '../../contracts/plan';
import { loadCatalogue, type Catalogue } from '../generate/procedural/catalogue';
import { buildCatalogueIndex, matchPhrases, type CatalogueIndex, type PhraseMatch, type Reading } from './catalogueIndex';
import {
  ACTION_PARAMS,
  AMBIENCE_CUES,
  ANCHOR_WORDS,
  DIRECT_OBJECT_STARTS,
  POSSESSIVES,
  INTRANSITIVE_CLASSES,
  FREQUENCY_WORDS,
  GENERIC_VALUE_WORDS,
  LOCATIVE_PREPOSITIONS,
  MARKER_PREFIX,
  MODIFIERS,
  NEGATION_CUES,
  NEGATION_STOPS,
  NUMBER_WORDS,
  PLACE_PREPOSITIONS,
  PARAM_DIMENSIONS,
  PARAM_SUPPORT_WEIGHT,
  SEQUENCE_RELATIONS,
} from './lexicon';
import { tokenize, type Token } from './tokenize';

export interface TimingHint {
  /** rank of the clause among the clauses that name sounds (0 = first) */
  order: number;
  /** how many clauses name sounds in the whole text */
  of: number;
  relation: 'after' | 'during' | 'before' | null;
  anchor: 'start' | 'end' | null;
}

export interface TextIntent {
  class: string;
  kind: CueKind;
  /** enum values (canonical) and numbers set by the text; catalogue defaults are not filled in here */
  params: Record<string, string | number>;
  /** 0..1 */
  confidence: number;
  /** "no footsteps": the class must produce no cue at all */
  negated: boolean;
  /** "three knocks", "knocks twice"; null when the text gives no number */
  count: number | null;
  /** the class was named in the plural ("punches", "footsteps") */
  plural: boolean;
  timing: TimingHint;
  /** the clause that produced the intent, with character offsets in the given text */
  span: { start: number; end: number; text: string };
  /** the words that named the class */
  words: string[];
}

/** Minimum support for the first class of a clause, and for each further class. */
const FIRST_CLASS_SUPPORT = 0.45;
const NEXT_CLASS_SUPPORT = 0.8;
const IMPLIED_WEIGHT = 0.75;
/** Support from a value word of another class when this class has the same parameter and value. */
const CROSS_CLASS_WEIGHT = 0.4;

interface ClauseContext {
  tokens: readonly Token[];
  /** token indices inside some catalogue phrase */
  covered: ReadonlySet<number>;
  /** classes some word of the clause could name; only these make a word ambiguous */
  alive: Set<string>;
  /** sound words right after a thing that names a class ("heels clicking"): they describe it, never name another class */
  attached: Set<PhraseMatch>;
  index: CatalogueIndex;
  ambienceCue: boolean;
}

function isBed(index: CatalogueIndex, classId: string): boolean {
  const kind = index.classes.get(classId)?.kind;
  return kind === 'ambience' || kind === 'loop';
}

/** "in the rain", "at a busy station": a locative preposition a few words before the match. */
function hasLocative(tokens: readonly Token[], m: PhraseMatch): boolean {
  for (let k = m.first - 1; k >= Math.max(0, m.first - 4); k--) {
    const t = tokens[k];
    if (!t || t.clause !== tokens[m.first]?.clause) return false;
    if (LOCATIVE_PREPOSITIONS.has(t.normal)) return true;
    if (t.isVerb) return false;
  }
  return false;
}

/**
 * An adjective in front of a noun the catalogue knows ("busy street", "creaking floor") describes that
 * noun, it does not name a sound; in front of an unknown noun ("busy station") it is all we have.
 */
function isModifier(tokens: readonly Token[], covered: ReadonlySet<number>, m: PhraseMatch): boolean {
  const last = tokens[m.last];
  const next = tokens[m.last + 1];
  if (!last || !next || next.clause !== last.clause) return false;
  return last.isAdjective && !last.isNoun && next.isNoun && covered.has(m.last + 1);
}

function classesOf(readings: readonly Reading[]): Set<string> {
  return new Set(readings.map((r) => r.classId));
}

/** The match is the object of a place preposition ("on the window", "against the wall", "from the faucet"). */
function placeObject(tokens: readonly Token[], m: PhraseMatch): boolean {
  for (let k = m.first - 1; k >= Math.max(0, m.first - 3); k--) {
    const t = tokens[k];
    if (!t || t.clause !== tokens[m.first]?.clause) return false;
    if (PLACE_PREPOSITIONS.has(t.normal)) return true;
    if (t.isNoun || t.isVerb) return false;
  }
  return false;
}

/** A noun in front of a known noun ("rubber boots", "glass door") is part of a compound, not the thing itself. */
function isCompoundModifier(tokens: readonly Token[], covered: ReadonlySet<number>, m: PhraseMatch): boolean {
  const last = tokens[m.last];
  const next = tokens[m.last + 1];
  if (!last || !next || next.clause !== last.clause) return false;
  return (last.isNoun || last.isAdjective) && !last.isPlural && next.isNoun && covered.has(m.last + 1);
}

/**
 * How strongly one match speaks for one class, and whether it can name the class on its own. `extra` is
 * set when the clause already has a class: a bare sound verb then describes that thing ("the gate clangs").
 */
function weigh(ctx: ClauseContext, m: PhraseMatch, classId: string, extra = false): { weight: number; names: boolean; strong: boolean } {
  let ambiguity = 0;
  for (const c of classesOf(m.readings)) if (ctx.alive.has(c)) ambiguity += 1;
  ambiguity = Math.max(1, ambiguity);
  const modifier = isModifier(ctx.tokens, ctx.covered, m);
  const compound = modifier || isCompoundModifier(ctx.tokens, ctx.covered, m);
  const head = ctx.tokens[m.last];
  const verbOnly = extra && head !== undefined && head.isVerb && !head.isNoun;
  // "drops his keys": a verb with a direct object cannot name a class that only intransitive verbs name
  const after = ctx.tokens[m.last + 1];
  const transitive =
    head !== undefined && after !== undefined && after.clause === head.clause && DIRECT_OBJECT_STARTS.has(after.normal) && (head.isVerb || POSSESSIVES.has(after.normal));
  // "glass roof", "metal door": a material word in front of a noun describes it and names no sound
  const next = ctx.tokens[m.last + 1];
  const hasParam = m.readings.some((r) => r.kind === 'param');
  const describes =
    hasParam &&
    ((m.first === m.last && next !== undefined && next.clause === head?.clause && next.isNoun && !next.isVerb && !next.isPronoun && !ctx.covered.has(m.last + 1)) ||
      // "rain on the window", "water drips from the faucet": a place or source, not the sound
      placeObject(ctx.tokens, m));
  let weight = 0;
  let names = false;
  let strong = false;
  for (const r of m.readings) {
    if (r.classId !== classId) continue;
    if (r.kind === 'class' && !modifier && !(describes && !isBed(ctx.index, classId)) && !ctx.attached.has(m) && !(transitive && INTRANSITIVE_CLASSES.has(classId))) {
      // a setting ("in the rain", "street noise") names its bed in full; vague words ("in the air") do not
      const setting = isBed(ctx.index, classId) && (ctx.ambienceCue || ((!r.weak || head?.isAdjective === true) && hasLocative(ctx.tokens, m)));
      const w = (setting ? 1 : (r.weak ? 0.5 : 1) / ambiguity) * (verbOnly ? 0.5 : 1);
      weight = Math.max(weight, w);
      names = true;
      strong ||= !r.weak || setting;
    } else if (r.kind === 'param') {
      if (r.implies && !compound && !ctx.attached.has(m)) {
        weight = Math.max(weight, (IMPLIED_WEIGHT / ambiguity) * (verbOnly ? 0.5 : 1));
        names = true;
        strong = true;
      } else {
        const generic = GENERIC_VALUE_WORDS.has(head?.normal ?? '') ? 0.5 : 1;
        weight = Math.max(weight, ((PARAM_SUPPORT_WEIGHT[r.param] ?? 1) * generic) / ambiguity);
      }
    } else if (r.kind === 'number') {
      weight = Math.max(weight, 0.25 / ambiguity);
    }
  }
  // "a pot falls": the pot is metal for `impact`, and a falling thing with a material is an object drop
  if (weight === 0) {
    const cls = ctx.index.classes.get(classId);
    for (const r of m.readings) {
      if (r.kind !== 'param' || r.classId === classId) continue;
      const spec = cls?.params[r.param];
      if (spec?.type === 'enum' && r.value in spec.values) weight = Math.max(weight, CROSS_CLASS_WEIGHT / ambiguity);
    }
  }
  return { weight, names, strong };
}

/** Classes that some match of the clause could name (a class word, or a value word that implies it). */
function aliveClasses(ctx: ClauseContext, matches: readonly PhraseMatch[]): Set<string> {
  const out = new Set<string>();
  for (const m of matches) for (const r of m.readings) if (r.kind === 'class' || (r.kind === 'param' && r.implies)) out.add(r.classId);
  return out;
}

/**
 * "her heels clicking", "the gate clangs", "the ball hits the wall": a word right after a noun that names a
 * class, sharing no class with it, is that thing's sound.
 */
function attachedSounds(ctx: ClauseContext, matches: readonly PhraseMatch[]): Set<PhraseMatch> {
  const out = new Set<PhraseMatch>();
  for (let i = 1; i < matches.length; i++) {
    const n = matches[i - 1];
    const m = matches[i];
    if (!n || !m || m.first !== n.last + 1 || !ctx.tokens[n.last]?.isNoun) continue;
    const named = new Set(n.readings.filter((r) => r.kind === 'class' || (r.kind === 'param' && r.implies)).map((r) => r.classId));
    // only a noun that is nothing but that class ("heels", "gate"); "bottle" is also a material of other classes
    if (named.size === 0 || n.readings.some((r) => !named.has(r.classId)) || m.readings.some((r) => named.has(r.classId))) continue;
    // a singular value word ("rubber" boots) is the first half of a compound, not a subject
    if (!n.readings.some((r) => r.kind === 'class') && !ctx.tokens[n.last]?.isPlural) continue;
    out.add(m);
  }
  return out;
}

interface Selection {
  classId: string;
  support: number;
  matches: PhraseMatch[];
  /** matches that named the class */
  naming: PhraseMatch[];
}

/** Greedy explanation of a clause: repeatedly pick the class that accounts for most of the remaining words. */
function selectClasses(ctx: ClauseContext, matches: readonly PhraseMatch[]): Selection[] {
  const remaining = new Set(matches);
  const selections: Selection[] = [];
  for (;;) {
    let best: Selection | undefined;
    let bestStrong = false;
    const candidates = new Set<string>();
    for (const m of remaining) for (const r of m.readings) candidates.add(r.classId);
    for (const classId of candidates) {
      let support = 0;
      let strong = false;
      const own: PhraseMatch[] = [];
      const naming: PhraseMatch[] = [];
      for (const m of remaining) {
        const w = weigh(ctx, m, classId, selections.length > 0);
        if (w.weight <= 0 && !m.readings.some((r) => r.classId === classId)) continue;
        support += w.weight;
        own.push(m);
        if (w.names) naming.push(m);
        strong ||= w.strong;
      }
      if (naming.length === 0) continue;
      // weak words alone ("outside", "room") need corroboration
      if (!strong && support < 1) continue;
      if (!best || support > best.support + 1e-9) {
        best = { classId, support, matches: own, naming };
        bestStrong = strong;
      }
    }
    if (!best || !bestStrong && best.support < 1) break;
    if (best.support < (selections.length === 0 ? FIRST_CLASS_SUPPORT : NEXT_CLASS_SUPPORT)) break;
    selections.push(best);
    for (const m of best.matches) {
      // a bed named as a setting ("walks in the rain") stays available for its own class
      const keepsBed = m.readings.some((r) => r.kind === 'class' && r.classId !== best.classId && isBed(ctx.index, r.classId)) && (hasLocative(ctx.tokens, m) || ctx.ambienceCue) && !isBed(ctx.index, best.classId);
      if (!keepsBed) remaining.delete(m);
    }
  }
  return selections;
}

function parseCount(token: Token): number | null {
  if (/^\d+$/.test(token.normal)) {
    const n = Number(token.normal);
    return n > 0 && n <= 100 ? n : null;
  }
  return NUMBER_WORDS[token.normal] ?? null;
}

/** "three knocks", "3 loud knocks", "knocks twice", "knocks 3 times". */
function findCount(tokens: readonly Token[], clauseTokens: readonly number[], naming: readonly PhraseMatch[]): number | null {
  for (const m of naming) {
    for (let k = m.first - 1; k >= Math.max(0, m.first - 3); k--) {
      const t = tokens[k];
      if (!t || t.clause !== tokens[m.first]?.clause) break;
      const n = parseCount(t);
      if (n !== null) return n;
    }
  }
  for (const k of clauseTokens) {
    const t = tokens[k];
    if (!t) continue;
    const freq = FREQUENCY_WORDS[t.normal];
    if (freq !== undefined) return freq;
    const next = tokens[k + 1];
    if (next && (next.normal === 'times' || next.normal === 'time') && next.clause === t.clause) {
      const n = parseCount(t);
      if (n !== null) return n;
    }
  }
  return null;
}

/** Which matches fall inside a negation scope ("no footsteps or cloth", "without music"). */
function negatedTokens(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  let active = false;
  let clause = -1;
  tokens.forEach((t, k) => {
    if (t.clause !== clause) {
      active = false;
      clause = t.clause;
    }
    if (NEGATION_STOPS.has(t.normal)) active = false;
    if (NEGATION_CUES.has(t.normal) || t.isNegative) active = true;
    else if (active) out.add(k);
  });
  return out;
}

/**
 * One value per parameter: a word that is the value itself ("plastic", "gravel") beats one that implies
 * it ("bottle", "path"); specific words beat generic ones ("floor"); for actions the verb speaks; then
 * the head noun; then the later word.
 */
function pickParams(ctx: ClauseContext, selection: Selection, tokens: readonly Token[]): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  const rank: Record<string, number> = {};
  for (const m of selection.matches) {
    for (const r of m.readings) {
      if (r.classId !== selection.classId || r.kind === 'class') continue;
      const head = tokens[m.last];
      const words = tokens.slice(m.first, m.last + 1);
      const explicit = typeof r.value === 'string' && words.some((t) => t.forms.includes(r.value as string));
      const generic = words.every((t) => GENERIC_VALUE_WORDS.has(t.normal));
      const score =
        (explicit ? 4 : 0) +
        (generic ? 0 : 2) +
        (ACTION_PARAMS.has(r.param) && head?.isVerb ? 2 : 0) +
        (head?.isNoun ? 1 : 0) +
        (isModifier(tokens, ctx.covered, m) ? 0 : 0.5) +
        m.last / 1000;
      if (rank[r.param] === undefined || score > (rank[r.param] ?? 0)) {
        rank[r.param] = score;
        params[r.param] = r.value;
      }
    }
  }
  // a value another class read from the same words ("a pot falls": impact's metal) fills a gap
  const spec = ctx.index.classes.get(selection.classId)?.params ?? {};
  for (const m of selection.matches) {
    for (const r of m.readings) {
      const own = spec[r.kind === 'param' ? r.param : ''];
      if (r.kind !== 'param' || r.classId === selection.classId || r.param in params || own?.type !== 'enum' || !(r.value in own.values)) continue;
      params[r.param] = r.value;
    }
  }
  return params;
}

/** Intensity, speed, size, distance and density words go to the nearest class in the clause that has such a parameter. */
function applyModifiers(ctx: ClauseContext, clauseTokens: readonly number[], picked: Array<{ selection: Selection; params: Record<string, string | number> }>): void {
  for (const k of clauseTokens) {
    const t = ctx.tokens[k];
    if (!t) continue;
    const mod = MODIFIERS[t.normal];
    if (!mod) continue;
    let best: { params: Record<string, string | number>; param: string; value: number; distance: number } | undefined;
    for (const p of picked) {
      const cls = ctx.index.classes.get(p.selection.classId);
      if (!cls) continue;
      const distance = Math.min(...p.selection.naming.map((m) => Math.min(Math.abs(m.first - k), Math.abs(m.last - k))));
      for (const [param, spec] of Object.entries(cls.params)) {
        if (spec.type !== 'number') continue;
        const dim = PARAM_DIMENSIONS[param];
        const value = dim ? mod[dim] : undefined;
        if (value === undefined) continue;
        if (!best || distance < best.distance) best = { params: p.params, param, value: Math.min(spec.max, Math.max(spec.min, value)), distance };
        else if (best.params === p.params && distance === best.distance && !(best.param in p.params)) best = { params: p.params, param, value, distance };
      }
    }
    if (best && !(best.param in best.params)) best.params[best.param] = best.value;
    // one word may set several dimensions of the same class ("heavy" → force and size)
    if (best) {
      const cls = picked.find((p) => p.params === best?.params)?.selection.classId;
      const spec = cls ? ctx.index.classes.get(cls) : undefined;
      for (const [param, s] of Object.entries(spec?.params ?? {})) {
        const dim = PARAM_DIMENSIONS[param];
        const value = dim ? mod[dim] : undefined;
        if (s.type === 'number' && value !== undefined && !(param in best.params)) best.params[param] = Math.min(s.max, Math.max(s.min, value));
      }
    }
  }
}

/** Removes a marker prefix such as "SFX:" or "Foley -". */
export function stripMarkerPrefix(text: string): string {
  return text.replace(MARKER_PREFIX, '');
}

/**
 * Reads a prompt, marker comment or narrative. Intents come out in text order; a class named twice in
 * one sentence gives one intent. Negated intents carry `negated: true` and no parameters.
 */
export function understandText(text: string, catalogue: Catalogue = loadCatalogue()): TextIntent[] {
  const index = buildCatalogueIndex(catalogue);
  const body = stripMarkerPrefix(text);
  const offset = text.length - body.length;
  if (!body.trim()) return [];
  const tokens = tokenize(body);
  const matches = matchPhrases(index, tokens);
  const negated = negatedTokens(tokens);
  const covered = new Set<number>();
  for (const m of matches) for (let k = m.first; k <= m.last; k++) covered.add(k);

  const byClause = new Map<number, { tokens: number[]; positive: PhraseMatch[]; negative: PhraseMatch[] }>();
  tokens.forEach((t, k) => {
    let c = byClause.get(t.clause);
    if (!c) byClause.set(t.clause, (c = { tokens: [], positive: [], negative: [] }));
    c.tokens.push(k);
  });
  for (const m of matches) {
    const c = byClause.get(tokens[m.first]?.clause ?? -1);
    if (c) (negated.has(m.first) ? c.negative : c.positive).push(m);
  }

  const raw: Array<Omit<TextIntent, 'timing'> & { clause: number; sentence: number; relation: TimingHint['relation']; anchor: TimingHint['anchor'] }> = [];
  const orphans: Array<{ clause: number; sentence: number; matches: PhraseMatch[]; tokens: number[] }> = [];
  for (const [clause, c] of byClause) {
    const ctx: ClauseContext = { tokens, covered, alive: new Set(), attached: new Set(), index, ambienceCue: c.tokens.some((k) => AMBIENCE_CUES.has(tokens[k]?.normal ?? '')) };
    ctx.alive = aliveClasses(ctx, [...c.positive, ...c.negative]);
    ctx.attached = attachedSounds(ctx, c.positive);
    const firstTok = tokens[c.tokens[0] ?? 0];
    const lastTok = tokens[c.tokens[c.tokens.length - 1] ?? 0];
    if (!firstTok || !lastTok) continue;
    const span = { start: offset + firstTok.start, end: offset + lastTok.end, text: body.slice(firstTok.start, lastTok.end) };
    let relation: TimingHint['relation'] = null;
    let anchor: TimingHint['anchor'] = null;
    for (const k of c.tokens.slice(0, 3)) relation ??= SEQUENCE_RELATIONS[tokens[k]?.normal ?? ''] ?? null;
    for (const k of c.tokens) anchor ??= ANCHOR_WORDS[tokens[k]?.normal ?? ''] ?? null;

    const picked = selectClasses(ctx, c.positive).map((selection) => ({ selection, params: pickParams(ctx, selection, tokens) }));
    applyModifiers(ctx, c.tokens, picked);
    if (picked.length === 0) orphans.push({ clause, sentence: firstTok.sentence, matches: c.positive, tokens: c.tokens });
    for (const { selection, params } of picked) {
      const cls = index.classes.get(selection.classId);
      if (!cls) continue;
      raw.push({
        class: cls.id,
        kind: cls.kind,
        params,
        confidence: Math.round(Math.min(0.95, Math.max(0.3, 0.35 + 0.4 * selection.support)) * 100) / 100,
        negated: false,
        count: findCount(tokens, c.tokens, selection.naming),
        plural: selection.naming.some((m) => tokens[m.last]?.isPlural === true),
        span,
        words: selection.naming.map((m) => tokens.slice(m.first, m.last + 1).map((t) => t.text).join(' ')),
        clause,
        sentence: firstTok.sentence,
        relation,
        anchor,
      });
    }
    for (const selection of selectClasses(ctx, c.negative)) {
      const cls = index.classes.get(selection.classId);
      if (!cls) continue;
      raw.push({
        class: cls.id, kind: cls.kind, params: {}, confidence: 0.9, negated: true, count: null, plural: false, span,
        words: selection.naming.map((m) => tokens.slice(m.first, m.last + 1).map((t) => t.text).join(' ')),
        clause, sentence: firstTok.sentence, relation, anchor,
      });
    }
  }

  // clauses that name no sound still describe one nearby: "A saloon door swings | and creaks", "Far away, | thunder rolls"
  for (const o of orphans) {
    const near = raw
      .filter((r) => r.sentence === o.sentence && !r.negated)
      .sort((a, b) => Math.abs(a.clause - o.clause) - Math.abs(b.clause - o.clause));
    for (const m of o.matches) {
      for (const r of m.readings) {
        if (r.kind === 'class') continue;
        const target = near.find((i) => i.class === r.classId && !(r.param in i.params));
        if (target) target.params[r.param] = r.value;
      }
    }
    for (const k of o.tokens) {
      const mod = MODIFIERS[tokens[k]?.normal ?? ''];
      if (!mod) continue;
      for (const intent of near) {
        const spec = index.classes.get(intent.class)?.params ?? {};
        const hit = Object.entries(spec).find(([name, ps]) => ps.type === 'number' && !(name in intent.params) && PARAM_DIMENSIONS[name] !== undefined && mod[PARAM_DIMENSIONS[name] as keyof typeof mod] !== undefined);
        if (!hit) continue;
        const [name] = hit;
        intent.params[name] = mod[PARAM_DIMENSIONS[name] as keyof typeof mod] as number;
        break;
      }
    }
  }

  // one intent per class and polarity per sentence: later mentions add parameters the first one lacks
  const merged: typeof raw = [];
  for (const r of raw) {
    const same = merged.find((m) => m.sentence === r.sentence && m.class === r.class && m.negated === r.negated);
    if (!same) {
      merged.push({ ...r, params: { ...r.params }, words: [...r.words] });
      continue;
    }
    for (const [k, v] of Object.entries(r.params)) if (!(k in same.params)) same.params[k] = v;
    same.count = same.count ?? r.count;
    same.plural ||= r.plural;
    same.confidence = Math.max(same.confidence, r.confidence);
    same.words.push(...r.words);
  }
  const clauses = [...new Set(merged.filter((m) => !m.negated).map((m) => m.clause))].sort((a, b) => a - b);
  return merged.map(({ clause, sentence: _sentence, relation, anchor, ...intent }) => ({
    ...intent,
    timing: { order: Math.max(0, clauses.indexOf(clause)), of: Math.max(1, clauses.length), relation, anchor },
  }));
}
