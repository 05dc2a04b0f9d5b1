/**
 * Proof of display (issue 3): the board's hash-chained log survives a reload,
 * reaches the hub exactly once however often it is sent, gives away tampering,
 * and feeds the compliance report the office prints.
 */
import type { Page } from '@playwright/test';
import type { DisplayEntry } from '../src/contract/display.ts';
import { boardConfig, china, notice, passTime, passTimeUntil, watchSlides } from './support/board.ts';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import type { TestHub } from './support/hub.ts';
import { officeCookie } from './support/office.ts';

test.use({ viewport: { width: 1920, height: 1080 } });

/** What the board holds in its `display` store (sealed entries) or `displayOpen` (spells still open), read straight from IndexedDB. */
function deviceEntries(page: Page): Promise<DisplayEntry[]> {
  return readStore<DisplayEntry>(page, 'display');
}

function readStore<T>(page: Page, name: 'display' | 'displayOpen'): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const all = await new Promise<unknown[]>((ok) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return all;
  }, name) as Promise<T[]>;
}

/** What the hub holds of a board's log, as the office sees it (signed in). */
async function hubEntries(hub: TestHub, device: string): Promise<DisplayEntry[]> {
  const res = await fetch(`${hub.url}/api/display/v1/boards/${device}/entries`, { headers: { cookie: officeCookie(hub) } });
  return ((await res.json()) as { entries: DisplayEntry[] }).entries;
}

test('the display log survives a reload and arrives at the hub exactly once, even when a reply is lost', async ({ page, feed, hub }) => {
  await boardConfig(hub, { uploadSeconds: 30 });
  await feed.publish([
    notice('n-fee', '关于调整城区停车收费标准的告示', 'decision', '2026-11-20', '2026-12-18'),
    disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' }),
  ]);
  // The hub's clock beside the board's: the board is enrolled before the entries it signs.
  hub.setClock(china('2026-12-01T09:49:00'));
  await page.clock.install({ time: china('2026-12-01T09:50:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '关于调整城区停车收费标准的告示' })).toBeVisible();
  // Time stands still from the first slide on, however long the page took to load on this machine.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
  // Twelve slides, two minutes: two spells still open in IndexedDB, nothing sealed yet.
  await watchSlides(page, 12);
  expect(await deviceEntries(page)).toEqual([]);
  const open = (await readStore<{ item: string; from: string; to: string; shows: number; ms: number }>(page, 'displayOpen')).sort((a, b) =>
    a.from.localeCompare(b.from),
  );
  expect(open.map((s) => [s.item, s.shows, s.ms])).toEqual([
    ['n-fee', 6, 60_000],
    ['d-a', 6, 60_000],
  ]);
  const reloadAt = await page.evaluate(() => Date.now());

  // The hub will store the first batch after the reload, but its reply never reaches the board.
  const replies: { stored: number; duplicates: number }[] = [];
  let lost = 0;
  await page.route('**/api/display/v1/entries', async (route) => {
    const sent = (route.request().postDataJSON() as { entries: unknown[] }).entries.length;
    const response = await route.fetch();
    if (lost === 0 && sent > 0) {
      lost++;
      return route.abort('connectionreset');
    }
    if (lost > 0) replies.push(await response.json());
    return route.fulfill({ response });
  });
  // Reloaded with the clock standing: the slide on screen since the twelfth show does not end before the page does.
  // Then time passes a little at a time, as the new page needs it, until it shows a slide and has sent its batch.
  await page.reload();
  await passTimeUntil(page, async () => lost === 1 && (await page.locator('.slide').isVisible()), { step: 100 });

  // What was on screen before the reload is sealed now: both items, six shows each, exactly the spells that were open,
  // between the board's start (09:50) and the reload.
  const sealed = await deviceEntries(page);
  expect(sealed.map((e) => [e.seq, e.item, e.shows, e.seconds])).toEqual([
    [1, 'n-fee', 6, 60],
    [2, 'd-a', 6, 60],
  ]);
  expect(sealed.map((e) => [e.item, e.from, e.to])).toEqual(open.map((s) => [s.item, s.from, s.to]));
  expect(sealed.every((e) => e.from >= '2026-12-01T01:50:00.000Z' && Date.parse(e.to) <= reloadAt)).toBe(true);

  // The next round sends them again: the hub already has them and stores nothing twice.
  await passTimeUntil(page, () => replies.length > 0);
  expect(replies[0]).toMatchObject({ stored: 0, duplicates: 2, through: 2, problems: [] });
  expect(await hubEntries(hub, sealed[0]!.device)).toEqual(sealed);

  // Confirmed: later rounds send only what is new.
  await passTimeUntil(page, () => replies.length > 1);
  expect(replies.at(-1)).toMatchObject({ stored: 0, duplicates: 0 });
});

test('an edited or deleted log entry is detected on the board and reported to the office', async ({ page, feed, hub }) => {
  await boardConfig(hub, { uploadSeconds: 86_400 });
  await feed.publish([
    disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' }),
    disclosure('d-b', { title: '户籍办理指南', publishedAt: '2026-11-29' }),
  ]);
  hub.setClock(china('2026-12-01T09:57:00'));
  await page.clock.install({ time: china('2026-12-01T09:58:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  // Across three hours: each hour's spells are sealed as the next begins.
  for (const t of ['10:01:00', '11:01:00', '12:01:00']) {
    await page.clock.pauseAt(china(`2026-12-01T${t}`));
    await watchSlides(page, 2);
  }
  // Each show is written (and what ended sealed) after it is over, in real time: wait for the writes.
  await expect.poll(async () => (await deviceEntries(page)).length).toBeGreaterThanOrEqual(4);
  const entries = await deviceEntries(page);

  // Someone with the device in hand makes the board look busier, and hides an hour.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => ok(r.result);
    });
    const store = db.transaction('display', 'readwrite').objectStore('display');
    const first = await new Promise<Record<string, unknown>>((ok) => {
      const r = store.get(1);
      r.onsuccess = () => ok(r.result);
    });
    store.put({ ...first, seconds: 3600, shows: 240 });
    store.delete(3);
    await new Promise((ok) => {
      store.transaction.oncomplete = ok;
    });
    db.close();
  });
  // A paused clock would hold the reloaded page's timers too.
  hub.setClock(china('2026-12-01T12:02:00'));
  await page.clock.resume();
  await page.reload();
  await expect(page.locator('.slide')).toBeVisible();

  // The hub keeps what is genuine and names what is not.
  await expect
    .poll(async () =>
      (
        (await (await fetch(`${hub.url}/api/display/v1/boards`, { headers: { cookie: officeCookie(hub) } })).json()).boards[0]?.problems ??
        []
      ).map((p: { seq: number; code: string }) => `${p.seq} ${p.code}`),
    )
    .toEqual(['1 altered', '4 missing']);
  const held = await hubEntries(hub, entries[0]!.device);
  expect(held.map((e) => e.seq)).not.toContain(1);
  expect(held.find((e) => e.seq === 2)).toEqual(entries.find((e) => e.seq === 2));

  // The board found it too, and says so on its diagnostics page.
  await page.goto(`${hub.url}/k/diagnostics`);
  await expect(page.getByText('第 1 条展示记录的内容与其哈希不符:记录被改动过').first()).toBeVisible();
  await expect(page.getByText('缺少第 3 条展示记录:记录被删除').first()).toBeVisible();

  const report = await page.request.get(`${hub.url}/office/compliance`, { headers: { cookie: officeCookie(hub) } });
  expect(await report.text()).toContain('展示记录异常');
});

test('the compliance report names the working day a board did not show a notice', async ({ page, feed, hub }) => {
  // The board is switched off on Wednesdays: 10-14 is a working day in the notice's period.
  await boardConfig(hub, { uploadSeconds: 30, quietHours: [{ from: '00:00', to: '24:00', days: [3], mode: 'off' }] });
  await feed.publish([notice('n-water', '关于调整城区居民用水价格的告示', 'execution', '2026-10-12', '2026-10-16')]);
  hub.setClock(china('2026-10-12T08:58:00'));
  await page.clock.install({ time: china('2026-10-12T08:59:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '关于调整城区居民用水价格的告示' })).toBeVisible();
  for (const day of ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-17']) {
    hub.setClock(china(`${day}T09:01:00`));
    await page.clock.pauseAt(china(`${day}T09:00:00`));
    await watchSlides(page, 4);
    await passTime(page, 35_000, 1_000);
    if (day === '2026-10-14') await expect(page.getByTestId('quiet-off')).toBeVisible();
  }
  await expect.poll(async () => (await deviceEntries(page)).length).toBeGreaterThanOrEqual(4);
  const device = (await deviceEntries(page))[0]!.device;
  await expect.poll(async () => (await hubEntries(hub, device)).length).toBe((await deviceEntries(page)).length);

  // The office reads the report signed in (any office role).
  const [name, value] = officeCookie(hub).split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: hub.url }]);
  await page.goto(`${hub.url}/office/compliance?date=2026-10-19`);
  await expect(page.getByRole('heading', { name: '政务公开栏告示展示情况报告' })).toBeVisible();
  const section = page.locator('section', { has: page.getByRole('heading', { name: '关于调整城区居民用水价格的告示' }) });
  await expect(section).toContainText('有缺漏的工作日');
  await expect(section).toContainText('共 5 个工作日');
  const row = section.getByRole('row', { name: /测试公开栏/ });
  await expect(row).toContainText('4 / 5');
  await expect(row).toContainText('10月14日(三)');
  await expect(row).not.toContainText('10月13日');
});
