import { rational, parseRational, secondsToFrame, frameToSeconds } from '../../../bridge-server/core/rational';
import { timecodeToFrames, timecodeToSeconds } from '../../../bridge-server/core/timecode';

describe('rational frame rates', () => {
  it('parses ffprobe rates exactly and reduces them', () => {
    expect(parseRational('30000/1001')).toEqual({ num: 30000, den: 1001 });
    expect(parseRational('50/2')).toEqual({ num: 25, den: 1 });
    expect(parseRational('0/0')).toBeUndefined();
    expect(parseRational('abc')).toBeUndefined();
  });
  it('converts frames and seconds without drift at 29.97', () => {
    const fps = rational(30000, 1001);
    expect(frameToSeconds(107892, fps)).toBeCloseTo(3599.9964, 4);
    expect(secondsToFrame(frameToSeconds(123456, fps), fps)).toBe(123456);
  });
});

describe('timecode', () => {
  it('converts 01:00:00:00 at 25 fps to 3600 s (172 800 000 samples at 48 kHz)', () => {
    expect(timecodeToSeconds('01:00:00:00', rational(25, 1)) * 48000).toBe(172_800_000);
  });
  it('counts drop-frame timecode at 29.97', () => {
    // one hour of DF timecode is 107 892 frames
    expect(timecodeToFrames('01:00:00;00', rational(30000, 1001))).toBe(107892);
    expect(timecodeToFrames('00:01:00;02', rational(30000, 1001))).toBe(1800);
    // NDF counts 30 labels per second
    expect(timecodeToFrames('01:00:00:00', rational(30000, 1001))).toBe(108000);
  });
  it('rejects malformed labels', () => {
    expect(() => timecodeToFrames('1h', rational(25, 1))).toThrow(RangeError);
  });
});
