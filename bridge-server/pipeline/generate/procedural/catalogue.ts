/**
 * The procedural catalogue: the data table (models/procedural/catalogue.json) naming every sound class the
 * procedural engine renders, its parameters with ranges and defaults, its presets, and the words an editor
 * would use for it. The planner reads it to map text and visual events to classes; the engine reads it to
 * resolve parameters. This module owns the zod schema (validation at the edge), the cached loader and
 * `resolveParams`, which turns untrusted cue params into a complete, in-range parameter set.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { FoleyError } from '../../../core/errors';

export const CATALOGUE_VERSION = 1;

const wordList = z.array(z.string().min(1).max(60));

export const EnumParamSchema = z.object({
  type: z.literal('enum'),
  default: z.string().min(1),
  /** canonical value → words an editor would use for it (lower-case, lemma form preferred) */
  values: z.record(z.string().min(1), wordList),
});

export const NumberParamSchema = z.object({
  type: z.literal('number'),
  min: z.number().finite(),
  max: z.number().finite(),
  default: z.number().finite(),
  /** optional words that imply a value, e.g. { "huge": 0.95 } */
  words: z.record(z.string().min(1), z.number().finite()).optional(),
});

export const BooleanParamSchema = z.object({
  type: z.literal('boolean'),
  default: z.boolean(),
  words: z.record(z.string().min(1), z.boolean()).optional(),
});

export const ParamSpecSchema = z.discriminatedUnion('type', [EnumParamSchema, NumberParamSchema, BooleanParamSchema]);

const ParamValueSchema = z.union([z.string(), z.number().finite(), z.boolean()]);

export const PresetSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'preset names are lower-case file-name safe'),
  params: z.record(z.string(), ParamValueSchema),
});

export const SoundClassSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  kind: z.enum(['hit', 'loop', 'ambience']),
  stem: z.enum(['steps', 'hits', 'movement', 'ambience']),
  eventKinds: z.array(z.enum(['impact', 'step', 'motion'])),
  description: z.string().optional(),
  synonyms: wordList,
  params: z.record(z.string().min(1), ParamSpecSchema),
  presets: z.array(PresetSchema).min(1),
});

export const CatalogueSchema = z
  .object({
    version: z.literal(CATALOGUE_VERSION),
    classes: z.array(SoundClassSchema).min(1),
  })
  .superRefine((cat, ctx) => {
    const ids = new Set<string>();
    cat.classes.forEach((cls, ci) => {
      if (ids.has(cls.id)) ctx.addIssue({ code: 'custom', path: ['classes', ci, 'id'], message: `duplicate class id "${cls.id}"` });
      ids.add(cls.id);
      for (const [name, spec] of Object.entries(cls.params)) {
        const path = ['classes', ci, 'params', name];
        if (spec.type === 'enum' && !(spec.default in spec.values)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'default'], message: `default "${spec.default}" is not one of the values` });
        }
        if (spec.type === 'number' && (spec.min > spec.max || spec.default < spec.min || spec.default > spec.max)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'default'], message: 'default must lie in [min, max]' });
        }
      }
      cls.presets.forEach((preset, pi) => {
        for (const [name, value] of Object.entries(preset.params)) {
          const spec = cls.params[name];
          const path = ['classes', ci, 'presets', pi, 'params', name];
          if (!spec) ctx.addIssue({ code: 'custom', path, message: `unknown parameter "${name}"` });
          else if (spec.type === 'enum' && (typeof value !== 'string' || !(value in spec.values))) {
            ctx.addIssue({ code: 'custom', path, message: `"${String(value)}" is not a value of ${name}` });
          } else if (spec.type === 'number' && (typeof value !== 'number' || value < spec.min || value > spec.max)) {
            ctx.addIssue({ code: 'custom', path, message: `${name} must be a number in [${spec.min}, ${spec.max}]` });
          }
        }
      });
    });
  });

export type Catalogue = z.infer<typeof CatalogueSchema>;
export type SoundClass = z.infer<typeof SoundClassSchema>;
export type ParamSpec = z.infer<typeof ParamSpecSchema>;
export type CataloguePreset = z.infer<typeof PresetSchema>;
export type ParamValue = string | number | boolean;
export type ResolvedParams = Readonly<Record<string, ParamValue>>;

const CATALOGUE_RELATIVE = join('models', 'procedural', 'catalogue.json');

/**
 * Finds catalogue.json: FOLEY_MODELS_DIR wins; otherwise walk up from this file (works from the sources under
 * Jest and from dist/ after a build, whose depths differ).
 */
export function cataloguePath(): string {
  const fromEnv = process.env.FOLEY_MODELS_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'procedural', 'catalogue.json'))) return join(fromEnv, 'procedural', 'catalogue.json');
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, CATALOGUE_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new FoleyError('MODEL_INVALID', `The procedural catalogue ${CATALOGUE_RELATIVE} was not found; reinstall foley-bridge or set FOLEY_MODELS_DIR.`);
}

/** Validates an untrusted catalogue value; throws a one-line FoleyError naming the offending field. */
export function parseCatalogue(value: unknown, source = 'catalogue'): Catalogue {
  const r = CatalogueSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
  throw new FoleyError('MODEL_INVALID', `${source}: ${path.replace(/^\./, '') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}

let cached: Catalogue | undefined;

/** The catalogue, read and validated once per process. */
export function loadCatalogue(): Catalogue {
  if (cached) return cached;
  const path = cataloguePath();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FoleyError('MODEL_INVALID', `${path} is not readable JSON; reinstall foley-bridge.`, { cause: e });
  }
  cached = Object.freeze(parseCatalogue(raw, path)) as Catalogue;
  return cached;
}

export function findSoundClass(id: string): SoundClass | undefined {
  return loadCatalogue().classes.find((c) => c.id === id);
}

/** Maps a word (canonical value or synonym) of an enum parameter to its canonical value. */
function resolveEnumValue(spec: z.infer<typeof EnumParamSchema>, value: ParamValue | undefined): string {
  if (typeof value !== 'string') return spec.default;
  const word = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (word in spec.values) return word;
  const spaced = word.replace(/_/g, ' ');
  for (const [canonical, words] of Object.entries(spec.values)) {
    if (words.some((w) => w.toLowerCase() === spaced)) return canonical;
  }
  return spec.default;
}

function resolveNumberValue(spec: z.infer<typeof NumberParamSchema>, value: ParamValue | undefined): number {
  let v: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) v = value;
  else if (typeof value === 'string') {
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n)) v = n;
    else if (spec.words) v = spec.words[value.trim().toLowerCase()];
  }
  if (v === undefined) return spec.default;
  return Math.min(spec.max, Math.max(spec.min, v));
}

/**
 * Completes untrusted params against a class: every declared parameter present, enum synonyms mapped to
 * their canonical value, numbers clamped to range; unknown names are dropped and invalid values fall back
 * to defaults (a known class never throws for its params).
 */
export function resolveParams(cls: SoundClass, params: Readonly<Record<string, ParamValue>>): ResolvedParams {
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(cls.params)) {
    const given = params[name];
    if (spec.type === 'enum') out[name] = resolveEnumValue(spec, given);
    else if (spec.type === 'number') out[name] = resolveNumberValue(spec, given);
    else out[name] = typeof given === 'boolean' ? given : spec.default;
  }
  return Object.freeze(out);
}
