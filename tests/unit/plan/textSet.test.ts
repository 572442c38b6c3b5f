import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { evaluateTextSet, TextSetSchema } from '../../../bridge-server/pipeline/plan';

const set = TextSetSchema.parse(JSON.parse(readFileSync(join(__dirname, '../../fixtures/plan/textset.json'), 'utf8')));
const catalogue = loadCatalogue();

describe('the planning text set', () => {
  it('has at least 80 items over every catalogue class, with narratives, markers and negations', () => {
    expect(set.items.length).toBeGreaterThanOrEqual(80);
    const covered = new Set(set.items.flatMap((i) => i.expect.map((e) => e.class)));
    for (const cls of catalogue.classes) expect(covered.has(cls.id)).toBe(true);
    const narratives = set.items.filter((i) => i.tag === 'narrative');
    expect(narratives.length).toBeGreaterThanOrEqual(3);
    for (const n of narratives) expect(n.text.split(/\s+/).length).toBeGreaterThanOrEqual(140);
    expect(set.items.filter((i) => /^\s*(sfx|fx|foley)\s*[:-]/i.test(i.text)).length).toBeGreaterThanOrEqual(10);
    expect(set.items.filter((i) => (i.absent ?? []).length > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('meets the acceptance bar: class precision and recall >= 0.9, material/surface/footwear >= 0.85, no negation leaks', () => {
    const score = evaluateTextSet(set, catalogue);
    expect(score.classPrecision).toBeGreaterThanOrEqual(0.9);
    expect(score.classRecall).toBeGreaterThanOrEqual(0.9);
    expect(score.keyParamAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(score.absentViolations).toBe(0);
  });
});
