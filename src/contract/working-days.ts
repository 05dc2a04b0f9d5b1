/**
 * The Chinese working-day calendar (工作日) used for the time limits of the
 * county regulations: 告示制度 第六条 (告示时限 in 工作日) and 听证制度 第九条
 * (听证通知 5 个工作日前).
 *
 * Shared: the hub's publisher checks time limits with it (hub/publish/rules.ts)
 * and the wall board counts down 公示期剩余 N 个工作日 with it (src/ui/views/board/),
 * in the board's own lazy chunk, so the kiosk's first screen never loads it.
 *
 * Built on the `chinese-days` package's holiday data: the statutory holidays
 * (法定节假日) and the 调休 make-up working Saturdays/Sundays announced each year
 * by the State Council. A day is a working day when it is a 调休 make-up day, or
 * a Monday–Friday that is not a holiday — the same rule as the package's
 * `isWorkday(date)`.
 *
 * Why the data file and not `isWorkday` itself: chinese-days 1.5.7 builds its
 * tables at load time by parsing 'YYYY-M-D' as UTC midnight and formatting with
 * local-time getters, and normalises its input with a local startOf('day'). West
 * of UTC (TZ=America/New_York, checked) every holiday and make-up day moves one
 * day earlier, e.g. `isWorkday('2025-09-27')` — a Saturday — answers true. The
 * static `dist/chinese-days.json` (documented in the package README for exactly
 * this kind of use) holds the same tables, built once; it agrees with
 * `isWorkday` day for day over 2003–2027 when run under TZ=UTC and
 * TZ=Asia/Shanghai (the test suite re-checks this when the host zone allows).
 *
 * Coverage: 1.5.7 carries data for 2004–2026 only. For a year without data the
 * package's `isWorkday` falls back to plain weekends (Mon–Fri work, Sat/Sun rest,
 * no holidays, no 调休), and so does this module. Counts reaching into such a
 * year are only approximate and can be too generous (a 2027 Spring Festival week
 * would count as five working days). `calendarCoverage()` / `hasHolidayData()`
 * say which years are covered; update `chinese-days` once the State Council
 * publishes the next year's arrangement (usually November/December).
 *
 * All functions take and return 'YYYY-MM-DD' calendar dates. No string is ever
 * parsed with `Date`'s local-time rules; arithmetic is done on UTC day numbers,
 * so results do not depend on the host's time zone.
 */
import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

interface HolidayTables {
  /** 'YYYY-MM-DD' → "English name,中文名,days" for days off. */
  holidays: Record<string, string>;
  /** 调休 make-up working days (weekends that are worked). */
  workdays: Record<string, string>;
}

const tables: HolidayTables = {
  holidays: { ...(holidayData as HolidayTables).holidays },
  workdays: { ...(holidayData as HolidayTables).workdays },
};

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Parses 'YYYY-MM-DD' strictly (real calendar dates only); null if invalid. */
export function parseYmd(date: string): Ymd | null {
  const match = DATE_RE.exec(date);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1) return null;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return { y, m, d };
}

/** True for a well-formed, real calendar date 'YYYY-MM-DD'. */
export function isValidDate(date: string): boolean {
  return parseYmd(date) !== null;
}

function ymdOrThrow(date: string): Ymd {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`invalid date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ymd;
}

/** Days since 1970-01-01 (UTC day number). */
function toDayNumber({ y, m, d }: Ymd): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

function fromDayNumber(n: number): string {
  const t = new Date(n * DAY_MS);
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  const m = String(t.getUTCMonth() + 1).padStart(2, '0');
  const d = String(t.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Day of week of a UTC day number, 0 = Sunday. 1970-01-01 was a Thursday. */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWorkingDayNumber(n: number): boolean {
  const date = fromDayNumber(n);
  if (Object.hasOwn(tables.workdays, date)) return true;
  const wd = weekdayOf(n);
  return wd >= 1 && wd <= 5 && !Object.hasOwn(tables.holidays, date);
}

/** Whether `date` is a working day: Mon–Fri except statutory holidays, plus 调休 make-up days. */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(toDayNumber(ymdOrThrow(date)));
}

/** Working days from `from` to `to`, both inclusive; 0 if `to` < `from`. */
export function countWorkingDays(from: string, to: string): number {
  const a = toDayNumber(ymdOrThrow(from));
  const b = toDayNumber(ymdOrThrow(to));
  let count = 0;
  for (let n = a; n <= b; n++) if (isWorkingDayNumber(n)) count++;
  return count;
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`working-day count must be an integer: ${n}`);
}

/**
 * The n-th working day after `date` (not counting `date` itself). n = 0
 * returns `date` unchanged (even if it is not a working day); a negative n
 * counts backwards like `workingDaysBefore(date, -n)`.
 */
export function addWorkingDays(date: string, n: number): string {
  assertCount(n);
  if (n < 0) return workingDaysBefore(date, -n);
  let day = toDayNumber(ymdOrThrow(date));
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/** The n-th working day before `date` (not counting `date` itself); n = 0 returns `date`. */
export function workingDaysBefore(date: string, n: number): string {
  assertCount(n);
  if (n < 0) return addWorkingDays(date, -n);
  let day = toDayNumber(ymdOrThrow(date));
  for (let left = n; left > 0; ) {
    day--;
    if (isWorkingDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/** `date` shifted by `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  assertCount(n);
  return fromDayNumber(toDayNumber(ymdOrThrow(date)) + n);
}

/** The calendar day before `date`. */
export function dayBefore(date: string): string {
  return addCalendarDays(date, -1);
}

/** Years with holiday data: those in which the tables name at least one day. */
const coveredYears = new Set<number>([...Object.keys(tables.holidays), ...Object.keys(tables.workdays)].map((d) => Number(d.slice(0, 4))));
let firstCoveredYear = Math.min(...coveredYears);
let lastCoveredYear = Math.max(...coveredYears);

/**
 * Adds a year's holiday arrangement before chinese-days ships it: the
 * publisher's local override (content/_calendar.json, docs/content.md).
 * `years` are the years the override fully describes; their days are added to
 * the tables and the years count as covered from then on.
 */
export function addCalendarData(extra: {
  years: readonly number[];
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}): void {
  for (const [d, v] of Object.entries(extra.holidays)) tables.holidays[d] = v;
  for (const [d, v] of Object.entries(extra.workdays)) tables.workdays[d] = v;
  for (const y of extra.years) coveredYears.add(y);
  firstCoveredYear = Math.min(...coveredYears);
  lastCoveredYear = Math.max(...coveredYears);
}

/** The years for which chinese-days has holiday data (1.5.7: 2004–2026). */
export function calendarCoverage(): { firstYear: number; lastYear: number } {
  return { firstYear: firstCoveredYear, lastYear: lastCoveredYear };
}

/** Whether `date` falls in a year with holiday data (outside it, only weekends are known). */
export function hasHolidayData(date: string): boolean {
  return coveredYears.has(ymdOrThrow(date).y);
}
