/**
 * The on-screen keyboard (issue #6): loaded only when a text field is touched;
 * pinyin with phrase and character candidates from the vocabulary the
 * publisher built out of the feed; Latin letters; a digit pad. The vocabulary
 * is checked against the signed head like everything else, and pinyin-pro
 * never reaches the kiosk bundle.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Envelope, Head } from '../src/contract/feed.ts';
import { disclosure } from './support/feed.ts';
import { expect, test } from './support/fixtures.ts';
import { ROOT } from './support/hub.ts';
import { openDemo, publishDemo } from './support/kiosk.ts';

const keyboard = (page: Page) => page.getByRole('region', { name: '屏幕键盘' });

async function press(page: Page, keys: string): Promise<void> {
  for (const k of keys) await keyboard(page).getByRole('button', { name: k, exact: true }).click();
}

test('the keyboard loads only when a text field is touched, and typing a phrase by pinyin fills the field', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await openDemo(page, hub.url);
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('searchbox')).toBeVisible();
  const before = scripts.length;
  await expect(keyboard(page)).toHaveCount(0);

  await page.getByRole('searchbox').click();
  await expect(keyboard(page)).toBeVisible();
  // Its code came with the touch, not before.
  expect(scripts.slice(before).some((s) => /\/assets\/mount-.*\.js$/.test(s))).toBe(true);
  expect(scripts.slice(0, before).some((s) => /\/assets\/mount-.*\.js$/.test(s))).toBe(false);

  // A whole phrase in full pinyin: the phrase is the first candidate; picking it types it.
  await press(page, 'zhengwugongkai');
  await expect(page.getByTestId('composition')).toHaveText("zheng'wu'gong'kai");
  const candidates = keyboard(page).getByRole('group', { name: '候选字词' });
  await expect(candidates.getByRole('button').first()).toHaveText('政务公开');
  await candidates.getByRole('button', { name: '政务公开', exact: true }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('政务公开');
  await expect(page.getByTestId('composition')).toHaveText('');

  // Initials, then a character at a time: the rest of the letters stay to be typed on.
  await press(page, 'sfbz');
  await candidates.getByRole('button', { name: '收费标准', exact: true }).click();
  await press(page, 'xian');
  await expect(candidates.getByRole('button').first()).toHaveText('县');
  await candidates.getByRole('button', { name: '县', exact: true }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('政务公开收费标准县');
  // Space takes the first candidate; 删除 takes letters back, then characters.
  await press(page, 'qingyuan');
  await keyboard(page).getByRole('button', { name: '空格' }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('政务公开收费标准县清原');
  await keyboard(page).getByRole('button', { name: '删除' }).click();
  await expect(page.getByRole('searchbox')).toHaveValue('政务公开收费标准县清');
  // The search follows what is typed.
  await expect(page.getByTestId('search-count')).toBeVisible();
});

test('Latin letters and a digit pad; the field keeps its focus; 收起键盘 puts it away', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('searchbox').click();
  await keyboard(page).getByRole('button', { name: '英文' }).click();
  await press(page, 'pdf');
  await keyboard(page).getByRole('button', { name: '大写' }).click();
  await press(page, 'A');
  await keyboard(page).getByRole('button', { name: '数字' }).click();
  await press(page, '53034645');
  await expect(page.getByRole('searchbox')).toHaveValue('pdfA53034645');
  await expect(page.getByRole('searchbox')).toBeFocused();
  await keyboard(page).getByRole('button', { name: '收起键盘' }).click();
  await expect(keyboard(page)).toHaveCount(0);
  // A touch on the field brings it back.
  await page.getByRole('searchbox').click();
  await expect(keyboard(page)).toBeVisible();
});

test('a phone or code field opens on the digit pad', async ({ page, feed, hub }) => {
  await publishDemo(feed);
  await openDemo(page, hub.url);
  // A field as the complaint forms will have it (issue: forms), added to the page for this test.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'tel';
    input.setAttribute('aria-label', '联系电话');
    document.querySelector('main')!.prepend(input);
  });
  await page.getByRole('textbox', { name: '联系电话' }).click();
  await expect(keyboard(page).getByRole('button', { name: '数字' })).toHaveAttribute('aria-pressed', 'true');
  await press(page, '13904130000');
  await expect(page.getByRole('textbox', { name: '联系电话' })).toHaveValue('13904130000');
});

test('the vocabulary is named by hash in the signed head; a tampered one is refused and logged', async ({ page, feed, hub }) => {
  await feed.publish([disclosure('fee-a', { title: '不动产登记收费标准', bodyHtml: '<p>不动产登记收费标准按省里规定执行。</p>' })]);
  const head = JSON.parse((JSON.parse(await feed.readHead()) as Envelope).payload) as Head;
  expect(head.vocab?.href).toMatch(/^vocab\/[0-9a-f]{16}\.json$/);
  // The file is changed after signing: same name, same size, other words.
  const original = await readFile(join(feed.dir, head.vocab!.href), 'utf8');
  await feed.overwrite(head.vocab!.href, original.replace('不动产', '不动户'));

  await page.goto(`${hub.url}/?config=default`);
  await expect(page.getByRole('button', { name: /不动产登记收费标准/ })).toBeVisible();
  await page.getByRole('button', { name: '设备信息' }).click();
  await expect(page.getByTestId('diag-log')).toContainText('输入词库');
  await expect(page.getByTestId('diag-log')).toContainText('sha256');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('searchbox').click();
  await expect(keyboard(page)).toContainText('拼音词库尚未下载');
});

test('pinyin-pro stays on the hub: no kiosk script carries a pinyin dictionary', async () => {
  const assets = join(ROOT, 'dist/assets');
  for (const file of (await readdir(assets)).filter((f) => f.endsWith('.js'))) {
    const text = await readFile(join(assets, file), 'utf8');
    // pinyin-pro's dictionary is tone-marked pinyin by the thousand.
    expect(text.match(/[āáǎàēéěèīíǐìōóǒòūúǔù]/g)?.length ?? 0, file).toBeLessThan(20);
    expect(text, file).not.toContain('pinyin-pro');
  }
});
