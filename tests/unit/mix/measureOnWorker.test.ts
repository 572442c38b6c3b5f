/**
 * The mix runs two read-only measurements on a worker thread when it runs from the compiled build
 * (dist/): they must equal the same measurement made here. Needs dist/ (npm test builds the server
 * first); skipped when it is missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPcm, type PcmAudio } from '../../../bridge-server/core/audio';
import { kWeightedPower, measureLoudness, type LoudnessOptions } from '../../../bridge-server/dsp/loudness';
import type { KWeightedPower, Pending } from '../../../bridge-server/pipeline/mix/measureOnWorker';

const compiled = join(__dirname, '../../../dist/bridge-server/pipeline/mix/measureOnWorker.js');
const run = existsSync(compiled) && existsSync(join(__dirname, '../../../dist/bridge-server/pipeline/mix/measureWorker.js')) ? it : it.skip;

function programme(seconds: number, shared: boolean): PcmAudio {
  const a = createPcm(2, seconds * 48000, 48000, { shared });
  let s = 9;
  a.channels.forEach((ch, c) => {
    for (let i = 0; i < ch.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const burst = Math.floor(i / 24000) % 3 === 0 ? 1 : 0.05;
      ch[i] = (s / 4294967296 - 0.5) * burst * (0.5 + 0.2 * c);
    }
  });
  return a;
}

describe('measurements on a worker thread', () => {
  run('equal the same measurements made here, for shared and for unshared audio', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(compiled) as {
      startMeasure: (a: PcmAudio, o: LoudnessOptions) => Pending<ReturnType<typeof measureLoudness>>;
      startKWeightedPower: (a: PcmAudio) => Pending<KWeightedPower>;
    };
    for (const shared of [true, false]) {
      const a = programme(5, shared);
      const options: LoudnessOptions = { truePeak: false, activeSpans: Int32Array.of(0, 96000, 120000, 240000) };
      const m = dist.startMeasure(a, options);
      const k = dist.startKWeightedPower(a);
      expect(m.result()).toEqual(measureLoudness(a, options));
      const here = kWeightedPower(a);
      const there = k.result();
      expect(Array.from(there.energy)).toEqual(Array.from(here.energy));
      expect(Array.from(there.bounds)).toEqual(Array.from(here.bounds));
      expect(Buffer.compare(Buffer.from(there.power.buffer), Buffer.from(here.power.buffer))).toBe(0);
    }
  });
});
