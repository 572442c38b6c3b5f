/**
 * Guide track: the production sound, when present, knows exactly when a hit happened. Onsets come from
 * the shared detector (`dsp/onsets.ts`, SuperFlux with sample refinement); an onset is trusted only when
 * the level jumps clearly at it (10 ms after vs 50 ms before, ≥ snapMinRiseDb), which rejects the random
 * flux peaks of noise-only soundtracks. Each visual contact then takes the time of the nearest trusted
 * onset within ±snapFrames frames, one onset per event (closest pairs first), so clips without a usable
 * guide track are left exactly as the picture says.
 */
import { type PcmAudio, toMono } from '../../core/audio';
import { detectOnsets } from '../../dsp/onsets';

export interface TrustedOnset {
  time: number;
  riseDb: number;
}

function meanSquare(x: Float32Array, from: number, to: number): number {
  const lo = Math.max(0, from);
  const hi = Math.min(x.length, to);
  if (hi <= lo) return 0;
  let acc = 0;
  for (let i = lo; i < hi; i++) acc += (x[i] as number) * (x[i] as number);
  return acc / (hi - lo);
}

export function trustedOnsets(sound: PcmAudio, minRiseDb: number): TrustedOnset[] {
  const mono = toMono(sound);
  const sr = sound.sampleRateHz;
  const out: TrustedOnset[] = [];
  for (const o of detectOnsets(mono, sr)) {
    // the level before the onset needs at least 10 ms of signal to compare against
    const beforeStart = Math.max(0, o.sample - Math.round(0.052 * sr));
    const beforeEnd = o.sample - Math.round(0.002 * sr);
    if (beforeEnd - beforeStart < Math.round(0.01 * sr)) continue;
    const after = meanSquare(mono, o.sample, o.sample + Math.round(0.01 * sr));
    const before = meanSquare(mono, beforeStart, beforeEnd);
    const riseDb = 10 * Math.log10((after + 1e-12) / (before + 1e-12));
    if (riseDb >= minRiseDb) out.push({ time: o.time, riseDb });
  }
  return out;
}

/** Returns, per event time, the snapped time or undefined. */
export function snapToOnsets(eventTimes: readonly number[], onsets: readonly TrustedOnset[], windowSec: number): Array<number | undefined> {
  const pairs: Array<{ d: number; e: number; o: number }> = [];
  for (let e = 0; e < eventTimes.length; e++) {
    const t = eventTimes[e] as number;
    for (let o = 0; o < onsets.length; o++) {
      const d = Math.abs((onsets[o] as TrustedOnset).time - t);
      if (d <= windowSec) pairs.push({ d, e, o });
    }
  }
  pairs.sort((a, b) => a.d - b.d || a.e - b.e || a.o - b.o);
  const result: Array<number | undefined> = new Array<number | undefined>(eventTimes.length).fill(undefined);
  const used = new Uint8Array(onsets.length);
  for (const p of pairs) {
    if (result[p.e] !== undefined || used[p.o]) continue;
    result[p.e] = (onsets[p.o] as TrustedOnset).time;
    used[p.o] = 1;
  }
  return result;
}
