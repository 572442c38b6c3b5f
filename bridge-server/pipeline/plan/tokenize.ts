/**
 * The one adapter around compromise (https://github.com/spencermountain/compromise): turns text into
 * lemmatized tokens with part-of-speech flags, sentence and clause indices and character offsets.
 * Everything downstream works on these plain tokens, so the NLP library could be swapped here alone.
 */
// compromise/two: tagger and lemmas without the named-selection layer (three), ~40% cheaper per parse
import nlp from 'compromise/two';
import { CLAUSE_WORDS, WORD_FORMS } from './lexicon';

export interface Token {
  /** the word as written */
  text: string;
  /** lower-case, punctuation-free */
  normal: string;
  /** every form the word may be looked up under: normal, lemma (root), derived base */
  forms: string[];
  isAdjective: boolean;
  isNoun: boolean;
  isVerb: boolean;
  isPreposition: boolean;
  isPronoun: boolean;
  /** a person or a name ("the woman", "the outlaw", "Sarah"): compromise's Actor, Person and ProperNoun tags */
  isPerson: boolean;
  isNumber: boolean;
  isPlural: boolean;
  /** "not", "no", "n't" and friends (compromise tags them Negative) */
  isNegative: boolean;
  sentence: number;
  clause: number;
  /** character offsets in the original text */
  start: number;
  end: number;
}

/** compromise's term objects (`doc.docs`); `root` is filled by `doc.compute('root')` and not in its typings */
interface CompromiseTerm {
  text: string;
  normal?: string;
  root?: string | null;
  tags?: Set<string>;
  pre?: string;
  post?: string;
}

// bullets and separators in notes ("* heels on tile * door latch", "door slam / glass break") end a clause too
const CLAUSE_PUNCTUATION = /[,;:()—–!?.*•·|/]|\s-\s|\n/;

/** Splits text into tokens; clause boundaries are punctuation and the words in CLAUSE_WORDS. */
export function tokenize(text: string): Token[] {
  const doc = nlp(text);
  doc.compute('root');
  // `.docs` (the term lists) is several times cheaper than `.json()`; offsets are found by scanning the text
  const sentences = doc.docs as unknown as CompromiseTerm[][];
  const tokens: Token[] = [];
  let clause = 0;
  let cursor = 0;
  sentences.forEach((terms, sentenceIndex) => {
    if (sentenceIndex > 0) clause += 1;
    let clauseHasWords = false;
    for (const term of terms) {
      const tags = term.tags ?? new Set<string>();
      const found = term.text ? text.indexOf(term.text, cursor) : -1;
      const start = found >= 0 ? found : cursor + (term.pre?.length ?? 0);
      cursor = start + term.text.length;
      // compromise splits "don't" into "do" and an empty Negative term: keep the negation as "not"
      const normal = (term.normal ?? term.text).toLowerCase().replace(/[^a-z0-9'\- ]/g, '') || (tags.has('Negative') ? 'not' : '');
      if (!normal) {
        // a separator the tagger keeps as a term of its own ("door slam / glass break", "heels | door slam")
        if (CLAUSE_PUNCTUATION.test(term.text) && clauseHasWords) {
          clause += 1;
          clauseHasWords = false;
        }
        continue;
      }
      if (CLAUSE_WORDS.has(normal) && clauseHasWords) {
        clause += 1;
        clauseHasWords = false;
      }
      if (term.pre && CLAUSE_PUNCTUATION.test(term.pre) && clauseHasWords) {
        clause += 1;
        clauseHasWords = false;
      }
      const forms = [normal];
      if (term.root && term.root !== normal) forms.push(term.root.toLowerCase());
      const derived = WORD_FORMS[normal];
      if (derived && !forms.includes(derived)) forms.push(derived);
      // possessives and contractions ("detective's") keep their base as a form
      if (normal.endsWith("'s")) forms.push(normal.slice(0, -2));
      tokens.push({
        text: term.text,
        normal,
        forms,
        isAdjective: tags.has('Adjective'),
        isNoun: tags.has('Noun'),
        isVerb: tags.has('Verb'),
        isPreposition: tags.has('Preposition'),
        isPronoun: tags.has('Pronoun'),
        isPerson: tags.has('Actor') || tags.has('Person') || tags.has('ProperNoun'),
        isNumber: tags.has('Value') || tags.has('Cardinal') || /^\d+$/.test(normal),
        isPlural: tags.has('Plural'),
        isNegative: tags.has('Negative') || normal.endsWith("n't"),
        sentence: sentenceIndex,
        clause,
        start,
        end: start + term.text.length,
      });
      clauseHasWords = true;
      if (term.post && CLAUSE_PUNCTUATION.test(term.post)) {
        clause += 1;
        clauseHasWords = false;
      }
    }
  });
  return tokens;
}
