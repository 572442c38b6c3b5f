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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../../bridge-server/core/rng';

export const PAD_SAMPLES = 12000;

/**
 * A minimal mono IEEE-float WAV, for aubio's input only (the media module's wavefile-based writer packs sample
 * by sample, ~20 s for the ~70 s of audio this test writes; a test fixture does not need bext/iXML).
 */
function writeFloatWav(file: string, x: Float32Array, sampleRateHz: number): void {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + x.byteLength, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(3, 20); // WAVE_FORMAT_IEEE_FLOAT
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(sampleRateHz * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(32, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(x.byteLength, 40);
  writeFileSync(file, Buffer.concat([header, Buffer.from(x.buffer, x.byteOffset, x.byteLength)]));
}

/**
 * Runs aubioonset once over many segments (each preceded by PAD_SAMPLES of a -80 dBFS noise floor, one file,
 * one process) and returns, per segment, the first onset aubio reports inside it (index into the segment).
 */
export function firstOnsetsPerSegment(segments: readonly Float32Array[], sampleRateHz: number): Array<number | undefined> {
  const starts: number[] = [];
  let length = 0;
  for (const seg of segments) {
    length += PAD_SAMPLES;
    starts.push(length);
    length += seg.length;
  }
  const all = new Float32Array(length + PAD_SAMPLES);
  const rng = createRng(99);
  for (let i = 0; i < all.length; i++) all[i] = 1e-4 * (rng.next() - 0.5);
  segments.forEach((seg, k) => {
    const at = starts[k] as number;
    for (let i = 0; i < seg.length; i++) all[at + i] = (all[at + i] as number) + (seg[i] as number);
  });
  const dir = mkdtempSync(join(tmpdir(), 'foley-onset-'));
  try {
    const file = join(dir, 'segments.wav');
    writeFloatWav(file, all, sampleRateHz);
    const out = execFileSync('aubioonset', ['-i', file, '-r', '0', '-O', 'hfc', '-B', '128', '-H', '16', '-s', '-90', '-T', 'samples'], { encoding: 'utf8' });
    const onsets = out.trim().split('\n').map(Number).filter((v) => Number.isFinite(v));
    return starts.map((start, k) => {
      const end = (starts[k + 1] ?? all.length) - PAD_SAMPLES / 2;
      const found = onsets.find((v) => v >= start - 480 && v < end);
      return found === undefined ? undefined : found - start;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decaying noise bursts whose onset (sample 480) is known exactly: aubio's bias is measured on these. */
export function referenceBursts(sampleRateHz: number): { bursts: Float32Array[]; onsetSample: number } {
  const rng = createRng(7);
  const onsetSample = 480;
  const bursts = [0.002, 0.005, 0.02].map((decaySec) => {
    const x = new Float32Array(Math.round(0.5 * sampleRateHz));
    for (let i = onsetSample; i < x.length; i++) x[i] = 0.5 * (2 * rng.next() - 1) * Math.exp(-(i - onsetSample) / (decaySec * sampleRateHz));
    return x;
  });
  return { bursts, onsetSample };
}

/** Energy-envelope onset: first sample whose magnitude exceeds `fraction` of the take's peak. */
export function thresholdOnsetSample(x: Float32Array, fraction = 0.05): number {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i] as number));
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] as number) >= fraction * peak) return i;
  return -1;
}
