/**
 * Which items are current on a given day. Expired items leave the screens but
 * stay in the archive (工作制度 五).
 */
import { chinaDate } from './china-time.ts';
import type { Item } from './feed.ts';

export function isCurrent(item: Item, today: string): boolean {
  if (item.validFrom && item.validFrom > today) return false;
  if (item.validUntil && item.validUntil < today) return false;
  // A notice shows through its period (告示制度 第六条); an explicit validUntil may keep it longer.
  if (item.kind === 'notice' && !item.validUntil && item.notice.periodEnd < today) return false;
  if (item.kind === 'hearing' && !item.validUntil && chinaDate(item.hearing.startsAt) < today) return false;
  // A questionnaire shows while it can be answered (《政务公开评议制度》第四条).
  if (item.kind === 'questionnaire' && (item.questionnaire.opensOn > today || (!item.validUntil && item.questionnaire.closesOn < today)))
    return false;
  return true;
}
