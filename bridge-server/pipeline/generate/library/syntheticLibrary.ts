/**
 * A synthetic sound library with known answers, for tests, benches and demos: UCS-named WAVs of
 * decaying noise bursts at known onset times (a "file of ten footsteps"), bext descriptions, a bed of
 * steady noise, AIFF/FLAC/MP3/OGG files made by ffmpeg, a byte-identical duplicate and deliberately broken
 * files (truncated WAV, text named .wav, zero bytes). Deterministic per seed.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PcmAudio } from '../../../core/audio';
import { createRng } from '../../../core/rng';
import { runFfmpeg, writeWav } from '../../../media';

export interface BurstTrainOptions {
  sampleRateHz: number;
  durationSec: number;
  /** onset times, seconds */
  onsetsSec: readonly number[];
  /** exponential decay time constant of each burst, seconds */
  decaySec?: number;
  amplitude?: number;
  /** one-pole low-pass coefficient 0..1 (0 = white) to vary the colour */
  lowpass?: number;
  seed: number;
}

/** Decaying noise bursts starting exactly at the given onsets (silence elsewhere). */
export function burstTrain(o: BurstTrainOptions): Float32Array {
  const n = Math.round(o.durationSec * o.sampleRateHz);
  const out = new Float32Array(n);
  const rng = createRng(o.seed);
  const decay = o.decaySec ?? 0.05;
  const amp = o.amplitude ?? 0.5;
  const a = o.lowpass ?? 0;
  for (const t of o.onsetsSec) {
    const start = Math.round(t * o.sampleRateHz);
    const len = Math.min(n - start, Math.round(decay * 8 * o.sampleRateHz));
    // the contact click: a few full-amplitude samples make the onset sharp, as in a real footstep
    let y = 1;
    for (let i = 0; i < len; i++) {
      if (i < 8) {
        out[start + i] = (out[start + i] as number) + amp * (i % 2 === 0 ? 1 : -1) * (1 - i / 8);
        continue;
      }
      y = a * y + (1 - a) * (rng.next() * 2 - 1);
      out[start + i] = (out[start + i] as number) + amp * y * Math.exp(-i / (decay * o.sampleRateHz));
    }
  }
  return out;
}

/** Steady noise (a rain/room bed). */
export function steadyNoise(sampleRateHz: number, durationSec: number, seed: number, amplitude = 0.1): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(Math.round(durationSec * sampleRateHz));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * (rng.next() * 2 - 1);
  return out;
}

export interface SyntheticFile {
  /** path relative to the library root */
  relPath: string;
  /** onset times in the file (empty for beds and broken files) */
  onsetsSec: number[];
  /** expected to be indexed (false for broken files and the duplicate) */
  indexable: boolean;
  description?: string;
}

export interface SyntheticLibrary {
  root: string;
  files: SyntheticFile[];
}

function evenOnsets(count: number, first: number, gap: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round((first + i * gap) * 1000) / 1000);
}

/**
 * Writes the test library under `root` (emptied first). `withFfmpeg` also makes the AIFF and FLAC
 * files (needs ffmpeg); `rate` is the WAV sample rate.
 */
export async function writeSyntheticLibrary(root: string, options: { withFfmpeg?: boolean; sampleRateHz?: number } = {}): Promise<SyntheticLibrary> {
  const rate = options.sampleRateHz ?? 48000;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const files: SyntheticFile[] = [];
  const wav = (relPath: string, audio: PcmAudio, description: string | undefined, onsetsSec: number[]): void => {
    const path = join(root, relPath);
    mkdirSync(dirname(path), { recursive: true });
    writeWav(path, audio, { bitDepth: '24', bext: description ? { description, date: new Date(Date.UTC(2024, 0, 1)) } : undefined });
    files.push({ relPath, onsetsSec, indexable: true, description });
  };
  const bursts = (onsetsSec: number[], durationSec: number, seed: number, lowpass = 0): PcmAudio => ({
    sampleRateHz: rate,
    channels: [burstTrain({ sampleRateHz: rate, durationSec, onsetsSec, seed, lowpass, decaySec: 0.03 })],
  });

  const gravel = evenOnsets(6, 0.25, 0.5);
  wav('Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav', bursts(gravel, 3.2, 1, 0.2), 'Footsteps, heavy boots walking on a gravel path', gravel);
  const concrete = evenOnsets(5, 0.2, 0.45);
  wav('Footsteps/FEETHmn_Concrete Sneaker Walk_ABC_002.wav', bursts(concrete, 2.6, 2, 0.5), 'Sneakers walking on a concrete sidewalk', concrete);
  const heels = evenOnsets(4, 0.3, 0.4);
  wav('Footsteps/FEETHmn_Wood Heels Walk_ABC_003.wav', bursts(heels, 2.0, 3, 0.1), 'High heels on a wooden floor', heels);
  wav('Doors/DOORWood_Door Slam Heavy_ABC_004.wav', bursts([0.1], 1.2, 4, 0.7), 'Heavy wooden door slams shut', [0.1]);
  const knocks = evenOnsets(3, 0.15, 0.25);
  wav('Doors/DOORMetl_Metal Door Knock_ABC_005.wav', bursts(knocks, 1.2, 5, 0.3), 'Three knocks on a steel door', knocks);
  wav('Ambience/RAIN_Steady Rain On Roof_ABC_006.wav', { sampleRateHz: rate, channels: [steadyNoise(rate, 8, 6), steadyNoise(rate, 8, 7)] }, 'Steady rain on a tin roof, stereo', []);
  // a file whose name is not UCS: its words are still searchable
  wav('Misc/knock on table.wav', bursts([0.2, 0.6], 1.0, 8, 0.4), undefined, [0.2, 0.6]);
  // a byte-identical copy under another name: indexed once, remembered as a duplicate
  mkdirSync(join(root, 'Copies'), { recursive: true });
  copyFileSync(join(root, 'Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav'), join(root, 'Copies/gravel copy.wav'));
  files.push({ relPath: 'Copies/gravel copy.wav', onsetsSec: gravel, indexable: false });

  if (options.withFfmpeg) {
    const tmp = join(root, '.tmp-src.wav');
    const whoosh = [0.1];
    writeWav(tmp, bursts(whoosh, 1.0, 9, 0.05), { bitDepth: '16' });
    mkdirSync(join(root, 'Whooshes'), { recursive: true });
    await runFfmpeg(['-y', '-i', tmp, '-c:a', 'pcm_s16be', join(root, 'Whooshes/WHSH_Fast Whoosh_ABC_007.aiff')]);
    files.push({ relPath: 'Whooshes/WHSH_Fast Whoosh_ABC_007.aiff', onsetsSec: whoosh, indexable: true });
    const smash = [0.15];
    writeWav(tmp, bursts(smash, 1.0, 10, 0), { bitDepth: '16' });
    mkdirSync(join(root, 'Glass'), { recursive: true });
    await runFfmpeg(['-y', '-i', tmp, '-c:a', 'flac', join(root, 'Glass/GLASBrk_Bottle Smash_ABC_008.flac')]);
    files.push({ relPath: 'Glass/GLASBrk_Bottle Smash_ABC_008.flac', onsetsSec: smash, indexable: true });
    // lossy formats: onsets survive encoding within a few ms (decoders remove the encoder delay)
    const clicks = [0.2, 0.7];
    writeWav(tmp, bursts(clicks, 1.2, 11, 0.3), { bitDepth: '16' });
    mkdirSync(join(root, 'Clicks'), { recursive: true });
    await runFfmpeg(['-y', '-i', tmp, '-c:a', 'libmp3lame', '-b:a', '192k', join(root, 'Clicks/MECHClik_Switch Click_ABC_010.mp3')]);
    files.push({ relPath: 'Clicks/MECHClik_Switch Click_ABC_010.mp3', onsetsSec: clicks, indexable: true });
    const drips = [0.25, 0.75];
    writeWav(tmp, bursts(drips, 1.2, 12, 0.6), { bitDepth: '16' });
    mkdirSync(join(root, 'Water'), { recursive: true });
    await runFfmpeg(['-y', '-i', tmp, '-c:a', 'libvorbis', '-q:a', '6', join(root, 'Water/WATRDrip_Faucet Drip_ABC_011.ogg')]);
    files.push({ relPath: 'Water/WATRDrip_Faucet Drip_ABC_011.ogg', onsetsSec: drips, indexable: true });
    rmSync(tmp, { force: true });
  }

  // deliberately broken files
  mkdirSync(join(root, 'Broken'), { recursive: true });
  const full = readFileSync(join(root, 'Footsteps/FEETHmn_Concrete Sneaker Walk_ABC_002.wav'));
  writeFileSync(join(root, 'Broken/FEETHmn_Truncated Walk_ABC_009.wav'), full.subarray(0, Math.floor(full.length / 3)));
  writeFileSync(join(root, 'Broken/notes.wav'), 'These are my notes about the session, not audio.\n');
  writeFileSync(join(root, 'Broken/empty.wav'), new Uint8Array(0));
  writeFileSync(join(root, 'Broken/readme.txt'), 'not a sound file: ignored by extension\n');
  for (const rel of ['Broken/FEETHmn_Truncated Walk_ABC_009.wav', 'Broken/notes.wav', 'Broken/empty.wav']) files.push({ relPath: rel, onsetsSec: [], indexable: false });
  return { root, files };
}
