/**
 * The spine (issue #2): approved content reaches the kiosk through the signed
 * feed and stays there offline; changes arrive within one poll; withdrawn and
 * internal items never show on a public screen.
 */

import { disclosure } from './support/feed.ts';
import { deviceState, expect, serviceWorkerActive, test } from './support/fixtures.ts';

test('first visit shows the content; with the network off a reload still shows it', async ({ page, context, feed, hub }) => {
  await feed.publish([
    disclosure('fee-a', { title: '不动产登记收费标准' }),
    disclosure('guide-b', { title: '户籍办理指南', category: 'org-duties' }),
  ]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /不动产登记收费标准/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /办事指南与收费标准\s*1 条/ })).toBeVisible();
  await expect(page.getByTestId('updated')).toContainText('更新于');
  await serviceWorkerActive(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: /不动产登记收费标准/ })).toBeVisible();
  await expect(page.getByTestId('offline')).toContainText('离线');
  await page.getByRole('button', { name: /户籍办理指南/ }).click();
  await expect(page.getByRole('heading', { name: '户籍办理指南' })).toBeVisible();
  await expect(page.getByText('已预审 · 已签发')).toBeVisible();
});

test('the device keeps its config: a later visit without ?config uses it, offline too', async ({ page, context, feed, hub }) => {
  await feed.publish([
    disclosure('fee-a', { title: '对外公开事项' }),
    disclosure('int-b', { title: '三季度财务收支', channel: 'internal', category: 'finance' }),
  ]);
  await page.goto(`${hub.url}/?config=office`);
  await expect(page.getByRole('button', { name: /三季度财务收支/ })).toBeVisible();
  await serviceWorkerActive(page);
  await context.setOffline(true);
  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('button', { name: /三季度财务收支/ })).toBeVisible();
});

test('an item published while the page is open appears within one poll, without a reload', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('first', { title: '第一条公开事项' })]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /第一条公开事项/ })).toBeVisible();
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));

  await feed.publish([disclosure('second', { title: '新发布的收费公示' })]);
  // pollSeconds is 5 in the test config (±10 % jitter).
  await expect(page.getByRole('button', { name: /新发布的收费公示/ })).toBeVisible({ timeout: 7_000 });
  expect(navigations).toEqual([]);
});

test('a withdrawn item disappears from the screens and stays in the archive', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('keep', { title: '保留的事项' }), disclosure('gone', { title: '将被撤回的事项' })]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /将被撤回的事项/ })).toBeVisible();

  await feed.withdraw('gone', '数据有误,予以撤回');
  await expect(page.getByRole('button', { name: /将被撤回的事项/ })).toHaveCount(0, { timeout: 7_000 });
  await expect(page.getByRole('button', { name: /保留的事项/ })).toBeVisible();
  expect((await deviceState(page)).ids).toEqual(['keep']);

  await page.getByRole('button', { name: '公开档案' }).click();
  const entry = page.getByRole('button', { name: /将被撤回的事项/ });
  await expect(entry).toContainText('已撤回');
  await entry.click();
  await expect(page.getByText('数据有误,予以撤回')).toBeVisible();
});

test('an internal item never shows on a public-channel device, nor is it stored there', async ({ page, feed, hub }) => {
  await feed.publish([
    disclosure('pub', { title: '对外公开的办事指南' }),
    disclosure('secret', { title: '干部任用情况(内部)', channel: 'internal', category: 'personnel' }),
  ]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /对外公开的办事指南/ })).toBeVisible();
  await expect(page.getByText('干部任用情况')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /干部任用与奖惩/ })).toHaveCount(0);
  const state = await deviceState(page);
  // The public feed does not even number the internal change (issue 10: it lives in the internal feed only).
  expect(state.seq).toBe(1);
  expect(state.ids).toEqual(['pub']);
  await page.goto(`${hub.url}/k/item/secret`);
  await expect(page.getByText('没有找到这条信息。')).toBeVisible();
  await page.goto(`${hub.url}/m/item/secret`);
  await expect(page.getByText('没有找到这条信息。')).toBeVisible();
});

test('an expired item leaves the current views but stays in the archive', async ({ page, feed, hub }) => {
  await feed.publish([
    disclosure('old', { title: '上季度的公示', validUntil: '2020-01-31', publishedAt: '2020-01-02' }),
    disclosure('now', { title: '现行的公示' }),
  ]);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /现行的公示/ })).toBeVisible();
  await expect(page.getByText('上季度的公示')).toHaveCount(0);
  await page.getByRole('button', { name: '公开档案' }).click();
  await page.getByText('2020 年第 1 季度').click();
  await expect(page.getByRole('button', { name: /上季度的公示/ })).toContainText('已过期');
});

test('a phone fetches and verifies just the one item from its QR code', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('one', { title: '城乡居民医保参保指南' }), disclosure('two', { title: '另一条' })]);
  await page.setViewportSize({ width: 390, height: 844 });
  const feedRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/feed/')) feedRequests.push(new URL(r.url()).pathname);
  });
  await page.goto(`${hub.url}/m/item/one`);
  await expect(page.getByRole('heading', { name: '城乡居民医保参保指南' })).toBeVisible();
  await expect(page.getByText('已预审 · 已签发')).toBeVisible();
  expect(feedRequests).toEqual(['/feed/items/one.json']);
});

test('the kiosk item page shows a QR code that leads to the phone page', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('qr-item', { title: '营业执照办理指南' })]);
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /营业执照办理指南/ }).click();
  const qr = page.getByRole('img', { name: '扫码在手机上查看' });
  await expect(qr).toBeVisible();
  const { decodeQrFromPng } = await import('./support/qr.ts');
  expect(decodeQrFromPng(await qr.screenshot())).toBe(`${hub.url}/m/item/qr-item`);
});

test('a bad device config shows IT which field is wrong', async ({ page, feed, hub }) => {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(`${hub.configDir}/broken.json`, JSON.stringify({ v: 1, name: '乡镇屏', mode: 'tv', pollSeconds: 1 }));
  await feed.publish([disclosure('x')]);
  await page.goto(`${hub.url}/?config=broken`);
  await expect(page.getByRole('alert')).toContainText('设备配置有误');
  await expect(page.getByText(/mode: mode 应为 kiosk 或 board/)).toBeVisible();
  await expect(page.getByText(/pollSeconds: pollSeconds 不少于 5/)).toBeVisible();
});

test('an attachment is checked, cached, and opens in the app, offline too', async ({ page, context, feed, hub }) => {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: 40, height: 20 });
  png.data.fill(0x9e);
  const file = await feed.addFile(new Uint8Array(PNG.sync.write(png)), 'png');
  await feed.publish([
    disclosure('with-map', { title: '办事大厅窗口分布图', attachments: [{ name: '窗口分布图.png', type: 'image/png', ...file }] }),
  ]);
  await page.goto(`${hub.url}/?config=default`);
  await serviceWorkerActive(page);
  await page.getByRole('button', { name: /办事大厅窗口分布图/ }).click();
  // Downloaded and checked in the background after the sync.
  await expect(page.getByRole('button', { name: /窗口分布图\.png/ })).toBeEnabled();
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: /窗口分布图\.png/ }).click();
  const img = page.getByRole('dialog', { name: '窗口分布图.png' }).getByRole('img');
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(40);
  await page.getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test("the demo county's content, published by the real publisher, shows on the kiosk", async ({ page, feed, hub }) => {
  const { publish } = await import('../hub/publish/index.ts');
  const { ROOT } = await import('./support/hub.ts');
  const r = await publish({ contentDir: `${ROOT}/content`, feedDir: feed.dir, key: feed.key, feedId: 'test-county' });
  expect(r.ok).toBe(true);
  // The demo's notices run in late 2026; view them on a day inside their period.
  await page.clock.setFixedTime(new Date('2026-11-28T10:00:00+08:00'));
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '正在公示的告示' })).toBeVisible();
  await expect(page.getByRole('button', { name: /暴雪/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /机构职能与规章制度\s*\d+ 条/ })).toBeVisible();
  await page.getByRole('button', { name: /机构职能与规章制度/ }).click();
  await page.getByRole('button', { name: /政务公开预审制度/ }).click();
  await expect(page.getByText('未经预审小组审查通过的政务公开内容不得对外公开')).toBeVisible();
  await expect(page.getByText('已预审 · 已签发')).toBeVisible();
  // Internal items of the demo (finance, appointments) stay off this public kiosk.
  await expect(page.getByText(/财务收支/)).toHaveCount(0);
});

test('where the page workers cannot start (their script missing), the kiosk syncs in its own thread', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('fee-a', { title: '不动产登记收费标准' })]);
  let refused = 0;
  await page.route(/\/assets\/page-worker-[\w-]+\.js$/, (route) => {
    refused++;
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${hub.url}/?config=default`);
  // The round whose workers failed stores nothing half-way; the next one checks and stores in the page.
  await page.getByRole('button', { name: '设备信息' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await page.getByRole('button', { name: '首页' }).click();
  await expect(page.getByRole('button', { name: /不动产登记收费标准/ })).toBeVisible();
  expect(refused).toBeGreaterThan(0);
  expect(await deviceState(page)).toEqual({ seq: 1, ids: ['fee-a'] });
});
