/**
 * The generator table: catalogue class id → generator function. Data, not an if-chain; a class in the
 * catalogue without a generator here is a build-time bug caught by the unit tests.
 */
import type { SoundGenerator } from './types';
import { ballBounce, bodyFall, impact, objectDrop, punch } from './sounds/impacts';
import { footsteps } from './sounds/footsteps';
import { door } from './sounds/doors';
import { cloth, paper, whoosh } from './sounds/movement';
import { click, clockTick, glassBreak, keyboard, water } from './sounds/household';
import { crowd, fire, rain, roomTone, traffic, wind } from './sounds/beds';
import { explosion, thunder } from './sounds/blasts';

export const GENERATORS: Readonly<Record<string, SoundGenerator>> = Object.freeze({
  impact,
  ball_bounce: ballBounce,
  punch,
  body_fall: bodyFall,
  object_drop: objectDrop,
  footsteps,
  door,
  whoosh,
  cloth,
  paper,
  glass_break: glassBreak,
  water,
  keyboard,
  click,
  clock_tick: clockTick,
  rain,
  wind,
  fire,
  room_tone: roomTone,
  traffic,
  crowd,
  thunder,
  explosion,
});
