import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PresetSchema } from '../../../bridge-server/contracts/preset';
import { checkPlan } from '../../../bridge-server/contracts/plan';
import { readWav } from '../../../bridge-server/media';
import { alignTakes } from '../../../bridge-server/pipeline/align';
import { mixStems } from '../../../bridge-server/pipeline/mix';
import { deliverOutputs, stemFileName } from '../../../bridge-server/pipeline/deliver';
import { jsonSafe } from '../../../bridge-server/pipeline/deliver/buildReport';
import { SR, generated, makeCue, makePlan, synthBed, synthTake } from '../align/synthTakes';

const preset = PresetSchema.parse({ name: 'test' });

function pipeline(withBed = true) {
  const cues = [
    makeCue({ id: 'h1', start: 0.5, stem: 'hits' }),
    makeCue({ id: 's1', start: 1.0, stem: 'steps', sound: { class: 'footsteps', params: {} }, pan: -0.5 }),
    makeCue({ id: 'h2', start: 1.7, stem: 'hits' }),
  ];
  if (withBed) cues.push(makeCue({ id: 'amb', start: 0, end: 2.5, kind: 'ambience', stem: 'ambience', sound: { class: 'rain', params: {} } }));
  const plan = makePlan(cues, 2.5);
  const candidates = cues.map((cue, i) => ({
    cue,
    takes: cue.kind === 'ambience' ? [synthBed(i, 1)] : [synthTake({ seed: 10 * i }), synthTake({ seed: 10 * i + 1 })],
  }));
  const aligned = alignTakes({ generated: generated(plan, candidates), sampleRateHz: SR });
  const mixed = mixStems({ aligned, preset });
  return { plan, aligned, mixed };
}

describe('deliverOutputs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'deliver-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes Broadcast WAVs with TimeReference and loudness, plan.json and report.json', async () => {
    const { plan, aligned, mixed } = pipeline();
    const outDir = join(root, 'out');
    const tr = 3600 * SR;
    const res = await deliverOutputs({ outDir, mixed, plan, aligned, preset, timeReferenceSamples: tr, report: { stageMs: { align: 12 } } });
    expect(res.files.mix).toBe(join(outDir, 'foley.wav'));
    expect(Object.keys(res.files.stems).sort()).toEqual(['ambience', 'hits', 'steps']);
    const mixWav = readWav(res.files.mix);
    expect(mixWav.bitDepth).toBe('24');
    expect(mixWav.audio.sampleRateHz).toBe(SR);
    expect(mixWav.audio.channels[0]?.length).toBe(2.5 * SR);
    expect(mixWav.bext?.timeReferenceSamples).toBe(tr);
    expect(mixWav.bext?.description).toBe('clip.mov - Foley full mix');
    expect(mixWav.bext?.loudnessValue).toBeCloseTo(mixed.loudness.mix.integratedLufs, 2);
    expect(mixWav.bext?.loudnessValue).toBeLessThan(0); // the negative-value pitfall
    expect(mixWav.bext?.maxTruePeakLevel).toBeCloseTo(mixed.loudness.mix.truePeakDbtp, 2);
    const steps = readWav(res.files.stems.steps as string);
    expect(steps.bext?.description).toBe('clip.mov - Foley stem steps');
    expect(steps.bext?.timeReferenceSamples).toBe(tr);
    // 24-bit delivery matches the mix to quantization
    const a = mixWav.audio.channels[0] as Float32Array;
    const b = mixed.mix.channels[0] as Float32Array;
    for (let i = 0; i < a.length; i += 101) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(2 / 8388608);
    expect(checkPlan(JSON.parse(readFileSync(res.files.plan, 'utf8'))).ok).toBe(true);
    const report = JSON.parse(readFileSync(res.files.report, 'utf8')) as Record<string, any>;
    expect(report.stageMs).toEqual({ align: 12 });
    expect(report.cues).toHaveLength(4);
    const h1 = report.cues.find((c: { id: string }) => c.id === 'h1');
    expect(h1.timeSec).toBe(0.5);
    expect(h1.syncSampleOut).toBe(24000);
    expect(h1.scores).toHaveLength(2);
    expect(h1.provenance.backend).toBe('procedural');
    expect(Object.keys(report.loudness).sort()).toEqual(['foley.wav', 'stems/ambience.wav', 'stems/hits.wav', 'stems/steps.wav']);
    expect(report.targets.integratedLufs).toBe(-23);
    // nothing left over beside outDir
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('replaces only its own files in an existing folder and drops stale stems of the previous run', async () => {
    const outDir = join(root, 'out');
    mkdirSync(join(outDir, 'stems'), { recursive: true });
    writeFileSync(join(outDir, 'notes.txt'), 'mine');
    writeFileSync(join(outDir, 'stems', 'music.wav'), 'not ours');
    const first = pipeline(true);
    await deliverOutputs({ outDir, ...first, preset, timeReferenceSamples: 0, report: {} });
    expect(existsSync(join(outDir, 'stems', 'ambience.wav'))).toBe(true);
    const second = pipeline(false);
    await deliverOutputs({ outDir, ...second, preset, timeReferenceSamples: 0, report: {} });
    expect(readFileSync(join(outDir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(outDir, 'stems', 'music.wav'), 'utf8')).toBe('not ours');
    expect(existsSync(join(outDir, 'stems', 'ambience.wav'))).toBe(false);
    expect(readdirSync(join(outDir, 'stems')).sort()).toEqual(['hits.wav', 'music.wav', 'steps.wav']);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('leaves nothing behind when cancelled', async () => {
    const { plan, aligned, mixed } = pipeline();
    const ac = new AbortController();
    ac.abort();
    await expect(deliverOutputs({ outDir: join(root, 'out'), mixed, plan, aligned, preset, timeReferenceSamples: 0, report: {}, signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(root)).toEqual([]);
  });

  it('removes the temporary folder a killed run left beside outDir, but not one of a live process', async () => {
    const { plan, aligned, mixed } = pipeline(false);
    const outDir = join(root, 'out');
    // a pid that certainly belonged to a process that has exited
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const stale = join(root, `.out.partial-${gone}-deadbeef`);
    const live = join(root, `.out.partial-${process.ppid}-cafef00d`);
    for (const d of [stale, live]) {
      mkdirSync(join(d, 'stems'), { recursive: true });
      writeFileSync(join(d, 'foley.wav'), 'half-written');
    }
    await deliverOutputs({ outDir, mixed, plan, aligned, preset, timeReferenceSamples: 0, report: {} });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(root).sort()).toEqual([`.out.partial-${process.ppid}-cafef00d`, 'out']);
  });

  it('fails with OUTPUT_FAILED and cleans up when the folder cannot be written', async () => {
    const { plan, aligned, mixed } = pipeline(false);
    writeFileSync(join(root, 'file'), 'x');
    await expect(deliverOutputs({ outDir: join(root, 'file', 'out'), mixed, plan, aligned, preset, timeReferenceSamples: 0, report: {} })).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    expect(readdirSync(root)).toEqual(['file']);
  });
});

describe('report helpers', () => {
  it('turns non-finite numbers into null', () => {
    expect(jsonSafe({ a: -Infinity, b: [1, NaN], c: { d: 2, e: undefined } })).toEqual({ a: null, b: [1, null], c: { d: 2 } });
  });

  it('makes safe stem file names', () => {
    expect(stemFileName('Hits')).toBe('hits.wav');
    expect(stemFileName('../evil name')).toBe('evil-name.wav');
    expect(stemFileName('***')).toBe('stem.wav');
  });
});
