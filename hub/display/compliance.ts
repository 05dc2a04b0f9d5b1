/**
 * The compliance report: for each notice (告示), whether every board on its
 * channel showed it on every working day of its period (告示制度 第六条:
 * 决策类 ≥ 20, 执行类 ≥ 7 个工作日), and which working days are missing.
 * Pure: the hub hands in what it holds and the day to judge as of.
 *
 * A day counts as shown when the board's log has the notice on screen that
 * day (any revision). Only finished days are judged: `date` itself is shown
 * as information. A board is judged from the day it was installed (its first
 * record), and only up to the last day it has reported in full; later days
 * are "not yet reported", not missing.
 */

import { chinaDate } from '../../src/contract/china-time.ts';
import type { NoticeType } from '../../src/contract/feed.ts';
import { countWorkingDays, dayBefore, isValidDate, isWorkingDay } from '../../src/contract/working-days.ts';
import type { BoardRow, ShownDay } from './store.ts';

export interface NoticeRecord {
  id: string;
  rev: number;
  title: string;
  type: NoticeType;
  channel: 'public' | 'internal';
  department: string;
  periodStart: string;
  periodEnd: string;
  /** 撤回: the day it left the screens; it is owed only the days before. */
  withdrawnOn?: string;
}

export type BoardStatus = 'complete' | 'on-track' | 'pending' | 'missing' | 'not-started';
export type NoticeStatus = BoardStatus | 'upcoming' | 'no-boards' | 'invalid';

export interface BoardCompliance {
  device: string;
  name: string;
  config: string;
  status: BoardStatus;
  /** Working days judged so far (finished, after installation). */
  judgedDays: number;
  shownDays: string[];
  missingDays: string[];
  /** After the board's last full report: not known yet. */
  unreportedDays: string[];
  /** Before the board was installed. */
  beforeInstallDays: string[];
  /** Whether it is on screen on `date` itself so far (information only). */
  shownToday: boolean;
  seconds: number;
  revisions: number[];
  /** The board's log has tampering on record: its figures are not proof. */
  tampered: boolean;
  /** Who vouched for these days: the enrolled device whose key signed every entry counted (issue 10). */
  vouchedBy: { device: string; name: string; place: string; key: string; revokedAt: string | null };
}

export interface NoticeCompliance extends NoticeRecord {
  /** The period's last day as owed (the day before a withdrawal, if earlier). */
  owedUntil: string;
  workingDays: number;
  status: NoticeStatus;
  problem?: string;
  boards: BoardCompliance[];
}

export interface ComplianceReport {
  date: string;
  generatedAt: string;
  notices: NoticeCompliance[];
  boards: BoardRow[];
  /** Board configs (mode "board") under which no board has ever reported. */
  silentConfigs: { config: string; name: string; channels: string[] }[];
}

function workingDaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  if (to < from) return out;
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (isWorkingDay(d)) out.push(d);
  }
  return out;
}

const min = (a: string, b: string) => (a < b ? a : b);

export function computeCompliance(input: {
  date: string;
  now: Date;
  notices: readonly NoticeRecord[];
  boards: readonly BoardRow[];
  firstShown: ReadonlyMap<string, string>;
  shown: readonly ShownDay[];
  boardConfigs: readonly { config: string; name: string; channels: string[] }[];
}): ComplianceReport {
  const { date } = input;
  const yesterday = dayBefore(date);
  const byBoardItem = new Map<string, ShownDay[]>();
  for (const s of input.shown) {
    const k = `${s.device}\n${s.item}`;
    const list = byBoardItem.get(k);
    if (list) list.push(s);
    else byBoardItem.set(k, [s]);
  }

  const notices = input.notices.map((n): NoticeCompliance => {
    const base = { ...n, owedUntil: n.periodEnd, workingDays: 0, boards: [] as BoardCompliance[] };
    if (![n.periodStart, n.periodEnd, ...(n.withdrawnOn ? [n.withdrawnOn] : [])].every(isValidDate) || n.periodEnd < n.periodStart)
      return { ...base, status: 'invalid', problem: `公示期 ${n.periodStart} 至 ${n.periodEnd} 不是有效的日期范围` };
    const owedUntil = n.withdrawnOn ? min(n.periodEnd, dayBefore(n.withdrawnOn)) : n.periodEnd;
    const workingDays = countWorkingDays(n.periodStart, owedUntil);
    if (n.periodStart > date) return { ...base, owedUntil, workingDays, status: 'upcoming' };
    const judgedUntil = min(owedUntil, yesterday);
    const owed = workingDaysBetween(n.periodStart, judgedUntil);

    const boards = input.boards
      .filter((b) => b.channels.includes(n.channel))
      .map((b): BoardCompliance => {
        const days = byBoardItem.get(`${b.device}\n${n.id}`) ?? [];
        const shownSet = new Set(days.map((d) => d.day));
        const installed = min(chinaDate(new Date(b.firstSeen)), input.firstShown.get(b.device) ?? '9999-12-31');
        // Everything before the day of its last report has been sealed and sent.
        const reportedThrough = dayBefore(chinaDate(new Date(b.lastSeen)));
        const r: BoardCompliance = {
          device: b.device,
          name: b.name,
          config: b.config,
          status: 'on-track',
          judgedDays: 0,
          shownDays: [],
          missingDays: [],
          unreportedDays: [],
          beforeInstallDays: [],
          shownToday: shownSet.has(date),
          seconds: days.reduce((s, d) => s + d.seconds, 0),
          revisions: [...new Set(days.flatMap((d) => d.revs))].sort((a, b) => a - b),
          tampered: b.problems.length > 0,
          vouchedBy: { device: b.device, name: b.name, place: b.place, key: b.key, revokedAt: b.revokedAt },
        };
        for (const d of owed) {
          if (d < installed) r.beforeInstallDays.push(d);
          else if (shownSet.has(d)) r.shownDays.push(d);
          else if (d > reportedThrough) r.unreportedDays.push(d);
          else r.missingDays.push(d);
        }
        r.judgedDays = r.shownDays.length + r.missingDays.length + r.unreportedDays.length;
        r.status =
          r.missingDays.length > 0
            ? 'missing'
            : r.unreportedDays.length > 0
              ? 'pending'
              : installed > judgedUntil
                ? 'not-started'
                : judgedUntil >= owedUntil
                  ? 'complete'
                  : 'on-track';
        return r;
      })
      // Boards installed after the days judged so far owe them nothing.
      .filter((r) => r.status !== 'not-started');

    const status: NoticeStatus =
      boards.length === 0
        ? 'no-boards'
        : boards.some((b) => b.status === 'missing')
          ? 'missing'
          : boards.some((b) => b.status === 'pending')
            ? 'pending'
            : boards.every((b) => b.status === 'complete')
              ? 'complete'
              : 'on-track';
    return { ...n, owedUntil, workingDays, status, boards };
  });

  const reportingConfigs = new Set(input.boards.map((b) => b.config));
  return {
    date,
    generatedAt: input.now.toISOString(),
    notices: notices.sort((a, b) => b.periodStart.localeCompare(a.periodStart) || a.title.localeCompare(b.title, 'zh-CN')),
    boards: [...input.boards],
    silentConfigs: input.boardConfigs.filter((c) => !reportingConfigs.has(c.config)),
  };
}
