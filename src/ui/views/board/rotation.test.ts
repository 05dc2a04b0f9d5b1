import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { BoardSettings } from '../../../contract/config.ts';
import type { Item } from '../../../contract/feed.ts';
import { planBoard, type Slide } from './playlist.ts';
import { type BoardView, QUIET_CHECK_MS, Rotation, type RotationHost } from './rotation.ts';

const item = (id: string, over: Partial<Item> = {}) =>
  ({
    id,
    rev: 1,
    kind: 'disclosure',
    channel: 'public',
    category: 'other-public',
    cadence: 'one-off',
    title: id,
    department: '县政务公开办',
    bodyHtml: '',
    publishedAt: '2026-11-09',
    attachments: [],
    ...over,
  }) as Item;

function setup(items: Item[], over: Record<string, unknown> = {}, startKey?: string) {
  const settings = v.parse(BoardSettings, { slideSeconds: 10, ...over });
  const state = { items, update: false };
  const views: BoardView[] = [];
  const shows: { key: string; ms: number }[] = [];
  const failures: string[] = [];
  const remembered: string[] = [];
  const host: RotationHost = {
    now: () => Date.now(),
    plan: (at, skip) => planBoard(state.items, settings, at, skip),
    render: (view) => views.push(view),
    recordShow: (slide: Slide, from, to) => shows.push({ key: slide.key, ms: to - from }),
    applyUpdate: () => state.update,
    remember: (key) => remembered.push(key),
    failed: (slide) => failures.push(slide.key),
    crashed: (e) => {
      throw e;
    },
  };
  const rotation = new Rotation(host, settings, startKey);
  const current = () => {
    const c = rotation.current;
    return c?.kind === 'slide' ? `${c.slide.item.id}:${c.page + 1}/${c.pages}` : c?.kind;
  };
  return { rotation, state, views, shows, failures, remembered, current };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-10T10:00:00+08:00'));
});
afterEach(() => vi.useRealTimers());

describe('Rotation', () => {
  test('turns slides every slideSeconds, in order, round and round, recording each show', () => {
    const r = setup([item('a', { publishedAt: '2026-11-09' }), item('b', { publishedAt: '2026-11-08' })]);
    r.rotation.start();
    const seen = [r.current()];
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000);
      seen.push(r.current());
    }
    expect(seen).toEqual(['a:1/1', 'b:1/1', 'a:1/1', 'b:1/1', 'a:1/1']);
    expect(r.shows).toEqual([
      { key: 'a@1', ms: 10_000 },
      { key: 'b@1', ms: 10_000 },
      { key: 'a@1', ms: 10_000 },
      { key: 'b@1', ms: 10_000 },
    ]);
  });

  test('a long slide pages at reading speed, one slide time at least, three at most, up to maxPages', () => {
    const r = setup([item('long'), item('next', { publishedAt: '2026-11-01' })], { readingCharsPerMinute: 300, maxPages: 3 });
    r.rotation.start();
    const show = r.rotation.current!.show;
    // 5 pages of 100 characters each: 20 s a page at 300 a minute; only 3 pages are shown.
    r.rotation.measured(show, 5, 500);
    expect(r.current()).toBe('long:1/3');
    vi.advanceTimersByTime(19_999);
    expect(r.current()).toBe('long:1/3');
    vi.advanceTimersByTime(1);
    expect(r.current()).toBe('long:2/3');
    vi.advanceTimersByTime(40_000);
    expect(r.current()).toBe('next:1/1');
    expect(r.shows).toEqual([{ key: 'long@1', ms: 60_000 }]);
    // A very long page is capped at three slide times.
    r.rotation.measured(r.rotation.current!.show, 1, 5000);
    vi.advanceTimersByTime(29_999);
    expect(r.current()).toBe('next:1/1');
    vi.advanceTimersByTime(1);
    expect(r.current()).toBe('long:1/1');
  });

  test('a slide that throws is skipped at once, not recorded as shown, and the board keeps rotating', () => {
    const r = setup([item('a'), item('bad', { publishedAt: '2026-11-08' }), item('c', { publishedAt: '2026-11-07' })]);
    r.rotation.start();
    vi.advanceTimersByTime(10_000);
    expect(r.current()).toBe('bad:1/1');
    r.rotation.failed(r.rotation.current!.show, new RangeError('invalid date'));
    expect(r.current()).toBe('c:1/1');
    expect(r.failures).toEqual(['bad@1']);
    vi.advanceTimersByTime(20_000);
    expect(r.current()).toBe('c:1/1');
    expect(r.shows.map((s) => s.key)).toEqual(['a@1', 'c@1', 'a@1']);
  });

  test('an emergency published mid-slide cuts in at once; when withdrawn, the rotation resumes', () => {
    const r = setup([item('a'), item('b', { publishedAt: '2026-11-08' })]);
    r.rotation.start();
    vi.advanceTimersByTime(4_000);
    const snow = item('snow', {
      kind: 'notice',
      notice: {
        type: 'emergency',
        periodStart: '2026-11-10',
        periodEnd: '2026-11-12',
        basis: { cause: '暴雪', time: '今天', place: '全县', scope: '全体居民' },
        impact: '道路结冰',
        measures: '停课',
      },
    } as Partial<Item>);
    r.state.items = [...r.state.items, snow];
    r.rotation.refresh();
    expect(r.current()).toBe('snow:1/1');
    expect(r.shows).toEqual([{ key: 'a@1', ms: 4_000 }]);
    vi.advanceTimersByTime(30_000);
    expect(r.current()).toBe('snow:1/1');
    r.state.items = r.state.items.filter((i) => i.id !== 'snow');
    r.rotation.refresh();
    expect(['a:1/1', 'b:1/1']).toContain(r.current());
  });

  test('an update waiting is applied between slides, never mid-slide; the rotation then holds still', () => {
    const r = setup([item('a'), item('b', { publishedAt: '2026-11-08' })]);
    r.rotation.start();
    vi.advanceTimersByTime(5_000);
    r.state.update = true;
    expect(r.current()).toBe('a:1/1');
    vi.advanceTimersByTime(5_000);
    expect(r.shows).toEqual([{ key: 'a@1', ms: 10_000 }]);
    expect(r.rotation.stoppedForUpdate).toBe(true);
    const rendered = r.views.length;
    vi.advanceTimersByTime(60_000);
    expect(r.views.length).toBe(rendered);
  });

  test('quiet hours show the quiet screen and look at the clock again; content returns when they end', () => {
    vi.setSystemTime(new Date('2026-11-10T21:59:50+08:00'));
    const r = setup([item('a')], { quietHours: [{ from: '22:00', to: '07:00', mode: 'dim' }] });
    r.rotation.start();
    expect(r.current()).toBe('a:1/1');
    vi.advanceTimersByTime(10_000);
    expect(r.current()).toBe('quiet');
    vi.setSystemTime(new Date('2026-11-11T06:59:45+08:00'));
    vi.advanceTimersByTime(QUIET_CHECK_MS);
    expect(r.current()).toBe('a:1/1');
  });

  test('after a reload it resumes where it was going, and remembers the next slide as it goes', () => {
    const items = [item('a'), item('b', { publishedAt: '2026-11-08' }), item('c', { publishedAt: '2026-11-07' })];
    const r = setup(items, {}, 'c@1');
    r.rotation.start();
    expect(r.current()).toBe('c:1/1');
    expect(r.remembered.at(-1)).toBe('a@1');
  });

  test('an expired item leaves at its next turn without a reload', () => {
    const r = setup([item('a', { validUntil: '2026-11-10' }), item('b', { publishedAt: '2026-11-08' })]);
    vi.setSystemTime(new Date('2026-11-10T23:59:55+08:00'));
    r.rotation.start();
    expect(r.current()).toBe('a:1/1');
    vi.advanceTimersByTime(10_000);
    vi.advanceTimersByTime(10_000);
    vi.advanceTimersByTime(10_000);
    expect(r.views.filter((x) => x.kind === 'slide').map((x) => (x.kind === 'slide' ? x.slide.item.id : ''))).toEqual(['a', 'b', 'b', 'b']);
  });
});
