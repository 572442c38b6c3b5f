/**
 * Turns timed contacts into the events the planner binds sounds to. A contact is a `step` when it is one of
 * a series of stops of foot-sized regions coming down and forward, landing at different places (a walker's feet move on;
 * a fist knocking on a table lands on the same spot and stays an `impact`); every other contact is an
 * `impact`. Strength grows with the speed change (in picture widths per second) and the region's size.
 */
import type { Contact } from './tracker';

export interface ClassifiedContact extends Contact {
  eventKind: 'impact' | 'step';
  strength: number;
}

export function classifyContacts(contacts: readonly Contact[], width: number, height: number, fps: number): ClassifiedContact[] {
  const sorted = [...contacts].sort((a, b) => a.t - b.t || a.x - b.x || a.y - b.y);
  const stepLike = sorted.map((c) => {
    const speed = Math.hypot(c.v1x, c.v1y);
    // a foot comes down and forward; a dropped object comes straight down
    const downward = c.v1y > 0.35 * speed && Math.abs(c.v1x) > 0.25 * speed;
    const footSized = c.size <= 0.35 * Math.min(width, height) * 1.6;
    return c.kind === 'stop' && downward && footSized;
  });
  const isStep = new Array<boolean>(sorted.length).fill(false);
  for (let i = 0; i < sorted.length; i++) {
    if (!stepLike[i]) continue;
    const a = sorted[i] as Contact;
    // another step-like landing within 1.5 s that lands somewhere else
    for (let j = 0; j < sorted.length; j++) {
      if (j === i || !stepLike[j]) continue;
      const b = sorted[j] as Contact;
      if (Math.abs(b.t - a.t) > 1.5 * fps) continue;
      const moved = Math.hypot(b.x - a.x, b.y - a.y);
      if (moved >= 0.5 * Math.max(4, Math.min(a.size, b.size))) {
        isStep[i] = true;
        break;
      }
    }
  }
  return sorted.map((c, i) => {
    const dv = (Math.hypot(c.v2x - c.v1x, c.v2y - c.v1y) * fps) / width;
    const sizeFrac = Math.min(1, c.size / Math.min(width, height));
    const strength = Math.min(1, (1 - Math.exp(-dv / 1.2)) * (0.55 + 0.45 * Math.min(1, sizeFrac * 4)));
    return { ...c, eventKind: isStep[i] ? 'step' : 'impact', strength };
  });
}
