/**
 * Binding text to picture: turns text intents (from the prompt and from marker comments) and visual
 * events into cues. Text sounds claim the events that fit them (steps to step events, a slam to the
 * strongest impact near the end of a door motion, whooshes to motion spans); events nothing explains
 * get a default from their kind and size; text with no matching event becomes a bed over the range or
 * one-shots placed by the text's order; negated classes produce nothing. Pure and deterministic.
 */
import type { Cue } from '../../contracts/plan';
import type { VisualEvent, VisualEventKind } from '../../contracts/events';
import type { Preset } from '../../contracts/preset';
import type { Catalogue, SoundClass } from '../generate/procedural/catalogue';
import type { Rational } from '../../core/rational';
import { REPEAT_PERIOD_SEC } from './lexicon';
import { textTimeSeconds } from './timeExpressions';
import type { TextIntent } from './understandText';

/** A cue before ids are assigned. */
export type CueDraft = Omit<Cue, 'id' | 'enabled'>;

export interface MarkerIntents {
  t: number;
  /** the comment without its "SFX:" prefix */
  text: string;
  intents: TextIntent[];
}

export interface BindInput {
  intents: readonly TextIntent[];
  markers: readonly MarkerIntents[];
  events: readonly VisualEvent[];
  durationSec: number;
  catalogue: Catalogue;
  preset: Preset;
  /** the clip's frame rate, for timecodes typed in the text ("at 00:00:02:12") */
  fps: Rational;
}

/** Classes that take every fitting event rather than the strongest one ("footsteps", "a ball bounces"). */
const TAKES_ALL_EVENTS: ReadonlySet<string> = new Set(['footsteps', 'ball_bounce', 'whoosh', 'keyboard']);
/** Default classes for events no text explains. */
const DEFAULT_CLASS: Readonly<Record<VisualEventKind, string>> = Object.freeze({ impact: 'impact', step: 'footsteps', motion: 'whoosh' });
/** Small, slow motion is clothing rather than a whoosh. */
const SOFT_MOTION_CLASS = 'cloth';
const WHOOSH_MIN_STRENGTH = 0.55;
const WHOOSH_MIN_SIZE = 0.3;
/** Numeric params that follow the event when the text does not set them. */
const EVENT_DRIVEN_PARAMS: Readonly<Record<string, 'strength' | 'size'>> = Object.freeze({ intensity: 'strength', force: 'strength', weight: 'strength', size: 'size', speed: 'strength' });
/** Markers bind to an event within this distance. */
export const MARKER_SNAP_SEC = 0.5;
/** How near the end of a motion span an impact counts as "the door closing". */
const MOTION_END_WINDOW_SEC = 0.4;
/** Widest spacing of a counted group placed from text alone ("she knocked twice" in a 10 s range is no 5 s gap). */
const COUNT_SPACING_MAX_SEC = 1;
/** Spacing of repeated hits when there are fewer events than the text counts ("knocks three times"). */
const MARKER_REPEAT_SEC = 0.3;

const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function isBedClass(cls: SoundClass): boolean {
  return cls.kind === 'ambience' || cls.kind === 'loop';
}

/** Catalogue defaults, then text params, then (for numbers the text left open) the event's strength and size. */
function fullParams(cls: SoundClass, text: Readonly<Record<string, string | number>>, event?: VisualEvent): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(cls.params)) {
    const given = text[name];
    if (given !== undefined) {
      out[name] = typeof given === 'number' ? round(given) : given;
      continue;
    }
    const source = EVENT_DRIVEN_PARAMS[name];
    if (event && spec.type === 'number' && source) {
      const v = source === 'size' ? event.size ?? event.strength : event.strength;
      out[name] = round(clamp(v, spec.min, spec.max));
      continue;
    }
    out[name] = spec.default;
  }
  return out;
}

/** Loudness from how hard the sound is: hits -12..0 dB, beds -26..-14 dB. */
function gainFor(cls: SoundClass, params: Readonly<Record<string, string | number | boolean>>, event?: VisualEvent): number {
  const level = ['intensity', 'force', 'weight', 'density', 'size'].map((k) => params[k]).find((v): v is number => typeof v === 'number') ?? event?.strength ?? 0.5;
  const s = clamp(level, 0, 1);
  return round(isBedClass(cls) ? -26 + 12 * s : -12 + 12 * s, 1);
}

function panFor(event?: VisualEvent): number {
  return event ? round(clamp(event.x * 2 - 1, -1, 1)) : 0;
}

class CueBuilder {
  readonly drafts: CueDraft[] = [];
  readonly claimed = new Set<VisualEvent>();

  constructor(private readonly input: BindInput) {}

  cls(id: string): SoundClass | undefined {
    return this.input.catalogue.classes.find((c) => c.id === id);
  }

  add(cls: SoundClass, opts: { start: number; end?: number; params: Readonly<Record<string, string | number>>; event?: VisualEvent; prompt: string; source: Cue['source']; confidence: number }): void {
    const params = fullParams(cls, opts.params, opts.event);
    const start = round(clamp(opts.start, 0, this.input.durationSec), 4);
    const draft: CueDraft = {
      start,
      kind: cls.kind,
      sound: { class: cls.id, params },
      prompt: opts.prompt,
      gainDb: gainFor(cls, params, opts.event),
      pan: panFor(opts.event),
      stem: this.input.preset.stems[cls.id] ?? cls.stem,
      source: opts.source,
      confidence: round(clamp(opts.confidence, 0, 1), 2),
    };
    if (opts.end !== undefined) draft.end = round(clamp(Math.max(opts.end, start), 0, this.input.durationSec), 4);
    this.drafts.push(draft);
  }

  /** Unclaimed events this class can sit on, impacts before motion spans for classes that take both. */
  candidates(cls: SoundClass, filter?: (e: VisualEvent) => boolean): VisualEvent[] {
    for (const kind of ['step', 'impact', 'motion'] as const) {
      if (!cls.eventKinds.includes(kind)) continue;
      const found = this.input.events.filter((e) => e.kind === kind && !this.claimed.has(e) && (!filter || filter(e)));
      if (found.length > 0) return found;
    }
    return [];
  }

  bindEvent(cls: SoundClass, event: VisualEvent, params: Readonly<Record<string, string | number>>, prompt: string, source: Cue['source'], confidence: number): void {
    this.claimed.add(event);
    const end = event.kind === 'motion' ? event.end : undefined;
    this.add(cls, { start: event.t, end, params, event, prompt, source, confidence });
  }
}

/** Ranks candidate events for a one-shot: strength, the end of a motion span, and where the text puts it. */
function rankEvents(candidates: readonly VisualEvent[], all: readonly VisualEvent[], intent: TextIntent, durationSec: number): VisualEvent[] {
  const motionEnds = all.filter((e) => e.kind === 'motion' && e.end !== undefined).map((e) => e.end as number);
  const { order, of, anchor } = intent.timing;
  const expected = anchor === 'start' ? 0 : anchor === 'end' ? durationSec : ((order + 0.5) / of) * durationSec;
  const score = (e: VisualEvent): number => {
    const nearMotionEnd = e.kind === 'impact' && motionEnds.some((end) => Math.abs(e.t - end) <= MOTION_END_WINDOW_SEC);
    const placement = of > 1 || anchor ? 0.4 * (1 - Math.abs(e.t - expected) / Math.max(durationSec, 1e-6)) : 0;
    return e.strength + (nearMotionEnd ? 0.5 : 0) + placement;
  };
  return [...candidates].sort((a, b) => score(b) - score(a) || a.t - b.t);
}

/** Where a one-shot with no event goes: inside the stretch of the range that its clause covers. */
function textOnlyTimes(intent: TextIntent, durationSec: number, period: number | undefined): number[] {
  const { order, of, anchor } = intent.timing;
  const segment = anchor === 'start' ? 0 : anchor === 'end' ? of - 1 : order;
  const lo = (segment / of) * durationSec;
  const hi = ((segment + 1) / of) * durationSec;
  if (period && intent.count === null) {
    const times: number[] = [];
    for (let t = lo + period / 2; t < hi - 1e-9; t += period) times.push(t);
    return times.length > 0 ? times : [(lo + hi) / 2];
  }
  // a counted group ("knocks twice") is one burst in the middle of its stretch, at most COUNT_SPACING_MAX_SEC apart
  const n = intent.count ?? 1;
  const step = Math.min((hi - lo) / n, COUNT_SPACING_MAX_SEC);
  return Array.from({ length: n }, (_, i) => (lo + hi) / 2 + (i - (n - 1) / 2) * step);
}

/**
 * A sound pinned to a time (a marker, or "at 3s" in the text): the nearest unclaimed fitting event within
 * ±MARKER_SNAP_SEC, else the time itself, counts repeating MARKER_REPEAT_SEC apart; a bed runs from the
 * time to the range end. Times outside the range are clamped to it (CueBuilder.add).
 */
function bindAtTime(b: CueBuilder, cls: SoundClass, intent: TextIntent, t: number, prompt: string, source: Cue['source'], durationSec: number): void {
  if (isBedClass(cls)) {
    b.add(cls, { start: t, end: durationSec, params: intent.params, prompt, source, confidence: intent.confidence });
    return;
  }
  const near = b.candidates(cls, (e) => Math.abs(e.t - t) <= MARKER_SNAP_SEC).sort((x, y) => Math.abs(x.t - t) - Math.abs(y.t - t));
  const n = intent.count ?? 1;
  if (near.length > 0) {
    for (const e of near.slice(0, n)) b.bindEvent(cls, e, intent.params, prompt, source, intent.confidence);
  } else {
    for (let i = 0; i < n; i++) b.add(cls, { start: t + i * MARKER_REPEAT_SEC, params: intent.params, prompt, source, confidence: intent.confidence });
  }
}

/** An untimed text sound: a bed over the range, the events that fit it, else where the text's order puts it. */
function bindFromText(b: CueBuilder, cls: SoundClass, intent: TextIntent, input: BindInput): void {
  const d = input.durationSec;
  const prompt = intent.span.text;
  if (isBedClass(cls)) {
    b.add(cls, { start: 0, end: d, params: intent.params, prompt, source: 'text', confidence: intent.confidence });
    return;
  }
  const candidates = b.candidates(cls);
  if (candidates.length > 0) {
    const takesAll = intent.count === null && (TAKES_ALL_EVENTS.has(cls.id) || intent.plural);
    const chosen = takesAll ? candidates : rankEvents(candidates, input.events, intent, d).slice(0, intent.count ?? 1);
    for (const e of chosen) b.bindEvent(cls, e, intent.params, prompt, 'text', intent.confidence);
    // "three knocks" with one fitting impact: the rest follow it at a natural spacing
    const last = chosen.reduce((t, e) => Math.max(t, e.t), 0);
    for (let i = 1; !takesAll && i <= (intent.count ?? 1) - chosen.length; i++) {
      b.add(cls, { start: last + i * MARKER_REPEAT_SEC, params: intent.params, prompt, source: 'text', confidence: intent.confidence * 0.8 });
    }
    return;
  }
  // no event of its kind is left: a one-shot placed where the text puts it
  for (const t of textOnlyTimes(intent, d, REPEAT_PERIOD_SEC[cls.id])) {
    b.add(cls, { start: t, params: intent.params, prompt, source: 'text', confidence: intent.confidence * 0.8 });
  }
}

/** Builds every cue of a plan (unsorted, without ids). */
export function bindCues(input: BindInput): CueDraft[] {
  const b = new CueBuilder(input);
  const negated = new Set([...input.intents, ...input.markers.flatMap((m) => m.intents)].filter((i) => i.negated).map((i) => i.class));
  const d = input.durationSec;

  // 1. marker prompts claim the events right next to them first; the marker's time wins over one in its comment
  for (const marker of input.markers) {
    for (const intent of marker.intents) {
      const cls = b.cls(intent.class);
      if (!cls || intent.negated || negated.has(cls.id)) continue;
      bindAtTime(b, cls, intent, marker.t, marker.text, 'marker', d);
    }
  }

  // where each clause's sounds start (its latest cue), so "3 seconds later" can count from the clause before it
  const clauseStart = new Map<number, number>();
  const placing = (intent: TextIntent, bind: () => void): void => {
    const before = b.drafts.length;
    bind();
    for (const draft of b.drafts.slice(before)) clauseStart.set(intent.span.start, Math.max(clauseStart.get(intent.span.start) ?? 0, draft.start));
  };
  const relative = (intent: TextIntent): boolean => intent.at !== undefined && 'afterPreviousSec' in intent.at;

  // 2. text intents with an explicit time ("glass shatters at 3s") bind like markers, before the untimed ones
  for (const intent of input.intents) {
    const cls = b.cls(intent.class);
    if (!cls || intent.negated || negated.has(cls.id) || !intent.at || relative(intent)) continue;
    const at = intent.at;
    placing(intent, () => bindAtTime(b, cls, intent, textTimeSeconds(at, input.fps), intent.span.text, 'text', d));
  }

  // 3. the other prompt and narrative intents, in text order; relative times count from the clause placed before
  for (const intent of input.intents) {
    const cls = b.cls(intent.class);
    if (!cls || intent.negated || negated.has(cls.id) || (intent.at && !relative(intent))) continue;
    const prompt = intent.span.text;
    if (intent.at) {
      const earlier = [...clauseStart.entries()].filter(([start]) => start < intent.span.start).sort((x, y) => x[0] - y[0]);
      const previous = earlier[earlier.length - 1]?.[1] ?? 0;
      const at = intent.at;
      placing(intent, () => bindAtTime(b, cls, intent, textTimeSeconds(at, input.fps, previous), prompt, 'text', d));
      continue;
    }
    placing(intent, () => bindFromText(b, cls, intent, input));
  }

  // 4. events no text explained: a default from their kind and size
  for (const e of input.events) {
    if (b.claimed.has(e)) continue;
    let classId = DEFAULT_CLASS[e.kind];
    if (e.kind === 'motion' && e.strength < WHOOSH_MIN_STRENGTH && (e.size ?? 0) < WHOOSH_MIN_SIZE) classId = SOFT_MOTION_CLASS;
    const cls = b.cls(classId);
    if (!cls || negated.has(cls.id)) continue;
    b.bindEvent(cls, e, {}, '', 'visual', round(0.4 + 0.4 * clamp(e.strength, 0, 1), 2));
  }
  return b.drafts;
}
