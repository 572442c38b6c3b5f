/**
 * The bundled example clip for `npm run demo`: a ball dropped onto a wooden floor, bouncing under
 * gravity, and a box that slides into a wall. Rendered frame by frame (anti-aliased, textured floor)
 * and encoded with ffmpeg on first run, so no media file needs to ship in the repository.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeFrames } from '../media';
import { rational } from '../core/rational';

const W = 640;
const H = 360;
const FPS = rational(25, 1);
const DURATION_SEC = 6;
const FLOOR_Y = 300;
const G = 1400; // px/s²
const BALL_R = 22;

/** Ball height above its resting position (px) at time t: dropped at 0.4 s from 220 px, restitution 0.72. */
export function ballState(t: number): { y: number; x: number } {
  const drop = 0.4;
  const x = 180 + 60 * Math.max(0, t - drop);
  if (t < drop) return { x, y: 220 };
  let h = 220;
  let tt = t - drop;
  let v = 0;
  // free fall, then successive bounces with restitution
  let fall = Math.sqrt((2 * h) / G);
  if (tt < fall) return { x, y: h - 0.5 * G * tt * tt };
  tt -= fall;
  v = G * fall * 0.72;
  for (let i = 0; i < 12 && v > 40; i++) {
    const flight = (2 * v) / G;
    if (tt < flight) return { x, y: v * tt - 0.5 * G * tt * tt };
    tt -= flight;
    v *= 0.72;
  }
  h = 0;
  fall = 0;
  return { x, y: h + fall };
}

function boxX(t: number): number {
  // slides from the right towards the wall at x=600 with constant speed, stops on contact at 4.6 s
  const start = 3.6;
  if (t < start) return 430;
  return Math.min(430 + 150 * (t - start), 580);
}

function renderFrame(t: number): Uint8Array {
  const px = new Uint8Array(W * H * 3);
  const ball = ballState(t);
  const bx = ball.x;
  const by = FLOOR_Y - BALL_R - ball.y;
  const box = boxX(t);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r: number;
      let g: number;
      let b: number;
      if (y >= FLOOR_Y) {
        // wooden floor: planks with grain
        const grain = 20 * Math.sin(x * 0.05 + Math.sin(y * 0.3) * 2) + ((x / 90) | 0) % 2 * 12;
        r = 140 + grain;
        g = 95 + grain * 0.7;
        b = 60 + grain * 0.4;
      } else if (x >= 600) {
        r = 120; g = 120; b = 130; // wall
      } else {
        const shade = 200 - (y / FLOOR_Y) * 40;
        r = shade; g = shade; b = shade + 10;
      }
      // ball (anti-aliased edge)
      const d = Math.hypot(x - bx, y - by) - BALL_R;
      if (d < 1) {
        const a = Math.min(1, Math.max(0, 1 - d));
        r = r * (1 - a) + 220 * a;
        g = g * (1 - a) + 40 * a;
        b = b * (1 - a) + 40 * a;
      }
      // box
      if (x >= box && x < box + 20 && y >= FLOOR_Y - 40 && y < FLOOR_Y) {
        r = 60; g = 90; b = 170;
      }
      const i = (y * W + x) * 3;
      px[i] = r;
      px[i + 1] = g;
      px[i + 2] = b;
    }
  }
  return px;
}

function* frames(): Generator<Uint8Array> {
  const n = Math.round((DURATION_SEC * FPS.num) / FPS.den);
  for (let k = 0; k < n; k++) yield renderFrame((k * FPS.den) / FPS.num);
}

export const DEMO_PROMPT = 'a red rubber ball bounces on a wooden floor, then a box slides into the wall';

/** Writes the example clip if it is not there yet; returns its path. */
export async function ensureDemoClip(path: string): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  await encodeFrames({ outPath: path, width: W, height: H, pixelFormat: 'rgb24', fps: FPS, frames: frames(), timecode: '01:00:00:00' });
  return path;
}
