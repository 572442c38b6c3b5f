/**
 * Independent onset measurement for the sync tests: Debian's `aubioonset` run on a WAV we write.
 * aubio needs some history before a transient (an onset in the first frames of a file is not reported), so
 * the take is written after 0.25 s of a -80 dBFS noise floor. Settings: HFC, buffer 128, hop 16 samples
 * (0.33 ms at 48 kHz) so the measurement resolution is well under the 1 ms requirement. aubio has a
 * systematic, settings-dependent bias (standards.md §5.4: ≈ -0.9 hop with large hops; late by ~0.6 ms with
 * these small ones); it is measured in the same run on reference bursts with exactly known onsets and
 * subtracted, so the comparison does not depend on our own sync labels.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '../../../bridge-server/media';
import { createRng } from '../../../bridge-server/core/rng';

export const PAD_SAMPLES = 12000;

export class AubioProbe {
  private readonly dir = mkdtempSync(join(tmpdir(), 'foley-onset-'));
  private count = 0;

  /** First onset aubio finds in `x` (sample index into x), or undefined. */
  firstOnsetSample(x: Float32Array, sampleRateHz: number): number | undefined {
    const padded = new Float32Array(PAD_SAMPLES + x.length);
    const rng = createRng(99);
    for (let i = 0; i < PAD_SAMPLES; i++) padded[i] = 1e-4 * (rng.next() - 0.5);
    padded.set(x, PAD_SAMPLES);
    const file = join(this.dir, `take${this.count++}.wav`);
    writeWav(file, { sampleRateHz, channels: [padded] }, { bitDepth: '32f' });
    const out = execFileSync('aubioonset', ['-i', file, '-r', '0', '-O', 'hfc', '-B', '128', '-H', '16', '-s', '-90', '-T', 'samples'], { encoding: 'utf8' });
    const first = out.trim().split('\n').map(Number).find((v) => Number.isFinite(v) && v >= PAD_SAMPLES - 480);
    return first === undefined ? undefined : first - PAD_SAMPLES;
  }

  /** aubio's bias in samples, measured on decaying noise bursts whose onset sample is known exactly. */
  measureBiasSamples(sampleRateHz: number): number {
    const biases: number[] = [];
    const rng = createRng(7);
    for (const decaySec of [0.002, 0.005, 0.02]) {
      const x = new Float32Array(Math.round(0.5 * sampleRateHz));
      const onset = 480;
      for (let i = onset; i < x.length; i++) x[i] = 0.5 * (2 * rng.next() - 1) * Math.exp(-(i - onset) / (decaySec * sampleRateHz));
      const found = this.firstOnsetSample(x, sampleRateHz);
      if (found !== undefined) biases.push(found - onset);
    }
    if (biases.length === 0) throw new Error('aubioonset found no onset in the reference bursts');
    return biases.reduce((a, b) => a + b, 0) / biases.length;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Energy-envelope onset: first sample whose magnitude exceeds `fraction` of the take's peak. */
export function thresholdOnsetSample(x: Float32Array, fraction = 0.05): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i] as number));
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] as number) >= fraction * peak) return i;
  return -1;
}
