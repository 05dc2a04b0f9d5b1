/**
 * The wall board (issue 3): readable from three metres, never blank, right
 * about time. Real Chromium against the production build and a real hub; the
 * page's clock is Playwright's, so days and weekends pass in seconds.
 */
import { boardConfig, china, hearing, notice, onScreen, passTimeUntil, SLIDE_MS, watchSlides } from './support/board.ts';
import { disclosure } from './support/feed.ts';
import { expect, serviceWorkerActive, test } from './support/fixtures.ts';
import { decodeQrFromPng } from './support/qr.ts';

test.use({ viewport: { width: 1920, height: 1080 } });

test('a 1080p landscape board shows the county, the clock, freshness, the complaint channels and slides readable from 3 m', async ({
  page,
  feed,
  hub,
}) => {
  await boardConfig(hub);
  await feed.publish([
    notice('n-bus', '关于县城区公交线路优化调整方案的告示', 'decision', '2026-11-16', '2026-12-18'),
    hearing('h-bus', '关于召开公交线路调整听证会的通知', '2026-12-15T09:00:00+08:00', '2026-11-27'),
    disclosure('d-fees', { title: '不动产登记收费标准', publishedAt: '2026-11-30', category: 'procedures-fees' }),
  ]);
  await page.clock.install({ time: china('2026-12-01T10:00:00') });
  await page.goto(`${hub.url}/board?config=board`);

  await expect(page.getByRole('heading', { name: '清原满族自治县政务公开栏', level: 1 })).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText('10:00');
  await expect(page.getByText('12月1日 星期二')).toBeVisible();
  await expect(page.getByTestId('updated')).toContainText('更新于 2026年12月1日 10:00');
  // The footer's channels, whichever slide shows (a slide may name the hotline too).
  const footer = page.locator('footer.board-footer');
  await expect(footer.getByText('投诉举报电话', { exact: true })).toBeVisible();
  await expect(footer.getByText('53034645', { exact: true })).toBeVisible();
  // The kiosk's frame and its buttons are not on a board.
  await expect(page.getByRole('button')).toHaveCount(0);

  const slide = page.getByRole('article', { name: '关于县城区公交线路优化调整方案的告示' });
  await expect(slide).toBeVisible();
  await expect(slide.getByTestId('countdown')).toHaveText('公示期剩余 14 个工作日');
  const px = (selector: string) =>
    slide
      .locator(selector)
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(await px('.slide-title')).toBeGreaterThanOrEqual(48);
  expect(await px('.b-fact dd')).toBeGreaterThanOrEqual(28);
  expect(await px('.b-countdown')).toBeGreaterThanOrEqual(48);
  // Near-black on near-white.
  const colors = await slide
    .locator('.slide-title')
    .evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el.closest('.board')!).backgroundColor]);
  expect(colors).toEqual(['rgb(17, 17, 17)', 'rgb(255, 253, 248)']);

  // The rotation: the notice, then the hearing to come, then what is new; then round again.
  expect(await watchSlides(page, 3)).toEqual(['h-bus@1', 'd-fees@1', 'n-bus@1']);
});

test('the QR code on a slide, from a screenshot scaled to 50 %, decodes to the item’s phone page', async ({ page, feed, hub }) => {
  await boardConfig(hub);
  await feed.publish([notice('notice-snowstorm-emergency', '关于应对寒潮暴雪天气的紧急告示', 'emergency', '2026-11-27', '2026-12-03')]);
  await page.clock.install({ time: china('2026-11-30T10:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  const qr = page.getByRole('img', { name: '扫码在手机上查看全文' });
  await expect(qr).toBeVisible();
  // Whole modules of at least 8 px on a 1080p panel: 16-20 cm wide on a 43-55" screen.
  expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(320);
  // As a camera sees it once the slide has faded in.
  const shot = await page.screenshot({ animations: 'disabled' });
  expect(decodeQrFromPng(shot, 0.5)).toBe(`${hub.url}/m/item/notice-snowstorm-emergency`);

  // The same on a portrait screen, where the type is as large.
  await page.setViewportSize({ width: 1080, height: 1920 });
  await expect(page.locator('.board.layout-portrait')).toBeVisible();
  expect(await page.locator('.slide-title').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48);
  await expect
    .poll(async () => decodeQrFromPng(await page.screenshot({ animations: 'disabled' }), 0.5))
    .toBe(`${hub.url}/m/item/notice-snowstorm-emergency`);
});

test('a screen mounted upright on a landscape output shows the portrait layout turned to fit', async ({ page, feed, hub }) => {
  await boardConfig(hub, { orientation: 'portrait' });
  await feed.publish([disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' })]);
  await page.clock.install({ time: china('2026-12-01T10:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  const board = page.locator('.board.layout-portrait.turned');
  await expect(board).toBeVisible();
  // Turned a quarter: it covers the 1920×1080 output exactly, nothing is cut off.
  expect(await board.boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  // The QR code is drawn a moment after the slide; read it once it is there.
  await expect.poll(async () => decodeQrFromPng(await page.screenshot({ animations: 'disabled' }), 0.5)).toBe(`${hub.url}/m/item/d-a`);
});

test('an emergency notice published while the board runs is on screen within one poll, and alone', async ({ page, feed, hub }) => {
  await boardConfig(hub);
  await feed.publish([
    disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' }),
    disclosure('d-b', { title: '户籍办理指南', publishedAt: '2026-11-29' }),
  ]);
  await page.clock.install({ time: china('2026-12-01T10:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  await page.clock.runFor(3_000);

  await feed.publish([notice('n-snow', '关于暴雪天气停课的紧急告示', 'emergency', '2026-12-01', '2026-12-03')]);
  // One poll: pollSeconds is 5 (±10 %). It cuts into the slide on screen, it does not wait for its end.
  const emergency = page.getByRole('article', { name: '关于暴雪天气停课的紧急告示' });
  await passTimeUntil(page, () => emergency.isVisible(), { max: 6_000, step: 500 });
  await expect(emergency).toContainText('应急告示');
  await expect(page.locator('.board')).toHaveClass(/is-emergency/);
  expect(await watchSlides(page, 4)).toEqual(['n-snow@1', 'n-snow@1', 'n-snow@1', 'n-snow@1']);

  // Withdrawn: the rotation comes back by itself.
  await feed.withdraw('n-snow', '天气好转,解除');
  const usual = page.getByRole('article', { name: /医保参保指南|户籍办理指南/ });
  await passTimeUntil(page, () => usual.isVisible(), { max: 6_000, step: 500 });
});

test('a notice whose period has ended leaves the board at midnight without a reload', async ({ page, feed, hub }) => {
  await boardConfig(hub);
  await feed.publish([
    notice('n-ends', '今天结束公示的告示', 'execution', '2026-11-23', '2026-12-01'),
    disclosure('d-stays', { title: '长期公开的办事指南', publishedAt: '2026-11-30' }),
  ]);
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  await page.clock.install({ time: china('2026-12-01T23:58:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '今天结束公示的告示' })).toBeVisible();
  await expect(page.getByTestId('countdown')).toHaveText('今天是公示期最后一天');
  navigations.length = 0;
  // Midnight, in the middle of its slide: the notice leaves at once, and never comes back.
  await page.clock.pauseAt(china('2026-12-01T23:59:55'));
  await page.clock.runFor(SLIDE_MS);
  expect(await onScreen(page)).toBe('d-stays@1');
  expect(await watchSlides(page, 6)).toEqual(['d-stays@1', 'd-stays@1', 'd-stays@1', 'd-stays@1', 'd-stays@1', 'd-stays@1']);
  await expect(page.getByText('今天结束公示的告示')).toHaveCount(0);
  expect(navigations).toEqual([]);
});

test('公示期剩余 N 个工作日 steps across a weekend and the National Day holiday correctly', async ({ page, feed, hub }) => {
  await boardConfig(hub);
  // 2026: Mid-Autumn 9-25..27 and National Day 10-1..7 are off; Saturday 10-10 is a make-up working day.
  await feed.publish([notice('n-plan', '关于城区供暖价格调整的告示', 'decision', '2026-09-14', '2026-10-13')]);
  await page.clock.install({ time: china('2026-09-24T09:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  const countdown = page.getByTestId('countdown');
  const expected: [string, string][] = [
    ['2026-09-24', '公示期剩余 9 个工作日'], // Thursday
    ['2026-09-25', '公示期剩余 8 个工作日'], // Friday, Mid-Autumn holiday
    ['2026-09-26', '公示期剩余 8 个工作日'], // Saturday
    ['2026-09-27', '公示期剩余 8 个工作日'], // Sunday
    ['2026-09-28', '公示期剩余 8 个工作日'], // Monday
    ['2026-09-29', '公示期剩余 7 个工作日'],
    ['2026-09-30', '公示期剩余 6 个工作日'],
    ['2026-10-01', '公示期剩余 5 个工作日'], // National Day
    ['2026-10-07', '公示期剩余 5 个工作日'],
    ['2026-10-08', '公示期剩余 5 个工作日'],
    ['2026-10-09', '公示期剩余 4 个工作日'],
    ['2026-10-10', '公示期剩余 3 个工作日'], // make-up Saturday
    ['2026-10-11', '公示期剩余 2 个工作日'], // Sunday
    ['2026-10-12', '公示期剩余 2 个工作日'],
    ['2026-10-13', '今天是公示期最后一天'],
  ];
  let day = '2026-09-24';
  for (const [date, text] of expected) {
    if (date !== day) {
      await page.clock.pauseAt(china(`${date}T09:00:00`));
      await page.clock.runFor(SLIDE_MS);
      day = date;
    }
    await expect(countdown, date).toHaveText(text);
  }
  await page.clock.pauseAt(china('2026-10-14T09:00:00'));
  await page.clock.runFor(SLIDE_MS);
  await expect(page.getByText('关于城区供暖价格调整的告示')).toHaveCount(0);
});

test('thirty days offline the board never shows an empty screen and drops what expired', async ({ page, context, feed, hub }) => {
  await boardConfig(hub);
  await feed.publish([
    notice('n-10', '十天后结束公示的告示', 'execution', '2026-11-25', '2026-12-11'),
    disclosure('d-5', { title: '五天后到期的通知', publishedAt: '2026-11-30', validUntil: '2026-12-06' }),
    hearing('h-20', '二十天后召开的听证会', '2026-12-21T09:00:00+08:00', '2026-11-30'),
    disclosure('d-long', { title: '长期公开的办事指南', publishedAt: '2026-06-01' }),
  ]);
  await page.clock.install({ time: china('2026-12-01T09:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.locator('.slide')).toBeVisible();
  await serviceWorkerActive(page);
  await context.setOffline(true);
  await page.clock.runFor(6_000);
  await expect(page.getByTestId('offline')).toContainText('离线');

  const expiry: Record<string, string> = { 'd-5@1': '2026-12-06', 'n-10@1': '2026-12-11', 'h-20@1': '2026-12-20' };
  for (let d = 2; d <= 31; d++) {
    const date = new Date(Date.UTC(2026, 11, d)).toISOString().slice(0, 10);
    await page.clock.pauseAt(china(`${date}T09:00:00`));
    // A whole rotation that day: every slide has a title, and nothing past its date comes back.
    const seen = await watchSlides(page, 4);
    for (const key of seen) {
      expect(key, date).toMatch(/@\d+$/);
      if (expiry[key]) expect(date <= expiry[key]!, `${key} on ${date}`).toBe(true);
    }
    await expect(page.locator('.slide-title'), date).not.toBeEmpty();
  }
  // After a month only the long-term guide is left; the badge says the content may be out of date.
  expect(new Set(await watchSlides(page, 3))).toEqual(new Set(['d-long@1']));
  await expect(page.getByTestId('stale')).toContainText('内容可能不是最新');
  await expect(page.getByTestId('offline')).toBeVisible();
});

test('a slide whose content throws is skipped and logged, and the board keeps rotating', async ({ page, feed, hub }) => {
  await boardConfig(hub);
  await feed.publish([
    disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' }),
    // 2027-02-30 passes the feed schema's date pattern but is no date: the countdown throws on it.
    notice('n-bad', '公示期日期有误的告示', 'decision', '2026-11-20', '2027-02-30'),
    disclosure('d-b', { title: '户籍办理指南', publishedAt: '2026-11-29' }),
  ]);
  await page.clock.install({ time: china('2026-12-01T10:00:00') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  const seen = [await onScreen(page), ...(await watchSlides(page, 6))];
  expect(seen).not.toContain('n-bad@1');
  expect(new Set(seen)).toEqual(new Set(['d-a@1', 'd-b@1']));
  await expect(page.getByText('公示期日期有误的告示')).toHaveCount(0);

  // IT sees why on the device's own diagnostics page.
  await page.goto(`${hub.url}/k/diagnostics`);
  await expect(page.getByText(/《公示期日期有误的告示》\(n-bad 第 1 版\)无法显示,已跳过/)).toBeVisible();
});

test('after a reload the board is back on screen from local data within 2 seconds, online and offline', async ({
  page,
  context,
  feed,
  hub,
}) => {
  await boardConfig(hub);
  await feed.publish([disclosure('d-a', { title: '医保参保指南' }), disclosure('d-b', { title: '户籍办理指南' })]);
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.locator('.slide')).toBeVisible();
  await serviceWorkerActive(page);
  const firstSlideMs = () =>
    page.evaluate(() => performance.getEntriesByName('zwgk:board:first-slide')[0]?.startTime ?? Number.POSITIVE_INFINITY);
  for (const offline of [false, true]) {
    await context.setOffline(offline);
    const t0 = Date.now();
    await page.reload();
    await expect(page.locator('.slide-title')).toHaveText(/医保参保指南|户籍办理指南/);
    const wall = Date.now() - t0;
    const mark = await firstSlideMs();
    test.info().annotations.push({
      type: offline ? 'offline' : 'online',
      description: `first slide ${Math.round(mark)} ms after navigation; ${wall} ms seen from the test`,
    });
    expect(mark).toBeLessThan(2_000);
  }
});

test('quiet hours dim the screen to a clock; an emergency still breaks through', async ({ page, feed, hub }) => {
  await boardConfig(hub, { quietHours: [{ from: '22:00', to: '06:30', mode: 'dim' }] });
  await feed.publish([disclosure('d-a', { title: '医保参保指南', publishedAt: '2026-11-30' })]);
  await page.clock.install({ time: china('2026-12-01T21:59:45') });
  await page.goto(`${hub.url}/board?config=board`);
  await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
  await page.clock.runFor(SLIDE_MS * 2);
  const dim = page.getByTestId('quiet-dim');
  await expect(dim).toBeVisible();
  await expect(dim).toContainText('22:00');
  await expect(dim).toContainText('投诉举报电话 53034645');
  await expect(page.locator('.slide')).toHaveCount(0);

  await feed.publish([notice('n-flood', '关于防范山洪的紧急告示', 'emergency', '2026-12-01', '2026-12-02')]);
  const flood = page.getByRole('article', { name: '关于防范山洪的紧急告示' });
  await passTimeUntil(page, () => flood.isVisible(), { max: 6_000, step: 500 });
});

test.describe('watchdog', () => {
  // No service worker, so the test network decides whether the board's code arrives.
  test.use({ serviceWorkers: 'block' });

  test('a board whose screen code never arrived is reloaded by its watchdog and comes back', async ({ page, feed, hub }) => {
    await boardConfig(hub, { watchdogSeconds: 60 });
    await feed.publish([disclosure('d-a', { title: '医保参保指南' })]);
    await page.clock.install({ time: china('2026-12-01T10:00:00') });
    // A flaky network: the board's own code fails to download for as long as the first page lives.
    let pageLives = 0;
    page.on('request', (r) => {
      if (r.isNavigationRequest()) pageLives++;
    });
    await page.route(/\/assets\/board-screen-[^/]+\.js$/, (route) => (pageLives === 1 ? route.abort('connectionreset') : route.continue()));
    const failed = page.waitForEvent('pageerror', (e) => e.message.includes('Failed to fetch dynamically imported module'));
    await page.goto(`${hub.url}/board?config=board`);
    await failed;
    await page.clock.runFor(30_000);
    await expect(page.locator('.board')).toHaveCount(0);
    expect(pageLives).toBe(1);
    // Past the 60 s of watchdogSeconds.
    await page.clock.runFor(45_000);
    await expect(page.getByRole('article', { name: '医保参保指南' })).toBeVisible();
    expect(pageLives).toBe(2);
    await page.goto(`${hub.url}/k/diagnostics`);
    await expect(page.getByText('公开栏 60 秒没有画面,自动重新载入')).toBeVisible();
  });
});
