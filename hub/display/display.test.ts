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
import { TestDevice } from '../../e2e/support/device.ts';
import { approval, disclosure, TestFeed } from '../../e2e/support/feed.ts';
import { verifyDeviceSignature } from '../../src/contract/device.ts';
import { DISPLAY_VERSION, type DisplayEntry, GENESIS, sealEntry } from '../../src/contract/display.ts';
import type { Item } from '../../src/contract/feed.ts';
import { installAccess } from '../access.ts';
import { type Db, openDb } from '../db.ts';
import { installDevices } from '../devices/plugin.ts';
import type { ComplianceReport } from './compliance.ts';
import { displayPlugin } from './plugin.ts';
import { DisplayStore } from './store.ts';

let feed: TestFeed;
let configDir: string;
let app: FastifyInstance;
let clock = new Date('2026-10-20T10:00:00+08:00');
/** Boards are enrolled well before the days the tests judge. */
const ENROLLED = new Date('2026-09-01T09:00:00+08:00');
let board: TestDevice;
let db: Db;

beforeEach(async () => {
  clock = new Date('2026-10-20T10:00:00+08:00');
  feed = await TestFeed.create();
  configDir = await mkdtemp(join(tmpdir(), 'zwgk-config-'));
  db = openDb(':memory:', []);
  app = Fastify();
  installAccess(app);
  // The report and the boards' logs are the office's (any signed-in user): an admin asks here.
  app.identify.person = async () => ({ id: 'p-admin', name: '王管理', roles: ['admin'] });
  await installDevices(app, { db, configDir, now: () => clock });
  await app.register(displayPlugin, {
    db,
    feedDir: feed.dir,
    configDir,
    devices: app.devices,
    now: () => clock,
    quota: { requests: 50, items: 600 },
  });
  app.addHook('onClose', async () => db.close());
  board = await enroll(DEVICE, '县政务服务中心-公开栏');
});

/** Claims and approves a device as IT would (name, place and channels are IT's). */
async function enroll(id: string, name: string, channels: ('public' | 'internal')[] = ['public'], at = ENROLLED): Promise<TestDevice> {
  const d = await TestDevice.create(id);
  const claimed = app.devices.claim({ device: d.id, publicKey: d.publicKey, code: d.code, config: 'board' }, at);
  if (!claimed.ok) throw new Error(claimed.message);
  app.devices.approve(d.id, { name, place: '县政务服务中心一楼', channels, by: 'test' }, at);
  return d;
}

/** POSTs a body to the upload route, signed by `as` (or unsigned). */
async function post(body: string, as?: TestDevice, o: { time?: number; claim?: string } = {}) {
  const url = '/api/display/v1/entries';
  const headers = as
    ? await as.headers('POST', url, body, { time: o.time ?? clock.getTime(), ...(o.claim ? { as: o.claim } : {}) })
    : { 'content-type': 'application/json' };
  return app.inject({ method: 'POST', url, payload: body, headers });
}
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

/** An upload by `by` (the main board by default), its batch signed over the entries as sent. */
async function upload(entries: unknown[], over: Record<string, unknown> = {}, by: TestDevice = board) {
  const device = (over.device as string | undefined) ?? by.id;
  const sig = await by.batchSig(entries as DisplayEntry[], device);
  return post(JSON.stringify({ v: 1, device, entries, sig, ...over }), by);
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
        res: await post('{"v":1,', board),
        status: 400,
        message: '请求体不是合法的 JSON',
      },
      {
        res: await app.inject({
          method: 'POST',
          url: '/api/display/v1/entries',
          payload: 'hello',
          headers: {
            ...(await board.headers('POST', '/api/display/v1/entries', 'hello', { time: clock.getTime() })),
            'content-type': 'text/csv',
          },
        }),
        status: 415,
        message: '请求体应为 application/json',
      },
      { res: await upload([], { device: 'X', sig: 'x' }), status: 400, message: '上报内容格式有误' },
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
      expect.arrayContaining(['device: 设备编号只能用小写字母、数字和连字符,8-64 位', 'sig: 批次签名格式无效']),
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
    // Sent again after the hub holds it, with other content: a conflict, refused without telling the board it may forget entry 1.
    const conflict = await upload([{ ...entries[0]!, item: 'b' }]);
    expect(conflict.json().problems).toEqual([{ seq: 1, code: 'altered', message: '第 1 条展示记录的内容与其哈希不符:记录被改动过' }]);
    expect(conflict.json().through).toBe(0);
    const resealed = await sealEntry({ ...entries[0]!, item: 'b' });
    const resent = (await upload([resealed])).json();
    expect(resent.problems).toEqual([{ seq: 1, code: 'conflict', message: '第 1 条展示记录与中心已收到的同号记录不同:记录被改动过' }]);
    expect(resent.through).toBe(0);
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
    const inside = await enroll('board-bbbb-0002', '内部公开栏', ['internal']);
    await upload(await chain('board-bbbb-0002', [['n-staff', '2026-09-28T09:00:00']]), {}, inside);
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
    const added = await enroll('board-cccc-0003', '新装公开栏', ['public'], new Date('2026-10-19T08:00:00+08:00'));
    await upload(await chain('board-cccc-0003', [['d-other', '2026-10-19T09:00:00']]), {}, added);
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

/**
 * Every forgery of issue 10's "Why", tried against a board whose notice was shown on
 * 3 of 9 working days: each is refused, and the report says the same afterwards.
 */
describe('forged proof of display is refused and never changes the report', () => {
  const SHOWN = ['2026-10-12', '2026-10-13', '2026-10-14'];
  const MISSING = ['2026-10-15', '2026-10-16', '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22'];
  let genuine: DisplayEntry[];
  let stranger: TestDevice;

  const report = async () => {
    const r = (await app.inject('/api/display/v1/compliance?date=2026-10-23')).json() as ComplianceReport;
    return { notices: r.notices, boards: r.boards };
  };

  beforeEach(async () => {
    clock = new Date('2026-10-23T10:00:00+08:00');
    await feed.publish([notice('n-nine', '九个工作日的告示', '2026-10-12', '2026-10-22')], approval());
    genuine = await chain(
      DEVICE,
      SHOWN.map((d) => ['n-nine', `${d}T09:00:00`]),
    );
    expect((await upload(genuine)).json()).toMatchObject({ stored: 3, through: 3, problems: [] });
    stranger = await TestDevice.create('stranger-0001');
  });

  /** Entries that would fill the missing days, chained on from the genuine log. */
  const filler = (device = DEVICE) =>
    chain(
      device,
      MISSING.map((d) => ['n-nine', `${d}T09:00:00`]),
      { seq: 3, hash: genuine[2]!.hash },
    );

  test('the report as it stands: shown on 3 of 9 working days, vouched for by the enrolled board', async () => {
    const r = await report();
    expect(r.notices[0]).toMatchObject({ status: 'missing', workingDays: 9 });
    expect(r.notices[0]!.boards[0]).toMatchObject({
      shownDays: SHOWN,
      missingDays: MISSING,
      vouchedBy: {
        device: DEVICE,
        name: '县政务服务中心-公开栏',
        place: '县政务服务中心一楼',
        key: expect.stringMatching(/^[0-9a-f]{16}$/),
      },
    });
    const page = await app.inject('/office/compliance?date=2026-10-23');
    expect(page.body).toContain('由该设备签名担保');
  });

  test('an upload without a device signature, or in a made-up device’s name, is refused', async () => {
    const before = await report();
    const fill = await filler();
    const body = JSON.stringify({ v: 1, device: DEVICE, entries: fill, sig: 'A'.repeat(86) });
    const unsigned = await post(body);
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().message).toContain('本设备未登记或已停用');
    // A made-up device id nobody enrolled.
    const madeUp = await post(await stranger.displayBody(await filler('made-up-board-01')), stranger, { claim: 'made-up-board-01' });
    expect(madeUp.statusCode).toBe(401);
    // The stranger's own, never-approved key.
    const claimed = app.devices.claim({ device: stranger.id, publicKey: stranger.publicKey, code: stranger.code, config: 'board' }, clock);
    expect(claimed.ok).toBe(true);
    const pending = await post(await stranger.displayBody(await filler(stranger.id)), stranger);
    expect(pending.statusCode).toBe(403);
    expect(pending.json().message).toBe('本设备尚未获批准,请等待信息技术人员批准');
    expect(await report()).toEqual(before);
  });

  test('the real board’s id signed with another key, or the board’s request altered on the way, is refused', async () => {
    const before = await report();
    const body = await stranger.displayBody(await filler(), { device: DEVICE });
    const impostor = await post(body, stranger, { claim: DEVICE });
    expect(impostor.statusCode).toBe(401);
    expect(impostor.json().error).toBe('bad-signature');
    // The board's genuine request, its body swapped in transit.
    const url = '/api/display/v1/entries';
    const headers = await board.headers('POST', url, await board.displayBody([]), { time: clock.getTime() });
    const swapped = await app.inject({ method: 'POST', url, payload: await board.displayBody(await filler()), headers });
    expect(swapped.statusCode).toBe(401);
    // A request recorded an hour ago and sent again.
    const replayed = await post(await board.displayBody(await filler()), board, { time: clock.getTime() - 3_600_000 });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error).toBe('clock-skew');
    expect(await report()).toEqual(before);
  });

  test('a stranger’s entries sent ahead of the real board never make the board the one flagged, nor make it drop its log', async () => {
    const fake = await chain(
      DEVICE,
      [
        ['n-nine', '2026-10-15T09:00:00'],
        ['n-nine', '2026-10-16T09:00:00'],
      ],
      { seq: 3, hash: genuine[2]!.hash },
    );
    const sent = await post(JSON.stringify({ v: 1, device: DEVICE, entries: fake, sig: await stranger.batchSig(fake, DEVICE) }), stranger, {
      claim: DEVICE,
    });
    expect(sent.statusCode).toBe(401);
    // The real board's own next entries arrive as usual: stored, confirmed, nothing flagged.
    const real = await chain(DEVICE, [['d-other', '2026-10-15T10:00:00']], { seq: 3, hash: genuine[2]!.hash });
    expect((await upload(real)).json()).toEqual({ ok: true, stored: 1, duplicates: 0, through: 4, problems: [] });
    expect((await app.inject('/api/display/v1/boards')).json().boards[0].problems).toEqual([]);
  });

  test('another enrolled device cannot upload a board’s log, nor sign its batch', async () => {
    const before = await report();
    const other = await enroll('board-dddd-0004', '另一块公开栏');
    const forBoard = await upload(await filler(), { device: DEVICE }, other);
    expect(forBoard.statusCode).toBe(403);
    expect(forBoard.json().message).toContain('与签名设备');
    // The board's request with a batch signature that is not the board's.
    const fill = await filler();
    const wrongBatch = await post(JSON.stringify({ v: 1, device: DEVICE, entries: fill, sig: await other.batchSig(fill, DEVICE) }), board);
    expect(wrongBatch.statusCode).toBe(400);
    expect(wrongBatch.json().message).toBe('本批展示记录的签名无效,本批均未保存');
    expect(await report()).toEqual(before);
  });

  test('entries dated after the upload or before enrollment are not counted', async () => {
    const before = await report();
    // Days still to come, sent "in advance".
    const future = await chain(DEVICE, [['n-nine', '2026-10-26T09:00:00']], { seq: 3, hash: genuine[2]!.hash });
    const r1 = (await upload(future)).json();
    expect(r1).toMatchObject({ stored: 0, through: 0 });
    expect(r1.problems).toEqual([{ seq: 4, code: 'out-of-time', message: '第 4 条展示记录的时间晚于上报时间,不予采信' }]);
    // A board enrolled on 10-20 claiming it showed the notice from 10-12.
    const late = await enroll('board-eeee-0005', '新公开栏', ['public'], new Date('2026-10-20T09:00:00+08:00'));
    const backdated = await chain(
      late.id,
      [...SHOWN, ...MISSING.slice(0, 3)].map((d) => ['n-nine', `${d}T09:00:00`]),
    );
    const r2 = (await upload(backdated, {}, late)).json();
    expect(r2.stored).toBe(0);
    expect(r2.problems[0]).toEqual({ seq: 1, code: 'out-of-time', message: '第 1 条展示记录的时间早于本设备登记时间,不予采信' });
    const after = await report();
    const mine = after.notices[0]!.boards.find((b) => b.device === DEVICE)!;
    const was = before.notices[0]!.boards[0]!;
    expect([mine.shownDays, mine.missingDays, mine.status]).toEqual([was.shownDays, was.missingDays, was.status]);
    // The board's own key signed an entry from the future: its log is marked as not proof.
    expect(mine.tampered).toBe(true);
    expect(after.notices[0]!.status).toBe('missing');
  });

  test('an upload never renames, retires or re-channels a board, and a conflict never makes the board drop its log', async () => {
    const before = await report();
    const renamed = await post(
      JSON.stringify({
        v: 1,
        device: DEVICE,
        config: 'retired',
        name: '(已拆除)',
        channels: ['internal'],
        entries: [],
        sig: await board.batchSig([]),
      }),
      board,
    );
    expect(renamed.statusCode).toBe(200);
    const boards = (await app.inject('/api/display/v1/boards')).json().boards;
    expect(boards[0]).toMatchObject({ name: '县政务服务中心-公开栏', channels: ['public'], config: 'board' });
    // A different entry 3 under the board's own key: refused, and `through` stays below it.
    const other = await sealEntry({ ...genuine[2]!, seconds: 99 });
    const r = (await upload([other])).json();
    expect(r.problems.map((p: { code: string }) => p.code)).toEqual(['conflict']);
    expect(r.through).toBe(0);
    const { problems: _p, ...rest } = (await report()).boards[0]!;
    const { problems: _q, ...was } = before.boards[0]!;
    expect(rest).toMatchObject({ ...was, lastSeen: expect.any(String) });
    expect((await report()).notices[0]!.boards[0]!.shownDays).toEqual(SHOWN);
  });

  test('a revoked board’s uploads are refused', async () => {
    const before = await report();
    app.devices.revoke(DEVICE, 'test', '设备被盗', clock);
    const res = await upload(await filler());
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'device-revoked' });
    expect(res.json().message).toContain('本设备已被停用');
    const after = await report();
    expect(after.notices[0]!.boards[0]!.shownDays).toEqual(before.notices[0]!.boards[0]!.shownDays);
    expect(after.notices[0]!.boards[0]!.vouchedBy.revokedAt).toBe(clock.toISOString());
  });

  test('a flood stops at the device’s daily quota, with nothing stored past it', async () => {
    const many = await chain(
      DEVICE,
      Array.from(
        { length: 700 },
        (_, i) => ['d-x', new Date(Date.parse('2026-10-20T01:00:00Z') + i * 60_000).toISOString().slice(0, 19)] as [string, string],
      ),
      { seq: 3, hash: genuine[2]!.hash },
    );
    // The quota here is 600 entries a day (3 already taken by the genuine upload).
    expect((await upload(many.slice(0, 400))).statusCode).toBe(200);
    const over = await upload(many.slice(400, 700));
    expect(over.statusCode).toBe(429);
    expect(over.json().message).toContain('已达上限');
    const held = (await app.inject(`/api/display/v1/boards/${DEVICE}/entries`)).json().entries as DisplayEntry[];
    expect(held.length).toBe(403);
  });

  test('each stored batch stays verifiable against the enrolled key', async () => {
    // The hub's own record, checked again from the database alone.
    const signed = new DisplayStore(db).signedBatches(DEVICE);
    expect(signed).toHaveLength(1);
    expect(signed[0]!.complete).toBe(true);
    expect(await verifyDeviceSignature(board.publicKey, signed[0]!.text, signed[0]!.sig)).toBe(true);
    expect(await verifyDeviceSignature(stranger.publicKey, signed[0]!.text, signed[0]!.sig)).toBe(false);
  });
});
