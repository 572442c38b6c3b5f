/**
 * dsp `refineOnsetSample` finds the steepest envelope rise with a sliding-window minimum (monotonic
 * deque) since library indexing refines every onset at full rate; it must return exactly what the
 * plain O(len·rise) scan returned.
 */
import { DEFAULT_ONSET_OPTIONS, refineOnsetSample, type OnsetOptions } from '../../../bridge-server/dsp/onsets';
import { burstTrain } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';

/** The original implementation, kept verbatim as the reference. */
function referenceRefine(samples: Float32Array, from: number, to: number, sampleRateHz: number, options: OnsetOptions): number {
  const lo = Math.max(0, from);
  const hi = Math.min(samples.length, to);
  if (hi - lo < 2) return -1;
  const envLen = Math.max(1, Math.round(options.envelopeSec * sampleRateHz));
  const rise = Math.max(1, Math.round(options.riseSec * sampleRateHz));
  const len = hi - lo;
  const env = new Float64Array(len);
  let acc = 0;
  for (let j = Math.max(0, lo - envLen + 1); j < lo; j++) acc += (samples[j] as number) * (samples[j] as number);
  for (let i = 0; i < len; i++) {
    const s = lo + i;
    acc += (samples[s] as number) * (samples[s] as number);
    const drop = s - envLen;
    if (drop >= 0) acc -= (samples[drop] as number) * (samples[drop] as number);
    env[i] = acc > 0 ? acc / envLen : 0;
  }
  let bestRise = 0;
  let bestIdx = -1;
  for (let i = 1; i < len; i++) {
    let mn = env[i] as number;
    for (let j = Math.max(0, i - rise); j < i; j++) if ((env[j] as number) < mn) mn = env[j] as number;
    const r = (env[i] as number) - mn;
    if (r > bestRise) {
      bestRise = r;
      bestIdx = i;
    }
  }
  if (bestIdx < 0) return -1;
  let peak = env[bestIdx] as number;
  for (let i = bestIdx; i < Math.min(len, bestIdx + rise); i++) if ((env[i] as number) > peak) peak = env[i] as number;
  let floorE = env[bestIdx] as number;
  for (let j = 0; j <= bestIdx; j++) if ((env[j] as number) < floorE) floorE = env[j] as number;
  const thresh = floorE + options.refineFraction * (peak - floorE);
  let i = bestIdx;
  while (i > 0 && (env[i - 1] as number) > thresh) i--;
  return lo + i;
}

describe('refineOnsetSample with a sliding-window minimum', () => {
  it('returns exactly the brute-force result on bursts, noise, plateaus and silence', () => {
    const rate = 48000;
    const x = burstTrain({ sampleRateHz: rate, durationSec: 2, onsetsSec: [0.1, 0.5, 0.9, 1.3, 1.7], seed: 11, lowpass: 0.4 });
    // a plateau (equal envelope values) and a silent stretch exercise ties and the -1 case
    x.fill(0.25, 30000, 31000);
    x.fill(0, 60000, 70000);
    let checked = 0;
    for (const opts of [DEFAULT_ONSET_OPTIONS, { ...DEFAULT_ONSET_OPTIONS, riseSec: 0.0001, envelopeSec: 0.00002 }, { ...DEFAULT_ONSET_OPTIONS, riseSec: 0.02 }]) {
      for (let from = -500; from < x.length; from += 1237) {
        for (const span of [2, 50, 576, 3000]) {
          expect(refineOnsetSample(x, from, from + span, rate, opts)).toBe(referenceRefine(x, from, from + span, rate, opts));
          checked++;
        }
      }
    }
    expect(refineOnsetSample(x, 61000, 65000, rate, DEFAULT_ONSET_OPTIONS)).toBe(-1);
    expect(checked).toBeGreaterThan(200);
  });
});
