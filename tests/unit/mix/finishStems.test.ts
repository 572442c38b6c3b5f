/**
 * The stems' last step (gain · limiter curve, then measurement) runs partly on a worker thread when the
 * mix runs from the compiled build (dist/, what the CLI and the server run). The worker path must give
 * exactly what finishing every stem here gives; it needs dist/ (npm test builds the server first) and
 * is skipped when it is missing. The split and the re-gain used after a late mix correction are checked
 * from sources.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPcm } from '../../../bridge-server/core/audio';
import { finishStem, stemsForWorker, type StemGain, type StemJob } from '../../../bridge-server/pipeline/mix/finishStems';
import { gainOverSpans, regainOverSpans, type Spans } from '../../../bridge-server/pipeline/mix/spans';

const SR = 48000;
const compiled = join(__dirname, '../../../dist/bridge-server/pipeline/mix/finishStems.js');
const withWorker = existsSync(compiled) && existsSync(join(__dirname, '../../../dist/bridge-server/pipeline/mix/finishStemsWorker.js')) ? it : it.skip;

/** A stereo stem of `seconds` with noise bursts inside `spans` (silence elsewhere). */
function stem(name: string, seconds: number, spans: Spans, seed: number, shared = true): StemJob {
  const a = createPcm(2, seconds * SR, SR, { shared });
  let s = seed;
  a.channels.forEach((ch, c) => {
    for (let k = 0; k < spans.length; k += 2) {
      for (let i = spans[k] as number; i < (spans[k + 1] as number); i++) {
        s = (s * 1103515245 + 12345) >>> 0;
        ch[i] = (s / 4294967296 - 0.5) * (0.6 + 0.2 * c) * Math.exp(-(i - (spans[k] as number)) / 4000);
      }
    }
  });
  return { name, sampleRateHz: SR, channels: a.channels, spans };
}

function curveOf(length: number, shared = true): Float32Array {
  const c = shared ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
  for (let i = 0; i < length; i++) c[i] = 0.55 + 0.45 * Math.cos(i / 3000) ** 2;
  return c;
}

const copyJob = (j: StemJob): StemJob => ({ ...j, channels: j.channels.map((ch) => ch.slice()) });

describe('finishing the stems', () => {
  it('gives the worker the largest stems while this thread, which also renders the mix, stays as loaded', () => {
    const dense = stem('ambience', 1, Int32Array.of(0, SR), 1);
    const hits = stem('hits', 1, Int32Array.of(0, 4000, 10000, 14000), 2);
    const steps = stem('steps', 1, Int32Array.of(20000, 26000), 3);
    const moves = stem('movement', 1, Int32Array.of(30000, 32000), 4);
    expect([...stemsForWorker([hits, dense, steps, moves], SR)].sort()).toEqual(['ambience', 'movement', 'steps']);
    expect([...stemsForWorker([hits], SR)]).toEqual(['hits']);
    expect([...stemsForWorker([], SR)]).toEqual([]);
  });

  it('re-gains a rendering with another gain and curve as if rendered afresh', () => {
    const s = stem('hits', 1, Int32Array.of(100, 9000, 20000, 30000), 5);
    const c1 = curveOf(SR);
    const c2 = c1.map((v, i) => Math.min(1, v * (0.9 + 0.2 * Math.sin(i / 500) ** 2)));
    const fresh = copyJob(s);
    gainOverSpans(s.channels, s.spans, 0.5, c1);
    regainOverSpans(s.channels, s.spans, { gain: 0.5, curve: c1 }, { gain: 0.8, curve: c2 });
    gainOverSpans(fresh.channels, fresh.spans, 0.8, c2);
    let worst = 0;
    s.channels.forEach((ch, c) => ch.forEach((v, i) => {
      const want = (fresh.channels[c] as Float32Array)[i] as number;
      worst = Math.max(worst, Math.abs(v - want) / Math.max(1e-3, Math.abs(want)));
    }));
    expect(worst).toBeLessThan(1e-6);
    // no curve before or after counts as 1
    const t = stem('t', 1, Int32Array.of(0, 1000), 6);
    const ref = t.channels[0]?.slice() as Float32Array;
    regainOverSpans(t.channels, t.spans, { gain: 2, curve: undefined }, { gain: 1, curve: undefined });
    expect((t.channels[0] as Float32Array)[10]).toBeCloseTo((ref[10] as number) / 2, 7);
  });

  withWorker('on a worker thread: the same stems and summaries as finishing every stem here', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(compiled) as { startFinishingStems: (j: StemJob[], g: StemGain, n: number) => { finish(): Record<string, unknown> } };
    const length = 3 * SR;
    const jobs = [
      stem('ambience', 3, Int32Array.of(0, length), 11),
      stem('hits', 3, Int32Array.of(1000, 20000, 60000, 90000), 12),
      stem('steps', 3, Int32Array.of(30000, 50000, 100000, 120000), 13),
      stem('movement', 3, Int32Array.of(5000, 9000), 14, false),
    ];
    const gain: StemGain = { gain: 0.7, curve: curveOf(length) };
    const expected = jobs.map(copyJob).map((j) => ({ j, summary: finishStem(j, gain) }));
    const summaries = dist.startFinishingStems(jobs, gain, length).finish();
    jobs.forEach((j, k) => {
      const want = expected[k] as { j: StemJob; summary: unknown };
      expect(summaries[j.name]).toEqual(want.summary);
      j.channels.forEach((ch, c) => expect(Buffer.compare(Buffer.from(ch.buffer), Buffer.from((want.j.channels[c] as Float32Array).buffer))).toBe(0));
    });
  });
});
