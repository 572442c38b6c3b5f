/**
 * Constant-power panning (sin/cos law, −3 dB at centre): pan −1 = hard left, 0 = centre, +1 = hard right.
 * Stereo sources are balanced with the same law per side so a centred stereo take passes unchanged.
 */
export function constantPowerGains(pan: number): { left: number; right: number } {
  const p = Math.max(-1, Math.min(1, pan));
  const theta = ((p + 1) * Math.PI) / 4;
  return { left: Math.cos(theta), right: Math.sin(theta) };
}

/** Balance gains for a stereo source: the far side is attenuated with the constant-power law. */
export function stereoBalanceGains(pan: number): { left: number; right: number } {
  const p = Math.max(-1, Math.min(1, pan));
  const g = constantPowerGains(p);
  return p <= 0 ? { left: 1, right: g.right / Math.SQRT1_2 } : { left: g.left / Math.SQRT1_2, right: 1 };
}
