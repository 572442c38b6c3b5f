/**
 * The order in which the clauses of a text happen, which is not always the order they are written in: a
 * trailing "after X" happened before its main clause ("it creaks open after the knock": the knock first),
 * and a leading "before X" happens after it ("Before the door opens, footsteps approach"). A leading "after X"
 * and a trailing "before X" already read in order. "after that", "afterwards" are plain sequence words.
 */
import { SUBORDINATE_ORDER, SUBORDINATE_NOT_FOLLOWED_BY } from './lexicon';
import type { Token } from './tokenize';

export interface OrderedClause {
  clause: number;
  sentence: number;
  /** index of the clause's first token */
  first: number;
}

/** "after the knock" → 'after', "after that" → null: the subordinator opening the clause, if any. */
export function subordinator(tokens: readonly Token[], first: number): 'after' | 'before' | null {
  const word = SUBORDINATE_ORDER[tokens[first]?.normal ?? ''];
  const next = tokens[first + 1];
  if (!word || !next || next.clause !== tokens[first]?.clause || SUBORDINATE_NOT_FOLLOWED_BY.has(next.normal)) return null;
  return word;
}

/**
 * The clauses that name sounds (given in text order), in the order they happen, and the clauses that were moved
 * (with how they relate to their main clause).
 */
export function happeningOrder(tokens: readonly Token[], clauses: readonly OrderedClause[]): { order: number[]; moved: Map<number, 'before' | 'after'> } {
  const order = clauses.map((c) => c.clause);
  const moved = new Map<number, 'before' | 'after'>();
  clauses.forEach((c, i) => {
    const sub = subordinator(tokens, c.first);
    if (sub === 'after') {
      // "it creaks open | after the knock": the knock goes right before the clause it follows in writing
      const main = clauses[i - 1];
      if (!main || main.sentence !== c.sentence) return;
      order.splice(order.indexOf(c.clause), 1);
      order.splice(order.indexOf(main.clause), 0, c.clause);
      moved.set(c.clause, 'before');
    } else if (sub === 'before') {
      // "Before the door opens, | footsteps approach": the door goes right after the clause it precedes in writing
      const main = clauses[i + 1];
      const leading = !clauses[i - 1] || clauses[i - 1]?.sentence !== c.sentence;
      if (!main || main.sentence !== c.sentence || !leading) return;
      order.splice(order.indexOf(c.clause), 1);
      order.splice(order.indexOf(main.clause) + 1, 0, c.clause);
      moved.set(c.clause, 'after');
    }
  });
  return { order, moved };
}
