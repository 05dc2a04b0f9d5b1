/**
 * Principle 2: only approved content is ever shown. Each broken or hostile
 * feed is refused with its reason on the diagnostics screen, and the last good
 * content stays on screen.
 */
import type { Page } from '@playwright/test';
import { approval, disclosure, type TestFeed } from './support/feed.ts';
import { deviceState, expect, syncFromDiagnostics, test } from './support/fixtures.ts';

async function showingGoodContent(page: Page, url: string, feed: TestFeed) {
  await feed.publish([disclosure('good', { title: '已公开的收费标准' })]);
  await page.goto(`${url}/?config=default`);
  await expect(page.getByRole('button', { name: /已公开的收费标准/ })).toBeVisible();
}

async function expectRejected(page: Page, code: string, reason: RegExp) {
  await syncFromDiagnostics(page);
  const log = page.getByTestId('diag-log');
  await expect(log.locator('li.log-reject').first()).toContainText(code);
  await expect(log.locator('li.log-reject').first()).toContainText(reason);
  await expect(page.getByTestId('diag-seq')).toHaveText('已同步到第 1 号变更');
  await page.getByRole('button', { name: '首页' }).click();
  await expect(page.getByRole('button', { name: /已公开的收费标准/ })).toBeVisible();
  expect(await deviceState(page)).toEqual({ seq: 1, ids: ['good'] });
}

const intruder = (id = 'intruder') => disclosure(id, { title: '未经批准的内容' });

test('a change whose body was altered after signing is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  const env = await feed.signChange({ op: 'upsert', item: disclosure('edited', { title: '原标题' }), approval: approval() });
  await feed.appendRaw({ ...env, payload: env.payload.replace('原标题', '篡改后的标题') });
  await expectRejected(page, 'bad-signature', /签名不符/);
  await expect(page.getByText('篡改后的标题')).toHaveCount(0);
});

test('an unsigned change is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  const env = await feed.signChange({ op: 'upsert', item: intruder(), approval: approval() });
  await feed.appendRaw({ payload: env.payload } as typeof env);
  await expectRejected(page, 'unsigned', /未签名/);
});

test('a change signed by an untrusted key is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.appendRaw(await feed.signChange({ op: 'upsert', item: intruder(), approval: approval() }, 1, await feed.otherKey()));
  await expectRejected(page, 'untrusted-key', /不在信任列表中/);
});

test('a change without its approval record is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.appendRaw(await feed.signChange({ op: 'upsert', item: intruder() }));
  await expectRejected(page, 'no-approval', /没有预审和签发记录/);
});

test('a replayed older head is refused (rollback)', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  const oldHead = await feed.readHead();
  await feed.publish([disclosure('second', { title: '第二条' })]);
  await expect(page.getByRole('button', { name: /第二条/ })).toBeVisible({ timeout: 7_000 });
  await feed.writeHead(oldHead);
  await syncFromDiagnostics(page);
  await expect(page.getByTestId('diag-log').locator('li.log-reject').first()).toContainText('rollback');
  await expect(page.getByTestId('diag-seq')).toHaveText('已同步到第 2 号变更');
  await page.getByRole('button', { name: '首页' }).click();
  await expect(page.getByRole('button', { name: /第二条/ })).toBeVisible();
  expect((await deviceState(page)).ids).toEqual(['good', 'second']);
});

test('a gap in the sequence is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.appendRaw(await feed.signChange({ op: 'upsert', item: intruder(), approval: approval() }, 2));
  await expectRejected(page, 'gap', /序号不连续/);
});

test('a page of malformed JSON is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.appendRawPage('{"v":1,"first":2,"last":2,"changes":[{"payload":');
  await expectRejected(page, 'malformed', /不是合法 JSON/);
});

test('a malformed head is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.writeHead('<html>502 Bad Gateway</html>');
  await expectRejected(page, 'malformed', /头文件不是合法 JSON/);
});

test('a page changed in transit (hash mismatch) is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  await feed.publish([disclosure('second', { title: '第二条' })]);
  const href = await feed.lastPageHref();
  const { readFile } = await import('node:fs/promises');
  const original = await readFile(`${feed.dir}/${href}`, 'utf8');
  await feed.overwrite(href, original.replace('第二条', '第三条'));
  await expectRejected(page, 'hash-mismatch', /sha256 与头文件不符/);
});

test('an oversized item is refused', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  const big = disclosure('huge', { bodyHtml: `<p>${'政务公开'.repeat(80_000)}</p>` });
  await feed.appendRaw(await feed.signChange({ op: 'upsert', item: big, approval: approval() }));
  await expectRejected(page, 'oversized', /变更过大/);
});

test('an attachment whose hash does not match is not shown, and the reason is logged', async ({ page, feed, hub }) => {
  await showingGoodContent(page, hub.url, feed);
  const real = new TextEncoder().encode('%PDF-1.4 收费标准附件');
  const file = await feed.addFile(real, 'pdf');
  await feed.overwrite(file.href, new TextEncoder().encode('%PDF-1.4 被替换的附件!!'));
  await feed.publish([
    disclosure('with-file', { title: '附有收费明细的公告', attachments: [{ name: '收费明细.pdf', type: 'application/pdf', ...file }] }),
  ]);
  await expect(page.getByRole('button', { name: /附有收费明细的公告/ })).toBeVisible({ timeout: 7_000 });
  await page.getByRole('button', { name: /附有收费明细的公告/ }).click();
  await expect(page.getByRole('button', { name: /收费明细\.pdf/ })).toBeDisabled();
  await expect(page.getByRole('button', { name: /收费明细\.pdf/ })).toContainText('附件尚未下载到本机');
  await page.getByRole('button', { name: '设备信息' }).click();
  await expect(page.getByTestId('diag-log')).toContainText('hash-mismatch');
  await expect(page.getByTestId('diag-log')).toContainText('收费明细.pdf');
  const direct = await page.evaluate(async (href) => (await fetch(`/feed/${href}`)).status, file.href);
  expect(direct).toBe(503);
});

test('a head past its expiry (freeze) is shown as possibly out of date, and the content stays', async ({ page, feed, hub }) => {
  const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
  await feed.publish([disclosure('old-news', { title: '十天前发布的事项', publishedAt: '2020-01-01' })], approval(12), tenDaysAgo);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /十天前发布的事项/ })).toBeVisible();
  await expect(page.getByTestId('stale')).toContainText('内容可能不是最新');

  // A fresh head from the office clears the warning at the next poll.
  await feed.publish([disclosure('fresh', { title: '今天发布的事项' })]);
  await expect(page.getByRole('button', { name: /今天发布的事项/ })).toBeVisible({ timeout: 7_000 });
  await expect(page.getByTestId('stale')).toHaveCount(0);
});

test('a forged change on a later page of a big first sync: the whole pages before it are kept, that page is refused', async ({
  page,
  feed,
  hub,
}) => {
  const good = Array.from({ length: 1200 }, (_, i) => disclosure(`good-${String(i).padStart(4, '0')}`, { title: `已批准事项 ${i}` }));
  for (let i = 0; i < good.length; i += 600) await feed.publish(good.slice(i, i + 600));
  await feed.appendRaw(await feed.signChange({ op: 'upsert', item: intruder(), approval: approval() }, 1, await feed.otherKey()));

  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: '设备信息' }).click();
  // Pages 1–500 and 501–1000 passed every check and are stored; page 1001–1201 holds the forged change.
  await expect(page.getByTestId('diag-seq')).toHaveText('已同步到第 1000 号变更');
  await expect(page.getByTestId('diag-log').locator('li.log-reject').first()).toContainText('untrusted-key');
  const state = await deviceState(page);
  expect(state.ids).toEqual(good.slice(0, 1000).map((i) => i.id));
  expect(state.ids).not.toContain('intruder');
});
