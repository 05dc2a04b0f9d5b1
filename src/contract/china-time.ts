/**
 * Days, months and clock times in China, whatever the zone of the device or the hub.
 * China has one time zone, UTC+8, with no daylight saving, and the county's regulations
 * count their days in it (告示制度 第六条 告示期, 听证制度 第九条 听证通知); so a fixed
 * offset is exact and no time-zone database is needed.
 *
 * An instant is epoch milliseconds, a Date or an ISO 8601 string. One that is not a time
 * throws RangeError (as Date#toISOString does), except in `chinaMinute`, which writes
 * times into messages and gives back what it was given rather than fail the message.
 */

export const CHINA_OFFSET_MS = 8 * 3_600_000;

export type Instant = number | Date | string;

const epochMs = (t: Instant) => (typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime());

/**
 * The instant moved by +8 h, so its UTC getters (getUTCDay, getUTCHours…) read China's
 * calendar and clock. For reading fields only: it is not the same instant.
 */
export const chinaFields = (t: Instant): Date => new Date(epochMs(t) + CHINA_OFFSET_MS);

/** 'YYYY-MM-DDTHH:mm…' in China time; throws RangeError when `t` is not a time. */
const chinaIso = (t: Instant) => chinaFields(t).toISOString();

/** The day in China, 'YYYY-MM-DD'; today when no instant is given. */
export const chinaDate = (t: Instant = Date.now()): string => chinaIso(t).slice(0, 10);

/** The month in China, 'YYYY-MM'. */
export const chinaMonth = (t: Instant): string => chinaIso(t).slice(0, 7);

/** The clock in China, 'HH:mm'. */
export const chinaClock = (t: Instant): string => chinaIso(t).slice(11, 16);

/** 'YYYY-MM-DD HH:mm' in China, for messages (the office reads Beijing time, never UTC); what it was given when that is not a time. */
export function chinaMinute(t: Instant): string {
  const ms = epochMs(t);
  return Number.isNaN(ms) ? String(t) : chinaIso(ms).slice(0, 16).replace('T', ' ');
}

/**
 * The instant (epoch ms) a China day 'YYYY-MM-DD' begins: 16:00 UTC the day before.
 * Read by Date.parse: NaN for text that is no date, but V8 rolls '2026-02-30' into March.
 */
export const chinaMidnight = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);
