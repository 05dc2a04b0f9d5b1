/**
 * The screenshots issue #6 asks for, in docs/screenshots/: home, list, item,
 * the complaint form (with the problems a first try shows) and the search
 * form with the on-screen keyboard open, in normal and
 * age-friendly (适老模式) mode, at 1080×1920; and English at the largest text,
 * to show the layout holds longer strings. Starts its own hub on the demo
 * content (the production build must exist: npm run build).
 *   node --import tsx scripts/kiosk-screenshots.ts [out-dir]
 */
import { mkdir } from 'node:fs/promises';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { TestFeed } from '../e2e/support/feed.ts';
import { startHub } from '../e2e/support/hub.ts';
import { DEMO_NOW, publishDemo } from '../e2e/support/kiosk.ts';

const out = process.argv[2] ?? 'docs/screenshots';
await mkdir(out, { recursive: true });
const feed = await TestFeed.create();
await publishDemo(feed);
const hub = await startHub(feed);
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
}

type Mode = { name: string; elder: boolean; en: boolean; size?: string };
const modes: Mode[] = [
  { name: 'normal', elder: false, en: false },
  { name: 'elder', elder: true, en: false },
  { name: 'english-largest', elder: false, en: true, size: 'Largest' },
];

try {
  for (const mode of modes) {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.clock.setFixedTime(DEMO_NOW);
    await page.goto(`${hub.url}/?config=default`);
    await page.getByRole('heading', { name: '公开目录' }).waitFor();
    if (mode.en) await page.getByRole('button', { name: 'English' }).click();
    if (mode.elder) await page.getByRole('button', { name: '适老模式' }).click();
    if (mode.size) await page.getByRole('button', { name: mode.size }).click();
    await shoot(page, `kiosk-${mode.name}-home`);
    await page.getByRole('button', { name: mode.en ? /Procedures, results and fees/ : /办事指南与收费标准/ }).click();
    await shoot(page, `kiosk-${mode.name}-list`);
    await page.getByRole('button', { name: /不动产登记办事指南及收费标准/ }).click();
    await page.locator('.item-aside [role="img"]').waitFor();
    await shoot(page, `kiosk-${mode.name}-item`);
    await page.getByRole('button', { name: mode.en ? 'Search' : '搜索' }).click();
    await page.getByRole('searchbox').click();
    for (const k of 'sfbz') await page.locator('.keyboard').getByRole('button', { name: k, exact: true }).click();
    await page.locator('.keyboard .candidate').first().click();
    for (const k of 'bdc') await page.locator('.keyboard').getByRole('button', { name: k, exact: true }).click();
    await shoot(page, `kiosk-${mode.name}-search-keyboard`);
    // A form: the complaint, after a first "下一步" with a choice made and the rest still to fix.
    await page.getByRole('button', { name: mode.en ? 'Hide keyboard' : '收起键盘' }).click();
    await page.getByRole('button', { name: mode.en ? 'Home' : '首页' }).click();
    await page.getByRole('button', { name: mode.en ? /Make a complaint/ : /我要投诉/ }).click();
    await page.getByRole('button', { name: mode.en ? /Next/ : '下一步:核对' }).click();
    await page.getByRole('radio').nth(1).check();
    await page.evaluate(() => scrollTo(0, 0));
    await shoot(page, `kiosk-${mode.name}-form`);
    await context.close();
  }
} finally {
  await browser.close();
  await hub.close();
  await feed.dispose();
}
