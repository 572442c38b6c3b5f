/**
 * Reading an edited plan from outside (`foley generate --plan FILE`, the server): JSON parse + zod
 * validation at the edge. Every failure is one PLAN_INVALID FoleyError (exit 3) naming the file and the
 * path of the offending field, e.g. `plan.json: cues[2].end: end must not be before start`.
 */
import { readFileSync } from 'node:fs';
import { checkPlan, type FoleyPlan } from '../../contracts/plan';
import { FoleyError } from '../../core/errors';

const MAX_LISTED_ISSUES = 3;

/** Validates plan JSON text; `source` names the file in messages. */
export function parsePlanText(text: string, source: string): FoleyPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FoleyError('PLAN_INVALID', `${source} is not valid JSON (${(e as Error).message}); fix the file or write a new one with foley plan --json.`, { cause: e });
  }
  const r = checkPlan(value);
  if (r.ok) return r.plan;
  const shown = r.issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path}: ${i.message}`);
  const more = r.issues.length > MAX_LISTED_ISSUES ? ` (and ${r.issues.length - MAX_LISTED_ISSUES} more)` : '';
  throw new FoleyError('PLAN_INVALID', `${source} is not a valid FoleyPlan: ${shown.join('; ')}${more}.`);
}

export function loadPlanFile(path: string): FoleyPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FoleyError('PLAN_INVALID', `Cannot read the plan file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'read error'}.`, { cause: e });
  }
  return parsePlanText(text, path);
}
