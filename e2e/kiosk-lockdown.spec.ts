/**
 * Lockdown (issue #6): no screen offers a way out of the app — no live link,
 * no new window, no download, no context menu, no text selection on controls,
 * no page zoom — and a web address in an item becomes a QR code.
 */
import type { Page } from '@playwright/test';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { DEMO_NOW, publishDemo } from './support/kiosk.ts';
import { decodeQrFromPng } from './support/qr.ts';

const SCREENS = [
  '/',
  '/k/list/org-duties',
  '/k/item/notice-snowstorm-emergency',
  '/k/item/hearing-bus-route-adjustment',
  '/k/item/fee-property-registration',
  '/k/item/with-links',
  '/k/archive',
  '/k/search',
  '/k/diagnostics',
];

/** Everything on the page that could take a person elsewhere or save a file. */
async function exits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const a of document.querySelectorAll('a[href], area[href]')) out.push(`link ${a.getAttribute('href')}`);
    for (const el of document.querySelectorAll('[target], [download], form[action], [formaction]'))
      out.push(`${el.tagName} ${el.outerHTML.slice(0, 60)}`);
    for (const f of document.querySelectorAll('iframe, embed, object')) out.push(`frame ${f.outerHTML.slice(0, 60)}`);
    return out;
  });
}

test('no kiosk screen offers a way out of the app', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await feed.publish([
    disclosure('with-links', {
      title: '网上办事指南',
      bodyHtml:
        '<p>也可在<a href="https://zwfw.example.gov.cn/qingyuan">辽宁政务服务网</a>上办理，' +
        '或下载<a href="https://example.gov.cn/form.pdf" download target="_blank">申请表</a>。</p>',
    }),
  ]);
  await page.clock.setFixedTime(DEMO_NOW);
  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('heading', { name: '公开目录' })).toBeVisible();
  const popups: string[] = [];
  page.context().on('page', (p) => popups.push(p.url()));

  for (const path of SCREENS) {
    await page.goto(`${hub.url}${path}`);
    await expect(page.locator('main h2').first()).toBeVisible();
    expect(await exits(page), path).toEqual([]);
    // A long press (right click) opens no menu.
    const prevented = await page.evaluate(() => {
      const target = document.querySelector('main h2')!;
      const e = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      return !target.dispatchEvent(e);
    });
    expect(prevented, `${path}: context menu`).toBe(true);
    // Controls cannot be selected as text.
    expect(
      await page
        .locator('nav button')
        .first()
        .evaluate((el) => getComputedStyle(el).userSelect),
    ).toBe('none');
    // Ctrl + wheel and pinch do not zoom the page.
    const zoom = await page.evaluate(() => {
      const e = new WheelEvent('wheel', { ctrlKey: true, deltaY: -100, bubbles: true, cancelable: true });
      return { wheel: !document.body.dispatchEvent(e), touchAction: getComputedStyle(document.documentElement).touchAction };
    });
    expect(zoom, path).toEqual({ wheel: true, touchAction: 'pan-x pan-y' });
  }
  expect(await page.evaluate(() => window.open('https://example.com/'))).toBeNull();
  expect(popups).toEqual([]);
});

test('a web address in an item is shown as a QR code to scan, never as a link', async ({ page, feed, hub }) => {
  await feed.publish([
    disclosure('with-links', {
      title: '网上办事指南',
      bodyHtml: '<p>也可在<a href="https://zwfw.example.gov.cn/qingyuan">辽宁政务服务网</a>上办理。</p>',
    }),
  ]);
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /网上办事指南/ }).click();
  await expect(page.locator('article .body')).toContainText('辽宁政务服务网[1]上办理');
  const qr = page.getByRole('img', { name: '[1] https://zwfw.example.gov.cn/qingyuan' });
  await expect(qr).toBeVisible();
  expect(decodeQrFromPng(await qr.screenshot())).toBe('https://zwfw.example.gov.cn/qingyuan');
  await page.getByText('辽宁政务服务网').click();
  expect(page.url()).toContain('/k/item/with-links');
  // On a phone the address is written out instead.
  await page.goto(`${hub.url}/m/item/with-links`);
  await expect(page.getByText('https://zwfw.example.gov.cn/qingyuan')).toBeVisible();
  expect(await exits(page)).toEqual([]);
});
