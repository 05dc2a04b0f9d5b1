/**
 * The hub's side of proof of display, through HTTP (Fastify inject) with real
 * SQLite and a real signed feed: uploads are stored once and checked link by
 * link, bad requests get plain Chinese 4xx answers, and the compliance report
 * names the working days a notice was missing from a board.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { approval, disclosure, TestFeed } from '../../e2e/support/feed.ts';
import { DISPLAY_VERSION, type DisplayEntry, GENESIS, sealEntry } from '../../src/contract/display.ts';
import type { Item } from '../../src/contract/feed.ts';
import { openDb } from '../db.ts';
import type { ComplianceReport } from './compliance.ts';
import { displayPlugin } from './plugin.ts';

let feed: TestFeed;
let configDir: string;
let app: FastifyInstance;
let clock = new Date('2026-10-20T10:00:00+08:00');

beforeEach(async () => {
  feed = await TestFeed.create();
  configDir = await mkdtemp(join(tmpdir(), 'zwgk-config-'));
  const db = openDb(':memory:', []);
  app = Fastify();
  await app.register(displayPlugin, { db, feedDir: feed.dir, configDir, now: () => clock });
  app.addHook('onClose', async () => db.close());
});
afterEach(async () => {
  await app.close();
  await feed.dispose();
  await rm(configDir, { recursive: true, force: true });
});

const DEVICE = 'board-aaaa-0001';

/** A device's chain: one spell per [item, China-time start], each 10 minutes, 40 shows. */
async function chain(device: string, spells: [string, string][], start = { seq: 0, hash: GENESIS }): Promise<DisplayEntry[]> {
  const out: DisplayEntry[] = [];
  let prev = start;
  for (const [item, local] of spells) {
    const from = new Date(`${local}+08:00`);
    const e = await sealEntry({
      v: DISPLAY_VERSION,
      device,
      seq: prev.seq + 1,
      item,
      rev: 1,
      from: from.toISOString(),
      to: new Date(from.getTime() + 600_000).toISOString(),
      shows: 40,
      seconds: 600,
      prev: prev.hash,
    });
    out.push(e);
    prev = { seq: e.seq, hash: e.hash };
  }
  return out;
}

function upload(entries: unknown[], over: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/display/v1/entries',
    payload: { v: 1, device: DEVICE, config: 'board', name: '县政务服务中心-公开栏', channels: ['public'], entries, ...over },
  });
}

function notice(id: string, title: string, periodStart: string, periodEnd: string, channel: 'public' | 'internal' = 'public'): Item {
  return {
    ...disclosure(id),
    kind: 'notice',
    title,
    channel,
    category: channel === 'public' ? 'other-public' : 'other-internal',
    notice: {
      type: 'decision',
      periodStart,
      periodEnd,
      basis: { cause: '原因说明', time: '时间说明', place: '地点说明', scope: '范围说明' },
      impact: '影响说明',
      measures: '措施说明',
    },
  } as Item;
}

describe('POST /api/display/v1/entries', () => {
  test('each entry is stored once, however often it is sent', async () => {
    const entries = await chain(DEVICE, [
      ['a', '2026-10-19T09:00:00'],
      ['b', '2026-10-19T10:00:00'],
      ['a', '2026-10-19T11:00:00'],
    ]);
    const first = await upload(entries.slice(0, 2));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ok: true, stored: 2, duplicates: 0, through: 2, problems: [] });
    // The reply was lost: the board sends everything again, with one more.
    const again = await upload(entries);
    expect(again.json()).toEqual({ ok: true, stored: 1, duplicates: 2, through: 3, problems: [] });
    expect((await upload(entries)).json()).toMatchObject({ stored: 0, duplicates: 3 });
    const held = (await app.inject(`/api/display/v1/boards/${DEVICE}/entries`)).json() as { entries: DisplayEntry[] };
    expect(held.entries).toEqual(entries);
    const boards = (await app.inject('/api/display/v1/boards')).json();
    expect(boards.boards).toMatchObject([{ device: DEVICE, name: '县政务服务中心-公开栏', entries: 3, lastSeq: 3, problems: [] }]);
  });

  test('bad requests get a 4xx in plain Chinese, never a 5xx, and store nothing', async () => {
    const [good] = await chain(DEVICE, [['a', '2026-10-19T09:00:00']]);
    const cases = [
      {
        res: await app.inject({
          method: 'POST',
          url: '/api/display/v1/entries',
          payload: '{"v":1,',
          headers: { 'content-type': 'application/json' },
        }),
        status: 400,
        message: '请求体不是合法的 JSON',
      },
      {
        res: await app.inject({
          method: 'POST',
          url: '/api/display/v1/entries',
          payload: 'hello',
          headers: { 'content-type': 'text/csv' },
        }),
        status: 415,
        message: '请求体应为 application/json',
      },
      { res: await upload([], { device: 'X', channels: [] }), status: 400, message: '上报内容格式有误' },
      { res: await upload([{ ...good, from: '昨天' }]), status: 400, message: '展示记录格式有误,本批均未保存' },
      { res: await upload([{ ...good, device: 'someone-else' }]), status: 400, message: '展示记录格式有误,本批均未保存' },
      { res: await upload([good, good]), status: 400, message: '同一批中有重复的记录号(seq),本批均未保存' },
      { res: await upload(Array.from({ length: 501 }, () => good)), status: 400, message: '上报内容格式有误' },
      { res: await upload([], { name: '大'.repeat(2_000_000) }), status: 413, message: '请求体过大:请分批上报,每批最多 500 条' },
    ];
    for (const c of cases) {
      expect(c.res.statusCode, c.message).toBe(c.status);
      expect(c.res.json().message).toBe(c.message);
    }
    expect(cases[2]!.res.json().problems).toEqual(
      expect.arrayContaining([
        'device: 设备编号只能用小写字母、数字和连字符,8-64 位',
        'channels: Invalid length: Expected >=1 but received 0',
      ]),
    );
    expect(cases[3]!.res.json().problems).toEqual(['entries.0.from: 时间格式应为 ISO 8601']);
    expect(cases[6]!.res.json().problems).toEqual(['entries: 每批最多 500 条']);
    expect(cases[4]!.res.json().problems).toEqual(['entries.0.device: 与上报设备 board-aaaa-0001 不一致']);
    expect((await app.inject('/api/display/v1/boards')).json().boards).toEqual([]);
  });

  test('an edited entry is refused and a deleted one noticed; the rest is kept and the office is told', async () => {
    const entries = await chain(DEVICE, [
      ['a', '2026-10-19T09:00:00'],
      ['a', '2026-10-19T10:00:00'],
      ['a', '2026-10-19T11:00:00'],
      ['a', '2026-10-19T12:00:00'],
      ['a', '2026-10-19T13:00:00'],
    ]);
    const edited = { ...entries[1]!, seconds: 3600 };
    // Entry 4 was deleted on the device before it was sent.
    const res = await upload([entries[0], edited, entries[2], entries[4]]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: true,
      stored: 3,
      duplicates: 0,
      through: 5,
      problems: [
        { seq: 2, code: 'altered', message: '第 2 条展示记录的内容与其哈希不符:记录被改动过' },
        { seq: 5, code: 'missing', message: '缺少第 4 条展示记录:记录被删除' },
      ],
    });
    // Sent again after the hub holds it, with other content: a conflict.
    const conflict = await upload([{ ...entries[0]!, item: 'b' }]);
    expect(conflict.json().problems).toEqual([{ seq: 1, code: 'altered', message: '第 1 条展示记录的内容与其哈希不符:记录被改动过' }]);
    const resealed = await sealEntry({ ...entries[0]!, item: 'b' });
    expect((await upload([resealed])).json().problems).toEqual([
      { seq: 1, code: 'conflict', message: '第 1 条展示记录与中心已收到的同号记录不同:记录被改动过' },
    ]);
    const board = (await app.inject('/api/display/v1/boards')).json().boards[0];
    expect(board.problems.map((p: { seq: number; code: string }) => `${p.seq} ${p.code}`)).toEqual([
      '1 altered',
      '1 conflict',
      '2 altered',
      '5 missing',
    ]);
  });
});

describe('compliance report', () => {
  test('names the working days a notice was missing from a board, across National Day and its make-up Saturday', async () => {
    // 9-28 (Mon) … 10-16 (Fri): 10-01..07 off, Sat 10-10 is a make-up working day; 11 working days in all.
    await feed.publish(
      [
        notice('n-road', '关于<道路>改造的告示', '2026-09-28', '2026-10-16'),
        notice('n-staff', '内部告示', '2026-09-28', '2026-10-16', 'internal'),
      ],
      approval(),
    );
    const shown = [
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-12',
      '2026-10-13',
      '2026-10-14',
      '2026-10-15',
      '2026-10-16',
    ];
    // Also shown on holidays (the board runs every day), which neither counts nor hurts.
    const spells: [string, string][] = [...shown, '2026-10-03'].sort().map((d) => ['n-road', `${d}T09:00:00`]);
    await upload(await chain(DEVICE, spells));
    // An internal board is not expected to show a public notice, and vice versa.
    await upload(await chain('board-bbbb-0002', [['n-staff', '2026-09-28T09:00:00']]), {
      device: 'board-bbbb-0002',
      channels: ['internal'],
      name: '内部公开栏',
    });
    await writeFile(join(configDir, 'hall.json'), JSON.stringify({ v: 1, name: '大厅公开栏', mode: 'board' }));
    await writeFile(join(configDir, 'broken.json'), '{');

    const res = await app.inject('/api/display/v1/compliance?date=2026-10-20');
    expect(res.statusCode).toBe(200);
    const r = res.json() as ComplianceReport;
    const road = r.notices.find((n) => n.id === 'n-road')!;
    expect(road.workingDays).toBe(11);
    expect(road.status).toBe('missing');
    expect(road.boards).toHaveLength(1);
    expect(road.boards[0]).toMatchObject({
      device: DEVICE,
      status: 'missing',
      missingDays: ['2026-10-09', '2026-10-10'],
      unreportedDays: [],
      judgedDays: 11,
      seconds: 600 * 10,
    });
    expect(r.notices.find((n) => n.id === 'n-staff')!.boards.map((b) => b.device)).toEqual(['board-bbbb-0002']);
    // A board installed after the period owes it nothing.
    await upload(await chain('board-cccc-0003', [['d-other', '2026-10-19T09:00:00']]), { device: 'board-cccc-0003', name: '新装公开栏' });
    const later = (await app.inject('/api/display/v1/compliance?date=2026-10-20')).json() as ComplianceReport;
    expect(later.notices.find((n) => n.id === 'n-road')!.boards.map((b) => b.device)).toEqual([DEVICE]);
    expect(r.silentConfigs).toEqual([{ config: 'hall', name: '大厅公开栏', channels: ['public'] }]);

    const page = await app.inject('/office/compliance?date=2026-10-20');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('关于&lt;道路&gt;改造的告示');
    expect(page.body).not.toContain('<道路>');
    expect(page.body).toContain('10月9日(五)、10月10日(六)');
    expect(page.body).toContain('共 11 个工作日');
    expect(page.body).toContain('大厅公开栏(kiosk-config/hall.json)');
  });

  test('days after a board last reported are not yet known, not missing; a period still running is on track', async () => {
    await feed.publish([notice('n-open', '公示中的告示', '2026-10-12', '2026-10-30')], approval());
    clock = new Date('2026-10-15T08:00:00+08:00');
    await upload(
      await chain(DEVICE, [
        ['n-open', '2026-10-12T09:00:00'],
        ['n-open', '2026-10-13T09:00:00'],
        ['n-open', '2026-10-14T09:00:00'],
      ]),
    );
    const onTrack = (await app.inject('/api/display/v1/compliance?date=2026-10-15')).json() as ComplianceReport;
    expect(onTrack.notices[0]).toMatchObject({ status: 'on-track', boards: [{ status: 'on-track', missingDays: [], unreportedDays: [] }] });
    // Four days later the board has not reported again.
    const later = (await app.inject('/api/display/v1/compliance?date=2026-10-19')).json() as ComplianceReport;
    expect(later.notices[0]!.boards[0]).toMatchObject({ status: 'pending', missingDays: [], unreportedDays: ['2026-10-15', '2026-10-16'] });
    expect((await app.inject('/api/display/v1/compliance?date=2026-02-30')).statusCode).toBe(400);
  });

  test('a withdrawn notice is owed only the days before its withdrawal', async () => {
    await feed.publish([notice('n-gone', '撤回的告示', '2026-10-12', '2026-10-30')], approval());
    await upload(
      await chain(DEVICE, [
        ['n-gone', '2026-10-12T09:00:00'],
        ['n-gone', '2026-10-13T09:00:00'],
      ]),
    );
    const { readFeed, writeFeed } = await import('../publish/feed-writer.ts');
    await writeFeed(feed.dir, await readFeed(feed.dir), {
      feedId: 'test-county',
      publisher: '测试县政务公开办',
      key: feed.key,
      changes: [{ op: 'withdraw', id: 'n-gone', reason: '方案调整,予以撤回', approval: approval() }],
      now: new Date('2026-10-14T16:00:00+08:00'),
    });
    const r = (await app.inject('/api/display/v1/compliance?date=2026-10-31')).json() as ComplianceReport;
    expect(r.notices[0]).toMatchObject({ withdrawnOn: '2026-10-14', owedUntil: '2026-10-13', workingDays: 2, status: 'complete' });
    expect(r.notices[0]!.boards[0]).toMatchObject({ status: 'complete', shownDays: ['2026-10-12', '2026-10-13'], missingDays: [] });
  });
});
