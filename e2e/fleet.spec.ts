/**
 * Fleet health (issue 14), with real boards and kiosks in Chromium beating to the real hub:
 * a board that stops is 未上报 and the webhook fires within 5 minutes, and clears when the
 * board is back; a board asleep by its quiet hours raises nothing; 立即同步 from the fleet
 * page reaches a kiosk and runs; beats made offline arrive once each.
 *
 * Time: the hub's "now" is driven by the test (hub.setClock) and walks in 30-second steps
 * while the hub's own alarm check runs on its real timer (every 250 ms here, 30 s in
 * production); the devices' pages run on Playwright's clock, set to the hub's. The webhook's
 * `at` is the hub's clock when it raised the alarm, compared with its clock at the last beat.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import type { HeartbeatBatch } from '../src/contract/fleet.ts';
import { boardConfig, china, passTimeUntil } from './support/board.ts';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium.ts';
import { disclosure } from './support/feed.ts';
import { deviceState, expect, test } from './support/fixtures.ts';
import { BeatingDevice, heartbeat } from './support/fleet.ts';
import { startHub, type TestHub } from './support/hub.ts';
import { enrollPerson, officeUrl } from './support/office.ts';

interface HookEvent {
  event: 'raised' | 'cleared';
  at: string;
  alarm: { kind: string; message: string };
  device: { id: string; name: string };
  text: string;
}

/** A local webhook receiver, as an IT team's chat bot or pager would be. */
async function webhookReceiver() {
  const events: HookEvent[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      events.push(JSON.parse(body) as HookEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    events,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * A wall board with its own browser profile on disk: closing it is a board switched off,
 * opening the same profile again is the same board (its key pair lives in its IndexedDB).
 */
async function openBoard(profile: string, hub: TestHub, at: Date): Promise<{ context: BrowserContext; page: Page }> {
  const executablePath = chromiumPath();
  const context = await chromium.launchPersistentContext(profile, {
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.clock.install({ time: at });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${hub.url}/board?config=board`);
  return { context, page };
}

const fleetRows = (hub: TestHub) => hub.app.fleet.monitor.entries().then((es) => es.map((e) => [e.device.name, e.health.status]));
/**
 * Waits for a whole pass of the hub's fleet check at the clock just set: a pass already running
 * may have read the time before, so the second one (which starts after it) is the one that counts.
 */
async function checkedAt(hub: TestHub): Promise<void> {
  await hub.app.fleet.monitor.check();
  await hub.app.fleet.monitor.check();
}

test('a board that stops is 未上报 and fires the webhook within 5 minutes; it clears when the board is back', async ({ browser, feed }) => {
  test.setTimeout(120_000);
  const hook = await webhookReceiver();
  const hub = await startHub(feed, {}, { fleet: { webhook: { url: hook.url, firstMs: 200 }, checkMs: 250 } });
  const profile = await mkdtemp(join(tmpdir(), 'zwgk-board-profile-'));
  try {
    await boardConfig(hub, {}, { name: '城关镇政务公开栏' });
    await feed.publish([disclosure('d-a', { title: '城关镇低保对象名单公示', publishedAt: '2026-12-01' })]);
    let now = china('2026-12-03T10:00:00');
    hub.setClock(now);
    let board = await openBoard(profile, hub, now);
    await expect(board.page.locator('.slide')).toBeVisible();
    await expect.poll(() => hub.app.devices.list().length).toBe(1);
    const id = hub.app.devices.list()[0]!.id;
    await expect.poll(() => hub.app.fleet.store.last(id)?.beat.sync.result).toBe('applied');
    expect(await fleetRows(hub)).toEqual([['城关镇政务公开栏', 'ok']]);
    const lastBeat = Date.parse(hub.app.fleet.store.last(id)!.receivedAt);

    // Switched off. The hub's clock walks on, 30 s a step, each step checked as the hub checks every 250 ms.
    await board.context.close();
    for (let step = 0; step < 12 && hub.app.alarms.openWith('device:').length === 0; step++) {
      now = new Date(now.getTime() + 30_000);
      hub.setClock(now);
      await checkedAt(hub);
    }
    await expect.poll(() => hook.events.length).toBe(1);
    const raised = hook.events[0]!;
    expect(raised).toMatchObject({ event: 'raised', alarm: { kind: 'device-silent' }, device: { id, name: '城关镇政务公开栏' } });
    expect(raised.text).toContain('未上报');
    expect(Date.parse(raised.at) - lastBeat).toBeLessThanOrEqual(5 * 60_000);

    // IT sees it on the fleet page.
    const it = await enrollPerson(browser, hub, { name: '县信息中心王工', roles: ['it'] });
    await it.page.goto(`${officeUrl(hub)}/office/fleet`);
    const row = it.page.getByRole('row', { name: /城关镇政务公开栏/ });
    await expect(row).toContainText('未上报');
    await expect(it.page.getByRole('region', { name: /当前告警/ })).toContainText('没有心跳');

    // Switched on again: the same board (same profile, same key) beats, and the alarm clears at once.
    board = await openBoard(profile, hub, now);
    await expect.poll(() => hook.events.map((e) => e.event), { timeout: 20_000 }).toEqual(['raised', 'cleared']);
    expect(hook.events[1]!.device.id).toBe(id);
    await it.page.reload();
    await expect(it.page.getByRole('row', { name: /城关镇政务公开栏/ })).toContainText('正常');
    await board.context.close();
    await it.context.close();
  } finally {
    await hub.close();
    await hook.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a board asleep by its quiet hours raises no alarm however long it is silent', async ({ page, feed }) => {
  const hook = await webhookReceiver();
  const hub = await startHub(feed, {}, { fleet: { webhook: { url: hook.url, firstMs: 200 }, checkMs: 250 } });
  try {
    await boardConfig(hub, { quietHours: [{ from: '21:00', to: '07:00', mode: 'off' }] }, { name: '红透山镇公开栏' });
    await feed.publish([disclosure('d-a', { title: '红透山镇公开事项', publishedAt: '2026-12-01' })]);
    let now = china('2026-12-03T22:00:00');
    hub.setClock(now);
    await page.clock.install({ time: now });
    await page.goto(`${hub.url}/board?config=board`);
    await expect(page.getByTestId('quiet-off')).toBeAttached();
    await expect.poll(() => fleetRows(hub)).toEqual([['红透山镇公开栏', 'quiet']]);
    // The row is quiet by the schedule alone; the board's own beat says so too once it has arrived.
    await expect.poll(() => hub.app.fleet.store.last(hub.app.devices.list()[0]!.id)?.beat.screen).toBe('quiet-off');
    await page.close();
    // Five hours of the night pass on the hub's clock, in half-hour steps, each one checked.
    for (let step = 0; step < 10; step++) {
      now = new Date(now.getTime() + 30 * 60_000);
      hub.setClock(now);
      await checkedAt(hub);
      expect(hub.app.alarms.openWith('device:')).toEqual([]);
    }
    expect(await fleetRows(hub)).toEqual([['红透山镇公开栏', 'quiet']]);
    expect(hub.app.alarms.openWith('device:')).toEqual([]);
    expect(hook.events).toEqual([]);
  } finally {
    await hub.close();
    await hook.close();
  }
});

test('立即同步 on the fleet page reaches a kiosk with its next heartbeat, runs, and IT sees it done', async ({ browser, page, feed }) => {
  // The kiosk polls hourly: only the remote action can bring the new notice within the test.
  const hub = await startHub(feed, {
    hall: { v: 1, name: '县政务服务中心一号机', mode: 'kiosk', channels: ['public'], pollSeconds: 3600, hotline: '53034645' },
  });
  try {
    await feed.publish([disclosure('d-a', { title: '不动产登记收费标准' })]);
    await page.clock.install({ time: new Date() });
    await page.goto(`${hub.url}/?config=hall`);
    await expect(page.getByRole('button', { name: /不动产登记收费标准/ })).toBeVisible();
    await expect.poll(() => fleetRows(hub)).toEqual([['县政务服务中心一号机', 'ok']]);
    await feed.publish([disclosure('d-a', { title: '不动产登记收费标准' }), disclosure('d-b', { title: '户籍办理指南' })]);

    const it = await enrollPerson(browser, hub, { name: '县信息中心王工', roles: ['it'] });
    await it.page.goto(`${officeUrl(hub)}/office/fleet`);
    await it.page.getByRole('link', { name: '县政务服务中心一号机' }).click();
    await expect(it.page.getByRole('heading', { name: '县政务服务中心一号机' })).toBeVisible();
    await it.page.getByRole('button', { name: '立即同步' }).click();
    await expect(it.page.getByRole('status')).toContainText('已发出「立即同步」');

    // The kiosk's next heartbeat, a minute later on its clock, brings the signed action; it syncs.
    await passTimeUntil(page, async () => (await deviceState(page)).ids.length === 2, { step: 5_000, max: 180_000 });
    expect((await deviceState(page)).ids).toEqual(['d-a', 'd-b']);
    const id = hub.app.devices.list()[0]!.id;
    await passTimeUntil(page, () => hub.app.fleet.store.actions(id)[0]?.result === 'done', { step: 2_000, max: 120_000 });
    await it.page.reload();
    await expect(it.page.getByRole('row', { name: /立即同步/ })).toContainText(/已完成:已同步到第 \d+ 号变更/);
    await it.context.close();
  } finally {
    await hub.close();
  }
});

test('heartbeats made offline are kept and arrive once each, even when a reply is lost', async ({ page, context, feed, hub }) => {
  await boardConfig(hub, {}, { name: '夏家堡镇公开栏' });
  await feed.publish([disclosure('d-a', { title: '夏家堡镇公开事项', publishedAt: '2026-12-01' })]);
  const sent = new Set<string>();
  page.on('request', (r) => {
    if (r.url().endsWith('/api/devices/v1/heartbeats')) for (const b of (r.postDataJSON() as HeartbeatBatch).beats) sent.add(b.id);
  });
  const replies: { stored: number; duplicates: number }[] = [];
  let lose = false;
  let offline = false;
  await page.route('**/api/devices/v1/heartbeats', async (route) => {
    // route.fetch() goes from Node, past the browser's offline switch: offline is answered here.
    if (offline) return route.abort('internetdisconnected');
    const response = await route.fetch().catch(() => undefined);
    if (!response) return route.abort('connectionreset').catch(() => undefined);
    if (lose) {
      // The hub stored this batch; its reply never reaches the board.
      lose = false;
      return route.abort('connectionreset');
    }
    replies.push(await response.json());
    return route.fulfill({ response });
  });
  await page.clock.install({ time: new Date() });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.locator('.slide')).toBeVisible();
  await expect.poll(() => replies.length).toBeGreaterThan(0);
  const id = hub.app.devices.list()[0]!.id;

  await context.setOffline(true);
  offline = true;
  const keptBeats = () =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok) => {
        const r = indexedDB.open('zwgk-heartbeats');
        r.onsuccess = () => ok(r.result);
      });
      const n = await new Promise<number>((ok) => {
        const r = db.transaction('beats').objectStore('beats').count();
        r.onsuccess = () => ok(r.result);
      });
      db.close();
      return n;
    });
  // Minutes pass offline, each beat kept once its failed send is over (that takes real time on a busy machine).
  await passTimeUntil(page, async () => (await keptBeats()) >= 4, { step: 60_000, max: 10 * 60_000 });
  const kept = await keptBeats();
  expect(kept).toBeGreaterThanOrEqual(4);
  const before = hub.app.fleet.store.countBeats(id);

  // Back online: the first batch is stored but its reply lost; the next beat sends it again with itself.
  lose = true;
  offline = false;
  await context.setOffline(false);
  await expect.poll(() => lose).toBe(false);
  await passTimeUntil(page, () => replies.some((r) => r.duplicates >= kept), { step: 60_000, max: 5 * 60_000 });
  await expect.poll(() => hub.app.fleet.store.countBeats(id)).toBe(sent.size);
  expect(hub.app.fleet.store.countBeats(id) - before).toBeGreaterThanOrEqual(kept + 1);
  // 30-day summary: every beat counted once.
  const days = hub.app.fleet.store.days(id, '2000-01-01');
  expect(days.reduce((n, d) => n + d.beats, 0)).toBe(sent.size);
});

test('the fleet page shows every status at once, filters, opens one device; axe-clean (screenshots)', async ({ browser, feed }) => {
  const hub = await startHub(feed, {
    hall: { v: 1, name: '触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 60, hotline: '53034645' },
    board: {
      v: 1,
      name: '公开栏',
      mode: 'board',
      channels: ['public'],
      board: { quietHours: [{ from: '22:00', to: '07:00', mode: 'off' }] },
    },
    village: {
      v: 1,
      name: '村公开栏',
      mode: 'board',
      channels: ['public'],
      board: { quietHours: [{ from: '12:00', to: '14:00', mode: 'off' }] },
    },
  });
  try {
    const now = china('2026-12-03T12:30:00');
    hub.setClock(now);
    const t = now.getTime();
    const ago = (min: number) => new Date(t - min * 60_000);
    const devices: [string, string, string, (id: string) => ReturnType<typeof heartbeat>[]][] = [
      [
        '县政务服务中心一号机',
        '县政务服务中心一楼大厅',
        'hall',
        (id) => [heartbeat(id, ago(0.5), { mode: 'kiosk', config: 'hall', screen: 'idle' })],
      ],
      [
        '县政务服务中心二号机',
        '县政务服务中心二楼',
        'hall',
        (id) => [
          heartbeat(id, ago(0.5), {
            mode: 'kiosk',
            config: 'hall',
            outbox: { depth: 3, refused: 0, oldestAt: ago(95).toISOString() },
          }),
        ],
      ],
      [
        '南口前镇便民服务中心触摸屏',
        '南口前镇政府一楼',
        'hall',
        (id) => [
          heartbeat(id, ago(0.5), {
            mode: 'kiosk',
            config: 'hall',
            feed: { checkedAt: ago(180).toISOString() },
            sync: { result: 'rejected', code: 'bad-signature', message: '签名不符(密钥 dev-1),内容可能在签名后被改动' },
            rejected: 1,
            rejections: [{ at: ago(2).toISOString(), code: 'bad-signature', message: '签名不符(密钥 dev-1),内容可能在签名后被改动' }],
          }),
        ],
      ],
      ['城关镇政务公开栏', '城关镇政府门口', 'board', (id) => [heartbeat(id, ago(47))]],
      [
        '英额门镇政务公开栏',
        '英额门镇政府院内',
        'board',
        (id) => [heartbeat(id, ago(0.5), { storage: { used: 452_000_000, quota: 500_000_000 } })],
      ],
      ['大孤家镇东村公开栏', '东村村委会', 'village', (id) => [heartbeat(id, ago(20), { config: 'village', screen: 'quiet-off' })]],
      ['湾甸子镇政务公开栏', '湾甸子镇政府门口', 'board', (id) => [heartbeat(id, ago(0.5))]],
    ];
    for (const [name, place, config, beats] of devices) {
      const d = await BeatingDevice.enroll(hub.url, hub.app.devices, { name, place, config, at: ago(60 * 24 * 3) });
      // Each beat arrives when it was made: the hub's clock is set back for it.
      const made = beats(d.id);
      const sentAt = new Date(made[0]!.at);
      hub.setClock(sentAt);
      expect((await d.send(made, sentAt.getTime())).status).toBe(200);
    }
    hub.setClock(now);
    await hub.app.fleet.monitor.check();
    const statuses = new Set((await fleetRows(hub)).map(([, s]) => s));
    expect([...statuses].sort()).toEqual(['ok', 'outbox-stuck', 'quiet', 'silent', 'stale', 'storage-low']);

    const it = await enrollPerson(browser, hub, { name: '县信息中心王工', roles: ['it'] });
    await it.page.setViewportSize({ width: 1920, height: 1080 });
    await it.page.goto(`${officeUrl(hub)}/office/fleet`);
    await expect(it.page.getByRole('row', { name: /城关镇政务公开栏/ })).toContainText('未上报');
    await expect(it.page.getByRole('region', { name: /当前告警/ })).toContainText('城关镇政务公开栏');
    await it.page.screenshot({ path: 'docs/screenshots/office-fleet.png' });
    const axe = () => new AxeBuilder({ page: it.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    expect((await axe()).violations).toEqual([]);
    // Filter: only the boards asleep by schedule.
    await it.page.getByRole('combobox', { name: '状态' }).selectOption('quiet');
    await expect(it.page.locator('tbody tr')).toHaveCount(1);
    await expect(it.page.locator('tbody tr')).toContainText('大孤家镇东村公开栏');
    // One device: its last rejections with their reasons, its 30 days, its alarms.
    await it.page.getByRole('combobox', { name: '状态' }).selectOption('all');
    await it.page.getByRole('link', { name: '南口前镇便民服务中心触摸屏' }).click();
    const rejections = it.page.getByRole('table', { name: '最近拒收的内容变更及原因' });
    await expect(rejections).toContainText('bad-signature');
    await expect(rejections).toContainText('签名不符');
    await expect(it.page.getByRole('table', { name: '最近 30 天', exact: true })).toContainText('2026-12-03');
    await it.page.screenshot({ path: 'docs/screenshots/office-fleet-device.png' });
    expect((await axe()).violations).toEqual([]);
    await it.context.close();
  } finally {
    await hub.close();
  }
});
