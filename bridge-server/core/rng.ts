/**
 * Seeded pseudo-random numbers for deterministic DSP. mulberry32 is small, fast and has good enough
 * statistics for noise and micro-variation; the same seed always gives the same stream.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [lo, hi) */
  range(lo: number, hi: number): number;
  /** standard normal (Box–Muller) */
  gauss(): number;
  /** integer in [0, n) */
  int(n: number): number;
  /** a derived, independent generator (for sub-components that must not shift each other's streams) */
  fork(label: number | string): Rng;
}

function hashString(s: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export function mixSeed(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const v = typeof p === 'number' ? Math.floor(p) >>> 0 : hashString(p);
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * mulberry32 as a class: its methods live on one prototype, so every call site sees the same function
 * whichever generator it is handed. With one set of closures per generator (as before), optimized DSP loops
 * that call `rng.int` were deoptimized ("wrong call target") each time a render brought a new generator.
 */
class Mulberry32 implements Rng {
  private state: number;
  private spare = 0;
  private hasSpare = false;

  constructor(state: number) {
    this.state = state;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  gauss(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  fork(label: number | string): Rng {
    return createRng(mixSeed(this.state, label));
  }
}

export function createRng(seed: number | string): Rng {
  return new Mulberry32((typeof seed === 'number' ? seed >>> 0 : hashString(seed)) || 0x6d2b79f5);
}
