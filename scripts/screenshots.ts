/**
 * Screenshots of every screen at kiosk (1080×1920, 1920×1080) and phone sizes,
 * for docs/ and for looking at what we built. Needs a running hub:
 *   npm start & node --import tsx scripts/screenshots.ts [http://127.0.0.1:8080] [out-dir]
 */
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? 'docs/screenshots';
await mkdir(out, { recursive: true });
const exe = chromiumPath();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });

const sizes = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
];
const shots: [string, string][] = [
  ['home', '/?config=default'],
  ['list', '/k/list/procedures-fees'],
  ['item-notice', '/k/item/{notice}'],
  ['item-hearing', '/k/item/{hearing}'],
  ['archive', '/k/archive'],
  ['diagnostics', '/k/diagnostics'],
];

for (const size of sizes) {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
  const page = await context.newPage();
  await page.goto(`${base}/?config=default`);
  await page.getByRole('heading', { name: '公开目录' }).waitFor();
  const notice = await page.locator('.item-card.emergency').first().count();
  const ids = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zwgk');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const all = await new Promise<{ item: { id: string; kind: string } }[]>((res) => {
      const r = db.transaction('items').objectStore('items').getAll();
      r.onsuccess = () => res(r.result);
    });
    return {
      notice: all.find((x) => x.item.kind === 'notice')?.item.id ?? '',
      hearing: all.find((x) => x.item.kind === 'hearing')?.item.id ?? '',
    };
  });
  void notice;
  for (const [name, path] of shots) {
    await page.goto(base + path.replace('{notice}', ids.notice).replace('{hearing}', ids.hearing));
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}/kiosk-${size.name}-${name}.png` });
  }
  await context.close();
}

const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
const p = await phone.newPage();
await p.goto(`${base}/m/item/reg-preview`);
await p.waitForTimeout(1500);
await p.screenshot({ path: `${out}/phone-item.png`, fullPage: false });
await browser.close();
console.log(`screenshots in ${out}/`);
