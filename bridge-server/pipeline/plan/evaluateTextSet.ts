/**
 * Scores text understanding against a labelled set ({text, expect: [{class, params?}], absent?}):
 * micro-averaged class precision/recall, accuracy of the key parameters (material, surface, footwear)
 * and of every other expected parameter. Used by `foley bench plan` and by the unit tests.
 */
import { z } from 'zod';
import type { Catalogue } from '../generate/procedural/catalogue';
import { understandText } from './understandText';

export const TextSetItemSchema = z.object({
  text: z.string().min(1),
  expect: z.array(z.object({ class: z.string().min(1), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
  absent: z.array(z.string()).optional(),
  tag: z.string().optional(),
});
export const TextSetSchema = z.object({ version: z.literal(1), items: z.array(TextSetItemSchema).min(1) });
export type TextSet = z.infer<typeof TextSetSchema>;

/** Parameters the acceptance bar names; all others are reported together as "other". */
export const KEY_PARAMS: readonly string[] = ['material', 'surface', 'footwear'];

export interface TextSetMiss {
  text: string;
  missing: string[];
  extra: string[];
  wrongParams: string[];
}

export interface TextSetScore {
  items: number;
  classPrecision: number;
  classRecall: number;
  keyParamAccuracy: number;
  keyParamCount: number;
  otherParamAccuracy: number;
  otherParamCount: number;
  /** expected-absent classes that were produced anyway (negation failures) */
  absentViolations: number;
  misses: TextSetMiss[];
}

function enumDefaults(catalogue: Catalogue, classId: string): Record<string, string> {
  const out: Record<string, string> = {};
  const cls = catalogue.classes.find((c) => c.id === classId);
  for (const [name, spec] of Object.entries(cls?.params ?? {})) if (spec.type === 'enum') out[name] = spec.default;
  return out;
}

export function evaluateTextSet(set: TextSet, catalogue: Catalogue): TextSetScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let keyOk = 0;
  let keyAll = 0;
  let otherOk = 0;
  let otherAll = 0;
  let absentViolations = 0;
  const misses: TextSetMiss[] = [];
  for (const item of set.items) {
    const intents = understandText(item.text, catalogue).filter((i) => !i.negated);
    const found = new Map<string, Record<string, string | number>>();
    // compare against what the cue will carry: text params over the catalogue's enum defaults
    for (const i of intents) if (!found.has(i.class)) found.set(i.class, { ...enumDefaults(catalogue, i.class), ...i.params });
    const expected = new Set(item.expect.map((e) => e.class));
    const missing = [...expected].filter((c) => !found.has(c));
    const extra = [...found.keys()].filter((c) => !expected.has(c));
    tp += expected.size - missing.length;
    fn += missing.length;
    fp += extra.length;
    absentViolations += (item.absent ?? []).filter((c) => found.has(c)).length;
    const wrongParams: string[] = [];
    for (const e of item.expect) {
      for (const [name, value] of Object.entries(e.params ?? {})) {
        const got = found.get(e.class)?.[name];
        const ok = got === value;
        if (KEY_PARAMS.includes(name)) {
          keyAll += 1;
          keyOk += ok ? 1 : 0;
        } else {
          otherAll += 1;
          otherOk += ok ? 1 : 0;
        }
        if (!ok) wrongParams.push(`${e.class}.${name}=${String(got)} (want ${String(value)})`);
      }
    }
    if (missing.length || extra.length || wrongParams.length) misses.push({ text: item.text, missing, extra, wrongParams });
  }
  return {
    items: set.items.length,
    classPrecision: tp + fp === 0 ? 1 : tp / (tp + fp),
    classRecall: tp + fn === 0 ? 1 : tp / (tp + fn),
    keyParamAccuracy: keyAll === 0 ? 1 : keyOk / keyAll,
    keyParamCount: keyAll,
    otherParamAccuracy: otherAll === 0 ? 1 : otherOk / otherAll,
    otherParamCount: otherAll,
    absentViolations,
    misses,
  };
}
