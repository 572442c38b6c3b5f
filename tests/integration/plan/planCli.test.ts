/**
 * `foley plan` and `foley generate --plan` end to end through the compiled CLI (`npm test` builds it in
 * `pretest`): exit codes, JSON plans that validate, one-line errors naming the field path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFoley } from '../../helpers/cli';
import { checkPlan } from '../../../bridge-server/contracts/plan';
import type { AnalysisResult } from '../../../bridge-server/contracts/events';
import { ensureDemoClip } from '../../../bridge-server/cli/demoClip';

const foley = (args: string[]) => runFoley(args);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'foley-plan-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('foley plan', () => {
  it('plans from text alone and prints a valid FoleyPlan', () => {
    const r = foley(['plan', '--prompt', 'a woman in high heels crosses a marble lobby, no music', '--duration', '4', '--marker', '3.2:SFX: heavy wooden door slams', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const parsed = checkPlan(JSON.parse(r.stdout));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const steps = parsed.plan.cues.filter((c) => c.sound.class === 'footsteps');
    expect(steps.length).toBeGreaterThan(3);
    for (const c of steps) expect(c.sound.params).toMatchObject({ surface: 'tile', footwear: 'heel' });
    const door = parsed.plan.cues.filter((c) => c.sound.class === 'door');
    expect(door).toHaveLength(1);
    expect(door[0]).toMatchObject({ start: 3.2, source: 'marker' });
    expect(parsed.plan.clip).toMatchObject({ path: null, inSec: 0, outSec: 4 });
  });

  it('binds the prompt to the events the analyzer finds in a real clip', async () => {
    const clip = await ensureDemoClip(join(work, 'demo.mp4'));
    const analyzed = foley(['analyze', clip, '--out', '3', '--json']);
    expect(analyzed.code).toBe(0);
    const analysis = JSON.parse(analyzed.stdout) as AnalysisResult;
    const impacts = analysis.events.filter((e) => e.kind === 'impact');
    expect(impacts.length).toBeGreaterThan(1);
    const r = foley(['plan', clip, '--out', '3', '--prompt', 'a rubber ball bounces on a wooden floor', '--json']);
    expect(r.code).toBe(0);
    const parsed = checkPlan(JSON.parse(r.stdout));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const bounces = parsed.plan.cues.filter((c) => c.sound.class === 'ball_bounce');
    // one bounce cue per impact the analyzer saw, at the same times
    expect(bounces.map((c) => c.start)).toEqual(impacts.map((e) => Math.round(e.t * 1e4) / 1e4));
    for (const c of bounces) expect(c.sound.params).toMatchObject({ ball: 'rubber', surface: 'wood' });
    expect(parsed.plan.clip.path).toBe(clip);
  });

  it('tells the editor on stderr about sounds the catalogue lacks and times past the range; --json stdout and stderr stay clean', () => {
    const args = ['plan', '--prompt', 'SFX: glass shatters at 3s; a dog barks, then a door slams at 12s', '--duration', '8', '--marker', '2:SFX: a phone rings'];
    const table = foley(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/glass_break/);
    expect(table.stderr.trim().split('\n')).toEqual([
      "foley: note: no sound in the catalogue for 'dog barks'",
      "foley: note: 'then a door slams': 12 s is past the end of the 8 s range; placed at its end",
      "foley: note: no sound in the catalogue for 'phone rings' (marker at 2 s)",
    ]);
    const json = foley([...args, '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const parsed = checkPlan(JSON.parse(json.stdout));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.plan.cues.map((c) => [c.sound.class, c.start])).toEqual([['glass_break', 3], ['door', 8]]);
  });

  it('usage errors exit 2, an uninstalled planner exits 3', () => {
    const noDuration = foley(['plan', '--prompt', 'rain', '--json']);
    expect(noDuration.code).toBe(2);
    expect(noDuration.stderr).toMatch(/--duration/);
    const badMarker = foley(['plan', '--duration', '3', '--marker', 'soon: door']);
    expect(badMarker.code).toBe(2);
    const presetFile = join(work, 'lm-preset.json');
    writeFileSync(presetFile, JSON.stringify({ name: 'lm', planner: 'tiny-planner-lm' }));
    const r = foley(['plan', '--prompt', 'rain', '--duration', '3', '--preset', presetFile]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/planner "tiny-planner-lm".*not installed/);
  });
});

describe('foley generate --plan', () => {
  it('an invalid plan exits 3 with the field path in one line', () => {
    const made = foley(['plan', '--prompt', 'heavy rain', '--duration', '3', '--json']);
    const plan = JSON.parse(made.stdout) as { cues: Array<{ end?: number; kind: string }> };
    delete plan.cues[0]?.end;
    const file = join(work, 'edited.json');
    writeFileSync(file, JSON.stringify(plan));
    const r = foley(['generate', '--plan', file, '--out', join(work, 'out')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cues[0].end');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('foley generate', () => {
  it('from a prompt prints the notices on stderr, and with --json puts them in the summary instead', () => {
    const args = ['generate', '--duration', '1', '--prompt', 'a dog barks, then a door slams'];
    const r = foley([...args, '--out', join(work, 'gen-notice')]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(["foley: note: no sound in the catalogue for 'dog barks'"]);
    const json = foley([...args, '--out', join(work, 'gen-notice-json'), '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { notices: string[] }).notices).toEqual(["no sound in the catalogue for 'dog barks'"]);
  });
});
