/**
 * `foley bench sync`: how well and how fast the analyze stage finds contacts, on generated scenes with
 * exactly known event times (tests/scenes). Per scene and overall: F1 (±1 frame, one-to-one), median
 * |timing error| in frames, impacts on negative scenes (cuts/flicker/fades/pans), guide-track error for
 * snapped events; then analysis time as a ratio to a bare ffmpeg decode of the same frames (medians of
 * repeated runs in this process) and the analysis's peak RSS on a long 1080p clip in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { probeVideo, readPcm, resolveRange, runFfmpeg, analysisSize } from '../../bridge-server/media';
import { analyzeClip, DEFAULT_ANALYZE_OPTIONS } from '../../bridge-server/pipeline/analyze';
import { ensureScene } from '../../tests/scenes/generate';
import { allSceneSpecs, quickSceneSpecs, sceneSpecsAtRates } from '../../tests/scenes/scenes';
import { f1Of, scoreScene } from '../../tests/scenes/score';
import { type BenchCase, type BenchContext, type BenchRow, median } from '../types';
import { syncAudioRows } from './syncAudio';

const NAME = 'sync';

/** `--fps 100,120`: every scene type at those rates (clips outside the six editing rates, e.g. slow motion). */
function requestedRates(ctx: BenchContext): number[] | undefined {
  const fps = ctx.options.fps;
  return typeof fps === 'string' ? fps.split(',').map((v) => Number(v.trim())) : undefined;
}

async function sceneRows(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const rates = requestedRates(ctx);
  const specs = rates ? sceneSpecsAtRates(rates) : ctx.options.quick ? quickSceneSpecs() : allSceneSpecs();
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let falseImpacts = 0;
  let cutsMissed = 0;
  let cutsFalse = 0;
  const errors: number[] = [];
  const snapped: number[] = [];
  for (const spec of specs) {
    const scene = await ensureScene(spec.type, spec.fps);
    const probe = await probeVideo(scene.videoPath);
    const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, undefined, undefined);
    const sound = await readPcm({ probe, range, channels: 1 });
    const result = await analyzeClip({ probe, range, productionSound: sound });
    const s = scoreScene(result, scene.truth);
    tp += s.truePositives;
    fp += s.falsePositives;
    fn += s.falseNegatives;
    falseImpacts += s.falseImpacts;
    cutsMissed += s.cutsMissed;
    cutsFalse += s.cutsFalse;
    errors.push(...s.errorsFrames);
    snapped.push(...s.snappedErrorsMs);
    const name = scene.truth.name;
    if (scene.truth.negative) {
      rows.push({ case: NAME, metric: `${name} impacts`, value: s.falseImpacts, unit: 'events', target: '== 0', pass: s.falseImpacts === 0 });
    } else {
      rows.push({ case: NAME, metric: `${name} F1`, value: f1Of(s.truePositives, s.falsePositives, s.falseNegatives), unit: '', note: `tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives}` });
      rows.push({ case: NAME, metric: `${name} median error`, value: s.errorsFrames.length ? median(s.errorsFrames) : NaN, unit: 'frames' });
    }
    if (scene.truth.cuts.length > 0 || s.cutsFalse > 0) rows.push({ case: NAME, metric: `${name} cuts found`, value: s.cutsFound, unit: `of ${scene.truth.cuts.length}`, note: `false ${s.cutsFalse}` });
    ctx.log(`${name}: tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives} cuts ${s.cutsFound}/${scene.truth.cuts.length}`);
  }
  const f1 = f1Of(tp, fp, fn);
  rows.push({ case: NAME, metric: 'overall F1 (±1 frame)', value: f1, unit: '', target: '>= 0.92', pass: f1 >= 0.92, note: `tp ${tp} fp ${fp} fn ${fn}` });
  const med = errors.length ? median(errors) : NaN;
  rows.push({ case: NAME, metric: 'overall median |error|', value: med, unit: 'frames', target: '<= 0.3', pass: med <= 0.3 });
  rows.push({ case: NAME, metric: 'impacts on negative scenes', value: falseImpacts, unit: 'events', target: '== 0', pass: falseImpacts === 0 });
  rows.push({ case: NAME, metric: 'cuts missed / false', value: cutsMissed + cutsFalse, unit: 'cuts', target: '== 0', pass: cutsMissed + cutsFalse === 0 });
  const snapMed = snapped.length ? median(snapped) : NaN;
  rows.push({ case: NAME, metric: 'guide-track median |error| (snapped)', value: snapMed, unit: 'ms', target: '<= 2', pass: snapMed <= 2, note: `${snapped.length} snapped` });
  return rows;
}

/** A long 1080p clip from ffmpeg's test source (moving patterns, a counter and a sweeping bar). */
async function longClip(ctx: BenchContext, minutes: number): Promise<string> {
  const path = join(ctx.workDir, `long-${minutes}min.mp4`);
  await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25`, '-t', String(minutes * 60), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', path]);
  return path;
}

async function speedRows(ctx: BenchContext, clip: string, seconds: number): Promise<BenchRow[]> {
  const probe = await probeVideo(clip);
  const range = resolveRange(probe.path, probe.durationSec, probe.video.fps, 0, Math.min(seconds, probe.durationSec));
  const size = analysisSize(probe.video, DEFAULT_ANALYZE_OPTIONS.analysisWidth);
  const bare: number[] = [];
  const analysis: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await runFfmpeg(['-ss', range.inSec.toFixed(6), '-i', clip, '-t', (range.outSec - range.inSec).toFixed(6), '-vf', `scale=${size.width}:${size.height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-y', '/dev/null']);
    bare.push(performance.now() - t);
    t = performance.now();
    await analyzeClip({ probe, range });
    analysis.push(performance.now() - t);
  }
  const ratio = median(analysis) / median(bare);
  ctx.log(`decode ${median(bare).toFixed(0)} ms, analysis ${median(analysis).toFixed(0)} ms over ${range.frameCount} frames`);
  return [
    { case: NAME, metric: 'bare ffmpeg decode (1080p → analysis size)', value: median(bare), unit: 'ms', note: `${range.frameCount} frames` },
    { case: NAME, metric: 'analysis time', value: median(analysis), unit: 'ms' },
    { case: NAME, metric: 'analysis / bare decode', value: ratio, unit: 'ratio', target: '<= 1.25', pass: ratio <= 1.25 },
  ];
}

/**
 * Peak RSS of a whole-clip analysis, in a fresh Node process (the bench process's own heap would blur it):
 * the Node process's own peak (getrusage), and on Linux also the peak of Node plus its ffmpeg decoder
 * together, sampled from /proc every 100 ms (the decoder is part of what an analysis costs).
 */
function memoryRows(clip: string, minutes: number): BenchRow[] {
  const analyzeModule = join(__dirname, '..', '..', 'bridge-server', 'pipeline', 'analyze', 'index.js');
  const mediaModule = join(__dirname, '..', '..', 'bridge-server', 'media', 'index.js');
  if (!existsSync(analyzeModule)) return [{ case: NAME, metric: 'peak RSS', value: NaN, unit: 'MB', note: 'run from the built dist/ (npm run bench)' }];
  const code = `
    const fs = require('node:fs');
    const m = require(${JSON.stringify(mediaModule)});
    const a = require(${JSON.stringify(analyzeModule)});
    const rssKb = (pid) => { try { return Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'))[1]); } catch { return 0; } };
    const children = (pid) => { try { return fs.readFileSync('/proc/' + pid + '/task/' + pid + '/children', 'utf8').split(' ').filter(Boolean); } catch { return []; } };
    const procOk = fs.existsSync('/proc/' + process.pid + '/task/' + process.pid + '/children');
    let treeKb = 0;
    const sample = () => { let sum = rssKb(process.pid); for (const c of children(process.pid)) sum += rssKb(c); if (sum > treeKb) treeKb = sum; };
    const timer = procOk ? setInterval(sample, 100) : undefined;
    (async () => {
      const probe = await m.probeVideo(${JSON.stringify(clip)});
      const range = m.resolveRange(probe.path, probe.durationSec, probe.video.fps, undefined, undefined);
      const r = await a.analyzeClip({ probe, range });
      if (timer) clearInterval(timer);
      process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, treeKb: procOk ? treeKb : null, events: r.events.length }));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  const out = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (out.status !== 0) return [{ case: NAME, metric: 'peak RSS', value: NaN, unit: 'MB', pass: false, note: out.stderr.trim().split('\n').pop() }];
  const parsed = JSON.parse(out.stdout) as { maxRssKb: number; treeKb: number | null };
  const mb = parsed.maxRssKb / 1024;
  const rows: BenchRow[] = [{ case: NAME, metric: `peak RSS, ${minutes} min 1080p (Node)`, value: mb, unit: 'MB', target: '< 400', pass: mb < 400 }];
  if (parsed.treeKb !== null) {
    const tree = parsed.treeKb / 1024;
    rows.push({ case: NAME, metric: `peak RSS, ${minutes} min 1080p (Node + ffmpeg decoder)`, value: tree, unit: 'MB', target: '< 400', pass: tree < 400, note: 'sampled every 100 ms' });
  }
  return rows;
}

export const syncBench: BenchCase = {
  name: NAME,
  description: 'contact detection F1, sub-frame timing, guide-track snapping, speed vs bare decode, peak memory',
  async run(ctx) {
    const rows = await sceneRows(ctx);
    // other rates check detection only; speed and memory are measured on the standard run
    if (requestedRates(ctx)) return rows;
    const minutes = ctx.options.quick ? 1 : 10;
    ctx.log(`rendering a ${minutes}-minute 1080p test clip …`);
    const clip = await longClip(ctx, minutes);
    rows.push(...(await speedRows(ctx, clip, ctx.options.quick ? 20 : 60)));
    rows.push(...memoryRows(clip, minutes));
    if (ctx.options.audio) rows.push(...(await syncAudioRows(ctx, NAME)));
    return rows;
  },
};
