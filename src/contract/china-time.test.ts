import { describe, expect, test } from 'vitest';
import { CHINA_OFFSET_MS, chinaClock, chinaDate, chinaFields, chinaMidnight, chinaMinute, chinaMonth } from './china-time.ts';

describe('China time (UTC+8, no daylight saving)', () => {
  test('23:30 UTC is 07:30 the next day in China, given as a string, a Date or epoch ms', () => {
    const t = '2026-11-30T23:30:00Z';
    for (const at of [t, new Date(t), Date.parse(t)]) {
      expect(chinaDate(at)).toBe('2026-12-01');
      expect(chinaMonth(at)).toBe('2026-12');
      expect(chinaClock(at)).toBe('07:30');
      expect(chinaMinute(at)).toBe('2026-12-01 07:30');
    }
  });

  test('the China day turns at 16:00 UTC', () => {
    expect(chinaDate(Date.UTC(2026, 1, 25, 15, 59, 59))).toBe('2026-02-25');
    expect(chinaDate(Date.UTC(2026, 1, 25, 16, 0, 0))).toBe('2026-02-26');
    expect(chinaDate('2026-12-05T09:00:00+08:00')).toBe('2026-12-05');
  });

  test('midnight in China is 16:00 UTC the day before', () => {
    expect(new Date(chinaMidnight('2026-12-01')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(chinaMidnight('2027-01-01')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(chinaDate(chinaMidnight('2026-03-01'))).toBe('2026-03-01');
    expect(chinaDate(chinaMidnight('2026-03-01') - 1)).toBe('2026-02-28');
  });

  test('months and years turn over in China time, not UTC', () => {
    expect(chinaMonth('2026-01-31T15:59:59Z')).toBe('2026-01');
    expect(chinaMonth('2026-01-31T16:00:00Z')).toBe('2026-02');
    expect(chinaMonth('2026-02-28T16:00:00Z')).toBe('2026-03');
    expect(chinaDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(chinaMonth('2026-12-31T16:00:00Z')).toBe('2027-01');
  });

  test('chinaFields reads weekday and hour in China', () => {
    // Sunday 2026-11-29 20:00 UTC is Monday 04:00 in China.
    const c = chinaFields('2026-11-29T20:00:00Z');
    expect(c.getUTCDay()).toBe(1);
    expect(c.getUTCHours()).toBe(4);
    expect(c.getTime() - Date.parse('2026-11-29T20:00:00Z')).toBe(CHINA_OFFSET_MS);
  });

  test('today, when no instant is given', () => {
    expect(chinaDate()).toBe(chinaDate(Date.now()));
  });

  test('what is not a time: messages keep it as given, everything else throws', () => {
    expect(chinaMinute('not a time')).toBe('not a time');
    expect(chinaMinute('')).toBe('');
    expect(() => chinaDate('not a time')).toThrow(RangeError);
    expect(() => chinaMonth(Number.NaN)).toThrow(RangeError);
    expect(() => chinaClock(new Date(Number.NaN))).toThrow(RangeError);
    expect(chinaMidnight('someday')).toBeNaN();
  });
});
