/** Host time edge: ticks and frames <-> seconds with exact frame rates, including beyond 2^53 ticks. */
import { frameRateFromDecimal } from '../../../plugin/time/frameRate';
import { framesToSeconds, secondsToFrames } from '../../../plugin/time/frames';
import {
  TICKS_PER_SECOND,
  frameRateFromTicksPerFrame,
  secondsToTicks,
  ticksPerFrame,
  ticksToFrameIndex,
  ticksToSeconds,
} from '../../../plugin/time/ticks';

describe('ticks', () => {
  test('ticks per frame of the common rates are exact integers', () => {
    expect(ticksPerFrame({ num: 24000, den: 1001 })).toBe(10594584000n);
    expect(ticksPerFrame({ num: 25, den: 1 })).toBe(10160640000n);
    expect(ticksPerFrame({ num: 30000, den: 1001 })).toBe(8475667200n);
    expect(ticksPerFrame({ num: 60000, den: 1001 })).toBe(4237833600n);
  });

  test('a sequence rate read as ticks per frame becomes the exact rational', () => {
    expect(frameRateFromTicksPerFrame('10594584000')).toEqual({ num: 24000, den: 1001 });
    expect(frameRateFromTicksPerFrame(8475667200)).toEqual({ num: 30000, den: 1001 });
    expect(frameRateFromTicksPerFrame('10160640000')).toEqual({ num: 25, den: 1 });
  });

  test('seconds snap to the nearest frame and come back exactly', () => {
    const fps = { num: 24000, den: 1001 };
    // frame 1234 starts at 1234 * 1001 / 24000 s = 51.46808333... s
    const sec = (1234 * 1001) / 24000;
    expect(secondsToTicks(sec, fps)).toBe((1234n * 10594584000n).toString());
    // a sub-frame time (0.3 frame late) still lands on frame 1234, never one early (CEP#314)
    expect(secondsToTicks(sec + (0.3 * 1001) / 24000, fps)).toBe((1234n * 10594584000n).toString());
    expect(ticksToFrameIndex(secondsToTicks(sec, fps), fps)).toBe(1234);
    expect(ticksToSeconds(secondsToTicks(sec, fps))).toBeCloseTo(sec, 9);
  });

  test('tick counts past 2^53 (about 10 hours) keep frame accuracy', () => {
    const fps = { num: 30000, den: 1001 };
    const frame = 30 * 3600 * 11; // ~11 hours at 29.97
    const ticks = secondsToTicks((frame * 1001) / 30000, fps);
    expect(BigInt(ticks) > 2n ** 53n).toBe(true);
    expect(BigInt(ticks)).toBe(BigInt(frame) * 8475667200n);
    expect(ticksToFrameIndex(ticks, fps)).toBe(frame);
    expect(ticksToSeconds(ticks)).toBeCloseTo((frame * 1001) / 30000, 6);
    expect(TICKS_PER_SECOND).toBe(254016000000n);
  });
});

describe('frames (Resolve-style hosts)', () => {
  test('absolute frames with a 01:00:00:00 start convert to seconds from the timeline zero', () => {
    const fps = { num: 24, den: 1 };
    expect(framesToSeconds(86400 + 48, fps, 86400)).toBe(2);
    expect(secondsToFrames(2, fps, 86400)).toBe(86448);
  });

  test('decimal rates from host strings map to exact NTSC fractions', () => {
    expect(frameRateFromDecimal('29.97 DF')).toEqual({ num: 30000, den: 1001 });
    expect(frameRateFromDecimal(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(frameRateFromDecimal('25')).toEqual({ num: 25, den: 1 });
    expect(frameRateFromDecimal('59.94')).toEqual({ num: 60000, den: 1001 });
    expect(() => frameRateFromDecimal('abc')).toThrow(RangeError);
  });
});
