/** Script in an item body never runs: the feed is signed, and bodies are sanitized on every device anyway. */

import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';

// A set of well-known vectors (OWASP XSS filter evasion cheat sheet, html5sec.org).
const VECTORS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '<svg><script>window.__xss=4</script></svg>',
  '<iframe src="javascript:window.top.__xss=5"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '<a href="javascript:window.__xss=7">点此办理</a>',
  '<body onload="window.__xss=8">',
  '<details open ontoggle="window.__xss=9">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=10">',
  '<form><button formaction="javascript:window.__xss=11">提交</button></form>',
  '<object data="javascript:window.__xss=12"></object>',
  '<embed src="javascript:window.__xss=13">',
  '<input autofocus onfocus="window.__xss=14">',
  '<video><source onerror="window.__xss=15"></video>',
  '<style>@import "javascript:window.__xss=16";</style>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=17">',
  '<div style="background:url(javascript:window.__xss=18)">背景</div>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=19>">',
  '<a href="data:text/html,<script>parent.__xss=20</script>">数据链接</a>',
  '<p>正文</p><!--<img src=x onerror=window.__xss=21>-->',
  '<base href="javascript:window.__xss=22//">',
];

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
  await page.getByText('点此办理').click();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const body = page.locator('article .body');
  expect(await body.locator('script, iframe, object, embed, form, input, style, meta, base, svg, img').count()).toBe(0);
  expect(await body.evaluate((el) => [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.name)))).toEqual([]);
  expect(page.url()).toContain('/k/item/xss');

  await page.goto(`${hub.url}/m/item/xss`);
  await expect(page.getByText('办事须知开始')).toBeVisible();
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  await page.goto(`${hub.url}/`);
  await expect(page.getByRole('button', { name: /标题/ }).first()).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});
