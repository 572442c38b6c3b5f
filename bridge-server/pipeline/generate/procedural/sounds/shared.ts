/**
 * Small helpers shared by the one-shot generators: a buffer with the standard pre-roll, and a low "thump"
 * (a pitch-dropping decaying sine, the body/weight component of footsteps, punches and falls).
 */
import { PREROLL_SEC, type RawSound } from '../types';
import { addMode, secToSamples, type ModeEvent } from '../dsp';

export interface OneShotBuffer {
  buf: Float32Array;
  sync: number;
}

export function oneShotBuffer(lengthSec: number, sampleRateHz: number): OneShotBuffer {
  const sync = secToSamples(PREROLL_SEC, sampleRateHz);
  return { buf: new Float32Array(sync + secToSamples(lengthSec, sampleRateHz)), sync };
}

export function monoSound(b: OneShotBuffer, peakDb: number): RawSound {
  return { channels: [b.buf], syncSample: b.sync, peakDb };
}

/** A weighty low thump: a decaying sine whose pitch falls (by `drop`, e.g. 0.6) over its life. */
export function addThump(out: Float32Array, start: number, freqHz: number, decaySec: number, amp: number, sampleRateHz: number, drop = 0.6): void {
  addMode(out, start, freqHz, decaySec, amp, sampleRateHz, drop);
}

/** The same thump as a mode event, for generators that queue their modes and render them with addModes. */
export function thumpMode(start: number, freqHz: number, decaySec: number, amp: number, drop = 0.6): ModeEvent {
  return { start, freqHz, decaySec, amp, glide: drop };
}
