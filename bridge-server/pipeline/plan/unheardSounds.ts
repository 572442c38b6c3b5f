/**
 * Sounds the text asks for that the catalogue has no class for ("a phone rings", "a dog barks"): found so
 * the editor is told instead of the words vanishing. A clause that named no class is reported when it holds
 * a sound word (lexicon SOUND_VERBS, SOUND_NOUNS) outside any catalogue phrase and outside a negation, and either has a
 * thing of its own (a noun that is no sound verb: "dog", "siren") or is in a sentence that names no class at all; a bare
 * verb next to a named sound ("the crowd cheers | and applauds") describes that sound and is not reported.
 * In a clause that did name a class, an unknown noun right before a sound verb is reported ("the dog barks
 * at the door").
 */
import { CLAUSE_WORDS, PARTICLES, SEQUENCE_RELATIONS, SOUND_NOUNS, SOUND_VERBS } from './lexicon';
import type { Token } from './tokenize';

export interface ClauseReading {
  tokens: readonly number[];
  sentence: number;
  /** the clause produced at least one positive intent */
  named: boolean;
}

const isSoundVerb = (t: Token): boolean => t.forms.some((f) => SOUND_VERBS.has(f));
const isSoundWord = (t: Token): boolean => isSoundVerb(t) || t.forms.some((f) => SOUND_NOUNS.has(f));

/** The phrases ("phone rings", "distant siren wails") in text order, each once. */
export function unheardSounds(text: string, tokens: readonly Token[], clauses: readonly ClauseReading[], covered: ReadonlySet<number>, negated: ReadonlySet<number>): string[] {
  const namedSentences = new Set(clauses.filter((c) => c.named).map((c) => c.sentence));
  const out: string[] = [];
  for (const c of clauses) {
    if (c.named) {
      // a named clause can still hold an unknown thing with its sound: "the dog barks at the door"
      for (const k of c.tokens) {
        const t = tokens[k];
        const before = tokens[k - 1];
        if (!t || !before || !c.tokens.includes(k - 1) || covered.has(k) || covered.has(k - 1) || negated.has(k) || !isSoundVerb(t)) continue;
        if (!before.isNoun || before.isPronoun || isSoundVerb(before)) continue;
        const phrase = text.slice(before.start, t.end);
        if (!out.includes(phrase)) out.push(phrase);
      }
      continue;
    }
    const free = c.tokens.filter((k) => !covered.has(k) && !negated.has(k) && !tokens[k]?.isNegative);
    const sounds = free.filter((k) => tokens[k] !== undefined && isSoundWord(tokens[k] as Token));
    if (sounds.length === 0) continue;
    // the tagger reads some sound verbs as nouns ("applauds"): those are no thing of their own
    const ownThing = c.tokens.some((k) => tokens[k]?.isNoun === true && !tokens[k]?.isPronoun && !isSoundVerb(tokens[k] as Token));
    if (!ownThing && namedSentences.has(c.sentence)) continue;
    // the thing and its sound: the words that describe the last sound word right before it ("distant siren"), and
    // the verb right after a sound noun ("engine starts"); never a sequence word ("later the engine")
    let last = sounds[sounds.length - 1] as number;
    const inClause = (k: number): boolean => c.tokens.includes(k) && !negated.has(k);
    const describes = (t: Token | undefined): boolean => t !== undefined && (t.isNoun || t.isAdjective || isSoundWord(t)) && !t.isPronoun && !(t.normal in SEQUENCE_RELATIONS) && !CLAUSE_WORDS.has(t.normal);
    let first = last;
    while (inClause(first - 1) && describes(tokens[first - 1])) first -= 1;
    const next = tokens[last + 1];
    // the tagger calls some verbs after a noun nouns ("the engine starts"): an inflected -s word there is the verb
    const verbAfter = next !== undefined && ((next.isVerb && !next.isAdjective) || (next.normal.endsWith('s') && next.forms.length > 1));
    if (!isSoundVerb(tokens[last] as Token) && verbAfter && inClause(last + 1)) {
      last += 1;
      if (PARTICLES.has(tokens[last + 1]?.normal ?? '') && inClause(last + 1)) last += 1;
    }
    const a = tokens[first];
    const b = tokens[last];
    if (!a || !b) continue;
    const phrase = text.slice(a.start, b.end).replace(/\s+/g, ' ').trim();
    if (phrase && !out.includes(phrase)) out.push(phrase);
  }
  return out;
}
