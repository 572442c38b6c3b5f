/**
 * Euler flow-matching sampling with classifier-free guidance, and the window plan for clips longer
 * than an export's fixed length. Pure code around an injected velocity function, so the arithmetic is
 * tested against closed-form answers and the ONNX session stays a detail of the caller.
 *
 * Integration (MMAudio `flow_matching.py`; diffusers `FlowMatchEulerDiscreteScheduler.step`): with
 * τ_k the time of step k, x ← x + (τ_{k+1} − τ_k)·v(x, τ_k). `noiseToData` runs τ = 0 → 1 (MMAudio),
 * `sigma` runs τ = 1 → 0 (TangoFlux; the network then predicts noise − data, and the sign of the
 * step takes care of it). Guidance: v = v_u + s·(v_c − v_u) (= s·v_c + (1 − s)·v_u); s = 1 runs only
 * the conditional branch.
 */
import { createRng } from '../../../core/rng';
import type { BundleWindow } from './bundleSchema';

export type Branch = 'cond' | 'uncond';

/** Returns the velocity for latent x at time τ; it must not keep a reference to the returned array. */
export type VelocityFn = (x: Float32Array, tau: number, branch: Branch) => Promise<Float32Array>;

/** Both guidance branches in one call (a batch-2 run): [cond | uncond] concatenated, 2·x.length. */
export type BatchedVelocityFn = (x: Float32Array, tau: number) => Promise<Float32Array>;

export interface EulerOptions {
  steps: number;
  guidance: number;
  time: 'noiseToData' | 'sigma';
  velocity: VelocityFn;
  /** when set and guidance ≠ 1, used instead of two `velocity` calls per step */
  batchedVelocity?: BatchedVelocityFn;
  /** called after each step (progress, cancellation) */
  onStep?: (step: number, steps: number) => void;
}

/** The τ grid: steps + 1 values from start to end. */
export function timeGrid(steps: number, time: 'noiseToData' | 'sigma'): Float64Array {
  const g = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) g[k] = time === 'noiseToData' ? k / steps : 1 - k / steps;
  return g;
}

/** Standard-normal noise from a seed (the same seed always gives the same latent). */
export function seededNoise(length: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.gauss();
  return x;
}

/** Integrates in place from the noise in `x`; returns `x`. */
export async function eulerSample(x: Float32Array, o: EulerOptions): Promise<Float32Array> {
  const grid = timeGrid(o.steps, o.time);
  const guided = o.guidance !== 1;
  const s = o.guidance;
  for (let k = 0; k < o.steps; k++) {
    const tau = grid[k] as number;
    const dt = (grid[k + 1] as number) - tau;
    if (guided && o.batchedVelocity) {
      const both = await o.batchedVelocity(x, tau);
      const n = x.length;
      for (let i = 0; i < n; i++) {
        const u = both[n + i] as number;
        x[i] = (x[i] as number) + dt * (u + s * ((both[i] as number) - u));
      }
      o.onStep?.(k + 1, o.steps);
      continue;
    }
    const vc = await o.velocity(x, tau, 'cond');
    if (guided) {
      // Keep v_c before running the second branch: a runtime may reuse its output buffer.
      const vcCopy = Float32Array.from(vc);
      const vu = await o.velocity(x, tau, 'uncond');
      for (let i = 0; i < x.length; i++) {
        const u = vu[i] as number;
        x[i] = (x[i] as number) + dt * (u + s * ((vcCopy[i] as number) - u));
      }
    } else {
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + dt * (vc[i] as number);
    }
    o.onStep?.(k + 1, o.steps);
  }
  return x;
}

export interface WindowPlacement {
  window: BundleWindow;
  /** where the window starts in the output, seconds */
  startSec: number;
  /** how much of the window's audio is used, seconds */
  usedSec: number;
}

/**
 * Picks windows for a clip: the shortest export that covers the clip; otherwise the longest export
 * repeated, spaced evenly from 0 to the end with at least `overlapSec` of overlap between neighbours.
 */
export function planWindows(durationSec: number, windows: readonly BundleWindow[], overlapSec: number): WindowPlacement[] {
  const sorted = [...windows].sort((a, b) => a.durationSec - b.durationSec);
  const fit = sorted.find((w) => w.durationSec >= durationSec - 1e-9);
  if (fit) return [{ window: fit, startSec: 0, usedSec: durationSec }];
  const longest = sorted[sorted.length - 1] as BundleWindow;
  const len = longest.durationSec;
  const overlap = Math.min(overlapSec, len / 2);
  const count = Math.ceil((durationSec - overlap) / (len - overlap) - 1e-9);
  const spacing = (durationSec - len) / (count - 1);
  const out: WindowPlacement[] = [];
  for (let i = 0; i < count; i++) out.push({ window: longest, startSec: i * spacing, usedSec: len });
  return out;
}

/**
 * Overlap-adds window audio with linear ramps of `fadeSamples` at inner seams, normalized by the root
 * of the summed squared weights: an equal-power crossfade (the windows are independent draws, so
 * their power, not their amplitude, should stay constant across a seam), valid for any overlap count.
 */
export function stitchWindows(parts: ReadonlyArray<{ startSample: number; audio: Float32Array }>, totalSamples: number, fadeSamples: number): Float32Array {
  const out = new Float32Array(totalSamples);
  const norm = new Float32Array(totalSamples);
  parts.forEach((part, i) => {
    const fadeIn = i > 0 ? fadeSamples : 0;
    const fadeOut = i < parts.length - 1 ? fadeSamples : 0;
    const len = part.audio.length;
    for (let j = 0; j < len; j++) {
      const k = part.startSample + j;
      if (k < 0 || k >= totalSamples) continue;
      let w = 1;
      if (j < fadeIn) w = Math.min(w, (j + 0.5) / fadeIn);
      if (len - j <= fadeOut) w = Math.min(w, (len - j - 0.5) / fadeOut);
      out[k] = (out[k] as number) + w * (part.audio[j] as number);
      norm[k] = (norm[k] as number) + w * w;
    }
  });
  for (let k = 0; k < totalSamples; k++) {
    const n = norm[k] as number;
    if (n > 0 && n !== 1) out[k] = (out[k] as number) / Math.sqrt(n);
  }
  return out;
}
