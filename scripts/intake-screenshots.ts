/**
 * Screenshots of the complaint and inquiry screens at kiosk (1080×1920,
 * 1920×1080) and phone (390×844) sizes, into docs/screenshots/intake-*.png.
 * Starts its own hub and test feed; needs `npm run build` first.
 *   node --import tsx scripts/intake-screenshots.ts [out-dir]
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { TestFeed } from '../e2e/support/feed.ts';
import { confirmAndSend, fillComplaint, intakeFeedItems } from '../e2e/support/forms.ts';
import { startHub } from '../e2e/support/hub.ts';
import { Inbox } from '../hub/office/inbox.ts';

const out = process.argv[2] ?? 'docs/screenshots';
await mkdir(out, { recursive: true });
const feed = await TestFeed.create();
await feed.publish(intakeFeedItems());
const hub = await startHub(feed);
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(out, `intake-${name}.png`), fullPage });

try {
  let lastCode = '';
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
    await page.goto(`${hub.url}/?config=default`);
    await page.getByRole('heading', { name: '公开目录' }).waitFor();
    await page.getByRole('heading', { name: '投诉与咨询' }).scrollIntoViewIfNeeded();
    await shot(page, `kiosk-${size.name}-home`);
    await page.getByRole('button', { name: /我要投诉/ }).click();
    await page.getByRole('heading', { name: '我要投诉' }).waitFor();
    await shot(page, `kiosk-${size.name}-complaint`);
    await page.getByRole('button', { name: '下一步:核对' }).click();
    await page.waitForTimeout(200);
    await page.evaluate(() => scrollTo(0, 0));
    await shot(page, `kiosk-${size.name}-complaint-errors`);
    await fillComplaint(page, {
      what: '11月20日上午我到县政务服务中心二楼医保窗口办理异地就医备案,材料齐全,工作人员却说材料不全让我回去,问哪里不全也不说。',
      department: '县医疗保障局',
      name: '王秀英',
      phone: '138 0013 8000',
    });
    await page.getByLabel('发生时间').fill('11月20日上午');
    await page.getByLabel('发生地点').fill('县政务服务中心二楼医保窗口');
    await page.getByRole('button', { name: '下一步:核对' }).click();
    await page.getByRole('button', { name: '确认提交' }).waitFor();
    await shot(page, `kiosk-${size.name}-confirm`);
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.getByTestId('delivery-state').filter({ hasText: '已送达' }).waitFor();
    lastCode = ((await page.getByTestId('tracking-code').textContent()) ?? '').replace(/-/g, '');
    await shot(page, `kiosk-${size.name}-receipt`);
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: /我要咨询/ }).click();
    await page.getByLabel('咨询的问题').fill('城乡居民医保2027年度个人缴费标准是多少?什么时候开始缴费?');
    await page.getByRole('button', { name: '在手机上继续' }).click();
    await page.getByTestId('handoff-qr').waitFor();
    await page.waitForTimeout(300);
    await shot(page, `kiosk-${size.name}-handoff`);
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByRole('button', { name: '设备信息' }).click();
    await page.getByTestId('diag-outbox').scrollIntoViewIfNeeded();
    await shot(page, `kiosk-${size.name}-diagnostics`);
    await context.close();
  }

  const inbox = new Inbox(join(hub.dataDir, 'hub.sqlite'));
  const row = inbox.find(lastCode)!;
  inbox.store.setStatus(row.id, 'in-progress', '办理中:转县医疗保障局');
  inbox.store.setAnswer(
    row.id,
    '经核实,该窗口工作人员未按申请材料清单一次性告知,已对其批评教育并调离窗口岗位。您的异地就医备案已于12月1日办结。',
    '已书面答复',
  );
  inbox.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const p = await phone.newPage();
  await p.goto(`${hub.url}/m/track/${lastCode}`);
  await p.getByRole('status').waitFor();
  await shot(p, 'phone-track');
  await p.goto(`${hub.url}/m/complaint`);
  await p.getByRole('heading', { name: '我要投诉' }).waitFor();
  await shot(p, 'phone-complaint');
  await fillComplaint(p, { what: '村务公开栏二季度财务收支一直没有公开', department: '不清楚' });
  const code = await confirmAndSend(p);
  void code;
  await shot(p, 'phone-receipt');
  await p.goto(`${hub.url}/m/inquiry`);
  await p.getByRole('heading', { name: '我要咨询' }).waitFor();
  await p.getByRole('button', { name: '下一步:核对' }).click();
  await shot(p, 'phone-inquiry-errors');
  await phone.close();
  console.log(`screenshots in ${out}/intake-*.png`);
} finally {
  await browser.close();
  await hub.close();
  await feed.dispose();
}
