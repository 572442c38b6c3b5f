/**
 * Reading one clause: which catalogue classes its words name. Every phrase match can mean several
 * things ("glass" the breaking sound, "glass" the material); the clause is explained greedily by the
 * class that accounts for most of its remaining words, with weights for ambiguity, vague words, implied
 * classes, settings, modifiers, compounds and describing words. Used by understandText.ts.
 */
import type { CatalogueIndex, PhraseMatch, Reading } from './catalogueIndex';
import {
  ACTION_PARAMS,
  AMBIENCE_CUES,
  DIRECT_OBJECT_STARTS,
  GENERIC_VALUE_WORDS,
  CONJUNCTIONS,
  INTRANSITIVE_CLASSES,
  LOCATIVE_PREPOSITIONS,
  PARAM_SUPPORT_WEIGHT,
  PLACE_PREPOSITIONS,
  PERSON_NOUNS,
  POSSESSIVES,
  STRONG_AS_VERB,
  THING_NOUNS,
  THING_ONLY_CLASSES,
} from './lexicon';
import type { Token } from './tokenize';

/** Minimum support for the first class of a clause, and for each further class. */
const FIRST_CLASS_SUPPORT = 0.45;
const NEXT_CLASS_SUPPORT = 0.8;
const IMPLIED_WEIGHT = 0.75;
/** Support from a value word of another class when this class has the same parameter and value. */
const CROSS_CLASS_WEIGHT = 0.4;

export interface ClauseContext {
  tokens: readonly Token[];
  /** token indices inside some catalogue phrase */
  covered: ReadonlySet<number>;
  /** classes some word of the clause could name; only these make a word ambiguous */
  alive: Set<string>;
  /** sound words right after a thing that names a class ("heels clicking"): they describe it, never name another class */
  attached: Set<PhraseMatch>;
  index: CatalogueIndex;
  ambienceCue: boolean;
  /** classes some word in the other clauses of the sentence could name: the things already in the scene */
  scene: ReadonlySet<string>;
  /** every phrase match of the text by its first token */
  matchAt: ReadonlyMap<number, PhraseMatch>;
}

export function isBed(index: CatalogueIndex, classId: string): boolean {
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
export function isModifier(tokens: readonly Token[], covered: ReadonlySet<number>, m: PhraseMatch): boolean {
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
 * "the fridge door", "the office door", "a rain jacket": a singular noun that names a bed, right before a noun
 * the catalogue knows as a sounding thing, is the first half of that thing's name, not the bed.
 */
function bedBeforeThing(ctx: ClauseContext, m: PhraseMatch): boolean {
  const last = ctx.tokens[m.last];
  const next = ctx.tokens[m.last + 1];
  if (!last || !next || next.clause !== last.clause || !last.isNoun || last.isPlural || !next.isNoun || !ctx.covered.has(m.last + 1)) return false;
  return isPlainNoun(next);
}

/** "the locker room", "the hotel lobby": a singular noun right before a noun that names a bed is the name of a place. */
function thingBeforeBed(ctx: ClauseContext, m: PhraseMatch): boolean {
  const last = ctx.tokens[m.last];
  const next = ctx.matchAt.get(m.last + 1);
  if (!last || !next || m.first !== m.last || !last.isNoun || last.isPlural || ctx.tokens[next.first]?.clause !== last.clause || !ctx.tokens[next.first]?.isNoun) return false;
  return next.readings.some((r) => r.kind === 'class' && isBed(ctx.index, r.classId));
}

/** A noun as written, no inflection ("door", not "clangs" or "clicking", which the tagger may also call nouns). */
function isPlainNoun(t: Token): boolean {
  return t.isNoun && !t.isVerb && t.forms.length === 1;
}

/**
 * Who does what a verb says (its token index): the noun or pronoun right before it in its clause, or, for a verb
 * that opens an "and" clause with no subject of its own ("He doubles over | and drops to his knees"), the
 * sentence's subject.
 */
function subjectOf(tokens: readonly Token[], m: PhraseMatch): number | undefined {
  const before = tokens[m.first - 1];
  const verb = tokens[m.first];
  // only verbs have subjects; the tagger calls some of them nouns ("the vase falls", "the wipers squeak"): an
  // inflected -s form, or a word right after a plural noun, is a verb all the same
  if (!before || !verb || !(verb.isVerb || (verb.normal.endsWith('s') && verb.forms.length > 1) || (before.isPlural && before.clause === verb.clause))) return undefined;
  if (before.clause === tokens[m.first]?.clause && (before.isNoun || before.isPronoun) && !CONJUNCTIONS.has(before.normal)) return m.first - 1;
  if (!CONJUNCTIONS.has(before.normal)) return undefined;
  const sentence = tokens[m.first]?.sentence;
  const k = tokens.findIndex((t) => t.sentence === sentence && (t.isNoun || t.isPronoun));
  return k >= 0 && k < m.first ? k : undefined;
}

/**
 * Who the subject of a verb match is (one look-up for both questions): `person` for a person ("he", "Sarah",
 * "the body", "the hiker"); `thing` (its token index) for a noun the tagger does not call a person or a name,
 * no pronoun, no PERSON_NOUNS word.
 */
function subjectKind(tokens: readonly Token[], m: PhraseMatch): { person: boolean; thing: number | undefined } {
  const k = subjectOf(tokens, m);
  const subject = k === undefined ? undefined : tokens[k];
  if (!subject) return { person: false, thing: undefined };
  const personNoun = subject.forms.some((f) => PERSON_NOUNS.has(f));
  const person = subject.isPerson || (subject.isPronoun && !subject.forms.includes('it')) || personNoun;
  const thing = subject.isNoun && !subject.isPronoun && !subject.isPerson && !personNoun ? k : undefined;
  return { person, thing };
}

/**
 * How strongly one match speaks for one class, and whether it can name the class on its own. `extra` is
 * set when the clause already has a class: a bare sound verb then describes that thing ("the gate clangs").
 */
function weigh(ctx: ClauseContext, m: PhraseMatch, classId: string, extra = false): { weight: number; names: boolean; strong: boolean } {
  const head = ctx.tokens[m.last];
  // "drops his keys": a verb with a direct object cannot name a class that only intransitive verbs name
  const after = ctx.tokens[m.last + 1];
  // the tagger reads some verbs as nouns ("drops a glass"); an -s word right before a determiner is a verb all the same
  const transitive =
    head !== undefined &&
    after !== undefined &&
    after.clause === head.clause &&
    DIRECT_OBJECT_STARTS.has(after.normal) &&
    (head.isVerb || POSSESSIVES.has(after.normal) || (head.normal.endsWith('s') && head.forms.length > 1));
  // "the vase falls": a thing falling is an object drop; only people fall as bodies
  const { person: byPerson, thing: nonPerson } = subjectKind(ctx.tokens, m);
  // a thing we know as one: an object or material of the catalogue ("the book falls") or a THING_NOUNS word ("the
  // vase falls"); any other noun may be a person the tagger does not know ("the thug falls down")
  const subject = nonPerson === undefined ? undefined : ctx.tokens[nonPerson];
  const fallsAsThing =
    nonPerson !== undefined && (ctx.matchAt.get(nonPerson)?.readings.some((r) => r.kind === 'param') === true || subject?.forms.some((f) => THING_NOUNS.has(f)) === true);
  // such a class is no competing reading either ("she drops her bag" is an object drop, however vague the bag)
  // "the stranger bursts through the doors": people do not explode
  const impossible = (c: string): boolean => ((transitive || fallsAsThing) && INTRANSITIVE_CLASSES.has(c)) || (byPerson && THING_ONLY_CLASSES.has(c));
  // "the body hits the floor", "he falls": a person landing is a body fall, not an impact or an object drop
  const personLands = !transitive && byPerson && m.readings.some((r) => r.kind === 'class' && INTRANSITIVE_CLASSES.has(r.classId));
  // a word that says how a thing already in the scene sounds is that thing's sound ("it creaks open after the
  // knock": a door knock, not a bare impact); only for value words, so "drops" near a stream stays a drop
  const own = classesOf(m.readings);
  const inScene =
    ctx.scene.has(classId) &&
    m.readings.some((r) => r.classId === classId && r.kind === 'param' && r.implies) &&
    [...own].some((c) => c !== classId && ctx.alive.has(c) && !ctx.scene.has(c));
  let ambiguity = 0;
  for (const c of own) if (ctx.alive.has(c) && (!inScene || ctx.scene.has(c)) && !impossible(c)) ambiguity += 1;
  ambiguity = Math.max(1, ambiguity);
  const modifier = isModifier(ctx.tokens, ctx.covered, m);
  const compound = modifier || isCompoundModifier(ctx.tokens, ctx.covered, m);
  // a bare verb only: a catalogue phrase of several words names the thing with its sound ("keyboard typing",
  // "fire crackling", even when the tagger reads the first word as a verb) and counts in full
  const verbOnly = extra && m.first === m.last && head !== undefined && head.isVerb && !head.isNoun;
  // "glass roof", "metal door": a material word in front of a noun describes it and names no sound
  const next = ctx.tokens[m.last + 1];
  const hasParam = m.readings.some((r) => r.kind === 'param');
  // "pages flutter", "birds sing": a bare word after a plural is its verb, whatever the tagger says
  const verbAfterPlural = head?.isPlural === true && next !== undefined && !next.isPlural && !next.normal.endsWith('s');
  const describes =
    hasParam &&
    ((m.first === m.last && next !== undefined && next.clause === head?.clause && next.isNoun && !next.isVerb && !next.isPronoun && !ctx.covered.has(m.last + 1) && !verbAfterPlural) ||
      // "rain on the window", "water drips from the faucet": a place or source, not the sound
      placeObject(ctx.tokens, m));
  // "air conditioner", "room service", "street lamp": a vague noun in front of a noun the catalogue does not know
  // is the first half of that thing's name, not a sound (the sound word after it, "hum", may still be a cue)
  const namesUnknownThing = m.first === m.last && head?.isNoun === true && !head.isAdjective && next !== undefined && next.clause === head?.clause && next.isNoun && !next.isVerb && !next.isPronoun && !ctx.covered.has(m.last + 1) && !AMBIENCE_CUES.has(next.normal) && !verbAfterPlural;
  // whether a class word of this match can name `classId` here at all (the same for every reading of it)
  const bed = isBed(ctx.index, classId);
  const classWordNames =
    !modifier &&
    !(describes && !bed) &&
    !ctx.attached.has(m) &&
    !impossible(classId) &&
    !(personLands && !INTRANSITIVE_CLASSES.has(classId)) &&
    !(bed ? bedBeforeThing(ctx, m) : thingBeforeBed(ctx, m));
  let weight = 0;
  let names = false;
  let strong = false;
  for (const r of m.readings) {
    if (r.classId !== classId) continue;
    if (r.kind === 'class' && r.weak && namesUnknownThing) continue;
    if (r.kind === 'class' && classWordNames) {
      // a setting ("in the rain", "street noise") names its bed in full; vague words ("in the air") do not
      const setting = bed && (ctx.ambienceCue || ((!r.weak || head?.isAdjective === true) && hasLocative(ctx.tokens, m)));
      // "John types": some vague words are plain about their class as verbs
      const weak = r.weak && !(head?.isVerb === true && head.forms.some((f) => STRONG_AS_VERB.has(f)));
      const w = (setting ? 1 : (weak ? 0.5 : 1) / (personLands ? 1 : ambiguity)) * (verbOnly ? 0.5 : 1);
      weight = Math.max(weight, w);
      names = true;
      strong ||= !weak || setting;
    } else if (r.kind === 'param') {
      // "the wipers squeak": a sound word right after a thing the catalogue does not know is that thing's sound
      if (r.implies && !compound && !ctx.attached.has(m) && !(nonPerson !== undefined && !ctx.covered.has(nonPerson))) {
        // "someone is knocking", "the old man knocks twice": what a person does with no object is that action of
        // its class (a door knock), not the bare catch-all word
        const personActs = byPerson && !transitive && ctx.tokens[m.first]?.isVerb === true;
        weight = Math.max(weight, (IMPLIED_WEIGHT / (personActs ? 1 : ambiguity)) * (verbOnly ? 0.5 : 1));
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
export function aliveClasses(matches: readonly PhraseMatch[]): Set<string> {
  const out = new Set<string>();
  for (const m of matches) for (const r of m.readings) if (r.kind === 'class' || (r.kind === 'param' && r.implies)) out.add(r.classId);
  return out;
}

/**
 * "her heels clicking", "the gate clangs", "the ball hits the wall": a word right after a noun that names a
 * class, sharing no class with it, is that thing's sound.
 */
export function attachedSounds(ctx: ClauseContext, matches: readonly PhraseMatch[]): Set<PhraseMatch> {
  const out = new Set<PhraseMatch>();
  for (let i = 1; i < matches.length; i++) {
    const n = matches[i - 1];
    const m = matches[i];
    if (!n || !m || m.first !== n.last + 1 || !ctx.tokens[n.last]?.isNoun) continue;
    // a plain noun after a singular noun is the head of a compound ("the fridge door"), not the first thing's
    // sound; after a plural it is the verb ("bare feet slap")
    const head = ctx.tokens[m.first];
    if (head && m.first === m.last && isPlainNoun(head) && !ctx.tokens[n.last]?.isPlural) continue;
    const named = new Set(n.readings.filter((r) => r.kind === 'class' || (r.kind === 'param' && r.implies)).map((r) => r.classId));
    // only a noun that is nothing but that class ("heels", "gate"); "bottle" is also a material of other classes
    if (named.size === 0 || n.readings.some((r) => !named.has(r.classId)) || m.readings.some((r) => named.has(r.classId))) continue;
    // a singular value word ("rubber" boots) is the first half of a compound, not a subject
    if (!n.readings.some((r) => r.kind === 'class') && !ctx.tokens[n.last]?.isPlural) continue;
    out.add(m);
  }
  return out;
}

export interface Selection {
  classId: string;
  support: number;
  matches: PhraseMatch[];
  /** matches that named the class */
  naming: PhraseMatch[];
}

/** Greedy explanation of a clause: repeatedly pick the class that accounts for most of the remaining words. */
export function selectClasses(ctx: ClauseContext, matches: readonly PhraseMatch[]): Selection[] {
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
      // "unlocks the cell": what is done and what it is done to, two values of one class, name it together
      if (naming.length === 0) {
        const said = own.filter((m) => m.readings.some((r) => r.kind === 'param' && r.classId === classId && ACTION_PARAMS.has(r.param)));
        const to = own.filter((m) => !said.includes(m) && m.readings.some((r) => r.kind === 'param' && r.classId === classId && !ACTION_PARAMS.has(r.param)));
        if (said.length === 0 || to.length === 0) continue;
        naming.push(...said);
        strong = true;
      }
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
