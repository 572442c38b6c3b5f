/**
 * Building FTS5 MATCH expressions from untrusted words. Every term is double-quoted (quotes doubled),
 * so no user text can inject FTS syntax; multi-word terms become phrases. Also the word normalizer
 * used to check which parameter words a result actually contains.
 */

/** Lower-case word tokens (letters and digits), for search boxes and parameter checks. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** A crude plural/verb-ending folding, close enough to porter for checking matches in JS. */
export function foldWord(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 3 && w.endsWith('es') && /(sh|ch|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

export function quoteTerm(term: string): string {
  const words = tokenize(term);
  return words.length === 0 ? '' : `"${words.join(' ').replace(/"/g, '""')}"`;
}

/** `"a" OR "b c" OR …` in parentheses; empty string when there are no usable terms. */
export function anyOf(terms: readonly string[], column?: string): string {
  const quoted = [...new Set(terms.map(quoteTerm).filter((q) => q.length > 0))];
  if (quoted.length === 0) return '';
  const body = `(${quoted.join(' OR ')})`;
  return column ? `${column} : ${body}` : body;
}

export function allOf(terms: readonly string[]): string {
  const quoted = [...new Set(terms.map(quoteTerm).filter((q) => q.length > 0))];
  return quoted.join(' AND ');
}

/** True when `text` contains the term (every word of it, folded), for scoring parameter matches. */
export function containsTerm(foldedWords: ReadonlySet<string>, term: string): boolean {
  const words = tokenize(term).map(foldWord);
  return words.length > 0 && words.every((w) => foldedWords.has(w));
}

export function foldedWordSet(text: string): Set<string> {
  return new Set(tokenize(text).map(foldWord));
}
