import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { BoardSettings } from '../../../contract/config.ts';
import type { Item } from '../../../contract/feed.ts';
import { planBoard } from './playlist.ts';
import { inWindow, quietMode } from './schedule.ts';

const settings = (over: Record<string, unknown> = {}) => v.parse(BoardSettings, over);
/** China time, as the board reads it. */
const at = (local: string) => new Date(`${local}+08:00`);

const base = {
  rev: 1,
  channel: 'public',
  category: 'other-public',
  cadence: 'one-off',
  department: '县政务公开办',
  bodyHtml: '<p>正文</p>',
  publishedAt: '2026-11-02',
  attachments: [] as Item['attachments'],
} as const;

function notice(
  id: string,
  type: 'decision' | 'execution' | 'emergency',
  periodStart: string,
  periodEnd: string,
  over: Partial<Item> = {},
): Item {
  return {
    ...base,
    id,
    kind: 'notice',
    title: `告示 ${id}`,
    notice: {
      type,
      periodStart,
      periodEnd,
      basis: { cause: '原因', time: '时间', place: '地点', scope: '范围' },
      impact: '影响',
      measures: '措施',
    },
    ...over,
  } as Item;
}
const disclosure = (id: string, publishedAt: string, over: Partial<Item> = {}) =>
  ({ ...base, id, kind: 'disclosure', title: `公开 ${id}`, publishedAt, ...over }) as Item;
const hearing = (id: string, startsAt: string) =>
  ({
    ...base,
    id,
    kind: 'hearing',
    title: `听证 ${id}`,
    hearing: { matter: '事项', startsAt, place: '四楼听证室', noticeDate: '2026-11-02', howToJoin: '电话报名' },
  }) as Item;
const answer = (id: string) => ({ ...base, id, kind: 'answer', title: `答复 ${id}` }) as Item;

const ids = (plan: ReturnType<typeof planBoard>) => ('slides' in plan ? plan.slides.map((s) => `${s.kind}:${s.item.id}`) : plan.mode);

describe('planBoard', () => {
  const items = [
    notice('n-decision', 'decision', '2026-11-02', '2026-11-27'),
    notice('n-execution', 'execution', '2026-11-09', '2026-11-17'),
    notice('n-later', 'decision', '2026-11-20', '2026-12-18'),
    hearing('h-soon', '2026-11-20T09:00:00+08:00'),
    hearing('h-sooner', '2026-11-13T09:00:00+08:00'),
    disclosure('d-new', '2026-11-09'),
    disclosure('d-old', '2026-09-01'),
    answer('a-1'),
  ];

  test('notices in their period, then hearings to come, then new disclosures, then answers', () => {
    expect(ids(planBoard(items, settings(), at('2026-11-10T10:00:00')))).toEqual([
      'notice:n-execution',
      'notice:n-decision',
      'hearing:h-sooner',
      'hearing:h-soon',
      'new:d-new',
      'answer:a-1',
    ]);
  });

  test('an emergency notice pre-empts everything, quiet hours and schedule included, until its period ends', () => {
    const all = [...items, notice('n-snow', 'emergency', '2026-11-10', '2026-11-12')];
    const quiet = settings({
      quietHours: [{ from: '00:00', to: '24:00', mode: 'off' }],
      schedule: [{ from: '00:00', to: '24:00', sections: ['answers'] }],
    });
    expect(ids(planBoard(all, quiet, at('2026-11-10T23:00:00')))).toEqual(['emergency:n-snow']);
    expect(ids(planBoard(all, settings(), at('2026-11-12T23:59:00')))).toEqual(['emergency:n-snow']);
    expect(ids(planBoard(all, settings(), at('2026-11-13T00:00:00')))[0]).toBe('notice:n-execution');
  });

  test('what expired or has not begun is not on the board; a hearing leaves when it starts', () => {
    const plan = ids(planBoard(items, settings(), at('2026-11-18T10:00:00')));
    expect(plan).not.toContain('notice:n-execution');
    expect(plan).not.toContain('notice:n-later');
    expect(plan).not.toContain('hearing:h-sooner');
    expect(plan).toContain('hearing:h-soon');
    expect(ids(planBoard(items, settings(), at('2026-11-20T09:00:00')))).not.toContain('hearing:h-soon');
  });

  test('new means published within newDays', () => {
    expect(ids(planBoard(items, settings({ newDays: 7 }), at('2026-11-15T10:00:00')))).toContain('new:d-new');
    expect(ids(planBoard(items, settings({ newDays: 7 }), at('2026-11-16T10:00:00')))).not.toContain('new:d-new');
  });

  test('categories and the daytime schedule narrow the rotation', () => {
    const mixed = [...items, disclosure('d-fees', '2026-11-09', { category: 'procedures-fees' })];
    expect(ids(planBoard(mixed, settings({ categories: ['procedures-fees'] }), at('2026-11-10T10:00:00')))).toEqual(['new:d-fees']);
    const morning = settings({ schedule: [{ from: '08:00', to: '12:00', days: [1, 2, 3, 4, 5], sections: ['hearings'] }] });
    expect(ids(planBoard(items, morning, at('2026-11-10T09:00:00')))).toEqual(['hearing:h-sooner', 'hearing:h-soon']);
    // Tuesday afternoon and Saturday morning are outside the slot.
    expect(ids(planBoard(items, morning, at('2026-11-10T13:00:00')))).toHaveLength(6);
    expect(ids(planBoard(items, morning, at('2026-11-14T09:00:00')))).toEqual([
      'notice:n-execution',
      'notice:n-decision',
      'hearing:h-soon',
      'new:d-new',
      'answer:a-1',
    ]);
  });

  test('never blank: with nothing new the standing catalogue rotates; with nothing at all, the empty slide', () => {
    const quietDays = [disclosure('d-old', '2026-09-01'), disclosure('d-older', '2026-05-01')];
    expect(ids(planBoard(quietDays, settings(), at('2026-11-10T10:00:00')))).toEqual(['catalogue:d-old', 'catalogue:d-older']);
    expect(planBoard([], settings(), at('2026-11-10T10:00:00'))).toEqual({ mode: 'empty' });
    expect(planBoard([disclosure('d-gone', '2026-01-01', { validUntil: '2026-02-01' })], settings(), at('2026-11-10T10:00:00'))).toEqual({
      mode: 'empty',
    });
  });

  test('a slide that failed is left out of this revision, not of the next', () => {
    const skip = new Set(['d-new@1']);
    expect(ids(planBoard(items, settings(), at('2026-11-10T10:00:00'), skip))).not.toContain('new:d-new');
    const revised = items.map((i) => (i.id === 'd-new' ? { ...i, rev: 2 } : i));
    expect(ids(planBoard(revised, settings(), at('2026-11-10T10:00:00'), skip))).toContain('new:d-new');
  });
});

describe('quiet hours and schedule windows (China time)', () => {
  test('a window past midnight belongs to the day it starts on', () => {
    const night = { from: '22:00', to: '07:00', days: [5] }; // Friday night
    expect(inWindow(night, at('2026-11-13T23:00:00'))).toBe(true); // Friday
    expect(inWindow(night, at('2026-11-14T06:59:00'))).toBe(true); // Saturday morning
    expect(inWindow(night, at('2026-11-14T07:00:00'))).toBe(false);
    expect(inWindow(night, at('2026-11-14T23:00:00'))).toBe(false); // Saturday night
    expect(inWindow(night, at('2026-11-13T06:00:00'))).toBe(false); // Friday morning belongs to Thursday
  });

  test('the first matching window decides dim or off, whatever the device zone', () => {
    const s = settings({
      quietHours: [
        { from: '12:00', to: '13:30', mode: 'dim' },
        { from: '21:00', to: '07:00', mode: 'off' },
      ],
    });
    expect(quietMode(s, at('2026-11-10T12:30:00'))).toBe('dim');
    expect(quietMode(s, at('2026-11-10T13:30:00'))).toBeUndefined();
    expect(quietMode(s, at('2026-11-10T02:00:00'))).toBe('off');
    expect(quietMode(s, new Date('2026-11-10T13:00:00Z'))).toBe('off'); // 21:00 in Qingyuan
  });

  test('bad settings are refused field by field', () => {
    const r = v.safeParse(BoardSettings, { slideSeconds: 60, quietHours: [{ from: '7:00', to: '22:00', mode: 'sleep' }] });
    expect(r.success).toBe(false);
    const messages = r.issues!.map((i) => `${v.getDotPath(i)}: ${i.message}`);
    expect(messages).toContain('quietHours.0.from: 时间应为 HH:MM,如 22:30');
    expect(messages).toContain('quietHours.0.mode: mode 应为 dim 或 off');
    expect(v.safeParse(BoardSettings, { slideSeconds: 60 }).issues?.[0]?.message).toBe('watchdogSeconds 应不少于 slideSeconds 的 4 倍');
  });
});

describe('open questionnaires', () => {
  const questionnaire = (id: string, opensOn: string, closesOn: string): Item =>
    ({
      ...base,
      id,
      kind: 'questionnaire',
      title: `评议问卷 ${id}`,
      questionnaire: { opensOn, closesOn },
      form: { pages: [] },
    }) as unknown as Item;

  test('an open questionnaire gets a slide of its own; a closed one does not', () => {
    const plan = planBoard(
      [questionnaire('open', '2026-11-16', '2026-12-15'), questionnaire('closed', '2026-10-01', '2026-10-31')],
      settings(),
      at('2026-11-28T10:00:00'),
    );
    expect(plan.mode).toBe('normal');
    if (plan.mode !== 'normal') return;
    expect(plan.slides.map((s) => [s.kind, s.item.id])).toEqual([['survey', 'open']]);
  });
});
