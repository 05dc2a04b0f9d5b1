/**
 * Screenshots of the enrollment screen (本设备尚未登记) on a kiosk (1080×1920) and a wall
 * board (1920×1080), into docs/screenshots/device-enrollment*.png. Starts its own hub
 * with auto-approval off, as a production hub; needs `npm run build` first.
 *   node --import tsx scripts/device-screenshots.ts [out-dir]
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';
import { TestFeed } from '../e2e/support/feed.ts';
import { startHub } from '../e2e/support/hub.ts';

const out = process.argv[2] ?? 'docs/screenshots';
await mkdir(out, { recursive: true });
const feed = await TestFeed.create();
const hub = await startHub(
  feed,
  { board: { v: 1, name: '县政务服务中心-公开栏', mode: 'board', channels: ['public'] } },
  { autoApprove: false },
);
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
try {
  for (const [name, config, width, height] of [
    ['device-enrollment', 'office', 1080, 1920],
    ['device-enrollment-board', 'board', 1920, 1080],
  ] as const) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${hub.url}/?config=${config}`);
    await page.getByRole('img', { name: '认领码二维码' }).waitFor();
    await page.screenshot({ path: join(out, `${name}.png`) });
    await context.close();
  }
} finally {
  await browser.close();
  await hub.close();
  await feed.dispose();
}
