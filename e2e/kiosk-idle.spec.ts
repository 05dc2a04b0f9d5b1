/**
 * A public screen forgets its last user (issue #6, DESIGN principle 3): after
 * the idle time a visible 10-second "还在使用吗?" countdown, then everything
 * is reset — typed text, search, screen, scroll, language, text size,
 * history — and an attract screen invites the next person. Time is run
 * forward with Playwright's clock; the app's own timers do the rest.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { DEMO_NOW, publishDemo } from './support/kiosk.ts';
import { storedText } from './support/storage.ts';

const TYPED = 'qzxjv';

async function typeOnScreen(page: Page, keys: string): Promise<void> {
  const keyboard = page.locator('.keyboard');
  for (const k of keys) await keyboard.getByRole('button', { name: k, exact: true }).click();
}

test.beforeEach(async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await page.clock.install({ time: DEMO_NOW });
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
});

test('after 90 s idle a 10-second countdown, then nothing of the last user is left anywhere', async ({ page }) => {
  // A person searches by pinyin, types something of their own, opens a result, changes the display.
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('searchbox').click();
  await typeOnScreen(page, 'zwgk');
  await page.locator('.keyboard').getByRole('button', { name: '政务公开', exact: true }).click();
  await page.locator('.keyboard').getByRole('button', { name: '英文' }).click();
  await typeOnScreen(page, TYPED);
  await expect(page.getByRole('searchbox')).toHaveValue(`政务公开${TYPED}`);
  await page.getByRole('searchbox').fill('政务公开');
  await page.getByRole('button', { name: '收起键盘' }).click();
  await page.locator('.search-hit').first().click();
  const opened = (await page.locator('.item-heading').textContent())!;
  await page.getByRole('button', { name: '适老模式' }).click();
  await page.getByRole('group', { name: '字号' }).getByRole('button', { name: '特大' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.mouse.wheel(0, 800);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: /Back/ })).toBeVisible();

  // 89 s without a touch: nothing yet.
  await page.clock.runFor(89_000);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  // At 90 s the countdown shows, and counts.
  await page.clock.runFor(1_500);
  const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
  await expect(warning).toBeVisible();
  await expect(page.getByTestId('idle-count')).toHaveText('10');
  await page.clock.runFor(4_000);
  await expect(page.getByTestId('idle-count')).toHaveText('6');
  await page.clock.runFor(6_500);

  // Reset: the attract screen, in the device's own language and size.
  const attract = page.getByRole('button', { name: /请轻触屏幕开始/ });
  await expect(attract).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).not.toHaveClass(/elder/);
  await expect(page.locator('html')).toHaveAttribute('data-size', '0');
  expect(page.url()).toMatch(/\/\?config=default$/);
  expect(await page.evaluate(() => scrollY)).toBe(0);
  const html = await page.content();
  expect(html).not.toContain(TYPED);
  expect(html).not.toContain(opened);
  expect(await storedText(page)).not.toContain(TYPED);

  // The next person starts fresh: home, no way back into the last session, an empty search.
  await attract.click();
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  await expect(page.getByRole('button', { name: /返回/ })).toHaveCount(0);
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('');
  await expect(page.getByTestId('search-results')).toHaveCount(0);
  expect(await page.evaluate(() => (history.state as { depth: number }).depth)).toBe(1);
});

test('a touch during the countdown keeps everything as it was', async ({ page }) => {
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('searchbox').fill('收费');
  await expect(page.getByTestId('search-results')).toBeVisible();
  await page.clock.runFor(93_000);
  await expect(page.getByRole('alertdialog', { name: '还在使用吗?' })).toBeVisible();
  await page.getByRole('button', { name: '继续使用' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByRole('searchbox')).toHaveValue('收费');
  // The idle time starts again from the touch.
  await page.clock.runFor(60_000);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByRole('searchbox')).toHaveValue('收费');
});

test('the idle time comes from the device config', async ({ page, hub }) => {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    `${hub.configDir}/short.json`,
    JSON.stringify({ v: 1, name: '短超时触摸屏', mode: 'kiosk', channels: ['public'], pollSeconds: 60, idleSeconds: 30 }),
  );
  await page.goto(`${hub.url}/?config=short`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  await page.clock.runFor(31_000);
  await expect(page.getByRole('alertdialog', { name: '还在使用吗?' })).toBeVisible();
});
