/** Script in an item body never runs: the feed is signed, and bodies are sanitized on every device anyway. */

import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { VECTORS } from './support/xss-vectors.ts';

test('none of the known XSS vectors in an item body runs, and the text before them still shows', async ({ page, feed, hub }) => {
  await feed.publish([
    disclosure('xss', { title: '含异常代码的条目', bodyHtml: `<p>办事须知开始</p>${VECTORS.join('\n')}<p>办事须知结束</p>` }),
    disclosure('xss-title', { title: '<img src=x onerror="window.__xss=99">标题' }),
  ]);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${hub.url}/?config=default`);
  await page.getByRole('button', { name: /含异常代码的条目/ }).click();
  await expect(page.getByText('办事须知开始')).toBeVisible();
  // Nothing left that could run: no element that loads or runs anything, no attribute at all.
  const body = page.locator('article .body');
  expect(await body.locator('script, iframe, object, embed, form, input, style, meta, base, svg, img').count()).toBe(0);
  expect(await body.evaluate((el) => [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.name)))).toEqual([]);
  await page.getByText('点此办理').click();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(page.url()).toContain('/k/item/xss');

  await page.goto(`${hub.url}/m/item/xss`);
  await expect(page.getByText('办事须知开始')).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('button', { name: /标题/ }).first()).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  // The vectors above are hostile on purpose: the browser's CSP blocked what DOMPurify's parsing met
  // (each blocked attempt is reported). The end-of-test check is for the app's own pages.
  // The browser sends its reports on its own time: wait for them.
  await expect.poll(() => hub.app.cspReports.count).toBeGreaterThan(0);
  hub.app.cspReports.count = 0;
});
