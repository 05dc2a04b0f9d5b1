import chineseDays from 'chinese-days';
import { describe, expect, test } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  calendarCoverage,
  countWorkingDays,
  dayBefore,
  hasHolidayData,
  isValidDate,
  isWorkingDay,
  workingDaysBefore,
} from './working-days.ts';

/** Every calendar date from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/** What a naive Monday–Friday count would say. */
function naiveWeekdays(from: string, to: string): number {
  return days(from, to).filter((d) => {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    return wd >= 1 && wd <= 5;
  }).length;
}

describe('isWorkingDay', () => {
  test('an ordinary week: Monday–Friday work, weekend rest', () => {
    expect(days('2025-11-10', '2025-11-16').map(isWorkingDay)).toEqual([true, true, true, true, true, false, false]);
  });

  test('National Day / Mid-Autumn 2025: 10-01..08 off, Sun 09-28 and Sat 10-11 are make-up working days', () => {
    for (const d of days('2025-10-01', '2025-10-08')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-09-27')).toBe(false); // Saturday
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-09-30')).toBe(true);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2025-10-12')).toBe(false); // Sunday
  });

  test('Spring Festival 2026: 02-15..23 off, Sat 02-14 and Sat 02-28 are make-up working days', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    for (const d of days('2026-02-15', '2026-02-23')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-03-01')).toBe(false);
  });

  test('Mid-Autumn and National Day 2026: 09-25..27 and 10-01..07 off, Sun 09-20 and Sat 10-10 worked', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(days('2026-09-25', '2026-09-27').some(isWorkingDay)).toBe(false);
    expect(days('2026-10-01', '2026-10-07').some(isWorkingDay)).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  test('beyond the holiday data it falls back to plain weekends', () => {
    expect(hasHolidayData('2027-10-01')).toBe(false);
    expect(isWorkingDay('2027-10-01')).toBe(true); // a Friday; the real 2027 National Day is unknown to the data
    expect(isWorkingDay('2027-10-02')).toBe(false); // Saturday
  });

  test('rejects malformed and impossible dates', () => {
    for (const bad of ['2025-2-3', '2025/10/01', '2025-02-30', '2025-13-01', '2025-10-01T00:00:00Z', '']) {
      expect(isValidDate(bad), bad).toBe(false);
      expect(() => isWorkingDay(bad), bad).toThrow(RangeError);
    }
    expect(isValidDate('2024-02-29')).toBe(true);
  });

  const eastOfUtc = new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset() <= 0;
  // chinese-days' own isWorkday is only right at UTC or east of it (see working-days.ts).
  test.runIf(eastOfUtc)('agrees with chinese-days isWorkday day for day, 2004–2027', () => {
    const mismatches = days('2004-01-01', '2027-12-31').filter((d) => isWorkingDay(d) !== chineseDays.isWorkday(d));
    expect(mismatches).toEqual([]);
  });
});

describe('countWorkingDays', () => {
  test('inclusive of both ends; 0 when to < from', () => {
    expect(countWorkingDays('2025-11-10', '2025-11-16')).toBe(5);
    expect(countWorkingDays('2025-11-10', '2025-11-10')).toBe(1);
    expect(countWorkingDays('2025-11-15', '2025-11-16')).toBe(0);
    expect(countWorkingDays('2025-10-01', '2025-10-01')).toBe(0);
    expect(countWorkingDays('2025-11-11', '2025-11-10')).toBe(0);
  });

  test('across National Day 2025 a weekday count is wrong', () => {
    expect(countWorkingDays('2025-09-22', '2025-10-23')).toBe(20);
    expect(naiveWeekdays('2025-09-22', '2025-10-23')).toBe(24);
    expect(countWorkingDays('2025-09-22', '2025-10-17')).toBe(16);
    expect(naiveWeekdays('2025-09-22', '2025-10-17')).toBe(20);
    expect(countWorkingDays('2025-10-01', '2025-10-08')).toBe(0);
  });

  test('across Spring Festival 2026', () => {
    expect(countWorkingDays('2026-02-09', '2026-02-27')).toBe(10); // 09–13, 14 (Sat), 24–27
    expect(naiveWeekdays('2026-02-09', '2026-02-27')).toBe(15);
  });

  test('a whole year: 2025 has 248 working days', () => {
    expect(countWorkingDays('2025-01-01', '2025-12-31')).toBe(248);
  });
});

describe('addWorkingDays / workingDaysBefore', () => {
  test('n = 0 returns the date itself, even a holiday', () => {
    expect(addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
    expect(workingDaysBefore('2025-10-01', 0)).toBe('2025-10-01');
  });

  test('skip holidays and land on make-up days', () => {
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Fri → make-up Sunday
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11'); // make-up Saturday
    expect(addWorkingDays('2025-11-14', 1)).toBe('2025-11-17'); // ordinary weekend
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(workingDaysBefore('2025-10-09', 1)).toBe('2025-09-30');
    expect(workingDaysBefore('2026-02-24', 1)).toBe('2026-02-14');
    expect(workingDaysBefore('2026-02-26', 5)).toBe('2026-02-12');
    expect(workingDaysBefore('2025-11-17', 5)).toBe('2025-11-10');
  });

  test('negative n counts the other way', () => {
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(workingDaysBefore('2025-09-30', -1)).toBe('2025-10-09');
    expect(() => addWorkingDays('2025-10-09', 1.5)).toThrow(RangeError);
  });

  test('are inverse to each other and consistent with countWorkingDays', () => {
    for (const d of days('2025-09-01', '2026-03-10').filter(isWorkingDay)) {
      for (const n of [1, 5, 7, 20]) {
        const later = addWorkingDays(d, n);
        expect(isWorkingDay(later)).toBe(true);
        expect(workingDaysBefore(later, n)).toBe(d);
        expect(countWorkingDays(d, later)).toBe(n + 1);
      }
    }
  });
});

describe('calendar helpers', () => {
  test('calendarCoverage: chinese-days 1.5.7 has data for 2004–2026', () => {
    expect(calendarCoverage()).toEqual({ firstYear: 2004, lastYear: 2026 });
    expect(hasHolidayData('2026-12-31')).toBe(true);
    expect(hasHolidayData('2003-12-31')).toBe(false);
  });

  test('calendar-day arithmetic in UTC', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(addCalendarDays('2025-03-30', 1)).toBe('2025-03-31'); // a DST change day in Europe
  });
});
