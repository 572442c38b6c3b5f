/**
 * The CLI contract, end to end on real files: exit codes, one-line errors, outputs.
 * Runs the compiled CLI (`npm test` builds it first in `pretest`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFoley } from '../../helpers/cli';
import { readWav } from '../../../bridge-server/media';
import { rational } from '../../../bridge-server/core/rational';
import {
  audioOnlyFile, lavfiClip, proresClip, textFileNamedMp4, truncatedMp4, zeroByteMp4,
} from '../../helpers/mediaFixtures';

const foley = (args: string[]) => runFoley(args);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'foley-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('bad input exits 3 with one clear line naming the file', () => {
  const cases: Array<[string, () => Promise<string>, string[], RegExp]> = [
    ['missing file', async () => join(work, 'nope.mp4'), [], /nope\.mp4: no such file/],
    ['zero-byte file', zeroByteMp4, [], /empty\.mp4: the file is empty/],
    ['text file named .mp4', textFileNamedMp4, [], /not_a_video\.mp4: not a readable media file/],
    ['truncated MP4', truncatedMp4, [], /truncated\.mp4: not a readable media file/],
    ['audio-only file', audioOnlyFile, [], /audio_only\.m4a: has no video stream/],
    ['--in past the end', () => lavfiClip(rational(25, 1), 2), ['--in', '30'], /past the end/],
    ['no frames in range', () => lavfiClip(rational(25, 1), 2), ['--in', '1.99', '--out', '2.0'], /no video frames between/],
  ];
  it.each(cases)('analyze: %s', async (_name, make, extra, message) => {
    const r = foley(['analyze', await make(), ...extra, '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.stdout).toBe('');
  });

  it('generate leaves nothing in --out after a failure', async () => {
    const out = join(work, 'failed-out');
    const r = foley(['generate', await truncatedMp4(), '--out', out]);
    expect(r.code).toBe(3);
    expect(!existsSync(out) || readdirSync(out).length === 0).toBe(true);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['generate', 'x.mp4']], // missing --out
    [['analyze']], // missing video
    [['generate', 'x.mp4', '--out', 'o', '--seed', 'abc']],
    [['frobnicate']],
  ])('%j', (args) => {
    const r = foley(args);
    expect(r.code).toBe(2);
  });

  it.each([
    ['--variations 1000', ['--variations', '1000'], /^foley: --variations: .*16/],
    ['--seed 99999999999', ['--seed', '99999999999'], /^foley: --seed: .*2147483647/],
    ['a 25 000-character --prompt', ['--prompt', 'door '.repeat(5000)], /^foley: --prompt: .*20000/],
    ['--in 1.5 --end 1', ['--in', '1.5', '--end', '1'], /^foley: The range must end after it starts/],
  ])('a value outside the contract names its flag in one line: %s', async (_label, extra, message) => {
    const r = foley(['generate', await lavfiClip(rational(25, 1), 2), '--out', join(work, 'never'), ...(extra as string[])]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});

describe('foley generate', () => {
  it.each([
    ['H.264 29.97', () => lavfiClip(rational(30000, 1001), 2)],
    ['ProRes 23.976 with timecode', proresClip],
  ])('writes a 48 kHz 24-bit BWF with a TimeReference and a report with per-stage times (%s)', async (_n, make) => {
    const clip = await make();
    const out = join(work, `gen-${_n.replace(/\W+/g, '_')}`);
    const r = foley(['generate', clip, '--out', out, '--json', '--prompt', 'a wooden door slams']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { files: { mix: string; report: string; plan: string } };
    const wav = readWav(summary.files.mix);
    expect(wav.audio.sampleRateHz).toBe(48000);
    expect(wav.bitDepth).toBe('24');
    expect(wav.bext?.originator).toBe('foley-bridge');
    expect(wav.bext?.timeReferenceSamples).toBeGreaterThanOrEqual(0);
    if (_n.startsWith('ProRes')) {
      // 01:00:00:00 at 23.976 NDF = 86400 frames × 1001/24000 s
      expect(wav.bext?.timeReferenceSamples).toBe(Math.round(((86400 * 1001) / 24000) * 48000));
    }
    const report = JSON.parse(readFileSync(summary.files.report, 'utf8')) as {
      stagesMs: Record<string, number>;
      source: { range: { inSec: number; outSec: number } };
    };
    // the file covers the clip's range exactly (2 s of 29.97 or 23.976 video is 60 or 48 frames = 2.002 s)
    expect(wav.audio.channels[0]?.length).toBe(Math.round((report.source.range.outSec - report.source.range.inSec) * 48000));
    expect(report.source.range.outSec).toBeCloseTo(2.002, 3);
    for (const stage of ['media', 'analyze', 'plan', 'generate', 'align', 'mix', 'deliver']) {
      expect(typeof report.stagesMs[stage]).toBe('number');
    }
    expect(existsSync(summary.files.plan)).toBe(true);
  });

  it('refuses to regenerate a cue id the plan does not have, naming it, and writes nothing', () => {
    const planPath = join(work, 'only-plan.json');
    const plan = foley(['plan', '--duration', '3', '--prompt', 'a door slams at 1s', '--json']);
    expect(plan.code).toBe(0);
    writeFileSync(planPath, plan.stdout);
    const out = join(work, 'only-out');
    const r = foley(['generate', '--plan', planPath, '--only', 'c999', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no cue "c999"/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an invalid plan with exit 3 and the field path', () => {
    const planPath = join(work, 'bad-plan.json');
    writeFileSync(
      planPath,
      JSON.stringify({
        version: 1,
        clip: { path: null, inSec: 0, outSec: 2, fps: { num: 25, den: 1 } },
        cues: [{ id: 'c1', start: 'soon', kind: 'hit', sound: { class: 'impact' }, stem: 'hits', source: 'user' }],
      }),
    );
    const r = foley(['generate', '--plan', planPath, '--out', join(work, 'bad-plan-out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cues[0].start');
  });
});
