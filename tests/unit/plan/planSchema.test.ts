import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FoleyError } from '../../../bridge-server/core/errors';
import { foleyPlanJsonSchema, loadPlanFile, parsePlanText } from '../../../bridge-server/pipeline/plan';

const validPlan = {
  version: 1,
  clip: { path: null, inSec: 0, outSec: 4, fps: { num: 25, den: 1 } },
  cues: [
    { id: 'c001', start: 0.5, kind: 'hit', sound: { class: 'door', params: { action: 'slam' } }, stem: 'hits', source: 'text' },
    { id: 'c002', start: 0, end: 4, kind: 'ambience', sound: { class: 'rain' }, stem: 'ambience', source: 'text' },
  ],
};

function messageOf(text: string): { code: string; message: string } {
  try {
    parsePlanText(text, 'edited.json');
  } catch (e) {
    if (e instanceof FoleyError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected the plan to be rejected');
}

describe('plan validation', () => {
  it('accepts a valid plan and fills defaults', () => {
    const plan = parsePlanText(JSON.stringify(validPlan), 'ok.json');
    expect(plan.cues[0]?.gainDb).toBe(0);
    expect(plan.cues[1]?.sound.params).toEqual({});
    expect(plan.sampleRateHz).toBe(48000);
  });

  it('names the path of the offending field', () => {
    const badEnd = structuredClone(validPlan);
    (badEnd.cues[1] as { end?: number }).end = undefined;
    expect(messageOf(JSON.stringify(badEnd))).toEqual({ code: 'PLAN_INVALID', message: expect.stringContaining('cues[1].end') as unknown as string });
    const badClass = structuredClone(validPlan) as { cues: Array<{ sound: { class: unknown } }> };
    (badClass.cues[0] as { sound: { class: unknown } }).sound.class = 42;
    expect(messageOf(JSON.stringify(badClass)).message).toMatch(/^edited\.json is not a valid FoleyPlan: cues\[0\]\.sound\.class: /);
    const badKind = { ...validPlan, cues: [{ ...validPlan.cues[0], kind: 'boom' }] };
    expect(messageOf(JSON.stringify(badKind)).message).toContain('cues[0].kind');
    expect(messageOf(JSON.stringify({ ...validPlan, version: 2 })).message).toContain('version');
    expect(messageOf('{ not json').code).toBe('PLAN_INVALID');
  });

  it('reads plan files and reports missing ones as PLAN_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-file-'));
    try {
      const path = join(dir, 'plan.json');
      writeFileSync(path, JSON.stringify(validPlan));
      expect(loadPlanFile(path).cues).toHaveLength(2);
      expect(() => loadPlanFile(join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'PLAN_INVALID' }) as unknown as Error);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the committed JSON Schema (docs/foley-plan.schema.json) is current', () => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '../../../docs/foley-plan.schema.json'), 'utf8'));
    expect(committed).toEqual(foleyPlanJsonSchema());
  });

  it('the JSON Schema describes the input side: defaults optional, loops need an id and a class', () => {
    const schema = foleyPlanJsonSchema() as { required: string[]; properties: { cues: { items: { required: string[] } } } };
    expect(schema.required.sort()).toEqual(['clip', 'cues', 'version']);
    expect(schema.properties.cues.items.required).toEqual(expect.arrayContaining(['id', 'start', 'kind', 'sound', 'stem', 'source']));
    expect(schema.properties.cues.items.required).not.toContain('gainDb');
  });
});
