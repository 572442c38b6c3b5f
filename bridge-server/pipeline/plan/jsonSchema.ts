/**
 * JSON Schema of the FoleyPlan for other tools (editors, validators, other languages), generated from
 * the zod schema in contracts/plan.ts with zod 4's `z.toJSONSchema`, so the two cannot drift. The input
 * side is exported: fields with defaults are optional, as a hand-edited plan may omit them.
 * A copy is committed at docs/foley-plan.schema.json; a unit test checks it is current.
 */
import { z } from 'zod';
import { FoleyPlanSchema, PLAN_VERSION } from '../../contracts/plan';

export function foleyPlanJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FoleyPlanSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://foley-bridge.local/schemas/foley-plan.v${PLAN_VERSION}.json`,
    title: 'FoleyPlan',
    description: 'A foley-bridge cue sheet: what will sound where. Times are seconds from the clip range start.',
  };
}
