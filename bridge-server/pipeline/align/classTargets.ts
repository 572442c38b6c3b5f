/**
 * Per-class spectral targets for the class-fit score: the range of spectral centroid (Hz) a convincing
 * take of that class falls in. Data, not code: one row per catalogue class id
 * (models/procedural/catalogue.json). Ranges are deliberately wide — they reject a take that is clearly
 * the wrong kind of sound (a hiss for a thud), not stylistic variation.
 */
export interface ClassTarget {
  centroidHz: readonly [number, number];
}

export const CLASS_TARGETS: Readonly<Record<string, ClassTarget>> = Object.freeze({
  impact: { centroidHz: [150, 4000] },
  ball_bounce: { centroidHz: [150, 3000] },
  punch: { centroidHz: [100, 2500] },
  body_fall: { centroidHz: [60, 1500] },
  object_drop: { centroidHz: [150, 4000] },
  footsteps: { centroidHz: [200, 4000] },
  door: { centroidHz: [100, 2500] },
  whoosh: { centroidHz: [300, 6000] },
  cloth: { centroidHz: [1000, 9000] },
  paper: { centroidHz: [1500, 10000] },
  glass_break: { centroidHz: [2000, 12000] },
  water: { centroidHz: [300, 6000] },
  keyboard: { centroidHz: [1000, 8000] },
  click: { centroidHz: [1000, 10000] },
  clock_tick: { centroidHz: [1000, 9000] },
  rain: { centroidHz: [1000, 9000] },
  wind: { centroidHz: [150, 3000] },
  fire: { centroidHz: [300, 6000] },
  room_tone: { centroidHz: [60, 2500] },
  traffic: { centroidHz: [80, 2500] },
  crowd: { centroidHz: [300, 3500] },
  thunder: { centroidHz: [30, 1200] },
  explosion: { centroidHz: [40, 2000] },
});

/** 1 inside the range, falling off as a Gaussian in octaves outside it (σ = 1 octave). */
export function centroidFit(centroidHz: number, target: ClassTarget): number {
  const [lo, hi] = target.centroidHz;
  if (!(centroidHz > 0)) return 0;
  const oct = centroidHz < lo ? Math.log2(lo / centroidHz) : centroidHz > hi ? Math.log2(centroidHz / hi) : 0;
  return Math.exp(-(oct * oct) / 2);
}
