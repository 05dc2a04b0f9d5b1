/**
 * Time windows in China time, whatever the device's or the hub's own zone: a board's
 * quiet hours and daytime slots (src/ui/views/board/schedule.ts), and the fleet's opening
 * hours (src/contract/fleet.ts). A window may run past midnight (22:00-07:00); `days`
 * names the ISO weekdays it starts on (1 = Monday), none meaning every day.
 */
import { chinaFields } from './china-time.ts';

export interface Window {
  from: string;
  to: string;
  days?: number[] | undefined;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since midnight and ISO weekday (1 = Monday) in China time. */
function minuteAndWeekday(now: Date): { minute: number; weekday: number } {
  const c = chinaFields(now);
  return { minute: c.getUTCHours() * 60 + c.getUTCMinutes(), weekday: ((c.getUTCDay() + 6) % 7) + 1 };
}

export function inWindow(w: Window, now: Date): boolean {
  const { minute, weekday } = minuteAndWeekday(now);
  const from = minutes(w.from);
  const to = minutes(w.to);
  const startsOn = (day: number) => !w.days || w.days.length === 0 || w.days.includes(day);
  if (from === to) return false;
  if (from < to) return startsOn(weekday) && minute >= from && minute < to;
  // Past midnight: the evening part belongs to today, the morning part to the day before.
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return (minute >= from && startsOn(weekday)) || (minute < to && startsOn(yesterday));
}

/** 'dim' or 'off' while a board's quiet-hours window is on; the first matching window wins. */
export function quietMode(settings: { quietHours: readonly (Window & { mode: 'dim' | 'off' })[] }, now: Date): 'dim' | 'off' | undefined {
  return settings.quietHours.find((q) => inWindow(q, now))?.mode;
}
