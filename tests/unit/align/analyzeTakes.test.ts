/**
 * The align stage analyses takes on a worker thread when run from the compiled build (dist/, what the
 * CLI and the server run); this checks that path gives exactly the inline analyses. Needs dist/ (npm test
 * builds the server first); skipped when it is missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeClaimedFromFront, analyzeJob, type TakeJob } from '../../../bridge-server/pipeline/align/analyzeTakes';
import { synthTake } from './synthTakes';

const compiled = join(__dirname, '../../../dist/bridge-server/pipeline/align/analyzeTakes.js');
const run = existsSync(compiled) && existsSync(join(__dirname, '../../../dist/bridge-server/pipeline/align/analyzeWorker.js')) ? it : it.skip;

describe('take analysis on a worker thread', () => {
  run('equals the inline analysis, in order', () => {
    const jobs: TakeJob[] = [];
    for (let i = 0; i < 80; i++) {
      const t = synthTake({ seed: 100 + i, preroll: 200 + 7 * i, darkness: (i % 5) / 5, decayMs: 20 + i });
      jobs.push({ audio: t.audio, syncSample: t.syncSample, isBed: i % 17 === 0, gainDb: -(i % 4) });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(compiled) as { analyzeTakes: (j: TakeJob[]) => ReturnType<typeof analyzeJob>[] };
    const viaWorker = dist.analyzeTakes(jobs);
    const inline = jobs.map(analyzeJob);
    expect(viaWorker).toHaveLength(inline.length);
    viaWorker.forEach((a, k) => {
      const b = inline[k] as ReturnType<typeof analyzeJob>;
      expect(a.onsetErrorMs).toBe(b.onsetErrorMs);
      expect(a.loudnessLufs).toBe(b.loudnessLufs);
      expect(a.features.centroidHz).toBe(b.features.centroidHz);
      expect(a.features.bandFractions).toEqual(b.features.bandFractions);
      expect(Array.from(a.features.fingerprint)).toEqual(Array.from(b.features.fingerprint));
    });
  });

  it('shares the worker half by claims: the worker stops at the first take the stage already took', () => {
    const jobs: TakeJob[] = [0, 1, 2, 3, 4].map((i) => {
      const t = synthTake({ seed: 300 + i, preroll: 240, darkness: 0.3, decayMs: 40 });
      return { audio: t.audio, syncSample: t.syncSample, isBed: false, gainDb: 0 };
    });
    // the stage (2) has taken the last two from the back: the worker takes the rest in order and stops
    // there, which is what lets the stage stop at its first clash from the other end
    const claims = new Int32Array(new SharedArrayBuffer(4 * jobs.length));
    claims[3] = 2;
    claims[4] = 2;
    const done = analyzeClaimedFromFront({ jobs, claims });
    expect(done.map(([k]) => k)).toEqual([0, 1, 2]);
    expect(Array.from(claims)).toEqual([1, 1, 1, 2, 2]);
    done.forEach(([k, a]) => expect(a.loudnessLufs).toBe(analyzeJob(jobs[k] as TakeJob).loudnessLufs));
  });
});
