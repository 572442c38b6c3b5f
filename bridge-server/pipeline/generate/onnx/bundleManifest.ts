/**
 * Reads and validates `models/<name>/bundle.json` (zod at the edge), checks that every file it names
 * exists, and lists the bundles installed in a models folder. Errors name the bundle file and the
 * offending field or file so an editor can fix the install.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FoleyError } from '../../../core/errors';
import { formatIssuePath } from '../../../contracts/plan';
import {
  type Bundle,
  BundleSchema,
  type BundleWindow,
  type Constant,
  type FlowBundle,
  REQUIRED_ROLES,
  type StageRole,
  type TensorSpec,
} from './bundleSchema';

export const MANIFEST_FILE = 'bundle.json';

export interface InstalledBundle {
  name: string;
  dir: string;
  bundle?: Bundle;
  /** why the bundle is not usable */
  error?: string;
}

/** Every file a bundle refers to, relative to its folder. */
export function bundleFiles(bundle: Bundle): string[] {
  const files = new Set<string>();
  for (const stage of Object.values(bundle.stages)) if (stage) files.add(stage.file);
  if (bundle.kind === 'v2a-flow' || bundle.kind === 't2a-flow') {
    for (const w of bundle.windows) for (const f of Object.values(w.files)) if (f) files.add(f);
    for (const c of Object.values(bundle.nullConditions)) files.add(c.file);
    if (bundle.latent.mean) files.add(bundle.latent.mean.file);
    if (bundle.latent.std) files.add(bundle.latent.std.file);
  }
  if ('text' in bundle && bundle.text) {
    files.add(join(bundle.text.tokenizerDir, 'tokenizer.json'));
    files.add(join(bundle.text.tokenizerDir, 'tokenizer_config.json'));
  }
  return [...files];
}

export function readBundleManifest(dir: string): Bundle {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new FoleyError('MODEL_INVALID', `${path}: no bundle.json in this folder; see models/README.md.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FoleyError('MODEL_INVALID', `${path}: not valid JSON (${(e as Error).message}).`, { cause: e });
  }
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatIssuePath(issue.path) : '(root)';
    throw new FoleyError('MODEL_INVALID', `${path}: field ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  const bundle = parsed.data;
  for (const role of REQUIRED_ROLES[bundle.kind]) {
    if (!bundle.stages[role]) throw new FoleyError('MODEL_INVALID', `${path}: field stages.${role} is required for a ${bundle.kind} bundle.`);
  }
  if (bundle.kind === 'v2a-flow' && bundle.video.length === 0) {
    throw new FoleyError('MODEL_INVALID', `${path}: field video must describe at least one visual stream for a v2a-flow bundle.`);
  }
  if ((bundle.kind === 't2a-flow' || bundle.stages.textEncoder || bundle.stages.textEmbed) && !('text' in bundle && bundle.text)) {
    throw new FoleyError('MODEL_INVALID', `${path}: field text (tokenizer settings) is required when the bundle has a text encoder.`);
  }
  for (const file of bundleFiles(bundle)) {
    if (!existsSync(join(dir, file))) throw new FoleyError('MODEL_INVALID', `${path}: the file ${file} named in the manifest is missing.`);
  }
  return bundle;
}

/** Bundles in a models folder: every sub-folder with a bundle.json, valid or not (errors are kept). */
export function listInstalledBundles(modelsDir: string): InstalledBundle[] {
  if (!existsSync(modelsDir)) return [];
  const out: InstalledBundle[] = [];
  for (const name of readdirSync(modelsDir).sort()) {
    const dir = join(modelsDir, name);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, MANIFEST_FILE))) continue;
    try {
      out.push({ name, dir, bundle: readBundleManifest(dir) });
    } catch (e) {
      out.push({ name, dir, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

/** The graph file of a role for one window (per-window exports override the stage's file). */
export function stageFile(bundle: Bundle, role: StageRole, window?: BundleWindow): string | undefined {
  return window?.files[role] ?? bundle.stages[role]?.file;
}

/** Substitutes the window-bound symbolic dimension `latentLength`; other symbols stay free. */
export function resolveShape(spec: TensorSpec, window: BundleWindow | undefined): Array<number | string> {
  return spec.shape.map((d) => (d === 'latentLength' && window ? window.latentLength : d));
}

/** Reads a raw little-endian float32 constant and checks its size against the declared shape. */
export function readConstant(dir: string, constant: Constant): Float32Array {
  const path = join(dir, constant.file);
  const bytes = readFileSync(path);
  const expected = constant.shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== expected * 4) {
    throw new FoleyError('MODEL_INVALID', `${path}: holds ${bytes.byteLength / 4} float32 values but the manifest declares shape [${constant.shape.join(', ')}].`);
  }
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function isFlowBundle(b: Bundle): b is FlowBundle {
  return b.kind === 'v2a-flow' || b.kind === 't2a-flow';
}
