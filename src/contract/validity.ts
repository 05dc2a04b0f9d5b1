/**
 * Which items are current on a given day. Expired items leave the screens but
 * stay in the archive (工作制度 五).
 */
import type { Item } from './feed.ts';

/** Today's date in China (Asia/Shanghai), YYYY-MM-DD, whatever the device's zone. */
export function chinaDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A moment in China time for messages, `YYYY-MM-DD HH:mm` (the office reads Beijing time, never UTC). */
export function chinaTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function isCurrent(item: Item, today: string): boolean {
  if (item.validFrom && item.validFrom > today) return false;
  if (item.validUntil && item.validUntil < today) return false;
  // A notice shows through its period (告示制度 第六条); an explicit validUntil may keep it longer.
  if (item.kind === 'notice' && !item.validUntil && item.notice.periodEnd < today) return false;
  if (item.kind === 'hearing' && !item.validUntil && chinaDate(new Date(item.hearing.startsAt)) < today) return false;
  // A questionnaire shows while it can be answered (《政务公开评议制度》第四条).
  if (item.kind === 'questionnaire' && (item.questionnaire.opensOn > today || (!item.validUntil && item.questionnaire.closesOn < today)))
    return false;
  return true;
}
