/**
 * Marker-comment shorthand for repeats: "door slam x2", "knock ×3", "2x thud". Found on the raw text and
 * blanked before tokenizing like the time expressions (the tagger reads "x3" as a noun, which made "knock x3"
 * name nothing). The count belongs to the clause the mark ends or opens, as a time does.
 */

export interface RepeatMark {
  /** character offsets of the mark ("x2") */
  start: number;
  end: number;
  count: number;
}

const MARK = /(?<![\w.])(?:[x×]\s?(\d{1,2})|(\d{1,2})\s?[x×])(?![\w.])/gi;

export function findRepeatMarks(text: string): RepeatMark[] {
  const out: RepeatMark[] = [];
  for (const m of text.matchAll(MARK)) {
    const count = Number(m[1] ?? m[2]);
    if (count >= 1 && count <= 100) out.push({ start: m.index, end: m.index + m[0].length, count });
  }
  return out;
}
