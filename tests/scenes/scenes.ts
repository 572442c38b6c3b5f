/**
 * Test scenes with exactly known event times. Each scene is a pure description: a renderer for frame k
 * (the picture at t = k/fps, instantaneous shutter) and ground truth computed from the physics in closed
 * form — a ball dropped from rest meets the floor at t0 + sqrt(2h/g) and rebounds with v·e; a box pushed
 * into a wall stops when its edge reaches it; a foot lands when its swing ends. Contact at T is first
 * visible in frame ceil(T·fps). Scenes cover positives (bounces, knocks, walkers, several objects,
 * grain, shake) and negatives (cuts, flicker, fades, pans) at the six editing frame rates.
 */
import type { Rational } from '../../bridge-server/core/rational';
import { createRng, mixSeed } from '../../bridge-server/core/rng';
import { drawDisk, drawRect, makeTexture, quantize, sampleTexture, type Texture } from './render';

export const SCENE_GENERATOR_VERSION = 4;

export type SceneType = 'bounce' | 'knock' | 'walker' | 'multi' | 'grain' | 'shake' | 'cuts' | 'flicker' | 'fade' | 'pan' | 'bounce-guide' | 'walker-noise';
export type SceneAudio = 'none' | 'clicks' | 'noise';

export const SCENE_TYPES: readonly SceneType[] = ['bounce', 'knock', 'walker', 'multi', 'grain', 'shake', 'cuts', 'flicker', 'fade', 'pan', 'bounce-guide', 'walker-noise'];
export const SCENE_FPS: readonly Rational[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 50, den: 1 },
  { num: 60, den: 1 },
];

export interface TruthEvent {
  t: number;
  frame: number;
  kind: 'impact' | 'step';
  x: number;
  y: number;
}

export interface TruthCut {
  t: number;
  frame: number;
}

export interface SceneTruth {
  version: number;
  name: string;
  type: SceneType;
  fps: Rational;
  width: number;
  height: number;
  frameCount: number;
  durationSec: number;
  /** true: the scene has no contacts at all (cuts, flicker, fades, pans only) */
  negative: boolean;
  audio: SceneAudio;
  events: TruthEvent[];
  cuts: TruthCut[];
}

export interface Scene {
  truth: SceneTruth;
  /** renders frame k into `out` (width·height gray bytes) */
  renderFrame(k: number, out: Uint8Array): void;
}

export interface SceneOptions {
  width?: number;
  height?: number;
  /** override the duration (long bench clips); physics is extended where it makes sense */
  durationSec?: number;
}

const W = 320;
const H = 180;

export function fpsLabel(fps: Rational): string {
  return fps.den === 1 ? String(fps.num) : (fps.num / fps.den).toFixed(3);
}

export function sceneName(type: SceneType, fps: Rational): string {
  return `${type}_${fpsLabel(fps)}`;
}

/** Frame in which a contact at time T is first visible. */
export function contactFrame(t: number, fps: Rational): number {
  return Math.ceil((t * fps.num) / fps.den - 1e-9);
}

// ---------------------------------------------------------------- physics

interface Ball {
  x0: number;
  /** horizontal drift px/s */
  vx: number;
  r: number;
  yTop: number;
  floorY: number;
  g: number;
  e: number;
  t0: number;
  value: number;
  /** contact times, computed exactly */
  contacts: number[];
  /** speed at each contact (px/s) */
  speeds: number[];
}

/** contacts slower than this (px/s at 320×180) would be too small to label; the ball stops at the last fast one */
const MIN_CONTACT_SPEED = 150;

/** A ball dropped from rest at t0 with its centre at yTop; it bounces on floorY (its lowest point) with restitution e. */
function makeBall(b: Omit<Ball, 'contacts' | 'speeds'>, untilSec: number, maxContacts: number): Ball {
  const yc = b.floorY - b.r;
  const contacts: number[] = [];
  const speeds: number[] = [];
  let t = b.t0 + Math.sqrt((2 * (yc - b.yTop)) / b.g);
  let v = b.g * (t - b.t0);
  while (t < untilSec && contacts.length < maxContacts && v >= MIN_CONTACT_SPEED) {
    contacts.push(t);
    speeds.push(v);
    v *= b.e;
    t += (2 * v) / b.g;
  }
  return { ...b, contacts, speeds };
}

function ballCentre(b: Ball, t: number): { x: number; y: number } {
  const last = b.contacts[b.contacts.length - 1];
  const x = b.x0 + b.vx * Math.max(0, Math.min(t, last ?? t) - b.t0);
  const yc = b.floorY - b.r;
  if (t <= b.t0) return { x, y: b.yTop };
  const first = b.contacts[0];
  if (first === undefined || t <= first) return { x, y: b.yTop + 0.5 * b.g * (t - b.t0) * (t - b.t0) };
  // flight after contact n: rebound speed speeds[n]·e
  let n = 0;
  while (n + 1 < b.contacts.length && t > (b.contacts[n + 1] as number)) n++;
  const tc = b.contacts[n] as number;
  const v = (b.speeds[n] as number) * b.e;
  const dt = t - tc;
  // the last listed contact is a dead stop (the ball lands and stays): every contact in the clip is labelled
  if (n === b.contacts.length - 1) return { x: b.x0 + b.vx * (tc - b.t0), y: yc };
  return { x, y: yc - (v * dt - 0.5 * b.g * dt * dt) };
}

interface Slide {
  /** left edge at start, px */
  x0: number;
  top: number;
  w: number;
  h: number;
  t0: number;
  /** signed initial velocity and acceleration along x */
  v0: number;
  a: number;
  /** x of the wall the leading edge hits */
  wallX: number;
  value: number;
  contact: number;
}

/** A box sliding along x from rest or speed v0 with acceleration a until its leading edge meets the wall, where it stops. */
function makeSlide(s: Omit<Slide, 'contact'>): Slide {
  const dir = Math.sign(s.v0 || s.a);
  const lead0 = dir > 0 ? s.x0 + s.w : s.x0;
  const dist = Math.abs(s.wallX - lead0);
  const v = Math.abs(s.v0);
  const a = Math.abs(s.a);
  const tau = a > 0 ? (-v + Math.sqrt(v * v + 2 * a * dist)) / a : dist / v;
  return { ...s, contact: s.t0 + tau };
}

function slideLeft(s: Slide, t: number): number {
  const tt = Math.min(Math.max(0, t - s.t0), s.contact - s.t0);
  return s.x0 + s.v0 * tt + 0.5 * s.a * tt * tt;
}

interface Step {
  foot: number;
  lift: number;
  land: number;
  xFrom: number;
  xTo: number;
}

// ---------------------------------------------------------------- scenes

function frameCountOf(durationSec: number, fps: Rational): number {
  return Math.floor((durationSec * fps.num) / fps.den + 1e-9);
}

function timeOf(k: number, fps: Rational): number {
  return (k * fps.den) / fps.num;
}

function truthBase(type: SceneType, fps: Rational, durationSec: number, negative: boolean, audio: SceneAudio, w: number, h: number): SceneTruth {
  const frameCount = frameCountOf(durationSec, fps);
  return { version: SCENE_GENERATOR_VERSION, name: sceneName(type, fps), type, fps, width: w, height: h, frameCount, durationSec: timeOf(frameCount, fps), negative, audio, events: [], cuts: [] };
}

/** Camera offset for shake (seeded random walk, bounded) or a slow eased pan; zero otherwise. */
function cameraPath(type: SceneType, seed: number, durationSec: number): (t: number) => { x: number; y: number } {
  if (type === 'pan') {
    return (t) => {
      const u = t / durationSec;
      const ease = u * u * (3 - 2 * u);
      return { x: 8 + 110 * ease, y: 8 + 14 * ease };
    };
  }
  if (type === 'shake') {
    // shake: a sum of sines at a few Hz with random phases, ±2 px
    const rng = createRng(seed);
    const comps = [0, 1, 2].map(() => ({ f: rng.range(2, 7), px: rng.range(0, 6.28), py: rng.range(0, 6.28), a: rng.range(0.5, 0.9) }));
    return (t) => {
      let x = 8;
      let y = 8;
      for (const c of comps) {
        x += c.a * Math.sin(2 * Math.PI * c.f * t + c.px);
        y += c.a * Math.sin(2 * Math.PI * c.f * 1.3 * t + c.py);
      }
      return { x, y };
    };
  }
  return () => ({ x: 8, y: 8 });
}

export function buildScene(type: SceneType, fps: Rational, options: SceneOptions = {}): Scene {
  const w = options.width ?? W;
  const h = options.height ?? H;
  const seed = mixSeed('scene', type, fps.num, fps.den);
  const rng = createRng(seed);
  const balls: Ball[] = [];
  const slides: Slide[] = [];
  const steps: Step[] = [];
  let negative = false;
  let audio: SceneAudio = 'none';
  let grain = 1.5;
  let durationSec = options.durationSec ?? 3;
  const floorY = 160;
  const jitter = (): number => rng.range(-0.02, 0.02);

  switch (type) {
    case 'bounce':
    case 'bounce-guide':
    case 'grain':
    case 'shake': {
      // restitution 0.7, drop of ~105 px in ~0.47 s; only contacts faster than 150 px/s are labelled
      const t0 = 0.2 + rng.range(0, 0.1);
      const until = durationSec - 0.3;
      const g = 950 + rng.range(0, 100);
      const b = makeBall({ x0: 140 + rng.range(-20, 20), vx: rng.range(-15, 15), r: 13, yTop: 40 + rng.range(0, 10), floorY, g, e: 0.72, t0, value: 235 }, until, 5);
      balls.push(b);
      if (type === 'bounce-guide') audio = 'clicks';
      if (type === 'grain') grain = 7;
      break;
    }
    case 'knock': {
      // a box slides right into a wall and stops, rests, then is pushed left (accelerating) into the other wall
      const s1 = makeSlide({ x0: 40, top: 120, w: 40, h: 40, t0: 0.25 + jitter(), v0: 230 + rng.range(0, 40), a: 0, wallX: 280, value: 40 });
      const s2 = makeSlide({ x0: 240, top: 120, w: 40, h: 40, t0: s1.contact + 0.45, v0: -60, a: -420, wallX: 30, value: 40 });
      slides.push(s1, s2);
      break;
    }
    case 'walker':
    case 'walker-noise': {
      const period = 0.46 + rng.range(0, 0.06);
      const swing = 0.3;
      const stride = 46;
      const feetX = [20, 20 + stride / 2];
      const count = Math.max(2, Math.floor((durationSec - 0.35) / period));
      for (let n = 0; n < count; n++) {
        const foot = n % 2;
        const lift = 0.15 + n * period + jitter();
        const xFrom = feetX[foot] as number;
        steps.push({ foot, lift, land: lift + swing, xFrom, xTo: xFrom + stride });
        feetX[foot] = xFrom + stride;
      }
      if (type === 'walker-noise') audio = 'noise';
      break;
    }
    case 'multi': {
      const xs = [60, 165, 265];
      for (let i = 0; i < 3; i++) {
        const b = makeBall({ x0: (xs[i] as number) + rng.range(-8, 8), vx: 0, r: 11, yTop: 30 + rng.range(0, 40), floorY, g: 900 + rng.range(0, 150), e: 0.65, t0: 0.15 + i * 0.23 + rng.range(0, 0.05), value: i === 1 ? 30 : 235 }, durationSec - 0.3, 4);
        balls.push(b);
      }
      break;
    }
    case 'cuts':
    case 'flicker':
    case 'fade':
    case 'pan':
      negative = true;
      break;
  }

  // ground truth
  const truth = truthBase(type, fps, durationSec, negative, audio, w, h);
  const events: TruthEvent[] = [];
  const cam = cameraPath(type, seed, truth.durationSec);
  for (const b of balls) {
    for (const t of b.contacts) {
      if (t >= truth.durationSec) continue;
      const c = ballCentre(b, t);
      const camAt = cam(t);
      events.push({ t, frame: contactFrame(t, fps), kind: 'impact', x: (c.x - camAt.x + 8) / W, y: (floorY - camAt.y + 8) / H });
    }
  }
  for (const s of slides) {
    if (s.contact >= truth.durationSec) continue;
    events.push({ t: s.contact, frame: contactFrame(s.contact, fps), kind: 'impact', x: s.wallX / W, y: (s.top + s.h / 2) / H });
  }
  for (const st of steps) {
    if (st.land >= truth.durationSec) continue;
    events.push({ t: st.land, frame: contactFrame(st.land, fps), kind: 'step', x: (st.xTo + 14) / W, y: floorY / H });
  }
  events.sort((a, b) => a.t - b.t || a.x - b.x);
  truth.events = events.map((e) => ({ ...e, x: Math.round(e.x * 1e4) / 1e4, y: Math.round(e.y * 1e4) / 1e4 }));

  // shots for the cut scene: a cut at frame k shows the new shot from frame k on
  const cutFrames: number[] = [];
  if (type === 'cuts') {
    for (const ts of [0.7, 1.45, 2.3]) cutFrames.push(contactFrame(ts + rng.range(0, 0.1), fps));
    truth.cuts = cutFrames.filter((k) => k < truth.frameCount).map((k) => ({ t: timeOf(k, fps), frame: k }));
  }

  const texW = W + 140;
  const texH = H + 40;
  const textures: Texture[] = [makeTexture(texW, texH, mixSeed(seed, 'bg'))];
  if (type === 'cuts') {
    textures.push(makeTexture(texW, texH, mixSeed(seed, 'bg1'), { mean: 90, contrast: 40, cellPx: 40 }));
    textures.push(makeTexture(texW, texH, mixSeed(seed, 'bg2'), { mean: 160, contrast: 60, cellPx: 14 }));
    textures.push(makeTexture(texW, texH, mixSeed(seed, 'bg3'), { mean: 120, contrast: 70, cellPx: 30 }));
  }
  const flickerRng = createRng(mixSeed(seed, 'flicker'));
  const flickerGain = new Float32Array(truth.frameCount);
  for (let k = 0; k < truth.frameCount; k++) {
    // flicker: frame-to-frame gain jitter plus occasional one-frame flashes
    flickerGain[k] = type === 'flicker' ? 1 + flickerRng.range(-0.18, 0.18) + (flickerRng.next() < 0.06 ? 0.22 : 0) : 1;
  }

  const base = new Float32Array(W * H);
  const renderFrame = (k: number, out: Uint8Array): void => {
    const t = timeOf(k, fps);
    const camAt = cam(t);
    let shot = 0;
    for (const c of cutFrames) if (k >= c) shot++;
    const tex = textures[shot % textures.length] as Texture;
    // in the cut scene each shot drifts slowly so shots are not still frames
    const drift = type === 'cuts' ? 6 * Math.sin(t * 1.3 + shot) : 0;
    sampleTexture(tex, camAt.x + drift, camAt.y, base, W, H);
    const dx = 8 - camAt.x;
    const dy = 8 - camAt.y;
    if (type !== 'cuts' && type !== 'flicker' && type !== 'fade' && type !== 'pan') {
      // floor line so contacts have a visible surface
      drawRect(base, W, H, 0 + dx, floorY + dy, W + 40, 3, 60);
    }
    for (const b of balls) {
      const c = ballCentre(b, t);
      drawDisk(base, W, H, c.x + dx, c.y + dy, b.r, b.value);
    }
    if (slides.length > 0) {
      // one box: each push starts where the previous one stopped, so draw the latest push that has begun
      let current = slides[0] as Slide;
      for (const q of slides) if (t >= q.t0) current = q;
      drawRect(base, W, H, slideLeft(current, t) + dx, current.top + dy, current.w, current.h, current.value);
    }
    if (steps.length > 0) {
      for (let foot = 0; foot < 2; foot++) {
        let x = foot === 0 ? 20 : 20 + 23;
        let lift = 0;
        for (const st of steps) {
          if (st.foot !== foot || t < st.lift) continue;
          if (t >= st.land) {
            x = st.xTo;
            continue;
          }
          const u = (t - st.lift) / (st.land - st.lift);
          x = st.xFrom + (st.xTo - st.xFrom) * u;
          lift = 22 * Math.sin(Math.PI * u);
        }
        drawRect(base, W, H, x + dx, floorY - 12 - lift + dy, 28, 12, foot === 0 ? 35 : 215);
      }
    }
    let gain = flickerGain[k] ?? 1;
    if (type === 'fade') {
      const d = truth.durationSec;
      gain = Math.min(1, t / 0.8, (d - t) / 0.8);
      gain = Math.max(0, gain);
    }
    if (w === W && h === H) {
      quantize(base, out, gain, 0, grain, mixSeed(seed, 'grain', k));
    } else {
      scaleInto(base, out, w, h, gain, grain, mixSeed(seed, 'grain', k));
    }
  };
  return { truth, renderFrame };
}

/** Nearest-neighbour-free upscale (bilinear) for large bench clips, then quantize with grain. */
function scaleInto(src: Float32Array, out: Uint8Array, w: number, h: number, gain: number, grain: number, seed: number): void {
  const g = createRng(seed);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(H - 1.001, Math.max(0, ((y + 0.5) * H) / h - 0.5));
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(W - 1.001, Math.max(0, ((x + 0.5) * W) / w - 0.5));
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const i = y0 * W + x0;
      const a = src[i] as number;
      const b = src[i + 1] as number;
      const c = src[i + W] as number;
      const d = src[i + W + 1] as number;
      const v = (a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty) * gain + (grain > 0 ? grain * g.gauss() : 0);
      out[y * w + x] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
}

/** Production sound for guide-track scenes: knocks at the true contact times over a quiet floor, or noise only. */
export function sceneAudio(truth: SceneTruth, sampleRateHz = 48000): Float32Array | undefined {
  if (truth.audio === 'none') return undefined;
  const n = Math.round(truth.durationSec * sampleRateHz);
  const out = new Float32Array(n);
  const rng = createRng(mixSeed('audio', truth.name));
  if (truth.audio === 'noise') {
    // broadband noise with a slow level wander (wind, room tone): no onsets a picture event could snap to
    let lp = 0;
    for (let i = 0; i < n; i++) {
      lp += 0.05 * (rng.gauss() - lp);
      const level = 0.06 * (1 + 0.3 * Math.sin((2 * Math.PI * 0.7 * i) / sampleRateHz));
      out[i] = level * (0.6 * rng.gauss() + 2 * lp);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = 0.002 * rng.gauss();
  for (const e of truth.events) {
    const start = Math.round(e.t * sampleRateHz);
    const f = 180 + 400 * rng.next();
    for (let j = 0; j < Math.round(0.12 * sampleRateHz) && start + j < n; j++) {
      const tt = j / sampleRateHz;
      const env = Math.exp(-tt / 0.025);
      out[start + j] = (out[start + j] as number) + 0.5 * env * (Math.sin(2 * Math.PI * f * tt) * 0.7 + 0.3 * rng.gauss());
    }
  }
  return out;
}

/** Every scene type at every frame rate (bench), or a compact subset that still covers each rate once per type (tests). */
export function allSceneSpecs(): Array<{ type: SceneType; fps: Rational }> {
  const out: Array<{ type: SceneType; fps: Rational }> = [];
  for (const type of SCENE_TYPES) for (const fps of SCENE_FPS) out.push({ type, fps });
  return out;
}

/** Every scene type at the given whole or decimal rates (e.g. 100, 120, 119.88 → 120000/1001). */
export function sceneSpecsAtRates(rates: readonly number[]): Array<{ type: SceneType; fps: Rational }> {
  const out: Array<{ type: SceneType; fps: Rational }> = [];
  for (const rate of rates) {
    const whole = Math.round(rate * 1.001);
    // 119.88, 59.94, 29.97 … are N·1000/1001 written to two decimals
    const fps: Rational = Number.isInteger(rate)
      ? { num: rate, den: 1 }
      : Math.abs(rate - (whole * 1000) / 1001) < 0.01
        ? { num: whole * 1000, den: 1001 }
        : { num: Math.round(rate * 1000), den: 1000 };
    for (const type of SCENE_TYPES) out.push({ type, fps });
  }
  return out;
}

export function quickSceneSpecs(): Array<{ type: SceneType; fps: Rational }> {
  return SCENE_TYPES.map((type, i) => ({ type, fps: SCENE_FPS[i % SCENE_FPS.length] as Rational }));
}
