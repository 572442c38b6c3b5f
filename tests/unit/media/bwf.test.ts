import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, loudnessWord, readLoudnessWord, readWav, runTool, writeWav } from '../../../bridge-server/media';
import { createPcm } from '../../../bridge-server/core/audio';
import { createRng } from '../../../bridge-server/core/rng';
import { rational } from '../../../bridge-server/core/rational';

function sinePcm(seconds: number, channels = 2) {
  const n = Math.round(48000 * seconds);
  const pcm = createPcm(channels, n);
  for (const ch of pcm.channels) for (let i = 0; i < n; i++) ch[i] = 0.5 * Math.sin((2 * Math.PI * 997 * i) / 48000);
  return pcm;
}

describe('Broadcast WAV', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'foley-bwf-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes 48 kHz 24-bit PCM with a bext chunk whose fields read back', () => {
    const path = join(dir, 'foley.wav');
    const tr = 172_800_000 + 48000 * 12.5; // 01:00:12:12.5 @ 48 kHz
    writeWav(path, sinePcm(0.5), {
      bext: {
        description: 'clip.mp4 — full mix',
        timeReferenceSamples: tr,
        date: new Date(2026, 10, 21, 9, 5, 7),
        loudness: { integratedLufs: -23.004, loudnessRangeLu: 4.26, truePeakDbtp: -1.2, maxMomentaryLufs: -18.5, maxShortTermLufs: -20.03 },
        timecodeRate: rational(30000, 1001),
      },
    });
    const back = readWav(path);
    expect(back.bitDepth).toBe('24');
    expect(back.audio.sampleRateHz).toBe(48000);
    expect(back.audio.channels).toHaveLength(2);
    expect(back.bext?.originator).toBe('foley-bridge');
    expect(back.bext?.description).toBe('clip.mp4 - full mix'); // bext is ASCII: the dash is mapped
    expect(back.bext?.timeReferenceSamples).toBe(tr);
    expect(back.bext?.version).toBe(2);
    expect(back.bext?.originationDate).toBe('2026-11-21');
    expect(back.bext?.originationTime).toBe('09:05:07');
    expect(back.bext?.loudnessValue).toBeCloseTo(-23.0, 2);
    expect(back.bext?.loudnessRange).toBeCloseTo(4.26, 2);
    expect(back.bext?.maxTruePeakLevel).toBeCloseTo(-1.2, 2);
    expect(back.bext?.maxMomentaryLoudness).toBeCloseTo(-18.5, 2);
    expect(back.bext?.maxShortTermLoudness).toBeCloseTo(-20.03, 2);
    expect(back.ixml).toContain('<TIMECODE_RATE>30000/1001</TIMECODE_RATE>');
    // 24-bit quantization error only
    const a = back.audio.channels[0] as Float32Array;
    expect(a[1000]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 997 * 1000) / 48000), 6);
  });

  it('is read the same way by ffprobe (an independent reader)', async () => {
    const path = join(dir, 'tc.wav');
    writeWav(path, sinePcm(0.1, 1), { bext: { description: 'x', timeReferenceSamples: 172_800_000 } });
    const { stdout } = await runTool('ffprobe', ['-v', 'error', '-of', 'json', '-show_format', path]);
    const json = JSON.parse(stdout.toString()) as { format: { tags: Record<string, string> } };
    expect(json.format.tags.time_reference).toBe('172800000');
    expect(json.format.tags.encoded_by).toBe('foley-bridge');
  });

  it('writes 32-bit float when asked and marks unknown loudness as 0x7FFF', () => {
    const bytes = encodeWav(sinePcm(0.05, 1), { bitDepth: '32f', bext: { description: 'float' } });
    const back = readWav(bytes);
    expect(back.bitDepth).toBe('32f');
    expect(back.bext?.loudnessValue).toBeUndefined();
    expect(back.bext?.maxTruePeakLevel).toBeUndefined();
  });

  it('packs loudness words as signed ×100, rounding half away from zero', () => {
    expect(loudnessWord(-22.645)).toBe(0xf727);
    expect(loudnessWord(12.765)).toBe(1277);
    expect(readLoudnessWord(0xf727)).toBeCloseTo(-22.65, 5);
    expect(loudnessWord(undefined)).toBe(0x7fff);
  });

  it('leaves no temporary file behind after an atomic write', () => {
    const path = join(dir, 'atomic.wav');
    writeWav(path, sinePcm(0.01, 1));
    writeWav(path, sinePcm(0.02, 1));
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readWav(readFileSync(path)).audio.channels[0]?.length).toBe(960);
  });

  it('packs samples exactly like Math.round + clamp, including edge values, at 16 and 24 bits', () => {
    const rng = createRng(3);
    const special = [0, -0, 1, -1, 1.0000001, -1.0000001, 3, -3, NaN, Infinity, -Infinity, 1e-30, -1e-30, 0.99999994, -0.99999994];
    const values: number[] = [...special];
    for (let i = 0; i < 20000; i++) {
      // values whose scaled code sits on or next to a half-integer, where rounding shortcuts go wrong
      const k = Math.floor(rng.next() * 16777216) - 8388608;
      values.push(Math.fround((k + 0.5) / 8388607), Math.fround((k + 0.5) / 32767), Math.fround(rng.gauss() * 0.3));
    }
    for (const [depth, max, bytes] of [['24', 8388607, 3], ['16', 32767, 2]] as const) {
      for (const channels of [1, 2]) {
        const n = Math.floor(values.length / channels) - (channels === 2 ? 1 : 0); // odd frame counts too
        const pcm = createPcm(channels, n);
        pcm.channels.forEach((ch, c) => ch.set(values.slice(c * n, c * n + n)));
        const wav = encodeWav(pcm, { bitDepth: depth });
        const dataBytes = n * channels * bytes;
        const dataStart = wav.length - dataBytes - (dataBytes % 2);
        let mismatches = 0;
        for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) {
          let q = Math.round((pcm.channels[c]![i] as number) * max);
          q = q > max ? max : q < -max - 1 ? -max - 1 : q;
          const o = dataStart + (i * channels + c) * bytes;
          for (let b = 0; b < bytes; b++) if (wav[o + b] !== ((q >> (8 * b)) & 0xff)) mismatches++;
        }
        expect(mismatches).toBe(0);
        if (dataBytes % 2) expect(wav[wav.length - 1]).toBe(0);
      }
    }
  });

  it('writes a mostly silent file with holes for its silence, byte for byte the same as the whole encode', () => {
    // bursts of sound between long silences, starting and ending silent and loud, at every depth and
    // channel count; odd lengths and bursts that straddle the silence test's blocks
    const rng = createRng(7);
    for (const depth of ['24', '16', '32f'] as const) {
      for (const channels of [1, 2]) {
        for (const [n, loudEnds] of [[480_001, false], [480_000, true]] as const) {
          const pcm = createPcm(channels, n);
          const bursts = loudEnds ? [[0, 700], [100_000, 103_333], [250_000, 250_001], [n - 5000, n]] : [[4095, 9000], [200_000, 230_000]];
          for (const [a, b] of bursts) for (const ch of pcm.channels) for (let i = a as number; i < (b as number); i++) ch[i] = rng.gauss() * 0.2;
          // a negative zero is a sound in a 32-bit float file (its bytes are not zero)
          pcm.channels[0]![300_000] = -0;
          const path = join(dir, `sparse-${depth}-${channels}-${n}.wav`);
          writeWav(path, pcm, { bitDepth: depth });
          const written = readFileSync(path);
          const whole = encodeWav(pcm, { bitDepth: depth });
          expect(written.length).toBe(whole.length);
          expect(Buffer.compare(written, Buffer.from(whole))).toBe(0);
          // ext4, xfs, btrfs and tmpfs keep unwritten ranges as holes: far fewer blocks than bytes
          expect(statSync(path).blocks * 512).toBeLessThan(written.length / 2);
        }
      }
    }
  });
});
