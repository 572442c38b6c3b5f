/**
 * `foley models check`: loads every session a bundle names (every window's export), compares each
 * graph's input/output names, dtypes and fixed dimensions with the manifest, and loads the tokenizer.
 * Every problem names the graph file and the tensor.
 */
import { join } from 'node:path';
import type { Bundle, BundleWindow, StageRole } from './bundleSchema';
import { isFlowBundle, readBundleManifest, resolveShape, stageFile } from './bundleManifest';
import { type SessionCache, checkSession } from './ortRuntime';
import { loadTokenizer } from './tokenizer';

export interface StageCheck {
  role: StageRole;
  file: string;
  window?: number;
  problems: string[];
}

export interface BundleCheckReport {
  id: string;
  kind: Bundle['kind'];
  dir: string;
  ok: boolean;
  stages: StageCheck[];
  /** problems outside a graph (tokenizer) */
  problems: string[];
}

export async function checkBundle(dir: string, sessions: SessionCache): Promise<BundleCheckReport> {
  const bundle = readBundleManifest(dir);
  const stages: StageCheck[] = [];
  const seen = new Set<string>();
  const windows: Array<BundleWindow | undefined> = isFlowBundle(bundle) ? bundle.windows : [undefined];
  for (const [role, stage] of Object.entries(bundle.stages) as Array<[StageRole, NonNullable<Bundle['stages'][StageRole]>]>) {
    for (const window of windows) {
      const file = stageFile(bundle, role, window) as string;
      const key = `${file}@${window?.latentLength ?? ''}`;
      // A file shared by all windows is checked once unless its shapes depend on the window.
      const windowBound = [...stage.inputs, ...stage.outputs].some((s) => s.shape.includes('latentLength'));
      if (seen.has(windowBound ? key : file)) continue;
      seen.add(windowBound ? key : file);
      const check: StageCheck = { role, file, ...(window && windowBound ? { window: window.durationSec } : {}), problems: [] };
      try {
        const session = await sessions.get(join(dir, file));
        for (const m of checkSession(session, stage.inputs, stage.outputs, (s) => resolveShape(s, window))) {
          check.problems.push(`${file}: tensor "${m.tensor}": ${m.problem}`);
        }
      } catch (e) {
        check.problems.push(e instanceof Error ? e.message : String(e));
      }
      stages.push(check);
    }
  }
  const problems: string[] = [];
  if ('text' in bundle && bundle.text) {
    try {
      const tok = await loadTokenizer(join(dir, bundle.text.tokenizerDir), { maxLength: bundle.text.maxLength, padToMax: bundle.text.padToMax });
      tok.encode('a test sound');
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { id: bundle.id, kind: bundle.kind, dir, ok: problems.length === 0 && stages.every((s) => s.problems.length === 0), stages, problems };
}
