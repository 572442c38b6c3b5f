/**
 * Explicit times an editor types into a prompt: "at 3s", "at 2.5 seconds", "at 1:05" (m:ss),
 * "at 00:00:02:12" (timecode at the clip's frame rate), "after 2 seconds", "2 seconds in". Found with
 * regular expressions on the raw text before tokenizing, because the tokenizer would read "5.5s" as
 * "55s" and split "00:00:02:12" at its colons into clauses. A bare number is never a time ("3 knocks",
 * "the 2 doors"): a time needs a unit or a colon form, and "at"/"after"/"from"/"@" in front of it (a
 * timecode or "N seconds in" stands on its own). "in 2 seconds" is left alone: it is as often a duration
 * ("bounces 3 times in 2 seconds") as a time. Relative times ("3 seconds later", "two seconds after that",
 * "half a second later", "a beat later") count from the sound placed before them, which binding knows.
 */
import type { Rational } from '../../core/rational';
import { timecodeToSeconds } from '../../core/timecode';
import { NUMBER_WORDS } from './lexicon';

/**
 * A time said in the text; a timecode stays a label until the clip's frame rate is known (binding), and a
 * relative time ("3 seconds later") until the sound before it has been placed.
 */
export type TextTime = { sec: number } | { timecode: string } | { afterPreviousSec: number };

export interface TimeExpression {
  /** character offsets of the whole expression, its preposition included ("at 3s") */
  start: number;
  end: number;
  at: TextTime;
}

const HEDGE = String.raw`(?:(?:around|about|roughly|exactly|approximately|approx\.?|precisely|~)\s*)?`;
const TIMECODE = String.raw`(\d{1,2}:\d{2}:\d{2}[:;.,]\d{2})`;
const MINUTES = String.raw`(\d{1,3}):([0-5]\d(?:\.\d+)?)`;
const SECONDS = String.raw`(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?)(?![a-z])`;
/** "at 3s", "after 2 seconds", "@ 1:05", "at 00:00:02:12"; the timecode also stands on its own */
const LEADING = new RegExp(String.raw`(?:\b(?:at|after|from)\s+|@\s*)${HEDGE}(?:${TIMECODE}|${MINUTES}|${SECONDS})(?:\s+(?:mark|into\s+the\s+(?:clip|shot|scene)|in)\b)?|${TIMECODE}|${SECONDS}\s+(?:in|into\s+the\s+(?:clip|shot|scene))\b`, 'gi');

/** "3 seconds later", "two seconds after that", "half a second later", "a beat later": after the sound before */
const COUNT_WORDS = Object.keys(NUMBER_WORDS).join('|');
const RELATIVE = new RegExp(
  String.raw`\b${HEDGE}(?:(?:(\d+(?:\.\d+)?)\s*|(half\s+an?|an?|${COUNT_WORDS}|a\s+(?:couple|few)(?:\s+of)?)\s+)(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?)|an?\s+(beat|moment))\s+(?:later|after(?:wards?|\s+that)?)\b`,
  'gi',
);
/** Seconds a "beat" and a "moment" stand for in a script. */
const VAGUE_SPANS: Readonly<Record<string, number>> = Object.freeze({ beat: 0.5, moment: 1 });

function seconds(value: string, unit: string): number {
  const v = Number(value);
  return /^ms|^milli/i.test(unit) ? v / 1000 : /^min/i.test(unit) ? v * 60 : v;
}

/** "3", "three", "a", "half a", "a couple of" → a number of units */
function amount(word: string): number {
  const w = word.toLowerCase().replace(/\s+/g, ' ').replace(/ of$/, '');
  if (/^\d/.test(w)) return Number(w);
  if (w.startsWith('half')) return 0.5;
  if (w === 'a' || w === 'an') return 1;
  return NUMBER_WORDS[w.replace(/^a /, '')] ?? 1;
}

/** Every time expression in the text, in order, with its offsets. */
export function findTimeExpressions(text: string): TimeExpression[] {
  const out: TimeExpression[] = [];
  for (const m of text.matchAll(LEADING)) {
    const [whole, tc, min, sec, value, unit, tc2, value2, unit2] = m;
    let at: TextTime | undefined;
    if (tc ?? tc2) at = { timecode: (tc ?? tc2) as string };
    else if (min !== undefined && sec !== undefined) at = { sec: Number(min) * 60 + Number(sec) };
    else if (value !== undefined && unit !== undefined) at = { sec: seconds(value, unit) };
    else if (value2 !== undefined && unit2 !== undefined) at = { sec: seconds(value2, unit2) };
    if (at && whole) out.push({ start: m.index, end: m.index + whole.length, at });
  }
  for (const m of text.matchAll(RELATIVE)) {
    const [whole, digits, words, unit, vague] = m;
    if (!whole || out.some((e) => m.index < e.end && e.start < m.index + whole.length)) continue;
    const sec = vague ? VAGUE_SPANS[vague.toLowerCase()] ?? 1 : seconds(String(amount(digits ?? words ?? '1')), unit ?? 's');
    out.push({ start: m.index, end: m.index + whole.length, at: { afterPreviousSec: sec } });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The text with every time expression blanked out (same length, so token offsets stay valid). */
export function maskTimeExpressions(text: string, found: ReadonlyArray<{ start: number; end: number }>): string {
  let out = text;
  for (const e of found) out = out.slice(0, e.start) + ' '.repeat(e.end - e.start) + out.slice(e.end);
  return out;
}

/**
 * Seconds from the range start; a timecode counts frames at the clip's rate (drop-frame aware); a relative time
 * counts from `previousSec`, the start of the sound before it (the range start when there is none).
 */
export function textTimeSeconds(at: TextTime, fps: Rational, previousSec = 0): number {
  if ('sec' in at) return at.sec;
  if ('afterPreviousSec' in at) return previousSec + at.afterPreviousSec;
  return timecodeToSeconds(at.timecode, fps);
}
