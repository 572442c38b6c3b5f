/**
 * Onsets of a library file, fast enough to index hundreds of files a second. Detection follows dsp
 * `detectOnsets` step for step (SuperFlux activation, dsp `pickFluxPeaks`, envelope refinement, the
 * −70 dBFS silence gate, the 30 ms minimum inter-onset interval) on the scan's copy decimated to about
 * 8 kHz (box-car average: aliasing does not matter for finding transients) with 16 ms frames on a 10 ms
 * hop, using the library's cheaper activation (`onsetFlux.ts`, same values to ~1e-7). Each coarse
 * onset is then refined to the sample at the file's own rate with dsp `refineOnsetSample` in a window
 * from 8 ms before to 4 ms after it (the coarse onset can be up to one hop late, never early by more
 * than a few samples). Files below 16 kHz are analysed as they are with dsp `detectOnsets`.
 */
import { DEFAULT_ONSET_OPTIONS, detectOnsets, pickFluxPeaks, refineOnsetSample, type OnsetOptions } from '../../../dsp/onsets';
import { onsetFlux } from './onsetFlux';
import type { SignalScan } from './signalScan';

const COARSE_OPTIONS: Readonly<OnsetOptions> = Object.freeze({ ...DEFAULT_ONSET_OPTIONS, frameSec: 0.016, hopSec: 0.01 });
const REFINE_BEFORE_SEC = 0.008;
const REFINE_AFTER_SEC = 0.004;
const GATE_SEC = 0.01;

/** True when the mean square of x[from .. from+length) is above the gate (silenceDb, dBFS RMS). */
function aboveSilence(x: Float32Array, from: number, length: number, silenceDb: number): boolean {
  const end = Math.min(x.length, from + length);
  if (end <= from) return false;
  let energy = 0;
  for (let i = from; i < end; i++) energy += (x[i] as number) * (x[i] as number);
  return energy > 0 && 10 * Math.log10(energy / (end - from)) > silenceDb;
}

/** Coarse onsets (sample indices of `x`, ascending) with dsp `detectOnsets`' rules, on the library activation. */
export function coarseOnsets(x: Float32Array, rate: number, o: OnsetOptions = COARSE_OPTIONS): number[] {
  if (x.length === 0) return [];
  const { flux, hop, frameSize, lag } = onsetFlux(x, rate, o);
  const halfFrame = frameSize >> 1;
  const gate = Math.max(1, Math.round(GATE_SEC * rate));
  const found: Array<{ sample: number; strength: number }> = [];
  for (const f of pickFluxPeaks(flux, rate / hop, o)) {
    // the new sound entered the frame between the reference frame's start and this frame's end
    const at = refineOnsetSample(x, f * hop - halfFrame - lag * hop, f * hop + halfFrame, rate, o);
    if (at < 0) continue;
    const sample = Math.min(x.length - 1, at);
    if (aboveSilence(x, sample, gate, o.silenceDb)) found.push({ sample, strength: flux[f] as number });
  }
  found.sort((a, b) => a.sample - b.sample);
  // of two onsets closer than minIoiSec only the stronger stays
  const minGap = Math.round(o.minIoiSec * rate);
  const kept: Array<{ sample: number; strength: number }> = [];
  for (const c of found) {
    const prev = kept[kept.length - 1];
    if (!prev || c.sample - prev.sample >= minGap) kept.push(c);
    else if (c.strength > prev.strength) kept[kept.length - 1] = c;
  }
  return kept.map((c) => c.sample);
}

/** Onset sample indices (at the file's rate) of a scanned file, ascending. */
export function fileOnsetSamples(scan: SignalScan): number[] {
  const { mono, sampleRateHz, decimation } = scan;
  if (decimation === 1) return detectOnsets(mono, sampleRateHz).map((o) => o.sample);
  const before = Math.round(REFINE_BEFORE_SEC * sampleRateHz);
  const after = Math.round(REFINE_AFTER_SEC * sampleRateHz);
  const out: number[] = [];
  for (const c of coarseOnsets(scan.detection, sampleRateHz / decimation)) {
    const centre = c * decimation;
    const refined = refineOnsetSample(mono, centre - before, centre + after, sampleRateHz, DEFAULT_ONSET_OPTIONS);
    const sample = refined >= 0 ? refined : centre;
    if (out.length === 0 || sample > (out[out.length - 1] as number)) out.push(sample);
  }
  return out;
}
