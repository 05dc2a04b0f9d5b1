/**
 * Screenshots of a questionnaire page and of a result chart at kiosk
 * (1080×1920, 1920×1080) and phone (390×844) sizes, for docs/questionnaire.md.
 * Needs a running hub with the demo content:
 *   npm start & node --import tsx scripts/questionnaire-screenshots.ts [http://127.0.0.1:8080] [out-dir]
 */
import { mkdir } from 'node:fs/promises';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? 'docs/screenshots';
await mkdir(out, { recursive: true });
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });

/** Page 2 of the demo questionnaire, with "其他渠道" ticked (its follow-up shown) and a message where an answer is missing. */
async function questionPage(page: Page, path: string) {
  await page.goto(`${base}${path}`);
  await page.getByRole('button', { name: '开始填写' }).click();
  await page.getByRole('radio', { name: '农村居民' }).check();
  await page.getByRole('button', { name: /下一页/ }).click();
  await page.getByRole('checkbox', { name: '村（社区）务公开栏' }).check();
  await page.getByRole('checkbox', { name: '其他渠道' }).check();
  await page.getByRole('radio', { name: '4 分' }).check();
  await page.getByRole('button', { name: /下一页/ }).click();
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForTimeout(400);
}

async function resultPage(page: Page, path: string) {
  await page.goto(`${base}${path}`);
  await page.getByTestId('result-n').waitFor();
  await page.locator('.result-head').evaluate((e) => e.scrollIntoView());
  await page.waitForTimeout(600);
}

for (const size of [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
]) {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto(`${base}/?config=default`);
  await page.getByRole('heading', { name: '群众评议' }).waitFor();
  await questionPage(page, '/k/survey/zwgk-evaluation-2026');
  await page.screenshot({ path: `${out}/kiosk-${size.name}-questionnaire.png` });
  await resultPage(page, '/k/item/zwgk-evaluation-2025-result');
  await page.screenshot({ path: `${out}/kiosk-${size.name}-result.png` });
  await context.close();
}

const phone = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
});
const p = await phone.newPage();
await questionPage(p, '/m/survey/zwgk-evaluation-2026');
await p.screenshot({ path: `${out}/phone-questionnaire.png` });
await resultPage(p, '/m/item/zwgk-evaluation-2025-result');
await p.locator('figure[data-question="overall"]').evaluate((e) => e.scrollIntoView());
await p.waitForTimeout(300);
await p.screenshot({ path: `${out}/phone-result.png` });
await browser.close();
console.log(`screenshots in ${out}/`);
