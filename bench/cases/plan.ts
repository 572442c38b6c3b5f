/**
 * Content planning: class precision/recall and key-parameter accuracy (material, surface, footwear) of
 * the rule planner on the hand-labelled text set (tests/fixtures/plan/textset.json, ≥ 80 items over every
 * catalogue class), and the time to plan a 150-word narrative against 40 synthetic visual events
 * (median of repeated runs after warm-up). Targets: precision ≥ 0.9, recall ≥ 0.9, key params ≥ 0.85,
 * planning < 50 ms (wall; CPU time is reported beside it, since a shared machine inflates wall time).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AnalysisResult, VisualEvent, VisualEventKind } from '../../bridge-server/contracts/events';
import { createRng } from '../../bridge-server/core/rng';
import { loadCatalogue } from '../../bridge-server/pipeline/generate/procedural/catalogue';
import { evaluateTextSet, planFoley, TextSetSchema } from '../../bridge-server/pipeline/plan';
import { requireFactoryPreset } from '../../bridge-server/presets/factory';
import { type BenchCase, type BenchRow, median } from '../types';

const TEXT_SET = join('tests', 'fixtures', 'plan', 'textset.json');
const NARRATIVE_WORDS = 150;
const EVENT_COUNT = 40;
const DURATION_SEC = 30;

/** The text set lives in the repository; walk up from here (sources under ts-node/Jest, or dist/). */
function findTextSet(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, TEXT_SET);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`${TEXT_SET} not found above ${__dirname}`);
}

/** 40 events over 30 s: steps, impacts and motion spans with seeded times, strengths and positions. */
function syntheticEvents(): VisualEvent[] {
  const rng = createRng('bench-plan-events');
  const kinds: VisualEventKind[] = ['step', 'step', 'impact', 'motion'];
  const events: VisualEvent[] = [];
  for (let i = 0; i < EVENT_COUNT; i++) {
    const t = Math.round(((i + rng.next()) / EVENT_COUNT) * DURATION_SEC * 1000) / 1000;
    const kind = kinds[i % kinds.length] ?? 'step';
    const e: VisualEvent = { t, frame: Math.round(t * 25), kind, strength: rng.range(0.2, 1), x: rng.next(), y: rng.next() };
    if (kind === 'motion') {
      e.end = t + rng.range(0.2, 0.8);
      e.size = rng.range(0.05, 0.6);
    }
    events.push(e);
  }
  return events;
}

export const planBench: BenchCase = {
  name: 'plan',
  description: 'rule planner: class precision/recall and parameter accuracy on the text set; 150-word narrative × 40 events timing',
  async run(ctx) {
    const catalogue = loadCatalogue();
    const set = TextSetSchema.parse(JSON.parse(readFileSync(findTextSet(), 'utf8')));
    const score = evaluateTextSet(set, catalogue);
    for (const m of score.misses) {
      ctx.log(`miss: "${m.text.slice(0, 60)}…" missing [${m.missing.join(', ')}] extra [${m.extra.join(', ')}] ${m.wrongParams.join('; ')}`);
    }

    const narrative = set.items
      .filter((i) => i.tag === 'narrative')
      .map((i) => i.text)
      .join(' ')
      .split(/\s+/)
      .slice(0, NARRATIVE_WORDS)
      .join(' ');
    const analysis: AnalysisResult = { fps: { num: 25, den: 1 }, duration: DURATION_SEC, events: syntheticEvents(), cuts: [], motion: [], motionRateHz: 10 };
    const input = {
      clip: { path: null, inSec: 0, outSec: DURATION_SEC, fps: { num: 25, den: 1 }, timelineStartSec: 0 },
      preset: requireFactoryPreset('default'),
      prompt: narrative,
      analysis,
      catalogue,
    };
    const runs = ctx.options.quick ? 10 : 40;
    for (let i = 0; i < 3; i++) await planFoley(input);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let cues = 0;
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const plan = await planFoley(input);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
      cues = plan.cues.length;
    }
    const planMs = median(times);
    const planCpuMs = median(cpuTimes);
    ctx.log(`narrative: ${narrative.split(/\s+/).length} words, ${EVENT_COUNT} events → ${cues} cues`);

    const rows: BenchRow[] = [
      { case: 'plan', metric: 'class_precision', value: score.classPrecision, unit: 'ratio', target: '>= 0.9', pass: score.classPrecision >= 0.9, note: `${score.items} texts` },
      { case: 'plan', metric: 'class_recall', value: score.classRecall, unit: 'ratio', target: '>= 0.9', pass: score.classRecall >= 0.9 },
      { case: 'plan', metric: 'param_accuracy_material_surface_footwear', value: score.keyParamAccuracy, unit: 'ratio', target: '>= 0.85', pass: score.keyParamAccuracy >= 0.85, note: `${score.keyParamCount} labelled values` },
      { case: 'plan', metric: 'param_accuracy_other', value: score.otherParamAccuracy, unit: 'ratio', note: `${score.otherParamCount} labelled values` },
      { case: 'plan', metric: 'negation_violations', value: score.absentViolations, unit: 'count', target: '== 0', pass: score.absentViolations === 0 },
      { case: 'plan', metric: 'narrative150_events40_median', value: planMs, unit: 'ms', target: '< 50', pass: planMs < 50, note: `median of ${runs}` },
      // CPU time of the same runs: what the planner costs when the machine is shared (wall time includes waiting)
      { case: 'plan', metric: 'narrative150_events40_cpu_median', value: planCpuMs, unit: 'ms', note: `median of ${runs}` },
    ];
    return rows;
  },
};
