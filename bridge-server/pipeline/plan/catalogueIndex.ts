/**
 * A phrase index over the procedural catalogue: every class synonym, every enum value word and every
 * numeric value word becomes a path in a word trie, so the text reader finds "high heels", "tennis ball"
 * or "slam" in one left-to-right pass with the longest match winning. Built once per catalogue object.
 */
import type { Catalogue, SoundClass } from '../generate/procedural/catalogue';
import { CLASS_HINTS, IMPLYING_PARAMS, NON_IMPLYING_WORDS, PARTICLES, WEAK_CLASS_WORDS } from './lexicon';
import type { Token } from './tokenize';

export type Reading =
  /** the words name the class; weak words ("air", "room") count half */
  | { kind: 'class'; classId: string; weak: boolean }
  /** the words name a value of an enum parameter; `implies` when they can name the class alone */
  | { kind: 'param'; classId: string; param: string; value: string; implies: boolean }
  /** the words set a numeric parameter ({ "huge": 0.95 } in the catalogue) */
  | { kind: 'number'; classId: string; param: string; value: number };

interface TrieNode {
  next: Map<string, TrieNode>;
  readings: Reading[];
}

export interface CatalogueIndex {
  catalogue: Catalogue;
  classes: ReadonlyMap<string, SoundClass>;
  root: TrieNode;
}

export interface PhraseMatch {
  /** index of the first token */
  first: number;
  /** index of the last token (inclusive) */
  last: number;
  readings: Reading[];
}

function splitWords(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[\s_]+/)
    .map((w) => w.replace(/[^a-z0-9'-]/g, ''))
    .filter(Boolean);
}

function addPhrase(root: TrieNode, phrase: string, reading: Reading): void {
  let node = root;
  for (const word of splitWords(phrase)) {
    let child = node.next.get(word);
    if (!child) {
      child = { next: new Map(), readings: [] };
      node.next.set(word, child);
    }
    node = child;
  }
  if (node === root) return;
  const same = node.readings.some((r) => JSON.stringify(r) === JSON.stringify(reading));
  if (!same) node.readings.push(reading);
}

const cache = new WeakMap<Catalogue, CatalogueIndex>();

/** Builds (once per catalogue) the trie of every word the catalogue knows. */
export function buildCatalogueIndex(catalogue: Catalogue): CatalogueIndex {
  const cached = cache.get(catalogue);
  if (cached) return cached;
  const root: TrieNode = { next: new Map(), readings: [] };
  const classes = new Map<string, SoundClass>();
  for (const cls of catalogue.classes) {
    classes.set(cls.id, cls);
    const synonyms = new Set(cls.synonyms.map((w) => w.toLowerCase()));
    for (const word of [cls.id, cls.label, ...cls.synonyms]) {
      addPhrase(root, word, { kind: 'class', classId: cls.id, weak: WEAK_CLASS_WORDS.has(word.toLowerCase()) });
    }
    for (const [param, spec] of Object.entries(cls.params)) {
      if (spec.type === 'enum') {
        for (const [value, words] of Object.entries(spec.values)) {
          for (const word of [value, ...words]) {
            const implies = IMPLYING_PARAMS.has(param) && !NON_IMPLYING_WORDS.has(word.toLowerCase());
            addPhrase(root, word, { kind: 'param', classId: cls.id, param, value, implies });
            // "front door", "soccer ball": a value phrase that contains the class's own name also names it
            if (splitWords(word).length > 1 && splitWords(word).some((w) => synonyms.has(w))) addPhrase(root, word, { kind: 'class', classId: cls.id, weak: false });
          }
        }
      } else if (spec.type === 'number' && spec.words) {
        for (const [word, value] of Object.entries(spec.words)) addPhrase(root, word, { kind: 'number', classId: cls.id, param, value });
      }
    }
  }
  // "pen click", "soccer ball": a class phrase that contains one of the class's value words also sets it
  for (const cls of catalogue.classes) {
    for (const phrase of cls.synonyms) {
      const words = splitWords(phrase);
      if (words.length < 2) continue;
      for (const [param, spec] of Object.entries(cls.params)) {
        if (spec.type !== 'enum') continue;
        for (const [value, valueWords] of Object.entries(spec.values)) {
          if (valueWords.some((w) => words.includes(w.toLowerCase()))) addPhrase(root, phrase, { kind: 'param', classId: cls.id, param, value, implies: false });
        }
      }
    }
  }
  for (const [word, hinted] of Object.entries(CLASS_HINTS)) {
    for (const classId of typeof hinted === 'string' ? [hinted] : hinted) {
      if (classes.has(classId)) addPhrase(root, word, { kind: 'class', classId, weak: WEAK_CLASS_WORDS.has(word) });
    }
  }
  const index: CatalogueIndex = { catalogue, classes, root };
  cache.set(catalogue, index);
  return index;
}

/** Longest-match scan of the tokens against the index; phrases never cross a clause boundary. */
export function matchPhrases(index: CatalogueIndex, tokens: readonly Token[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    let best: PhraseMatch | undefined;
    // depth-first over the forms of each token: a phrase word may match the written form or the lemma
    const walk = (node: TrieNode, at: number): void => {
      const token = tokens[at];
      if (!token || (at > i && token.clause !== tokens[i]?.clause)) return;
      for (const form of token.forms) {
        const child = node.next.get(form);
        if (!child) continue;
        if (child.readings.length > 0) {
          if (!best || at > best.last) best = { first: i, last: at, readings: [...child.readings] };
          else if (at === best.last) for (const r of child.readings) if (!best.readings.includes(r)) best.readings.push(r);
        }
        walk(child, at + 1);
      }
    };
    walk(index.root, i);
    const split = splitParticle(index, tokens, i);
    if (split && (!best || split.last > best.last)) best = split;
    if (best) {
      matches.push(best);
      i = best.last + 1;
    } else {
      i += 1;
    }
  }
  return matches;
}

const PARTICLE_GAP = 4;

/**
 * "sets the mug down": a catalogue phrase verb + particle ("set down") with its object in between is one
 * match from the verb to the particle, carrying the object's readings too (the mug's material).
 */
function splitParticle(index: CatalogueIndex, tokens: readonly Token[], i: number): PhraseMatch | undefined {
  const verb = tokens[i];
  if (!verb?.isVerb) return undefined;
  for (const form of verb.forms) {
    const node = index.root.next.get(form);
    if (!node) continue;
    for (const [particle, child] of node.next) {
      if (!PARTICLES.has(particle) || child.readings.length === 0) continue;
      for (let j = i + 2; j <= i + 1 + PARTICLE_GAP; j++) {
        const t = tokens[j];
        if (!t || t.clause !== verb.clause || (t.isVerb && !t.forms.includes(particle))) break;
        if (!t.forms.includes(particle)) continue;
        const inner = matchPhrases(index, tokens.slice(i + 1, j)).flatMap((m) => m.readings);
        return { first: i, last: j, readings: [...child.readings, ...inner.filter((r) => r.kind !== 'class')] };
      }
    }
  }
  return undefined;
}
