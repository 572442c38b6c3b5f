/**
 * Text understanding for the rule planner: a prompt, a marker comment or a narrative paragraph becomes a
 * list of TextIntents (class, params, confidence, negation, count, timing hints, span). Words are matched
 * lemmatized (compromise, see tokenize.ts) against the catalogue's synonyms; competing readings of one
 * word ("glass" the material, "glass" the breaking sound) are settled per clause by how much of the
 * clause each class explains — MINT-style content planning done with rules instead of a language model.
 */
import type { CueKind } from '../../contracts/plan';
import { loadCatalogue, type Catalogue } from '../generate/procedural/catalogue';
import { buildCatalogueIndex, matchPhrases, type PhraseMatch } from './catalogueIndex';
import { happeningOrder } from './clauseOrder';
import { aliveClasses, attachedSounds, isModifier, selectClasses, type ClauseContext, type Selection } from './readClause';
import {
  ACTION_PARAMS,
  AMBIENCE_CUES,
  ANCHOR_WORDS,
  CONTAINED_SOUNDS,
  FREQUENCY_WORDS,
  GENERIC_VALUE_WORDS,
  MARKER_PREFIX,
  MODIFIERS,
  NEGATION_CUES,
  NEGATION_STOPS,
  NUMBER_WORDS,
  ONGOING_CLASSES,
  PARAM_DIMENSIONS,
  SCENE_PARAMS,
  SEQUENCE_RELATIONS,
} from './lexicon';
import { findRepeatMarks } from './repeatMarks';
import { findTimeExpressions, maskTimeExpressions, type TextTime } from './timeExpressions';
import { tokenize, type Token } from './tokenize';
import { unheardSounds, type ClauseReading } from './unheardSounds';

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
  /** an explicit time in the clause ("at 3s", "at 00:00:02:12"): seconds from the range start, bound like a marker */
  at?: TextTime;
}

function parseCount(token: Token): number | null {
  if (/^\d+$/.test(token.normal)) {
    const n = Number(token.normal);
    return n > 0 && n <= 100 ? n : null;
  }
  return NUMBER_WORDS[token.normal] ?? null;
}

/** "5 second", "3 minutes": a number that measures time is no count ("a 5 second whoosh") */
const TIME_UNIT_WORDS: ReadonlySet<string> = new Set(['s', 'sec', 'secs', 'second', 'seconds', 'ms', 'millisecond', 'milliseconds', 'minute', 'minutes', 'min', 'mins', 'frame', 'frames']);

/** "three knocks", "3 loud knocks", "knocks twice", "knocks 3 times". */
function findCount(tokens: readonly Token[], clauseTokens: readonly number[], naming: readonly PhraseMatch[]): number | null {
  for (const m of naming) {
    for (let k = m.first - 1; k >= Math.max(0, m.first - 3); k--) {
      const t = tokens[k];
      if (!t || t.clause !== tokens[m.first]?.clause) break;
      if (TIME_UNIT_WORDS.has(tokens[k + 1]?.normal ?? '')) continue;
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

/**
 * The clause each time expression (or repeat mark) belongs to: the one it ends ("a door slams at 3s, then…"),
 * or the one it opens when punctuation or the sentence start comes first ("At 3s, a door slams").
 */
function byOwnerClause<T extends { start: number; end: number }, V>(body: string, tokens: readonly Token[], found: readonly T[], value: (e: T) => V): Map<number, V> {
  const out = new Map<number, V>();
  for (const e of found) {
    let before: Token | undefined;
    let after: Token | undefined;
    for (const t of tokens) {
      if (t.end <= e.start) before = t;
      else if (t.start >= e.end) {
        after = t;
        break;
      }
    }
    const gap = before ? body.slice(before.end, e.start) : '';
    const owner = before !== undefined && !/[,;:.!?()]/.test(gap) ? before : after ?? before;
    if (owner && !out.has(owner.clause)) out.set(owner.clause, value(e));
  }
  return out;
}

/** Removes a marker prefix such as "SFX:" or "Foley -". */
export function stripMarkerPrefix(text: string): string {
  return text.replace(MARKER_PREFIX, '');
}

export interface TextReading {
  intents: TextIntent[];
  /** sounds the text asks for that no catalogue class makes ("phone rings"), in text order */
  unheard: string[];
}

/**
 * Reads a prompt, marker comment or narrative. Intents come out in text order; a class named twice in
 * one sentence gives one intent. Negated intents carry `negated: true` and no parameters.
 */
export function understandText(text: string, catalogue: Catalogue = loadCatalogue()): TextIntent[] {
  return understandTextDetailed(text, catalogue).intents;
}

/** understandText plus the sounds it could not place in the catalogue (for notices to the editor). */
export function understandTextDetailed(text: string, catalogue: Catalogue = loadCatalogue()): TextReading {
  const index = buildCatalogueIndex(catalogue);
  const body = stripMarkerPrefix(text);
  const offset = text.length - body.length;
  if (!body.trim()) return { intents: [], unheard: [] };
  const found = findTimeExpressions(body);
  const marks = findRepeatMarks(body);
  // times and repeat marks are read here and blanked for the tokenizer, so "5.5s" is no number word,
  // "00:00:02:12" no clause break and "x3" no noun
  const blanked = [...found, ...marks];
  const tokens = tokenize(blanked.length > 0 ? maskTimeExpressions(body, blanked) : body);
  const clauseTimes = byOwnerClause(body, tokens, found, (e) => e.at);
  const clauseCounts = byOwnerClause(body, tokens, marks, (e) => e.count);
  const matches = matchPhrases(index, tokens);
  const negated = negatedTokens(tokens);
  const matchAt = new Map(matches.map((m) => [m.first, m]));
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

  // what each sentence's clauses could name, so a clause can tell which things are already in the scene
  const aliveByClause = new Map<number, Set<string>>();
  for (const [clause, c] of byClause) aliveByClause.set(clause, aliveClasses(c.positive));
  const sceneOf = (clause: number, sentence: number): Set<string> => {
    const out = new Set<string>();
    for (const [other, alive] of aliveByClause) if (other !== clause && tokens[byClause.get(other)?.tokens[0] ?? -1]?.sentence === sentence) for (const a of alive) out.add(a);
    return out;
  };

  /** `bare`: the clause is nothing but the words that name the class, a list item ("Punch, punch, body fall") */
  const raw: Array<Omit<TextIntent, 'timing'> & { clause: number; sentence: number; relation: TimingHint['relation']; anchor: TimingHint['anchor']; bare?: boolean }> = [];
  const orphans: Array<{ clause: number; sentence: number; matches: PhraseMatch[]; tokens: number[]; span: TextIntent['span']; relation: TimingHint['relation']; anchor: TimingHint['anchor'] }> = [];
  const readings: ClauseReading[] = [];
  for (const [clause, c] of byClause) {
    const sentence = tokens[c.tokens[0] ?? -1]?.sentence ?? -1;
    const ctx: ClauseContext = { tokens, covered, alive: new Set(), attached: new Set(), index, ambienceCue: c.tokens.some((k) => AMBIENCE_CUES.has(tokens[k]?.normal ?? '')), scene: sceneOf(clause, sentence), matchAt };
    ctx.alive = aliveClasses([...c.positive, ...c.negative]);
    ctx.attached = attachedSounds(ctx, c.positive);
    const firstTok = tokens[c.tokens[0] ?? 0];
    const lastTok = tokens[c.tokens[c.tokens.length - 1] ?? 0];
    if (!firstTok || !lastTok) continue;
    const span = { start: offset + firstTok.start, end: offset + lastTok.end, text: body.slice(firstTok.start, lastTok.end) };
    let relation: TimingHint['relation'] = null;
    let anchor: TimingHint['anchor'] = null;
    for (const k of c.tokens.slice(0, 3)) relation ??= SEQUENCE_RELATIONS[tokens[k]?.normal ?? ''] ?? null;
    const selected = selectClasses(ctx, c.positive);
    const picked = selected
      .filter((s) => !selected.some((o) => CONTAINED_SOUNDS[o.classId]?.includes(s.classId)))
      .map((selection) => ({ selection, params: pickParams(ctx, selection, tokens) }));
    // "the scene opens" pins the clause to the start; "the door opens" is the door's sound, not an anchor
    const sounding = new Set(picked.flatMap((p) => p.selection.matches.flatMap((m) => Array.from({ length: m.last - m.first + 1 }, (_, i) => m.first + i))));
    for (const k of c.tokens) if (!sounding.has(k)) anchor ??= ANCHOR_WORDS[tokens[k]?.normal ?? ''] ?? null;
    applyModifiers(ctx, c.tokens, picked);
    if (picked.length === 0) orphans.push({ clause, sentence: firstTok.sentence, matches: c.positive, tokens: c.tokens, span, relation, anchor });
    readings.push({ tokens: c.tokens, sentence: firstTok.sentence, named: picked.length > 0 });
    // "fire crackling, clock ticking on the mantelpiece": a state of the scene said as an -ing form with no verb of
    // its own, and no sequence word, goes on during the clause before it rather than after it
    const finiteVerb = c.tokens.some((k) => tokens[k]?.isVerb === true && !tokens[k]?.normal.endsWith('ing'));
    const ongoing = (s: Selection): boolean => relation === null && !finiteVerb && ONGOING_CLASSES.has(s.classId) && s.naming.some((m) => tokens[m.last]?.normal.endsWith('ing') === true);
    for (const { selection, params } of picked) {
      const cls = index.classes.get(selection.classId);
      if (!cls) continue;
      raw.push({
        class: cls.id,
        kind: cls.kind,
        params,
        confidence: Math.round(Math.min(0.95, Math.max(0.3, 0.35 + 0.4 * selection.support)) * 100) / 100,
        negated: false,
        count: clauseCounts.get(clause) ?? findCount(tokens, c.tokens, selection.naming),
        plural: selection.naming.some((m) => tokens[m.last]?.isPlural === true),
        span,
        words: selection.naming.map((m) => tokens.slice(m.first, m.last + 1).map((t) => t.text).join(' ')),
        clause,
        sentence: firstTok.sentence,
        relation: ongoing(selection) ? 'during' : relation,
        anchor,
        bare: c.tokens.every((k) => selection.naming.some((m) => m.first <= k && k <= m.last)),
        ...(clauseTimes.has(clause) ? { at: clauseTimes.get(clause) } : {}),
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
        if (target) {
          target.params[r.param] = r.value;
          continue;
        }
        // "Car door opens, | closes": another action of a thing the sentence named, said as a verb, is another sound
        const other = near.find((i) => i.class === r.classId && ACTION_PARAMS.has(r.param) && i.params[r.param] !== r.value);
        if (!other || !tokens[m.last]?.isVerb || raw.some((i) => i.clause === o.clause && i.class === r.classId)) continue;
        const words = [tokens.slice(m.first, m.last + 1).map((t) => t.text).join(' ')];
        raw.push({ ...other, params: { ...other.params, [r.param]: r.value }, count: null, plural: false, words, span: o.span, clause: o.clause, relation: o.relation, anchor: o.anchor });
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

  // the floor of the scene: a surface said anywhere in the sentence ("shatters on the tiles, then walks out in
  // heels") is the surface of the steps or falls in it that name none of their own
  for (const r of raw) {
    if (r.negated) continue;
    for (const param of SCENE_PARAMS) {
      if (param in r.params || !(param in (index.classes.get(r.class)?.params ?? {}))) continue;
      const said = matches.find((m) => tokens[m.first]?.sentence === r.sentence && !negated.has(m.first) && m.readings.some((x) => x.kind === 'param' && x.classId === r.class && x.param === param));
      const reading = said?.readings.find((x) => x.kind === 'param' && x.classId === r.class && x.param === param);
      if (reading?.kind === 'param' && !GENERIC_VALUE_WORDS.has(tokens[said?.last ?? -1]?.normal ?? '')) r.params[param] = reading.value;
    }
  }

  // one intent per class and polarity per sentence: later mentions add parameters the first one lacks
  raw.sort((a, b) => a.clause - b.clause);
  const merged: typeof raw = [];
  for (const r of raw) {
    // "a knock at 1s, then another at 3s": two times are two intents
    // "the door creaks open, then slams shut": two different actions of one thing are two sounds
    const sameAction = (m: (typeof raw)[number]): boolean => Object.entries(r.params).every(([k, v]) => !ACTION_PARAMS.has(k) || m.params[k] === undefined || m.params[k] === v);
    // "2 knocks, a pause, one more knock": two counts are two groups
    const same = merged.find(
      (m) => m.sentence === r.sentence && m.class === r.class && m.negated === r.negated && (m.at === undefined || r.at === undefined || m.at === r.at) && sameAction(m) && (m.count === null || r.count === null),
    );
    if (!same) {
      merged.push({ ...r, params: { ...r.params }, words: [...r.words] });
      continue;
    }
    for (const [k, v] of Object.entries(r.params)) if (!(k in same.params)) same.params[k] = v;
    // "Punch, punch, body fall": a list that names a sound again names it once more
    same.count = same.bare && r.bare ? (same.count ?? 1) + (r.count ?? 1) : same.count ?? r.count;
    same.plural ||= r.plural;
    same.confidence = Math.max(same.confidence, r.confidence);
    same.words.push(...r.words);
    same.at ??= r.at;
  }
  const written = [...new Set(merged.filter((m) => !m.negated).map((m) => m.clause))].sort((a, b) => a - b);
  const firstToken = (clause: number): number => byClause.get(clause)?.tokens[0] ?? 0;
  const { order: clauses, moved } = happeningOrder(
    tokens,
    written.map((clause) => ({ clause, first: firstToken(clause), sentence: tokens[firstToken(clause)]?.sentence ?? -1 })),
  );
  // "while", "as", "meanwhile": a clause that happens during the one before shares its stretch of the range
  const relationOf = (clause: number): TimingHint['relation'] => moved.get(clause) ?? merged.find((m) => m.clause === clause)?.relation ?? null;
  const slot = new Map<number, number>();
  clauses.forEach((clause, i) => slot.set(clause, i === 0 ? 0 : (slot.get(clauses[i - 1] as number) ?? 0) + (relationOf(clause) === 'during' ? 0 : 1)));
  const slots = clauses.length === 0 ? 1 : (slot.get(clauses[clauses.length - 1] as number) ?? 0) + 1;
  const intents = merged.map(({ clause, sentence: _sentence, relation, anchor, bare: _bare, ...intent }) => ({
    ...intent,
    timing: { order: slot.get(clause) ?? 0, of: slots, relation: moved.get(clause) ?? relation, anchor },
  }));
  return { intents, unheard: unheardSounds(body, tokens, readings, covered, negated) };
}
