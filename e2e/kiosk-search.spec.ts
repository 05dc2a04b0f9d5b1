/**
 * Search (issue #6) over the demo county's content, published by the real
 * publisher: pinyin initials and full pinyin, Chinese words, titles and
 * bodies, highlighted and ranked, the archive included.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { openDemo, publishDemo } from './support/kiosk.ts';

async function search(page: Page, q: string): Promise<string[]> {
  await page.getByRole('searchbox').fill(q);
  // The results follow the typed text a frame later: wait for these.
  await expect(page.locator('.search-summary')).toHaveAttribute('data-query', q);
  return page.locator('.search-hit .item-title').allTextContents();
}

test.beforeEach(async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('heading', { name: '搜索' })).toBeVisible();
});

test('zwgk finds the items about 政务公开, with the words highlighted in their titles', async ({ page }) => {
  const titles = await search(page, 'zwgk');
  for (const expected of ['政务公开投诉制度', '政务公开预审制度', '县政务公开办主要职责和内设机构', '县政务公开办负责人和岗位人员'])
    expect(titles).toContain(expected);
  // Title matches first.
  expect(titles.slice(0, 12).every((title) => title.includes('政务公开'))).toBe(true);
  await expect(page.locator('.search-hit').first().locator('.item-title mark').first()).toHaveText('政务公开');
  await expect(page.getByText('拼音按"政务公开"查找')).toBeVisible();
  // Full pinyin, and full and initials mixed, find the same.
  expect(await search(page, 'zhengwugongkai')).toEqual(titles);
  expect(await search(page, 'zhengwgk')).toEqual(titles);
});

test('a Chinese word finds the items that have it, in the title or only in the body', async ({ page }) => {
  const fees = await search(page, '缴费');
  expect(fees[0]).toBe('2027年度城乡居民基本医疗保险参保缴费指南');
  await expect(page.locator('.search-hit').first().locator('.item-title mark')).toHaveText('缴费');

  // 一卡通 is in no title: found in the bodies, with the match shown in a highlighted snippet.
  const card = await search(page, '一卡通');
  expect(card).toEqual(expect.arrayContaining(['最低生活保障申请办事指南', '南口前镇便民服务中心办理事项清单']));
  for (const hit of await page.locator('.search-hit').all()) await expect(hit.locator('.snippet mark').first()).toHaveText('一卡通');

  // Several words: every one must match, in any order.
  const both = await search(page, '不动产 收费');
  expect(both[0]).toBe('不动产登记办事指南及收费标准');
  const none = await search(page, '潜水艇');
  expect(none).toEqual([]);
  await expect(page.getByText('没有找到相关内容,请换个词再试。')).toBeVisible();
});

test('the archive is searchable: a withdrawn item is found there, marked, and not among current items', async ({ page, feed }) => {
  await feed.withdraw('guide-forest-harvest', '政策调整,予以撤回');
  // The public feed this kiosk syncs (the whole feed with internal items lives apart, in internal/).
  const { readFeedAt } = await import('../hub/publish/feed-writer.ts');
  const seq = (await readFeedAt(feed.dir)).head!.seq;
  await page.getByRole('button', { name: '设备信息' }).click();
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByTestId('diag-seq')).toHaveText(`已同步到第 ${seq} 号变更`);
  await page.getByRole('button', { name: '搜索' }).click();

  const all = await search(page, 'lmcf');
  const hit = page.locator('.search-hit', { hasText: '林木采伐' });
  expect(all.some((t) => t.includes('林木采伐'))).toBe(true);
  await expect(hit.locator('.tag')).toHaveText('已撤回');

  await page.getByRole('group', { name: '搜索范围' }).getByRole('button', { name: '现行公开' }).click();
  await expect(page.locator('.search-hit', { hasText: '林木采伐' })).toHaveCount(0);
  await page.getByRole('group', { name: '搜索范围' }).getByRole('button', { name: '公开档案' }).click();
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page.getByText('政策调整,予以撤回')).toBeVisible();
  // Back from the item finds the same search.
  await page.getByRole('button', { name: /返回/ }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('lmcf');
  await expect(page.locator('.search-hit', { hasText: '林木采伐' })).toBeVisible();
});

test('search answers in English too, and the archive screen leads to it', async ({ page }) => {
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('searchbox').fill('bdcdj');
  await expect(page.getByTestId('search-count')).toHaveText(/\d+ found/);
  await expect(page.locator('.search-hit').first()).toContainText('不动产登记');
  await page.getByRole('button', { name: '中文' }).click();
  // The on-screen keyboard covers the navigation while it is open: put it away first, as a visitor would.
  const nav = page.getByRole('navigation').getByRole('button', { name: '公开档案' });
  const hide = page.getByRole('button', { name: '收起键盘' });
  // The keyboard may close by itself meanwhile (the language switch): try again until the archive opens.
  await expect(async () => {
    if (await hide.isVisible()) await hide.click({ timeout: 1_000 });
    await nav.click({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole('button', { name: '搜索档案' }).click();
  await expect(page.getByRole('group', { name: '搜索范围' }).getByRole('button', { name: '公开档案' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});
